//! The async request engine: what an accepted request (I1, I2, I4, I5, D2, D3) does when it is
//! processed, and the worker that processes them.
//!
//! [`apply`] holds the rules once, for every backend. A backend calls it inside the transaction in
//! which it claimed the request and in which it then records the outcome, so a request's effects
//! and its terminal status commit together, and a crash before the commit leaves it `REQUESTED`
//! for the next worker.

use crate::clock::Clock;
use crate::domain::instant::{self, NewCoupon};
use crate::domain::messages::{self, reasons};
use crate::store::{Now, Store};
use anyhow::{Context, Result};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use wing_wire::fms::{DiscountType, RequestStatus, RequestType};

wing_wire::string_enum! {
    /// The two coupon families. Their items live in tables of the same shape, so the item
    /// operations of [`UnitOfWork`] take the family instead of being written twice.
    pub enum Family {
        /// Instant discount coupons (FMS).
        Fms = "FMS",
        /// Downloadable coupons (marketplace_openapi).
        Download = "DOWNLOAD",
    }
}

wing_wire::string_enum! {
    /// A coupon's stored state; the clock-driven part of its status is derived on read. Instant
    /// coupons use ACTIVE, PAUSED, DETACHED; downloadable ones ACTIVE, EXPIRED, DESTROYED.
    pub enum CouponState {
        Active = "ACTIVE",
        Paused = "PAUSED",
        Detached = "DETACHED",
        Expired = "EXPIRED",
        Destroyed = "DESTROYED",
    }
}

/// What the rules need to know of a coupon (of either family).
#[derive(Debug, Clone)]
pub struct CouponFacts {
    pub vendor_id: String,
    pub end_at: String,
    pub state: CouponState,
    /// Instant coupons only: what CIE06 needs.
    pub discount: Option<(DiscountType, i64, i64)>,
}

impl CouponFacts {
    /// The status word for a coupon that no longer takes item changes, or `None` if it does.
    pub fn closed_status(&self, now_kst: &str) -> Option<&'static str> {
        match self.state {
            CouponState::Active if now_kst >= self.end_at.as_str() => Some("EXPIRED"),
            CouponState::Active => None,
            other => Some(other.as_str()),
        }
    }
}

/// The operations [`apply`] performs, inside one transaction of the backend.
pub trait UnitOfWork {
    fn insert_coupon(&mut self, vendor_id: &str, coupon: &NewCoupon, now_kst: &str) -> Result<i64>;
    fn coupon(&mut self, family: Family, coupon_id: i64) -> Result<Option<CouponFacts>>;
    fn set_state(
        &mut self,
        family: Family,
        coupon_id: i64,
        state: CouponState,
        now_kst: &str,
    ) -> Result<()>;
    /// Records the first time items were attached (downloadable `publishedDate`).
    fn mark_published(&mut self, coupon_id: i64, now_kst: &str) -> Result<()>;
    /// The prices of those of `ids` that are the vendor's items. Item operations take lists,
    /// so a backend answers 10,000 items in a few statements, not 10,000 round trips.
    fn vendor_item_prices(&mut self, vendor_id: &str, ids: &[i64]) -> Result<HashMap<i64, i64>>;
    /// For those of `ids` live on a coupon of this family: that coupon and its `end_at`.
    fn live_coupons_of(
        &mut self,
        family: Family,
        ids: &[i64],
    ) -> Result<HashMap<i64, (i64, String)>>;
    /// Frees an item from a coupon whose period is over, so the unique index lets it go elsewhere.
    fn release_ended(&mut self, family: Family, vendor_item_id: i64, coupon_id: i64) -> Result<()>;
    /// Inserts live items (distinct ids); those the one-live-coupon-per-item unique index took.
    fn attach_all(
        &mut self,
        family: Family,
        coupon_id: i64,
        vendor_id: &str,
        ids: &[i64],
        now_kst: &str,
    ) -> Result<HashSet<i64>>;
    /// Marks a live item of this coupon removed. `false` when it was not live on it.
    fn detach(
        &mut self,
        family: Family,
        coupon_id: i64,
        vendor_item_id: i64,
        now_kst: &str,
    ) -> Result<bool>;
    /// Frees every live item of a coupon that closed; they keep reporting the coupon's status.
    fn release_all(&mut self, family: Family, coupon_id: i64) -> Result<()>;
    fn live_item_count(&mut self, family: Family, coupon_id: i64) -> Result<i64>;
    /// Records a request's terminal status, counts and failed items. Only a `REQUESTED` request
    /// changes: terminal states never do.
    fn finish(&mut self, requested_id: &str, outcome: &Outcome, now_kst: &str) -> Result<()>;
}

/// A request as the worker claimed it.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub requested_id: String,
    pub vendor_id: String,
    pub family: Family,
    pub kind: RequestType,
    pub coupon_id: Option<i64>,
    pub payload: String,
}

/// How a request ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub coupon_id: Option<i64>,
    pub total: i64,
    pub failures: Vec<(i64, String)>,
    /// A whole-request failure with no item to blame (expiry of a coupon that already ended).
    pub rejected: bool,
}

impl Outcome {
    pub fn failed(&self) -> i64 {
        if self.rejected {
            self.total
        } else {
            self.failures.len() as i64
        }
    }

    pub fn succeeded(&self) -> i64 {
        self.total - self.failed()
    }

    /// `FAIL` when nothing succeeded; `DONE` otherwise, even with some failed items, as Coupang.
    pub fn status(&self) -> RequestStatus {
        if self.total > 0 && self.succeeded() == 0 {
            RequestStatus::Fail
        } else {
            RequestStatus::Done
        }
    }
}

/// Applies a claimed request and records how it ended, in the backend's open transaction: the
/// backend only claims and commits.
pub fn process(uow: &mut dyn UnitOfWork, req: &Claimed, now_kst: &str) -> Result<()> {
    let outcome = apply(uow, req, now_kst)
        .with_context(|| format!("applying request {}", req.requested_id))?;
    uow.finish(&req.requested_id, &outcome, now_kst)
}

pub fn apply(uow: &mut dyn UnitOfWork, req: &Claimed, now_kst: &str) -> Result<Outcome> {
    let family = req.family;
    match req.kind {
        RequestType::CouponPublish => {
            let coupon: NewCoupon = serde_json::from_str(&req.payload).context("I1 payload")?;
            let id = uow.insert_coupon(&req.vendor_id, &coupon, now_kst)?;
            Ok(Outcome {
                coupon_id: Some(id),
                total: 1,
                failures: vec![],
                rejected: false,
            })
        }
        RequestType::CouponExpire => {
            let coupon_id = req.coupon_id.context("expiry without coupon")?;
            let open = uow
                .coupon(family, coupon_id)?
                .is_some_and(|c| c.closed_status(now_kst).is_none());
            if open {
                let closed = match family {
                    Family::Fms => CouponState::Paused,
                    Family::Download => CouponState::Expired,
                };
                uow.set_state(family, coupon_id, closed, now_kst)?;
                uow.release_all(family, coupon_id)?;
            }
            Ok(Outcome {
                coupon_id: Some(coupon_id),
                total: 1,
                failures: vec![],
                rejected: !open,
            })
        }
        RequestType::CouponItemPublish | RequestType::CouponItemExpire => {
            let coupon_id = req.coupon_id.context("item request without coupon")?;
            let items: Vec<i64> = serde_json::from_str(&req.payload).context("item payload")?;
            let facts = uow
                .coupon(family, coupon_id)?
                .context("coupon of an accepted request")?;
            let failures = match facts.closed_status(now_kst) {
                // The coupon closed between acceptance and processing.
                Some(status) => {
                    let reason = messages::coupon_not_open(status);
                    items.iter().map(|v| (*v, reason.clone())).collect()
                }
                None if req.kind == RequestType::CouponItemPublish => {
                    add_items(uow, family, coupon_id, &facts, &items, now_kst)?
                }
                None => remove_items(uow, coupon_id, &items, now_kst)?,
            };
            let outcome = Outcome {
                coupon_id: Some(coupon_id),
                total: items.len() as i64,
                failures,
                rejected: false,
            };
            if family == Family::Download && req.kind == RequestType::CouponItemPublish {
                // Coupang destroys a downloadable coupon whose items could not be applied; one
                // that already has items from an earlier call keeps them.
                if outcome.succeeded() == 0 && uow.live_item_count(family, coupon_id)? == 0 {
                    uow.set_state(family, coupon_id, CouponState::Destroyed, now_kst)?;
                } else {
                    uow.mark_published(coupon_id, now_kst)?;
                }
            }
            Ok(outcome)
        }
    }
}

/// Adding items. Each item's reason is the first failing check, in this order: [CIE00] malformed
/// id, [CIR06] not the vendor's item, then the item is live on a coupon already ([CIR08] instant,
/// [CIR14] downloadable), then (instant only) [CIE06] discount out of range for the item's price.
/// An id repeated in the request is judged as its first occurrence left things: one attached
/// then is on this coupon now.
fn add_items(
    uow: &mut dyn UnitOfWork,
    family: Family,
    coupon_id: i64,
    coupon: &CouponFacts,
    items: &[i64],
    now_kst: &str,
) -> Result<Vec<(i64, String)>> {
    let taken = |other: i64| match family {
        Family::Fms => reasons::cir08(other),
        // The unique index keeps an item on one downloadable coupon, so there are no others.
        Family::Download => crate::domain::download::msg::cir14(other, 0),
    };
    let mut distinct = HashSet::new();
    let wanted: Vec<i64> = items
        .iter()
        .copied()
        .filter(|v| instant::is_well_formed_vendor_item(*v) && distinct.insert(*v))
        .collect();
    let prices = uow.vendor_item_prices(&coupon.vendor_id, &wanted)?;
    let owned: Vec<i64> = wanted
        .into_iter()
        .filter(|v| prices.contains_key(v))
        .collect();
    let mut live = uow.live_coupons_of(family, &owned)?;
    // An item still marked live on a coupon whose period is over is free to go.
    let ended: Vec<(i64, i64)> = live
        .iter()
        .filter(|(_, (_, end_at))| now_kst >= end_at.as_str())
        .map(|(v, (other, _))| (*v, *other))
        .collect();
    for (v, other) in ended {
        uow.release_ended(family, v, other)?;
        live.remove(&v);
    }
    let mut first: HashMap<i64, String> = HashMap::new();
    let mut candidates = Vec::new();
    for &v in &owned {
        let fits = coupon.discount.is_none_or(|(kind, discount, max)| {
            instant::discount_fits(kind, discount, max, prices[&v])
        });
        match live.get(&v) {
            Some((other, _)) => {
                first.insert(v, taken(*other));
            }
            None if !fits => {
                first.insert(v, reasons::CIE06.to_string());
            }
            None => candidates.push(v),
        }
    }
    let attached = uow.attach_all(family, coupon_id, &coupon.vendor_id, &candidates, now_kst)?;
    // The unique index is the arbiter: a racing request may have taken an item since.
    let lost: Vec<i64> = candidates
        .into_iter()
        .filter(|v| !attached.contains(v))
        .collect();
    let holders = uow.live_coupons_of(family, &lost)?;
    for v in lost {
        first.insert(v, taken(holders.get(&v).map_or(coupon_id, |(c, _)| *c)));
    }
    let mut seen = HashSet::new();
    let mut failures = Vec::new();
    for &v in items {
        let reason = if !instant::is_well_formed_vendor_item(v) {
            Some(reasons::CIE00.to_string())
        } else if !prices.contains_key(&v) {
            Some(reasons::CIR06.to_string())
        } else if !seen.insert(v) && attached.contains(&v) {
            Some(taken(coupon_id))
        } else {
            first.get(&v).cloned()
        };
        if let Some(r) = reason {
            failures.push((v, r));
        }
    }
    Ok(failures)
}

/// I5 (instant only). Removing the last live item detaches the coupon.
fn remove_items(
    uow: &mut dyn UnitOfWork,
    coupon_id: i64,
    items: &[i64],
    now_kst: &str,
) -> Result<Vec<(i64, String)>> {
    let mut failures = Vec::new();
    let mut removed = 0;
    for &v in items {
        if !instant::is_well_formed_vendor_item(v) {
            failures.push((v, reasons::CIE00.to_string()));
        } else if uow.detach(Family::Fms, coupon_id, v, now_kst)? {
            removed += 1;
        } else {
            failures.push((v, reasons::CIR06.to_string()));
        }
    }
    if removed > 0 && uow.live_item_count(Family::Fms, coupon_id)? == 0 {
        uow.set_state(Family::Fms, coupon_id, CouponState::Detached, now_kst)?;
    }
    Ok(failures)
}

/// The clock readings for one store call.
pub fn now(clock: &dyn Clock) -> Now {
    Now {
        kst: wing_wire::time::format(clock.now_kst()),
        domain_ms: clock.now().timestamp_millis(),
        epoch_ms: chrono::Utc::now().timestamp_millis(),
    }
}

/// Runs until the runtime stops: drains every request older than `delay`, then sleeps until woken
/// by a new request or until `poll` passes (delayed requests become due without a wake-up). The
/// delay is this server's setting, not the request's, so a restart with another delay applies to
/// requests already queued.
pub fn spawn_worker(
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    wake: Arc<Notify>,
    poll: Duration,
    delay: Duration,
) -> tokio::task::JoinHandle<()> {
    let delay_ms = i64::try_from(delay.as_millis()).unwrap_or(i64::MAX);
    tokio::spawn(async move {
        let mut failures = 0u32;
        loop {
            loop {
                let now = now(clock.as_ref());
                let due_ms = now.epoch_ms.saturating_sub(delay_ms);
                match store.process_next(&now, due_ms).await {
                    Ok(Some(id)) => {
                        failures = 0;
                        tracing::debug!(requested_id = %id, "request processed");
                    }
                    Ok(None) => {
                        failures = 0;
                        break;
                    }
                    Err(e) => {
                        // Nothing of the request was kept (its transaction rolled back). Nodes
                        // sharing a database can deadlock on the same items, or the database can
                        // be restarting: retry soon, then less often, with jitter so racing
                        // nodes part.
                        failures = failures.saturating_add(1);
                        let backoff = Duration::from_millis(20u64 << failures.min(7));
                        let jitter = Duration::from_millis(rand::random::<u64>() % 50);
                        tracing::warn!(error = ?e, attempt = failures, "processing a request failed; retrying");
                        tokio::time::sleep(backoff + jitter).await;
                    }
                }
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(poll) => {}
            }
        }
    })
}
