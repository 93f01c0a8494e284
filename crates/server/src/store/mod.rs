//! Storage. The server is written against [`Store`], implemented once by [`SqlStore`] over the
//! shared statements of [`queries`] and [`uow`]. A [`Backend`] (SQLite, PostgreSQL) owns its
//! connections, transactions, schema and migrations, and nothing else. What a request *does* is
//! in [`crate::engine`], written once against [`crate::engine::UnitOfWork`].

pub mod postgres;
pub mod queries;
pub mod sql;
pub mod sqlite;
pub mod uow;

use crate::config::DbUrl;
use crate::domain::download::{NewDownloadCoupon, NewPolicy};
use crate::domain::instant::ContractWindow;
use crate::domain::paging::PageRequest;
use crate::engine::{CouponState, Family};
use crate::seed::Seed;
use anyhow::Result;
use async_trait::async_trait;
use sql::{Conn, ReadConn, ReadFuture};
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
    /// Loads `seed` if no vendor exists yet; whether it did. Nodes starting together on one
    /// database seed it once.
    async fn seed_if_empty(&self, seed: &Seed) -> Result<bool>;
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

pub async fn open(url: &DbUrl, pool_size: usize) -> Result<Arc<dyn Store>> {
    match url {
        DbUrl::SqliteFile(path) => Ok(Arc::new(SqlStore(sqlite::SqliteBackend::open_file(path)?))),
        DbUrl::SqliteMemory => Ok(Arc::new(SqlStore(sqlite::SqliteBackend::open_memory()?))),
        DbUrl::Postgres(url) => Ok(Arc::new(SqlStore(
            postgres::PgBackend::open(url, pool_size).await?,
        ))),
    }
}

/// Where the shared statements run: a backend's connections and transactions.
#[async_trait]
pub trait Backend: Send + Sync + 'static {
    /// Runs the read `f` on a connection. A backend may run it again on a fresh connection when
    /// the first one was lost, so `f` must only read.
    async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: for<'c> Fn(&'c mut dyn ReadConn) -> ReadFuture<'c, T> + Send + Sync + 'static;

    /// Runs `f` in a transaction, committed when `f` succeeds and rolled back when it fails.
    async fn write<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Conn) -> Result<T> + Send + 'static;
}

/// The one [`Store`]: the shared statements on a backend.
pub struct SqlStore<B>(pub B);

#[async_trait]
impl<B: Backend> Store for SqlStore<B> {
    async fn seed_if_empty(&self, seed: &Seed) -> Result<bool> {
        let seed = seed.clone();
        self.0
            .write(move |c| queries::seed_if_empty(c, &seed))
            .await
    }

    async fn api_key(&self, access_key: &str) -> Result<Option<ApiKey>> {
        let key = access_key.to_string();
        self.0
            .read(move |c| {
                let key = key.clone();
                Box::pin(async move { queries::api_key(c, &key).await })
            })
            .await
    }

    async fn contracts(&self, vendor_id: &str) -> Result<Vec<ContractRow>> {
        let vendor = vendor_id.to_string();
        self.0
            .read(move |c| {
                let vendor = vendor.clone();
                Box::pin(async move { queries::contracts(c, &vendor).await })
            })
            .await
    }

    async fn contract(&self, contract_id: i64) -> Result<Option<ContractRow>> {
        self.0
            .read(move |c| Box::pin(async move { queries::contract(c, contract_id).await }))
            .await
    }

    async fn enqueue(&self, request: NewRequest, alone_on_coupon: bool) -> Result<Enqueued> {
        self.0
            .write(move |c| queries::enqueue(c, &request, alone_on_coupon))
            .await
    }

    async fn request(&self, requested_id: &str) -> Result<Option<RequestRow>> {
        let id = requested_id.to_string();
        self.0
            .read(move |c| {
                let id = id.clone();
                Box::pin(async move { queries::request(c, &id).await })
            })
            .await
    }

    async fn process_next(&self, now: &Now, due_ms: i64) -> Result<Option<String>> {
        let now = now.clone();
        self.0
            .write(move |c| queries::process_next(c, &now, due_ms))
            .await
    }

    async fn coupon(&self, coupon_id: i64, now: &Now) -> Result<Option<CouponRow>> {
        let now = now.clone();
        self.0
            .read(move |c| {
                let now = now.clone();
                Box::pin(async move { queries::coupon(c, coupon_id, &now).await })
            })
            .await
    }

    async fn coupons_by_status(
        &self,
        vendor_id: &str,
        status: CouponStatus,
        page: &PageRequest,
        now: &Now,
    ) -> Result<(Vec<CouponRow>, i64)> {
        let (vendor, page, now) = (vendor_id.to_string(), *page, now.clone());
        self.0
            .read(move |c| {
                let vendor = vendor.clone();
                let now = now.clone();
                Box::pin(async move {
                    queries::coupons_by_status(c, &vendor, status, &page, &now).await
                })
            })
            .await
    }

    async fn coupon_item(
        &self,
        coupon_id: i64,
        key: ItemKey,
        now: &Now,
    ) -> Result<Option<ItemRow>> {
        let now = now.clone();
        self.0
            .read(move |c| {
                let now = now.clone();
                Box::pin(async move { queries::coupon_item(c, coupon_id, key, &now).await })
            })
            .await
    }

    async fn coupon_items_by_status(
        &self,
        coupon_id: i64,
        status: CouponItemStatus,
        page: &PageRequest,
        now: &Now,
    ) -> Result<(Vec<ItemRow>, i64)> {
        let (page, now) = (*page, now.clone());
        self.0
            .read(move |c| {
                let now = now.clone();
                Box::pin(async move {
                    queries::coupon_items_by_status(c, coupon_id, status, &page, &now).await
                })
            })
            .await
    }

    async fn wing_user_vendor(&self, user_id: &str) -> Result<Option<String>> {
        let user = user_id.to_string();
        self.0
            .read(move |c| {
                let user = user.clone();
                Box::pin(async move { queries::wing_user_vendor(c, &user).await })
            })
            .await
    }

    async fn create_download_coupon(
        &self,
        vendor_id: &str,
        coupon: &NewDownloadCoupon,
        now: &Now,
    ) -> Result<i64> {
        let (vendor, coupon, now) = (vendor_id.to_string(), coupon.clone(), now.clone());
        self.0
            .write(move |c| queries::create_download_coupon(c, &vendor, &coupon, &now))
            .await
    }

    async fn download_coupon(&self, coupon_id: i64) -> Result<Option<DownloadCouponRow>> {
        self.0
            .read(move |c| Box::pin(async move { queries::download_coupon(c, coupon_id).await }))
            .await
    }

    async fn order_coupons(
        &self,
        vendor_id: &str,
        order_id: i64,
        now: &Now,
    ) -> Result<Vec<(i64, CouponRow)>> {
        let (vendor, now) = (vendor_id.to_string(), now.clone());
        self.0
            .read(move |c| {
                let vendor = vendor.clone();
                let now = now.clone();
                Box::pin(async move { queries::order_coupons(c, &vendor, order_id, &now).await })
            })
            .await
    }
}
