//! I4 add items, I5 remove items, I7/I8 one item, I11 items by status.

use super::coupons::owned_coupon;
use super::requests::accept;
use crate::auth::Caller;
use crate::domain::instant::parse_vendor_items;
use crate::domain::messages;
use crate::domain::paging::{self, FirstPage};
use crate::error::{ApiError, ApiResult};
use crate::http::{ok, ok_paged, parse_long, JsonObject, Query};
use crate::state::AppState;
use crate::store::{CouponRow, ItemKey, ItemRow};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use wing_wire::fms::{CouponItem, CouponItemStatus, CouponStatus, RequestType};

fn to_wire(i: ItemRow) -> CouponItem {
    CouponItem {
        coupon_item_id: i.coupon_item_id,
        coupon_id: i.coupon_id,
        vendor_item_id: i.vendor_item_id,
        start_at: i.start_at,
        end_at: i.end_at,
        status: i.status,
    }
}

async fn coupon_of_path(state: &AppState, caller: &Caller, raw: &str) -> ApiResult<CouponRow> {
    let coupon_id = parse_long(raw)?;
    owned_coupon(state, caller, coupon_id, || {
        messages::check_coupon_id(coupon_id)
    })
    .await
}

/// Items can change only while the coupon is STANDBY or APPLIED.
fn ensure_open(c: &CouponRow) -> ApiResult<()> {
    match c.status {
        CouponStatus::Standby | CouponStatus::Applied => Ok(()),
        other => Err(ApiError::bad_request(messages::coupon_not_open(
            other.as_str(),
        ))),
    }
}

async fn accept_items(
    state: &AppState,
    caller: &Caller,
    kind: RequestType,
    coupon: &CouponRow,
    items: Vec<i64>,
) -> ApiResult<Response> {
    let payload = serde_json::to_string(&items).map_err(anyhow::Error::from)?;
    let total = items.len() as i64;
    accept(
        state,
        caller,
        kind,
        Some(coupon.coupon_id),
        (payload, total),
        false,
    )
    .await
}

/// I4 `POST /v2/providers/fms/apis/api/v1/vendors/{vendorId}/coupons/{couponId}/items`
pub async fn add(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((_, coupon_id)): Path<(String, String)>,
    JsonObject(body): JsonObject,
) -> ApiResult<Response> {
    let coupon = coupon_of_path(&state, &caller, &coupon_id).await?;
    let items = parse_vendor_items(&body).map_err(ApiError::bad_request)?;
    ensure_open(&coupon)?;
    accept_items(
        &state,
        &caller,
        RequestType::CouponItemPublish,
        &coupon,
        items,
    )
    .await
}

/// I5 `PUT /v2/providers/fms/apis/api/v1/vendors/{vendorId}/coupons/{couponId}/items?action=expire`
pub async fn remove(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((_, coupon_id)): Path<(String, String)>,
    q: Query,
    JsonObject(body): JsonObject,
) -> ApiResult<Response> {
    q.require_expire()?;
    let coupon = coupon_of_path(&state, &caller, &coupon_id).await?;
    let items = parse_vendor_items(&body).map_err(ApiError::bad_request)?;
    ensure_open(&coupon)?;
    accept_items(
        &state,
        &caller,
        RequestType::CouponItemExpire,
        &coupon,
        items,
    )
    .await
}

/// I7 `GET …/coupons/{couponId}/items/{couponItemId}?type=couponItemId` and
/// I8 `GET …/coupons/{couponId}/items/{vendorItemId}?type=vendorItemId`: one path, two meanings.
pub async fn get_one(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((_, coupon_id, item_id)): Path<(String, String, String)>,
    q: Query,
) -> ApiResult<Response> {
    let make_key = match q.required("String", "type")? {
        "couponItemId" => ItemKey::CouponItemId,
        "vendorItemId" => ItemKey::VendorItemId,
        _ => return Err(ApiError::bad_request(messages::ITEM_LOOKUP_TYPE)),
    };
    let coupon = coupon_of_path(&state, &caller, &coupon_id).await?;
    let key = make_key(parse_long(&item_id)?);
    match state
        .store
        .coupon_item(coupon.coupon_id, key, &state.now())
        .await?
    {
        Some(item) => Ok(ok(to_wire(item))),
        None => Err(ApiError::bad_request(messages::item_not_found(
            coupon.coupon_id,
        ))),
    }
}

/// I11 `GET …/coupons/{couponId}/items?status=&page=&size=&sort=` (pages count from 0).
pub async fn list_by_status(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((_, coupon_id)): Path<(String, String)>,
    q: Query,
) -> ApiResult<Response> {
    let coupon = coupon_of_path(&state, &caller, &coupon_id).await?;
    let status = q.required("String", "status")?;
    let status = CouponItemStatus::parse(status).ok_or_else(|| {
        ApiError::bad_request(messages::one_of("status", CouponItemStatus::NAMES))
    })?;
    let page = paging::parse(&q.0, FirstPage::Zero, 1000).map_err(ApiError::bad_request)?;
    let (rows, total) = state
        .store
        .coupon_items_by_status(coupon.coupon_id, status, &page, &state.now())
        .await?;
    Ok(ok_paged(
        rows.into_iter().map(to_wire).collect::<Vec<_>>(),
        page.pagination(total),
    ))
}
