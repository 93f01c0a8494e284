use crate::helpers::*;
use chrono::{Duration, Utc};
use insta::assert_json_snapshot;
use reqwest::Method;
use wing_wire::cea;

const C3: &str = "/v2/providers/fms/apis/api/v2/vendors/A00012345/contract/list";

fn header(access_key: &str, signed_date: &str, signature: &str) -> String {
    format!("CEA algorithm=HmacSHA256, access-key={access_key}, signed-date={signed_date}, signature={signature}")
}

fn signed_at(
    at: chrono::DateTime<Utc>,
    method: &str,
    path: &str,
    query: &str,
    secret: &str,
) -> (String, String) {
    let d = cea::signed_date(at);
    let s = cea::signature(secret, &cea::canonical_message(&d, method, path, query));
    (d, s)
}

async fn gateway_error(app: &TestApp, auth: Option<String>) -> serde_json::Value {
    let headers: Vec<(&str, String)> = auth.into_iter().map(|a| ("authorization", a)).collect();
    let r = app.raw(Method::GET, C3, &headers, None).await;
    assert_eq!(r.status, 401, "{}", r.text);
    assert_eq!(r.content_type, "application/json;charset=UTF-8");
    let v = r.json();
    assert_eq!(v["code"], "ERROR");
    assert!(uuid_like(v["transactionId"].as_str().unwrap()), "{v}");
    v
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}

#[tokio::test]
async fn missing_header_is_not_authorized_with_both_languages() {
    let Some(app) = spawn_app().await else { return };
    let v = gateway_error(&app, None).await;
    assert_json_snapshot!(v, {".transactionId" => "[uuid]"});
    let v = gateway_error(&app, Some("Bearer abc".into())).await;
    assert_eq!(v["message"], "Request is not authorized.");
}

#[tokio::test]
async fn each_failure_has_its_gateway_message() {
    let Some(app) = spawn_app().await else { return };
    let now = Utc::now();
    let (d, s) = signed_at(now, "GET", C3, "", "demo-secret-key");
    let cases = [
        (
            "CEA algorithm=HmacSHA256".to_string(),
            "HMAC format is invalid.",
        ),
        (
            header("demo-access-key", "2024-12-16T12:30:45Z", &s),
            "HMAC format is invalid.",
        ),
        (
            header("demo-access-key", &now.timestamp_millis().to_string(), &s),
            "HMAC format is invalid.",
        ),
        (
            header("no-such-key", &d, &s),
            "Unknown error occurred, please contact api-gateway channel for the details.",
        ),
        (
            header("demo-access-key", &d, &"0".repeat(64)),
            "Invalid signature.",
        ),
        (
            header("demo-access-key", &d, "not-hex"),
            "Invalid signature.",
        ),
    ];
    for (auth, message) in cases {
        let v = gateway_error(&app, Some(auth.clone())).await;
        assert_eq!(v["message"], message, "{auth}");
        assert!(v.get("messages").is_none());
    }
    for minutes in [-6, 6] {
        let (d, s) = signed_at(
            now + Duration::minutes(minutes),
            "GET",
            C3,
            "",
            "demo-secret-key",
        );
        let v = gateway_error(&app, Some(header("demo-access-key", &d, &s))).await;
        assert_eq!(
            v["message"], "Specified signature is expired.",
            "{minutes} min"
        );
    }
}

#[tokio::test]
async fn signature_covers_method_path_and_query_and_sandbox_shows_what_it_expected() {
    let Some(app) = spawn_app().await else { return };
    let now = Utc::now();
    // Signed for POST, sent as GET.
    let (d, s) = signed_at(now, "POST", C3, "", "demo-secret-key");
    let r = app
        .raw(
            Method::GET,
            C3,
            &[("authorization", header("demo-access-key", &d, &s))],
            None,
        )
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["message"], "Invalid signature.");
    assert_eq!(
        r.headers["x-wing-expected-canonical-string"]
            .to_str()
            .unwrap(),
        format!("{d}GET{C3}")
    );
    // Signed without the query that was sent.
    let i9 = fms(2, "/coupons");
    let (d, s) = signed_at(now, "GET", &i9, "", "demo-secret-key");
    let r = app
        .raw(
            Method::GET,
            &format!("{i9}?status=APPLIED"),
            &[("authorization", header("demo-access-key", &d, &s))],
            None,
        )
        .await;
    assert_eq!(r.json()["message"], "Invalid signature.");
}

#[tokio::test]
async fn accepts_the_header_variants_clients_send() {
    let Some(app) = spawn_app().await else { return };
    let now = Utc::now();
    let (d, s) = signed_at(now, "GET", C3, "", "demo-secret-key");
    for auth in [
        format!(
            "CEA algorithm=HmacSHA256,access-key=demo-access-key,signed-date={d},signature={s}"
        ),
        header("demo-access-key", &d, &s.to_uppercase()),
        // A signature from 4 minutes ago is still fresh (clients retry with the same header).
        {
            let (d, s) = signed_at(now - Duration::minutes(4), "GET", C3, "", "demo-secret-key");
            header("demo-access-key", &d, &s)
        },
    ] {
        let r = app
            .raw(Method::GET, C3, &[("authorization", auth.clone())], None)
            .await;
        assert_eq!(r.status, 200, "{auth}: {}", r.text);
    }
    // Signed over the unencoded query, sent encoded.
    let i9 = fms(2, "/coupons");
    let (d, s) = signed_at(
        now,
        "GET",
        &i9,
        "status=APPLIED&sort=couponId,desc",
        "demo-secret-key",
    );
    let r = app
        .raw(
            Method::GET,
            &format!("{i9}?status=APPLIED&sort=couponId%2Cdesc"),
            &[("authorization", header("demo-access-key", &d, &s))],
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn a_key_acts_only_for_its_vendor() {
    let Some(app) = spawn_app().await else { return };
    let coupon = app.create_coupon(coupon_body()).await;
    let requested = app
        .mutate(Method::POST, &fms(2, "/coupon"), Some(coupon_body()))
        .await;

    let as_other = |path: String| {
        let app = &app;
        async move { app.call_as(DEMO2, Method::GET, &path, None).await }
    };
    // Another vendor's id in the path.
    let r = as_other(fms(2, &format!("/coupon?couponId={coupon}"))).await;
    assert_eq!(
        (
            r.status.as_u16(),
            r.json()["errorMessage"].as_str().unwrap()
        ),
        (400, "업체정보의 권한을 확인하세요")
    );
    assert_json_snapshot!("vendor_mismatch", r.json());
    let r = as_other(fms(2, "/contract/list")).await;
    assert_eq!(
        (
            r.status.as_u16(),
            r.json()["errorMessage"].as_str().unwrap()
        ),
        (401, "업체정보의 권한을 확인하세요.")
    );
    let r = as_other(fms(1, &format!("/requested/{requested}"))).await;
    assert_eq!(
        (
            r.status.as_u16(),
            r.json()["errorMessage"].as_str().unwrap()
        ),
        (400, "업체정보의 권한을 확인하세요.")
    );
    let r = app
        .call_as(DEMO2, Method::POST, &fms(2, "/coupon"), Some(coupon_body()))
        .await;
    assert_eq!(
        (r.status.as_u16(), r.json()["errorMessage"].clone()),
        (400, serde_json::json!("업체정보의 권한을 확인하세요"))
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM requests WHERE vendor_id = 'A00054321'"),
        0,
        "a refused call queues nothing"
    );

    // Its own path, another vendor's objects: they do not exist for it.
    let r = as_other(fms_for(VENDOR2, 2, &format!("/coupon?couponId={coupon}"))).await;
    assert_eq!(
        (
            r.status.as_u16(),
            r.json()["errorMessage"].as_str().unwrap()
        ),
        (400, "쿠폰이 없습니다. 쿠폰 번호를 확인해주세요.")
    );
    let r = as_other(fms_for(
        VENDOR2,
        1,
        &format!("/coupons/{coupon}/items?status=APPLIED"),
    ))
    .await;
    assert_eq!(
        r.json()["errorMessage"],
        format!("쿠폰아이디를 확인해주세요 {coupon}")
    );
    let r = as_other(fms_for(VENDOR2, 1, &format!("/requested/{requested}"))).await;
    assert_eq!(
        (
            r.status.as_u16(),
            r.json()["errorMessage"].as_str().unwrap()
        ),
        (400, "업체정보의 권한을 확인하세요.")
    );
    let r = as_other(fms_for(VENDOR2, 2, "/contract?contractId=15")).await;
    assert_eq!(
        r.json()["errorMessage"],
        "contractId=15 (으)로 계약이 판매자=A00054321 에 속하지 않습니다."
    );
    let r = as_other(fms_for(VENDOR2, 2, "/coupons?status=APPLIED")).await;
    assert_eq!(r.json()["data"]["pagination"]["totalElements"], 0);
}
