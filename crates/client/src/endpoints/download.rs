//! D1–D5: downloadable coupons.

use crate::decode;
use crate::endpoints::{query, MARKETPLACE};
use crate::error::Result;
use crate::transport::Client;
use reqwest::Method;
use wing_wire::download::{
    AddItems, Coupon, CreateCoupon, CreatedCoupon, Expire, RequestResult, TransactionState,
    TransactionStatus,
};

impl Client {
    /// D1. Creates a downloadable coupon (synchronous).
    pub async fn create_download_coupon(&self, coupon: &CreateCoupon) -> Result<CreatedCoupon> {
        let path = format!("{MARKETPLACE}/coupons");
        decode::bare(self.mutate(Method::POST, &path, "", Some(coupon)).await?)
    }

    /// D2. Adds items (at most 100 per coupon entry). One result per entry; each accepted entry
    /// has a `requestTransactionId` to wait on.
    pub async fn add_download_items(&self, items: &AddItems) -> Result<Vec<RequestResult>> {
        let path = format!("{MARKETPLACE}/coupon-items");
        decode::batch(self.mutate(Method::PUT, &path, "", Some(items)).await?)
    }

    /// D3. Expires downloadable coupons. One result per entry.
    pub async fn expire_download_coupons(&self, list: &Expire) -> Result<Vec<RequestResult>> {
        let path = format!("{MARKETPLACE}/coupons/expire");
        decode::batch(self.mutate(Method::POST, &path, "", Some(list)).await?)
    }

    /// D4. One downloadable coupon.
    pub async fn download_coupon(&self, coupon_id: i64) -> Result<Coupon> {
        let path = format!("{MARKETPLACE}/coupons/{coupon_id}");
        decode::bare(self.get(&path, "").await?)
    }

    /// D5. The state of a D2/D3 request.
    pub async fn transaction_status(&self, transaction_id: &str) -> Result<TransactionState> {
        let path = format!("{MARKETPLACE}/coupons/transactionStatus");
        let q = query([("requestTransactionId", Some(transaction_id.to_string()))]);
        let s: TransactionStatus = decode::bare(self.get(&path, &q).await?)?;
        Ok(s.transaction_status_response)
    }
}
