//! I3 request status, and how every async mutation is accepted.

use crate::auth::Caller;
use crate::domain::{ids, messages};
use crate::error::{ApiError, ApiResult};
use crate::http::ok;
use crate::state::AppState;
use crate::store::{Enqueued, NewRequest};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use wing_wire::fms::{FailedVendorItem, RequestState, RequestType, Requested};

/// Records a `REQUESTED` request and answers with its id; the worker does the rest. With
/// `alone_on_coupon` (I2) the request is refused, as spec §6 Q7 reads it, while another request on
/// the coupon is pending: HTTP 200 with `{"requestedId":null,"success":false}`.
pub(super) async fn accept(
    state: &AppState,
    caller: &Caller,
    kind: RequestType,
    coupon_id: Option<i64>,
    payload: String,
    alone_on_coupon: bool,
) -> ApiResult<Response> {
    let now = state.now();
    for _ in 0..5 {
        let requested_id = ids::new_requested_id(now.epoch_ms);
        let req = NewRequest {
            requested_id: requested_id.clone(),
            vendor_id: caller.vendor_id.clone(),
            kind,
            coupon_id,
            payload: payload.clone(),
            created_at: now.kst.clone(),
            created_ms: now.epoch_ms,
        };
        match state.store.enqueue(req, alone_on_coupon).await? {
            Enqueued::Accepted => {
                state.wake.notify_one();
                return Ok(ok(Requested {
                    requested_id: Some(requested_id),
                    success: true,
                }));
            }
            Enqueued::CouponBusy => {
                return Ok(ok(Requested {
                    requested_id: None,
                    success: false,
                }))
            }
            Enqueued::IdTaken => continue,
        }
    }
    Err(anyhow::anyhow!("could not mint a free requestedId").into())
}

/// I3 `GET /v2/providers/fms/apis/api/v1/vendors/{vendorId}/requested/{requestedId}`
pub async fn status(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((_, requested_id)): Path<(String, String)>,
) -> ApiResult<Response> {
    if !ids::is_requested_id(&requested_id) {
        return Err(ApiError::bad_request(messages::NO_REQUEST));
    }
    let row = state
        .store
        .request(&requested_id)
        .await?
        .ok_or_else(|| ApiError::bad_request(messages::NO_REQUEST))?;
    if row.vendor_id != caller.vendor_id {
        return Err(ApiError::bad_request(messages::VENDOR_MISMATCH_DOT));
    }
    Ok(ok(RequestState {
        coupon_id: row.coupon_id,
        requested_id: row.requested_id,
        kind: row.kind,
        status: row.status,
        total: row.total,
        succeeded: row.succeeded,
        failed: row.failed,
        failed_vendor_items: row
            .failures
            .into_iter()
            .map(|(vendor_item_id, reason)| FailedVendorItem {
                vendor_item_id,
                reason,
            })
            .collect(),
    }))
}
