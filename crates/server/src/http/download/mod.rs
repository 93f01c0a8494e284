//! The downloadable-coupon family (D1–D5): `/v2/providers/marketplace_openapi/apis/api/v1/…`.
//! No vendorId in these paths: the access key names the seller, and bodies name a WING user.
//! Messages are English unless the request asks for Korean.

mod coupons;
mod items;
mod requests;

use crate::domain::lang::{Lang, Text};
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::{get, post, put};
use axum::Router;

pub const PREFIX: &str = "/v2/providers/marketplace_openapi/";
const V1: &str = "/v2/providers/marketplace_openapi/apis/api/v1";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(&format!("{V1}/coupons"), post(coupons::create))
        .route(&format!("{V1}/coupon-items"), put(items::add))
        // Coupang documents POST; one client in the field sends PUT.
        .route(
            &format!("{V1}/coupons/expire"),
            post(coupons::expire).put(coupons::expire),
        )
        .route(
            &format!("{V1}/coupons/transactionStatus"),
            get(requests::status),
        )
        .route(
            &format!("{V1}/coupons/{{coupon_id}}"),
            get(coupons::get_one),
        )
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        Ok(Lang::from_accept_language(header))
    }
}

/// A rule's message in the request's language.
fn say(lang: Lang, t: Text) -> String {
    t.pick(lang).to_string()
}
