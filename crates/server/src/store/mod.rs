//! Storage. The server is written against [`Store`]; each backend owns its schema and
//! migrations. What a request *does* is not here but in [`crate::engine`], written once against
//! [`crate::engine::UnitOfWork`], which each backend implements over its own transaction.

pub mod sqlite;

use crate::config::DbUrl;
use crate::domain::download::{NewDownloadCoupon, NewPolicy};
use crate::domain::instant::ContractWindow;
use crate::domain::paging::PageRequest;
use crate::engine::{CouponState, Family};
use crate::seed::Seed;
use anyhow::Result;
use async_trait::async_trait;
use std::sync::Arc;
use wing_wire::fms::{
    ContractType, CouponItemStatus, CouponStatus, DiscountType, RequestStatus, RequestType,
};

#[derive(Clone)]
pub struct ApiKey {
    pub access_key: String,
    pub vendor_id: String,
    pub secret_key: String,
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiKey")
            .field("access_key", &self.access_key)
            .field("vendor_id", &self.vendor_id)
            .field("secret_key", &"***")
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContractRow {
    pub contract_id: i64,
    pub vendor_id: String,
    pub vendor_contract_id: Option<i64>,
    pub kind: ContractType,
    pub seller_share_ratio: f64,
    pub coupang_share_ratio: f64,
    pub gmv_ratio: f64,
    pub start: String,
    pub end: String,
    pub use_budget: bool,
    pub monthly_budget: i64,
    pub modified_at: String,
    pub modified_by: String,
}

impl ContractRow {
    /// What the period and ownership rules need of a contract.
    pub fn window(&self) -> ContractWindow<'_> {
        ContractWindow {
            vendor_id: &self.vendor_id,
            start: &self.start,
            end: &self.end,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CouponRow {
    pub coupon_id: i64,
    pub vendor_id: String,
    pub contract_id: i64,
    pub vendor_contract_id: Option<i64>,
    pub name: String,
    pub kind: DiscountType,
    pub discount: i64,
    pub max_discount_price: i64,
    pub start_at: String,
    pub end_at: String,
    pub wow_exclusive: bool,
    /// Derived from the stored state and the clock at read time.
    pub status: CouponStatus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRow {
    pub coupon_item_id: i64,
    pub coupon_id: i64,
    pub vendor_item_id: i64,
    pub start_at: String,
    pub end_at: String,
    pub status: CouponItemStatus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRow {
    pub requested_id: String,
    pub vendor_id: String,
    pub family: Family,
    pub kind: RequestType,
    pub coupon_id: Option<i64>,
    pub status: RequestStatus,
    pub total: i64,
    pub succeeded: i64,
    pub failed: i64,
    pub failures: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DownloadCouponRow {
    pub coupon_id: i64,
    pub vendor_id: String,
    pub contract_id: i64,
    pub title: String,
    pub start_at: String,
    pub end_at: String,
    pub user_id: String,
    pub created_at: String,
    pub published_at: Option<String>,
    pub state: CouponState,
    /// Options attached to it (removed or released ones included).
    pub applied_option_count: i64,
    pub policies: Vec<PolicyRow>,
}

impl DownloadCouponRow {
    /// STANDBY / APPLIED / EXPIRED, from the stored state and the clock.
    pub fn status(&self, now_kst: &str) -> CouponStatus {
        match self.state {
            CouponState::Active if now_kst < self.start_at.as_str() => CouponStatus::Standby,
            CouponState::Active if now_kst < self.end_at.as_str() => CouponStatus::Applied,
            _ => CouponStatus::Expired,
        }
    }
}

/// A stored policy: what D1 accepted, and the code Coupang gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyRow {
    pub policy: NewPolicy,
    pub manage_code: String,
}

/// A request accepted by the HTTP layer, to be applied later by the worker.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub requested_id: String,
    pub vendor_id: String,
    pub family: Family,
    pub kind: RequestType,
    pub coupon_id: Option<i64>,
    /// JSON of the validated command (`NewCoupon`, or the list of vendorItemIds).
    pub payload: String,
    /// What I3/D5 report as `total` while it is pending: 1, or the number of ids sent.
    pub total: i64,
    pub created_at: String,
    /// Wall-clock epoch millis of acceptance; the processing delay counts from it.
    pub created_ms: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueued {
    Accepted,
    /// The request must be alone on its coupon and another one is still `REQUESTED`.
    CouponBusy,
    /// The requestedId was taken (a clash of the random suffix): mint another.
    IdTaken,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKey {
    CouponItemId(i64),
    VendorItemId(i64),
}

/// The clock readings a call needs: domain time (KST text and epoch millis) for coupon windows
/// and Coupang's millis-based codes, wall-clock epoch millis for the queue.
#[derive(Debug, Clone)]
pub struct Now {
    pub kst: String,
    pub domain_ms: i64,
    pub epoch_ms: i64,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// True when no vendor exists yet (the demo seed goes in then).
    async fn is_empty(&self) -> Result<bool>;
    async fn seed(&self, seed: &Seed) -> Result<()>;
    async fn api_key(&self, access_key: &str) -> Result<Option<ApiKey>>;
    async fn contracts(&self, vendor_id: &str) -> Result<Vec<ContractRow>>;
    async fn contract(&self, contract_id: i64) -> Result<Option<ContractRow>>;

    /// Inserts a `REQUESTED` request. With `alone_on_coupon`, only if no other request on the same
    /// coupon is still `REQUESTED` (checked and inserted in one transaction).
    async fn enqueue(&self, request: NewRequest, alone_on_coupon: bool) -> Result<Enqueued>;
    async fn request(&self, requested_id: &str) -> Result<Option<RequestRow>>;
    /// Claims the oldest request accepted at or before `due_ms` (epoch millis), applies it and
    /// records its terminal status, all in one transaction. `None` when nothing is due.
    async fn process_next(&self, now: &Now, due_ms: i64) -> Result<Option<String>>;

    async fn coupon(&self, coupon_id: i64, now: &Now) -> Result<Option<CouponRow>>;
    async fn coupons_by_status(
        &self,
        vendor_id: &str,
        status: CouponStatus,
        page: &PageRequest,
        now: &Now,
    ) -> Result<(Vec<CouponRow>, i64)>;
    async fn coupon_item(&self, coupon_id: i64, key: ItemKey, now: &Now)
        -> Result<Option<ItemRow>>;
    async fn coupon_items_by_status(
        &self,
        coupon_id: i64,
        status: CouponItemStatus,
        page: &PageRequest,
        now: &Now,
    ) -> Result<(Vec<ItemRow>, i64)>;
    /// The vendor a WING login id belongs to.
    async fn wing_user_vendor(&self, user_id: &str) -> Result<Option<String>>;
    /// Creates a downloadable coupon (D1 is synchronous) and returns its id.
    async fn create_download_coupon(
        &self,
        vendor_id: &str,
        coupon: &NewDownloadCoupon,
        now: &Now,
    ) -> Result<i64>;
    async fn download_coupon(&self, coupon_id: i64) -> Result<Option<DownloadCouponRow>>;

    /// The coupons that applied to the items of an order when it was placed.
    async fn order_coupons(
        &self,
        vendor_id: &str,
        order_id: i64,
        now: &Now,
    ) -> Result<Vec<(i64, CouponRow)>>;
}

pub async fn open(url: &DbUrl) -> Result<Arc<dyn Store>> {
    match url {
        DbUrl::SqliteFile(path) => Ok(Arc::new(sqlite::SqliteStore::open_file(path)?)),
        DbUrl::SqliteMemory => Ok(Arc::new(sqlite::SqliteStore::open_memory()?)),
        DbUrl::Postgres(_) => {
            anyhow::bail!("the PostgreSQL backend is not built yet; use sqlite://PATH")
        }
    }
}

/// SQL both backends share: the derived statuses. A coupon's stored `state` is `ACTIVE`,
/// `PAUSED` or `DETACHED`; STANDBY/APPLIED/EXPIRED of an active coupon come from the clock (`?1`).
pub mod sql {
    pub const COUPON_STATUS: &str = "CASE WHEN c.state = 'PAUSED' THEN 'PAUSED' \
         WHEN c.state = 'DETACHED' THEN 'DETACHED' \
         WHEN ?1 < c.start_at THEN 'STANDBY' \
         WHEN ?1 < c.end_at THEN 'APPLIED' ELSE 'EXPIRED' END";

    /// A removed item has ended (EXPIRED); otherwise it carries its coupon's status.
    pub const ITEM_STATUS: &str = "CASE WHEN i.removed_at IS NOT NULL THEN 'EXPIRED' \
         WHEN c.state = 'PAUSED' THEN 'PAUSED' \
         WHEN c.state = 'DETACHED' THEN 'EXPIRED' \
         WHEN ?1 < c.start_at THEN 'STANDBY' \
         WHEN ?1 < c.end_at THEN 'APPLIED' ELSE 'EXPIRED' END";
}
