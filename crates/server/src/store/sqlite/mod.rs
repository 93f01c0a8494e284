//! The embedded backend: one SQLite file in WAL mode.
//!
//! Layout, chosen by measurement (see `docs/ARCHITECTURE.md`): reads run on the calling runtime
//! thread over a small set of read connections (WAL readers never wait for the writer); every
//! write goes through the one writer connection on the blocking pool, so SQLite's single writer
//! is never contended and never answers `SQLITE_BUSY`.

use super::sql::{Conn, Dialect, ReadConn, ReadFuture, Row, Value};
use super::Backend;
use anyhow::{anyhow, bail, Context, Result};
use async_trait::async_trait;
use futures_util::FutureExt;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{params_from_iter, Connection, OpenFlags, TransactionBehavior};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_download_coupons.sql"),
];

pub struct SqliteBackend {
    writer: Arc<Mutex<Connection>>,
    /// Empty for an in-memory database, whose only connection is the writer.
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
}

fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic while holding a connection leaves no half-done transaction (rusqlite rolls back on
    // drop), so the connection is still good.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
        tx.execute_batch(sql)
            .with_context(|| format!("migration {}", i + 1))?;
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
    }
    Ok(())
}

impl SqliteBackend {
    pub fn open_file(path: &Path) -> Result<Self> {
        let mut writer =
            Connection::open(path).with_context(|| format!("opening {}", path.display()))?;
        writer.pragma_update(None, "journal_mode", "WAL")?;
        writer.pragma_update(None, "synchronous", "NORMAL")?;
        configure(&writer)?;
        migrate(&mut writer)?;
        let n = std::thread::available_parallelism().map_or(2, |n| n.get()) * 2;
        let readers = (0..n)
            .map(|_| {
                let c = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                configure(&c)?;
                Ok(Mutex::new(c))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SqliteBackend {
            writer: Arc::new(Mutex::new(writer)),
            readers,
            next_reader: AtomicUsize::new(0),
        })
    }

    pub fn open_memory() -> Result<Self> {
        let mut writer = Connection::open_in_memory()?;
        configure(&writer)?;
        migrate(&mut writer)?;
        Ok(SqliteBackend {
            writer: Arc::new(Mutex::new(writer)),
            readers: Vec::new(),
            next_reader: AtomicUsize::new(0),
        })
    }
}

#[async_trait]
impl Backend for SqliteBackend {
    /// On this thread, on the first free read connection: a point read takes microseconds, less
    /// than a hop to the blocking pool.
    async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: for<'c> Fn(&'c mut dyn ReadConn) -> ReadFuture<'c, T> + Send + Sync + 'static,
    {
        if self.readers.is_empty() {
            return in_read_transaction(&mut lock(&self.writer), f);
        }
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed);
        let n = self.readers.len();
        for i in 0..n {
            if let Ok(mut c) = self.readers[(start + i) % n].try_lock() {
                return in_read_transaction(&mut c, f);
            }
        }
        in_read_transaction(&mut lock(&self.readers[start % n]), f)
    }

    async fn write<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Conn) -> Result<T> + Send + 'static,
    {
        let writer = Arc::clone(&self.writer);
        tokio::task::spawn_blocking(move || {
            let mut conn = lock(&writer);
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = f(&mut SqliteConn(&tx))?;
            tx.commit()?;
            Ok(value)
        })
        .await
        .map_err(|e| anyhow!("store write task failed: {e}"))?
    }
}

/// Runs a read's statements in one transaction: one snapshot for all of them (a page and its
/// total agree), and one WAL read lock instead of one per statement, whose `fcntl` calls were
/// the largest cost of a two-statement read (perf, I9). SQLite answers at once, so the read's
/// future completes on its first poll, here, while this thread holds the connection.
fn in_read_transaction<T>(
    c: &mut Connection,
    f: impl for<'c> Fn(&'c mut dyn ReadConn) -> ReadFuture<'c, T>,
) -> Result<T> {
    c.execute_batch("BEGIN")?;
    let result = f(&mut SqliteRead(c))
        .now_or_never()
        .unwrap_or_else(|| Err(anyhow!("a SQLite read waited")));
    match result {
        Ok(v) => {
            c.execute_batch("COMMIT")?;
            Ok(v)
        }
        Err(e) => {
            let _ = c.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// A read connection: `&mut` so that it can be handed to the (`Send`) read future.
struct SqliteRead<'a>(&'a mut Connection);

#[async_trait]
impl ReadConn for SqliteRead<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    async fn query(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>> {
        SqliteConn(self.0).query(sql, args)
    }
}

/// A connection, or a transaction through its `Deref`.
struct SqliteConn<'a>(&'a Connection);

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Value::Real(v) => ToSqlOutput::Borrowed(ValueRef::Real(*v)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Bool(b) => ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(*b))),
        })
    }
}

impl Conn for SqliteConn<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn execute(&mut self, sql: &str, args: &[Value]) -> Result<u64> {
        let n = self
            .0
            .prepare_cached(sql)?
            .execute(params_from_iter(args.iter()))?;
        Ok(n as u64)
    }

    fn query(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>> {
        let mut stmt = self.0.prepare_cached(sql)?;
        let n = stmt.column_count();
        let mut rows = stmt.query(params_from_iter(args.iter()))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut values = Vec::with_capacity(n);
            for i in 0..n {
                values.push(match r.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(v) => Value::Int(v),
                    ValueRef::Real(v) => Value::Real(v),
                    ValueRef::Text(t) => Value::Text(String::from_utf8(t.to_vec())?),
                    ValueRef::Blob(_) => bail!("column {i} of {sql:?} is a blob"),
                });
            }
            out.push(Row(values));
        }
        Ok(out)
    }
}
