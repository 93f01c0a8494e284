//! Instant discount coupons: the I1 command and its checks, and the per-item rules the worker
//! applies for I4/I5.

use crate::domain::fields::{self, Object};
use crate::domain::joda::{self, TimeError};
use crate::domain::messages;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use wing_wire::fms::DiscountType;
use wing_wire::time;

pub const MAX_NAME_CHARS: usize = 45;
pub const MIN_MAX_DISCOUNT_PRICE: i64 = 10;
pub const MAX_VENDOR_ITEMS: usize = 10_000;
/// Coupang's vendorItemIds have 10 or 11 digits; anything past that cannot be one.
pub const MAX_VENDOR_ITEM_ID: i64 = 99_999_999_999;

/// A validated I1 body. It can only be built by [`NewCoupon::parse`], so the worker never sees an
/// invalid one. Kept as the request's payload between acceptance and processing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewCoupon {
    pub contract_id: i64,
    pub name: String,
    pub max_discount_price: i64,
    pub discount: i64,
    pub start_at: NaiveDateTime,
    pub end_at: NaiveDateTime,
    pub kind: DiscountType,
    pub wow_exclusive: bool,
}

/// The window of a contract, for the period rule.
pub struct ContractWindow<'a> {
    pub vendor_id: &'a str,
    pub start: &'a str,
    pub end: &'a str,
}

impl NewCoupon {
    /// Every rule that needs no stored data, in the order the API reports them; the first broken
    /// rule is the answer. `today` is the current KST date (no coupon may start before it).
    pub fn parse(body: &Object, today: NaiveDate) -> Result<Self, String> {
        let contract_id = fields::long(body, "contractId")?;
        let name = fields::string(body, "name")?;
        let max_discount_price = fields::long(body, "maxDiscountPrice")?;
        let discount = fields::long(body, "discount")?;
        let start_at = fields::string(body, "startAt")?;
        let end_at = fields::string(body, "endAt")?;
        let kind = fields::string(body, "type")?;
        let wow_exclusive = fields::boolean(body, "wowExclusive")?.unwrap_or(false);

        let missing: Vec<String> = [
            ("contractId", contract_id.is_none()),
            ("name", name.is_none()),
            ("maxDiscountPrice", max_discount_price.is_none()),
            ("discount", discount.is_none()),
            ("startAt", start_at.is_none()),
            ("endAt", end_at.is_none()),
            ("type", kind.is_none()),
        ]
        .into_iter()
        .filter(|(_, m)| *m)
        .map(|(f, _)| messages::may_not_be_null(f))
        .collect();
        if !missing.is_empty() {
            return Err(missing.join(", "));
        }
        let (contract_id, name, max_discount_price, discount, start_at, end_at, kind) = (
            contract_id.unwrap_or_default(),
            name.unwrap_or_default(),
            max_discount_price.unwrap_or_default(),
            discount.unwrap_or_default(),
            start_at.unwrap_or_default(),
            end_at.unwrap_or_default(),
            kind.unwrap_or_default(),
        );

        let Some(kind) = DiscountType::parse(&kind) else {
            return Err(format!(
                "JSON parse error: Cannot deserialize value of type `CouponType` from String \"{kind}\": not one of the values accepted for Enum class: [RATE, FIXED_WITH_QUANTITY, PRICE] (through reference chain: type)"
            ));
        };
        let name_chars = name.chars().count();
        if name_chars == 0 || name_chars > MAX_NAME_CHARS {
            return Err(messages::size_between("name", 1, MAX_NAME_CHARS));
        }
        if max_discount_price < MIN_MAX_DISCOUNT_PRICE {
            return Err(messages::at_least(
                "maxDiscountPrice",
                MIN_MAX_DISCOUNT_PRICE,
            ));
        }
        let start_at = parse_time("startAt", &start_at)?;
        let end_at = parse_time("endAt", &end_at)?;
        let discount_ok = match kind {
            DiscountType::Rate => (1..=100).contains(&discount),
            DiscountType::Price | DiscountType::FixedWithQuantity => discount >= 1,
        };
        if !discount_ok {
            return Err(messages::DISCOUNT_RANGE.into());
        }
        let today_start = today.and_hms_opt(0, 0, 0).expect("midnight exists");
        if end_at <= start_at || start_at < today_start {
            return Err(messages::PROMOTION_PERIOD.into());
        }
        Ok(NewCoupon {
            contract_id,
            name,
            max_discount_price,
            discount,
            start_at,
            end_at,
            kind,
            wow_exclusive,
        })
    }

    /// The rules that need the contract: it must be the caller's, and hold the coupon's period.
    pub fn check_contract(
        &self,
        vendor_id: &str,
        contract: Option<ContractWindow<'_>>,
    ) -> Result<(), String> {
        let Some(c) = contract.filter(|c| c.vendor_id == vendor_id) else {
            return Err(messages::contract_not_owned(self.contract_id, vendor_id));
        };
        let (start, end) = (time::format(self.start_at), time::format(self.end_at));
        // Stored times are `yyyy-MM-dd HH:mm:ss`, so text order is time order.
        if start.as_str() < c.start || end.as_str() > c.end {
            return Err(messages::outside_contract(c.start, c.end, &start, &end));
        }
        Ok(())
    }
}

fn parse_time(field: &str, s: &str) -> Result<NaiveDateTime, String> {
    joda::parse(s).map_err(|e| match e {
        TimeError::Pattern => messages::pattern(field),
        TimeError::CannotParse(m) => m,
    })
}

/// The won a coupon takes off one unit of an item at `price`.
pub fn effective_discount(
    kind: DiscountType,
    discount: i64,
    max_discount_price: i64,
    price: i64,
) -> i64 {
    match kind {
        DiscountType::Rate => (price * discount / 100).min(max_discount_price),
        DiscountType::Price | DiscountType::FixedWithQuantity => discount,
    }
}

/// The [CIE06] rule. Coupang does not publish it; live traffic showed 100 won rejected on a
/// 128,900-won item and 1,400 won accepted. We reject a discount under 1% of the price (too small)
/// or one that leaves the customer paying nothing (too large).
pub fn discount_fits(
    kind: DiscountType,
    discount: i64,
    max_discount_price: i64,
    price: i64,
) -> bool {
    let d = effective_discount(kind, discount, max_discount_price, price);
    d * 100 >= price && d < price
}

/// The [CIE00] rule: a vendorItemId must be positive and at most 11 digits.
pub fn is_well_formed_vendor_item(id: i64) -> bool {
    (1..=MAX_VENDOR_ITEM_ID).contains(&id)
}

/// The I4/I5 body: 1 to 10,000 ids. Ids that are numbers but not well-formed are kept; they fail
/// one by one with [CIE00] when the request is processed.
pub fn parse_vendor_items(body: &Object) -> Result<Vec<i64>, String> {
    match fields::longs(body, "vendorItems")? {
        Some(v) if (1..=MAX_VENDOR_ITEMS).contains(&v.len()) => Ok(v),
        _ => Err(messages::VENDOR_ITEMS_SIZE.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn body(overrides: serde_json::Value) -> Object {
        let mut b = json!({"contractId":"15","name":"c","maxDiscountPrice":"1000","discount":"10",
            "startAt":"2026-11-23 00:00:00","endAt":"2026-12-01 00:00:00","type":"PRICE","wowExclusive":"false"});
        for (k, v) in overrides.as_object().unwrap() {
            b[k] = v.clone();
        }
        b.as_object().unwrap().clone()
    }

    #[test]
    fn accepts_coupangs_string_example() {
        let c = NewCoupon::parse(&body(json!({})), today()).unwrap();
        assert_eq!(
            (c.contract_id, c.discount, c.kind, c.wow_exclusive),
            (15, 10, DiscountType::Price, false)
        );
    }

    #[test]
    fn first_broken_rule_wins() {
        let err = |o| NewCoupon::parse(&body(o), today()).unwrap_err();
        assert_eq!(
            err(json!({"name": null, "type": null})),
            "name may not be null, type may not be null"
        );
        assert_eq!(
            err(json!({"startAt": "2026/11/23"})),
            "startAt 패턴을 확인하세요. yyyy-MM-dd HH:mm:ss"
        );
        assert_eq!(
            err(json!({"endAt": "x", "discount": 0})),
            "endAt 패턴을 확인하세요. yyyy-MM-dd HH:mm:ss"
        );
        assert_eq!(err(json!({"discount": 0})), messages::DISCOUNT_RANGE);
        assert_eq!(
            err(json!({"type": "RATE", "discount": 101})),
            messages::DISCOUNT_RANGE
        );
        assert!(NewCoupon::parse(&body(json!({"type": "RATE", "discount": 100})), today()).is_ok());
        assert_eq!(
            err(json!({"startAt": "2026-11-21 23:59:59"})),
            messages::PROMOTION_PERIOD
        );
        assert_eq!(
            err(json!({"endAt": "2026-11-23 00:00:00"})),
            messages::PROMOTION_PERIOD
        );
        assert_eq!(
            err(json!({"name": "가".repeat(46)})),
            "name size must be between 1 and 45"
        );
        assert_eq!(
            err(json!({"maxDiscountPrice": 9})),
            "maxDiscountPrice must be greater than or equal to 10"
        );
    }

    #[test]
    fn cie06_rule() {
        use DiscountType::*;
        assert!(!discount_fits(Price, 100, 100, 128_900));
        assert!(discount_fits(Price, 1_400, 1_400, 128_900));
        assert!(!discount_fits(Price, 20_000, 10, 20_000));
        assert!(discount_fits(Rate, 10, 1_000_000, 20_000));
        assert!(!discount_fits(Rate, 10, 100, 20_000));
        assert!(!discount_fits(Rate, 100, 1_000_000, 20_000));
    }
}
