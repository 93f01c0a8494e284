//! CEA (HMAC) authentication, in front of every API route, answering as Coupang's gateway does.
//!
//! Order of checks: header present and `CEA` → well-formed → known access key → `signed-date`
//! within the allowed skew → signature. The first failure is the answer (HTTP 401).

use crate::config::Mode;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use wing_wire::cea::{self, HeaderError};
use wing_wire::gateway;

/// The authenticated caller, put in the request's extensions.
#[derive(Debug, Clone)]
pub struct Caller {
    pub vendor_id: String,
}

pub async fn require_cea(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let signed = Signed {
        authorization: req
            .headers()
            .get(header::AUTHORIZATION)
            .map(|v| v.to_str().map(str::to_owned)),
        method: req.method().as_str().to_owned(),
        path: req.uri().path().to_owned(),
        query: req.uri().query().unwrap_or("").to_owned(),
    };
    match authenticate(&state, &signed).await {
        Ok(caller) => {
            req.extensions_mut().insert(caller);
            next.run(req).await
        }
        Err(e) => e.into_response(),
    }
}

/// What of a request the signature covers (the body is not signed).
struct Signed {
    /// `Err` when the header is not visible ASCII.
    authorization: Option<Result<String, axum::http::header::ToStrError>>,
    method: String,
    path: String,
    query: String,
}

async fn authenticate(state: &AppState, req: &Signed) -> Result<Caller, ApiError> {
    let unauthorized = |m| ApiError::gateway(StatusCode::UNAUTHORIZED, m);
    let raw = req
        .authorization
        .as_ref()
        .ok_or_else(|| unauthorized(gateway::NOT_AUTHORIZED))?
        .as_ref()
        .map_err(|_| unauthorized(gateway::HMAC_FORMAT_INVALID))?;
    let h = cea::parse_authorization(raw).map_err(|e| match e {
        HeaderError::NotCea => unauthorized(gateway::NOT_AUTHORIZED),
        HeaderError::Malformed => unauthorized(gateway::HMAC_FORMAT_INVALID),
    })?;
    let key = state
        .api_key(h.access_key)
        .await?
        .ok_or_else(|| unauthorized(gateway::UNKNOWN_ACCESS_KEY))?;
    let skew = chrono::Utc::now().signed_duration_since(h.signed_at).abs();
    if skew
        .to_std()
        .map_or(true, |s| s > state.config.max_clock_skew)
    {
        return Err(unauthorized(gateway::SIGNATURE_EXPIRED));
    }
    let (method, path, query) = (req.method.as_str(), req.path.as_str(), req.query.as_str());
    let message = cea::canonical_message(h.signed_date, method, path, query);
    let signed_ok = cea::verify(&key.secret_key, &message, h.signature)
        // Some clients sign the unencoded query and send it encoded; accept that form too.
        || decoded(query).is_some_and(|q| {
            cea::verify(&key.secret_key, &cea::canonical_message(h.signed_date, method, path, &q), h.signature)
        });
    if !signed_ok {
        return Err(ApiError::Gateway {
            status: StatusCode::UNAUTHORIZED,
            message: gateway::INVALID_SIGNATURE,
            expected_canonical: (state.config.mode == Mode::Sandbox).then_some(message),
        });
    }
    Ok(Caller {
        vendor_id: key.vendor_id,
    })
}

/// The query with `+` read as a space and `%XX` decoded, when that changes it. Decoding the whole
/// string (not pair by pair) keeps the client's own order and separators.
fn decoded(query: &str) -> Option<String> {
    if !query.contains(['%', '+']) {
        return None;
    }
    let plus_as_space = query.replace('+', " ");
    let d = percent_encoding::percent_decode_str(&plus_as_space)
        .decode_utf8()
        .ok()?;
    (d != query).then(|| d.into_owned())
}

#[cfg(test)]
mod tests {
    use super::decoded;

    #[test]
    fn decodes_the_whole_query_once() {
        assert_eq!(decoded("status=APPLIED&page=1"), None);
        assert_eq!(
            decoded("keyword=%EC%97%B0%EC%9D%B8&page=1").as_deref(),
            Some("keyword=연인&page=1")
        );
        assert_eq!(
            decoded("sort=couponId%2Cdesc&q=a+b").as_deref(),
            Some("sort=couponId,desc&q=a b")
        );
        // A decoded '&' stays where the client put it; no re-splitting into pairs.
        assert_eq!(decoded("a=x%26y").as_deref(), Some("a=x&y"));
        assert_eq!(decoded("a=%FF"), None, "not UTF-8: nothing to try");
    }
}
