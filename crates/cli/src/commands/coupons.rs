//! `coupons …`: instant discount coupons (I1, I2, I6, I9, I10).

use crate::commands::{finish, WaitArgs};
use crate::exit::{CliError, CliResult};
use crate::output::Out;
use clap::Subcommand;
use futures_util::TryStreamExt;
use wing_client::wire::fms::{CouponStatus, CreateCoupon, DiscountType, InstantCoupon, Requested};
use wing_client::{Client, Sort};

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Create a coupon (I1, asynchronous).
    Create(CreateArgs),
    /// One coupon (I6).
    Get {
        /// The couponId.
        coupon_id: i64,
    },
    /// Coupons in a status (I9); every page unless --page is given.
    List(ListArgs),
    /// Expire (pause) a coupon (I2, asynchronous).
    Expire {
        /// The couponId.
        coupon_id: i64,
        #[command(flatten)]
        wait: WaitArgs,
    },
    /// The coupons an order used (I10).
    ByOrder {
        /// The orderId.
        order_id: i64,
    },
}

#[derive(clap::Args, Debug)]
pub struct CreateArgs {
    /// The contract to charge (see `contracts list`).
    #[arg(long)]
    contract_id: i64,
    /// The coupon's name (promotion name).
    #[arg(long)]
    name: String,
    /// RATE (percent), PRICE (won) or FIXED_WITH_QUANTITY.
    #[arg(long = "type", value_parser = DiscountType::NAMES.to_vec())]
    kind: String,
    /// The discount: percent for RATE, won otherwise.
    #[arg(long)]
    discount: i64,
    /// The largest discount in won.
    #[arg(long)]
    max_discount_price: i64,
    /// Start, "yyyy-MM-dd HH:mm:ss" (KST).
    #[arg(long)]
    start: String,
    /// End, "yyyy-MM-dd HH:mm:ss" (KST).
    #[arg(long)]
    end: String,
    /// Only for Rocket WOW members.
    #[arg(long)]
    wow_exclusive: bool,
    #[command(flatten)]
    wait: WaitArgs,
}

#[derive(clap::Args, Debug)]
pub struct ListArgs {
    /// STANDBY, APPLIED, PAUSED, EXPIRED or DETACHED.
    #[arg(long, value_parser = CouponStatus::NAMES.to_vec())]
    status: String,
    /// Only this page (from 1).
    #[arg(long)]
    page: Option<i64>,
    /// Page size (at most 1000).
    #[arg(long, default_value_t = 100)]
    size: i64,
    /// Newest first.
    #[arg(long)]
    desc: bool,
}

pub const HEADER: &[&str] = &[
    "couponId",
    "name",
    "status",
    "type",
    "discount",
    "maxDiscountPrice",
    "startAt",
    "endAt",
];

pub fn row(c: &InstantCoupon) -> Vec<String> {
    vec![
        c.coupon_id.to_string(),
        c.promotion_name.clone().unwrap_or_default(),
        c.status.to_string(),
        c.kind.to_string(),
        c.discount.to_string(),
        c.max_discount_price.to_string(),
        c.start_at.clone(),
        c.end_at.clone(),
    ]
}

/// An accepted request: waits for it when asked, else prints its id.
pub async fn accepted(
    client: &Client,
    out: Out,
    r: Requested,
    wait: WaitArgs,
    busy: &str,
) -> CliResult<()> {
    let Some(id) = r.requested_id.clone().filter(|_| r.success) else {
        out.record(&r);
        return Err(CliError::Usage(busy.to_string()));
    };
    if !wait.wait {
        if out.json {
            out.json(&r);
        } else {
            println!("accepted: requestedId {id} (wing-coupons requests get {id} --wait)");
        }
        return Ok(());
    }
    finish(out, &client.wait_for_request(&id, wait.options()).await?)
}

pub async fn run(cmd: Cmd, client: &Client, out: Out) -> CliResult<()> {
    match cmd {
        Cmd::Create(a) => {
            let body = CreateCoupon {
                contract_id: a.contract_id,
                name: a.name,
                max_discount_price: a.max_discount_price,
                discount: a.discount,
                start_at: a.start,
                end_at: a.end,
                kind: DiscountType::parse(&a.kind).expect("clap checked it"),
                wow_exclusive: a.wow_exclusive,
            };
            let r = client.create_coupon(&body).await?;
            accepted(client, out, r, a.wait, "the coupon was not accepted").await
        }
        Cmd::Get { coupon_id } => {
            out.record(&client.coupon(coupon_id).await?);
            Ok(())
        }
        Cmd::List(a) => {
            let status = CouponStatus::parse(&a.status).expect("clap checked it");
            let sort = if a.desc { Sort::Desc } else { Sort::Asc };
            let all: Vec<InstantCoupon> = match a.page {
                Some(p) => client.coupons_page(status, p, a.size, sort).await?.items,
                None if a.desc => {
                    let mut v: Vec<_> = client.coupons(status, a.size).try_collect().await?;
                    v.reverse();
                    v
                }
                None => client.coupons(status, a.size).try_collect().await?,
            };
            out.show(&all, HEADER, all.iter().map(row).collect());
            Ok(())
        }
        Cmd::Expire { coupon_id, wait } => {
            let r = client.expire_coupon(coupon_id).await?;
            accepted(
                client,
                out,
                r,
                wait,
                "not accepted: other requests on this coupon are still pending; retry when they are done",
            )
            .await
        }
        Cmd::ByOrder { order_id } => {
            let all = client.order_coupons(order_id).await?;
            let rows = all
                .iter()
                .map(|c| {
                    vec![
                        c.vendor_item_id.to_string(),
                        c.coupon_id.to_string(),
                        c.promotion_name.clone().unwrap_or_default(),
                        c.status.to_string(),
                        c.kind.to_string(),
                        c.discount.to_string(),
                    ]
                })
                .collect();
            out.show(
                &all,
                &[
                    "vendorItemId",
                    "couponId",
                    "name",
                    "status",
                    "type",
                    "discount",
                ],
                rows,
            );
            Ok(())
        }
    }
}
