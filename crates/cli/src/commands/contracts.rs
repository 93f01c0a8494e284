//! `contracts …` (C2, C3) and `budgets` (C1).

use crate::exit::CliResult;
use crate::output::{scalar, Out};
use clap::Subcommand;
use wing_client::wire::fms::Contract;
use wing_client::Client;

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Every contract of the vendor (C3).
    List,
    /// One contract (C2).
    Get {
        /// The contractId.
        contract_id: i64,
    },
}

#[derive(clap::Args, Debug)]
pub struct BudgetsArgs {
    /// Only this contract (-1: the free contract).
    #[arg(long, allow_hyphen_values = true)]
    contract_id: Option<i64>,
    /// The month, yyyy-MM (default: this month).
    #[arg(long)]
    month: Option<String>,
}

fn row(c: &Contract) -> Vec<String> {
    vec![
        c.contract_id.to_string(),
        c.kind.to_string(),
        c.use_budget.to_string(),
        c.start.clone(),
        c.end.clone(),
        scalar(&serde_json::json!(c.seller_share_ratio)),
    ]
}

const HEADER: &[&str] = &[
    "contractId",
    "type",
    "useBudget",
    "start",
    "end",
    "sellerShareRatio",
];

pub async fn run(cmd: Cmd, client: &Client, out: Out) -> CliResult<()> {
    match cmd {
        Cmd::List => {
            let all = client.contracts().await?;
            out.show(&all, HEADER, all.iter().map(row).collect());
        }
        Cmd::Get { contract_id } => out.record(&client.contract(contract_id).await?),
    }
    Ok(())
}

pub async fn budgets(a: BudgetsArgs, client: &Client, out: Out) -> CliResult<()> {
    let all = client.budgets(a.contract_id, a.month.as_deref()).await?;
    let rows = all
        .iter()
        .map(|b| {
            vec![
                b.contract_id.to_string(),
                b.target_month.clone(),
                b.vendor_share_ratio.to_string(),
                b.total_budget_amount.to_string(),
                format!("{:.2}", b.used_budget_amount.0),
            ]
        })
        .collect();
    out.show(
        &all,
        &[
            "contractId",
            "targetMonth",
            "vendorShareRatio",
            "totalBudgetAmount",
            "usedBudgetAmount",
        ],
        rows,
    );
    Ok(())
}
