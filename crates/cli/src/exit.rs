//! Exit codes, and the error every command returns.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | API error: Coupang (or the server) refused the call, the network failed, or a request ended `FAIL` |
//! | 2 | usage error: bad flags, missing credentials, unreadable input |
//! | 3 | partial failure: some items applied, some failed (see the report) |
//! | 4 | still pending: `--wait` timed out, or a bulk run left requests to finish (re-run it) |

use std::process::ExitCode;

pub const SUCCESS: u8 = 0;
pub const API_ERROR: u8 = 1;
pub const USAGE: u8 = 2;
pub const PARTIAL: u8 = 3;
pub const PENDING: u8 = 4;

#[derive(Debug)]
pub enum CliError {
    Usage(String),
    Api(wing_client::Error),
    /// A result already printed that ends with this code.
    Exit(u8),
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Usage(m) => f.write_str(m),
            CliError::Api(e) => write!(f, "{e}"),
            CliError::Exit(c) => write!(f, "exit {c}"),
        }
    }
}

impl From<wing_client::Error> for CliError {
    fn from(e: wing_client::Error) -> Self {
        match e {
            wing_client::Error::Config(m) => CliError::Usage(m),
            e => CliError::Api(e),
        }
    }
}

pub type CliResult<T> = Result<T, CliError>;

impl CliError {
    pub fn code(&self) -> u8 {
        match self {
            CliError::Usage(_) => USAGE,
            CliError::Api(wing_client::Error::WaitTimeout { .. }) => PENDING,
            CliError::Api(_) => API_ERROR,
            CliError::Exit(c) => *c,
        }
    }

    pub fn report(self) -> ExitCode {
        match &self {
            CliError::Exit(_) => {}
            CliError::Usage(m) => eprintln!("error: {m}"),
            CliError::Api(e) => eprintln!("error: {e}"),
        }
        ExitCode::from(self.code())
    }
}
