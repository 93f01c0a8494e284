//! Real `wing-coupons serve` processes for the tests that kill or share them.

#![allow(dead_code)] // Each test binary uses its own part.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use wing_client::Client;

pub struct Node {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// Kept open so the server's later prints never meet a closed pipe.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Node {
    /// Starts `wing-coupons serve --db DB --listen 127.0.0.1:0 ARGS…` and waits until it listens.
    pub fn start(db: &str, args: &[&str]) -> Node {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wing-coupons"))
            .args(["serve", "--listen", "127.0.0.1:0", "--db", db])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start wing-coupons serve");
        let mut first = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut first).unwrap();
        // "wing-coupons 0.1.0 listening on http://127.0.0.1:PORT (…)"
        let base = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {first:?}"))
            .to_string();
        Node {
            child,
            base,
            _stdout: stdout,
        }
    }

    /// SIGKILL: no shutdown code runs.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// The demo vendor's client for this node, without a rate limit.
    pub fn client(&self) -> Client {
        Client::builder()
            .base_url(&self.base)
            .access_key("demo-access-key")
            .secret_key("demo-secret-key")
            .vendor_id("A00012345")
            .rate_limit(None)
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap()
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An I1 body valid today (wall clock: these servers run on the system clock).
pub fn coupon(name: &str) -> wing_client::wire::fms::CreateCoupon {
    let today = wing_wire::time::to_kst(chrono::Utc::now()).date();
    wing_client::wire::fms::CreateCoupon {
        contract_id: 15,
        name: name.into(),
        max_discount_price: 1000,
        discount: 1000,
        start_at: format!("{today} 00:00:00"),
        end_at: format!("{} 00:00:00", today + chrono::Days::new(30)),
        kind: wing_client::wire::fms::DiscountType::Price,
        wow_exclusive: false,
    }
}

/// What "every request applied exactly once" means in the database, whatever node applied it:
/// nothing is still `REQUESTED`; no item is live on two coupons; per coupon, the items its
/// requests report as succeeded are exactly its rows; every reported failure is stored once.
pub fn assert_applied_once(schema: &wing_server::testing::PgSchema) {
    assert_eq!(
        schema.count("SELECT COUNT(*) FROM requests WHERE status = 'REQUESTED'"),
        0
    );
    assert_eq!(
        schema.count("SELECT COUNT(*) FROM (SELECT vendor_item_id FROM instant_coupon_items WHERE live = 1 GROUP BY vendor_item_id HAVING COUNT(*) > 1) AS doubled"),
        0
    );
    assert_eq!(
        schema.count(
            "SELECT COUNT(*) FROM (SELECT coupon_id, SUM(succeeded) AS ok FROM requests WHERE type = 'COUPON_ITEM_PUBLISH' GROUP BY coupon_id) r \
             LEFT JOIN (SELECT coupon_id, COUNT(*) AS n FROM instant_coupon_items GROUP BY coupon_id) i ON i.coupon_id = r.coupon_id \
             WHERE COALESCE(i.n, 0) <> r.ok"
        ),
        0
    );
    assert_eq!(
        schema.count("SELECT COUNT(*) FROM request_failures"),
        schema.count("SELECT COALESCE(SUM(failed), 0) FROM requests")
    );
}
