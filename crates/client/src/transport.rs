//! One signed HTTP call: rate limit, signature, retries.

use crate::config::{mask, ClientBuilder, RetryPolicy, Secret};
use crate::error::{Error, Result};
use bytes::Bytes;
use rand::Rng;
use reqwest::header::{HeaderMap, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Method, Url};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
use wing_wire::{cea, CONTENT_TYPE_JSON};

/// A client for one vendor's credentials. Cheap to clone; clones share the connection pool and
/// the rate limiter.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base: Url,
    access_key: String,
    secret_key: Secret,
    vendor_id: String,
    extended_timeout_ms: Option<String>,
    limiter: Option<RateLimiter>,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base.as_str())
            .field("vendor_id", &self.inner.vendor_id)
            .field("access_key", &mask(&self.inner.access_key))
            .field("secret_key", &self.inner.secret_key)
            .finish()
    }
}

/// Whether a retry could apply a call twice: see the crate docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Call {
    Read,
    Mutation,
}

pub(crate) struct Answer {
    pub status: u16,
    pub body: Bytes,
}

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// [`ClientBuilder::from_env`], built.
    pub fn from_env() -> Result<Client> {
        ClientBuilder::from_env().build()
    }

    pub(crate) fn from_builder(b: ClientBuilder) -> Result<Client> {
        let base = Url::parse(b.base_url.trim_end_matches('/'))
            .map_err(|e| Error::Config(format!("base URL {:?}: {e}", b.base_url)))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "base URL {:?}: use http or https",
                b.base_url
            )));
        }
        let timeout = b.timeout + b.extended_timeout.unwrap_or_default();
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(b.connect_timeout)
            .user_agent(concat!("wing-coupons/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Config(e.to_string()))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                access_key: b.access_key.unwrap_or_default(),
                secret_key: b.secret_key.unwrap_or_else(|| Secret::new("")),
                vendor_id: b.vendor_id.unwrap_or_default(),
                extended_timeout_ms: b.extended_timeout.map(|t| t.as_millis().to_string()),
                limiter: b.rate_per_sec.map(RateLimiter::new),
                retry: b.retry,
            }),
        })
    }

    pub fn vendor_id(&self) -> &str {
        &self.inner.vendor_id
    }

    pub fn base_url(&self) -> &str {
        self.inner.base.as_str()
    }

    /// Sends one call, retrying it only where a retry cannot apply it twice.
    pub(crate) async fn execute(
        &self,
        method: Method,
        path: &str,
        query: &str,
        body: Option<Vec<u8>>,
        call: Call,
    ) -> Result<Answer> {
        let inner = &*self.inner;
        let mut url = inner.base.clone();
        url.set_path(&format!(
            "{}{path}",
            inner.base.path().trim_end_matches('/')
        ));
        url.set_query(Some(query).filter(|q| !q.is_empty()));
        // Sign what goes on the request line, after `Url` has normalised it.
        let (signed_path, signed_query) = (
            url.path().to_string(),
            url.query().unwrap_or("").to_string(),
        );
        let body = body.map(Bytes::from);
        let policy = inner.retry;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            if let Some(limiter) = &inner.limiter {
                limiter.acquire().await;
            }
            let auth = cea::authorization(
                &inner.access_key,
                inner.secret_key.expose(),
                method.as_str(),
                &signed_path,
                &signed_query,
                chrono::Utc::now(),
            );
            let mut req = inner
                .http
                .request(method.clone(), url.clone())
                .header(AUTHORIZATION, auth);
            if let Some(ms) = &inner.extended_timeout_ms {
                req = req.header("X-EXTENDED-TIMEOUT", ms);
            }
            if let Some(b) = &body {
                req = req.header(CONTENT_TYPE, CONTENT_TYPE_JSON).body(b.clone());
            }
            let last = attempt >= policy.max_attempts.max(1);
            match req.send().await {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    let retryable = status == 429 || (status >= 500 && call == Call::Read);
                    if retryable && !last {
                        if let Some(wait) = backoff(&policy, attempt, resp.headers()) {
                            tracing::debug!(%method, path, status, attempt, ?wait, "retrying");
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                    }
                    let body = match resp.bytes().await {
                        Ok(b) => b,
                        Err(e) if call == Call::Read && !last => {
                            tracing::debug!(%method, path, attempt, error = %e, "retrying");
                            tokio::time::sleep(
                                backoff(&policy, attempt, &HeaderMap::new()).unwrap_or_default(),
                            )
                            .await;
                            continue;
                        }
                        Err(e) => return Err(transport_error(e, attempt, call == Call::Mutation)),
                    };
                    tracing::debug!(%method, path, status, attempt, "answered");
                    return Ok(Answer { status, body });
                }
                Err(e) => {
                    // A failed connect sent nothing; anything later may have reached the server.
                    let sent = !e.is_connect();
                    let retryable = call == Call::Read || !sent;
                    if retryable && !last {
                        tracing::debug!(%method, path, attempt, error = %e, "retrying");
                        tokio::time::sleep(
                            backoff(&policy, attempt, &HeaderMap::new()).unwrap_or_default(),
                        )
                        .await;
                        continue;
                    }
                    return Err(transport_error(e, attempt, call == Call::Mutation && sent));
                }
            }
        }
    }
}

fn transport_error(e: reqwest::Error, attempts: u32, may_have_applied: bool) -> Error {
    let e = e.without_url();
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Error::Transport {
        message,
        attempts,
        may_have_applied,
    }
}

/// Exponential backoff with full jitter over its upper half, or the server's `Retry-After` when
/// that is longer. `None` when `Retry-After` asks for more than the policy allows.
fn backoff(policy: &RetryPolicy, attempt: u32, headers: &HeaderMap) -> Option<Duration> {
    let exp = policy
        .initial_backoff
        .saturating_mul(1u32 << (attempt - 1).min(16))
        .min(policy.max_backoff);
    let jittered = exp.mul_f64(rand::thread_rng().gen_range(0.5..=1.0));
    let after = headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    match after {
        Some(a) if a > policy.max_retry_after => None,
        Some(a) => Some(a.max(jittered)),
        None => Some(jittered),
    }
}

/// Spaces calls evenly at `per_sec`: no bursts, since Coupang may answer 429 already near its
/// threshold.
struct RateLimiter {
    interval: Duration,
    next: tokio::sync::Mutex<Instant>,
}

impl RateLimiter {
    fn new(per_sec: f64) -> Self {
        RateLimiter {
            interval: Duration::from_secs_f64(1.0 / per_sec),
            next: tokio::sync::Mutex::new(Instant::now()),
        }
    }

    async fn acquire(&self) {
        let slot = {
            let mut next = self.next.lock().await;
            let slot = (*next).max(Instant::now());
            *next = slot + self.interval;
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        let p = RetryPolicy::default();
        let none = HeaderMap::new();
        for attempt in 1..10 {
            let d = backoff(&p, attempt, &none).unwrap();
            let cap = (p.initial_backoff * 2u32.pow(attempt - 1)).min(p.max_backoff);
            assert!(d <= cap && d >= cap / 2, "{attempt}: {d:?}");
        }
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, "3".parse().unwrap());
        assert_eq!(backoff(&p, 1, &h), Some(Duration::from_secs(3)));
        h.insert(RETRY_AFTER, "3600".parse().unwrap());
        assert_eq!(backoff(&p, 1, &h), None);
    }

    #[tokio::test(start_paused = true)]
    async fn limiter_spaces_calls() {
        let l = RateLimiter::new(10.0);
        let start = Instant::now();
        for _ in 0..11 {
            l.acquire().await;
        }
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }
}
