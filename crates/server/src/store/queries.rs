//! Every store operation, written once over [`Conn`]: the SQLite and PostgreSQL backends run
//! these same statements, each on its own connections.

use super::sql::{args, Conn, ReadConn, Row, Value};
use super::uow::{tables, SqlUow};
use super::{
    ApiKey, ContractRow, CouponRow, DownloadCouponRow, Enqueued, ItemKey, ItemRow, NewRequest, Now,
    PolicyRow, RequestRow,
};
use crate::domain::download::{self, NewDownloadCoupon, NewPolicy};
use crate::domain::paging::PageRequest;
use crate::engine::{self, Claimed, CouponState, Family};
use crate::seed::Seed;
use anyhow::{Context, Result};
use wing_wire::download::TypeOfDiscount;
use wing_wire::fms::{
    ContractType, CouponItemStatus, CouponStatus, DiscountType, RequestStatus, RequestType,
};

/// The derived statuses. A coupon's stored `state` is `ACTIVE`, `PAUSED` or `DETACHED`;
/// STANDBY/APPLIED/EXPIRED of an active coupon come from the clock (`?1`).
const COUPON_STATUS: &str = "CASE WHEN c.state = 'PAUSED' THEN 'PAUSED' \
     WHEN c.state = 'DETACHED' THEN 'DETACHED' \
     WHEN ?1 < c.start_at THEN 'STANDBY' \
     WHEN ?1 < c.end_at THEN 'APPLIED' ELSE 'EXPIRED' END";

/// A removed item has ended (EXPIRED); otherwise it carries its coupon's status.
const ITEM_STATUS: &str = "CASE WHEN i.removed_at IS NOT NULL THEN 'EXPIRED' \
     WHEN c.state = 'PAUSED' THEN 'PAUSED' \
     WHEN c.state = 'DETACHED' THEN 'EXPIRED' \
     WHEN ?1 < c.start_at THEN 'STANDBY' \
     WHEN ?1 < c.end_at THEN 'APPLIED' ELSE 'EXPIRED' END";

const CONTRACT_COLS: &str = "contract_id, vendor_id, vendor_contract_id, type, seller_share_ratio, coupang_share_ratio, gmv_ratio, start_at, end_at, use_budget, monthly_budget, modified_at, modified_by";

/// Rows per multi-row INSERT of the seed (both databases take far more parameters than this).
const SEED_BATCH: usize = 500;

fn contract_row(r: &Row) -> Result<ContractRow> {
    Ok(ContractRow {
        contract_id: r.i64(0)?,
        vendor_id: r.text(1)?,
        vendor_contract_id: r.opt_i64(2)?,
        kind: r.parse(3, ContractType::parse)?,
        seller_share_ratio: r.f64(4)?,
        coupang_share_ratio: r.f64(5)?,
        gmv_ratio: r.f64(6)?,
        start: r.text(7)?,
        end: r.text(8)?,
        use_budget: r.bool(9)?,
        monthly_budget: r.i64(10)?,
        modified_at: r.text(11)?,
        modified_by: r.text(12)?,
    })
}

fn coupon_cols() -> String {
    format!(
        "c.coupon_id, c.vendor_id, c.contract_id, k.vendor_contract_id, c.name, c.type, c.discount, \
         c.max_discount_price, c.start_at, c.end_at, c.wow_exclusive, {COUPON_STATUS} AS status"
    )
}

fn coupon_row(r: &Row, at: usize) -> Result<CouponRow> {
    Ok(CouponRow {
        coupon_id: r.i64(at)?,
        vendor_id: r.text(at + 1)?,
        contract_id: r.i64(at + 2)?,
        vendor_contract_id: r.opt_i64(at + 3)?,
        name: r.text(at + 4)?,
        kind: r.parse(at + 5, DiscountType::parse)?,
        discount: r.i64(at + 6)?,
        max_discount_price: r.i64(at + 7)?,
        start_at: r.text(at + 8)?,
        end_at: r.text(at + 9)?,
        wow_exclusive: r.bool(at + 10)?,
        status: r.parse(at + 11, CouponStatus::parse)?,
    })
}

fn item_cols() -> String {
    format!("i.coupon_item_id, i.coupon_id, i.vendor_item_id, c.start_at, c.end_at, {ITEM_STATUS} AS status")
}

fn item_row(r: &Row) -> Result<ItemRow> {
    Ok(ItemRow {
        coupon_item_id: r.i64(0)?,
        coupon_id: r.i64(1)?,
        vendor_item_id: r.i64(2)?,
        start_at: r.text(3)?,
        end_at: r.text(4)?,
        status: r.parse(5, CouponItemStatus::parse)?,
    })
}

fn direction(page: &PageRequest) -> &'static str {
    if page.descending {
        "DESC"
    } else {
        "ASC"
    }
}

fn all<T>(rows: Vec<Row>, f: impl Fn(&Row) -> Result<T>) -> Result<Vec<T>> {
    rows.iter().map(f).collect()
}

pub fn is_empty(c: &mut dyn Conn) -> Result<bool> {
    Ok(c.query_opt("SELECT 1 FROM vendors LIMIT 1", &[])?.is_none())
}

/// Loads `seed` into an empty database, in the caller's transaction; `false` (and nothing
/// written) when another node got there first.
pub fn seed_if_empty(c: &mut dyn Conn, seed: &Seed) -> Result<bool> {
    // Nodes starting together on one database: one seeds, the others find it done.
    c.lock_table("vendors")?;
    if !is_empty(c)? {
        return Ok(false);
    }
    for v in &seed.vendors {
        let id = v.vendor_id.as_str();
        c.execute("INSERT INTO vendors (vendor_id) VALUES (?1)", args![id])
            .with_context(|| format!("vendor {id}"))?;
        for k in &v.keys {
            c.execute(
                "INSERT INTO api_keys (access_key, secret_key, vendor_id) VALUES (?1, ?2, ?3)",
                args![&k.access_key, &k.secret_key, id],
            )
            .with_context(|| format!("access key {}", k.access_key))?;
        }
        for u in &v.users {
            c.execute(
                "INSERT INTO wing_users (user_id, vendor_id) VALUES (?1, ?2)",
                args![u, id],
            )
            .with_context(|| format!("user {u}"))?;
        }
        for k in &v.contracts {
            c.execute(
                &format!("INSERT INTO contracts ({CONTRACT_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"),
                args![
                    k.contract_id,
                    id,
                    k.vendor_contract_id,
                    k.kind.as_str(),
                    k.seller_share_ratio,
                    k.coupang_share_ratio,
                    k.gmv_ratio,
                    &k.start,
                    &k.end,
                    k.use_budget,
                    k.monthly_budget,
                    k.modified_at.as_deref().unwrap_or(&k.start),
                    &k.modified_by,
                ],
            )
            .with_context(|| format!("contract {}", k.contract_id))?;
        }
        let items: Vec<(i64, i64)> = v.all_vendor_items().collect();
        for batch in items.chunks(SEED_BATCH) {
            let values: Vec<String> = (0..batch.len())
                .map(|i| format!("(?{}, ?{}, ?{})", 3 * i + 1, 3 * i + 2, 3 * i + 3))
                .collect();
            let params: Vec<Value> = batch
                .iter()
                .flat_map(|(item, price)| [Value::Int(*item), Value::from(id), Value::Int(*price)])
                .collect();
            c.execute(
                &format!(
                    "INSERT INTO vendor_items (vendor_item_id, vendor_id, price) VALUES {}",
                    values.join(", ")
                ),
                &params,
            )
            .with_context(|| format!("vendor items from {}", batch[0].0))?;
        }
        for o in &v.orders {
            c.execute(
                "INSERT INTO orders (order_id, vendor_id, ordered_at) VALUES (?1, ?2, ?3)",
                args![o.order_id, id, &o.ordered_at],
            )
            .with_context(|| format!("order {}", o.order_id))?;
            for item in &o.vendor_item_ids {
                c.execute(
                    "INSERT INTO order_items (order_id, vendor_item_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                    args![o.order_id, *item],
                )?;
            }
        }
    }
    Ok(true)
}

pub async fn api_key(c: &mut dyn ReadConn, access_key: &str) -> Result<Option<ApiKey>> {
    c.query_opt(
        "SELECT access_key, vendor_id, secret_key FROM api_keys WHERE access_key = ?1",
        args![access_key],
    )
    .await?
    .map(|r| {
        Ok(ApiKey {
            access_key: r.text(0)?,
            vendor_id: r.text(1)?,
            secret_key: r.text(2)?,
        })
    })
    .transpose()
}

pub async fn contracts(c: &mut dyn ReadConn, vendor_id: &str) -> Result<Vec<ContractRow>> {
    let rows = c
        .query(
            &format!(
                "SELECT {CONTRACT_COLS} FROM contracts WHERE vendor_id = ?1 ORDER BY contract_id"
            ),
            args![vendor_id],
        )
        .await?;
    all(rows, contract_row)
}

pub async fn contract(c: &mut dyn ReadConn, contract_id: i64) -> Result<Option<ContractRow>> {
    c.query_opt(
        &format!("SELECT {CONTRACT_COLS} FROM contracts WHERE contract_id = ?1"),
        args![contract_id],
    )
    .await?
    .as_ref()
    .map(contract_row)
    .transpose()
}

/// In the caller's transaction.
pub fn enqueue(c: &mut dyn Conn, r: &NewRequest, alone_on_coupon: bool) -> Result<Enqueued> {
    if alone_on_coupon {
        // Two nodes checking the same coupon at once: the coupon's row lock orders them.
        let (coupons, _) = tables(r.family);
        let lock = format!(
            "SELECT 1 FROM {coupons} WHERE coupon_id = ?1{}",
            c.dialect().row_lock()
        );
        c.query(&lock, args![r.coupon_id])?;
        let busy = c
            .query_opt(
                "SELECT 1 FROM requests WHERE coupon_id = ?1 AND status = 'REQUESTED' LIMIT 1",
                args![r.coupon_id],
            )?
            .is_some();
        if busy {
            return Ok(Enqueued::CouponBusy);
        }
    }
    let inserted = c.execute(
        "INSERT INTO requests (requested_id, vendor_id, type, coupon_id, status, total, payload, created_at, created_ms, family) \
         VALUES (?1, ?2, ?3, ?4, 'REQUESTED', ?5, ?6, ?7, ?8, ?9) ON CONFLICT (requested_id) DO NOTHING",
        args![
            &r.requested_id,
            &r.vendor_id,
            r.kind.as_str(),
            r.coupon_id,
            r.total,
            &r.payload,
            &r.created_at,
            r.created_ms,
            r.family.as_str()
        ],
    )?;
    Ok(if inserted == 0 {
        Enqueued::IdTaken
    } else {
        Enqueued::Accepted
    })
}

pub async fn request(c: &mut dyn ReadConn, requested_id: &str) -> Result<Option<RequestRow>> {
    let Some(r) = c.query_opt(
        "SELECT requested_id, vendor_id, type, coupon_id, status, total, succeeded, failed, family \
         FROM requests WHERE requested_id = ?1",
        args![requested_id],
    ).await?
    else {
        return Ok(None);
    };
    let mut row = RequestRow {
        requested_id: r.text(0)?,
        vendor_id: r.text(1)?,
        kind: r.parse(2, RequestType::parse)?,
        coupon_id: r.opt_i64(3)?,
        status: r.parse(4, RequestStatus::parse)?,
        total: r.i64(5)?,
        succeeded: r.i64(6)?,
        failed: r.i64(7)?,
        family: r.parse(8, Family::parse)?,
        failures: vec![],
    };
    if row.failed > 0 {
        let rows = c.query(
            "SELECT vendor_item_id, reason FROM request_failures WHERE requested_id = ?1 ORDER BY seq",
            args![requested_id],
        ).await?;
        row.failures = all(rows, |r| Ok((r.i64(0)?, r.text(1)?)))?;
    }
    Ok(Some(row))
}

/// Claims the oldest due request, applies it and records its end, in the caller's transaction.
pub fn process_next(c: &mut dyn Conn, now: &Now, due_ms: i64) -> Result<Option<String>> {
    let claim = format!(
        "SELECT requested_id, vendor_id, type, coupon_id, payload, family FROM requests \
         WHERE status = 'REQUESTED' AND created_ms <= ?1 ORDER BY seq LIMIT 1{}",
        c.dialect().claim_lock()
    );
    let Some(r) = c.query_opt(&claim, args![due_ms])? else {
        return Ok(None);
    };
    let req = Claimed {
        requested_id: r.text(0)?,
        vendor_id: r.text(1)?,
        kind: r.parse(2, RequestType::parse)?,
        coupon_id: r.opt_i64(3)?,
        payload: r.text(4)?,
        family: r.parse(5, Family::parse)?,
    };
    engine::process(&mut SqlUow(c), &req, &now.kst)?;
    Ok(Some(req.requested_id))
}

pub async fn coupon(c: &mut dyn ReadConn, coupon_id: i64, now: &Now) -> Result<Option<CouponRow>> {
    let q = format!(
        "SELECT {} FROM instant_coupons c JOIN contracts k ON k.contract_id = c.contract_id WHERE c.coupon_id = ?2",
        coupon_cols()
    );
    c.query_opt(&q, args![&now.kst, coupon_id])
        .await?
        .map(|r| coupon_row(&r, 0))
        .transpose()
}

pub async fn coupons_by_status(
    c: &mut dyn ReadConn,
    vendor_id: &str,
    status: CouponStatus,
    page: &PageRequest,
    now: &Now,
) -> Result<(Vec<CouponRow>, i64)> {
    let filter = format!("c.vendor_id = ?2 AND ({COUPON_STATUS}) = ?3");
    let from = "instant_coupons c JOIN contracts k ON k.contract_id = c.contract_id";
    let q = format!(
        "SELECT {}{} FROM {from} WHERE {filter} ORDER BY c.coupon_id {} LIMIT ?4 OFFSET ?5",
        coupon_cols(),
        window_total(c),
        direction(page)
    );
    let count = format!("SELECT COUNT(*) FROM instant_coupons c WHERE {filter}");
    let (rows, total) = paged(
        c,
        &q,
        args![&now.kst, vendor_id, status.as_str(), page.size, page.offset],
        &count,
        12,
    )
    .await?;
    Ok((all(rows, |r| coupon_row(r, 0))?, total))
}

fn window_total(c: &dyn ReadConn) -> &'static str {
    if c.dialect().window_total() {
        ", COUNT(*) OVER ()"
    } else {
        ""
    }
}

/// A page and its total: the `COUNT(*) OVER ()` column (`total_column`) where the dialect
/// prefers it, else (and for a page past the end, which has no rows) the count statement. The
/// count takes the page's parameters but the last two (`LIMIT`, `OFFSET`).
async fn paged(
    c: &mut dyn ReadConn,
    page: &str,
    args: &[Value],
    count: &str,
    total_column: usize,
) -> Result<(Vec<Row>, i64)> {
    let rows = c.query(page, args).await?;
    let total = match rows.first() {
        Some(r) if c.dialect().window_total() => r.i64(total_column)?,
        _ => c.query_one(count, &args[..args.len() - 2]).await?.i64(0)?,
    };
    Ok((rows, total))
}

pub async fn coupon_item(
    c: &mut dyn ReadConn,
    coupon_id: i64,
    key: ItemKey,
    now: &Now,
) -> Result<Option<ItemRow>> {
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
    c.query_opt(&q, args![&now.kst, coupon_id, id])
        .await?
        .as_ref()
        .map(item_row)
        .transpose()
}

pub async fn coupon_items_by_status(
    c: &mut dyn ReadConn,
    coupon_id: i64,
    status: CouponItemStatus,
    page: &PageRequest,
    now: &Now,
) -> Result<(Vec<ItemRow>, i64)> {
    let filter = format!("i.coupon_id = ?2 AND ({ITEM_STATUS}) = ?3");
    let from = "instant_coupon_items i JOIN instant_coupons c ON c.coupon_id = i.coupon_id";
    let q = format!(
        "SELECT {}{} FROM {from} WHERE {filter} ORDER BY i.coupon_item_id {} LIMIT ?4 OFFSET ?5",
        item_cols(),
        window_total(c),
        direction(page)
    );
    let count = format!("SELECT COUNT(*) FROM {from} WHERE {filter}");
    let (rows, total) = paged(
        c,
        &q,
        args![&now.kst, coupon_id, status.as_str(), page.size, page.offset],
        &count,
        6,
    )
    .await?;
    Ok((all(rows, item_row)?, total))
}

pub async fn order_coupons(
    c: &mut dyn ReadConn,
    vendor_id: &str,
    order_id: i64,
    now: &Now,
) -> Result<Vec<(i64, CouponRow)>> {
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
    let rows = c.query(&q, args![&now.kst, order_id, vendor_id]).await?;
    all(rows, |r| Ok((r.i64(0)?, coupon_row(r, 1)?)))
}

pub async fn wing_user_vendor(c: &mut dyn ReadConn, user_id: &str) -> Result<Option<String>> {
    c.query_opt(
        "SELECT vendor_id FROM wing_users WHERE user_id = ?1",
        args![user_id],
    )
    .await?
    .map(|r| r.text(0))
    .transpose()
}

/// In the caller's transaction.
pub fn create_download_coupon(
    c: &mut dyn Conn,
    vendor_id: &str,
    coupon: &NewDownloadCoupon,
    now: &Now,
) -> Result<i64> {
    let id = c
        .query_one(
            "INSERT INTO download_coupons (vendor_id, contract_id, title, start_at, end_at, user_id, created_at, created_ms, state) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'ACTIVE') RETURNING coupon_id",
            args![
                vendor_id,
                coupon.contract_id,
                &coupon.title,
                wing_wire::time::format(coupon.start),
                wing_wire::time::format(coupon.end),
                &coupon.user_id,
                &now.kst,
                now.domain_ms
            ],
        )?
        .i64(0)?;
    for (i, p) in coupon.policies.iter().enumerate() {
        c.execute(
            "INSERT INTO download_coupon_policies (coupon_id, seq, title, type_of_discount, description, minimum_price, \
             discount, maximum_discount_price, maximum_per_daily, manage_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            args![
                id,
                i,
                &p.title,
                p.kind.as_str(),
                &p.description,
                p.minimum_price,
                p.discount,
                p.maximum_discount_price,
                p.maximum_per_daily,
                download::manage_code(coupon.contract_id, vendor_id, now.domain_ms, i)
            ],
        )?;
    }
    Ok(id)
}

pub async fn download_coupon(
    c: &mut dyn ReadConn,
    coupon_id: i64,
) -> Result<Option<DownloadCouponRow>> {
    let Some(r) = c.query_opt(
        "SELECT coupon_id, vendor_id, contract_id, title, start_at, end_at, user_id, created_at, published_at, state, \
         (SELECT COUNT(*) FROM download_coupon_items i WHERE i.coupon_id = d.coupon_id) \
         FROM download_coupons d WHERE coupon_id = ?1",
        args![coupon_id],
    ).await?
    else {
        return Ok(None);
    };
    let policies = c.query(
        "SELECT title, type_of_discount, description, minimum_price, discount, maximum_discount_price, \
         maximum_per_daily, manage_code FROM download_coupon_policies WHERE coupon_id = ?1 ORDER BY seq",
        args![coupon_id],
    ).await?;
    Ok(Some(DownloadCouponRow {
        coupon_id: r.i64(0)?,
        vendor_id: r.text(1)?,
        contract_id: r.i64(2)?,
        title: r.text(3)?,
        start_at: r.text(4)?,
        end_at: r.text(5)?,
        user_id: r.text(6)?,
        created_at: r.text(7)?,
        published_at: r.opt_text(8)?,
        state: r.parse(9, CouponState::parse)?,
        applied_option_count: r.i64(10)?,
        policies: all(policies, |p| {
            Ok(PolicyRow {
                policy: NewPolicy {
                    title: p.text(0)?,
                    kind: p.parse(1, TypeOfDiscount::parse)?,
                    description: p.text(2)?,
                    minimum_price: p.i64(3)?,
                    discount: p.i64(4)?,
                    maximum_discount_price: p.i64(5)?,
                    maximum_per_daily: p.i64(6)?,
                },
                manage_code: p.text(7)?,
            })
        })?,
    }))
}
