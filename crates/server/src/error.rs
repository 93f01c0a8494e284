//! The one place where errors become wire responses.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use wing_wire::fms::Envelope;
use wing_wire::gateway::{self, GatewayError, GatewayMessages};

#[derive(Debug)]
pub enum ApiError {
    /// Answered by "the gateway" (auth): `{"code":"ERROR","message":…,"transactionId":…}`.
    Gateway {
        status: StatusCode,
        message: &'static str,
        /// Sandbox mode only: the canonical string the server signed, sent as a header.
        expected_canonical: Option<String>,
    },
    /// Answered by the FMS backend: the FMS envelope with `data:null`.
    Fms { status: StatusCode, message: String },
    /// A bug or an unavailable store. Logged; the client sees a plain 500 envelope.
    Internal(anyhow::Error),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::Fms {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }

    pub fn gateway(status: StatusCode, message: &'static str) -> Self {
        ApiError::Gateway {
            status,
            message,
            expected_canonical: None,
        }
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        ApiError::Internal(e)
    }
}

/// Serialises `body` with Coupang's exact `Content-Type`.
pub fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => {
            let mut r = (status, bytes).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(wing_wire::CONTENT_TYPE_JSON),
            );
            r
        }
        Err(e) => ApiError::Internal(e.into()).into_response(),
    }
}

fn fms_error(status: StatusCode, message: &str) -> Response {
    let reason = status.canonical_reason().unwrap_or("Error");
    json(status, &Envelope::error(status.as_u16(), reason, message))
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Gateway {
                status,
                message,
                expected_canonical,
            } => {
                let messages = (message == gateway::NOT_AUTHORIZED).then(|| GatewayMessages {
                    korean: gateway::NOT_AUTHORIZED_KO.into(),
                    english: gateway::NOT_AUTHORIZED_EN.into(),
                });
                let body = GatewayError {
                    code: "ERROR".into(),
                    message: message.into(),
                    transaction_id: uuid::Uuid::new_v4().to_string(),
                    messages,
                };
                let mut r = json(status, &body);
                if let Some(v) = expected_canonical.and_then(|c| HeaderValue::from_str(&c).ok()) {
                    r.headers_mut()
                        .insert("x-wing-expected-canonical-string", v);
                }
                r
            }
            ApiError::Fms { status, message } => fms_error(status, &message),
            ApiError::Internal(e) => {
                tracing::error!(error = ?e, "internal error");
                fms_error(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error")
            }
        }
    }
}
