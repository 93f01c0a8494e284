//! Coupang's body timestamps: `yyyy-MM-dd HH:mm:ss` in Korea Standard Time (UTC+9), no offset in
//! the string. Only the HMAC `signed-date` is UTC.

use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};

pub const FORMAT: &str = "%Y-%m-%d %H:%M:%S";

pub fn kst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset")
}

/// The KST wall-clock time of an instant.
pub fn to_kst(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&kst()).naive_local()
}

/// Formats a KST wall-clock time the way Coupang does.
pub fn format(t: NaiveDateTime) -> String {
    t.format(FORMAT).to_string()
}

/// Strict parse of the exact format (client side; the server has its own Joda-compatible messages).
pub fn parse(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, FORMAT).ok()
}
