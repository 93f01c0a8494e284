//! I1's synchronous rules, message by message.

use crate::helpers::*;
use insta::assert_json_snapshot;
use reqwest::Method;
use serde_json::json;

async fn create_error(app: &TestApp, overrides: serde_json::Value) -> String {
    let r = app
        .call(
            Method::POST,
            &fms(2, "/coupon"),
            Some(with(coupon_body(), overrides.clone())),
        )
        .await;
    assert_eq!(r.status, 400, "{overrides}: {}", r.text);
    let v = r.json();
    assert_eq!(v["message"], v["errorMessage"]);
    v["errorMessage"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn create_messages_are_coupangs() {
    let Some(app) = spawn_app().await else { return };
    let cases = [
        (json!({"startAt": "2026-13-05 00:00:00"}),
         "Cannot parse \"2026-13-05 00:00:00\": Value 13 for monthOfYear must be in the range [1,12]"),
        (json!({"endAt": "2026-12-32 00:00:00"}),
         "Cannot parse \"2026-12-32 00:00:00\": Value 32 for dayOfMonth must be in the range [1,31]"),
        (json!({"startAt": "2026/11/23 00:00:00"}), "startAt 패턴을 확인하세요. yyyy-MM-dd HH:mm:ss"),
        (json!({"endAt": "2026-12-22"}), "endAt 패턴을 확인하세요. yyyy-MM-dd HH:mm:ss"),
        (json!({"discount": 0}), "discount 양수만 입력 가능합니다. (정률은 1~100, 정액은 1이상)"),
        (json!({"type": "RATE", "discount": 101}), "discount 양수만 입력 가능합니다. (정률은 1~100, 정액은 1이상)"),
        (json!({"endAt": "2999-12-31 23:59:59", "contractId": BUDGET_CONTRACT}),
         "계약의 유효기간 안에 쿠폰이 존재해야 한다(계약서의 유효기간:2025-01-01 00:00:00~2030-12-31 23:59:59) (쿠폰의 유효기간:2026-11-22 00:00:00~2999-12-31 23:59:59)"),
        (json!({"contractId": 25}), "contractId=25 (으)로 계약이 판매자=A00012345 에 속하지 않습니다."),
        (json!({"contractId": 424242}), "contractId=424242 (으)로 계약이 판매자=A00012345 에 속하지 않습니다."),
        (json!({"startAt": "2026-11-21 23:59:59"}), "프로모션 기간을 확인해주세요."),
        (json!({"endAt": "2026-11-22 00:00:00"}), "프로모션 기간을 확인해주세요."),
        (json!({"name": "가".repeat(46)}), "name size must be between 1 and 45"),
        (json!({"maxDiscountPrice": 9}), "maxDiscountPrice must be greater than or equal to 10"),
        (json!({"contractId": null, "discount": null}), "contractId may not be null, discount may not be null"),
        (json!({"type": "BOGO"}),
         "JSON parse error: Cannot deserialize value of type `CouponType` from String \"BOGO\": not one of the values accepted for Enum class: [RATE, FIXED_WITH_QUANTITY, PRICE] (through reference chain: type)"),
        (json!({"wowExclusive": "yes"}),
         "JSON parse error: Cannot deserialize value of type `java.lang.Boolean` from String \"yes\" (through reference chain: wowExclusive)"),
        (json!({"contractId": "fifteen"}),
         "JSON parse error: Cannot deserialize value of type `java.lang.Long` from String \"fifteen\" (through reference chain: contractId)"),
        (json!({"discount": 12345678901234567890u64}),
         "JSON parse error: Numeric value (12345678901234567890) out of range of long (through reference chain: discount)"),
    ];
    for (overrides, expected) in cases {
        assert_eq!(
            create_error(&app, overrides.clone()).await,
            expected,
            "{overrides}"
        );
    }
    // The first broken rule wins: a bad date is reported before a bad discount.
    assert_eq!(
        create_error(&app, json!({"startAt": "x", "discount": -1})).await,
        "startAt 패턴을 확인하세요. yyyy-MM-dd HH:mm:ss"
    );
    let r = app
        .call(
            Method::POST,
            &fms(2, "/coupon"),
            Some(with(coupon_body(), json!({"discount": 0}))),
        )
        .await;
    assert_json_snapshot!(r.json());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM requests"),
        0,
        "rejected creates leave nothing behind"
    );
}

#[tokio::test]
async fn create_reads_coupangs_own_string_example() {
    let Some(app) = spawn_app().await else { return };
    // The official example: every number and boolean as a string, plus a field we do not know.
    let body = json!({"contractId":"16","name":"newCoupon 20180328","maxDiscountPrice":"1000","discount":"10",
        "startAt":"2026-11-23 00:00:00","endAt":"2026-11-24 00:00:00","type":"RATE","wowExclusive":"true",
        "somethingNew": {"x": 1}});
    let coupon = app.create_coupon(body).await;
    let r = app
        .get(&fms(2, &format!("/coupon?couponId={coupon}")))
        .await;
    let c = r.json()["data"]["content"].clone();
    assert_eq!(
        (
            c["contractId"].clone(),
            c["discount"].clone(),
            c["wowExclusive"].clone()
        ),
        (json!(16), json!(10), json!("true"))
    );
    assert_eq!(c["status"], "STANDBY");
}
