//! `requests …`: the asynchronous requests of instant coupons (I3).

use crate::commands::{finish, WaitArgs};
use crate::exit::CliResult;
use crate::output::Out;
use clap::Subcommand;
use wing_client::{Client, Report};

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// The state of a request (I3); --wait polls until it is DONE or FAIL.
    Get {
        /// The requestedId an asynchronous call answered.
        requested_id: String,
        #[command(flatten)]
        wait: WaitArgs,
    },
}

pub async fn run(cmd: Cmd, client: &Client, out: Out) -> CliResult<()> {
    let Cmd::Get { requested_id, wait } = cmd;
    if wait.wait {
        return finish(
            out,
            &client
                .wait_for_request(&requested_id, wait.options())
                .await?,
        );
    }
    let state = client.request_status(&requested_id).await?;
    out.state(&state, Report::from(state.clone()));
    Ok(())
}
