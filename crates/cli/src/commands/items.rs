//! `items …`: the items of instant coupons (I4, I5, I7, I8, I11).

use crate::bulk::{self, BulkArgs, Family};
use crate::commands::coupons::accepted;
use crate::commands::WaitArgs;
use crate::exit::CliResult;
use crate::output::Out;
use clap::Subcommand;
use futures_util::TryStreamExt;
use wing_client::wire::fms::{CouponItem, CouponItemStatus};
use wing_client::{Client, CouponItemKey, Sort};

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Add items (I4), any number: ids from arguments, a CSV/text file or stdin, sent 10,000 per
    /// request. Always waits for every request, prints a summary and can write a failures report;
    /// re-running resumes instead of resending.
    Add(BulkArgs),
    /// Remove items from a coupon (I5, asynchronous; deprecated by Coupang).
    Remove {
        /// The couponId.
        coupon_id: i64,
        /// Vendor item ids.
        #[arg(required = true)]
        ids: Vec<i64>,
        #[command(flatten)]
        wait: WaitArgs,
    },
    /// One item of a coupon, by couponItemId (I7) or vendorItemId (I8).
    Get {
        /// The couponId.
        coupon_id: i64,
        /// Find the item by its couponItemId (I7).
        #[arg(
            long,
            required_unless_present = "vendor_item_id",
            conflicts_with = "vendor_item_id"
        )]
        coupon_item_id: Option<i64>,
        /// Find the item by its vendorItemId (I8).
        #[arg(long)]
        vendor_item_id: Option<i64>,
    },
    /// A coupon's items in a status (I11); every page unless --page is given.
    List {
        /// The couponId.
        coupon_id: i64,
        /// STANDBY, APPLIED, PAUSED or EXPIRED.
        #[arg(long, value_parser = CouponItemStatus::NAMES.to_vec())]
        status: String,
        /// Only this page (from 0).
        #[arg(long)]
        page: Option<i64>,
        /// Page size (at most 1000).
        #[arg(long, default_value_t = 1000)]
        size: i64,
    },
}

fn row(i: &CouponItem) -> Vec<String> {
    vec![
        i.coupon_item_id.to_string(),
        i.vendor_item_id.to_string(),
        i.status.to_string(),
        i.start_at.clone(),
        i.end_at.clone(),
    ]
}

const HEADER: &[&str] = &["couponItemId", "vendorItemId", "status", "startAt", "endAt"];

pub async fn run(cmd: Cmd, client: &Client, out: Out) -> CliResult<()> {
    match cmd {
        Cmd::Add(args) => bulk::run(client, Family::Instant, String::new(), args, out).await,
        Cmd::Remove {
            coupon_id,
            ids,
            wait,
        } => {
            let r = client.remove_items(coupon_id, &ids).await?;
            accepted(client, out, r, wait, "the removal was not accepted").await
        }
        Cmd::Get {
            coupon_id,
            coupon_item_id,
            vendor_item_id,
        } => {
            let key = match (coupon_item_id, vendor_item_id) {
                (Some(id), _) => CouponItemKey::CouponItemId(id),
                (None, Some(id)) => CouponItemKey::VendorItemId(id),
                (None, None) => unreachable!("clap requires one"),
            };
            out.record(&client.coupon_item(coupon_id, key).await?);
            Ok(())
        }
        Cmd::List {
            coupon_id,
            status,
            page,
            size,
        } => {
            let status = CouponItemStatus::parse(&status).expect("clap checked it");
            let all: Vec<CouponItem> = match page {
                Some(p) => {
                    client
                        .coupon_items_page(coupon_id, status, p, size, Sort::Asc)
                        .await?
                        .items
                }
                None => {
                    client
                        .coupon_items(coupon_id, status, size)
                        .try_collect()
                        .await?
                }
            };
            out.show(&all, HEADER, all.iter().map(row).collect());
            Ok(())
        }
    }
}
