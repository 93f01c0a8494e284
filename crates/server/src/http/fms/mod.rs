//! The FMS family: contracts and budgets (C1–C3) and instant discount coupons (I1–I11).
//! Paths, v1/v2 prefixes and the singular `/coupon` are exactly Coupang's.

mod contracts;
mod coupons;
mod items;
mod requests;

use crate::auth::Caller;
use crate::domain::messages;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;

const V1: &str = "/v2/providers/fms/apis/api/v1/vendors/{vendor_id}";
const V2: &str = "/v2/providers/fms/apis/api/v2/vendors/{vendor_id}";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&format!("{V1}/budgets"), get(contracts::budgets))
        .route(&format!("{V2}/contract"), get(contracts::contract))
        .route(
            &format!("{V2}/contract/list"),
            get(contracts::contract_list),
        )
        .route(
            &format!("{V2}/coupon"),
            post(coupons::create).get(coupons::get_one),
        )
        .route(&format!("{V1}/coupons/{{coupon_id}}"), put(coupons::expire))
        .route(
            &format!("{V1}/requested/{{requested_id}}"),
            get(requests::status),
        )
        .route(
            &format!("{V1}/coupons/{{coupon_id}}/items"),
            post(items::add)
                .put(items::remove)
                .get(items::list_by_status),
        )
        .route(
            &format!("{V1}/coupons/{{coupon_id}}/items/{{item_id}}"),
            get(items::get_one),
        )
        .route(&format!("{V2}/coupons"), get(coupons::list_by_status))
        .route(
            &format!("{V2}/{{order_id}}/coupons"),
            get(coupons::list_by_order),
        )
        .route_layer(axum::middleware::from_fn(vendor_check))
}

/// A key acts for one vendor. Another vendor's id in the path is refused before anything is read,
/// with the documented message: 401 on C3, 400 elsewhere; with a final period on C3 and I3.
async fn vendor_check(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let path_vendor = path.split('/').nth(8).unwrap_or("");
    let caller = req
        .extensions()
        .get::<Caller>()
        .map(|c| c.vendor_id.as_str());
    if caller == Some(path_vendor) {
        return next.run(req).await;
    }
    let (status, message) = if path.ends_with("/contract/list") {
        (StatusCode::UNAUTHORIZED, messages::VENDOR_MISMATCH_DOT)
    } else if path.contains("/requested/") {
        (StatusCode::BAD_REQUEST, messages::VENDOR_MISMATCH_DOT)
    } else {
        (StatusCode::BAD_REQUEST, messages::VENDOR_MISMATCH)
    };
    ApiError::Fms {
        status,
        message: message.into(),
    }
    .into_response()
}
