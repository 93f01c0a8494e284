//! The HTTP surface: the router, the shared extractors and response helpers, and the fallbacks.

pub mod download;
pub mod fms;
pub mod queue;

use crate::auth;
use crate::domain::fields::{self, Object};
use crate::domain::messages;
use crate::error::{json, ApiError, ApiResult};
use crate::state::AppState;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use serde::Serialize;
use std::collections::HashMap;
use wing_wire::fms::{Envelope, Pagination};

/// The largest body accepted: 10,000 vendorItemIds as quoted strings fit many times over.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

pub fn router(state: AppState) -> Router {
    let api =
        fms::routes()
            .merge(download::routes())
            .route_layer(axum::middleware::from_fn_with_state(
                state.clone(),
                auth::require_cea,
            ));
    Router::new()
        .merge(api)
        .route(
            "/healthz",
            get(|| async { json(StatusCode::OK, &serde_json::json!({"status": "ok"})) }),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

/// Unknown routes answer in the envelope of the family their path belongs to.
fn routing_error(uri: &Uri, status: StatusCode, message: String) -> Response {
    let e = ApiError::Fms { status, message };
    if uri.path().starts_with(download::PREFIX) {
        e.in_download_shape(false).into_response()
    } else {
        e.into_response()
    }
}

async fn not_found(method: Method, uri: Uri) -> Response {
    let message = format!("No handler found for {method} {}", uri.path());
    routing_error(&uri, StatusCode::NOT_FOUND, message)
}

async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    let message = format!("Request method '{method}' not supported");
    routing_error(&uri, StatusCode::METHOD_NOT_ALLOWED, message)
}

/// `200 OK` in the FMS envelope.
pub fn ok<T: Serialize>(content: T) -> Response {
    json(StatusCode::OK, &Envelope::ok(content, None))
}

pub fn ok_paged<T: Serialize>(content: T, pagination: Pagination) -> Response {
    json(StatusCode::OK, &Envelope::ok(content, Some(pagination)))
}

/// The decoded query parameters; the first of repeated names wins, as in Spring.
pub struct Query(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Query {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let mut map = HashMap::new();
        for (k, v) in form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes()) {
            map.entry(k.into_owned()).or_insert_with(|| v.into_owned());
        }
        Ok(Query(map))
    }
}

impl Query {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }

    pub fn required(&self, java_type: &str, name: &str) -> ApiResult<&str> {
        self.get(name)
            .ok_or_else(|| ApiError::bad_request(messages::missing_param(java_type, name)))
    }

    pub fn required_long(&self, name: &str) -> ApiResult<i64> {
        parse_long(self.required("Long", name)?)
    }

    /// `?action=expire`, which I2 and I5 require.
    pub fn require_expire(&self) -> ApiResult<()> {
        match self.required("String", "action")? {
            "expire" => Ok(()),
            _ => Err(ApiError::bad_request(messages::ACTION_EXPIRE)),
        }
    }
}

/// A path or query value that must be a `Long`.
pub fn parse_long(s: &str) -> ApiResult<i64> {
    s.trim()
        .parse()
        .map_err(|_| ApiError::bad_request(messages::param_type(s, "java.lang.Long")))
}

/// A JSON object body, read leniently; unreadable bodies get the FMS 400 (413 past the limit).
pub struct JsonObject(pub Object);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::Fms {
                status: e.status(),
                message: e.body_text(),
            })?;
        fields::object(&bytes)
            .map(JsonObject)
            .map_err(ApiError::bad_request)
    }
}
