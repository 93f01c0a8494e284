//! The async engine, timed from outside: a pre-signed 10,000-item I4 from POST to `DONE`, over
//! one loopback connection, polling I3 every millisecond.

use crate::load::{request, Connection};
use anyhow::{bail, Context, Result};
use serde_json::Value;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use wing_wire::cea;

pub const VENDOR: &str = "A00012345";
const ACCESS: &str = "demo-access-key";
const SECRET: &str = "demo-secret-key";

pub fn sign(method: &str, path: &str, query: &str) -> String {
    cea::authorization(ACCESS, SECRET, method, path, query, chrono::Utc::now())
}

fn fms(version: u8, rest: &str) -> String {
    format!("/v2/providers/fms/apis/api/v{version}/vendors/{VENDOR}{rest}")
}

/// The demo vendor's signed GET of `path_and_query`, as request bytes.
pub fn signed_get(addr: SocketAddr, path_and_query: &str) -> Vec<u8> {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    request(
        "GET",
        addr,
        path_and_query,
        Some(&sign("GET", path, query)),
        None,
    )
}

pub fn i3_path(requested_id: &str) -> String {
    fms(1, &format!("/requested/{requested_id}"))
}

pub fn i9_path() -> String {
    fms(2, "/coupons?status=APPLIED&page=1&size=10")
}

pub struct Engine {
    addr: SocketAddr,
    conn: Connection,
}

impl Engine {
    pub async fn connect(addr: SocketAddr) -> Result<Engine> {
        Ok(Engine {
            addr,
            conn: Connection::open(addr).await?,
        })
    }

    async fn json(&mut self, req: &[u8]) -> Result<Value> {
        let status = self.conn.send(req).await?;
        let v: Value = serde_json::from_slice(&self.conn.body)?;
        if status != 200 {
            bail!("HTTP {status}: {v}");
        }
        Ok(v)
    }

    /// Sends a prepared mutation; its requestedId.
    async fn accept(&mut self, req: &[u8]) -> Result<String> {
        let v = self.json(req).await?;
        v["data"]["content"]["requestedId"]
            .as_str()
            .map(str::to_string)
            .with_context(|| format!("not accepted: {v}"))
    }

    /// Polls I3 every millisecond until the request ends; its content.
    pub async fn wait(&mut self, requested_id: &str, timeout: Duration) -> Result<Value> {
        let end = Instant::now() + timeout;
        loop {
            let req = signed_get(self.addr, &i3_path(requested_id));
            let v = self.json(&req).await?;
            let c = &v["data"]["content"];
            if c["status"] != "REQUESTED" {
                return Ok(c.clone());
            }
            if Instant::now() > end {
                bail!("{requested_id} still REQUESTED after {timeout:?}");
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    /// I1 and wait: the new couponId.
    pub async fn create_coupon(&mut self, name: &str) -> Result<i64> {
        let today = wing_wire::time::to_kst(chrono::Utc::now()).date();
        let body = serde_json::json!({"contractId": 15, "name": name, "maxDiscountPrice": 1000,
            "discount": 1000, "startAt": format!("{today} 00:00:00"),
            "endAt": format!("{} 00:00:00", today + chrono::Days::new(30)), "type": "PRICE", "wowExclusive": false});
        let path = fms(2, "/coupon");
        let req = request(
            "POST",
            self.addr,
            &path,
            Some(&sign("POST", &path, "")),
            Some(body.to_string().as_bytes()),
        );
        let id = self.accept(&req).await?;
        let done = self.wait(&id, Duration::from_secs(30)).await?;
        done["couponId"]
            .as_i64()
            .with_context(|| format!("no coupon: {done}"))
    }

    /// I2 and wait: frees the coupon's items for the next round.
    pub async fn expire_coupon(&mut self, coupon: i64) -> Result<()> {
        let path = fms(1, &format!("/coupons/{coupon}"));
        let req = request(
            "PUT",
            self.addr,
            &format!("{path}?action=expire"),
            Some(&sign("PUT", &path, "action=expire")),
            None,
        );
        let id = self.accept(&req).await?;
        self.wait(&id, Duration::from_secs(120)).await?;
        Ok(())
    }

    /// I4 of `items` onto `coupon`, from POST to DONE; the time and the succeeded count.
    pub async fn add_items_timed(&mut self, coupon: i64, items: &[i64]) -> Result<(Duration, i64)> {
        let path = fms(1, &format!("/coupons/{coupon}/items"));
        let body = serde_json::json!({ "vendorItems": items }).to_string();
        // Signed before the clock starts.
        let req = request(
            "POST",
            self.addr,
            &path,
            Some(&sign("POST", &path, "")),
            Some(body.as_bytes()),
        );
        let t = Instant::now();
        let id = self.accept(&req).await?;
        let done = self.wait(&id, Duration::from_secs(120)).await?;
        let elapsed = t.elapsed();
        if done["status"] != "DONE" {
            bail!("I4 ended {done}");
        }
        Ok((elapsed, done["succeeded"].as_i64().unwrap_or(0)))
    }
}
