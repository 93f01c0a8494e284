//! The client commands, one module per family.

pub mod config;
pub mod contracts;
pub mod coupons;
pub mod download;
pub mod items;
pub mod requests;
pub mod sign;

use crate::exit::{self, CliError, CliResult};
use crate::output::Out;
use crate::settings::Settings;
use crate::Command as TopCommand;
use std::time::Duration;
use wing_client::{Outcome, WaitOptions};

pub async fn run(command: TopCommand, s: &Settings, out: Out) -> CliResult<()> {
    match command {
        TopCommand::Serve(_) => unreachable!("serve runs its own runtime"),
        TopCommand::Sign(a) => sign::run(a, s),
        TopCommand::Config(c) => config::run(c, s, out),
        TopCommand::Contracts(c) => contracts::run(c, &s.client()?, out).await,
        TopCommand::Budgets(a) => contracts::budgets(a, &s.client()?, out).await,
        TopCommand::Coupons(c) => coupons::run(c, &s.client()?, out).await,
        TopCommand::Items(c) => items::run(c, &s.client()?, out).await,
        TopCommand::Requests(c) => requests::run(c, &s.client()?, out).await,
        TopCommand::DownloadCoupons(c) => download::run(c, s, out).await,
    }
}

/// `--wait` and how long, for every asynchronous command.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct WaitArgs {
    /// Wait for the request to finish and print its outcome.
    #[arg(long)]
    pub wait: bool,
    /// Give up waiting after this many seconds (exit code 4).
    #[arg(long, default_value_t = 300)]
    pub wait_timeout_secs: u64,
}

impl WaitArgs {
    pub fn options(&self) -> WaitOptions {
        WaitOptions {
            timeout: Duration::from_secs(self.wait_timeout_secs),
            ..WaitOptions::default()
        }
    }
}

/// Prints a terminal request and turns its verdict into the exit code.
pub fn finish(out: Out, o: &Outcome) -> CliResult<()> {
    out.outcome(o);
    match o {
        Outcome::Succeeded(_) => Ok(()),
        Outcome::PartiallyFailed(_) => Err(CliError::Exit(exit::PARTIAL)),
        Outcome::Failed(_) => Err(CliError::Exit(exit::API_ERROR)),
    }
}
