//! D2 add items.

use super::coupons::{batch_response, entries, entry_user, EntryResult};
use super::say;
use crate::auth::Caller;
use crate::domain::download::{self, msg, MAX_ITEMS_PER_CALL};
use crate::domain::fields::{self, Object};
use crate::domain::lang::Lang;
use crate::engine::{CouponState, Family};
use crate::error::{ApiError, ApiResult};
use crate::http::queue::{self, Accept};
use crate::http::JsonObject;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use wing_wire::fms::{CouponStatus, RequestType};

/// D2 `PUT /v2/providers/marketplace_openapi/apis/api/v1/coupon-items`: one result per
/// `couponItems` entry; the items themselves are applied asynchronously (see D5).
pub async fn add(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    lang: Lang,
    body: Result<JsonObject, ApiError>,
) -> ApiResult<Response> {
    let JsonObject(body) = body.map_err(|e| e.in_download_shape(true))?;
    let entries = entries(&body, "couponItems")?;
    // A body Jackson could not read fails whole, before any entry is accepted.
    let mut items = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        let list = fields::longs(e, "vendorItemIds").map_err(|m| ApiError::DownloadList {
            status: StatusCode::BAD_REQUEST,
            message: m.replace(
                "reference chain: vendorItemIds",
                &format!("reference chain: couponItems[{i}].vendorItemIds"),
            ),
        })?;
        items.push(list.unwrap_or_default());
    }
    let mut results = Vec::new();
    for (entry, items) in entries.iter().zip(items) {
        results.push(add_one(&state, &caller, lang, entry, items).await?);
    }
    Ok(batch_response(results))
}

async fn add_one(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    entry: &Object,
    items: Vec<i64>,
) -> ApiResult<EntryResult> {
    let (coupon_id, user_id) = match entry_user(state, caller, lang, entry).await? {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    let fail = |t| {
        Ok(Err((
            StatusCode::BAD_REQUEST,
            Some(coupon_id),
            say(lang, t),
        )))
    };
    let Some(coupon) = state
        .store
        .download_coupon(coupon_id)
        .await?
        .filter(|c| c.vendor_id == caller.vendor_id)
    else {
        return fail(msg::no_promotion(coupon_id));
    };
    if coupon.state == CouponState::Destroyed {
        return fail(msg::deleted());
    }
    if items.is_empty() || items.len() > MAX_ITEMS_PER_CALL {
        return fail(msg::items_size());
    }
    if coupon.status(&state.now().kst) == CouponStatus::Expired {
        return fail(msg::expired());
    }
    let payload = serde_json::to_string(&items).map_err(anyhow::Error::from)?;
    let a = Accept {
        vendor_id: &caller.vendor_id,
        family: Family::Download,
        kind: RequestType::CouponItemPublish,
        coupon_id: Some(coupon_id),
        payload,
        total: items.len() as i64,
        // D2 only ever adds (items cannot be removed or replaced), so calls on one coupon may
        // overlap: that is how a seller attaches more than 100 items.
        alone_on_coupon: false,
    };
    let mint = |now: &crate::store::Now, attempt: u32| {
        download::transaction_id(&user_id, coupon_id, now.epoch_ms + i64::from(attempt))
    };
    match queue::accept(state, a, mint).await? {
        Some(id) => Ok(Ok((coupon_id, id))),
        None => Err(anyhow::anyhow!("D2 is never refused as busy").into()),
    }
}
