//! C1 budgets, C2 one contract, C3 all contracts.

use crate::auth::Caller;
use crate::domain::messages;
use crate::error::{ApiError, ApiResult};
use crate::http::{ok, parse_long, Query};
use crate::state::AppState;
use crate::store::ContractRow;
use axum::extract::State;
use axum::response::Response;
use axum::Extension;
use chrono::{Datelike, NaiveDate};
use wing_wire::fms::{Budget, Contract};
use wing_wire::lenient::{Amount2, Ratio};

fn to_wire(c: ContractRow) -> Contract {
    Contract {
        contract_id: c.contract_id,
        vendor_contract_id: c.vendor_contract_id,
        seller_id: c.vendor_id,
        seller_share_ratio: Ratio(c.seller_share_ratio),
        coupang_share_ratio: Ratio(c.coupang_share_ratio),
        gmv_ratio: Ratio(c.gmv_ratio),
        start: c.start,
        end: c.end,
        kind: c.kind,
        use_budget: c.use_budget,
        modified_at: c.modified_at,
        modified_by: c.modified_by,
    }
}

/// C3 `GET /v2/providers/fms/apis/api/v2/vendors/{vendorId}/contract/list`
pub async fn contract_list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> ApiResult<Response> {
    let rows = state.store.contracts(&caller.vendor_id).await?;
    Ok(ok(rows.into_iter().map(to_wire).collect::<Vec<_>>()))
}

/// C2 `GET /v2/providers/fms/apis/api/v2/vendors/{vendorId}/contract?contractId=`
pub async fn contract(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Query,
) -> ApiResult<Response> {
    let id = q.required_long("contractId")?;
    match state.store.contract(id).await? {
        Some(c) if c.vendor_id == caller.vendor_id => Ok(ok(to_wire(c))),
        _ => Err(ApiError::bad_request(messages::contract_not_owned(
            id,
            &caller.vendor_id,
        ))),
    }
}

/// The first and last day of a `yyyy-MM` month.
fn month_bounds(month: &str) -> Option<(String, String)> {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    if month.len() != 7 {
        return None;
    }
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)?
    };
    Some((format!("{first} 00:00:00"), format!("{next} 00:00:00")))
}

/// C1 `GET /v2/providers/fms/apis/api/v1/vendors/{vendorId}/budgets?contractId=&targetMonth=`
///
/// One row per contract in force during the month. `contractId=-1` means the free contract.
/// Nothing spends budget yet (no order settles a coupon), so `usedBudgetAmount` is 0.00.
pub async fn budgets(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    q: Query,
) -> ApiResult<Response> {
    let contract_filter = q.get("contractId").map(parse_long).transpose()?;
    let month = match q.get("targetMonth") {
        Some(m) => m.to_string(),
        None => state.clock.now_kst().format("%Y-%m").to_string(),
    };
    let (from, until) =
        month_bounds(&month).ok_or_else(|| ApiError::bad_request(messages::TARGET_MONTH))?;
    let rows = state.store.contracts(&caller.vendor_id).await?;
    let budgets: Vec<Budget> = rows
        .into_iter()
        .filter(|c| match contract_filter {
            None => true,
            Some(-1) => c.vendor_contract_id == Some(-1),
            Some(id) => c.contract_id == id,
        })
        .filter(|c| c.start < until && c.end >= from)
        .map(|c| Budget {
            contract_id: c.contract_id,
            target_month: month.clone(),
            vendor_share_ratio: c.seller_share_ratio,
            total_budget_amount: c.monthly_budget,
            used_budget_amount: Amount2(0.0),
        })
        .collect();
    Ok(ok(budgets))
}
