//! Downloadable coupons: the D1 command and its rules, and the D2/D3 entries. Every message is a
//! [`Text`] in English and Korean; Coupang's own texts are marked *documented*, the rest are ours
//! (listed in `docs/API.md`).

use crate::domain::fields::{self, Object};
use crate::domain::instant::ContractWindow;
use crate::domain::joda;
use crate::domain::lang::Text;
use chrono::{Duration, NaiveDateTime};
use serde_json::Value;
use wing_wire::download::TypeOfDiscount;
use wing_wire::time;

pub const MAX_POLICIES: usize = 3;
pub const MAX_ITEMS_PER_CALL: usize = 100;
pub const MAX_PER_DAILY: i64 = 9_999;
/// Coupang shows a coupon at least an hour after it is created.
pub const MIN_LEAD: Duration = Duration::hours(1);

pub mod msg {
    use super::Text;

    /// Documented (EN observed live, KO from the KO page).
    pub fn start_period() -> Text {
        Text::new(
            "Please check the promotion period.",
            "startAt 패턴을 확인하세요. yyyy-MM-dd HH:mm:ss, 프로모션 기간을 확인해주세요.",
        )
    }
    pub fn end_period() -> Text {
        Text::new(
            "Please check the promotion period.",
            "endAt 패턴을 확인하세요. yyyy-MM-dd HH:mm:ss, 프로모션 기간을 확인해주세요.",
        )
    }
    /// KO documented.
    pub fn title_required() -> Text {
        Text::new(
            "createCouponRequest.title must not be blank. createCouponRequest.title is required",
            "createCouponRequest.title 은 빈칸임. createCouponRequest.title 은 필수임",
        )
    }
    /// Documented both ways.
    pub fn amount_unit(i: usize) -> Text {
        Text::new(
            format!("policies[{i}] Invalid Amount Unit."),
            format!("policies[{i}] 금액 정보는 10원 단위로 입력해야 합니다."),
        )
    }
    /// KO documented.
    pub fn max_per_daily(i: usize) -> Text {
        Text::new(
            format!("policies[{i}].maxPerDaily must be a positive number from 1 to 9999."),
            format!("policies[{i}].maxPerDaily 1~9999 양수만 입력 가능합니다."),
        )
    }
    /// KO documented.
    pub fn contract_not_owned(contract_id: i64, vendor_id: &str) -> Text {
        Text::new(
            format!("contractId={contract_id} does not belong to seller={vendor_id}."),
            crate::domain::messages::contract_not_owned(contract_id, vendor_id),
        )
    }
    /// KO documented (FMS).
    pub fn outside_contract(cs: &str, ce: &str, s: &str, e: &str) -> Text {
        Text::new(
            format!("The coupon period must lie within the contract period (contract: {cs}~{ce}) (coupon: {s}~{e})"),
            crate::domain::messages::outside_contract(cs, ce, s, e),
        )
    }
    pub fn policy_count() -> Text {
        Text::new(
            "policies size must be between 1 and 3.",
            "policies 는 1~3개까지 입력 가능합니다.",
        )
    }
    pub fn mixed_discount_types() -> Text {
        Text::new(
            "All policies must have the same typeOfDiscount.",
            "모든 정책의 typeOfDiscount 가 같아야 합니다.",
        )
    }
    pub fn type_of_discount(i: usize) -> Text {
        Text::new(
            format!("policies[{i}].typeOfDiscount must be RATE or PRICE."),
            format!("policies[{i}].typeOfDiscount 는 RATE 또는 PRICE 이어야 합니다."),
        )
    }
    pub fn rate_range(i: usize) -> Text {
        Text::new(
            format!("policies[{i}] RATE discount must be between 1 and 99."),
            format!("policies[{i}] 정률 할인은 1~99 사이로 입력해야 합니다."),
        )
    }
    pub fn coupon_type() -> Text {
        Text::new(
            "couponType must be DOWNLOAD.",
            "couponType 은 DOWNLOAD 이어야 합니다.",
        )
    }
    pub fn user_id(user_id: &str, vendor_id: &str) -> Text {
        Text::new(
            format!("userId={user_id} is not a WING user of seller={vendor_id}."),
            format!("userId={user_id} (으)로 판매자={vendor_id} 의 WING 사용자가 아닙니다."),
        )
    }
    pub fn required(field: &str) -> Text {
        Text::same(crate::domain::messages::may_not_be_null(field))
    }
    /// Documented (D2).
    pub fn deleted() -> Text {
        Text::new(
            "This promotion has been deleted.",
            "삭제된 프로모션 입니다.",
        )
    }
    pub fn expired() -> Text {
        Text::new("This promotion has expired.", "종료된 프로모션 입니다.")
    }
    /// KO documented (the 100-id limit).
    pub fn items_size() -> Text {
        Text::new(
            "vendorItemIds size must be between 1 and 100.",
            "한 번에 적용할 옵션ID 수는 100개를 초과할 수 없습니다.",
        )
    }
    /// KO documented (D4, with the id); EN ours.
    pub fn no_promotion(coupon_id: i64) -> Text {
        Text::new(
            format!("Promotion does not exist ({coupon_id})"),
            format!("존재 하지 않는 프로모션 ({coupon_id})"),
        )
    }
    /// Documented both ways (D3, HTTP 500).
    pub fn nothing_to_expire() -> Text {
        Text::new(
            "There is no coupon to expire.",
            "expire할 쿠폰이 존재하지 않습니다.",
        )
    }
    /// KO documented (D5, HTTP 500).
    pub fn system_error() -> Text {
        Text::new("System error", "시스템 오류")
    }

    /// Per-item reason (documented form): the item is on other downloadable coupons.
    pub fn cir14(first: i64, others: usize) -> String {
        format!("[CIR14] 해당 옵션은 이미 다른 쿠폰({first} 외 {others}건)에 발행되어져 있습니다.")
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewPolicy {
    pub title: String,
    pub kind: TypeOfDiscount,
    pub description: String,
    pub minimum_price: i64,
    pub discount: i64,
    /// -1 for PRICE, whatever was sent.
    pub maximum_discount_price: i64,
    pub maximum_per_daily: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewDownloadCoupon {
    pub title: String,
    pub contract_id: i64,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub user_id: String,
    pub policies: Vec<NewPolicy>,
}

/// What D1 needs from storage, looked up by the handler from the raw body.
pub struct Lookups<'a> {
    pub vendor_id: &'a str,
    pub contract: Option<ContractWindow<'a>>,
    /// The vendor of the body's `userId`, if it is a known WING user.
    pub user_vendor: Option<&'a str>,
}

fn tens(v: i64) -> bool {
    v >= 0 && v % 10 == 0
}

impl NewDownloadCoupon {
    /// All of D1's rules. A body Jackson could not read fails alone, with its one message; rule
    /// violations are all reported, in field order, joined by `", "`.
    pub fn parse(
        body: &Object,
        now_kst: NaiveDateTime,
        look: &Lookups<'_>,
    ) -> Result<Self, Vec<Text>> {
        let one = |m: String| vec![Text::same(m)];
        let title = fields::string(body, "title").map_err(one)?;
        let contract_id = fields::long(body, "contractId").map_err(one)?;
        let coupon_type = fields::string(body, "couponType").map_err(one)?;
        let start_raw = fields::string(body, "startDate").map_err(one)?;
        let end_raw = fields::string(body, "endDate").map_err(one)?;
        let user_id = fields::string(body, "userId").map_err(one)?;
        let raw_policies = match body.get("policies") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(p)) => p.clone(),
            Some(_) => {
                return Err(one(
                    "JSON parse error: Cannot deserialize value of type `java.util.ArrayList<Policy>` from non-array value (through reference chain: policies)".into(),
                ))
            }
        };
        let mut policies = Vec::new();
        if raw_policies.len() <= MAX_POLICIES {
            for (i, p) in raw_policies.iter().enumerate() {
                let Value::Object(p) = p else {
                    return Err(one(format!("JSON parse error: Cannot deserialize value of type `Policy` (through reference chain: policies[{i}])")));
                };
                let at = |f: &str| format!("policies[{i}].{f}");
                let get_long = |f: &str| match p.get(f) {
                    None | Some(Value::Null) => Ok(None),
                    Some(v) => fields::long_value(&at(f), v).map(Some),
                };
                policies.push((
                    fields::string(p, "title").map_err(one)?.unwrap_or_default(),
                    fields::string(p, "typeOfDiscount").map_err(one)?,
                    fields::string(p, "description")
                        .map_err(one)?
                        .unwrap_or_default(),
                    get_long("minimumPrice").map_err(one)?,
                    get_long("discount").map_err(one)?,
                    get_long("maximumDiscountPrice").map_err(one)?,
                    get_long("maximumPerDaily").map_err(one)?,
                ));
            }
        }

        let mut errors = Vec::new();
        let title = title.filter(|t| !t.trim().is_empty());
        if title.is_none() {
            errors.push(msg::title_required());
        }
        if contract_id.is_none() {
            errors.push(msg::required("contractId"));
        }
        if coupon_type.as_deref() != Some("DOWNLOAD") {
            errors.push(msg::coupon_type());
        }
        let earliest = now_kst + MIN_LEAD;
        let start = start_raw.as_deref().and_then(|s| joda::parse(s).ok());
        if start.is_none_or(|s| s < earliest) {
            errors.push(msg::start_period());
        }
        let end = end_raw.as_deref().and_then(|s| joda::parse(s).ok());
        if end.is_none_or(|e| start.is_some_and(|s| e <= s)) {
            errors.push(msg::end_period());
        }
        if raw_policies.is_empty() || raw_policies.len() > MAX_POLICIES {
            errors.push(msg::policy_count());
        }
        let mut parsed = Vec::new();
        for (i, (ptitle, kind, description, minimum, discount, max_discount, per_daily)) in
            policies.into_iter().enumerate()
        {
            let kind = kind.as_deref().and_then(TypeOfDiscount::parse);
            if kind.is_none() {
                errors.push(msg::type_of_discount(i));
            }
            let (minimum, discount, per_daily) = (
                minimum.unwrap_or(-1),
                discount.unwrap_or(-1),
                per_daily.unwrap_or(0),
            );
            let max_discount = max_discount.unwrap_or(-1);
            let amounts_ok = tens(minimum)
                && match kind {
                    Some(TypeOfDiscount::Price) => tens(discount) && discount >= 10,
                    Some(TypeOfDiscount::Rate) => tens(max_discount) && max_discount >= 10,
                    None => true,
                };
            if !amounts_ok {
                errors.push(msg::amount_unit(i));
            }
            if kind == Some(TypeOfDiscount::Rate) && !(1..=99).contains(&discount) {
                errors.push(msg::rate_range(i));
            }
            if !(1..=MAX_PER_DAILY).contains(&per_daily) {
                errors.push(msg::max_per_daily(i));
            }
            if let Some(kind) = kind {
                parsed.push(NewPolicy {
                    title: ptitle,
                    kind,
                    description,
                    minimum_price: minimum,
                    discount,
                    maximum_discount_price: if kind == TypeOfDiscount::Price {
                        -1
                    } else {
                        max_discount
                    },
                    maximum_per_daily: per_daily,
                });
            }
        }
        if parsed.windows(2).any(|w| w[0].kind != w[1].kind) {
            errors.push(msg::mixed_discount_types());
        }
        match user_id.as_deref() {
            None => errors.push(msg::required("userId")),
            Some(u) if look.user_vendor != Some(look.vendor_id) => {
                errors.push(msg::user_id(u, look.vendor_id))
            }
            Some(_) => {}
        }
        if let Some(id) = contract_id {
            match &look.contract {
                Some(c) if c.vendor_id == look.vendor_id => {
                    if let (Some(s), Some(e)) = (start, end) {
                        let (s, e) = (time::format(s), time::format(e));
                        if s.as_str() < c.start || e.as_str() > c.end {
                            errors.push(msg::outside_contract(c.start, c.end, &s, &e));
                        }
                    }
                }
                _ => errors.push(msg::contract_not_owned(id, look.vendor_id)),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewDownloadCoupon {
            title: title.unwrap_or_default(),
            contract_id: contract_id.unwrap_or_default(),
            start: start.unwrap_or_default(),
            end: end.unwrap_or_default(),
            user_id: user_id.unwrap_or_default(),
            policies: parsed,
        })
    }
}

/// `requestTransactionId` in the shape Coupang's live answers show: `{userId}_{couponId}{epochMillis}`.
pub fn transaction_id(user_id: &str, coupon_id: i64, epoch_millis: i64) -> String {
    format!("{user_id}_{coupon_id}{epoch_millis}")
}

/// `manageCode` as in Coupang's example: `FMS_{contractId}_{vendorId}_{epochMillis}{policyIndex}`.
pub fn manage_code(contract_id: i64, vendor_id: &str, epoch_millis: i64, index: usize) -> String {
    format!("FMS_{contract_id}_{vendor_id}_{epoch_millis}{index}")
}
