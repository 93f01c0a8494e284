//! The PostgreSQL backend, for one database shared by any number of nodes.
//!
//! Two small pools. Reads use async `tokio-postgres` connections on the runtime's threads.
//! Transactions (the engine's and the handlers' writes) use the blocking `postgres` client on the
//! blocking pool, because the engine is synchronous. A worker's claim is a row lock taken with `FOR UPDATE SKIP
//! LOCKED` in the transaction that applies the request, so it lasts exactly as long as that
//! transaction: a node that dies loses its connection, PostgreSQL rolls the transaction back, and
//! another node takes the request. `idle_in_transaction_session_timeout` bounds a claim whose node
//! hangs instead (the lease; see docs/OPERATIONS.md).

use super::sql::{numbered_params, Conn, Dialect, ReadConn, ReadFuture, Row, Value};
use super::Backend;
use anyhow::{anyhow, bail, Context, Result};
use async_trait::async_trait;
use bytes::BytesMut;
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::{Client, GenericClient, NoTls, Statement};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

const MIGRATIONS: &[&str] = &[include_str!("migrations/0001_init.sql")];

/// Connections per node; N nodes open up to N times this many.
pub const DEFAULT_POOL_SIZE: usize = 8;
/// How long a transaction may sit idle before PostgreSQL ends it: the longest a hung node keeps a
/// claimed request from the others.
pub const LEASE: Duration = Duration::from_secs(30);
/// Any fixed number: the advisory lock that lets one node at a time migrate.
const MIGRATION_LOCK: i64 = 0x77696e67;

pub struct PgBackend {
    config: postgres::Config,
    idle: Arc<Mutex<Vec<Session>>>,
    permits: Semaphore,
    read_config: tokio_postgres::Config,
    readers: Mutex<Vec<ReadSession>>,
    read_permits: Semaphore,
}

/// An async connection for reads, with its prepared statements.
struct ReadSession {
    client: tokio_postgres::Client,
    statements: HashMap<String, Statement>,
}

impl ReadSession {
    async fn connect(config: &tokio_postgres::Config) -> Result<ReadSession> {
        let (client, connection) = config
            .connect(NoTls)
            .await
            .context("connecting to PostgreSQL")?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "PostgreSQL read connection ended");
            }
        });
        Ok(ReadSession {
            client,
            statements: HashMap::new(),
        })
    }
}

struct Session {
    client: Client,
    /// Prepared statements of this connection, by the shared (`?N`) text.
    statements: HashMap<String, Statement>,
}

impl Session {
    fn connect(config: &postgres::Config) -> Result<Session> {
        let mut client = config.connect(NoTls).context("connecting to PostgreSQL")?;
        client.batch_execute(&format!(
            "SET idle_in_transaction_session_timeout = {}",
            LEASE.as_millis()
        ))?;
        Ok(Session {
            client,
            statements: HashMap::new(),
        })
    }

    fn run<T>(
        &mut self,
        transaction: bool,
        f: impl FnOnce(&mut dyn Conn) -> Result<T>,
    ) -> Result<T> {
        if !transaction {
            return f(&mut PgConn {
                client: &mut self.client,
                statements: &mut self.statements,
            });
        }
        let mut tx = self.client.transaction()?;
        let value = f(&mut PgConn {
            client: &mut tx,
            statements: &mut self.statements,
        })?;
        tx.commit()?;
        Ok(value)
    }
}

fn migrate(client: &mut Client) -> Result<()> {
    client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
    let result = (|| -> Result<()> {
        client.batch_execute(
            "CREATE TABLE IF NOT EXISTS wing_schema_migrations (version BIGINT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
        )?;
        let done: i64 = client
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM wing_schema_migrations",
                &[],
            )?
            .get(0);
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(done as usize) {
            let mut tx = client.transaction()?;
            tx.batch_execute(sql)
                .with_context(|| format!("migration {}", i + 1))?;
            tx.execute(
                "INSERT INTO wing_schema_migrations (version) VALUES ($1)",
                &[&(i as i64 + 1)],
            )?;
            tx.commit()?;
        }
        Ok(())
    })();
    client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])?;
    result
}

impl PgBackend {
    /// Connects, migrates (once across nodes) and keeps the connection for the pool.
    pub async fn open(url: &str, pool_size: usize) -> Result<PgBackend> {
        let mut config =
            postgres::Config::from_str(url).map_err(|e| anyhow!("PostgreSQL URL: {e}"))?;
        config
            .connect_timeout(Duration::from_secs(5))
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(10));
        let mut read_config =
            tokio_postgres::Config::from_str(url).map_err(|e| anyhow!("PostgreSQL URL: {e}"))?;
        read_config
            .connect_timeout(Duration::from_secs(5))
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(10));
        let first = {
            let config = config.clone();
            tokio::task::spawn_blocking(move || -> Result<Session> {
                let mut s = Session::connect(&config)?;
                migrate(&mut s.client)?;
                Ok(s)
            })
            .await??
        };
        Ok(PgBackend {
            config,
            idle: Arc::new(Mutex::new(vec![first])),
            permits: Semaphore::new(pool_size.max(1)),
            read_config,
            readers: Mutex::new(Vec::new()),
            read_permits: Semaphore::new(pool_size.max(1)),
        })
    }

    /// Runs `f` on a pooled connection (a new one when the pooled one was lost).
    async fn on_session<T, F>(&self, transaction: bool, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Conn) -> Result<T> + Send + 'static,
    {
        let _permit = self.permits.acquire().await?;
        let pooled = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let (config, idle) = (self.config.clone(), Arc::clone(&self.idle));
        tokio::task::spawn_blocking(move || {
            let mut s = match pooled {
                Some(s) if !s.client.is_closed() => s,
                _ => Session::connect(&config)?,
            };
            let result = s.run(transaction, f);
            if !s.client.is_closed() {
                idle.lock().unwrap_or_else(|p| p.into_inner()).push(s);
            }
            result
        })
        .await
        .map_err(|e| anyhow!("store task failed: {e}"))?
    }
}

#[async_trait]
impl Backend for PgBackend {
    /// On the runtime, on a pooled async connection. A read that meets a lost connection (a
    /// database restart, a network cut) runs once more on a new one.
    async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: for<'c> Fn(&'c mut dyn ReadConn) -> ReadFuture<'c, T> + Send + Sync + 'static,
    {
        let _permit = self.read_permits.acquire().await?;
        let mut again = true;
        loop {
            let pooled = self.readers.lock().unwrap_or_else(|p| p.into_inner()).pop();
            let mut s = match pooled {
                Some(s) if !s.client.is_closed() => s,
                _ => ReadSession::connect(&self.read_config).await?,
            };
            let result = f(&mut PgRead {
                client: &s.client,
                statements: &mut s.statements,
            })
            .await;
            let lost = s.client.is_closed();
            if !lost {
                self.readers
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(s);
            }
            match result {
                Err(_) if lost && again => {
                    tracing::warn!("PostgreSQL connection lost; reading again on a new one");
                    again = false;
                }
                other => return other,
            }
        }
    }

    /// A transaction whose connection was lost was rolled back by PostgreSQL, unless the loss
    /// came during COMMIT; either way the caller sees the error and nothing is applied twice.
    async fn write<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Conn) -> Result<T> + Send + 'static,
    {
        self.on_session(true, f).await
    }
}

struct PgRead<'a> {
    client: &'a tokio_postgres::Client,
    statements: &'a mut HashMap<String, Statement>,
}

#[async_trait]
impl ReadConn for PgRead<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    async fn query(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>> {
        let s = match self.statements.get(sql) {
            Some(s) => s.clone(),
            None => {
                let s = self
                    .client
                    .prepare(&numbered_params(sql))
                    .await
                    .with_context(|| format!("preparing {sql}"))?;
                self.statements.insert(sql.to_string(), s.clone());
                s
            }
        };
        let rows = self.client.query(&s, &params(args)).await?;
        rows.iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| value(r, i))
                    .collect::<Result<_>>()
                    .map(Row)
            })
            .collect()
    }
}

struct PgConn<'a, C: GenericClient> {
    client: &'a mut C,
    statements: &'a mut HashMap<String, Statement>,
}

impl<C: GenericClient> PgConn<'_, C> {
    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self
            .client
            .prepare(&numbered_params(sql))
            .with_context(|| format!("preparing {sql}"))?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

fn params(args: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    args.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

impl<C: GenericClient> Conn for PgConn<'_, C> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&mut self, sql: &str, args: &[Value]) -> Result<u64> {
        let s = self.statement(sql)?;
        Ok(self.client.execute(&s, &params(args))?)
    }

    fn query(&mut self, sql: &str, args: &[Value]) -> Result<Vec<Row>> {
        let s = self.statement(sql)?;
        let rows = self.client.query(&s, &params(args))?;
        rows.iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| value(r, i))
                    .collect::<Result<_>>()
                    .map(Row)
            })
            .collect()
    }
}

fn value(row: &postgres::Row, i: usize) -> Result<Value> {
    let ty = row.columns()[i].type_();
    let v = match *ty {
        Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Int),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)?
            .map(|v| Value::Int(v.into())),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)?
            .map(|v| Value::Int(v.into())),
        Type::BOOL => row.try_get::<_, Option<bool>>(i)?.map(Value::Bool),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Value::Real),
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(i)?
            .map(|v| Value::Real(v.into())),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
            row.try_get::<_, Option<String>>(i)?.map(Value::Text)
        }
        Type::VOID => None,
        _ => bail!("column {i}: unsupported type {ty}"),
    };
    Ok(v.unwrap_or(Value::Null))
}

/// A parameter converts to whatever type PostgreSQL inferred for its place, as SQLite's dynamic
/// typing would take it.
impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match (self, ty) {
            (Value::Null, _) => Ok(IsNull::Yes),
            (Value::Int(v), &Type::INT8) => v.to_sql(ty, out),
            (Value::Int(v), &Type::INT4) => i32::try_from(*v)?.to_sql(ty, out),
            (Value::Int(v), &Type::INT2) => i16::try_from(*v)?.to_sql(ty, out),
            (Value::Int(v), &Type::FLOAT8) => (*v as f64).to_sql(ty, out),
            (Value::Int(v), &Type::BOOL) => (*v != 0).to_sql(ty, out),
            (Value::Real(v), &Type::FLOAT8) => v.to_sql(ty, out),
            (Value::Real(v), &Type::FLOAT4) => (*v as f32).to_sql(ty, out),
            (Value::Bool(b), &Type::BOOL) => b.to_sql(ty, out),
            (Value::Bool(b), &Type::INT8) => i64::from(*b).to_sql(ty, out),
            (Value::Text(s), _) => s.as_str().to_sql(ty, out),
            (v, ty) => Err(format!("cannot send {v:?} as {ty}").into()),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}
