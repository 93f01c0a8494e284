//! Accepting an async request: record it `REQUESTED` and wake the worker. Shared by both families.

use crate::engine::Family;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::{Enqueued, NewRequest, Now};
use wing_wire::fms::RequestType;

pub struct Accept<'a> {
    pub vendor_id: &'a str,
    pub family: Family,
    pub kind: RequestType,
    pub coupon_id: Option<i64>,
    /// JSON of the validated command.
    pub payload: String,
    /// 1, or the number of ids sent.
    pub total: i64,
    /// Refuse while another request on the same coupon is `REQUESTED`.
    pub alone_on_coupon: bool,
}

/// The new request's id, or `None` when `alone_on_coupon` refused it. `mint` makes an id from the
/// clock reading and the attempt number; a clash (two requests in one millisecond) tries again.
pub async fn accept(
    state: &AppState,
    a: Accept<'_>,
    mint: impl Fn(&Now, u32) -> String,
) -> ApiResult<Option<String>> {
    let now = state.now();
    // Ids are minted from the clock: calls in the same millisecond take the next ones.
    for attempt in 0..64 {
        let requested_id = mint(&now, attempt);
        let req = NewRequest {
            requested_id: requested_id.clone(),
            vendor_id: a.vendor_id.to_string(),
            family: a.family,
            kind: a.kind,
            coupon_id: a.coupon_id,
            payload: a.payload.clone(),
            total: a.total,
            created_at: now.kst.clone(),
            created_ms: now.epoch_ms,
        };
        match state.store.enqueue(req, a.alone_on_coupon).await? {
            Enqueued::Accepted => {
                state.wake.notify_one();
                return Ok(Some(requested_id));
            }
            Enqueued::CouponBusy => return Ok(None),
            Enqueued::IdTaken => continue,
        }
    }
    Err(anyhow::anyhow!("could not mint a free request id").into())
}
