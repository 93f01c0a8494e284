use crate::helpers::*;
use insta::assert_json_snapshot;
use reqwest::Method;
use serde_json::json;
use wing_server::seed::range_price;

#[tokio::test]
async fn each_failed_item_has_its_reason_and_the_counts_add_up() {
    let Some(app) = spawn_app().await else { return };
    let first = app.create_coupon(coupon_body()).await;
    assert_eq!(app.add_items(first, &[3000000010]).await["status"], "DONE");

    // 100 won off: under 1% of every demo price (10,000..50,000) when the price is over 10,000.
    let coupon = app.create_coupon(coupon_body()).await;
    let cheap = (3000000100..3000000200)
        .find(|id| range_price(*id, 10_000, 50_000) > 20_000)
        .unwrap();
    let tiny = app
        .create_coupon(with(
            coupon_body(),
            json!({"discount": 100, "maxDiscountPrice": 100}),
        ))
        .await;
    let r = app.add_items(tiny, &[cheap]).await;
    assert_eq!(
        r["failedVendorItems"][0]["reason"],
        "[CIE06] 이 프로모션을 적용하면 일부 옵션 ID에 대해 할인이 너무 작거나 너무 큽니다."
    );

    let items = [
        3000000001,   // ok
        0,            // CIE00
        -7,           // CIE00
        123456789012, // CIE00: 12 digits
        4000000001,   // CIR06: the other vendor's
        3999999999,   // CIR06: nobody's
        3000000010,   // CIR08: on `first`
        3000000002,   // ok
        3000000002,   // CIR08: twice in one request
    ];
    let done = app.add_items(coupon, &items).await;
    assert_json_snapshot!(done, {".requestedId" => "[requestedId]", ".couponId" => "[couponId]"});
    assert_eq!(done["total"], 9);
    assert_eq!(done["succeeded"], 2);
    assert_eq!(done["failed"], 7);
    assert_eq!(
        done["failedVendorItems"][5]["reason"],
        format!("[CIR08] 해당 옵션은 이미 다른 쿠폰({first})에 발행되어져 있습니다.")
    );
    assert_eq!(
        done["failedVendorItems"][6]["reason"],
        format!("[CIR08] 해당 옵션은 이미 다른 쿠폰({coupon})에 발행되어져 있습니다.")
    );

    // Every item failed: FAIL.
    let all_bad = app.add_items(coupon, &[0, 4000000001]).await;
    assert_eq!(
        (
            all_bad["status"].clone(),
            all_bad["succeeded"].clone(),
            all_bad["failed"].clone()
        ),
        (json!("FAIL"), json!(0), json!(2))
    );
}

#[tokio::test]
async fn checks_run_in_order_and_the_first_failure_wins() {
    let Some(app) = spawn_app().await else { return };
    let a = app.create_coupon(coupon_body()).await;
    app.add_items(a, &[3000000001]).await;
    // The other vendor's item, live on their own coupon: CIR06 (ownership) comes before CIR08.
    let theirs = 4000000005;
    let r = app
        .call_as(
            DEMO2,
            Method::POST,
            &fms_for(VENDOR2, 2, "/coupon"),
            Some(with(coupon_body(), json!({"contractId": 25}))),
        )
        .await;
    let created = app
        .wait_request_as(
            DEMO2,
            VENDOR2,
            r.json()["data"]["content"]["requestedId"].as_str().unwrap(),
        )
        .await;
    let path = fms_for(
        VENDOR2,
        1,
        &format!("/coupons/{}/items", created["couponId"]),
    );
    let r = app
        .call_as(
            DEMO2,
            Method::POST,
            &path,
            Some(json!({"vendorItems": [theirs]})),
        )
        .await;
    let added = app
        .wait_request_as(
            DEMO2,
            VENDOR2,
            r.json()["data"]["content"]["requestedId"].as_str().unwrap(),
        )
        .await;
    assert_eq!(added["succeeded"], 1);
    // A too-small discount on an item that is already taken: CIR08 before CIE06.
    let tiny = app
        .create_coupon(with(
            coupon_body(),
            json!({"discount": 10, "maxDiscountPrice": 10}),
        ))
        .await;
    let done = app.add_items(tiny, &[3000000001, theirs]).await;
    let reasons: Vec<_> = done["failedVendorItems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["reason"].as_str().unwrap()[..7].to_string())
        .collect();
    assert_eq!(reasons, ["[CIR08]", "[CIR06]"]);
}

#[tokio::test]
async fn one_item_by_coupon_item_id_or_vendor_item_id_and_lists_from_page_zero() {
    let Some(app) = spawn_app().await else { return };
    let coupon = app.create_coupon(coupon_body()).await;
    let items: Vec<i64> = (3000000001..=3000000025).collect();
    assert_eq!(app.add_items(coupon, &items).await["succeeded"], 25);

    let list = |q: &str| {
        let app = &app;
        let path = fms(1, &format!("/coupons/{coupon}/items?{q}"));
        async move { app.get(&path).await.json() }
    };
    let v = list("status=APPLIED").await;
    assert_eq!(
        v["data"]["pagination"],
        json!({"currentPage":0,"countPerPage":1000,"totalPages":1,"totalElements":25})
    );
    let v = list("status=APPLIED&page=0&size=10").await;
    assert_json_snapshot!("items_page0", v, {".data.content[].couponItemId" => "[couponItemId]", ".data.content[].couponId" => "[couponId]"});
    let vendor_ids = |v: &serde_json::Value| -> Vec<i64> {
        v["data"]["content"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["vendorItemId"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(
        vendor_ids(&list("status=APPLIED&page=2&size=10").await),
        items[20..]
    );
    assert_eq!(
        vendor_ids(&list("status=APPLIED&page=3&size=10").await),
        Vec::<i64>::new()
    );
    assert_eq!(
        vendor_ids(&list("status=APPLIED&page=0&size=3&sort=desc").await),
        vec![3000000025, 3000000024, 3000000023]
    );
    assert_eq!(list("status=STANDBY").await["data"]["content"], json!([]));
    let r = app
        .get(&fms(
            1,
            &format!("/coupons/{coupon}/items?status=APPLIED&page=-1"),
        ))
        .await;
    assert_eq!(
        r.json()["errorMessage"],
        "Page index must not be less than zero!"
    );
    let r = app
        .get(&fms(1, &format!("/coupons/{coupon}/items?status=DETACHED")))
        .await;
    assert_eq!(
        r.json()["errorMessage"],
        "status 은 STANDBY, APPLIED, PAUSED, EXPIRED 중 하나여야 합니다."
    );

    let first = v["data"]["content"][0].clone();
    let by_item_id = app
        .get(&fms(
            1,
            &format!(
                "/coupons/{coupon}/items/{}?type=couponItemId",
                first["couponItemId"]
            ),
        ))
        .await;
    assert_json_snapshot!("item_by_coupon_item_id", by_item_id.json(), {".data.content.couponItemId" => "[couponItemId]", ".data.content.couponId" => "[couponId]"});
    let by_vendor_item = app
        .get(&fms(
            1,
            &format!("/coupons/{coupon}/items/3000000001?type=vendorItemId"),
        ))
        .await;
    assert_eq!(by_vendor_item.json(), by_item_id.json());

    let r = app
        .get(&fms(
            1,
            &format!("/coupons/{coupon}/items/3999999999?type=vendorItemId"),
        ))
        .await;
    assert_eq!(
        (r.status.as_u16(), r.json()["errorMessage"].clone()),
        (
            400,
            json!(format!("couponId {coupon}에서 아이템을 찾을 수 없습니다."))
        )
    );
    let r = app
        .get(&fms(1, &format!("/coupons/{coupon}/items/1?type=itemId")))
        .await;
    assert_eq!(
        r.json()["errorMessage"],
        "type 은 couponItemId 또는 vendorItemId 이어야 합니다."
    );
    let r = app
        .get(&fms(1, "/coupons/777777/items/1?type=couponItemId"))
        .await;
    assert_eq!(r.json()["errorMessage"], "쿠폰아이디를 확인해주세요 777777");
}

#[tokio::test]
async fn removing_items_ends_them_and_removing_all_detaches_the_coupon() {
    let Some(app) = spawn_app().await else { return };
    let coupon = app.create_coupon(coupon_body()).await;
    app.add_items(coupon, &[3000000001, 3000000002, 3000000003])
        .await;

    let done = app.remove_items(coupon, &[3000000001, 3000000009, 0]).await;
    assert_json_snapshot!(done, {".requestedId" => "[requestedId]", ".couponId" => "[couponId]"});
    let r = app
        .get(&fms(
            1,
            &format!("/coupons/{coupon}/items/3000000001?type=vendorItemId"),
        ))
        .await;
    assert_eq!(r.json()["data"]["content"]["status"], "EXPIRED");
    assert_eq!(app.coupon_status(coupon).await, "APPLIED");

    // A removed item may go on another coupon.
    let other = app.create_coupon(coupon_body()).await;
    assert_eq!(app.add_items(other, &[3000000001]).await["succeeded"], 1);

    assert_eq!(
        app.remove_items(coupon, &[3000000002, 3000000003]).await["status"],
        "DONE"
    );
    assert_eq!(app.coupon_status(coupon).await, "DETACHED");
    let r = app.get(&fms(2, "/coupons?status=DETACHED")).await;
    assert_eq!(r.json()["data"]["content"][0]["couponId"], coupon);
}

#[tokio::test]
async fn ten_thousand_items_in_one_request() {
    let Some(app) = spawn_app().await else { return };
    let coupon = app.create_coupon(coupon_body()).await;
    let items: Vec<i64> = (3000000001..=3000010000).collect();
    let done = app.add_items(coupon, &items).await;
    assert_eq!(
        (
            done["status"].clone(),
            done["total"].clone(),
            done["succeeded"].clone()
        ),
        (json!("DONE"), json!(10000), json!(10000))
    );
    let r = app
        .get(&fms(
            1,
            &format!("/coupons/{coupon}/items?status=APPLIED&size=1"),
        ))
        .await;
    assert_eq!(r.json()["data"]["pagination"]["totalElements"], 10000);
}

#[tokio::test]
async fn item_lists_must_hold_one_to_ten_thousand_ids() {
    let Some(app) = spawn_app().await else { return };
    let coupon = app.create_coupon(coupon_body()).await;
    let too_many: Vec<i64> = (3000000001..=3000010001).collect();
    for body in [
        json!({"vendorItems": []}),
        json!({}),
        json!({"vendorItems": null}),
        json!({"vendorItems": too_many}),
    ] {
        for (method, path) in [
            (Method::POST, fms(1, &format!("/coupons/{coupon}/items"))),
            (
                Method::PUT,
                fms(1, &format!("/coupons/{coupon}/items?action=expire")),
            ),
        ] {
            let r = app.call(method, &path, Some(body.clone())).await;
            assert_eq!(r.status, 400);
            assert_eq!(
                r.json()["errorMessage"],
                "vendorItems may not be empty, vendorItems size must be between 1 and 10000"
            );
        }
    }
    let r = app
        .call(
            Method::POST,
            &fms(1, &format!("/coupons/{coupon}/items")),
            Some(json!({"vendorItems": []})),
        )
        .await;
    assert_json_snapshot!(r.json());
    let r = app
        .call(
            Method::POST,
            &fms(1, "/coupons/31337/items"),
            Some(json!({"vendorItems": [3000000001i64]})),
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.json()["errorMessage"].clone()),
        (400, json!("쿠폰아이디를 확인해주세요 31337"))
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM requests WHERE type = 'COUPON_ITEM_PUBLISH'"),
        0
    );
}

#[tokio::test]
async fn the_in_memory_database_serves_the_same_api() {
    let Some(app) = spawn_app_with(Options {
        in_memory: true,
        ..Options::default()
    })
    .await
    else {
        return;
    };
    let coupon = app.create_coupon(coupon_body()).await;
    let done = app.add_items(coupon, &[3000000001, 3000000001, 0]).await;
    assert_eq!(
        (
            done["status"].clone(),
            done["succeeded"].clone(),
            done["failed"].clone()
        ),
        (json!("DONE"), json!(1), json!(2))
    );
    let r = app
        .get(&fms(1, &format!("/coupons/{coupon}/items?status=APPLIED")))
        .await;
    assert_eq!(r.json()["data"]["pagination"]["totalElements"], 1);
}
