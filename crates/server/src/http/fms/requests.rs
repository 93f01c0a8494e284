//! I3 request status, and how every async mutation is accepted.

use crate::auth::Caller;
use crate::domain::{ids, messages};
use crate::engine::Family;
use crate::error::{ApiError, ApiResult};
use crate::http::ok;
use crate::http::queue::{self, Accept};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use wing_wire::fms::{FailedVendorItem, RequestState, RequestType, Requested};

/// Accepts an FMS request and answers with its `requestedId`. With `alone_on_coupon` (I2) the
/// request is refused, as spec §6 Q7 reads it, while another request on the coupon is pending:
/// HTTP 200 with `{"requestedId":null,"success":false}`.
pub(super) async fn accept(
    state: &AppState,
    caller: &Caller,
    kind: RequestType,
    coupon_id: Option<i64>,
    (payload, total): (String, i64),
    alone_on_coupon: bool,
) -> ApiResult<Response> {
    let a = Accept {
        vendor_id: &caller.vendor_id,
        family: Family::Fms,
        kind,
        coupon_id,
        payload,
        total,
        alone_on_coupon,
    };
    let requested_id =
        queue::accept(state, a, |now, _| ids::new_requested_id(now.epoch_ms)).await?;
    Ok(ok(Requested {
        success: requested_id.is_some(),
        requested_id,
    }))
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
        .filter(|r| r.family == Family::Fms)
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
