//! PostgreSQL restarted under two nodes while requests sit queued: the nodes reconnect, keep
//! serving, and finish every request once. Needs `WING_TEST_POSTGRES_URL` and, because it
//! restarts the database server, an explicit `WING_TEST_POSTGRES_RESTART` command (CI sets
//! both); skipped, and says so, without them.

mod common;

use common::{coupon, Node};
use std::io::Write;
use std::time::{Duration, Instant};
use wing_client::WaitOptions;
use wing_server::testing::{self, Backend, PgSchema};

const RESTART_VAR: &str = "WING_TEST_POSTGRES_RESTART";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn nodes_finish_queued_requests_after_postgres_restarts() {
    if !testing::available(Backend::Postgres) {
        return;
    }
    let Some(restart) = std::env::var(RESTART_VAR)
        .ok()
        .filter(|c| !c.trim().is_empty())
    else {
        let _ = writeln!(
            std::io::stderr().lock(),
            "\nSKIPPED: the PostgreSQL restart test did not run: {RESTART_VAR} (a shell command that \
             restarts the test database server) is not set.\n"
        );
        return;
    };
    let schema = PgSchema::create(&testing::postgres_url().unwrap());
    let args = ["--worker-poll-ms", "50", "--processing-delay-ms", "2000"];
    let nodes = [
        Node::start(&schema.url(), &args),
        Node::start(&schema.url(), &args),
    ];
    let clients = [nodes[0].client(), nodes[1].client()];
    let wait = WaitOptions {
        timeout: Duration::from_secs(90),
        first_poll: Duration::from_millis(50),
        max_poll: Duration::from_millis(500),
    };

    let mut created = Vec::new();
    for n in 0..4 {
        let r = clients[n % 2]
            .create_coupon(&coupon(&format!("restart {n}")))
            .await
            .unwrap();
        created.push(r.requested_id.unwrap());
    }
    let mut coupons = Vec::new();
    for id in &created {
        let o = clients[0].wait_for_request(id, wait).await.unwrap();
        coupons.push(o.report().coupon_id.unwrap());
    }

    // 40 requests, held REQUESTED for two seconds by the nodes' processing delay.
    let mut queued = Vec::new();
    for k in 0..40usize {
        let items: Vec<i64> = (0..50)
            .map(|j| 3000000001 + ((k as i64 * 13 + j * 3) % 400))
            .collect();
        let r = clients[k % 2]
            .add_items(coupons[k % 4], &items)
            .await
            .unwrap();
        queued.push(r.requested_id.unwrap());
    }
    assert_eq!(
        schema.count("SELECT COUNT(*) FROM requests WHERE status = 'REQUESTED'"),
        40
    );

    let started = Instant::now();
    let status = tokio::task::spawn_blocking(move || {
        std::process::Command::new("sh")
            .args(["-c", &restart])
            .status()
    })
    .await
    .unwrap()
    .expect("run the restart command");
    assert!(status.success(), "{RESTART_VAR} failed: {status}");
    eprintln!("PostgreSQL restarted in {:?}", started.elapsed());

    // Both nodes serve again: reads reconnect, and a new request is accepted and applied.
    for c in &clients {
        assert_eq!(c.contracts().await.unwrap().len(), 2);
    }
    let late = clients[1]
        .add_items(coupons[0], &[3000009999])
        .await
        .unwrap();
    queued.push(late.requested_id.unwrap());

    for id in &queued {
        let o = clients[0].wait_for_request(id, wait).await.unwrap();
        let r = o.report();
        assert_eq!(r.succeeded + r.failed, r.total, "{r:?}");
    }
    common::assert_applied_once(&schema);
    assert_eq!(
        schema.count("SELECT COUNT(*) FROM instant_coupon_items WHERE live = 1"),
        401
    );
}
