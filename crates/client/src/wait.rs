//! Waiting for asynchronous requests (I3 and D5) and reading their outcome.

use crate::error::{Error, Result};
use crate::transport::Client;
use serde::Serialize;
use std::future::Future;
use std::time::Duration;
use tokio::time::Instant;
use wing_wire::download::TransactionState;
use wing_wire::fms::{RequestState, RequestStatus, RequestType};

/// How a waiter polls: from `first_poll`, doubling up to `max_poll`, until `timeout`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WaitOptions {
    pub timeout: Duration,
    pub first_poll: Duration,
    pub max_poll: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            timeout: Duration::from_secs(300),
            first_poll: Duration::from_millis(50),
            max_poll: Duration::from_secs(5),
        }
    }
}

/// A terminal request, classified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "camelCase")]
pub enum Outcome {
    /// `DONE` with no failed item.
    Succeeded(Report),
    /// Some items applied, some failed.
    PartiallyFailed(Report),
    /// `FAIL`: nothing applied.
    Failed(Report),
}

impl Outcome {
    pub fn report(&self) -> &Report {
        match self {
            Outcome::Succeeded(r) | Outcome::PartiallyFailed(r) | Outcome::Failed(r) => r,
        }
    }

    pub fn into_report(self) -> Report {
        match self {
            Outcome::Succeeded(r) | Outcome::PartiallyFailed(r) | Outcome::Failed(r) => r,
        }
    }

    fn of(r: Report) -> Outcome {
        if r.status == RequestStatus::Done && r.failed == 0 {
            Outcome::Succeeded(r)
        } else if r.succeeded > 0 {
            Outcome::PartiallyFailed(r)
        } else {
            Outcome::Failed(r)
        }
    }
}

/// I3's and D5's answers, in one form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub requested_id: String,
    #[serde(rename = "type")]
    pub kind: RequestType,
    pub status: RequestStatus,
    pub coupon_id: Option<i64>,
    pub total: i64,
    pub succeeded: i64,
    pub failed: i64,
    pub failures: Vec<ItemFailure>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemFailure {
    pub vendor_item_id: i64,
    pub reason: Reason,
}

/// A failure reason, `"[CIR08] 해당 옵션은 이미 다른 쿠폰(89450797)에 발행되어져 있습니다."`, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reason {
    pub code: ReasonCode,
    /// The text as the server sent it.
    pub text: String,
    /// The coupon CIR08/CIR14 name as already holding the item.
    pub holding_coupon_id: Option<i64>,
}

/// The item-level codes of spec §4; others are kept as they came.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ReasonCode {
    /// CIE00: not a valid option id.
    InvalidOption,
    /// CIR06: no such option among the seller's.
    OptionNotFound,
    /// CIR08: on another instant coupon.
    OnAnotherInstantCoupon,
    /// CIE06: the discount is too small or too large for the item's price.
    DiscountOutOfRange,
    /// CIR14: on another downloadable coupon.
    OnAnotherDownloadCoupon,
    /// Any other `[CODE]`, or `""` when the reason has none.
    Other(String),
}

impl ReasonCode {
    pub fn parse(code: &str) -> ReasonCode {
        match code.to_ascii_uppercase().as_str() {
            "CIE00" => ReasonCode::InvalidOption,
            "CIR06" => ReasonCode::OptionNotFound,
            "CIR08" => ReasonCode::OnAnotherInstantCoupon,
            "CIE06" => ReasonCode::DiscountOutOfRange,
            "CIR14" => ReasonCode::OnAnotherDownloadCoupon,
            _ => ReasonCode::Other(code.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            ReasonCode::InvalidOption => "CIE00",
            ReasonCode::OptionNotFound => "CIR06",
            ReasonCode::OnAnotherInstantCoupon => "CIR08",
            ReasonCode::DiscountOutOfRange => "CIE06",
            ReasonCode::OnAnotherDownloadCoupon => "CIR14",
            ReasonCode::Other(c) => c,
        }
    }
}

impl Serialize for ReasonCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Reason {
    pub fn parse(text: &str) -> Reason {
        let code = text
            .trim_start()
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .map(|(c, _)| c.trim())
            .unwrap_or("");
        // "…다른 쿠폰(89450797)에…" or "…(14434486 외 2건)…": the first number in parentheses.
        let holding_coupon_id = text.split_once('(').and_then(|(_, r)| {
            let digits: String = r.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        });
        Reason {
            code: ReasonCode::parse(code),
            text: text.to_string(),
            holding_coupon_id,
        }
    }
}

impl ItemFailure {
    fn new(vendor_item_id: i64, reason: &str) -> ItemFailure {
        ItemFailure {
            vendor_item_id,
            reason: Reason::parse(reason),
        }
    }
}

/// I3's and D5's answers carry the same facts under different names.
impl From<RequestState> for Report {
    fn from(s: RequestState) -> Self {
        Report {
            requested_id: s.requested_id,
            kind: s.kind,
            status: s.status,
            coupon_id: s.coupon_id,
            total: s.total,
            succeeded: s.succeeded,
            failed: s.failed,
            failures: s
                .failed_vendor_items
                .iter()
                .map(|f| ItemFailure::new(f.vendor_item_id, &f.reason))
                .collect(),
        }
    }
}

impl From<TransactionState> for Report {
    fn from(s: TransactionState) -> Self {
        Report {
            requested_id: s.requested_id,
            kind: s.kind,
            status: s.status,
            coupon_id: s.coupon_id,
            total: s.total,
            succeeded: s.succeeded,
            failed: s.failed,
            failures: s
                .coupon_failed_vendor_item_id_responses
                .iter()
                .map(|f| ItemFailure::new(f.vendor_item_id, &f.failure_reason))
                .collect(),
        }
    }
}

impl Client {
    /// Polls I3 until the request is `DONE` or `FAIL`, or `opts.timeout` passes.
    pub async fn wait_for_request(&self, requested_id: &str, opts: WaitOptions) -> Result<Outcome> {
        poll(requested_id, opts, || async {
            Ok(Report::from(self.request_status(requested_id).await?))
        })
        .await
    }

    /// Polls D5 until the D2/D3 request is `DONE` or `FAIL`, or `opts.timeout` passes.
    pub async fn wait_for_transaction(
        &self,
        transaction_id: &str,
        opts: WaitOptions,
    ) -> Result<Outcome> {
        poll(transaction_id, opts, || async {
            Ok(Report::from(self.transaction_status(transaction_id).await?))
        })
        .await
    }
}

async fn poll<F, Fut>(id: &str, opts: WaitOptions, mut fetch: F) -> Result<Outcome>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Report>>,
{
    let start = Instant::now();
    let deadline = start + opts.timeout;
    let mut pause = opts.first_poll;
    loop {
        let r = fetch().await?;
        if r.status.is_terminal() {
            return Ok(Outcome::of(r));
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(Error::WaitTimeout {
                requested_id: id.to_string(),
                status: r.status,
                waited: now - start,
            });
        }
        tokio::time::sleep(pause.min(deadline - now)).await;
        pause = (pause * 2).min(opts.max_poll);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_reasons() {
        let r =
            Reason::parse("[CIR08] 해당 옵션은 이미 다른 쿠폰(89450797)에 발행되어져 있습니다.");
        assert_eq!(
            (r.code, r.holding_coupon_id),
            (ReasonCode::OnAnotherInstantCoupon, Some(89450797))
        );
        let r = Reason::parse(
            "[CIR14] 해당 옵션은 이미 다른 쿠폰(14434486 외 2건)에 발행되어져 있습니다.",
        );
        assert_eq!(
            (r.code, r.holding_coupon_id),
            (ReasonCode::OnAnotherDownloadCoupon, Some(14434486))
        );
        let r = Reason::parse("[CIE00] 유효하지 않은 옵션아이디 입니다.");
        assert_eq!((r.code.as_str(), r.holding_coupon_id), ("CIE00", None));
        let r = Reason::parse("쿠폰이 만료되었습니다");
        assert_eq!(r.code, ReasonCode::Other(String::new()));
    }
}
