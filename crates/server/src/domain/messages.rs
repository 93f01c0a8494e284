//! Every FMS message the server says, in one place. Texts marked *documented* are Coupang's, byte
//! for byte; the others are ours, in the same style, for cases Coupang's pages leave open (each is
//! listed in `docs/API.md`).

/// Documented. C3 and I3 print it with a final period; the other pages without.
pub const VENDOR_MISMATCH: &str = "업체정보의 권한을 확인하세요";
pub const VENDOR_MISMATCH_DOT: &str = "업체정보의 권한을 확인하세요.";
/// Documented (I6, and I2 by reading).
pub const NO_COUPON: &str = "쿠폰이 없습니다. 쿠폰 번호를 확인해주세요.";
/// Documented (I4, I7), with the couponId.
pub fn check_coupon_id(coupon_id: impl std::fmt::Display) -> String {
    format!("쿠폰아이디를 확인해주세요 {coupon_id}")
}
/// Documented (I7), with the couponId.
pub fn item_not_found(coupon_id: i64) -> String {
    format!("couponId {coupon_id}에서 아이템을 찾을 수 없습니다.")
}
/// Documented (I4, I5): Bean Validation joins both constraint texts even when one fails.
pub const VENDOR_ITEMS_SIZE: &str =
    "vendorItems may not be empty, vendorItems size must be between 1 and 10000";
/// Documented (I1).
pub fn pattern(field: &str) -> String {
    format!("{field} 패턴을 확인하세요. yyyy-MM-dd HH:mm:ss")
}
/// Documented (I1, current text).
pub const DISCOUNT_RANGE: &str = "discount 양수만 입력 가능합니다. (정률은 1~100, 정액은 1이상)";
/// Documented (I1), both periods templated.
pub fn outside_contract(c_start: &str, c_end: &str, start: &str, end: &str) -> String {
    format!(
        "계약의 유효기간 안에 쿠폰이 존재해야 한다(계약서의 유효기간:{c_start}~{c_end}) (쿠폰의 유효기간:{start}~{end})"
    )
}
/// Documented (D1); the FMS backend answers I1 and C2 with it too.
pub fn contract_not_owned(contract_id: i64, vendor_id: &str) -> String {
    format!("contractId={contract_id} (으)로 계약이 판매자={vendor_id} 에 속하지 않습니다.")
}
/// Documented (D1, Korean half).
pub const PROMOTION_PERIOD: &str = "프로모션 기간을 확인해주세요.";
/// Documented (I9), Spring's `PageRequest` text.
pub const PAGE_INDEX: &str = "Page index must not be less than zero!";
/// Spring's `PageRequest` text for the size.
pub const PAGE_SIZE: &str = "Page size must not be less than one!";

/// Ours: I3 with an id that does not exist.
pub const NO_REQUEST: &str = "요청 정보가 없습니다. requestedId를 확인해주세요.";
/// Ours: items added to or removed from a coupon that no longer takes them.
pub fn coupon_not_open(status: &str) -> String {
    format!("아이템을 변경할 수 없는 쿠폰입니다. (쿠폰 상태: {status})")
}
/// Ours: I7/I8 `type` other than `couponItemId`/`vendorItemId`.
pub const ITEM_LOOKUP_TYPE: &str = "type 은 couponItemId 또는 vendorItemId 이어야 합니다.";
/// Ours: `?action=` other than `expire`.
pub const ACTION_EXPIRE: &str = "action 은 expire 이어야 합니다.";
/// Spring's text for a missing request parameter.
pub fn missing_param(java_type: &str, name: &str) -> String {
    format!("Required {java_type} parameter '{name}' is not present")
}
/// Spring's text for a query or path value of the wrong type.
pub fn param_type(value: &str, java_type: &str) -> String {
    format!(
        "Failed to convert value of type 'java.lang.String' to required type '{java_type}'; nested exception is java.lang.NumberFormatException: For input string: \"{value}\""
    )
}
/// Bean Validation texts.
pub fn may_not_be_null(field: &str) -> String {
    format!("{field} may not be null")
}
pub fn size_between(field: &str, min: usize, max: usize) -> String {
    format!("{field} size must be between {min} and {max}")
}
pub fn at_least(field: &str, min: i64) -> String {
    format!("{field} must be greater than or equal to {min}")
}
/// Ours: an enum query value outside its vocabulary.
pub fn one_of(field: &str, values: &[&str]) -> String {
    format!("{field} 은 {} 중 하나여야 합니다.", values.join(", "))
}
/// Ours: C1 `targetMonth`.
pub const TARGET_MONTH: &str = "targetMonth 패턴을 확인하세요. yyyy-MM";
pub const BODY_MISSING: &str = "Required request body is missing";

/// Per-item failure reasons of I3 (documented texts, spec §4).
pub mod reasons {
    pub const CIE00: &str = "[CIE00] 유효하지 않은 옵션아이디 입니다.";
    pub const CIR06: &str = "[CIR06] 옵션 상품을 찾지 못했습니다.";
    /// The live form, which names the coupon the item is already on.
    pub fn cir08(coupon_id: i64) -> String {
        format!("[CIR08] 해당 옵션은 이미 다른 쿠폰({coupon_id})에 발행되어져 있습니다.")
    }
    pub const CIE06: &str =
        "[CIE06] 이 프로모션을 적용하면 일부 옵션 ID에 대해 할인이 너무 작거나 너무 큽니다.";
}
