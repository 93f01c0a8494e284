//! `wing-coupons`: the sandbox/service server (`serve`) and client commands.

mod serve;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "wing-coupons",
    version,
    about = "Coupang WING coupon API: a wire-exact local server, and tools to call the API"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (sandbox by default) on SQLite.
    Serve(serve::ServeArgs),
    /// Print the Authorization header for one request, for curl users and for debugging
    /// signature mismatches.
    Sign(SignArgs),
}

#[derive(clap::Args)]
struct SignArgs {
    /// HTTP method, e.g. GET.
    method: String,
    /// Path with the query exactly as it will be sent, e.g. '/v2/providers/…/coupons?status=APPLIED'.
    path_with_query: String,
    #[arg(long, env = "COUPANG_ACCESS_KEY", hide_env_values = true)]
    access_key: String,
    #[arg(long, env = "COUPANG_SECRET_KEY", hide_env_values = true)]
    secret_key: String,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => serve::run(args),
        Command::Sign(a) => {
            let (path, query) = a
                .path_with_query
                .split_once('?')
                .unwrap_or((&a.path_with_query, ""));
            let method = a.method.to_ascii_uppercase();
            println!(
                "{}",
                wing_wire::cea::authorization(
                    &a.access_key,
                    &a.secret_key,
                    &method,
                    path,
                    query,
                    chrono::Utc::now()
                )
            );
            ExitCode::SUCCESS
        }
    }
}
