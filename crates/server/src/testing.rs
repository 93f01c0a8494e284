//! A server for one test: started in-process on 127.0.0.1 port 0 with the demo seed and a
//! [`ManualClock`] at [`test_epoch`], on a database of its own. Shared by the server's, the
//! client's and the CLI's test suites (feature `testing`).

use crate::clock::ManualClock;
use crate::config::{DbUrl, ServerConfig};
use crate::startup::{self, Running, Seeding};
use chrono::{DateTime, TimeZone, Utc};
use std::sync::Arc;
use std::time::Duration;

/// Domain time in the tests: 2026-11-22 12:00:00 KST.
pub fn test_epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 3, 0, 0).unwrap()
}

pub struct Options {
    pub seeding: Seeding,
    pub processing_delay: Duration,
    /// `true` runs on `sqlite::memory:` instead of a temporary file.
    pub in_memory: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            seeding: Seeding::Demo,
            processing_delay: Duration::ZERO,
            in_memory: false,
        }
    }
}

pub struct TestServer {
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    pub clock: Arc<ManualClock>,
    pub db: DbUrl,
    pub running: Running,
    _dir: tempfile::TempDir,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.running.stop();
    }
}

pub async fn spawn(opts: Options) -> TestServer {
    let dir = tempfile::tempdir().expect("temporary directory");
    let db = if opts.in_memory {
        DbUrl::SqliteMemory
    } else {
        DbUrl::SqliteFile(dir.path().join("test.db"))
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
        _dir: dir,
    }
}
