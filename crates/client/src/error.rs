//! The one error type of the client.

use std::time::Duration;
use wing_wire::fms::RequestStatus;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Coupang's API gateway refused the call (auth, unknown route, rate limit): its body has the
    /// string `code:"ERROR"` and a `transactionId` to quote to Coupang.
    #[error(
        "gateway refused the call (HTTP {status}): {message} (transactionId {transaction_id})"
    )]
    Gateway {
        status: u16,
        message: String,
        transaction_id: String,
    },
    /// The API answered with an error: FMS envelope or downloadable-coupon error body.
    #[error("HTTP {status}: {message}")]
    Api { status: u16, message: String },
    /// No answer: connection, TLS, timeout.
    #[error("{message} (after {attempts} attempt(s){})", if *.may_have_applied { "; the server may have applied it" } else { "" })]
    Transport {
        message: String,
        attempts: u32,
        /// `true` for a mutation that was sent and got no answer: it may have been applied.
        may_have_applied: bool,
    },
    /// An answer this client cannot read.
    #[error("unreadable answer (HTTP {status}): {error}; body: {excerpt}")]
    Decode {
        status: u16,
        error: String,
        excerpt: String,
    },
    /// A waiter's deadline passed before the request reached `DONE` or `FAIL`.
    #[error("request {requested_id} still {status} after {waited:?}")]
    WaitTimeout {
        requested_id: String,
        status: RequestStatus,
        waited: Duration,
    },
    #[error("configuration: {0}")]
    Config(String),
}

impl Error {
    /// Whether a failed mutation may nevertheless have been applied by the server.
    pub fn may_have_applied(&self) -> bool {
        matches!(
            self,
            Error::Transport {
                may_have_applied: true,
                ..
            }
        )
    }

    /// The HTTP status of an answered call.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Gateway { status, .. }
            | Error::Api { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }
}
