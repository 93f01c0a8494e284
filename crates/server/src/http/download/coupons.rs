//! D1 create, D3 expire, D4 one coupon.

use super::say;
use crate::auth::Caller;
use crate::domain::download::{self, msg, Lookups, NewDownloadCoupon};
use crate::domain::fields::{self, Object};
use crate::domain::lang::{self, Lang};
use crate::domain::messages;
use crate::engine::{CouponState, Family};
use crate::error::{download_failure, json, ApiError, ApiResult};
use crate::http::queue::{self, Accept};
use crate::http::{parse_long, JsonObject};
use crate::state::AppState;
use crate::store::{ContractRow, DownloadCouponRow, PolicyRow};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use serde_json::Value;
use wing_wire::download::{
    Coupon, CreatedCoupon, CreatedPolicy, Policy, RequestResult, ResultBody, ResultStatus,
};
use wing_wire::fms::{CouponStatus, RequestType};

/// A rejected D2/D3 entry: its status, its couponId when known, and the message.
pub(super) type Rejection = (StatusCode, Option<i64>, String);
/// A D2/D3 entry's outcome: accepted with (couponId, requestTransactionId), or rejected.
pub(super) type EntryResult = Result<(i64, String), Rejection>;

fn bad_request(message: String) -> ApiError {
    ApiError::DownloadObject {
        status: StatusCode::BAD_REQUEST,
        message,
    }
}

/// D1 `POST /v2/providers/marketplace_openapi/apis/api/v1/coupons` (synchronous).
pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    lang: Lang,
    body: Result<JsonObject, ApiError>,
) -> ApiResult<Response> {
    let JsonObject(body) = body.map_err(|e| e.in_download_shape(false))?;
    let contract_id = fields::long(&body, "contractId").ok().flatten();
    let contract = match contract_id {
        Some(id) => state.store.contract(id).await?,
        None => None,
    };
    let user_vendor = match fields::string(&body, "userId").ok().flatten() {
        Some(u) => state.store.wing_user_vendor(&u).await?,
        None => None,
    };
    let look = Lookups {
        vendor_id: &caller.vendor_id,
        contract: contract.as_ref().map(ContractRow::window),
        user_vendor: user_vendor.as_deref(),
    };
    let now = state.now();
    let coupon = NewDownloadCoupon::parse(&body, state.clock.now_kst(), &look)
        .map_err(|errors| bad_request(lang::join(&errors, lang)))?;
    let id = state
        .store
        .create_download_coupon(&caller.vendor_id, &coupon, &now)
        .await?;
    let row = state
        .store
        .download_coupon(id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("coupon {id} vanished after creation"))?;
    Ok(json(
        StatusCode::OK,
        &CreatedCoupon {
            coupon_id: row.coupon_id,
            vendor_id: row.vendor_id.clone(),
            coupon_type: "DOWNLOAD".into(),
            last_modified_by: row.user_id.clone(),
            last_modified_date: row.created_at.clone(),
            title: row.title.clone(),
            published_date: row.published_at.clone(),
            start_date: row.start_at.clone(),
            coupon_status: row.status(&now.kst).as_str().into(),
            coupon_policies: row
                .policies
                .into_iter()
                .map(
                    |PolicyRow {
                         policy: p,
                         manage_code,
                     }| CreatedPolicy {
                        description: p.description,
                        discount: p.discount,
                        maximum_discount_price: p.maximum_discount_price,
                        maximum_per_daily: p.maximum_per_daily,
                        minimum_price: p.minimum_price,
                        title: p.title,
                        type_of_discount: p.kind,
                        manage_code,
                    },
                )
                .collect(),
        },
    ))
}

/// The caller's coupon, unless it was destroyed (then it no longer exists for anyone).
pub(super) async fn live_coupon(
    state: &AppState,
    caller: &Caller,
    coupon_id: i64,
) -> ApiResult<Option<DownloadCouponRow>> {
    Ok(state
        .store
        .download_coupon(coupon_id)
        .await?
        .filter(|c| c.vendor_id == caller.vendor_id && c.state != CouponState::Destroyed))
}

/// D4 `GET /v2/providers/marketplace_openapi/apis/api/v1/coupons/{couponId}`
pub async fn get_one(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    lang: Lang,
    Path(coupon_id): Path<String>,
) -> ApiResult<Response> {
    let coupon_id = parse_long(&coupon_id).map_err(|e| e.in_download_shape(false))?;
    let Some(c) = live_coupon(&state, &caller, coupon_id).await? else {
        return Err(ApiError::DownloadObject {
            status: StatusCode::NOT_FOUND,
            message: say(lang, msg::no_promotion(coupon_id)),
        });
    };
    let now = state.now();
    Ok(json(
        StatusCode::OK,
        &Coupon {
            coupon_id: c.coupon_id,
            title: c.title.clone(),
            coupon_type: "DOWNLOAD".into(),
            coupon_status: c.status(&now.kst).as_str().into(),
            published_date: Some(c.published_at.clone().unwrap_or_default()),
            start_date: c.start_at.clone(),
            end_date: c.end_at.clone(),
            applied_option_count: c.applied_option_count,
            usage_amount: 0,
            coupon_policies: c
                .policies
                .into_iter()
                .map(|PolicyRow { policy: p, .. }| Policy {
                    title: p.title,
                    type_of_discount: p.kind,
                    description: p.description,
                    minimum_price: p.minimum_price,
                    discount: p.discount,
                    maximum_discount_price: p.maximum_discount_price,
                    maximum_per_day: p.maximum_per_daily,
                })
                .collect(),
        },
    ))
}

/// The array of a D2/D3 body (`couponItems`, `expireCouponList`), each entry an object.
pub(super) fn entries(body: &Object, field: &str) -> ApiResult<Vec<Object>> {
    let list_error = |m: String| ApiError::DownloadList {
        status: StatusCode::BAD_REQUEST,
        message: m,
    };
    match body.get(field) {
        None | Some(Value::Null) => Err(list_error(messages::may_not_be_null(field))),
        Some(Value::Array(a)) if a.is_empty() => Err(list_error(messages::size_between(field, 1, usize::MAX))),
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::Object(o) => Ok(o.clone()),
                _ => Err(list_error(format!(
                    "JSON parse error: Cannot deserialize value of type `java.util.LinkedHashMap` (through reference chain: {field}[{i}])"
                ))),
            })
            .collect(),
        Some(_) => Err(list_error(format!(
            "JSON parse error: Cannot deserialize value of type `java.util.ArrayList` (through reference chain: {field})"
        ))),
    }
}

/// Answers a D2/D3 batch: one result per entry. HTTP 200 when any entry was accepted, else the
/// status of the first failure.
pub(super) fn batch_response(results: Vec<EntryResult>) -> Response {
    let status = if results.iter().any(Result::is_ok) {
        StatusCode::OK
    } else {
        results
            .iter()
            .find_map(|r| r.as_ref().err().map(|e| e.0))
            .unwrap_or(StatusCode::BAD_REQUEST)
    };
    let body: Vec<RequestResult> = results
        .into_iter()
        .map(|r| match r {
            Ok((coupon_id, transaction_id)) => RequestResult {
                request_result_status: ResultStatus::Success,
                body: Some(ResultBody {
                    coupon_id: Some(coupon_id),
                    request_transaction_id: Some(transaction_id),
                }),
                error_code: None,
                error_message: None,
            },
            Err((status, coupon_id, message)) => download_failure(status, coupon_id, message),
        })
        .collect();
    json(status, &body)
}

/// Reads one entry's `couponId` and `userId` and checks that the user is the caller's. A store
/// failure fails the whole call (logged, plain 500), not just the entry.
pub(super) async fn entry_user(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    entry: &Object,
) -> ApiResult<EntryResult> {
    let bad = |m: String| (StatusCode::BAD_REQUEST, None, m);
    let read = || -> Result<(i64, String), Rejection> {
        let coupon_id = fields::long(entry, "couponId")
            .map_err(bad)?
            .ok_or_else(|| bad(messages::may_not_be_null("couponId")))?;
        let user_id = fields::string(entry, "userId")
            .map_err(bad)?
            .ok_or_else(|| bad(messages::may_not_be_null("userId")))?;
        Ok((coupon_id, user_id))
    };
    let (coupon_id, user_id) = match read() {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    let owner = state.store.wing_user_vendor(&user_id).await?;
    if owner.as_deref() != Some(caller.vendor_id.as_str()) {
        return Ok(Err((
            StatusCode::BAD_REQUEST,
            Some(coupon_id),
            say(lang, msg::user_id(&user_id, &caller.vendor_id)),
        )));
    }
    Ok(Ok((coupon_id, user_id)))
}

/// D3 `POST /v2/providers/marketplace_openapi/apis/api/v1/coupons/expire` (PUT accepted too).
pub async fn expire(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    lang: Lang,
    body: Result<JsonObject, ApiError>,
) -> ApiResult<Response> {
    let JsonObject(body) = body.map_err(|e| e.in_download_shape(true))?;
    let mut results = Vec::new();
    for entry in entries(&body, "expireCouponList")? {
        results.push(expire_one(&state, &caller, lang, &entry).await?);
    }
    Ok(batch_response(results))
}

async fn expire_one(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    entry: &Object,
) -> ApiResult<EntryResult> {
    let (coupon_id, user_id) = match entry_user(state, caller, lang, entry).await? {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    // Documented: a coupon that is not there to expire is an HTTP 500.
    let nothing = || {
        Err((
            StatusCode::INTERNAL_SERVER_ERROR,
            Some(coupon_id),
            say(lang, msg::nothing_to_expire()),
        ))
    };
    let Some(c) = live_coupon(state, caller, coupon_id).await? else {
        return Ok(nothing());
    };
    if c.status(&state.now().kst) == CouponStatus::Expired {
        return Ok(nothing());
    }
    let a = Accept {
        vendor_id: &caller.vendor_id,
        family: Family::Download,
        kind: RequestType::CouponExpire,
        coupon_id: Some(coupon_id),
        payload: "null".into(),
        total: 1,
        alone_on_coupon: false,
    };
    let id = queue::accept(state, a, |now, attempt| {
        download::transaction_id(&user_id, coupon_id, now.epoch_ms + i64::from(attempt))
    })
    .await?;
    Ok(Ok((coupon_id, id.unwrap_or_default())))
}
