//! Racing add-item requests: the unique index decides, no item ends on two live coupons.

use crate::helpers::*;
use reqwest::Method;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

#[tokio::test]
async fn concurrent_adds_of_overlapping_items_never_double_book_an_item() {
    let Some(app) = spawn_app().await else { return };
    let app = Arc::new(app);
    let mut coupons = Vec::new();
    for i in 0..8 {
        coupons.push(
            app.create_coupon(with(coupon_body(), json!({"name": format!("race {i}")})))
                .await,
        );
    }
    // 32 requests of 50 items each, windows of 200 items that overlap heavily.
    let mut tasks = tokio::task::JoinSet::new();
    for r in 0..32i64 {
        let app = app.clone();
        let coupon = coupons[(r % 8) as usize];
        let items: Vec<i64> = (0..50)
            .map(|k| 3000000001 + (r * 7 + k * 3) % 200)
            .collect();
        tasks.spawn(async move {
            let path = fms(1, &format!("/coupons/{coupon}/items"));
            let id = app
                .mutate(
                    Method::POST,
                    &path,
                    Some(json!({ "vendorItems": items.clone() })),
                )
                .await;
            (items, app.wait_request(&id).await)
        });
    }
    let mut distinct = HashSet::new();
    let mut succeeded = 0;
    while let Some(done) = tasks.join_next().await {
        let (items, status) = done.unwrap();
        distinct.extend(items.iter().copied());
        let (total, ok, failed) = (
            status["total"].as_i64().unwrap(),
            status["succeeded"].as_i64().unwrap(),
            status["failed"].as_i64().unwrap(),
        );
        assert_eq!(total, 50);
        assert_eq!(ok + failed, total, "{status}");
        assert_eq!(
            status["failedVendorItems"].as_array().unwrap().len() as i64,
            failed
        );
        for f in status["failedVendorItems"].as_array().unwrap() {
            assert!(f["reason"].as_str().unwrap().starts_with("[CIR08] "), "{f}");
        }
        succeeded += ok;
    }

    // Every item is on exactly one coupon, as the API shows it.
    let mut owner: HashMap<i64, i64> = HashMap::new();
    for c in &coupons {
        let r = app
            .get(&fms(
                1,
                &format!("/coupons/{c}/items?status=APPLIED&size=1000"),
            ))
            .await;
        for item in r.json()["data"]["content"].as_array().unwrap() {
            let v = item["vendorItemId"].as_i64().unwrap();
            assert!(owner.insert(v, *c).is_none(), "item {v} is on two coupons");
        }
    }
    assert_eq!(owner.len(), distinct.len());
    assert_eq!(succeeded, distinct.len() as i64);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM instant_coupon_items WHERE live = 1"),
        succeeded
    );
}
