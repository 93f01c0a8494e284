//! I1 create, I2 expire, I6 one coupon, I9 coupons by status, I10 coupons of an order.

use super::requests::accept;
use crate::auth::Caller;
use crate::domain::instant::NewCoupon;
use crate::domain::messages;
use crate::domain::paging::{self, FirstPage};
use crate::error::{ApiError, ApiResult};
use crate::http::{ok, ok_paged, parse_long, JsonObject, Query};
use crate::state::AppState;
use crate::store::{ContractRow, CouponRow};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use wing_wire::fms::{CouponStatus, InstantCoupon, OrderCoupon, RequestType};
use wing_wire::lenient::StringBool;

fn to_wire(c: CouponRow) -> InstantCoupon {
    InstantCoupon {
        contract_id: c.contract_id,
        vendor_contract_id: c.vendor_contract_id,
        promotion_name: Some(c.name),
        coupon_id: c.coupon_id,
        status: c.status,
        kind: c.kind,
        max_discount_price: c.max_discount_price,
        discount: c.discount,
        start_at: c.start_at,
        end_at: c.end_at,
        wow_exclusive: StringBool(c.wow_exclusive),
    }
}

/// The caller's coupon, or the documented 400. Another vendor's coupon reads as missing.
pub(super) async fn owned_coupon(
    state: &AppState,
    caller: &Caller,
    coupon_id: i64,
    missing: impl FnOnce() -> String,
) -> ApiResult<CouponRow> {
    match state.store.coupon(coupon_id, &state.now()).await? {
        Some(c) if c.vendor_id == caller.vendor_id => Ok(c),
        _ => Err(ApiError::bad_request(missing())),
    }
}

/// I1 `POST /v2/providers/fms/apis/api/v2/vendors/{vendorId}/coupon`
pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    JsonObject(body): JsonObject,
) -> ApiResult<Response> {
    let coupon =
        NewCoupon::parse(&body, state.clock.now_kst().date()).map_err(ApiError::bad_request)?;
    let contract = state.store.contract(coupon.contract_id).await?;
    coupon
        .check_contract(
            &caller.vendor_id,
            contract.as_ref().map(ContractRow::window),
        )
        .map_err(ApiError::bad_request)?;
    let payload = serde_json::to_string(&coupon).map_err(anyhow::Error::from)?;
    accept(
        &state,
        &caller,
        RequestType::CouponPublish,
        None,
        (payload, 1),
        false,
    )
    .await
}

/// I2 `PUT /v2/providers/fms/apis/api/v1/vendors/{vendorId}/coupons/{couponId}?action=expire`
/// (no body is read).
pub async fn expire(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((_, coupon_id)): Path<(String, String)>,
    q: Query,
) -> ApiResult<Response> {
    q.require_expire()?;
    let coupon_id = parse_long(&coupon_id)?;
    owned_coupon(&state, &caller, coupon_id, || messages::NO_COUPON.into()).await?;
    accept(
        &state,
        &caller,
        RequestType::CouponExpire,
        Some(coupon_id),
        ("null".into(), 1),
        true,
    )
    .await
}

/// I6 `GET /v2/providers/fms/apis/api/v2/vendors/{vendorId}/coupon?couponId=`
pub async fn get_one(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Query,
) -> ApiResult<Response> {
    let coupon_id = q.required_long("couponId")?;
    let c = owned_coupon(&state, &caller, coupon_id, || messages::NO_COUPON.into()).await?;
    Ok(ok(to_wire(c)))
}

/// I9 `GET /v2/providers/fms/apis/api/v2/vendors/{vendorId}/coupons?status=&page=&size=&sort=`
/// (pages count from 1).
pub async fn list_by_status(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Query,
) -> ApiResult<Response> {
    let status = q.required("String", "status")?;
    let status = CouponStatus::parse(status)
        .ok_or_else(|| ApiError::bad_request(messages::one_of("status", CouponStatus::NAMES)))?;
    let page = paging::parse(&q.0, FirstPage::One, 10).map_err(ApiError::bad_request)?;
    let (rows, total) = state
        .store
        .coupons_by_status(&caller.vendor_id, status, &page, &state.now())
        .await?;
    Ok(ok_paged(
        rows.into_iter().map(to_wire).collect::<Vec<_>>(),
        page.pagination(total),
    ))
}

/// I10 `GET /v2/providers/fms/apis/api/v2/vendors/{vendorId}/{orderId}/coupons`
pub async fn list_by_order(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((_, order_id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let order_id = parse_long(&order_id)?;
    let rows = state
        .store
        .order_coupons(&caller.vendor_id, order_id, &state.now())
        .await?;
    let content: Vec<OrderCoupon> = rows
        .into_iter()
        .map(|(vendor_item_id, c)| OrderCoupon {
            vendor_item_id,
            contract_id: c.contract_id,
            promotion_name: Some(c.name),
            coupon_id: c.coupon_id,
            status: c.status,
            kind: c.kind,
            max_discount_price: c.max_discount_price,
            discount: c.discount,
            start_at: c.start_at,
            end_at: c.end_at,
            wow_exclusive: StringBool(c.wow_exclusive),
        })
        .collect();
    Ok(ok(content))
}
