//! Reading answers: the FMS envelope, the downloadable family's bare bodies, and the gateway's
//! errors (string `code:"ERROR"`), which can answer any call.

use crate::error::{Error, Result};
use crate::transport::Answer;
use serde::de::DeserializeOwned;
use serde_json::Value;
use wing_wire::download::RequestResult;
use wing_wire::fms::{Data, Envelope};
use wing_wire::lenient::OneOrMany;

fn excerpt(body: &[u8]) -> String {
    let s = String::from_utf8_lossy(body);
    let mut e: String = s.chars().take(300).collect();
    if s.chars().count() > 300 {
        e.push('…');
    }
    e
}

fn parse<T: DeserializeOwned>(a: &Answer) -> Result<T> {
    serde_json::from_slice(&a.body).map_err(|e| Error::Decode {
        status: a.status,
        error: e.to_string(),
        excerpt: excerpt(&a.body),
    })
}

/// The error an answer carries, whichever of the three shapes it has.
fn error_of(a: &Answer) -> Error {
    let Ok(v) = serde_json::from_slice::<Value>(&a.body) else {
        return Error::Api {
            status: a.status,
            message: if a.body.is_empty() {
                format!("HTTP {} with an empty body", a.status)
            } else {
                excerpt(&a.body)
            },
        };
    };
    let text = |k: &str| v.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
    if let (Some(_), Some(tx)) = (v.get("code").and_then(Value::as_str), text("transactionId")) {
        return Error::Gateway {
            status: a.status,
            message: text("message").unwrap_or("").to_string(),
            transaction_id: tx.to_string(),
        };
    }
    let message = text("errorMessage")
        .or_else(|| text("message"))
        .or_else(|| text("error"))
        .map(str::to_string)
        .unwrap_or_else(|| excerpt(&a.body));
    Error::Api {
        status: a.status,
        message,
    }
}

/// An FMS answer (C1–C3, I1–I11): `data` of a 200 envelope, or the error.
pub(crate) fn fms<T: DeserializeOwned>(a: Answer) -> Result<Data<T>> {
    if !(200..300).contains(&a.status) {
        return Err(error_of(&a));
    }
    let env: Envelope<Value> = match serde_json::from_slice(&a.body) {
        Ok(e) => e,
        // A 200 that is not an envelope: the gateway's error, or something unreadable.
        Err(e) => {
            return Err(match error_of(&a) {
                g @ Error::Gateway { .. } => g,
                _ => Error::Decode {
                    status: a.status,
                    error: e.to_string(),
                    excerpt: excerpt(&a.body),
                },
            })
        }
    };
    if env.code != 200 {
        return Err(error_of(&a));
    }
    let data = env.data.ok_or_else(|| Error::Decode {
        status: a.status,
        error: "envelope without data".into(),
        excerpt: excerpt(&a.body),
    })?;
    let content = serde_json::from_value(data.content).map_err(|e| Error::Decode {
        status: a.status,
        error: e.to_string(),
        excerpt: excerpt(&a.body),
    })?;
    Ok(Data {
        success: data.success,
        content,
        pagination: data.pagination,
    })
}

/// A downloadable-family answer with a bare body (D1, D4, D5).
pub(crate) fn bare<T: DeserializeOwned>(a: Answer) -> Result<T> {
    if !(200..300).contains(&a.status) {
        return Err(error_of(&a));
    }
    parse(&a)
}

/// D2/D3: one result per entry, at any HTTP status (a batch whose entries all failed is a 400 or
/// 500 that still lists them). Coupang documents D2's answer as a single object: read either.
pub(crate) fn batch(a: Answer) -> Result<Vec<RequestResult>> {
    match serde_json::from_slice::<OneOrMany<RequestResult>>(&a.body) {
        Ok(r) => Ok(r.0),
        Err(_) if !(200..300).contains(&a.status) => Err(error_of(&a)),
        Err(e) => Err(Error::Decode {
            status: a.status,
            error: e.to_string(),
            excerpt: excerpt(&a.body),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn answer(status: u16, body: &str) -> Answer {
        Answer {
            status,
            body: Bytes::from(body.to_string()),
        }
    }

    #[test]
    fn tells_gateway_errors_from_api_errors() {
        let g = error_of(&answer(
            401,
            r#"{"code":"ERROR","message":"Invalid signature.","transactionId":"36b9"}"#,
        ));
        assert!(
            matches!(g, Error::Gateway { status: 401, ref message, ref transaction_id } if message == "Invalid signature." && transaction_id == "36b9")
        );
        let f = fms::<Value>(answer(400, r#"{"code":400,"message":"m","httpStatus":400,"httpStatusMessage":"Bad Request","errorMessage":"업체정보의 권한을 확인하세요","data":null}"#)).unwrap_err();
        assert!(
            matches!(f, Error::Api { status: 400, ref message } if message == "업체정보의 권한을 확인하세요")
        );
        let h = bare::<Value>(answer(502, "<html>bad gateway</html>")).unwrap_err();
        assert!(
            matches!(h, Error::Api { status: 502, ref message } if message.contains("bad gateway"))
        );
        let d = fms::<i64>(answer(200, r#"{"code":200,"message":"OK","httpStatus":200,"httpStatusMessage":"OK","errorMessage":"","data":{"success":true,"content":"x","pagination":null}}"#)).unwrap_err();
        assert!(
            matches!(d, Error::Decode { status: 200, ref excerpt, .. } if excerpt.contains("\"x\""))
        );
    }
}
