//! The downloadable-coupon family, D1–D5.

use crate::helpers::*;
use insta::assert_json_snapshot;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::Arc;

fn coupons(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM download_coupons")
}

#[tokio::test]
async fn create_answers_the_coupon_and_get_reads_it() {
    let Some(app) = spawn_app().await else { return };
    // Coupang's own example sends contractId as a string.
    let body = with(download_body(), json!({"contractId": "15"}));
    let r = app
        .call(Method::POST, &format!("{DL}/coupons"), Some(body))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.content_type, "application/json;charset=UTF-8");
    assert!(r.text.contains("\"publishedDate\":null"));
    assert_json_snapshot!("d1_created", r.json());
    let id = r.json()["couponId"].as_i64().unwrap();

    let r = app.get(&format!("{DL}/coupons/{id}")).await;
    assert_eq!(r.status, 200);
    assert_json_snapshot!("d4_coupon", r.json());

    let rate = with(
        download_body(),
        json!({"policies": [{"title": "10%", "typeOfDiscount": "RATE", "description": "",
        "minimumPrice": 1000, "discount": 10, "maximumDiscountPrice": 2000, "maximumPerDaily": 999}]}),
    );
    let id = app.create_download(rate).await;
    let p = app.get(&format!("{DL}/coupons/{id}")).await.json()["couponPolicies"][0].clone();
    assert_eq!(
        (
            p["maximumDiscountPrice"].clone(),
            p["maximumPerDay"].clone()
        ),
        (json!(2000), json!(999))
    );
}

#[tokio::test]
async fn create_rules_speak_english_by_default_and_korean_when_asked() {
    let Some(app) = spawn_app().await else { return };
    let policy = |o: Value| {
        let mut p = download_body()["policies"][0].clone();
        for (k, v) in o.as_object().unwrap() {
            p[k] = v.clone();
        }
        p
    };
    let many: Vec<Value> = (0..10_000).map(|_| policy(json!({}))).collect();
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!({"startDate": "2026-11-22 12:30:00"}),
         "Please check the promotion period.",
         "startAt 패턴을 확인하세요. yyyy-MM-dd HH:mm:ss, 프로모션 기간을 확인해주세요."),
        (json!({"startDate": "2026-11-22 12:30:00", "policies": [policy(json!({"minimumPrice": 1}))]}),
         "Please check the promotion period., policies[0] Invalid Amount Unit.",
         "startAt 패턴을 확인하세요. yyyy-MM-dd HH:mm:ss, 프로모션 기간을 확인해주세요., policies[0] 금액 정보는 10원 단위로 입력해야 합니다."),
        (json!({"endDate": "2026-11-22 13:00:00"}),
         "Please check the promotion period.",
         "endAt 패턴을 확인하세요. yyyy-MM-dd HH:mm:ss, 프로모션 기간을 확인해주세요."),
        (json!({"title": " "}),
         "createCouponRequest.title must not be blank. createCouponRequest.title is required",
         "createCouponRequest.title 은 빈칸임. createCouponRequest.title 은 필수임"),
        (json!({"policies": [policy(json!({})), policy(json!({"maximumPerDaily": 10000}))]}),
         "policies[1].maxPerDaily must be a positive number from 1 to 9999.",
         "policies[1].maxPerDaily 1~9999 양수만 입력 가능합니다."),
        (json!({"policies": [policy(json!({"discount": 1005}))]}),
         "policies[0] Invalid Amount Unit.", "policies[0] 금액 정보는 10원 단위로 입력해야 합니다."),
        (json!({"policies": [policy(json!({"typeOfDiscount": "RATE", "discount": 100, "maximumDiscountPrice": 1000}))]}),
         "policies[0] RATE discount must be between 1 and 99.", "policies[0] 정률 할인은 1~99 사이로 입력해야 합니다."),
        (json!({"policies": [policy(json!({})), policy(json!({"typeOfDiscount": "RATE", "discount": 10}))]}),
         "All policies must have the same typeOfDiscount.", "모든 정책의 typeOfDiscount 가 같아야 합니다."),
        (json!({"policies": many}),
         "policies size must be between 1 and 3.", "policies 는 1~3개까지 입력 가능합니다."),
        (json!({"policies": []}),
         "policies size must be between 1 and 3.", "policies 는 1~3개까지 입력 가능합니다."),
        (json!({"couponType": "INSTANT"}), "couponType must be DOWNLOAD.", "couponType 은 DOWNLOAD 이어야 합니다."),
        (json!({"userId": "demo2-user"}),
         "userId=demo2-user is not a WING user of seller=A00012345.",
         "userId=demo2-user (으)로 판매자=A00012345 의 WING 사용자가 아닙니다."),
        (json!({"contractId": 25}),
         "contractId=25 does not belong to seller=A00012345.",
         "contractId=25 (으)로 계약이 판매자=A00012345 에 속하지 않습니다."),
        (json!({"contractId": 16, "endDate": "2031-01-01 00:00:00"}),
         "The coupon period must lie within the contract period (contract: 2025-01-01 00:00:00~2030-12-31 23:59:59) (coupon: 2026-11-22 14:00:00~2031-01-01 00:00:00)",
         "계약의 유효기간 안에 쿠폰이 존재해야 한다(계약서의 유효기간:2025-01-01 00:00:00~2030-12-31 23:59:59) (쿠폰의 유효기간:2026-11-22 14:00:00~2031-01-01 00:00:00)"),
        (json!({"contractId": "x"}),
         "JSON parse error: Cannot deserialize value of type `java.lang.Long` from String \"x\" (through reference chain: contractId)",
         "JSON parse error: Cannot deserialize value of type `java.lang.Long` from String \"x\" (through reference chain: contractId)"),
    ];
    for (overrides, en, ko) in cases {
        let body = with(download_body(), overrides.clone());
        for (lang, expected) in [(None, en), (Some("ko-KR,ko;q=0.9"), ko)] {
            let extra: Vec<(&str, &str)> = lang.iter().map(|l| ("accept-language", *l)).collect();
            let r = app
                .call_with(
                    Method::POST,
                    &format!("{DL}/coupons"),
                    &extra,
                    Some(body.clone()),
                )
                .await;
            assert_eq!(r.status, 400, "{overrides}: {}", r.text);
            let v = r.json();
            assert_eq!(v["errorMessage"], expected, "{lang:?}");
            assert_eq!(v["message"], expected);
        }
    }
    let r = app
        .call(
            Method::POST,
            &format!("{DL}/coupons"),
            Some(with(download_body(), json!({"couponType": "X"}))),
        )
        .await;
    assert_json_snapshot!("d1_error", r.json());
    assert_eq!(coupons(&app), 0, "no half-made coupon");
}

#[tokio::test]
async fn items_then_status_then_the_coupon_shows_them() {
    let Some(app) = spawn_app().await else { return };
    let id = app.create_download(download_body()).await;
    let body = json!({"couponItems": [{"couponId": id.to_string(), "userId": "demo-user", "vendorItemIds": [3000000001i64, 3000000002i64, 0]}]});
    let r = app
        .call(Method::PUT, &format!("{DL}/coupon-items"), Some(body))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let tx = r.json()[0]["body"]["requestTransactionId"]
        .as_str()
        .unwrap()
        .to_string();
    let (prefix, rest) = tx.split_once('_').unwrap();
    assert_eq!(prefix, "demo-user");
    assert!(
        rest.starts_with(&id.to_string()) && rest.len() == id.to_string().len() + 13,
        "{tx}"
    );
    assert_json_snapshot!("d2_accepted", r.json(), {"[].body.requestTransactionId" => "[requestTransactionId]"});

    let done = app.wait_transaction(&tx).await;
    assert_json_snapshot!("d5_done", done, {".requestedId" => "[requestTransactionId]"});

    let c = app.get(&format!("{DL}/coupons/{id}")).await.json();
    assert_eq!(
        (c["appliedOptionCount"].clone(), c["couponStatus"].clone()),
        (json!(2), json!("STANDBY"))
    );
    assert_eq!(c["publishedDate"], "2026-11-22 12:00:00");

    // A later D2 adds to the items (how more than 100 get attached); one whose items all fail
    // leaves the coupon and its items alone.
    let tx = app.add_download_items(id, &[3000000003]).await;
    assert_eq!(app.wait_transaction(&tx).await["status"], "DONE");
    let tx = app.add_download_items(id, &[0]).await;
    assert_eq!(app.wait_transaction(&tx).await["status"], "FAIL");
    let c = app.get(&format!("{DL}/coupons/{id}")).await.json();
    assert_eq!(c["appliedOptionCount"], 3);
}

#[tokio::test]
async fn an_item_on_another_coupon_fails_cir14_and_a_coupon_with_no_item_is_destroyed() {
    let Some(app) = spawn_app().await else { return };
    let first = app.create_download(download_body()).await;
    let tx = app.add_download_items(first, &[3000000001]).await;
    assert_eq!(app.wait_transaction(&tx).await["status"], "DONE");

    let second = app.create_download(download_body()).await;
    let tx = app
        .add_download_items(second, &[3000000001, 4000000001])
        .await;
    let t = app.wait_transaction(&tx).await;
    assert_json_snapshot!("d5_cir14", t, {".requestedId" => "[requestTransactionId]"});
    assert_eq!(
        t["couponFailedVendorItemIdResponses"][0]["failureReason"],
        format!("[CIR14] 해당 옵션은 이미 다른 쿠폰({first} 외 0건)에 발행되어져 있습니다.")
    );

    // Destroyed: gone for D4, "deleted" for D2, in both languages.
    let r = app.get(&format!("{DL}/coupons/{second}")).await;
    assert_eq!(
        (r.status.as_u16(), r.json()["errorMessage"].clone()),
        (404, json!(format!("Promotion does not exist ({second})")))
    );
    let r = app
        .call_with(
            Method::GET,
            &format!("{DL}/coupons/{second}"),
            &[("accept-language", "ko")],
            None,
        )
        .await;
    assert_eq!(
        r.json()["errorMessage"],
        format!("존재 하지 않는 프로모션 ({second})")
    );
    assert_json_snapshot!("d4_not_found", r.json());
    let body = json!({"couponItems": [{"couponId": second, "userId": "demo-user", "vendorItemIds": [3000000005i64]}]});
    for (lang, message) in [
        ("en", "This promotion has been deleted."),
        ("ko", "삭제된 프로모션 입니다."),
    ] {
        let r = app
            .call_with(
                Method::PUT,
                &format!("{DL}/coupon-items"),
                &[("accept-language", lang)],
                Some(body.clone()),
            )
            .await;
        assert_eq!(r.status, 400);
        assert_eq!(
            r.json(),
            json!([{"requestResultStatus": "FAIL", "body": {"couponId": second, "requestTransactionId": null},
            "errorCode": "BAD_REQUEST", "errorMessage": message}])
        );
    }
}

#[tokio::test]
async fn expire_ends_the_coupon_and_frees_its_items() {
    let Some(app) = spawn_app().await else { return };
    let id = app.create_download(download_body()).await;
    let tx = app.add_download_items(id, &[3000000001, 3000000002]).await;
    app.wait_transaction(&tx).await;

    let body = json!({"expireCouponList": [{"couponId": id.to_string(), "reason": "expired", "userId": "demo-user"}]});
    let r = app
        .call(Method::POST, &format!("{DL}/coupons/expire"), Some(body))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_json_snapshot!("d3_accepted", r.json(), {"[].body.requestTransactionId" => "[requestTransactionId]"});
    let tx = r.json()[0]["body"]["requestTransactionId"]
        .as_str()
        .unwrap()
        .to_string();
    let t = app.wait_transaction(&tx).await;
    assert_json_snapshot!("d5_expire", t, {".requestedId" => "[requestTransactionId]"});
    assert_eq!(
        app.get(&format!("{DL}/coupons/{id}")).await.json()["couponStatus"],
        "EXPIRED"
    );

    let other = app.create_download(download_body()).await;
    let tx = app.add_download_items(other, &[3000000001]).await;
    assert_eq!(app.wait_transaction(&tx).await["succeeded"], 1);

    // Already expired, or never there: the documented HTTP 500. PUT is accepted as POST.
    for coupon in [id, 99_999_999] {
        for (lang, message) in [
            ("en", "There is no coupon to expire."),
            ("ko", "expire할 쿠폰이 존재하지 않습니다."),
        ] {
            let body = json!({"expireCouponList": [{"couponId": coupon, "reason": "expired", "userId": "demo-user"}]});
            let r = app
                .call_with(
                    Method::PUT,
                    &format!("{DL}/coupons/expire"),
                    &[("accept-language", lang)],
                    Some(body),
                )
                .await;
            assert_eq!(r.status, 500, "{}", r.text);
            assert_eq!(r.json()[0]["errorMessage"], message);
            assert_eq!(r.json()[0]["errorCode"], "INTERNAL_SERVER_ERROR");
        }
    }
}

#[tokio::test]
async fn each_entry_of_a_batch_answers_for_itself() {
    let Some(app) = spawn_app().await else { return };
    let a = app.create_download(download_body()).await;
    let b = app.create_download(download_body()).await;
    let too_many: Vec<i64> = (3000000001..=3000000101).collect();
    let body = json!({"couponItems": [
        {"couponId": a, "userId": "demo-user", "vendorItemIds": [3000000001i64]},
        {"couponId": b, "userId": "demo-user", "vendorItemIds": too_many},
        {"couponId": 424242, "userId": "demo-user", "vendorItemIds": [3000000002i64]},
        {"couponId": b, "userId": "demo2-user", "vendorItemIds": [3000000003i64]}
    ]});
    let r = app
        .call(Method::PUT, &format!("{DL}/coupon-items"), Some(body))
        .await;
    assert_eq!(r.status, 200);
    let v = r.json();
    let statuses: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["requestResultStatus"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(statuses, ["SUCCESS", "FAIL", "FAIL", "FAIL"]);
    let messages: Vec<_> = v.as_array().unwrap()[1..]
        .iter()
        .map(|e| e["errorMessage"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        messages,
        [
            "vendorItemIds size must be between 1 and 100.".to_string(),
            "Promotion does not exist (424242)".to_string(),
            "userId=demo2-user is not a WING user of seller=A00012345.".to_string(),
        ]
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM requests WHERE family = 'DOWNLOAD'"),
        1
    );

    // The same refusals in Korean; with every entry refused the answer is a 400.
    let too_many: Vec<i64> = (3000000001..=3000000101).collect();
    let body = json!({"couponItems": [
        {"couponId": b, "userId": "demo-user", "vendorItemIds": too_many},
        {"couponId": 424242, "userId": "demo-user", "vendorItemIds": [3000000009i64]},
        {"couponId": b, "userId": "demo2-user", "vendorItemIds": [3000000003i64]},
        {"userId": "demo-user", "vendorItemIds": [3000000003i64]}
    ]});
    let r = app
        .call_with(
            Method::PUT,
            &format!("{DL}/coupon-items"),
            &[("accept-language", "ko")],
            Some(body),
        )
        .await;
    assert_eq!(r.status, 400);
    let messages: Vec<_> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["errorMessage"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        messages,
        [
            "한 번에 적용할 옵션ID 수는 100개를 초과할 수 없습니다.".to_string(),
            "존재 하지 않는 프로모션 (424242)".to_string(),
            "userId=demo2-user (으)로 판매자=A00012345 의 WING 사용자가 아닙니다.".to_string(),
            "couponId may not be null".to_string(),
        ]
    );
}

#[tokio::test]
async fn unknown_transactions_and_bad_bodies() {
    let Some(app) = spawn_app().await else { return };
    for (lang, message) in [("en", "System error"), ("ko", "시스템 오류")] {
        let r = app
            .call_with(
                Method::GET,
                &format!("{DL}/coupons/transactionStatus?requestTransactionId=demo-user_1234"),
                &[("accept-language", lang)],
                None,
            )
            .await;
        assert_eq!(
            (r.status.as_u16(), r.json()["errorMessage"].clone()),
            (500, json!(message))
        );
    }
    // An instant coupon's requestedId is not a downloadable transaction.
    let create = app
        .mutate(Method::POST, &fms(2, "/coupon"), Some(coupon_body()))
        .await;
    let r = app
        .get(&format!(
            "{DL}/coupons/transactionStatus?requestTransactionId={create}"
        ))
        .await;
    assert_eq!(r.status, 500);
    let r = app.get(&format!("{DL}/coupons/transactionStatus")).await;
    assert_eq!(
        (r.status.as_u16(), r.json()["errorMessage"].clone()),
        (
            400,
            json!("Required String parameter 'requestTransactionId' is not present")
        )
    );

    let before = (coupons(&app), app.count("SELECT COUNT(*) FROM requests"));
    let cases: Vec<(Method, &str, &[u8], bool)> = vec![
        (Method::POST, "/coupons", b"{\"title\":", false),
        (Method::POST, "/coupons", b"[]", false),
        (Method::POST, "/coupons", b"", false),
        (Method::PUT, "/coupon-items", b"{nope", true),
        (Method::PUT, "/coupon-items", b"{}", true),
        (Method::PUT, "/coupon-items", b"{\"couponItems\": {}}", true),
        (Method::PUT, "/coupon-items", b"{\"couponItems\": [{\"couponId\": 1, \"userId\": \"demo-user\", \"vendorItemIds\": [\"x\"]}]}", true),
        (Method::PUT, "/coupon-items", b"{\"couponItems\": [1]}", true),
        (Method::POST, "/coupons/expire", b"{\"expireCouponList\": []}", true),
        (Method::POST, "/coupons/expire", b"{\"expireCouponList\": [{\"couponId\": \"abc\", \"userId\": \"demo-user\"}]}", true),
    ];
    for (method, path, body, list) in cases {
        let path = format!("{DL}{path}");
        let auth = authorization(DEMO, &method, &path);
        let r = app
            .raw(
                method,
                &path,
                &[
                    ("authorization", auth),
                    ("content-type", "application/json".into()),
                ],
                Some(body.to_vec()),
            )
            .await;
        assert_eq!(
            r.status,
            400,
            "{path} {}: {}",
            String::from_utf8_lossy(body),
            r.text
        );
        let v = r.json();
        if list {
            assert_eq!(v[0]["requestResultStatus"], "FAIL", "{v}");
            assert!(v[0]["errorMessage"].as_str().is_some_and(|m| !m.is_empty()));
        } else {
            assert_eq!(v["code"], 400, "{v}");
            assert!(v.get("data").is_none());
        }
    }
    let r = app.get(&format!("{DL}/coupons/abc")).await;
    assert_eq!(r.status, 400);
    let r = app
        .call(Method::DELETE, &format!("{DL}/coupons/1"), None)
        .await;
    assert_eq!(
        (r.status.as_u16(), r.json()["errorMessage"].clone()),
        (405, json!("Request method 'DELETE' not supported"))
    );
    assert_eq!(
        (coupons(&app), app.count("SELECT COUNT(*) FROM requests")),
        before
    );
}

#[tokio::test]
async fn concurrent_item_calls_never_put_an_item_on_two_coupons() {
    let Some(app) = spawn_app().await else { return };
    let app = Arc::new(app);
    let mut ids = Vec::new();
    for _ in 0..32 {
        ids.push(app.create_download(download_body()).await);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for (r, coupon) in ids.iter().copied().enumerate() {
        let app = app.clone();
        let items: Vec<i64> = (0..60)
            .map(|k| 3000000001 + ((r as i64) * 9 + k * 5) % 300)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        tasks.spawn(async move {
            let tx = app.add_download_items(coupon, &items).await;
            (items, app.wait_transaction(&tx).await)
        });
    }
    let mut distinct = HashSet::new();
    let mut succeeded = 0;
    while let Some(done) = tasks.join_next().await {
        let (items, t) = done.unwrap();
        distinct.extend(items.iter().copied());
        let (total, ok, failed) = (
            t["total"].as_i64().unwrap(),
            t["succeeded"].as_i64().unwrap(),
            t["failed"].as_i64().unwrap(),
        );
        assert_eq!((total, ok + failed), (items.len() as i64, total), "{t}");
        for f in t["couponFailedVendorItemIdResponses"].as_array().unwrap() {
            assert!(
                f["failureReason"].as_str().unwrap().starts_with("[CIR14] "),
                "{f}"
            );
        }
        succeeded += ok;
    }
    assert_eq!(succeeded, distinct.len() as i64);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM (SELECT vendor_item_id FROM download_coupon_items WHERE live = 1 GROUP BY vendor_item_id HAVING COUNT(*) > 1) AS doubled"),
        0
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM download_coupon_items WHERE live = 1"),
        succeeded
    );
    // Every coupon whose items all failed was destroyed; the others show their items.
    let mut shown = 0;
    for id in &ids {
        let r = app.get(&format!("{DL}/coupons/{id}")).await;
        if r.status == 200 {
            shown += r.json()["appliedOptionCount"].as_i64().unwrap();
        }
    }
    assert_eq!(shown, succeeded);
}
