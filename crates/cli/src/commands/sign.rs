//! `sign METHOD PATH_WITH_QUERY`: the Authorization header for one request.

use crate::exit::{CliError, CliResult};
use crate::settings::Settings;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// HTTP method, e.g. GET.
    method: String,
    /// Path with the query exactly as it will be sent, e.g.
    /// '/v2/providers/fms/apis/api/v2/vendors/A00012345/coupons?status=APPLIED&page=1&size=10'.
    path_with_query: String,
    /// Also print the message that was signed (signed-date + method + path + query), to compare
    /// with the server's `x-wing-expected-canonical-string`.
    #[arg(long)]
    show_message: bool,
}

pub fn run(a: Args, s: &Settings) -> CliResult<()> {
    let missing = |what: &str| {
        CliError::Usage(format!(
            "sign needs the {what}: flag, environment or config file"
        ))
    };
    let access = s
        .access_key
        .value
        .as_deref()
        .ok_or_else(|| missing("access key"))?;
    let secret = s
        .secret_key
        .value
        .as_deref()
        .ok_or_else(|| missing("secret key"))?;
    let (path, query) = a
        .path_with_query
        .split_once('?')
        .unwrap_or((&a.path_with_query, ""));
    if !path.starts_with('/') {
        return Err(CliError::Usage(format!(
            "the path must start with '/': {path:?}"
        )));
    }
    let method = a.method.to_ascii_uppercase();
    let now = chrono::Utc::now();
    println!(
        "{}",
        wing_wire::cea::authorization(access, secret, &method, path, query, now)
    );
    if a.show_message {
        let date = wing_wire::cea::signed_date(now);
        eprintln!(
            "signed message: {}",
            wing_wire::cea::canonical_message(&date, &method, path, query)
        );
    }
    Ok(())
}
