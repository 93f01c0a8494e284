//! `download-coupons …`: downloadable coupons (D1–D5).

use crate::bulk::{self, BulkArgs, Family};
use crate::commands::{finish, WaitArgs};
use crate::exit::{self, CliError, CliResult};
use crate::output::{table, Out};
use crate::settings::Settings;
use clap::Subcommand;
use std::path::PathBuf;
use wing_client::wire::download::{
    CreateCoupon, Expire, ExpireEntry, NewPolicy, RequestResult, ResultStatus, TypeOfDiscount,
};
use wing_client::Report;

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Create a downloadable coupon (D1) with one to three policies.
    Create(CreateArgs),
    /// One downloadable coupon (D4).
    Get {
        /// The couponId.
        coupon_id: i64,
    },
    /// Add items (D2), any number: ids from arguments, a CSV/text file or stdin, sent 100 per
    /// request. Always waits for every request, prints a summary and can write a failures report;
    /// re-running resumes instead of resending.
    AddItems(BulkArgs),
    /// Expire downloadable coupons (D3, asynchronous).
    Expire {
        /// The couponIds.
        #[arg(required = true)]
        coupon_ids: Vec<i64>,
        /// The reason Coupang records.
        #[arg(long, default_value = "expired")]
        reason: String,
        #[command(flatten)]
        wait: WaitArgs,
    },
    /// The state of a D2/D3 request (D5); --wait polls until it is DONE or FAIL.
    Status {
        /// The requestTransactionId a D2/D3 call answered.
        request_transaction_id: String,
        #[command(flatten)]
        wait: WaitArgs,
    },
}

#[derive(clap::Args, Debug)]
pub struct CreateArgs {
    /// The contract to charge (see `contracts list`).
    #[arg(long)]
    contract_id: i64,
    /// The coupon's title.
    #[arg(long)]
    title: String,
    /// Start, "yyyy-MM-dd HH:mm:ss" (KST), at least an hour from now.
    #[arg(long)]
    start: String,
    /// End, "yyyy-MM-dd HH:mm:ss" (KST).
    #[arg(long)]
    end: String,
    /// A policy as key=value pairs: title, type (RATE|PRICE), discount, min (minimum price),
    /// max (maximum discount), per-day (maximum per day), description. Repeat for up to three,
    /// e.g. --policy 'title=1000 off,type=PRICE,discount=1000,min=10000,max=1000,per-day=1'.
    #[arg(long, required_unless_present = "policies_json")]
    policy: Vec<String>,
    /// The policies as a JSON file in D1's `policies` form, instead of --policy.
    #[arg(long, conflicts_with = "policy")]
    policies_json: Option<PathBuf>,
}

fn parse_policy(spec: &str) -> Result<NewPolicy, String> {
    let mut p = NewPolicy {
        title: String::new(),
        type_of_discount: TypeOfDiscount::Price,
        description: String::new(),
        minimum_price: 0,
        discount: 0,
        maximum_discount_price: 0,
        maximum_per_daily: 1,
    };
    for pair in spec.split(',') {
        let (k, v) = pair
            .split_once('=')
            .ok_or_else(|| format!("--policy {spec:?}: {pair:?} is not key=value"))?;
        let (k, v) = (k.trim(), v.trim());
        let num = || {
            v.parse::<i64>()
                .map_err(|_| format!("--policy: {k}={v:?} is not a number"))
        };
        match k {
            "title" => p.title = v.into(),
            "description" => p.description = v.into(),
            "type" => {
                p.type_of_discount = TypeOfDiscount::parse(&v.to_ascii_uppercase())
                    .ok_or_else(|| format!("--policy: type must be RATE or PRICE, not {v:?}"))?
            }
            "discount" => p.discount = num()?,
            "min" => p.minimum_price = num()?,
            "max" => p.maximum_discount_price = num()?,
            "per-day" => p.maximum_per_daily = num()?,
            _ => return Err(format!("--policy: unknown key {k:?} (title, type, discount, min, max, per-day, description)")),
        }
    }
    if p.description.is_empty() {
        p.description = p.title.clone();
    }
    Ok(p)
}

fn show_results(out: Out, results: &[RequestResult]) {
    let rows = results
        .iter()
        .map(|r| {
            let body = r.body.as_ref();
            vec![
                body.and_then(|b| b.coupon_id)
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
                format!("{:?}", r.request_result_status).to_uppercase(),
                body.and_then(|b| b.request_transaction_id.clone())
                    .unwrap_or_default(),
                r.error_message.clone().unwrap_or_default(),
            ]
        })
        .collect();
    out.show(
        results,
        &["couponId", "result", "requestTransactionId", "error"],
        rows,
    );
}

pub async fn run(cmd: Cmd, s: &Settings, out: Out) -> CliResult<()> {
    let client = s.client()?;
    match cmd {
        Cmd::Create(a) => {
            let policies = match &a.policies_json {
                Some(p) => {
                    let text = std::fs::read_to_string(p)
                        .map_err(|e| CliError::Usage(format!("{}: {e}", p.display())))?;
                    serde_json::from_str(&text)
                        .map_err(|e| CliError::Usage(format!("{}: {e}", p.display())))?
                }
                None => a
                    .policy
                    .iter()
                    .map(|p| parse_policy(p))
                    .collect::<Result<_, _>>()
                    .map_err(CliError::Usage)?,
            };
            let body = CreateCoupon {
                title: a.title,
                contract_id: a.contract_id,
                coupon_type: "DOWNLOAD".into(),
                start_date: a.start,
                end_date: a.end,
                user_id: s.user_id()?,
                policies,
            };
            let created = client.create_download_coupon(&body).await?;
            if out.json {
                out.json(&created);
            } else {
                println!(
                    "created downloadable coupon {} ({})",
                    created.coupon_id, created.coupon_status
                );
                let rows = created
                    .coupon_policies
                    .iter()
                    .map(|p| {
                        vec![
                            p.title.clone(),
                            p.type_of_discount.to_string(),
                            p.discount.to_string(),
                            p.minimum_price.to_string(),
                            p.manage_code.clone(),
                        ]
                    })
                    .collect();
                println!(
                    "{}",
                    table(
                        &["policy", "type", "discount", "minimumPrice", "manageCode"],
                        rows
                    )
                );
            }
            Ok(())
        }
        Cmd::Get { coupon_id } => {
            let c = client.download_coupon(coupon_id).await?;
            if out.json {
                out.json(&c);
            } else {
                out.record(&serde_json::json!({
                    "couponId": c.coupon_id, "title": c.title, "couponStatus": c.coupon_status,
                    "startDate": c.start_date, "endDate": c.end_date, "publishedDate": c.published_date,
                    "appliedOptionCount": c.applied_option_count, "policies": c.coupon_policies.len(),
                }));
            }
            Ok(())
        }
        Cmd::AddItems(args) => bulk::run(&client, Family::Download, s.user_id()?, args, out).await,
        Cmd::Expire {
            coupon_ids,
            reason,
            wait,
        } => {
            let user_id = s.user_id()?;
            let list = Expire {
                expire_coupon_list: coupon_ids
                    .iter()
                    .map(|id| ExpireEntry {
                        coupon_id: *id,
                        reason: reason.clone(),
                        user_id: user_id.clone(),
                    })
                    .collect(),
            };
            let results = client.expire_download_coupons(&list).await?;
            let refused = results
                .iter()
                .filter(|r| r.request_result_status == ResultStatus::Fail)
                .count();
            if !wait.wait {
                show_results(out, &results);
            } else {
                let mut reports: Vec<Report> = Vec::new();
                for r in &results {
                    if let Some(tx) = r
                        .body
                        .as_ref()
                        .and_then(|b| b.request_transaction_id.as_deref())
                    {
                        reports.push(
                            client
                                .wait_for_transaction(tx, wait.options())
                                .await?
                                .into_report(),
                        );
                    }
                }
                if out.json {
                    out.json(&serde_json::json!({"results": results, "outcomes": reports}));
                } else {
                    show_results(out, &results);
                    for r in &reports {
                        println!("{}", crate::output::summary_line(r));
                    }
                }
                if reports.iter().any(|r| r.failed > 0) {
                    return Err(CliError::Exit(if refused == results.len() {
                        exit::API_ERROR
                    } else {
                        exit::PARTIAL
                    }));
                }
            }
            match refused {
                0 => Ok(()),
                n if n == results.len() => Err(CliError::Exit(exit::API_ERROR)),
                _ => Err(CliError::Exit(exit::PARTIAL)),
            }
        }
        Cmd::Status {
            request_transaction_id,
            wait,
        } => {
            if wait.wait {
                return finish(
                    out,
                    &client
                        .wait_for_transaction(&request_transaction_id, wait.options())
                        .await?,
                );
            }
            let state = client.transaction_status(&request_transaction_id).await?;
            out.state(&state, Report::from(state.clone()));
            Ok(())
        }
    }
}
