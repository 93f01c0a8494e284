//! The client against the real server, started in-process on port 0: every method, the waiters
//! and the page streams.

use futures_util::TryStreamExt;
use std::time::Duration;
use wing_client::wire::download::{self, AddItems, CouponItems, Expire, ExpireEntry, NewPolicy};
use wing_client::wire::fms::{
    CouponItemStatus, CouponStatus, CreateCoupon, DiscountType, RequestStatus, RequestType,
};
use wing_client::{Client, CouponItemKey, Error, Outcome, ReasonCode, Sort, WaitOptions};
use wing_server::testing::{self, Options, TestServer};

const VENDOR: &str = "A00012345";

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(&server.base_url)
        .access_key("demo-access-key")
        .secret_key("demo-secret-key")
        .vendor_id(VENDOR)
        .rate_limit(None)
        .build()
        .unwrap()
}

fn quick() -> WaitOptions {
    WaitOptions {
        timeout: Duration::from_secs(10),
        first_poll: Duration::from_millis(5),
        max_poll: Duration::from_millis(50),
    }
}

fn new_coupon(name: &str) -> CreateCoupon {
    CreateCoupon {
        contract_id: 15,
        name: name.into(),
        max_discount_price: 1000,
        discount: 1000,
        start_at: "2026-11-22 00:00:00".into(),
        end_at: "2026-12-22 00:00:00".into(),
        kind: DiscountType::Price,
        wow_exclusive: false,
    }
}

async fn create(c: &Client, name: &str) -> i64 {
    let r = c.create_coupon(&new_coupon(name)).await.unwrap();
    assert!(r.success);
    let outcome = c
        .wait_for_request(r.requested_id.as_deref().unwrap(), quick())
        .await
        .unwrap();
    let Outcome::Succeeded(report) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(report.kind, RequestType::CouponPublish);
    report.coupon_id.unwrap()
}

#[tokio::test]
async fn contracts_and_budgets() {
    let server = testing::spawn(Options::default()).await;
    let c = client(&server);
    let all = c.contracts().await.unwrap();
    assert_eq!(
        all.iter().map(|k| k.contract_id).collect::<Vec<_>>(),
        [15, 16]
    );
    let one = c.contract(16).await.unwrap();
    assert!(one.use_budget);
    assert_eq!(one, all[1]);
    let budgets = c.budgets(Some(16), Some("2026-11")).await.unwrap();
    assert_eq!(
        (
            budgets.len(),
            budgets[0].contract_id,
            budgets[0].target_month.as_str()
        ),
        (1, 16, "2026-11")
    );
    let err = c.contract(25).await.unwrap_err();
    assert!(matches!(err, Error::Api { status: 400, .. }), "{err:?}");
}

#[tokio::test]
async fn instant_coupon_lifecycle_through_every_method() {
    let server = testing::spawn(Options::default()).await;
    let c = client(&server);
    let id = create(&c, "lifecycle").await;
    let coupon = c.coupon(id).await.unwrap();
    assert_eq!(
        (
            coupon.coupon_id,
            coupon.status,
            coupon.promotion_name.as_deref()
        ),
        (id, CouponStatus::Applied, Some("lifecycle"))
    );

    // Two good items, one malformed (CIE00), one of another vendor (CIR06): partial failure.
    let r = c
        .add_items(id, &[3000000001, 3000000002, 0, 4000000001])
        .await
        .unwrap();
    let outcome = c
        .wait_for_request(r.requested_id.as_deref().unwrap(), quick())
        .await
        .unwrap();
    let Outcome::PartiallyFailed(report) = &outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!((report.total, report.succeeded, report.failed), (4, 2, 2));
    let codes: Vec<_> = report
        .failures
        .iter()
        .map(|f| (f.vendor_item_id, f.reason.code.clone()))
        .collect();
    assert_eq!(
        codes,
        [
            (0, ReasonCode::InvalidOption),
            (4000000001, ReasonCode::OptionNotFound)
        ]
    );

    let by_vendor = c
        .coupon_item(id, CouponItemKey::VendorItemId(3000000002))
        .await
        .unwrap();
    let by_id = c
        .coupon_item(id, CouponItemKey::CouponItemId(by_vendor.coupon_item_id))
        .await
        .unwrap();
    assert_eq!(by_id, by_vendor);
    assert_eq!(by_id.status, CouponItemStatus::Applied);

    // The same item on a second coupon: full failure naming the first coupon.
    let other = create(&c, "other").await;
    let r = c.add_items(other, &[3000000001]).await.unwrap();
    match c
        .wait_for_request(r.requested_id.as_deref().unwrap(), quick())
        .await
        .unwrap()
    {
        Outcome::Failed(report) => {
            assert_eq!(report.status, RequestStatus::Fail);
            assert_eq!(
                report.failures[0].reason.code,
                ReasonCode::OnAnotherInstantCoupon
            );
            assert_eq!(report.failures[0].reason.holding_coupon_id, Some(id));
        }
        o => panic!("{o:?}"),
    }

    let r = c.remove_items(id, &[3000000002]).await.unwrap();
    let o = c
        .wait_for_request(r.requested_id.as_deref().unwrap(), quick())
        .await
        .unwrap();
    assert!(matches!(o, Outcome::Succeeded(_)), "{o:?}");
    let state = c
        .request_status(r.requested_id.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(
        (state.kind, state.succeeded),
        (RequestType::CouponItemExpire, 1)
    );

    let r = c.expire_coupon(id).await.unwrap();
    let o = c
        .wait_for_request(r.requested_id.as_deref().unwrap(), quick())
        .await
        .unwrap();
    assert!(matches!(o, Outcome::Succeeded(_)), "{o:?}");
    assert_eq!(c.coupon(id).await.unwrap().status, CouponStatus::Paused);

    assert!(c.order_coupons(8000000000294).await.unwrap().is_empty());
}

#[tokio::test]
async fn streams_walk_every_page_from_the_right_first_page() {
    let server = testing::spawn(Options::default()).await;
    let c = client(&server);
    let mut ids = Vec::new();
    for n in 0..7 {
        ids.push(create(&c, &format!("c{n}")).await);
    }
    // I9 counts from 1: 7 coupons in pages of 3 are pages 1, 2, 3.
    let page = c
        .coupons_page(CouponStatus::Applied, 3, 3, Sort::Asc)
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.pagination.unwrap().total_pages, 3);
    let all: Vec<i64> = c
        .coupons(CouponStatus::Applied, 3)
        .map_ok(|k| k.coupon_id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all, ids);

    // I11 counts from 0: 2,500 items in pages of 1,000 are pages 0, 1, 2.
    let items: Vec<i64> = (3000000001..=3000002500).collect();
    let r = c.add_items(ids[0], &items).await.unwrap();
    c.wait_for_request(r.requested_id.as_deref().unwrap(), quick())
        .await
        .unwrap();
    let last = c
        .coupon_items_page(ids[0], CouponItemStatus::Applied, 2, 1000, Sort::Asc)
        .await
        .unwrap();
    assert_eq!(last.items.len(), 500);
    let mut seen: Vec<i64> = c
        .coupon_items(ids[0], CouponItemStatus::Applied, 1000)
        .map_ok(|i| i.vendor_item_id)
        .try_collect()
        .await
        .unwrap();
    seen.sort();
    assert_eq!(seen, items);
    let none: Vec<_> = c
        .coupon_items(ids[1], CouponItemStatus::Applied, 1000)
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty());
}

fn download_coupon() -> download::CreateCoupon {
    let policy = |n: i64| NewPolicy {
        title: format!("정책 {n}"),
        type_of_discount: download::TypeOfDiscount::Price,
        description: format!("안내 {n}"),
        minimum_price: 10000 * n,
        discount: 1000 * n,
        maximum_discount_price: 1000,
        maximum_per_daily: 1,
    };
    download::CreateCoupon {
        title: "다운로드 쿠폰".into(),
        contract_id: 15,
        coupon_type: "DOWNLOAD".into(),
        start_date: "2026-11-22 14:00:00".into(),
        end_date: "2026-12-31 23:00:00".into(),
        user_id: "demo-user".into(),
        policies: vec![policy(1), policy(2)],
    }
}

#[tokio::test]
async fn downloadable_coupon_lifecycle() {
    let server = testing::spawn(Options::default()).await;
    let c = client(&server);
    let created = c.create_download_coupon(&download_coupon()).await.unwrap();
    assert_eq!(created.coupon_policies.len(), 2);
    let id = created.coupon_id;

    let results = c
        .add_download_items(&AddItems {
            coupon_items: vec![CouponItems {
                coupon_id: id,
                user_id: "demo-user".into(),
                vendor_item_ids: vec![3000000001, 3000000002, 4000000001],
            }],
        })
        .await
        .unwrap();
    let tx = results[0]
        .body
        .as_ref()
        .unwrap()
        .request_transaction_id
        .clone()
        .unwrap();
    let o = c.wait_for_transaction(&tx, quick()).await.unwrap();
    let Outcome::PartiallyFailed(report) = &o else {
        panic!("{o:?}")
    };
    assert_eq!(
        (report.succeeded, report.failures[0].reason.code.as_str()),
        (2, "CIR06")
    );
    let state = c.transaction_status(&tx).await.unwrap();
    assert_eq!(state.kind, RequestType::CouponItemPublish);

    let coupon = c.download_coupon(id).await.unwrap();
    assert_eq!(
        (coupon.applied_option_count, coupon.coupon_policies.len()),
        (2, 2)
    );

    let expired = c
        .expire_download_coupons(&Expire {
            expire_coupon_list: vec![
                ExpireEntry {
                    coupon_id: id,
                    reason: "expired".into(),
                    user_id: "demo-user".into(),
                },
                ExpireEntry {
                    coupon_id: 999,
                    reason: "expired".into(),
                    user_id: "demo-user".into(),
                },
            ],
        })
        .await
        .unwrap();
    assert_eq!(
        expired[1].error_message.as_deref(),
        Some("There is no coupon to expire.")
    );
    let tx = expired[0]
        .body
        .as_ref()
        .unwrap()
        .request_transaction_id
        .clone()
        .unwrap();
    let o = c.wait_for_transaction(&tx, quick()).await.unwrap();
    assert!(matches!(o, Outcome::Succeeded(_)), "{o:?}");
    assert_eq!(
        c.download_coupon(id).await.unwrap().coupon_status,
        "EXPIRED"
    );

    let err = c.download_coupon(424242).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 404, message } if message == "Promotion does not exist (424242)"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_waiter_gives_up_at_its_deadline() {
    let server = testing::spawn(Options {
        processing_delay: Duration::from_secs(60),
        ..Options::default()
    })
    .await;
    let c = client(&server);
    let r = c.create_coupon(&new_coupon("slow")).await.unwrap();
    let err = c
        .wait_for_request(
            r.requested_id.as_deref().unwrap(),
            WaitOptions {
                timeout: Duration::from_millis(200),
                ..quick()
            },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::WaitTimeout { status: RequestStatus::Requested, waited, .. } if *waited >= Duration::from_millis(200)),
        "{err:?}"
    );
}

#[tokio::test]
async fn auth_errors_are_the_gateways_and_secrets_stay_out_of_debug() {
    let server = testing::spawn(Options::default()).await;
    let wrong = Client::builder()
        .base_url(&server.base_url)
        .access_key("demo-access-key")
        .secret_key("not-the-secret")
        .vendor_id(VENDOR)
        .build()
        .unwrap();
    let err = wrong.contracts().await.unwrap_err();
    let Error::Gateway {
        status,
        message,
        transaction_id,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!((*status, message.as_str()), (401, "Invalid signature."));
    assert_eq!(transaction_id.len(), 36);
    let shown = format!("{wrong:?} {err}");
    assert!(!shown.contains("not-the-secret"), "{shown}");

    // Nothing listens on a port just freed: a connect error, never applied, after retries.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let closed = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .access_key("a")
        .secret_key("s")
        .vendor_id(VENDOR)
        .retry(wing_client::RetryPolicy {
            max_attempts: 2,
            initial_backoff: Duration::from_millis(1),
            ..Default::default()
        })
        .build()
        .unwrap();
    let err = closed.create_coupon(&new_coupon("x")).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                attempts: 2,
                may_have_applied: false,
                ..
            }
        ),
        "{err:?}"
    );
}
