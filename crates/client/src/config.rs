//! How a [`Client`](crate::Client) is configured: a builder, or the environment.

use crate::error::{Error, Result};
use std::fmt;
use std::time::Duration;

pub const DEFAULT_BASE_URL: &str = "https://api-gateway.coupang.com";
/// Coupang's published default limit: 10 calls per second per vendor.
pub const DEFAULT_RATE_PER_SEC: f64 = 10.0;

/// A secret key. It never shows in `Debug` or `Display` output, so it cannot leak into logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// The first four characters and a mask, for showing which key is configured.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// `demo****`: enough to tell keys apart, not enough to use one.
pub fn mask(s: &str) -> String {
    let head: String = s.chars().take(4).collect();
    if s.chars().count() <= 4 {
        "****".into()
    } else {
        format!("{head}****")
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(****)")
    }
}

/// When and how often a call is retried; see the crate docs for which calls are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included. `1` disables retries.
    pub max_attempts: u32,
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// The longest `Retry-After` honoured; a longer one ends the retries.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

#[derive(Clone)]
pub struct ClientBuilder {
    pub(crate) base_url: String,
    pub(crate) access_key: Option<String>,
    pub(crate) secret_key: Option<Secret>,
    pub(crate) vendor_id: Option<String>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) extended_timeout: Option<Duration>,
    pub(crate) rate_per_sec: Option<f64>,
    pub(crate) retry: RetryPolicy,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("access_key", &self.access_key.as_deref().map(mask))
            .field("secret_key", &self.secret_key)
            .field("vendor_id", &self.vendor_id)
            .field("timeout", &self.timeout)
            .field("extended_timeout", &self.extended_timeout)
            .field("rate_per_sec", &self.rate_per_sec)
            .field("retry", &self.retry)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: DEFAULT_BASE_URL.into(),
            access_key: None,
            secret_key: None,
            vendor_id: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(5),
            extended_timeout: None,
            rate_per_sec: Some(DEFAULT_RATE_PER_SEC),
            retry: RetryPolicy::default(),
        }
    }
}

impl ClientBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts from `COUPANG_ACCESS_KEY`, `COUPANG_SECRET_KEY`, `COUPANG_VENDOR_ID` and
    /// `COUPANG_BASE_URL`; unset or empty variables leave the defaults.
    pub fn from_env() -> Self {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let mut b = Self::default();
        if let Some(v) = var("COUPANG_BASE_URL") {
            b.base_url = v;
        }
        b.access_key = var("COUPANG_ACCESS_KEY");
        b.secret_key = var("COUPANG_SECRET_KEY").map(Secret::new);
        b.vendor_id = var("COUPANG_VENDOR_ID");
        b
    }

    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }
    pub fn access_key(mut self, key: impl Into<String>) -> Self {
        self.access_key = Some(key.into());
        self
    }
    pub fn secret_key(mut self, key: impl Into<String>) -> Self {
        self.secret_key = Some(Secret::new(key));
        self
    }
    pub fn vendor_id(mut self, id: impl Into<String>) -> Self {
        self.vendor_id = Some(id.into());
        self
    }
    /// The whole-call timeout of one attempt (default 30 s).
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = t;
        self
    }
    /// Sends `X-EXTENDED-TIMEOUT` (milliseconds) so Coupang's gateway waits longer than its
    /// default 3 s for the API. The attempt timeout grows to cover it.
    pub fn extended_timeout(mut self, t: Option<Duration>) -> Self {
        self.extended_timeout = t;
        self
    }
    /// Calls per second; `None` lifts the limit (for a local server only).
    pub fn rate_limit(mut self, per_sec: Option<f64>) -> Self {
        self.rate_per_sec = per_sec.filter(|r| *r > 0.0);
        self
    }
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    pub fn build(self) -> Result<crate::Client> {
        let missing = [
            ("access key (COUPANG_ACCESS_KEY)", self.access_key.is_none()),
            ("secret key (COUPANG_SECRET_KEY)", self.secret_key.is_none()),
            ("vendor id (COUPANG_VENDOR_ID)", self.vendor_id.is_none()),
        ]
        .into_iter()
        .filter(|(_, m)| *m)
        .map(|(n, _)| n)
        .collect::<Vec<_>>();
        if !missing.is_empty() {
            return Err(Error::Config(format!("missing {}", missing.join(", "))));
        }
        crate::transport::Client::from_builder(self)
    }
}
