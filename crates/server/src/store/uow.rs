//! [`UnitOfWork`] over one transaction of either backend.

use super::sql::{args, Conn, Value};
use crate::domain::instant::NewCoupon;
use crate::engine::{CouponFacts, CouponState, Family, Outcome, UnitOfWork};
use anyhow::Result;
use std::collections::{HashMap, HashSet};
use wing_wire::fms::DiscountType;
use wing_wire::time;

pub struct SqlUow<'a>(pub &'a mut dyn Conn);

/// Ids per statement of a list operation.
const LIST_CHUNK: usize = 512;
/// Failed items per INSERT (four parameters each).
const FAILURE_CHUNK: usize = 128;

/// `?first, ?first+1, …` for `ids`, padded to a power-of-two length with the last id so that a
/// backend prepares a handful of statement shapes, not one per list length. The padding repeats
/// an id already in the list, which changes no answer (`IN`) and inserts nothing twice
/// (`ON CONFLICT DO NOTHING`).
fn in_list(first: usize, ids: &[i64]) -> (String, Vec<Value>) {
    let n = ids.len().next_power_of_two();
    let list = (0..n)
        .map(|i| format!("?{}", first + i))
        .collect::<Vec<_>>()
        .join(", ");
    let last = ids.last().copied().unwrap_or_default();
    let args = (0..n)
        .map(|i| Value::Int(ids.get(i).copied().unwrap_or(last)))
        .collect();
    (list, args)
}

/// The coupon and item tables of a family; their shapes match where the engine touches them.
pub fn tables(family: Family) -> (&'static str, &'static str) {
    match family {
        Family::Fms => ("instant_coupons", "instant_coupon_items"),
        Family::Download => ("download_coupons", "download_coupon_items"),
    }
}

impl UnitOfWork for SqlUow<'_> {
    fn insert_coupon(&mut self, vendor_id: &str, c: &NewCoupon, now_kst: &str) -> Result<i64> {
        self.0
            .query_one(
                "INSERT INTO instant_coupons (vendor_id, contract_id, name, type, discount, max_discount_price, \
                 start_at, end_at, wow_exclusive, state, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'ACTIVE', ?10) \
                 RETURNING coupon_id",
                args![
                    vendor_id,
                    c.contract_id,
                    &c.name,
                    c.kind.as_str(),
                    c.discount,
                    c.max_discount_price,
                    time::format(c.start_at),
                    time::format(c.end_at),
                    c.wow_exclusive,
                    now_kst
                ],
            )?
            .i64(0)
    }

    /// Locks the coupon row until the transaction ends, so requests on one coupon apply one at a
    /// time on every node.
    fn coupon(&mut self, family: Family, coupon_id: i64) -> Result<Option<CouponFacts>> {
        let sql = match family {
            Family::Fms => "SELECT vendor_id, end_at, state, type, discount, max_discount_price FROM instant_coupons WHERE coupon_id = ?1",
            Family::Download => "SELECT vendor_id, end_at, state, NULL, NULL, NULL FROM download_coupons WHERE coupon_id = ?1",
        };
        let sql = format!("{sql}{}", self.0.dialect().row_lock());
        let Some(r) = self.0.query_opt(&sql, args![coupon_id])? else {
            return Ok(None);
        };
        let Some(state) = CouponState::parse(&r.text(2)?) else {
            return Ok(None);
        };
        let kind = r.opt_text(3)?.as_deref().and_then(DiscountType::parse);
        Ok(Some(CouponFacts {
            vendor_id: r.text(0)?,
            end_at: r.text(1)?,
            state,
            discount: match (kind, r.opt_i64(4)?, r.opt_i64(5)?) {
                (Some(k), Some(d), Some(m)) => Some((k, d, m)),
                _ => None,
            },
        }))
    }

    fn set_state(
        &mut self,
        family: Family,
        coupon_id: i64,
        state: CouponState,
        now_kst: &str,
    ) -> Result<()> {
        let (coupons, _) = tables(family);
        self.0.execute(
            &format!(
                "UPDATE {coupons} SET state = ?2, closed_at = CASE WHEN ?2 = 'ACTIVE' THEN closed_at ELSE ?3 END WHERE coupon_id = ?1"
            ),
            args![coupon_id, state.as_str(), now_kst],
        )?;
        Ok(())
    }

    fn mark_published(&mut self, coupon_id: i64, now_kst: &str) -> Result<()> {
        self.0.execute(
            "UPDATE download_coupons SET published_at = COALESCE(published_at, ?2) WHERE coupon_id = ?1",
            args![coupon_id, now_kst],
        )?;
        Ok(())
    }

    fn vendor_item_prices(&mut self, vendor_id: &str, ids: &[i64]) -> Result<HashMap<i64, i64>> {
        let mut prices = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(LIST_CHUNK) {
            let (list, mut args) = in_list(2, chunk);
            args.insert(0, Value::from(vendor_id));
            let sql = format!(
                "SELECT vendor_item_id, price FROM vendor_items WHERE vendor_id = ?1 AND vendor_item_id IN ({list})"
            );
            for r in self.0.query(&sql, &args)? {
                prices.insert(r.i64(0)?, r.i64(1)?);
            }
        }
        Ok(prices)
    }

    fn live_coupons_of(
        &mut self,
        family: Family,
        ids: &[i64],
    ) -> Result<HashMap<i64, (i64, String)>> {
        let (coupons, items) = tables(family);
        let mut live = HashMap::new();
        for chunk in ids.chunks(LIST_CHUNK) {
            let (list, args) = in_list(1, chunk);
            let sql = format!(
                "SELECT i.vendor_item_id, i.coupon_id, c.end_at FROM {items} i JOIN {coupons} c ON c.coupon_id = i.coupon_id \
                 WHERE i.vendor_item_id IN ({list}) AND i.live = 1"
            );
            for r in self.0.query(&sql, &args)? {
                live.insert(r.i64(0)?, (r.i64(1)?, r.text(2)?));
            }
        }
        Ok(live)
    }

    fn release_ended(&mut self, family: Family, vendor_item_id: i64, coupon_id: i64) -> Result<()> {
        let (_, items) = tables(family);
        self.0.execute(
            &format!(
                "UPDATE {items} SET live = NULL WHERE vendor_item_id = ?1 AND coupon_id = ?2 AND live = 1"
            ),
            args![vendor_item_id, coupon_id],
        )?;
        Ok(())
    }

    fn attach_all(
        &mut self,
        family: Family,
        coupon_id: i64,
        vendor_id: &str,
        ids: &[i64],
        now_kst: &str,
    ) -> Result<HashSet<i64>> {
        let (_, items) = tables(family);
        let mut attached = HashSet::with_capacity(ids.len());
        for chunk in ids.chunks(LIST_CHUNK) {
            // `?1`–`?3` are the coupon, vendor and time; the ids follow.
            let (list, ids) = in_list(4, chunk);
            let rows: Vec<String> = list
                .split(", ")
                .map(|p| format!("(?1, ?2, {p}, 1, ?3)"))
                .collect();
            let mut args = vec![
                Value::from(coupon_id),
                Value::from(vendor_id),
                Value::from(now_kst),
            ];
            args.extend(ids);
            let sql = format!(
                "INSERT INTO {items} (coupon_id, vendor_id, vendor_item_id, live, attached_at) VALUES {} \
                 ON CONFLICT DO NOTHING RETURNING vendor_item_id",
                rows.join(", ")
            );
            for r in self.0.query(&sql, &args)? {
                attached.insert(r.i64(0)?);
            }
        }
        Ok(attached)
    }

    fn detach(
        &mut self,
        family: Family,
        coupon_id: i64,
        vendor_item_id: i64,
        now_kst: &str,
    ) -> Result<bool> {
        let (_, items) = tables(family);
        let n = self.0.execute(
            &format!(
                "UPDATE {items} SET live = NULL, removed_at = ?3 WHERE coupon_id = ?1 AND vendor_item_id = ?2 AND live = 1"
            ),
            args![coupon_id, vendor_item_id, now_kst],
        )?;
        Ok(n > 0)
    }

    fn release_all(&mut self, family: Family, coupon_id: i64) -> Result<()> {
        let (_, items) = tables(family);
        self.0.execute(
            &format!("UPDATE {items} SET live = NULL WHERE coupon_id = ?1 AND live = 1"),
            args![coupon_id],
        )?;
        Ok(())
    }

    fn live_item_count(&mut self, family: Family, coupon_id: i64) -> Result<i64> {
        let (_, items) = tables(family);
        self.0
            .query_one(
                &format!("SELECT COUNT(*) FROM {items} WHERE coupon_id = ?1 AND live = 1"),
                args![coupon_id],
            )?
            .i64(0)
    }

    fn finish(&mut self, requested_id: &str, outcome: &Outcome, now_kst: &str) -> Result<()> {
        self.0.execute(
            "UPDATE requests SET status = ?2, coupon_id = ?3, total = ?4, succeeded = ?5, failed = ?6, finished_at = ?7 \
             WHERE requested_id = ?1 AND status = 'REQUESTED'",
            args![
                requested_id,
                outcome.status().as_str(),
                outcome.coupon_id,
                outcome.total,
                outcome.succeeded(),
                outcome.failed(),
                now_kst
            ],
        )?;
        // Pieces of power-of-two sizes (100 = 64 + 32 + 4): a few statement shapes.
        let mut start = 0;
        while start < outcome.failures.len() {
            let left = outcome.failures.len() - start;
            let size = FAILURE_CHUNK.min(1 << left.ilog2());
            let chunk = &outcome.failures[start..start + size];
            let mut args = vec![Value::from(requested_id)];
            let mut rows = Vec::with_capacity(chunk.len());
            for (i, (item, reason)) in chunk.iter().enumerate() {
                let p = args.len();
                rows.push(format!("(?1, ?{}, ?{}, ?{})", p + 1, p + 2, p + 3));
                args.extend([
                    Value::from(start + i),
                    Value::from(*item),
                    Value::from(reason),
                ]);
            }
            start += size;
            self.0.execute(
                &format!(
                    "INSERT INTO request_failures (requested_id, seq, vendor_item_id, reason) VALUES {}",
                    rows.join(", ")
                ),
                &args,
            )?;
        }
        Ok(())
    }
}
