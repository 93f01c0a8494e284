use crate::helpers::*;
use chrono::Duration as ChronoDuration;
use insta::assert_json_snapshot;
use reqwest::Method;
use serde_json::json;
use std::time::Duration;
use wing_server::seed;
use wing_server::startup::Seeding;

#[tokio::test]
async fn create_answers_a_requested_id_then_status_moves_to_done() {
    let Some(app) = spawn_app_with(Options {
        processing_delay: Duration::from_millis(400),
        ..Options::default()
    })
    .await
    else {
        return;
    };
    let r = app
        .call(Method::POST, &fms(2, "/coupon"), Some(coupon_body()))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.content_type, "application/json;charset=UTF-8");
    let v = r.json();
    let id = v["data"]["content"]["requestedId"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        id.len() >= 19 && id.bytes().all(|b| b.is_ascii_digit()),
        "{id}"
    );
    assert_json_snapshot!("create_accepted", v, {".data.content.requestedId" => "[requestedId]"});

    let r = app.get(&fms(1, &format!("/requested/{id}"))).await;
    assert_json_snapshot!("create_requested", r.json(), {".data.content.requestedId" => "[requestedId]"});

    let done = app.wait_request(&id).await;
    assert_json_snapshot!("create_done", done, {".requestedId" => "[requestedId]", ".couponId" => "[couponId]"});
    assert!(done["couponId"].as_i64().unwrap() > 0);
}

#[tokio::test]
async fn one_coupon_and_its_status_over_time() {
    let Some(app) = spawn_app().await else { return };
    let body = with(
        coupon_body(),
        json!({"type": "RATE", "discount": 10, "maxDiscountPrice": 5000,
        "startAt": "2026-11-23 00:00:00", "endAt": "2026-11-30 00:00:00", "name": "겨울 할인"}),
    );
    let coupon = app.create_coupon(body).await;
    let r = app
        .get(&fms(2, &format!("/coupon?couponId={coupon}")))
        .await;
    assert_json_snapshot!(r.json(), {".data.content.couponId" => "[couponId]"});

    assert_eq!(app.coupon_status(coupon).await, "STANDBY");
    app.clock.advance(ChronoDuration::hours(12)); // 2026-11-23 00:00 KST
    assert_eq!(app.coupon_status(coupon).await, "APPLIED");
    app.clock.advance(ChronoDuration::days(7));
    assert_eq!(app.coupon_status(coupon).await, "EXPIRED");

    let r = app.get(&fms(2, "/coupon?couponId=987654")).await;
    assert_eq!(r.status, 400);
    assert_json_snapshot!("unknown_coupon", r.json());
    let r = app.get(&fms(2, "/coupon")).await;
    assert_eq!(
        r.json()["errorMessage"],
        "Required Long parameter 'couponId' is not present"
    );
}

#[tokio::test]
async fn expire_pauses_the_coupon_and_frees_its_items() {
    let Some(app) = spawn_app().await else { return };
    let coupon = app.create_coupon(coupon_body()).await;
    let added = app.add_items(coupon, &[3000000001, 3000000002]).await;
    assert_eq!(added["succeeded"], 2);

    let r = app
        .call(
            Method::PUT,
            &fms(1, &format!("/coupons/{coupon}?action=expire")),
            None,
        )
        .await;
    assert_json_snapshot!("expire_accepted", r.json(), {".data.content.requestedId" => "[requestedId]"});
    let done = app
        .wait_request(r.json()["data"]["content"]["requestedId"].as_str().unwrap())
        .await;
    assert_json_snapshot!("expire_done", done, {".requestedId" => "[requestedId]", ".couponId" => "[couponId]"});
    assert_eq!(app.coupon_status(coupon).await, "PAUSED");
    let r = app
        .get(&fms(1, &format!("/coupons/{coupon}/items?status=PAUSED")))
        .await;
    assert_eq!(r.json()["data"]["pagination"]["totalElements"], 2);

    // The items may go on another coupon now.
    let other = app.create_coupon(coupon_body()).await;
    assert_eq!(app.add_items(other, &[3000000001]).await["status"], "DONE");

    // A second expiry has nothing to do: FAIL.
    let again = app.expire_coupon(coupon).await;
    assert_eq!(
        (
            again["status"].clone(),
            again["total"].clone(),
            again["failed"].clone()
        ),
        (json!("FAIL"), json!(1), json!(1))
    );
    // And a paused coupon takes no items.
    let r = app
        .call(
            Method::POST,
            &fms(1, &format!("/coupons/{coupon}/items")),
            Some(json!({"vendorItems": [3000000003i64]})),
        )
        .await;
    assert_eq!(
        (
            r.status.as_u16(),
            r.json()["errorMessage"].as_str().unwrap()
        ),
        (
            400,
            "아이템을 변경할 수 없는 쿠폰입니다. (쿠폰 상태: PAUSED)"
        )
    );
}

#[tokio::test]
async fn expire_while_other_requests_are_pending_is_not_accepted() {
    let Some(app) = spawn_app_with(Options {
        processing_delay: Duration::from_millis(1500),
        ..Options::default()
    })
    .await
    else {
        return;
    };
    let create = app
        .mutate(Method::POST, &fms(2, "/coupon"), Some(coupon_body()))
        .await;
    let coupon = app.wait_request(&create).await["couponId"]
        .as_i64()
        .unwrap();
    let add = app
        .mutate(
            Method::POST,
            &fms(1, &format!("/coupons/{coupon}/items")),
            Some(json!({"vendorItems": [3000000001i64]})),
        )
        .await;

    let r = app
        .call(
            Method::PUT,
            &fms(1, &format!("/coupons/{coupon}?action=expire")),
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_json_snapshot!(r.json());

    assert_eq!(app.wait_request(&add).await["status"], "DONE");
    let r = app
        .call(
            Method::PUT,
            &fms(1, &format!("/coupons/{coupon}?action=expire")),
            None,
        )
        .await;
    assert_eq!(r.json()["data"]["content"]["success"], true);
}

#[tokio::test]
async fn expire_needs_the_action_and_an_existing_coupon() {
    let Some(app) = spawn_app().await else { return };
    let coupon = app.create_coupon(coupon_body()).await;
    let r = app
        .call(Method::PUT, &fms(1, &format!("/coupons/{coupon}")), None)
        .await;
    assert_eq!(
        (
            r.status.as_u16(),
            r.json()["errorMessage"].as_str().unwrap()
        ),
        (400, "Required String parameter 'action' is not present")
    );
    let r = app
        .call(
            Method::PUT,
            &fms(1, &format!("/coupons/{coupon}?action=pause")),
            None,
        )
        .await;
    assert_eq!(r.json()["errorMessage"], "action 은 expire 이어야 합니다.");
    let r = app
        .call(Method::PUT, &fms(1, "/coupons/55555?action=expire"), None)
        .await;
    assert_eq!(
        (
            r.status.as_u16(),
            r.json()["errorMessage"].as_str().unwrap()
        ),
        (400, "쿠폰이 없습니다. 쿠폰 번호를 확인해주세요.")
    );
    assert_eq!(app.coupon_status(coupon).await, "APPLIED");
}

#[tokio::test]
async fn list_by_status_pages_from_one() {
    let Some(app) = spawn_app().await else { return };
    let mut ids = Vec::new();
    for i in 0..12 {
        ids.push(
            app.create_coupon(with(coupon_body(), json!({"name": format!("c{i}")})))
                .await,
        );
    }
    let standby = app
        .create_coupon(with(
            coupon_body(),
            json!({"startAt": "2026-11-30 00:00:00"}),
        ))
        .await;

    let page = |q: &str| {
        let app = &app;
        let path = fms(2, &format!("/coupons?{q}"));
        async move { app.get(&path).await }
    };
    let ids_of = |v: &serde_json::Value| -> Vec<i64> {
        v["data"]["content"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["couponId"].as_i64().unwrap())
            .collect()
    };

    let r = page("status=APPLIED").await;
    let v = r.json();
    assert_eq!(ids_of(&v), ids[..10]);
    assert_eq!(
        v["data"]["pagination"],
        json!({"currentPage":1,"countPerPage":10,"totalPages":2,"totalElements":12})
    );
    assert_json_snapshot!("coupons_page", v, {".data.content[].couponId" => "[couponId]"});

    let v = page("status=APPLIED&page=2&size=10").await.json();
    assert_eq!(ids_of(&v), ids[10..]);
    let v = page("status=APPLIED&page=3&size=10").await.json();
    assert_eq!(ids_of(&v), Vec::<i64>::new());
    assert_eq!(
        v["data"]["pagination"],
        json!({"currentPage":3,"countPerPage":10,"totalPages":2,"totalElements":12})
    );
    let v = page("status=APPLIED&page=1&size=5&sort=desc").await.json();
    let newest: Vec<i64> = ids.iter().rev().take(5).copied().collect();
    assert_eq!(ids_of(&v), newest);
    let v = page("status=STANDBY").await.json();
    assert_eq!(ids_of(&v), vec![standby]);
    let v = page("status=APPLIED&size=5000").await.json();
    assert_eq!(v["data"]["pagination"]["countPerPage"], 1000);
    assert_eq!(ids_of(&v).len(), 12);
    let v = page("status=EXPIRED").await.json();
    assert_eq!(
        v["data"]["pagination"],
        json!({"currentPage":1,"countPerPage":10,"totalPages":0,"totalElements":0})
    );

    for (q, message) in [
        ("status=APPLIED&page=0", "Page index must not be less than zero!"),
        ("status=APPLIED&page=-3", "Page index must not be less than zero!"),
        ("status=APPLIED&size=0", "Page size must not be less than one!"),
        ("status=APPLIED&sort=sideways", "sort 은 asc, desc 중 하나여야 합니다."),
        ("status=GONE", "status 은 STANDBY, APPLIED, PAUSED, EXPIRED, DETACHED 중 하나여야 합니다."),
        ("page=1", "Required String parameter 'status' is not present"),
        ("status=APPLIED&page=two", "Failed to convert value of type 'java.lang.String' to required type 'int'; nested exception is java.lang.NumberFormatException: For input string: \"two\""),
    ] {
        let r = page(q).await;
        assert_eq!((r.status.as_u16(), r.json()["errorMessage"].as_str().unwrap()), (400, message), "{q}");
    }
}

#[tokio::test]
async fn coupons_of_an_order_are_those_that_applied_when_it_was_placed() {
    let mut demo = seed::demo();
    demo.vendors[0].orders = seed::parse(
        r#"{"vendors":[{"vendorId":"x","orders":[
            {"orderId":8000000000294,"orderedAt":"2026-11-25 10:00:00","vendorItemIds":[3000000001,3000000002,3000000003]},
            {"orderId":8000000000300,"orderedAt":"2026-11-20 10:00:00","vendorItemIds":[3000000001]}]}]}"#,
    )
    .unwrap()
    .vendors[0]
        .orders
        .clone();
    let Some(app) = spawn_app_with(Options {
        seeding: Seeding::File(demo),
        ..Options::default()
    })
    .await
    else {
        return;
    };
    let a = app
        .create_coupon(with(
            coupon_body(),
            json!({"name": "A", "type": "RATE", "discount": 10, "maxDiscountPrice": 3000}),
        ))
        .await;
    let b = app
        .create_coupon(with(coupon_body(), json!({"name": "B"})))
        .await;
    app.add_items(a, &[3000000001]).await;
    app.add_items(b, &[3000000002]).await;
    // Paused after the order was placed: still the order's coupon, shown PAUSED.
    app.clock.advance(ChronoDuration::days(5));
    app.expire_coupon(b).await;

    let r = app.get(&fms(2, "/8000000000294/coupons")).await;
    assert_eq!(r.status, 200);
    assert_json_snapshot!(r.json(), {".data.content[].couponId" => "[couponId]"});
    let got: Vec<(i64, i64)> = r.json()["data"]["content"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["vendorItemId"].as_i64().unwrap(),
                c["couponId"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, vec![(3000000001, a), (3000000002, b)]);

    // Placed before the coupons existed; unknown; another vendor's path.
    for path in ["/8000000000300/coupons", "/1/coupons"] {
        let r = app.get(&fms(2, path)).await;
        assert_eq!(r.json()["data"]["content"], json!([]), "{path}");
    }
    let r = app.get(&fms(2, "/80000x/coupons")).await;
    assert_eq!(r.status, 400);
}
