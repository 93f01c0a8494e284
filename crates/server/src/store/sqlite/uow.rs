//! [`UnitOfWork`] over one SQLite transaction.

use crate::domain::instant::NewCoupon;
use crate::engine::{CouponFacts, CouponState, UnitOfWork};
use anyhow::Result;
use rusqlite::{params, OptionalExtension, Transaction};
use wing_wire::fms::DiscountType;
use wing_wire::time;

pub struct SqliteUow<'a>(pub &'a Transaction<'a>);

impl UnitOfWork for SqliteUow<'_> {
    fn insert_coupon(&mut self, vendor_id: &str, c: &NewCoupon, now_kst: &str) -> Result<i64> {
        self.0
            .prepare_cached(
                "INSERT INTO instant_coupons (vendor_id, contract_id, name, type, discount, max_discount_price, \
                 start_at, end_at, wow_exclusive, state, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'ACTIVE', ?10)",
            )?
            .execute(params![
                vendor_id,
                c.contract_id,
                c.name,
                c.kind.as_str(),
                c.discount,
                c.max_discount_price,
                time::format(c.start_at),
                time::format(c.end_at),
                c.wow_exclusive,
                now_kst
            ])?;
        Ok(self.0.last_insert_rowid())
    }

    fn coupon(&mut self, coupon_id: i64) -> Result<Option<CouponFacts>> {
        Ok(self
            .0
            .prepare_cached("SELECT vendor_id, type, discount, max_discount_price, end_at, state FROM instant_coupons WHERE coupon_id = ?1")?
            .query_row([coupon_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get::<_, String>(5)?))
            })
            .optional()?
            .and_then(|(vendor_id, kind, discount, max_discount_price, end_at, state)| {
                Some(CouponFacts {
                    vendor_id,
                    kind: DiscountType::parse(&kind)?,
                    discount,
                    max_discount_price,
                    end_at,
                    state: CouponState::parse(&state)?,
                })
            }))
    }

    fn set_coupon_state(
        &mut self,
        coupon_id: i64,
        state: CouponState,
        now_kst: &str,
    ) -> Result<()> {
        self.0
            .prepare_cached(
                "UPDATE instant_coupons SET state = ?2, \
                 paused_at = CASE WHEN ?2 = 'PAUSED' THEN ?3 ELSE paused_at END WHERE coupon_id = ?1",
            )?
            .execute(params![coupon_id, state.as_str(), now_kst])?;
        Ok(())
    }

    fn vendor_item_price(&mut self, vendor_id: &str, vendor_item_id: i64) -> Result<Option<i64>> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT price FROM vendor_items WHERE vendor_item_id = ?1 AND vendor_id = ?2",
            )?
            .query_row(params![vendor_item_id, vendor_id], |r| r.get(0))
            .optional()?)
    }

    fn live_coupon_of(&mut self, vendor_item_id: i64) -> Result<Option<(i64, String)>> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT i.coupon_id, c.end_at FROM instant_coupon_items i JOIN instant_coupons c ON c.coupon_id = i.coupon_id \
                 WHERE i.vendor_item_id = ?1 AND i.live = 1",
            )?
            .query_row([vendor_item_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn release_ended(&mut self, vendor_item_id: i64, coupon_id: i64) -> Result<()> {
        self.0
            .prepare_cached("UPDATE instant_coupon_items SET live = NULL WHERE vendor_item_id = ?1 AND coupon_id = ?2 AND live = 1")?
            .execute(params![vendor_item_id, coupon_id])?;
        Ok(())
    }

    fn attach(
        &mut self,
        coupon_id: i64,
        vendor_id: &str,
        vendor_item_id: i64,
        now_kst: &str,
    ) -> Result<bool> {
        let n = self
            .0
            .prepare_cached(
                "INSERT INTO instant_coupon_items (coupon_id, vendor_id, vendor_item_id, live, attached_at) \
                 VALUES (?1, ?2, ?3, 1, ?4) ON CONFLICT DO NOTHING",
            )?
            .execute(params![coupon_id, vendor_id, vendor_item_id, now_kst])?;
        Ok(n == 1)
    }

    fn detach(&mut self, coupon_id: i64, vendor_item_id: i64, now_kst: &str) -> Result<bool> {
        let n = self
            .0
            .prepare_cached(
                "UPDATE instant_coupon_items SET live = NULL, removed_at = ?3 WHERE coupon_id = ?1 AND vendor_item_id = ?2 AND live = 1",
            )?
            .execute(params![coupon_id, vendor_item_id, now_kst])?;
        Ok(n > 0)
    }

    fn release_all(&mut self, coupon_id: i64) -> Result<()> {
        self.0
            .prepare_cached(
                "UPDATE instant_coupon_items SET live = NULL WHERE coupon_id = ?1 AND live = 1",
            )?
            .execute([coupon_id])?;
        Ok(())
    }

    fn live_item_count(&mut self, coupon_id: i64) -> Result<i64> {
        Ok(self
            .0
            .prepare_cached(
                "SELECT COUNT(*) FROM instant_coupon_items WHERE coupon_id = ?1 AND live = 1",
            )?
            .query_row([coupon_id], |r| r.get(0))?)
    }
}
