//! `wing-coupons`: the sandbox/service server (`serve`) and the client commands.
//!
//! Exit codes are in [`exit`]; settings (flag > environment > config file) in [`settings`].

mod bulk;
mod commands;
mod exit;
mod output;
mod serve;
mod settings;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "wing-coupons",
    version,
    about = "Coupang WING coupon API: a wire-exact local server, and a client for it and for Coupang's gateway",
    after_help = "Exit codes: 0 success, 1 API error, 2 usage error, 3 partial failure, 4 still pending."
)]
struct Cli {
    #[command(flatten)]
    conn: settings::ConnArgs,
    /// Print the API's JSON instead of a table.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (sandbox by default) on SQLite or PostgreSQL.
    Serve(serve::ServeArgs),
    /// Contracts (C2, C3).
    #[command(subcommand)]
    Contracts(commands::contracts::Cmd),
    /// Budgets per contract and month (C1).
    Budgets(commands::contracts::BudgetsArgs),
    /// Instant discount coupons (I1, I2, I6, I9, I10).
    #[command(subcommand)]
    Coupons(commands::coupons::Cmd),
    /// Items of instant coupons (I4, I5, I7, I8, I11), including bulk add from a file.
    #[command(subcommand)]
    Items(commands::items::Cmd),
    /// Asynchronous requests of instant coupons (I3).
    #[command(subcommand)]
    Requests(commands::requests::Cmd),
    /// Downloadable coupons (D1–D5), including bulk item add from a file.
    #[command(subcommand, name = "download-coupons")]
    DownloadCoupons(commands::download::Cmd),
    /// Print the Authorization header for one request, for curl users and for debugging
    /// signature mismatches.
    Sign(commands::sign::Args),
    /// The client's settings.
    #[command(subcommand)]
    Config(commands::config::Cmd),
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    if let Command::Serve(args) = cli.command {
        return serve::run(args);
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let out = output::Out { json: cli.json };
    let result = settings::Settings::resolve(&cli.conn, &matches).and_then(|s| {
        let rt = tokio::runtime::Runtime::new()
            .map_err(|e| exit::CliError::Usage(format!("cannot start the runtime: {e}")))?;
        rt.block_on(commands::run(cli.command, &s, out))
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command says what it does and every flag what it means, in `--help`.
    #[test]
    fn every_command_and_flag_has_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            let path = format!("{path} {}", cmd.get_name());
            if cmd.get_about().is_none() && path.contains(' ') && path.trim() != "wing-coupons" {
                missing.push(format!("{path}: no about"));
            }
            for a in cmd.get_arguments() {
                if a.get_help().is_none() && !["help", "version"].contains(&a.get_id().as_str()) {
                    missing.push(format!("{path} {}", a.get_id()));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &path, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "without help: {missing:#?}");
        Cli::command().debug_assert();
    }
}
