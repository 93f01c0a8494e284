//! The embedded store: one SQLite file in WAL mode.
//!
//! Layout, chosen by measurement (see `docs/ARCHITECTURE.md`): point reads run on the calling
//! runtime thread over a small set of read connections (WAL readers never wait for the writer);
//! every write goes through the one writer connection on the blocking pool, so SQLite's single
//! writer is never contended and never answers `SQLITE_BUSY`.

mod uow;

use super::{
    sql, ApiKey, ContractRow, CouponRow, DownloadCouponRow, Enqueued, ItemKey, ItemRow, NewRequest,
    Now, PolicyRow, RequestRow, Store,
};
use crate::domain::download::{self, NewDownloadCoupon, NewPolicy};
use crate::domain::paging::PageRequest;
use crate::engine::{self, Claimed};
use crate::engine::{CouponState, Family};
use crate::seed::Seed;
use anyhow::{anyhow, Context, Result};
use async_trait::async_trait;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Row, TransactionBehavior};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use wing_wire::download::TypeOfDiscount;
use wing_wire::fms::{
    ContractType, CouponItemStatus, CouponStatus, DiscountType, RequestStatus, RequestType,
};

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_download_coupons.sql"),
];

pub struct SqliteStore {
    writer: Arc<Mutex<Connection>>,
    /// Empty for an in-memory database, whose only connection is the writer.
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
}

fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic while holding a connection leaves no half-done transaction (rusqlite rolls back on
    // drop), so the connection is still good.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
        tx.execute_batch(sql)
            .with_context(|| format!("migration {}", i + 1))?;
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
    }
    Ok(())
}

impl SqliteStore {
    pub fn open_file(path: &Path) -> Result<Self> {
        let mut writer =
            Connection::open(path).with_context(|| format!("opening {}", path.display()))?;
        writer.pragma_update(None, "journal_mode", "WAL")?;
        writer.pragma_update(None, "synchronous", "NORMAL")?;
        configure(&writer)?;
        migrate(&mut writer)?;
        let n = std::thread::available_parallelism().map_or(2, |n| n.get()) * 2;
        let readers = (0..n)
            .map(|_| {
                let c = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                configure(&c)?;
                Ok(Mutex::new(c))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SqliteStore {
            writer: Arc::new(Mutex::new(writer)),
            readers,
            next_reader: AtomicUsize::new(0),
        })
    }

    pub fn open_memory() -> Result<Self> {
        let mut writer = Connection::open_in_memory()?;
        configure(&writer)?;
        migrate(&mut writer)?;
        Ok(SqliteStore {
            writer: Arc::new(Mutex::new(writer)),
            readers: Vec::new(),
            next_reader: AtomicUsize::new(0),
        })
    }

    /// Runs a read on this thread, on the first free read connection.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        if self.readers.is_empty() {
            return f(&lock(&self.writer));
        }
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed);
        let n = self.readers.len();
        for i in 0..n {
            if let Ok(c) = self.readers[(start + i) % n].try_lock() {
                return f(&c);
            }
        }
        f(&lock(&self.readers[start % n]))
    }

    /// Runs a write on the blocking pool, on the writer connection.
    async fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let writer = Arc::clone(&self.writer);
        tokio::task::spawn_blocking(move || f(&mut lock(&writer)))
            .await
            .map_err(|e| anyhow!("store write task failed: {e}"))?
    }
}

fn parse_enum<T>(s: String, f: impl Fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    f(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("unknown value {s:?}").into(),
        )
    })
}

const CONTRACT_COLS: &str = "contract_id, vendor_id, vendor_contract_id, type, seller_share_ratio, coupang_share_ratio, gmv_ratio, start_at, end_at, use_budget, monthly_budget, modified_at, modified_by";

fn contract_row(r: &Row) -> rusqlite::Result<ContractRow> {
    Ok(ContractRow {
        contract_id: r.get(0)?,
        vendor_id: r.get(1)?,
        vendor_contract_id: r.get(2)?,
        kind: parse_enum(r.get(3)?, ContractType::parse)?,
        seller_share_ratio: r.get(4)?,
        coupang_share_ratio: r.get(5)?,
        gmv_ratio: r.get(6)?,
        start: r.get(7)?,
        end: r.get(8)?,
        use_budget: r.get(9)?,
        monthly_budget: r.get(10)?,
        modified_at: r.get(11)?,
        modified_by: r.get(12)?,
    })
}

fn coupon_cols() -> String {
    format!(
        "c.coupon_id, c.vendor_id, c.contract_id, k.vendor_contract_id, c.name, c.type, c.discount, \
         c.max_discount_price, c.start_at, c.end_at, c.wow_exclusive, {} AS status",
        sql::COUPON_STATUS
    )
}

fn coupon_row(r: &Row, at: usize) -> rusqlite::Result<CouponRow> {
    Ok(CouponRow {
        coupon_id: r.get(at)?,
        vendor_id: r.get(at + 1)?,
        contract_id: r.get(at + 2)?,
        vendor_contract_id: r.get(at + 3)?,
        name: r.get(at + 4)?,
        kind: parse_enum(r.get(at + 5)?, DiscountType::parse)?,
        discount: r.get(at + 6)?,
        max_discount_price: r.get(at + 7)?,
        start_at: r.get(at + 8)?,
        end_at: r.get(at + 9)?,
        wow_exclusive: r.get(at + 10)?,
        status: parse_enum(r.get(at + 11)?, CouponStatus::parse)?,
    })
}

fn item_cols() -> String {
    format!(
        "i.coupon_item_id, i.coupon_id, i.vendor_item_id, c.start_at, c.end_at, {} AS status",
        sql::ITEM_STATUS
    )
}

fn item_row(r: &Row) -> rusqlite::Result<ItemRow> {
    Ok(ItemRow {
        coupon_item_id: r.get(0)?,
        coupon_id: r.get(1)?,
        vendor_item_id: r.get(2)?,
        start_at: r.get(3)?,
        end_at: r.get(4)?,
        status: parse_enum(r.get(5)?, CouponItemStatus::parse)?,
    })
}

fn direction(page: &PageRequest) -> &'static str {
    if page.descending {
        "DESC"
    } else {
        "ASC"
    }
}

fn seed_into(conn: &mut Connection, seed: &Seed) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for v in &seed.vendors {
        let id = v.vendor_id.as_str();
        tx.execute("INSERT INTO vendors (vendor_id) VALUES (?1)", [id])
            .with_context(|| format!("vendor {id}"))?;
        for k in &v.keys {
            tx.execute(
                "INSERT INTO api_keys (access_key, secret_key, vendor_id) VALUES (?1, ?2, ?3)",
                params![k.access_key, k.secret_key, id],
            )
            .with_context(|| format!("access key {}", k.access_key))?;
        }
        for u in &v.users {
            tx.execute(
                "INSERT INTO wing_users (user_id, vendor_id) VALUES (?1, ?2)",
                params![u, id],
            )
            .with_context(|| format!("user {u}"))?;
        }
        for c in &v.contracts {
            tx.execute(
                &format!("INSERT INTO contracts ({CONTRACT_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"),
                params![
                    c.contract_id,
                    id,
                    c.vendor_contract_id,
                    c.kind.as_str(),
                    c.seller_share_ratio,
                    c.coupang_share_ratio,
                    c.gmv_ratio,
                    c.start,
                    c.end,
                    c.use_budget,
                    c.monthly_budget,
                    c.modified_at.as_deref().unwrap_or(&c.start),
                    c.modified_by,
                ],
            )
            .with_context(|| format!("contract {}", c.contract_id))?;
        }
        let mut insert_item = tx.prepare(
            "INSERT INTO vendor_items (vendor_item_id, vendor_id, price) VALUES (?1, ?2, ?3)",
        )?;
        for (item, price) in v.all_vendor_items() {
            insert_item
                .execute(params![item, id, price])
                .with_context(|| format!("vendor item {item}"))?;
        }
        drop(insert_item);
        for o in &v.orders {
            tx.execute(
                "INSERT INTO orders (order_id, vendor_id, ordered_at) VALUES (?1, ?2, ?3)",
                params![o.order_id, id, o.ordered_at],
            )
            .with_context(|| format!("order {}", o.order_id))?;
            for item in &o.vendor_item_ids {
                tx.execute(
                    "INSERT OR IGNORE INTO order_items (order_id, vendor_item_id) VALUES (?1, ?2)",
                    params![o.order_id, item],
                )?;
            }
        }
    }
    tx.commit()?;
    Ok(())
}

fn process_next(conn: &mut Connection, now: &Now, due_ms: i64) -> Result<Option<String>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let claimed = tx
        .prepare_cached(
            "SELECT requested_id, vendor_id, type, coupon_id, payload, family FROM requests \
             WHERE status = 'REQUESTED' AND created_ms <= ?1 ORDER BY seq LIMIT 1",
        )?
        .query_row([due_ms], |r| {
            Ok(Claimed {
                requested_id: r.get(0)?,
                vendor_id: r.get(1)?,
                kind: parse_enum(r.get(2)?, RequestType::parse)?,
                coupon_id: r.get(3)?,
                payload: r.get(4)?,
                family: parse_enum(r.get(5)?, Family::parse)?,
            })
        })
        .optional()?;
    let Some(req) = claimed else {
        return Ok(None);
    };
    engine::process(&mut uow::SqliteUow(&tx), &req, &now.kst)?;
    tx.commit()?;
    Ok(Some(req.requested_id))
}

#[async_trait]
impl Store for SqliteStore {
    async fn is_empty(&self) -> Result<bool> {
        self.read(|c| {
            Ok(
                c.query_row("SELECT NOT EXISTS (SELECT 1 FROM vendors)", [], |r| {
                    r.get(0)
                })?,
            )
        })
    }

    async fn seed(&self, seed: &Seed) -> Result<()> {
        let seed = seed.clone();
        self.write(move |c| seed_into(c, &seed)).await
    }

    async fn api_key(&self, access_key: &str) -> Result<Option<ApiKey>> {
        self.read(|c| {
            Ok(c.prepare_cached(
                "SELECT access_key, vendor_id, secret_key FROM api_keys WHERE access_key = ?1",
            )?
            .query_row([access_key], |r| {
                Ok(ApiKey {
                    access_key: r.get(0)?,
                    vendor_id: r.get(1)?,
                    secret_key: r.get(2)?,
                })
            })
            .optional()?)
        })
    }

    async fn contracts(&self, vendor_id: &str) -> Result<Vec<ContractRow>> {
        self.read(|c| {
            let mut s = c.prepare_cached(&format!(
                "SELECT {CONTRACT_COLS} FROM contracts WHERE vendor_id = ?1 ORDER BY contract_id"
            ))?;
            let rows = s
                .query_map([vendor_id], contract_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    async fn contract(&self, contract_id: i64) -> Result<Option<ContractRow>> {
        self.read(|c| {
            Ok(c.prepare_cached(&format!(
                "SELECT {CONTRACT_COLS} FROM contracts WHERE contract_id = ?1"
            ))?
            .query_row([contract_id], contract_row)
            .optional()?)
        })
    }

    async fn enqueue(&self, r: NewRequest, alone_on_coupon: bool) -> Result<Enqueued> {
        self.write(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if alone_on_coupon {
                let busy: bool = tx
                    .prepare_cached("SELECT EXISTS (SELECT 1 FROM requests WHERE coupon_id = ?1 AND status = 'REQUESTED')")?
                    .query_row([r.coupon_id], |row| row.get(0))?;
                if busy {
                    return Ok(Enqueued::CouponBusy);
                }
            }
            let inserted = tx
                .prepare_cached(
                    "INSERT INTO requests (requested_id, vendor_id, type, coupon_id, status, total, payload, created_at, created_ms, family) \
                     VALUES (?1, ?2, ?3, ?4, 'REQUESTED', ?5, ?6, ?7, ?8, ?9) ON CONFLICT (requested_id) DO NOTHING",
                )?
                .execute(params![
                    r.requested_id,
                    r.vendor_id,
                    r.kind.as_str(),
                    r.coupon_id,
                    r.total,
                    r.payload,
                    r.created_at,
                    r.created_ms,
                    r.family.as_str()
                ])?;
            if inserted == 0 {
                return Ok(Enqueued::IdTaken);
            }
            tx.commit()?;
            Ok(Enqueued::Accepted)
        })
        .await
    }

    async fn request(&self, requested_id: &str) -> Result<Option<RequestRow>> {
        self.read(|c| {
            let row = c
                .prepare_cached(
                    "SELECT requested_id, vendor_id, type, coupon_id, status, total, succeeded, failed, family \
                     FROM requests WHERE requested_id = ?1",
                )?
                .query_row([requested_id], |r| {
                    Ok(RequestRow {
                        requested_id: r.get(0)?,
                        vendor_id: r.get(1)?,
                        kind: parse_enum(r.get(2)?, RequestType::parse)?,
                        coupon_id: r.get(3)?,
                        status: parse_enum(r.get(4)?, RequestStatus::parse)?,
                        total: r.get(5)?,
                        succeeded: r.get(6)?,
                        failed: r.get(7)?,
                        family: parse_enum(r.get(8)?, Family::parse)?,
                        failures: vec![],
                    })
                })
                .optional()?;
            let Some(mut row) = row else { return Ok(None) };
            if row.failed > 0 {
                let mut s = c.prepare_cached("SELECT vendor_item_id, reason FROM request_failures WHERE requested_id = ?1 ORDER BY seq")?;
                row.failures = s.query_map([requested_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
            }
            Ok(Some(row))
        })
    }

    async fn process_next(&self, now: &Now, due_ms: i64) -> Result<Option<String>> {
        let now = now.clone();
        self.write(move |c| process_next(c, &now, due_ms)).await
    }

    async fn coupon(&self, coupon_id: i64, now: &Now) -> Result<Option<CouponRow>> {
        self.read(|c| {
            let q = format!(
                "SELECT {} FROM instant_coupons c JOIN contracts k ON k.contract_id = c.contract_id WHERE c.coupon_id = ?2",
                coupon_cols()
            );
            Ok(c.prepare_cached(&q)?.query_row(params![now.kst, coupon_id], |r| coupon_row(r, 0)).optional()?)
        })
    }

    async fn coupons_by_status(
        &self,
        vendor_id: &str,
        status: CouponStatus,
        page: &PageRequest,
        now: &Now,
    ) -> Result<(Vec<CouponRow>, i64)> {
        self.read(|c| {
            let filter = format!("c.vendor_id = ?2 AND ({}) = ?3", sql::COUPON_STATUS);
            let total: i64 = c
                .prepare_cached(&format!("SELECT COUNT(*) FROM instant_coupons c WHERE {filter}"))?
                .query_row(params![now.kst, vendor_id, status.as_str()], |r| r.get(0))?;
            let q = format!(
                "SELECT {} FROM instant_coupons c JOIN contracts k ON k.contract_id = c.contract_id WHERE {filter} \
                 ORDER BY c.coupon_id {} LIMIT ?4 OFFSET ?5",
                coupon_cols(),
                direction(page)
            );
            let rows = c
                .prepare_cached(&q)?
                .query_map(params![now.kst, vendor_id, status.as_str(), page.size, page.offset], |r| coupon_row(r, 0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok((rows, total))
        })
    }

    async fn coupon_item(
        &self,
        coupon_id: i64,
        key: ItemKey,
        now: &Now,
    ) -> Result<Option<ItemRow>> {
        self.read(|c| {
            let (column, id) = match key {
                ItemKey::CouponItemId(id) => ("coupon_item_id", id),
                ItemKey::VendorItemId(id) => ("vendor_item_id", id),
            };
            // A vendor item removed and added again has several rows: the newest speaks for it.
            let q = format!(
                "SELECT {} FROM instant_coupon_items i JOIN instant_coupons c ON c.coupon_id = i.coupon_id \
                 WHERE i.coupon_id = ?2 AND i.{column} = ?3 ORDER BY i.coupon_item_id DESC LIMIT 1",
                item_cols()
            );
            Ok(c.prepare_cached(&q)?.query_row(params![now.kst, coupon_id, id], item_row).optional()?)
        })
    }

    async fn coupon_items_by_status(
        &self,
        coupon_id: i64,
        status: CouponItemStatus,
        page: &PageRequest,
        now: &Now,
    ) -> Result<(Vec<ItemRow>, i64)> {
        self.read(|c| {
            let filter = format!("i.coupon_id = ?2 AND ({}) = ?3", sql::ITEM_STATUS);
            let from = "instant_coupon_items i JOIN instant_coupons c ON c.coupon_id = i.coupon_id";
            let total: i64 = c
                .prepare_cached(&format!("SELECT COUNT(*) FROM {from} WHERE {filter}"))?
                .query_row(params![now.kst, coupon_id, status.as_str()], |r| r.get(0))?;
            let q = format!(
                "SELECT {} FROM {from} WHERE {filter} ORDER BY i.coupon_item_id {} LIMIT ?4 OFFSET ?5",
                item_cols(),
                direction(page)
            );
            let rows = c
                .prepare_cached(&q)?
                .query_map(params![now.kst, coupon_id, status.as_str(), page.size, page.offset], item_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok((rows, total))
        })
    }

    async fn order_coupons(
        &self,
        vendor_id: &str,
        order_id: i64,
        now: &Now,
    ) -> Result<Vec<(i64, CouponRow)>> {
        self.read(|c| {
            let q = format!(
                "SELECT oi.vendor_item_id, {} FROM orders o \
                 JOIN order_items oi ON oi.order_id = o.order_id \
                 JOIN instant_coupon_items i ON i.vendor_item_id = oi.vendor_item_id \
                      AND i.attached_at <= o.ordered_at AND (i.removed_at IS NULL OR i.removed_at > o.ordered_at) \
                 JOIN instant_coupons c ON c.coupon_id = i.coupon_id AND c.vendor_id = o.vendor_id \
                      AND c.start_at <= o.ordered_at AND o.ordered_at < c.end_at \
                      AND (c.closed_at IS NULL OR c.closed_at > o.ordered_at) \
                 JOIN contracts k ON k.contract_id = c.contract_id \
                 WHERE o.order_id = ?2 AND o.vendor_id = ?3 ORDER BY oi.vendor_item_id, c.coupon_id",
                coupon_cols()
            );
            let rows = c
                .prepare_cached(&q)?
                .query_map(params![now.kst, order_id, vendor_id], |r| Ok((r.get(0)?, coupon_row(r, 1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    async fn wing_user_vendor(&self, user_id: &str) -> Result<Option<String>> {
        self.read(|c| {
            Ok(
                c.prepare_cached("SELECT vendor_id FROM wing_users WHERE user_id = ?1")?
                    .query_row([user_id], |r| r.get(0))
                    .optional()?,
            )
        })
    }

    async fn create_download_coupon(
        &self,
        vendor_id: &str,
        coupon: &NewDownloadCoupon,
        now: &Now,
    ) -> Result<i64> {
        let (vendor_id, coupon, now) = (vendor_id.to_string(), coupon.clone(), now.clone());
        self.write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.prepare_cached(
                "INSERT INTO download_coupons (vendor_id, contract_id, title, start_at, end_at, user_id, created_at, created_ms, state) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'ACTIVE')",
            )?
            .execute(params![
                vendor_id,
                coupon.contract_id,
                coupon.title,
                wing_wire::time::format(coupon.start),
                wing_wire::time::format(coupon.end),
                coupon.user_id,
                now.kst,
                now.domain_ms
            ])?;
            let id = tx.last_insert_rowid();
            let mut insert = tx.prepare_cached(
                "INSERT INTO download_coupon_policies (coupon_id, seq, title, type_of_discount, description, minimum_price, \
                 discount, maximum_discount_price, maximum_per_daily, manage_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            for (i, p) in coupon.policies.iter().enumerate() {
                insert.execute(params![
                    id,
                    i as i64,
                    p.title,
                    p.kind.as_str(),
                    p.description,
                    p.minimum_price,
                    p.discount,
                    p.maximum_discount_price,
                    p.maximum_per_daily,
                    download::manage_code(coupon.contract_id, &vendor_id, now.domain_ms, i)
                ])?;
            }
            drop(insert);
            tx.commit()?;
            Ok(id)
        })
        .await
    }

    async fn download_coupon(&self, coupon_id: i64) -> Result<Option<DownloadCouponRow>> {
        self.read(|c| {
            let row = c
                .prepare_cached(
                    "SELECT coupon_id, vendor_id, contract_id, title, start_at, end_at, user_id, created_at, published_at, state, \
                     (SELECT COUNT(*) FROM download_coupon_items i WHERE i.coupon_id = d.coupon_id) \
                     FROM download_coupons d WHERE coupon_id = ?1",
                )?
                .query_row([coupon_id], |r| {
                    Ok(DownloadCouponRow {
                        coupon_id: r.get(0)?,
                        vendor_id: r.get(1)?,
                        contract_id: r.get(2)?,
                        title: r.get(3)?,
                        start_at: r.get(4)?,
                        end_at: r.get(5)?,
                        user_id: r.get(6)?,
                        created_at: r.get(7)?,
                        published_at: r.get(8)?,
                        state: parse_enum(r.get(9)?, CouponState::parse)?,
                        applied_option_count: r.get(10)?,
                        policies: vec![],
                    })
                })
                .optional()?;
            let Some(mut row) = row else { return Ok(None) };
            row.policies = c
                .prepare_cached(
                    "SELECT title, type_of_discount, description, minimum_price, discount, maximum_discount_price, \
                     maximum_per_daily, manage_code FROM download_coupon_policies WHERE coupon_id = ?1 ORDER BY seq",
                )?
                .query_map([coupon_id], |r| {
                    Ok(PolicyRow {
                        policy: NewPolicy {
                            title: r.get(0)?,
                            kind: parse_enum(r.get(1)?, TypeOfDiscount::parse)?,
                            description: r.get(2)?,
                            minimum_price: r.get(3)?,
                            discount: r.get(4)?,
                            maximum_discount_price: r.get(5)?,
                            maximum_per_daily: r.get(6)?,
                        },
                        manage_code: r.get(7)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(Some(row))
        })
    }
}
