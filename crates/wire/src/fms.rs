//! The FMS family (contracts, budgets, instant discount coupons): `/v2/providers/fms/apis/api/…`.
//!
//! Every response is the FMS envelope
//! `{code, message, httpStatus, httpStatusMessage, errorMessage, data:{success, content, pagination}}`
//! with a **numeric** `code` equal to the HTTP status. Field order follows Coupang's examples.

use crate::lenient::{i64_from_any, opt_i64_from_any, Amount2, Ratio, StringBool};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope<T> {
    #[serde(deserialize_with = "i64_from_any")]
    pub code: i64,
    pub message: String,
    #[serde(deserialize_with = "i64_from_any")]
    pub http_status: i64,
    pub http_status_message: String,
    #[serde(default)]
    pub error_message: String,
    pub data: Option<Data<T>>,
}

impl<T> Envelope<T> {
    /// A `200 OK` envelope around `content`.
    pub fn ok(content: T, pagination: Option<Pagination>) -> Self {
        Envelope {
            code: 200,
            message: "OK".into(),
            http_status: 200,
            http_status_message: "OK".into(),
            error_message: String::new(),
            data: Some(Data {
                success: true,
                content,
                pagination,
            }),
        }
    }
}

impl Envelope<()> {
    /// An error envelope: `message` and `errorMessage` both carry the reason, `data` is `null`.
    pub fn error(status: u16, reason_phrase: &str, message: &str) -> Self {
        Envelope {
            code: status.into(),
            message: message.into(),
            http_status: status.into(),
            http_status_message: reason_phrase.into(),
            error_message: message.into(),
            data: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Data<T> {
    pub success: bool,
    pub content: T,
    pub pagination: Option<Pagination>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    pub current_page: i64,
    pub count_per_page: i64,
    pub total_pages: i64,
    pub total_elements: i64,
}

/// The answer to every asynchronous mutation (I1, I2, I4, I5). `requestedId` is a decimal string
/// of up to 21 digits: never a `u64`. It is `null` with `success:false` when the request was not
/// accepted (I2 while other requests on the coupon are pending).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Requested {
    pub requested_id: Option<String>,
    pub success: bool,
}

string_enum! {
    pub enum RequestType {
        CouponPublish = "COUPON_PUBLISH",
        CouponExpire = "COUPON_EXPIRE",
        CouponItemPublish = "COUPON_ITEM_PUBLISH",
        CouponItemExpire = "COUPON_ITEM_EXPIRE",
    }
}

string_enum! {
    pub enum RequestStatus {
        Requested = "REQUESTED",
        Done = "DONE",
        Fail = "FAIL",
    }
}

impl RequestStatus {
    pub fn is_terminal(self) -> bool {
        self != RequestStatus::Requested
    }
}

/// I3 `data.content`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestState {
    #[serde(default, deserialize_with = "opt_i64_from_any")]
    pub coupon_id: Option<i64>,
    pub requested_id: String,
    #[serde(rename = "type")]
    pub kind: RequestType,
    pub status: RequestStatus,
    pub total: i64,
    pub succeeded: i64,
    pub failed: i64,
    #[serde(default)]
    pub failed_vendor_items: Vec<FailedVendorItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailedVendorItem {
    pub vendor_item_id: i64,
    pub reason: String,
}

string_enum! {
    pub enum CouponStatus {
        Standby = "STANDBY",
        Applied = "APPLIED",
        Paused = "PAUSED",
        Expired = "EXPIRED",
        Detached = "DETACHED",
    }
}

string_enum! {
    pub enum DiscountType {
        Rate = "RATE",
        FixedWithQuantity = "FIXED_WITH_QUANTITY",
        Price = "PRICE",
    }
}

/// I6 `data.content`, I9 `data.content[]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstantCoupon {
    #[serde(deserialize_with = "i64_from_any")]
    pub contract_id: i64,
    #[serde(default, deserialize_with = "opt_i64_from_any")]
    pub vendor_contract_id: Option<i64>,
    pub promotion_name: Option<String>,
    #[serde(deserialize_with = "i64_from_any")]
    pub coupon_id: i64,
    pub status: CouponStatus,
    #[serde(rename = "type")]
    pub kind: DiscountType,
    #[serde(deserialize_with = "i64_from_any")]
    pub max_discount_price: i64,
    #[serde(deserialize_with = "i64_from_any")]
    pub discount: i64,
    pub start_at: String,
    pub end_at: String,
    #[serde(default)]
    pub wow_exclusive: StringBool,
}

/// I10 `data.content[]`: a coupon as it applied to one item of an order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderCoupon {
    pub vendor_item_id: i64,
    pub contract_id: i64,
    pub promotion_name: Option<String>,
    pub coupon_id: i64,
    pub status: CouponStatus,
    #[serde(rename = "type")]
    pub kind: DiscountType,
    #[serde(deserialize_with = "i64_from_any")]
    pub max_discount_price: i64,
    #[serde(deserialize_with = "i64_from_any")]
    pub discount: i64,
    pub start_at: String,
    pub end_at: String,
    #[serde(default)]
    pub wow_exclusive: StringBool,
}

string_enum! {
    /// No DETACHED for items.
    pub enum CouponItemStatus {
        Standby = "STANDBY",
        Applied = "APPLIED",
        Paused = "PAUSED",
        Expired = "EXPIRED",
    }
}

/// I7, I8 `data.content`; I11 `data.content[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CouponItem {
    pub coupon_item_id: i64,
    pub coupon_id: i64,
    pub vendor_item_id: i64,
    pub start_at: String,
    pub end_at: String,
    pub status: CouponItemStatus,
}

string_enum! {
    pub enum ContractType {
        ContractBased = "CONTRACT_BASED",
        NonContractBased = "NON_CONTRACT_BASED",
    }
}

/// C2 `data.content`, C3 `data.content[]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contract {
    pub contract_id: i64,
    pub vendor_contract_id: Option<i64>,
    pub seller_id: String,
    pub seller_share_ratio: Ratio,
    pub coupang_share_ratio: Ratio,
    pub gmv_ratio: Ratio,
    pub start: String,
    pub end: String,
    #[serde(rename = "type")]
    pub kind: ContractType,
    /// Coupang's tables spell it `usedBudget`; every example and the SDK say `useBudget`.
    #[serde(alias = "usedBudget")]
    pub use_budget: bool,
    pub modified_at: String,
    pub modified_by: String,
}

/// C1 `data.content[]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Budget {
    pub contract_id: i64,
    pub target_month: String,
    pub vendor_share_ratio: f64,
    #[serde(deserialize_with = "i64_from_any")]
    pub total_budget_amount: i64,
    pub used_budget_amount: Amount2,
}

/// I1 request body, as a client sends it (native JSON types).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateCoupon {
    pub contract_id: i64,
    pub name: String,
    pub max_discount_price: i64,
    pub discount: i64,
    pub start_at: String,
    pub end_at: String,
    #[serde(rename = "type")]
    pub kind: DiscountType,
    pub wow_exclusive: bool,
}

/// I4 / I5 request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VendorItems {
    pub vendor_items: Vec<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_coupangs_i6_example() {
        let j = r#"{"code":200,"message":"OK","httpStatus":200,"httpStatusMessage":"OK","errorMessage":"",
 "data":{"success":true,"content":{"contractId":10,"vendorContractId":null,"promotionName":null,
 "couponId":91,"status":"PAUSED","type":"RATE","maxDiscountPrice":1000000,"discount":99.0,
 "startAt":"2017-11-22 00:00:00","endAt":"2017-11-23 23:59:00","wowExclusive":"false"},"pagination":null}}"#;
        let e: Envelope<InstantCoupon> = serde_json::from_str(j).unwrap();
        let c = e.data.unwrap().content;
        assert_eq!(
            (c.coupon_id, c.discount, c.status),
            (91, 99, CouponStatus::Paused)
        );
        assert!(!c.wow_exclusive.0);
    }

    #[test]
    fn error_envelope_has_null_data_and_numeric_code() {
        let e = Envelope::error(400, "Bad Request", "업체정보의 권한을 확인하세요");
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"code":400,"message":"업체정보의 권한을 확인하세요","httpStatus":400,"httpStatusMessage":"Bad Request","errorMessage":"업체정보의 권한을 확인하세요","data":null}"#
        );
    }
}
