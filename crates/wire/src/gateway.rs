//! Errors answered by Coupang's API gateway itself (auth, unknown routes): a different shape from
//! the FMS envelope, with the **string** `code:"ERROR"`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayError {
    pub code: String,
    pub message: String,
    pub transaction_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<GatewayMessages>,
}

/// The bilingual explanation the gateway adds to `Request is not authorized.`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayMessages {
    pub korean: String,
    pub english: String,
}

pub const NOT_AUTHORIZED: &str = "Request is not authorized.";
pub const NOT_AUTHORIZED_KO: &str = "미인증된 요청은 허용되지 않습니다. 클라이언트의 정보가 정상적으로 설정되어 있는지 확인 부탁드립니다. (CMDB, 컨수머 토큰 또는 HMAC)";
pub const NOT_AUTHORIZED_EN: &str = "Unauthorized request is denied. Check if the client's credential meets the requirements (CMDB, consumer token or HMAC).";
pub const HMAC_FORMAT_INVALID: &str = "HMAC format is invalid.";
pub const UNKNOWN_ACCESS_KEY: &str =
    "Unknown error occurred, please contact api-gateway channel for the details.";
pub const SIGNATURE_EXPIRED: &str = "Specified signature is expired.";
pub const INVALID_SIGNATURE: &str = "Invalid signature.";
