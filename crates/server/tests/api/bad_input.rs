//! Bad input gets a 4xx in the FMS envelope, never a 500, and changes nothing.

use crate::helpers::*;
use insta::assert_json_snapshot;
use reqwest::Method;
use serde_json::json;

fn state(app: &TestApp) -> (i64, i64, i64) {
    (
        app.count("SELECT COUNT(*) FROM requests"),
        app.count("SELECT COUNT(*) FROM instant_coupons"),
        app.count("SELECT COUNT(*) FROM instant_coupon_items"),
    )
}

async fn send(app: &TestApp, method: Method, path: &str, body: &[u8]) -> Reply {
    let auth = authorization(DEMO, &method, path);
    app.raw(
        method,
        path,
        &[
            ("authorization", auth),
            ("content-type", "application/json".into()),
        ],
        Some(body.to_vec()),
    )
    .await
}

#[tokio::test]
async fn unreadable_bodies_are_400_and_change_nothing() {
    let Some(app) = spawn_app().await else { return };
    let coupon = app.create_coupon(coupon_body()).await;
    let before = state(&app);
    let create = fms(2, "/coupon");
    let items = fms(1, &format!("/coupons/{coupon}/items"));
    let cases: Vec<(Method, String, Vec<u8>, &str)> = vec![
        (Method::POST, create.clone(), b"{\"contractId\": 15,".to_vec(), "JSON parse error: "),
        (Method::POST, create.clone(), b"".to_vec(), "Required request body is missing"),
        (Method::POST, create.clone(), b"[1,2]".to_vec(), "JSON parse error: Cannot deserialize value of type `java.util.LinkedHashMap` from Array value"),
        (Method::POST, create.clone(), b"\"hello\"".to_vec(), "JSON parse error: "),
        (Method::POST, create.clone(), b"\xff\xfe".to_vec(), "JSON parse error: "),
        (Method::POST, items.clone(), b"{\"vendorItems\": \"3000000001\"}".to_vec(),
         "JSON parse error: Cannot deserialize value of type `java.util.ArrayList<java.lang.Long>` from String \"3000000001\" (through reference chain: vendorItems)"),
        (Method::POST, items.clone(), b"{\"vendorItems\": [3000000001, \"abc\"]}".to_vec(),
         "JSON parse error: Cannot deserialize value of type `java.lang.Long` from String \"abc\" (through reference chain: vendorItems[1])"),
        (Method::POST, items.clone(), b"{\"vendorItems\": [1e400]}".to_vec(), "JSON parse error: "),
        (Method::POST, items.clone(), b"{\"vendorItems\": [99999999999999999999999]}".to_vec(), "JSON parse error: Numeric value ("),
        (Method::POST, items.clone(), b"{\"vendorItems\": [1.5]}".to_vec(), "JSON parse error: Cannot deserialize value of type `java.lang.Long` from Number value (1.5)"),
    ];
    for (method, path, body, prefix) in cases {
        let r = send(&app, method, &path, &body).await;
        assert_eq!(
            r.status,
            400,
            "{path} {:?}: {}",
            String::from_utf8_lossy(&body),
            r.text
        );
        assert_eq!(r.content_type, "application/json;charset=UTF-8");
        let v = r.json();
        assert_eq!(
            (
                v["code"].clone(),
                v["httpStatus"].clone(),
                v["data"].clone()
            ),
            (json!(400), json!(400), json!(null))
        );
        assert!(
            v["errorMessage"].as_str().unwrap().starts_with(prefix),
            "{}",
            v["errorMessage"]
        );
    }
    let r = send(&app, Method::POST, &create, b"{oops").await;
    assert_json_snapshot!(r.json());
    assert_eq!(state(&app), before);
}

#[tokio::test]
async fn too_large_bodies_are_413() {
    let Some(app) = spawn_app().await else { return };
    let body = format!("{{\"name\": \"{}\"}}", "x".repeat(5 * 1024 * 1024));
    let r = send(&app, Method::POST, &fms(2, "/coupon"), body.as_bytes()).await;
    assert_eq!(r.status, 413);
    assert_eq!(r.json()["code"], 413);
    assert_eq!(app.count("SELECT COUNT(*) FROM requests"), 0);
}

#[tokio::test]
async fn get_and_expire_ignore_bodies_and_content_type() {
    let Some(app) = spawn_app().await else { return };
    let coupon = app.create_coupon(coupon_body()).await;
    // GET with a JSON content type and a body that is not JSON: the body is never read.
    let path = fms(2, &format!("/coupon?couponId={coupon}"));
    let r = send(&app, Method::GET, &path, b"not json").await;
    assert_eq!(r.status, 200, "{}", r.text);
    // PUT ?action=expire with Content-Length: 0, and with no length at all.
    let path = fms(1, &format!("/coupons/{coupon}?action=expire"));
    let r = send(&app, Method::PUT, &path, b"").await;
    assert_eq!(r.status, 200, "{}", r.text);
    let id = r.json()["data"]["content"]["requestedId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(app.wait_request(&id).await["status"], "DONE");
    let other = app.create_coupon(coupon_body()).await;
    let path = fms(1, &format!("/coupons/{other}?action=expire"));
    let auth = authorization(DEMO, &Method::PUT, &path);
    let r = app
        .raw(
            Method::PUT,
            &path,
            &[
                ("authorization", auth),
                ("content-type", "application/json;charset=UTF-8".into()),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn unknown_paths_methods_and_ids_are_4xx_in_the_envelope() {
    let Some(app) = spawn_app().await else { return };
    let coupon = app.create_coupon(coupon_body()).await;
    let before = state(&app);
    let cases: Vec<(Method, String, u16, &str)> = vec![
        (Method::GET, fms(2, "/nothing/here"), 404, "No handler found for GET /v2/providers/fms/apis/api/v2/vendors/A00012345/nothing/here"),
        (Method::GET, "/v2/providers/fms/apis/api/v3/anything".into(), 404, "No handler found for GET /v2/providers/fms/apis/api/v3/anything"),
        // Some clients try DELETE to expire an instant coupon.
        (Method::DELETE, fms(1, &format!("/coupons/{coupon}")), 405, "Request method 'DELETE' not supported"),
        (Method::PATCH, fms(2, "/coupon"), 405, "Request method 'PATCH' not supported"),
        (Method::GET, fms(1, "/requested/abc"), 400, "요청 정보가 없습니다. requestedId를 확인해주세요."),
        (Method::GET, fms(1, &format!("/requested/{}", "1".repeat(22))), 400, "요청 정보가 없습니다. requestedId를 확인해주세요."),
        (Method::GET, fms(1, "/requested/123543582159745830895"), 400, "요청 정보가 없습니다. requestedId를 확인해주세요."),
        (Method::GET, fms(1, "/coupons/abc/items?status=APPLIED"), 400,
         "Failed to convert value of type 'java.lang.String' to required type 'java.lang.Long'; nested exception is java.lang.NumberFormatException: For input string: \"abc\""),
        (Method::PUT, fms(1, "/coupons/99999999999999999999999?action=expire"), 400,
         "Failed to convert value of type 'java.lang.String' to required type 'java.lang.Long'; nested exception is java.lang.NumberFormatException: For input string: \"99999999999999999999999\""),
        (Method::GET, fms(2, "/coupon?couponId=1e3"), 400,
         "Failed to convert value of type 'java.lang.String' to required type 'java.lang.Long'; nested exception is java.lang.NumberFormatException: For input string: \"1e3\""),
    ];
    for (method, path, status, message) in cases {
        let r = app.call(method.clone(), &path, None).await;
        assert_eq!(r.status.as_u16(), status, "{method} {path}: {}", r.text);
        assert_eq!(r.content_type, "application/json;charset=UTF-8");
        let v = r.json();
        assert_eq!(
            (v["code"].as_u64(), v["errorMessage"].as_str()),
            (Some(status.into()), Some(message)),
            "{method} {path}"
        );
    }
    // Unknown paths need no signature to be told they are unknown.
    let r = app
        .raw(Method::GET, "/v2/providers/nothing", &[], None)
        .await;
    assert_eq!(r.status, 404);
    assert_json_snapshot!(r.json());
    assert_eq!(state(&app), before);
}
