//! D5 request status.

use super::say;
use crate::auth::Caller;
use crate::domain::download::msg;
use crate::domain::lang::Lang;
use crate::engine::Family;
use crate::error::{json, ApiError, ApiResult};
use crate::http::Query;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use wing_wire::download::{FailedItem, TransactionState, TransactionStatus};

/// D5 `GET /v2/providers/marketplace_openapi/apis/api/v1/coupons/transactionStatus?requestTransactionId=`
pub async fn status(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    lang: Lang,
    q: Query,
) -> ApiResult<Response> {
    let id = q
        .required("String", "requestTransactionId")
        .map_err(|e| e.in_download_shape(false))?;
    // Documented: an unknown id is a 500 "system error".
    let row = state
        .store
        .request(id)
        .await?
        .filter(|r| r.family == Family::Download && r.vendor_id == caller.vendor_id)
        .ok_or_else(|| ApiError::DownloadObject {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: say(lang, msg::system_error()),
        })?;
    Ok(json(
        StatusCode::OK,
        &TransactionStatus {
            transaction_status_response: TransactionState {
                kind: row.kind,
                total: row.total,
                succeeded: row.succeeded,
                status: row.status,
                requested_id: row.requested_id,
                coupon_failed_vendor_item_id_responses: row
                    .failures
                    .into_iter()
                    .map(|(vendor_item_id, failure_reason)| FailedItem {
                        vendor_item_id,
                        failure_reason,
                    })
                    .collect(),
                failed: row.failed,
                coupon_id: row.coupon_id,
            },
        },
    ))
}
