//! `TestApp`: a server started for one test, and a small signed HTTP caller for it.

use chrono::Utc;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};
use wing_server::clock::ManualClock;
use wing_server::testing::{self, TestServer};

pub const VENDOR: &str = "A00012345";
pub const VENDOR2: &str = "A00054321";
pub const FREE_CONTRACT: i64 = 15;
pub const BUDGET_CONTRACT: i64 = 16;

#[derive(Clone, Copy)]
pub struct Creds {
    pub access_key: &'static str,
    pub secret_key: &'static str,
}

pub const DEMO: Creds = Creds {
    access_key: "demo-access-key",
    secret_key: "demo-secret-key",
};
pub const DEMO2: Creds = Creds {
    access_key: "demo2-access-key",
    secret_key: "demo2-secret-key",
};

pub use wing_server::testing::Options;

pub struct TestApp {
    pub base: String,
    pub http: reqwest::Client,
    pub clock: Arc<ManualClock>,
    server: TestServer,
}

/// The demo server on this binary's backend ([`crate::BACKEND`]); `None` when that backend is
/// not available here (the PostgreSQL run without a database), which the test then skips.
pub async fn spawn_app() -> Option<TestApp> {
    spawn_app_with(Options::default()).await
}

pub async fn spawn_app_with(opts: Options) -> Option<TestApp> {
    if !testing::available(crate::BACKEND) {
        return None;
    }
    // One set of snapshots for both backends' binaries: named without the crate's module path.
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    // The test's thread ends with the test, and the setting with it.
    std::mem::forget(settings.bind_to_scope());
    let server = testing::spawn(Options {
        backend: crate::BACKEND,
        ..opts
    })
    .await;
    Some(TestApp {
        base: server.base_url.clone(),
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap(),
        clock: server.clock.clone(),
        server,
    })
}

/// An FMS path for the demo vendor: `fms(1, "/budgets")`.
pub fn fms(version: u8, rest: &str) -> String {
    fms_for(VENDOR, version, rest)
}

pub fn fms_for(vendor: &str, version: u8, rest: &str) -> String {
    format!("/v2/providers/fms/apis/api/v{version}/vendors/{vendor}{rest}")
}

pub fn authorization(creds: Creds, method: &Method, path_and_query: &str) -> String {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    wing_wire::cea::authorization(
        creds.access_key,
        creds.secret_key,
        method.as_str(),
        path,
        query,
        Utc::now(),
    )
}

pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
}

impl TestApp {
    /// Sends a request with any headers and body; nothing added but what is given.
    pub async fn raw(
        &self,
        method: Method,
        path_and_query: &str,
        headers: &[(&str, String)],
        body: Option<Vec<u8>>,
    ) -> Reply {
        let mut rb = self
            .http
            .request(method, format!("{}{path_and_query}", self.base));
        for (k, v) in headers {
            rb = rb.header(*k, v);
        }
        if let Some(b) = body {
            rb = rb.body(b);
        }
        let r = rb.send().await.unwrap();
        Reply {
            status: r.status(),
            content_type: r
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default(),
            headers: r.headers().clone(),
            text: r.text().await.unwrap(),
        }
    }

    /// A signed call with a JSON content type, as Coupang's samples send every request.
    pub async fn call_as(
        &self,
        creds: Creds,
        method: Method,
        path_and_query: &str,
        body: Option<Value>,
    ) -> Reply {
        self.signed(creds, method, path_and_query, &[], body).await
    }

    /// A signed call as `creds`, with a JSON content type and any extra headers.
    pub async fn signed(
        &self,
        creds: Creds,
        method: Method,
        path_and_query: &str,
        extra: &[(&str, &str)],
        body: Option<Value>,
    ) -> Reply {
        let mut headers = vec![
            (
                "authorization",
                authorization(creds, &method, path_and_query),
            ),
            ("content-type", "application/json;charset=UTF-8".to_string()),
        ];
        headers.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        let body = body.map(|b| serde_json::to_vec(&b).unwrap());
        self.raw(method, path_and_query, &headers, body).await
    }

    pub async fn call(&self, method: Method, path_and_query: &str, body: Option<Value>) -> Reply {
        self.call_as(DEMO, method, path_and_query, body).await
    }

    pub async fn get(&self, path_and_query: &str) -> Reply {
        self.call(Method::GET, path_and_query, None).await
    }

    /// Polls I3 until the request is terminal (at most 10 s, as real clients give up).
    pub async fn wait_request(&self, requested_id: &str) -> Value {
        self.wait_request_as(DEMO, VENDOR, requested_id).await
    }

    pub async fn wait_request_as(&self, creds: Creds, vendor: &str, requested_id: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let path = fms_for(vendor, 1, &format!("/requested/{requested_id}"));
            let r = self.call_as(creds, Method::GET, &path, None).await;
            assert_eq!(r.status, 200, "{}", r.text);
            let content = r.json()["data"]["content"].clone();
            if content["status"] != "REQUESTED" {
                return content;
            }
            assert!(
                Instant::now() < deadline,
                "request {requested_id} still REQUESTED after 10 s"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Sends a mutation and returns its requestedId.
    pub async fn mutate(
        &self,
        method: Method,
        path_and_query: &str,
        body: Option<Value>,
    ) -> String {
        let r = self.call(method, path_and_query, body).await;
        assert_eq!(r.status, 200, "{}", r.text);
        let id = r.json()["data"]["content"]["requestedId"]
            .as_str()
            .unwrap_or_else(|| panic!("no requestedId: {}", r.text))
            .to_string();
        id
    }

    /// I1 then I3 until DONE: the new couponId.
    pub async fn create_coupon(&self, body: Value) -> i64 {
        let id = self
            .mutate(Method::POST, &fms(2, "/coupon"), Some(body))
            .await;
        let done = self.wait_request(&id).await;
        assert_eq!(done["status"], "DONE", "{done}");
        done["couponId"].as_i64().unwrap()
    }

    /// I4 then I3 until terminal: the final request content.
    pub async fn add_items(&self, coupon_id: i64, items: &[i64]) -> Value {
        let id = self
            .mutate(
                Method::POST,
                &fms(1, &format!("/coupons/{coupon_id}/items")),
                Some(json!({ "vendorItems": items })),
            )
            .await;
        self.wait_request(&id).await
    }

    pub async fn remove_items(&self, coupon_id: i64, items: &[i64]) -> Value {
        let id = self
            .mutate(
                Method::PUT,
                &fms(1, &format!("/coupons/{coupon_id}/items?action=expire")),
                Some(json!({ "vendorItems": items })),
            )
            .await;
        self.wait_request(&id).await
    }

    pub async fn expire_coupon(&self, coupon_id: i64) -> Value {
        let id = self
            .mutate(
                Method::PUT,
                &fms(1, &format!("/coupons/{coupon_id}?action=expire")),
                None,
            )
            .await;
        self.wait_request(&id).await
    }

    pub async fn coupon_status(&self, coupon_id: i64) -> String {
        let r = self
            .get(&fms(2, &format!("/coupon?couponId={coupon_id}")))
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.json()["data"]["content"]["status"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// A count read straight from the database, whichever backend.
    pub fn count(&self, sql: &str) -> i64 {
        self.server.count(sql)
    }
}

/// An I1 body that passes every rule: PRICE 1,000 won off on the free contract, from tomorrow
/// for a month (test time).
pub fn coupon_body() -> Value {
    json!({
        "contractId": FREE_CONTRACT,
        "name": "test coupon",
        "maxDiscountPrice": 1000,
        "discount": 1000,
        "startAt": "2026-11-22 00:00:00",
        "endAt": "2026-12-22 00:00:00",
        "type": "PRICE",
        "wowExclusive": false
    })
}

pub fn with(mut body: Value, overrides: Value) -> Value {
    for (k, v) in overrides.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

pub const DL: &str = "/v2/providers/marketplace_openapi/apis/api/v1";

/// A D1 body that passes every rule: two PRICE policies on the free contract, starting two hours
/// after test time.
pub fn download_body() -> Value {
    json!({
        "title": "쿠폰 명칭",
        "contractId": FREE_CONTRACT,
        "couponType": "DOWNLOAD",
        "startDate": "2026-11-22 14:00:00",
        "endDate": "2026-12-31 23:00:00",
        "userId": "demo-user",
        "policies": [
            {"title": "정책 1", "typeOfDiscount": "PRICE", "description": "안내 1",
             "minimumPrice": 10000, "discount": 1000, "maximumDiscountPrice": 1000, "maximumPerDaily": 1},
            {"title": "정책 2", "typeOfDiscount": "PRICE", "description": "안내 2",
             "minimumPrice": 20000, "discount": 2000, "maximumDiscountPrice": 1000, "maximumPerDaily": 1}
        ]
    })
}

impl TestApp {
    /// A signed call as the demo vendor with extra headers (e.g. `accept-language`).
    pub async fn call_with(
        &self,
        method: Method,
        path_and_query: &str,
        extra: &[(&str, &str)],
        body: Option<Value>,
    ) -> Reply {
        self.signed(DEMO, method, path_and_query, extra, body).await
    }

    /// D1: the new couponId.
    pub async fn create_download(&self, body: Value) -> i64 {
        let r = self
            .call(Method::POST, &format!("{DL}/coupons"), Some(body))
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.json()["couponId"].as_i64().unwrap()
    }

    /// D2 for one coupon as demo-user: the requestTransactionId.
    pub async fn add_download_items(&self, coupon_id: i64, items: &[i64]) -> String {
        let body = json!({"couponItems": [{"couponId": coupon_id, "userId": "demo-user", "vendorItemIds": items}]});
        let r = self
            .call(Method::PUT, &format!("{DL}/coupon-items"), Some(body))
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.json()[0]["body"]["requestTransactionId"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// D5 until terminal: `transactionStatusResponse`.
    pub async fn wait_transaction(&self, id: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let r = self
                .get(&format!(
                    "{DL}/coupons/transactionStatus?requestTransactionId={id}"
                ))
                .await;
            assert_eq!(r.status, 200, "{}", r.text);
            let t = r.json()["transactionStatusResponse"].clone();
            if t["status"] != "REQUESTED" {
                return t;
            }
            assert!(Instant::now() < deadline, "{id} still REQUESTED");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}
