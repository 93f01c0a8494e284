//! CEA (HMAC-SHA256) request signing, as Coupang's gateway does it.
//!
//! `message = signed-date + METHOD + path + query`, where `query` is the raw query string exactly
//! as sent, without the `?`. The body is not signed. `signed-date` is UTC in `yyMMdd'T'HHmmss'Z'`.

use chrono::{DateTime, NaiveDateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

pub const SCHEME: &str = "CEA";
pub const ALGORITHM: &str = "HmacSHA256";
const SIGNED_DATE_FORMAT: &str = "%y%m%dT%H%M%SZ";

/// Formats an instant as a `signed-date` (`241216T123045Z`).
pub fn signed_date(at: DateTime<Utc>) -> String {
    at.format(SIGNED_DATE_FORMAT).to_string()
}

/// Parses a `signed-date`. Only the exact 14-character form is accepted: a 4-digit year, epoch
/// millis or ISO separators are what the gateway calls "HMAC format is invalid."
pub fn parse_signed_date(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    let shape_ok = b.len() == 14
        && b[6] == b'T'
        && b[13] == b'Z'
        && b[..6].iter().chain(&b[7..13]).all(u8::is_ascii_digit);
    if !shape_ok {
        return None;
    }
    NaiveDateTime::parse_from_str(s, SIGNED_DATE_FORMAT)
        .ok()
        .map(|n| n.and_utc())
}

/// The string that is signed.
pub fn canonical_message(signed_date: &str, method: &str, path: &str, query: &str) -> String {
    let mut m = String::with_capacity(signed_date.len() + method.len() + path.len() + query.len());
    m.push_str(signed_date);
    m.push_str(method);
    m.push_str(path);
    m.push_str(query);
    m
}

fn mac(secret_key: &str) -> Hmac<Sha256> {
    // HMAC accepts keys of any length, so this cannot fail.
    Hmac::<Sha256>::new_from_slice(secret_key.as_bytes()).expect("HMAC takes any key length")
}

/// Lowercase hex HMAC-SHA256 of `message` under `secret_key`.
pub fn signature(secret_key: &str, message: &str) -> String {
    let mut m = mac(secret_key);
    m.update(message.as_bytes());
    hex::encode(m.finalize().into_bytes())
}

/// Checks a hex signature in constant time. Case-insensitive, because some clients upper-case hex.
pub fn verify(secret_key: &str, message: &str, signature_hex: &str) -> bool {
    let Ok(given) = hex::decode(signature_hex.to_ascii_lowercase()) else {
        return false;
    };
    let mut m = mac(secret_key);
    m.update(message.as_bytes());
    let expected = m.finalize().into_bytes();
    expected.as_slice().ct_eq(&given).into()
}

/// The full `Authorization` header value for one request. `query` is the query exactly as it will
/// be sent (already percent-encoded), without the `?`.
pub fn authorization(
    access_key: &str,
    secret_key: &str,
    method: &str,
    path: &str,
    query: &str,
    at: DateTime<Utc>,
) -> String {
    let date = signed_date(at);
    let sig = signature(secret_key, &canonical_message(&date, method, path, query));
    format!("{SCHEME} algorithm={ALGORITHM}, access-key={access_key}, signed-date={date}, signature={sig}")
}

/// A parsed `Authorization: CEA …` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CeaHeader<'a> {
    pub access_key: &'a str,
    pub signed_date: &'a str,
    pub signed_at: DateTime<Utc>,
    pub signature: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// No header, or a scheme other than `CEA`.
    #[error("not a CEA authorization header")]
    NotCea,
    /// `CEA` with missing, repeated or unparsable parts.
    #[error("malformed CEA authorization header")]
    Malformed,
}

/// Parses the header. Whitespace after commas is optional (Coupang's Partners sample sends none).
pub fn parse_authorization(header: &str) -> Result<CeaHeader<'_>, HeaderError> {
    let rest = header
        .trim()
        .strip_prefix(SCHEME)
        .ok_or(HeaderError::NotCea)?;
    if !rest.starts_with(char::is_whitespace) {
        return Err(HeaderError::NotCea);
    }
    let (mut algorithm, mut access_key, mut date, mut sig) = (None, None, None, None);
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=').ok_or(HeaderError::Malformed)?;
        let slot = match k.trim() {
            "algorithm" => &mut algorithm,
            "access-key" => &mut access_key,
            "signed-date" => &mut date,
            "signature" => &mut sig,
            _ => return Err(HeaderError::Malformed),
        };
        if slot.replace(v.trim()).is_some() {
            return Err(HeaderError::Malformed);
        }
    }
    let (Some(algorithm), Some(access_key), Some(signed_date), Some(signature)) =
        (algorithm, access_key, date, sig)
    else {
        return Err(HeaderError::Malformed);
    };
    if algorithm != ALGORITHM || access_key.is_empty() || signature.is_empty() {
        return Err(HeaderError::Malformed);
    }
    let signed_at = parse_signed_date(signed_date).ok_or(HeaderError::Malformed)?;
    Ok(CeaHeader {
        access_key,
        signed_date,
        signed_at,
        signature,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn signs_and_parses_round_trip() {
        let at = Utc.with_ymd_and_hms(2024, 12, 16, 12, 30, 45).unwrap();
        let h = authorization("ak", "sk", "GET", "/v2/x", "a=1&b=2", at);
        let p = parse_authorization(&h).unwrap();
        assert_eq!(p.access_key, "ak");
        assert_eq!(p.signed_date, "241216T123045Z");
        assert_eq!(p.signed_at, at);
        let msg = canonical_message(p.signed_date, "GET", "/v2/x", "a=1&b=2");
        assert!(verify("sk", &msg, p.signature));
        assert!(verify("sk", &msg, &p.signature.to_uppercase()));
        assert!(!verify("other", &msg, p.signature));
    }

    #[test]
    fn matches_pythons_hmac() {
        // python3 -c "import hmac,hashlib;print(hmac.new(b'sk',b'241216T123045ZGET/v2/x',hashlib.sha256).hexdigest())"
        assert_eq!(
            signature("sk", "241216T123045ZGET/v2/x"),
            "38ea6284232e800e569ed3e03456421e5295c4d35e9c1896798dfd5450685daf"
        );
    }

    #[test]
    fn rejects_malformed_headers() {
        assert_eq!(parse_authorization("Bearer x"), Err(HeaderError::NotCea));
        assert_eq!(parse_authorization("CEAx"), Err(HeaderError::NotCea));
        let ok = "CEA algorithm=HmacSHA256,access-key=a,signed-date=241216T123045Z,signature=ab";
        assert!(parse_authorization(ok).is_ok());
        for bad in [
            "CEA algorithm=HmacSHA1, access-key=a, signed-date=241216T123045Z, signature=ab",
            "CEA algorithm=HmacSHA256, access-key=a, signed-date=20241216T123045Z, signature=ab",
            "CEA algorithm=HmacSHA256, access-key=a, signed-date=1734352245000, signature=ab",
            "CEA algorithm=HmacSHA256, access-key=a, signed-date=241316T123045Z, signature=ab",
            "CEA algorithm=HmacSHA256, access-key=a, signature=ab",
            "CEA algorithm=HmacSHA256, access-key=a, access-key=b, signed-date=241216T123045Z, signature=ab",
        ] {
            assert_eq!(parse_authorization(bad), Err(HeaderError::Malformed), "{bad}");
        }
    }
}
