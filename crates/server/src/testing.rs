//! A server for one test: started in-process on 127.0.0.1 port 0 with the demo seed and a
//! [`ManualClock`] at [`test_epoch`], on a database of its own: a temporary SQLite file, or a
//! fresh schema in the PostgreSQL database named by `WING_TEST_POSTGRES_URL`. Shared by the
//! server's, the client's and the CLI's test suites (feature `testing`).

use crate::clock::ManualClock;
use crate::config::{DbUrl, ServerConfig};
use crate::startup::{self, Running, Seeding};
use chrono::{DateTime, TimeZone, Utc};
use std::io::Write;
use std::sync::{Arc, Once};
use std::time::Duration;

/// The PostgreSQL database the PostgreSQL tests use, e.g.
/// `postgres://postgres@127.0.0.1:5432/test`. Each test gets a schema of its own in it.
pub const POSTGRES_URL_VAR: &str = "WING_TEST_POSTGRES_URL";

/// Domain time in the tests: 2026-11-22 12:00:00 KST.
pub fn test_epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 3, 0, 0).unwrap()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct Options {
    pub backend: Backend,
    pub seeding: Seeding,
    pub processing_delay: Duration,
    /// `true` runs SQLite on `sqlite::memory:` instead of a temporary file.
    pub in_memory: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            backend: Backend::Sqlite,
            seeding: Seeding::Demo,
            processing_delay: Duration::ZERO,
            in_memory: false,
        }
    }
}

/// The PostgreSQL test database, if the environment names one.
pub fn postgres_url() -> Option<String> {
    std::env::var(POSTGRES_URL_VAR)
        .ok()
        .filter(|v| !v.trim().is_empty())
}

/// Whether tests on `backend` can run here. When they cannot, says so once per test binary, on
/// the terminal (past the test harness's capture), so a skipped run never looks like a pass.
pub fn available(backend: Backend) -> bool {
    if backend == Backend::Sqlite || postgres_url().is_some() {
        return true;
    }
    static NOTICE: Once = Once::new();
    NOTICE.call_once(|| {
        let _ = writeln!(
            std::io::stderr().lock(),
            "\nSKIPPED: the PostgreSQL tests of this binary did not run: {POSTGRES_URL_VAR} is not set \
             (e.g. {POSTGRES_URL_VAR}=postgres://postgres@127.0.0.1:5432/test). CI sets it; see README.\n"
        );
    });
    false
}

/// A schema of its own in the PostgreSQL test database, dropped with the server.
pub struct PgSchema {
    pub base_url: String,
    pub name: String,
}

impl PgSchema {
    pub fn create(base_url: &str) -> PgSchema {
        let name = format!("wt_{}", uuid::Uuid::new_v4().simple());
        pg_exec(base_url, &format!("CREATE SCHEMA {name}"));
        PgSchema {
            base_url: base_url.to_string(),
            name,
        }
    }

    /// The URL whose connections see only this schema.
    pub fn url(&self) -> String {
        let sep = if self.base_url.contains('?') {
            '&'
        } else {
            '?'
        };
        format!(
            "{}{sep}options=-csearch_path%3D{}",
            self.base_url, self.name
        )
    }

    /// `SELECT COUNT(*) …` (or any one-integer query) in this schema.
    pub fn count(&self, sql: &str) -> i64 {
        let url = self.url();
        // As a scalar subquery cast to bigint: SUM() and friends answer numeric here.
        let sql = format!("SELECT ({sql})::bigint");
        on_own_thread(move || {
            let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("test database");
            c.query_one(sql.as_str(), &[]).expect("count query").get(0)
        })
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        pg_exec(
            &self.base_url,
            &format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name),
        );
    }
}

/// The blocking PostgreSQL client cannot run on a runtime thread; tests call from one.
fn on_own_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::spawn(f).join().expect("database thread")
}

fn pg_exec(url: &str, sql: &str) {
    let (url, sql) = (url.to_string(), sql.to_string());
    on_own_thread(move || {
        let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("test database");
        c.batch_execute(&sql).expect("test database statement");
    });
}

pub struct TestServer {
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    pub clock: Arc<ManualClock>,
    pub db: DbUrl,
    pub running: Running,
    schema: Option<PgSchema>,
    _dir: tempfile::TempDir,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.running.stop();
    }
}

impl TestServer {
    /// A one-integer query (`SELECT COUNT(*) …`) straight on the database.
    pub fn count(&self, sql: &str) -> i64 {
        match (&self.db, &self.schema) {
            (_, Some(schema)) => schema.count(sql),
            (DbUrl::SqliteFile(path), _) => rusqlite::Connection::open(path)
                .and_then(|c| c.query_row(sql, [], |r| r.get(0)))
                .expect("count query"),
            (db, _) => panic!("cannot count in {db:?}"),
        }
    }
}

/// Starts a server. For [`Backend::Postgres`], check [`available`] first.
pub async fn spawn(opts: Options) -> TestServer {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (db, schema) = match opts.backend {
        Backend::Postgres => {
            let url = postgres_url().unwrap_or_else(|| panic!("{POSTGRES_URL_VAR} is not set"));
            let schema = PgSchema::create(&url);
            (DbUrl::Postgres(schema.url()), Some(schema))
        }
        Backend::Sqlite if opts.in_memory => (DbUrl::SqliteMemory, None),
        Backend::Sqlite => (DbUrl::SqliteFile(dir.path().join("test.db")), None),
    };
    let mut config = ServerConfig::new("127.0.0.1:0".parse().unwrap(), db.clone());
    config.processing_delay = opts.processing_delay;
    config.worker_poll = Duration::from_millis(20);
    let clock = Arc::new(ManualClock::new(test_epoch()));
    let running = startup::start(config, opts.seeding, clock.clone())
        .await
        .expect("test server starts");
    TestServer {
        base_url: format!("http://{}", running.addr),
        clock,
        db,
        running,
        schema,
        _dir: dir,
    }
}
