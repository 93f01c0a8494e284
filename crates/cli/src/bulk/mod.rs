//! Bulk item add, for instant (I4, 10,000 ids per call) and downloadable coupons (D2, 100 per
//! call): read and de-duplicate the ids, send the chunks concurrently within the client's rate
//! limit, wait for every request, then summarise and write the failures report.
//!
//! Re-running is safe. The [`journal`] records each chunk before it is sent, when it is accepted
//! and when it ends, so a re-run waits for accepted chunks instead of resending them. A chunk
//! whose fate is unknown (sent, no answer) is sent again: the database lets an item sit on only
//! one live coupon, so an item that was applied comes back as "already on coupon N" naming this
//! very coupon, which counts as applied, not failed.

pub mod input;
pub mod journal;
pub mod report;

use crate::exit::{self, CliError, CliResult};
use crate::output::{table, Out};
use futures_util::{stream, StreamExt, TryStreamExt};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use journal::{Entry, Finished, Header, Journal, Known};
use report::FailedRow;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use wing_client::wire::download::{AddItems, CouponItems, ResultStatus};
use wing_client::{Client, Error, Reason, ReasonCode, WaitOptions};

/// The bulk flags, the same for both families.
#[derive(clap::Args, Debug)]
pub struct BulkArgs {
    /// The coupon to add the items to.
    pub coupon_id: i64,
    /// Vendor item ids (more can come from --file).
    pub ids: Vec<i64>,
    /// Read vendor item ids from a CSV file (a vendorItemId column, or the only one) or a text
    /// file (whitespace-separated); '-' reads stdin.
    #[arg(long, short)]
    pub file: Option<PathBuf>,
    /// Write every failed item with its reason code to this file: JSON if it ends in .json,
    /// else CSV.
    #[arg(long)]
    pub failures: Option<PathBuf>,
    /// The journal that makes a re-run resume instead of resending. Default: one per coupon and
    /// id list under $XDG_STATE_HOME/wing-coupons (~/.local/state/wing-coupons).
    #[arg(long)]
    pub state: Option<PathBuf>,
    /// Calls in flight at once; the rate limit still spaces them.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Give up waiting for the requests after this many seconds (exit code 4; re-run to resume).
    #[arg(long, default_value_t = 1800)]
    pub wait_timeout_secs: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Instant,
    Download,
}

impl Family {
    fn chunk_size(self) -> usize {
        match self {
            Family::Instant => 10_000,
            Family::Download => 100,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Family::Instant => "instant",
            Family::Download => "download",
        }
    }
}

struct Target {
    client: Client,
    family: Family,
    coupon_id: i64,
    user_id: String,
    wait: WaitOptions,
}

enum Sent {
    Accepted(String),
    Refused(String),
}

/// How a chunk ended in this run.
enum End {
    Done(Finished),
    Refused(String),
    /// Sent or accepted, outcome not known yet: a re-run finds out.
    Unknown(String),
}

impl Target {
    async fn send(&self, ids: &[i64]) -> Result<Sent, Error> {
        let answer = match self.family {
            Family::Instant => self.client.add_items(self.coupon_id, ids).await.map(|r| {
                match r.requested_id.filter(|_| r.success) {
                    Some(id) => Sent::Accepted(id),
                    None => Sent::Refused("not accepted".into()),
                }
            }),
            Family::Download => {
                let body = AddItems {
                    coupon_items: vec![CouponItems {
                        coupon_id: self.coupon_id,
                        user_id: self.user_id.clone(),
                        vendor_item_ids: ids.to_vec(),
                    }],
                };
                self.client.add_download_items(&body).await.map(|r| {
                    let first = r.into_iter().next();
                    let tx = first.as_ref().and_then(|e| {
                        (e.request_result_status == ResultStatus::Success)
                            .then(|| e.body.as_ref()?.request_transaction_id.clone())
                            .flatten()
                    });
                    match (tx, first) {
                        (Some(tx), _) => Sent::Accepted(tx),
                        (None, Some(e)) => {
                            Sent::Refused(e.error_message.unwrap_or_else(|| {
                                "accepted without a requestTransactionId".into()
                            }))
                        }
                        (None, None) => Sent::Refused("empty answer".into()),
                    }
                })
            }
        };
        match answer {
            // The API refused the call as a whole: nothing of it was applied.
            Err(Error::Api { message, .. }) => Ok(Sent::Refused(message)),
            other => other,
        }
    }

    async fn wait(&self, id: &str) -> Result<Finished, Error> {
        let outcome = match self.family {
            Family::Instant => self.client.wait_for_request(id, self.wait).await?,
            Family::Download => self.client.wait_for_transaction(id, self.wait).await?,
        };
        let r = outcome.into_report();
        Ok(Finished {
            requested_id: r.requested_id,
            succeeded: r.succeeded,
            failures: r
                .failures
                .into_iter()
                .map(|f| (f.vendor_item_id, f.reason.text))
                .collect(),
        })
    }

    async fn wait_and_record(&self, j: &Journal, chunk: usize, id: &str) -> CliResult<End> {
        match self.wait(id).await {
            Ok(f) => {
                record(
                    j,
                    &Entry::Done {
                        chunk,
                        result: f.clone(),
                    },
                )?;
                Ok(End::Done(f))
            }
            Err(e @ Error::Gateway { .. }) => Err(e.into()),
            Err(e) => Ok(End::Unknown(format!("request {id}: {e}"))),
        }
    }

    async fn chunk(&self, j: &Journal, chunk: usize, ids: &[i64], known: Known) -> CliResult<End> {
        match known {
            Known::Done(f) => return Ok(End::Done(f)),
            Known::Accepted(id) => return self.wait_and_record(j, chunk, &id).await,
            Known::Nothing | Known::Sending | Known::Refused => {}
        }
        record(j, &Entry::Sending { chunk })?;
        match self.send(ids).await {
            Ok(Sent::Accepted(id)) => {
                record(
                    j,
                    &Entry::Accepted {
                        chunk,
                        requested_id: id.clone(),
                    },
                )?;
                self.wait_and_record(j, chunk, &id).await
            }
            Ok(Sent::Refused(message)) => {
                record(
                    j,
                    &Entry::Refused {
                        chunk,
                        message: message.clone(),
                    },
                )?;
                Ok(End::Refused(message))
            }
            Err(e @ Error::Gateway { .. }) => Err(e.into()),
            // Unknown whether it applied: the journal still says "sending", and a re-run
            // resends it safely.
            Err(e) => Ok(End::Unknown(e.to_string())),
        }
    }
}

fn record(j: &Journal, e: &Entry) -> CliResult<()> {
    j.record(e)
        .map_err(|err| CliError::Usage(format!("journal {}: {err}", j.path.display())))
}

fn digest(family: Family, coupon_id: i64, ids: &[i64]) -> String {
    let mut h = Sha256::new();
    h.update(format!("{}:{coupon_id}:", family.name()));
    for id in ids {
        h.update(id.to_le_bytes());
    }
    hex::encode(&h.finalize()[..8])
}

fn default_state_dir() -> PathBuf {
    std::env::var_os("XDG_STATE_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".local/state")))
        .unwrap_or_else(|| PathBuf::from("."))
        .join("wing-coupons")
}

/// What a bulk run did, printed as the summary.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub family: Family,
    pub coupon_id: i64,
    pub ids: usize,
    pub duplicates_dropped: usize,
    pub requests: usize,
    pub applied: i64,
    /// Items that were on this coupon already (an earlier or interrupted run).
    pub already_on_coupon: i64,
    pub failed: usize,
    /// Items whose requests had not finished; re-run to resume.
    pub pending: usize,
    pub seconds: f64,
    pub journal: PathBuf,
    pub failures_report: Option<PathBuf>,
}

pub async fn run(
    client: &Client,
    family: Family,
    user_id: String,
    args: BulkArgs,
    out: Out,
) -> CliResult<()> {
    let started = Instant::now();
    let ids = input::read(&args.ids, args.file.as_deref()).map_err(CliError::Usage)?;
    let size = family.chunk_size();
    let chunks: Vec<&[i64]> = ids.ids.chunks(size).collect();
    let header = Header {
        family: family.name().into(),
        coupon_id: args.coupon_id,
        chunk_size: size,
        ids: ids.ids.len(),
        digest: digest(family, args.coupon_id, &ids.ids),
    };
    let path = args.state.clone().unwrap_or_else(|| {
        default_state_dir().join(format!(
            "bulk-{}-{}-{}.jsonl",
            family.name(),
            args.coupon_id,
            header.digest
        ))
    });
    let (journal, known) = Journal::open(&path, &header, chunks.len()).map_err(CliError::Usage)?;
    let target = Target {
        client: client.clone(),
        family,
        coupon_id: args.coupon_id,
        user_id,
        wait: WaitOptions {
            timeout: Duration::from_secs(args.wait_timeout_secs),
            ..WaitOptions::default()
        },
    };

    let bar = if std::io::stdout().is_terminal() {
        ProgressBar::with_draw_target(Some(ids.ids.len() as u64), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} items ({per_sec}, eta {eta})",
        )
        .expect("static template")
        .progress_chars("=> "),
    );
    let ends: Vec<(usize, End)> = stream::iter(chunks.iter().copied().zip(known).enumerate())
        .map(|(i, (ids, k))| {
            let (target, journal, bar) = (&target, &journal, &bar);
            async move {
                let end = target.chunk(journal, i, ids, k).await?;
                bar.inc(ids.len() as u64);
                Ok::<_, CliError>((i, end))
            }
        })
        .buffer_unordered(usize::from(args.concurrency))
        .try_collect()
        .await?;
    bar.finish_and_clear();

    let mut summary = Summary {
        family,
        coupon_id: args.coupon_id,
        ids: ids.ids.len(),
        duplicates_dropped: ids.duplicates,
        requests: chunks.len(),
        applied: 0,
        already_on_coupon: 0,
        failed: 0,
        pending: 0,
        seconds: 0.0,
        journal: path,
        failures_report: args.failures.clone(),
    };
    let mut rows = Vec::new();
    let mut ends = ends;
    ends.sort_by_key(|(i, _)| *i);
    for (i, end) in ends {
        match end {
            End::Done(f) => {
                summary.applied += f.succeeded;
                for (vendor_item_id, text) in f.failures {
                    let reason = Reason::parse(&text);
                    let mine = matches!(
                        reason.code,
                        ReasonCode::OnAnotherInstantCoupon | ReasonCode::OnAnotherDownloadCoupon
                    ) && reason.holding_coupon_id == Some(args.coupon_id);
                    if mine {
                        summary.already_on_coupon += 1;
                    } else {
                        rows.push(FailedRow {
                            vendor_item_id,
                            code: reason.code.as_str().to_string(),
                            reason: text,
                            requested_id: f.requested_id.clone(),
                        });
                    }
                }
            }
            End::Refused(message) => rows.extend(chunks[i].iter().map(|v| FailedRow {
                vendor_item_id: *v,
                code: "REFUSED".into(),
                reason: message.clone(),
                requested_id: String::new(),
            })),
            End::Unknown(why) => {
                summary.pending += chunks[i].len();
                eprintln!(
                    "chunk {} ({} items) not finished: {why}",
                    i + 1,
                    chunks[i].len()
                );
            }
        }
    }
    summary.failed = rows.len();
    summary.seconds = (started.elapsed().as_secs_f64() * 100.0).round() / 100.0;
    if let Some(p) = &args.failures {
        report::write(p, &rows).map_err(CliError::Usage)?;
    }
    show(out, &summary);

    let done = summary.applied + summary.already_on_coupon;
    let code = if summary.pending > 0 {
        exit::PENDING
    } else if summary.failed > 0 && done > 0 {
        exit::PARTIAL
    } else if summary.failed > 0 {
        exit::API_ERROR
    } else {
        exit::SUCCESS
    };
    match code {
        exit::SUCCESS => Ok(()),
        c => Err(CliError::Exit(c)),
    }
}

fn show(out: Out, s: &Summary) {
    if out.json {
        return out.json(s);
    }
    let rows = vec![
        vec![
            "items".into(),
            format!("{} ({} duplicates dropped)", s.ids, s.duplicates_dropped),
        ],
        vec!["requests".into(), s.requests.to_string()],
        vec!["applied".into(), s.applied.to_string()],
        vec![
            "already on the coupon".into(),
            s.already_on_coupon.to_string(),
        ],
        vec!["failed".into(), s.failed.to_string()],
        vec!["pending (re-run to resume)".into(), s.pending.to_string()],
        vec!["seconds".into(), s.seconds.to_string()],
        vec!["journal".into(), s.journal.display().to_string()],
        vec![
            "failures report".into(),
            s.failures_report
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "- (use --failures FILE)".into()),
        ],
    ];
    println!("bulk add to {} coupon {}", s.family.name(), s.coupon_id);
    println!("{}", table(&[], rows));
}
