//! I1–I11: instant discount coupons.

use crate::decode;
use crate::endpoints::query;
use crate::error::Result;
use crate::paging::{all_pages, Page};
use crate::transport::Client;
use futures_util::Stream;
use reqwest::Method;
use wing_wire::fms::{
    CouponItem, CouponItemStatus, CouponStatus, CreateCoupon, InstantCoupon, OrderCoupon,
    RequestState, Requested, VendorItems,
};

/// How I7/I8 find a coupon item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CouponItemKey {
    CouponItemId(i64),
    VendorItemId(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Asc,
    Desc,
}

impl Sort {
    fn as_str(self) -> &'static str {
        match self {
            Sort::Asc => "asc",
            Sort::Desc => "desc",
        }
    }
}

impl Client {
    /// I1. Creates a coupon, asynchronously: wait on the returned `requestedId`.
    pub async fn create_coupon(&self, coupon: &CreateCoupon) -> Result<Requested> {
        let path = self.fms_path("v2", "/coupon");
        let a = self.mutate(Method::POST, &path, "", Some(coupon)).await?;
        Ok(decode::fms(a)?.content)
    }

    /// I2. Expires a coupon, asynchronously. `requestedId` is `null` (and `success` false) while
    /// other requests on the coupon are pending.
    pub async fn expire_coupon(&self, coupon_id: i64) -> Result<Requested> {
        let path = self.fms_path("v1", &format!("/coupons/{coupon_id}"));
        let a = self
            .mutate(Method::PUT, &path, "action=expire", None::<&()>)
            .await?;
        Ok(decode::fms(a)?.content)
    }

    /// I3. The state of an asynchronous request.
    pub async fn request_status(&self, requested_id: &str) -> Result<RequestState> {
        let path = self.fms_path("v1", &format!("/requested/{requested_id}"));
        Ok(decode::fms(self.get(&path, "").await?)?.content)
    }

    /// I4. Adds 1 to 10,000 items to a coupon, asynchronously.
    pub async fn add_items(&self, coupon_id: i64, vendor_items: &[i64]) -> Result<Requested> {
        let path = self.fms_path("v1", &format!("/coupons/{coupon_id}/items"));
        let body = VendorItems {
            vendor_items: vendor_items.to_vec(),
        };
        let a = self.mutate(Method::POST, &path, "", Some(&body)).await?;
        Ok(decode::fms(a)?.content)
    }

    /// I5. Removes items from a coupon, asynchronously (deprecated by Coupang, still served).
    pub async fn remove_items(&self, coupon_id: i64, vendor_items: &[i64]) -> Result<Requested> {
        let path = self.fms_path("v1", &format!("/coupons/{coupon_id}/items"));
        let body = VendorItems {
            vendor_items: vendor_items.to_vec(),
        };
        let a = self
            .mutate(Method::PUT, &path, "action=expire", Some(&body))
            .await?;
        Ok(decode::fms(a)?.content)
    }

    /// I6. One coupon.
    pub async fn coupon(&self, coupon_id: i64) -> Result<InstantCoupon> {
        let q = query([("couponId", Some(coupon_id.to_string()))]);
        Ok(decode::fms(self.get(&self.fms_path("v2", "/coupon"), &q).await?)?.content)
    }

    /// I7 / I8. One item of a coupon, by its couponItemId or by its vendorItemId.
    pub async fn coupon_item(&self, coupon_id: i64, key: CouponItemKey) -> Result<CouponItem> {
        let (id, kind) = match key {
            CouponItemKey::CouponItemId(id) => (id, "couponItemId"),
            CouponItemKey::VendorItemId(id) => (id, "vendorItemId"),
        };
        let path = self.fms_path("v1", &format!("/coupons/{coupon_id}/items/{id}"));
        let q = query([("type", Some(kind.to_string()))]);
        Ok(decode::fms(self.get(&path, &q).await?)?.content)
    }

    /// I9. One page of the coupons in a status. Pages count from **1**.
    pub async fn coupons_page(
        &self,
        status: CouponStatus,
        page: i64,
        size: i64,
        sort: Sort,
    ) -> Result<Page<InstantCoupon>> {
        let q = query([
            ("status", Some(status.as_str().to_string())),
            ("page", Some(page.to_string())),
            ("size", Some(size.to_string())),
            ("sort", Some(sort.as_str().to_string())),
        ]);
        let a = self.get(&self.fms_path("v2", "/coupons"), &q).await?;
        Ok(decode::fms(a)?.into())
    }

    /// I9, every page: the coupons in a status, oldest first, fetched `page_size` at a time
    /// (Coupang serves at most 1000).
    pub fn coupons(
        &self,
        status: CouponStatus,
        page_size: i64,
    ) -> impl Stream<Item = Result<InstantCoupon>> + Send + 'static {
        let c = self.clone();
        all_pages(1, move |page| {
            let c = c.clone();
            async move { c.coupons_page(status, page, page_size, Sort::Asc).await }
        })
    }

    /// I10. The coupons an order used.
    pub async fn order_coupons(&self, order_id: i64) -> Result<Vec<OrderCoupon>> {
        let path = self.fms_path("v2", &format!("/{order_id}/coupons"));
        Ok(decode::fms(self.get(&path, "").await?)?.content)
    }

    /// I11. One page of a coupon's items in a status. Pages count from **0**.
    pub async fn coupon_items_page(
        &self,
        coupon_id: i64,
        status: CouponItemStatus,
        page: i64,
        size: i64,
        sort: Sort,
    ) -> Result<Page<CouponItem>> {
        let q = query([
            ("status", Some(status.as_str().to_string())),
            ("page", Some(page.to_string())),
            ("size", Some(size.to_string())),
            ("sort", Some(sort.as_str().to_string())),
        ]);
        let path = self.fms_path("v1", &format!("/coupons/{coupon_id}/items"));
        Ok(decode::fms(self.get(&path, &q).await?)?.into())
    }

    /// I11, every page, fetched `page_size` at a time (at most 1000).
    pub fn coupon_items(
        &self,
        coupon_id: i64,
        status: CouponItemStatus,
        page_size: i64,
    ) -> impl Stream<Item = Result<CouponItem>> + Send + 'static {
        let c = self.clone();
        all_pages(0, move |page| {
            let c = c.clone();
            async move {
                c.coupon_items_page(coupon_id, status, page, page_size, Sort::Asc)
                    .await
            }
        })
    }
}
