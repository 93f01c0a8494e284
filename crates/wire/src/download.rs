//! The downloadable-coupon family: `/v2/providers/marketplace_openapi/apis/api/v1/…`.
//!
//! No FMS envelope here: D1, D4 and D5 answer bare objects, D2 and D3 a JSON array with one result
//! per entry of the request. Field order follows Coupang's examples.

use crate::lenient::{i64_from_any, opt_i64_from_any};
use serde::{Deserialize, Serialize};

string_enum! {
    pub enum TypeOfDiscount {
        Rate = "RATE",
        Price = "PRICE",
    }
}

/// D1 request policy, as a client sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewPolicy {
    pub title: String,
    pub type_of_discount: TypeOfDiscount,
    pub description: String,
    pub minimum_price: i64,
    pub discount: i64,
    pub maximum_discount_price: i64,
    pub maximum_per_daily: i64,
}

/// D1 request body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateCoupon {
    pub title: String,
    pub contract_id: i64,
    pub coupon_type: String,
    pub start_date: String,
    pub end_date: String,
    pub user_id: String,
    pub policies: Vec<NewPolicy>,
}

/// D1 response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedCoupon {
    #[serde(deserialize_with = "i64_from_any")]
    pub coupon_id: i64,
    pub vendor_id: String,
    pub coupon_type: String,
    pub last_modified_by: String,
    pub last_modified_date: String,
    pub title: String,
    pub published_date: Option<String>,
    pub start_date: String,
    pub coupon_status: String,
    #[serde(alias = "policies")]
    pub coupon_policies: Vec<CreatedPolicy>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedPolicy {
    pub description: String,
    #[serde(deserialize_with = "i64_from_any")]
    pub discount: i64,
    /// -1 for PRICE policies.
    #[serde(deserialize_with = "i64_from_any")]
    pub maximum_discount_price: i64,
    #[serde(alias = "maximumPerDay", deserialize_with = "i64_from_any")]
    pub maximum_per_daily: i64,
    #[serde(deserialize_with = "i64_from_any")]
    pub minimum_price: i64,
    pub title: String,
    pub type_of_discount: TypeOfDiscount,
    pub manage_code: String,
}

/// D4 response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Coupon {
    #[serde(deserialize_with = "i64_from_any")]
    pub coupon_id: i64,
    pub title: String,
    pub coupon_type: String,
    pub coupon_status: String,
    /// `""` until items are first attached.
    #[serde(default)]
    pub published_date: Option<String>,
    pub start_date: String,
    pub end_date: String,
    pub applied_option_count: i64,
    pub usage_amount: i64,
    pub coupon_policies: Vec<Policy>,
}

/// A D4 policy: Coupang's example spells it `maximumPerDay` here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    pub title: String,
    pub type_of_discount: TypeOfDiscount,
    pub description: String,
    #[serde(deserialize_with = "i64_from_any")]
    pub minimum_price: i64,
    #[serde(deserialize_with = "i64_from_any")]
    pub discount: i64,
    #[serde(deserialize_with = "i64_from_any")]
    pub maximum_discount_price: i64,
    #[serde(alias = "maximumPerDaily", deserialize_with = "i64_from_any")]
    pub maximum_per_day: i64,
}

/// D2 request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddItems {
    pub coupon_items: Vec<CouponItems>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CouponItems {
    pub coupon_id: i64,
    pub user_id: String,
    pub vendor_item_ids: Vec<i64>,
}

/// D3 request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Expire {
    pub expire_coupon_list: Vec<ExpireEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpireEntry {
    pub coupon_id: i64,
    pub reason: String,
    pub user_id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResultStatus {
    Success,
    Fail,
}

/// One element of the D2/D3 answer array.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestResult {
    pub request_result_status: ResultStatus,
    pub body: Option<ResultBody>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultBody {
    #[serde(default, deserialize_with = "opt_i64_from_any")]
    pub coupon_id: Option<i64>,
    /// Absent from Coupang's documented D2 example, present live.
    #[serde(default)]
    pub request_transaction_id: Option<String>,
}

/// D5 response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionStatus {
    pub transaction_status_response: TransactionState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionState {
    #[serde(rename = "type")]
    pub kind: crate::fms::RequestType,
    pub total: i64,
    pub succeeded: i64,
    pub status: crate::fms::RequestStatus,
    pub requested_id: String,
    #[serde(default)]
    pub coupon_failed_vendor_item_id_responses: Vec<FailedItem>,
    pub failed: i64,
    #[serde(default, deserialize_with = "opt_i64_from_any")]
    pub coupon_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailedItem {
    pub vendor_item_id: i64,
    pub failure_reason: String,
}

/// The error body of D1, D4 and D5 (Coupang documents none; see docs/API.md): the FMS envelope's
/// fields without `data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    #[serde(deserialize_with = "i64_from_any")]
    pub code: i64,
    pub message: String,
    #[serde(deserialize_with = "i64_from_any")]
    pub http_status: i64,
    pub http_status_message: String,
    pub error_message: String,
}
