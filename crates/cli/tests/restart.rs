//! The real `wing-coupons serve` process, killed with SIGKILL while requests are queued or being
//! applied, then started again on the same SQLite file: every request ends, applied once.

use serde_json::{json, Value};
use std::path::Path;
use std::time::{Duration, Instant};

const VENDOR: &str = "A00012345";

mod common;

use common::Node as Server;

fn fms(version: u8, rest: &str) -> String {
    format!("/v2/providers/fms/apis/api/v{version}/vendors/{VENDOR}{rest}")
}

async fn call(
    base: &str,
    method: reqwest::Method,
    path_and_query: &str,
    body: Option<Value>,
) -> Value {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let auth = wing_wire::cea::authorization(
        "demo-access-key",
        "demo-secret-key",
        method.as_str(),
        path,
        query,
        chrono::Utc::now(),
    );
    let mut rb = reqwest::Client::new()
        .request(method, format!("{base}{path_and_query}"))
        .timeout(Duration::from_secs(20))
        .header("authorization", auth)
        .header("content-type", "application/json;charset=UTF-8");
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let r = rb.send().await.unwrap();
    let status = r.status();
    let v: Value = r.json().await.unwrap();
    assert_eq!(status, 200, "{v}");
    v["data"]["content"].clone()
}

async fn wait_terminal(base: &str, requested_id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let c = call(
            base,
            reqwest::Method::GET,
            &fms(1, &format!("/requested/{requested_id}")),
            None,
        )
        .await;
        if c["status"] != "REQUESTED" {
            return c;
        }
        assert!(
            Instant::now() < deadline,
            "{requested_id} still REQUESTED: {c}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn coupon_body() -> Value {
    let today = wing_wire::time::to_kst(chrono::Utc::now()).date();
    json!({"contractId": 15, "name": "restart", "maxDiscountPrice": 1000, "discount": 1000,
           "startAt": format!("{today} 00:00:00"), "endAt": format!("{} 00:00:00", today + chrono::Days::new(30)),
           "type": "PRICE"})
}

fn sqlite(db: &Path) -> String {
    format!("sqlite://{}", db.display())
}

fn count(db: &Path, sql: &str) -> i64 {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[tokio::test]
async fn killed_server_finishes_queued_requests_once_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("wing.db");

    let a = Server::start(&sqlite(&db), &[]);
    let created = call(
        &a.base,
        reqwest::Method::POST,
        &fms(2, "/coupon"),
        Some(coupon_body()),
    )
    .await;
    let coupon = wait_terminal(&a.base, created["requestedId"].as_str().unwrap()).await["couponId"]
        .as_i64()
        .unwrap();
    a.kill();

    // Queue requests on a server that holds them REQUESTED for ten minutes, then kill it.
    let b = Server::start(&sqlite(&db), &["--processing-delay-ms", "600000"]);
    let mut queued = Vec::new();
    for chunk in 0..5i64 {
        let items: Vec<i64> = (0..1000).map(|k| 3000000001 + chunk * 1000 + k).collect();
        let c = call(
            &b.base,
            reqwest::Method::POST,
            &fms(1, &format!("/coupons/{coupon}/items")),
            Some(json!({"vendorItems": items})),
        )
        .await;
        queued.push(c["requestedId"].as_str().unwrap().to_string());
    }
    let c = call(
        &b.base,
        reqwest::Method::POST,
        &fms(2, "/coupon"),
        Some(coupon_body()),
    )
    .await;
    queued.push(c["requestedId"].as_str().unwrap().to_string());
    let status = call(
        &b.base,
        reqwest::Method::GET,
        &fms(1, &format!("/requested/{}", queued[0])),
        None,
    )
    .await;
    assert_eq!(status["status"], "REQUESTED");
    b.kill();

    // Kill one more while it is applying a 10,000-item request (or just before or after).
    let c = Server::start(&sqlite(&db), &[]);
    let other = call(
        &c.base,
        reqwest::Method::POST,
        &fms(2, "/coupon"),
        Some(coupon_body()),
    )
    .await;
    let other = wait_terminal(&c.base, other["requestedId"].as_str().unwrap()).await["couponId"]
        .as_i64()
        .unwrap();
    // Send the big one and kill at once: the kill lands before, during or after its transaction,
    // and every case must end the same way.
    let items: Vec<i64> = (3000005001..=3000010000)
        .chain(4000000001..=4000000010)
        .collect();
    let big = call(
        &c.base,
        reqwest::Method::POST,
        &fms(1, &format!("/coupons/{other}/items")),
        Some(json!({"vendorItems": items})),
    )
    .await;
    let big = big["requestedId"].as_str().unwrap().to_string();
    c.kill();

    let d = Server::start(&sqlite(&db), &[]);
    for id in &queued {
        let s = wait_terminal(&d.base, id).await;
        assert_eq!(s["status"], "DONE", "{s}");
        assert_eq!(s["failed"], 0, "{s}");
    }
    let s = wait_terminal(&d.base, &big).await;
    assert_eq!(
        (
            s["status"].clone(),
            s["succeeded"].clone(),
            s["failed"].clone()
        ),
        (json!("DONE"), json!(5000), json!(10)),
        "{s}"
    );
    drop(d);

    // Applied exactly once: one live row per item, one failure row per failed item.
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM instant_coupon_items WHERE coupon_id = {coupon}")
        ),
        5000
    );
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM instant_coupon_items WHERE coupon_id = {other}")
        ),
        5000
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM request_failures"), 10);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM requests WHERE status = 'REQUESTED'"
        ),
        0
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM instant_coupons"), 3);
}
