//! Three real `serve` processes on one PostgreSQL database, 200 concurrent add-item requests
//! with overlapping items over 20 coupons spread across them, and one node killed with SIGKILL
//! in the middle. Needs `WING_TEST_POSTGRES_URL`; skipped (and says so) without it.

mod common;

use common::{coupon, Node};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};
use wing_client::{Client, WaitOptions};
use wing_server::testing::{self, Backend, PgSchema};

const NODE_ARGS: &[&str] = &["--worker-poll-ms", "20", "--db-pool-size", "4"];

fn wait_until(what: &str, deadline: Duration, mut done: impl FnMut() -> bool) {
    let end = Instant::now() + deadline;
    while !done() {
        assert!(Instant::now() < end, "{what} after {deadline:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_nodes_apply_every_request_once_while_one_is_killed() {
    if !testing::available(Backend::Postgres) {
        return;
    }
    let schema = PgSchema::create(&testing::postgres_url().unwrap());
    let db = schema.url();
    // The first node migrates and seeds; the others find both done.
    let nodes: Vec<Node> = (0..3).map(|_| Node::start(&db, NODE_ARGS)).collect();
    assert_eq!(
        schema.count("SELECT COUNT(*) FROM wing_schema_migrations"),
        1
    );
    assert_eq!(schema.count("SELECT COUNT(*) FROM vendors"), 2);

    let clients: Vec<Client> = nodes.iter().map(Node::client).collect();
    let quick = WaitOptions {
        timeout: Duration::from_secs(60),
        first_poll: Duration::from_millis(20),
        max_poll: Duration::from_millis(200),
    };
    let mut coupons = Vec::new();
    for n in 0..20 {
        let c = &clients[n % 3];
        let r = c
            .create_coupon(&coupon(&format!("node test {n}")))
            .await
            .unwrap();
        let o = c
            .wait_for_request(&r.requested_id.unwrap(), quick)
            .await
            .unwrap();
        coupons.push(o.report().coupon_id.unwrap());
    }
    assert_eq!(
        coupons.iter().collect::<HashSet<_>>().len(),
        20,
        "couponIds unique across nodes"
    );

    // 200 requests, request k on coupon k % 20 through node k % 3, with 60 items from a window
    // of 600 that overlaps its neighbours'.
    let mut tasks = tokio::task::JoinSet::new();
    for k in 0..200usize {
        let client = clients[k % 3].clone();
        let coupon = coupons[k % 20];
        let items: Vec<i64> = (0..60)
            .map(|j| 3000000001 + ((k as i64 * 7 + j * 10) % 600))
            .collect();
        tasks.spawn(async move {
            tokio::time::sleep(Duration::from_millis(k as u64 * 2)).await;
            (k % 3, client.add_items(coupon, &items).await)
        });
    }
    // Kill the third node while the requests are arriving and being applied.
    let mut nodes = nodes;
    let victim = nodes.pop().unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    victim.kill();

    let mut accepted = Vec::new();
    let mut accepted_by_victim = 0;
    while let Some(r) = tasks.join_next().await {
        let (node, result) = r.unwrap();
        match result {
            Ok(r) => {
                accepted.push(r.requested_id.unwrap());
                accepted_by_victim += usize::from(node == 2);
            }
            // Calls to the dead node fail; nothing else may.
            Err(e) => assert_eq!(node, 2, "{e}"),
        }
    }
    assert!(
        accepted.len() >= 133,
        "the live nodes accepted {}",
        accepted.len()
    );
    assert!(
        accepted_by_victim > 0,
        "the killed node accepted nothing before it died"
    );

    // Everything queued, whoever accepted it, ends on the surviving nodes.
    let schema = Arc::new(schema);
    wait_until("requests still REQUESTED", Duration::from_secs(60), || {
        schema.count("SELECT COUNT(*) FROM requests WHERE status = 'REQUESTED'") == 0
    });
    for id in &accepted {
        let s = clients[0].request_status(id).await.unwrap();
        assert!(s.status.is_terminal(), "{id}: {s:?}");
        assert_eq!(s.total, 60);
        assert_eq!(s.succeeded + s.failed, 60, "{s:?}");
    }
    common::assert_applied_once(&schema);
    // 600 distinct items were offered; each ended on exactly one coupon.
    assert_eq!(
        schema.count("SELECT COUNT(*) FROM instant_coupon_items WHERE live = 1"),
        600
    );
    assert!(schema.count("SELECT COUNT(*) FROM requests") >= accepted.len() as i64 + 20);
}
