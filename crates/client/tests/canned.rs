//! The field variants our server never sends, and the retry rule, against canned answers that
//! reproduce the spec's examples. The canned server checks every attempt's signature.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Response, StatusCode};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wing_client::wire::download::{AddItems, CouponItems, ResultStatus};
use wing_client::wire::fms::CreateCoupon;
use wing_client::{Client, Error, RetryPolicy};

const FMS: &str = "/v2/providers/fms/apis/api";
const DL: &str = "/v2/providers/marketplace_openapi/apis/api/v1";

#[derive(Default)]
struct Seen {
    /// Attempts per "METHOD path".
    calls: HashMap<String, usize>,
    bad_signatures: usize,
}

type Shared = Arc<Mutex<Seen>>;

fn reply(status: u16, body: &str, headers: &[(&str, &str)]) -> Response<Body> {
    let mut r = Response::builder().status(StatusCode::from_u16(status).unwrap());
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    r.header("content-type", "application/json;charset=UTF-8")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn envelope(content: &str) -> String {
    format!(
        r#"{{"code":200,"message":"OK","httpStatus":200,"httpStatusMessage":"OK","errorMessage":"","data":{{"success":true,"content":{content},"pagination":null}}}}"#
    )
}

async fn canned(State(seen): State<Shared>, req: Request) -> Response<Body> {
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let auth = req.headers()["authorization"].to_str().unwrap().to_string();
    let h = wing_client::wire::cea::parse_authorization(&auth).unwrap();
    let message = wing_client::wire::cea::canonical_message(h.signed_date, &method, &path, &query);
    let n = {
        let mut s = seen.lock().unwrap();
        if !wing_client::wire::cea::verify("s", &message, h.signature) {
            s.bad_signatures += 1;
        }
        let n = s.calls.entry(format!("{method} {path}")).or_default();
        *n += 1;
        *n
    };
    // FMS paths from the vendor on (`/v1/vendors/A1/…` and `/v2/vendors/A1/…` alike), or the
    // downloadable family's from `/v1` on.
    let rest = path
        .strip_prefix(FMS)
        .and_then(|p| p.split_once("/vendors/A1"))
        .map(|(_, r)| r)
        .or(path.strip_prefix(DL))
        .unwrap_or("");
    match (method.as_str(), rest) {
        // D2 as Coupang's page documents it: one object, no transaction id.
        ("PUT", "/coupon-items") => reply(
            200,
            r#"{"requestResultStatus":"SUCCESS","body":{"couponId":15350660},"errorCode":null,"errorMessage":null}"#,
            &[],
        ),
        // I6 as the 2018 page shows it: `discount` 99.0, `wowExclusive` a string; couponId a string.
        ("GET", "/coupon") => reply(
            200,
            &envelope(
                r#"{"contractId":10,"vendorContractId":null,"promotionName":null,"couponId":"91","status":"PAUSED","type":"RATE","maxDiscountPrice":1000000,"discount":99.0,"startAt":"2017-11-22 00:00:00","endAt":"2017-11-23 23:59:00","wowExclusive":"true"}"#,
            ),
            &[],
        ),
        // D4 with `maximumPerDaily` instead of `maximumPerDay`.
        ("GET", "/coupons/7") => reply(
            200,
            r#"{"couponId":7,"title":"t","couponType":"DOWNLOAD","couponStatus":"STANDBY","publishedDate":"","startDate":"2026-11-23 00:00:00","endDate":"2026-11-30 00:00:00","appliedOptionCount":0,"usageAmount":0,"couponPolicies":[{"title":"p","typeOfDiscount":"PRICE","description":"d","minimumPrice":1000,"discount":100,"maximumDiscountPrice":-1,"maximumPerDaily":3}]}"#,
            &[],
        ),
        // C3 with the tables' spelling `usedBudget` and 2018's `100.0` ratios.
        ("GET", "/contract/list") => reply(
            200,
            &envelope(
                r#"[{"contractId":15,"vendorContractId":null,"sellerId":"A1","sellerShareRatio":100.0,"coupangShareRatio":0.0,"gmvRatio":100.0,"start":"2020-01-01 00:00:00","end":"2099-12-31 23:59:59","type":"NON_CONTRACT_BASED","usedBudget":false,"modifiedAt":"2020-01-01 00:00:00","modifiedBy":"x"}]"#,
            ),
            &[],
        ),
        // A read that fails twice, then answers.
        ("GET", p) if p == "/contract" && n < 3 => {
            reply(503, "upstream busy", &[("retry-after", "0")])
        }
        ("GET", "/contract") => reply(
            200,
            &envelope(
                r#"{"contractId":15,"vendorContractId":null,"sellerId":"A1","sellerShareRatio":100,"coupangShareRatio":0,"gmvRatio":100,"start":"2020-01-01 00:00:00","end":"2099-12-31 23:59:59","type":"NON_CONTRACT_BASED","useBudget":false,"modifiedAt":"2020-01-01 00:00:00","modifiedBy":"x"}"#,
            ),
            &[],
        ),
        // A create answered 500: it may have been applied, so it is never resent.
        ("POST", "/coupon") => reply(
            500,
            r#"{"code":500,"message":"Internal Server Error","httpStatus":500,"httpStatusMessage":"Internal Server Error","errorMessage":"boom","data":null}"#,
            &[],
        ),
        // An add refused by the gateway's rate limit first: that one is resent.
        ("POST", p) if p == "/coupons/5/items" && n == 1 => reply(429, "", &[("retry-after", "0")]),
        ("POST", "/coupons/5/items") => reply(
            200,
            &envelope(r#"{"requestedId":"123456789012345678901","success":true}"#),
            &[],
        ),
        ("GET", p) if p.starts_with("/requested/") => reply(200, "<html>proxy error</html>", &[]),
        _ => reply(
            401,
            r#"{"code":"ERROR","message":"Specified signature is expired.","transactionId":"36b96dc7-8f79-483e-9517-ce7e31011179"}"#,
            &[],
        ),
    }
}

async fn start() -> (Client, Shared) {
    let seen = Shared::default();
    let app = axum::Router::new()
        .fallback(canned)
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .access_key("a")
        .secret_key("s")
        .vendor_id("A1")
        .rate_limit(None)
        .retry(RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    (client, seen)
}

fn calls(seen: &Shared, key: &str) -> usize {
    seen.lock().unwrap().calls.get(key).copied().unwrap_or(0)
}

#[tokio::test]
async fn reads_every_documented_variant() {
    let (c, seen) = start().await;
    let r = c
        .add_download_items(&AddItems {
            coupon_items: vec![CouponItems {
                coupon_id: 15350660,
                user_id: "u".into(),
                vendor_item_ids: vec![1],
            }],
        })
        .await
        .unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].request_result_status, ResultStatus::Success);
    assert_eq!(r[0].body.as_ref().unwrap().coupon_id, Some(15350660));
    assert_eq!(r[0].body.as_ref().unwrap().request_transaction_id, None);

    let coupon = c.coupon(91).await.unwrap();
    assert_eq!(
        (coupon.coupon_id, coupon.discount, coupon.wow_exclusive.0),
        (91, 99, true)
    );

    let d = c.download_coupon(7).await.unwrap();
    assert_eq!(d.coupon_policies[0].maximum_per_day, 3);

    let contracts = c.contracts().await.unwrap();
    assert!(!contracts[0].use_budget);
    assert_eq!(contracts[0].seller_share_ratio.0, 100.0);

    let err = c.budgets(None, None).await.unwrap_err();
    assert!(
        matches!(&err, Error::Gateway { status: 401, message, transaction_id }
            if message == "Specified signature is expired." && transaction_id.starts_with("36b96dc7")),
        "{err:?}"
    );
    let err = c.request_status("1").await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { status: 200, excerpt, .. } if excerpt == "<html>proxy error</html>"),
        "{err:?}"
    );
    assert_eq!(seen.lock().unwrap().bad_signatures, 0);
}

#[tokio::test]
async fn reads_are_retried_and_mutations_only_when_nothing_was_applied() {
    let (c, seen) = start().await;
    // A read: two 503s, then the answer, each attempt signed afresh.
    let contract = c.contract(15).await.unwrap();
    assert_eq!(contract.contract_id, 15);
    assert_eq!(
        calls(&seen, &format!("GET {FMS}/v2/vendors/A1/contract")),
        3
    );

    // A create answered 500 is not resent.
    let create = CreateCoupon {
        contract_id: 15,
        name: "n".into(),
        max_discount_price: 10,
        discount: 10,
        start_at: "2026-11-22 00:00:00".into(),
        end_at: "2026-11-23 00:00:00".into(),
        kind: wing_client::wire::fms::DiscountType::Price,
        wow_exclusive: false,
    };
    let err = c.create_coupon(&create).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api { status: 500, message } if message == "boom"),
        "{err:?}"
    );
    assert_eq!(calls(&seen, &format!("POST {FMS}/v2/vendors/A1/coupon")), 1);

    // An add refused with 429 never reached the API: it is resent once.
    let r = c.add_items(5, &[1, 2]).await.unwrap();
    assert_eq!(r.requested_id.as_deref(), Some("123456789012345678901"));
    assert_eq!(
        calls(&seen, &format!("POST {FMS}/v1/vendors/A1/coupons/5/items")),
        2
    );
    assert_eq!(seen.lock().unwrap().bad_signatures, 0);
}
