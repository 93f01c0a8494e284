//! The one place where errors become wire responses.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use wing_wire::download::{ErrorBody, RequestResult, ResultBody, ResultStatus};
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
    /// Downloadable family, D1/D4/D5: the FMS envelope's fields without `data`.
    DownloadObject { status: StatusCode, message: String },
    /// Downloadable family, D2/D3: one failed result in the answer array.
    DownloadList { status: StatusCode, message: String },
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

    /// The same failure in a downloadable endpoint's shape (`list` for D2/D3). Gateway and
    /// internal errors keep theirs.
    pub fn in_download_shape(self, list: bool) -> Self {
        match self {
            ApiError::Fms { status, message } if list => ApiError::DownloadList { status, message },
            ApiError::Fms { status, message } => ApiError::DownloadObject { status, message },
            other => other,
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

/// `errorCode` of a failed D2/D3 result. Coupang does not document its values; we use the
/// status's reason phrase, e.g. `BAD_REQUEST`, `INTERNAL_SERVER_ERROR`.
pub fn error_code(status: StatusCode) -> String {
    status
        .canonical_reason()
        .unwrap_or("ERROR")
        .to_ascii_uppercase()
        .replace([' ', '-'], "_")
}

/// One failed element of a D2/D3 answer.
pub fn download_failure(
    status: StatusCode,
    coupon_id: Option<i64>,
    message: String,
) -> RequestResult {
    RequestResult {
        request_result_status: ResultStatus::Fail,
        body: coupon_id.map(|id| ResultBody {
            coupon_id: Some(id),
            request_transaction_id: None,
        }),
        error_code: Some(error_code(status)),
        error_message: Some(message),
    }
}

fn download_error_body(status: StatusCode, message: String) -> ErrorBody {
    ErrorBody {
        code: status.as_u16().into(),
        message: message.clone(),
        http_status: status.as_u16().into(),
        http_status_message: status.canonical_reason().unwrap_or("Error").into(),
        error_message: message,
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
            ApiError::DownloadObject { status, message } => {
                json(status, &download_error_body(status, message))
            }
            ApiError::DownloadList { status, message } => {
                json(status, &[download_failure(status, None, message)])
            }
            ApiError::Internal(e) => {
                tracing::error!(error = ?e, "internal error");
                fms_error(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error")
            }
        }
    }
}
