use std::net::SocketAddr;
use std::time::Duration;

/// Where the data lives, parsed from `--db`. `Debug` and `Display` hide a PostgreSQL password.
#[derive(Clone, PartialEq, Eq)]
pub enum DbUrl {
    SqliteFile(std::path::PathBuf),
    SqliteMemory,
    Postgres(String),
}

impl DbUrl {
    /// `sqlite://PATH`, `sqlite:PATH`, `sqlite::memory:`, `postgres://…`/`postgresql://…`,
    /// or a bare file path.
    pub fn parse(s: &str) -> Result<Self, String> {
        if s == "sqlite::memory:" || s == ":memory:" {
            return Ok(DbUrl::SqliteMemory);
        }
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            return Ok(DbUrl::Postgres(s.to_string()));
        }
        let path = s
            .strip_prefix("sqlite://")
            .or_else(|| s.strip_prefix("sqlite:"))
            .unwrap_or(s);
        if path.is_empty() || path.contains("://") {
            return Err(format!(
                "unsupported database URL {s:?}: use sqlite://PATH, sqlite::memory: or postgres://…"
            ));
        }
        Ok(DbUrl::SqliteFile(path.into()))
    }
}

impl std::fmt::Debug for DbUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DbUrl({self})")
    }
}

impl std::fmt::Display for DbUrl {
    /// The URL without its password, for banners and logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbUrl::SqliteFile(p) => write!(f, "sqlite://{}", p.display()),
            DbUrl::SqliteMemory => f.write_str("sqlite::memory:"),
            DbUrl::Postgres(url) => {
                let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
                match rest.split_once('@') {
                    Some((userinfo, host)) => {
                        let user = userinfo.split(':').next().unwrap_or("");
                        let masked = if userinfo.contains(':') { ":****" } else { "" };
                        write!(f, "{scheme}://{user}{masked}@{host}")
                    }
                    None => f.write_str(url),
                }
            }
        }
    }
}

/// Sandbox mode adds diagnostics (and, later, the admin API); service mode is a plain coupon
/// service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Sandbox,
    Service,
}

#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub listen: SocketAddr,
    pub db: DbUrl,
    pub mode: Mode,
    /// How far a `signed-date` may be from the wall clock, either way.
    pub max_clock_skew: Duration,
    /// How long a new async request stays `REQUESTED` before the worker may take it.
    pub processing_delay: Duration,
    /// How often the worker looks for due requests when nothing woke it. With several nodes on
    /// one database, a request accepted by another node is found this way.
    pub worker_poll: Duration,
    /// PostgreSQL connections of this node.
    pub pool_size: usize,
}

impl ServerConfig {
    pub fn new(listen: SocketAddr, db: DbUrl) -> Self {
        ServerConfig {
            listen,
            db,
            mode: Mode::Sandbox,
            max_clock_skew: Duration::from_secs(300),
            processing_delay: Duration::ZERO,
            worker_poll: Duration::from_millis(100),
            pool_size: crate::store::postgres::DEFAULT_POOL_SIZE,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_without_the_password() {
        let db = DbUrl::parse("postgres://app:s3cret@db.internal:5432/coupons").unwrap();
        assert_eq!(
            db.to_string(),
            "postgres://app:****@db.internal:5432/coupons"
        );
        assert!(!format!("{db:?}").contains("s3cret"));
        let db = DbUrl::parse("postgres://postgres@127.0.0.1/test").unwrap();
        assert_eq!(db.to_string(), "postgres://postgres@127.0.0.1/test");
    }
}
