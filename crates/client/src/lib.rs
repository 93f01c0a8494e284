//! A typed async client for Coupang's seller coupon API ("WING API"): contracts and budgets,
//! instant discount coupons and downloadable coupons. It talks to Coupang's gateway
//! (`https://api-gateway.coupang.com`, the default) or to a `wing-coupons serve` sandbox.
//!
//! ```no_run
//! # async fn demo() -> Result<(), wing_client::Error> {
//! use wing_client::{Client, Outcome};
//! let client = Client::from_env()?; // COUPANG_ACCESS_KEY, _SECRET_KEY, _VENDOR_ID, _BASE_URL
//! let requested = client.add_items(77, &[3000000001, 3000000002]).await?;
//! match client.wait_for_request(&requested.requested_id.unwrap(), Default::default()).await? {
//!     Outcome::Succeeded(r) => println!("{} items applied", r.succeeded),
//!     Outcome::PartiallyFailed(r) | Outcome::Failed(r) => {
//!         for f in &r.failures {
//!             println!("{}: {}", f.vendor_item_id, f.reason.code.as_str());
//!         }
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! # What every call does
//! - **Signs** each attempt afresh (CEA HMAC-SHA256), over the path and query exactly as the URL
//!   puts them on the request line.
//! - **Waits for the rate limiter**: by default 10 calls per second per client, Coupang's
//!   published limit per vendor. Clones of a [`Client`] share it.
//! - **Retries** with exponential backoff and jitter, honouring `Retry-After`, under one rule:
//!   *a call is retried only when a retry cannot apply it twice.* Reads (C1–C3, I3, I6–I11, D4,
//!   D5) are retried on 429, 5xx, timeouts and connection errors. Mutations (I1, I2, I4, I5, D1,
//!   D2, D3) are retried only on 429 (the gateway refused them before the API saw them) and on a
//!   failure to connect (nothing was sent). A mutation that timed out or got a 5xx may have been
//!   applied, so it is returned as an error, [`Error::may_have_applied`] says so, and the caller
//!   decides: a duplicate coupon is a real cost.

mod config;
mod decode;
mod endpoints;
mod error;
mod paging;
mod transport;
mod wait;

pub use config::{ClientBuilder, RetryPolicy, Secret, DEFAULT_BASE_URL, DEFAULT_RATE_PER_SEC};
pub use endpoints::instant::{CouponItemKey, Sort};
pub use error::{Error, Result};
pub use paging::Page;
pub use transport::Client;
pub use wait::{ItemFailure, Outcome, Reason, ReasonCode, Report, WaitOptions};
pub use wing_wire as wire;
