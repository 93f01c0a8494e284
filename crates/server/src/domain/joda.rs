//! Timestamps as Coupang's FMS parses them: a `yyyy-MM-dd HH:mm:ss` pattern check, then Joda-Time,
//! whose range errors the API passes through verbatim
//! (`Cannot parse "2017-13-05 00:00:00": Value 13 for monthOfYear must be in the range [1,12]`).

use chrono::{NaiveDate, NaiveDateTime};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeError {
    /// Not `dddd-dd-dd dd:dd:dd`.
    Pattern,
    /// The right shape, an impossible value: the Joda message.
    CannotParse(String),
}

fn has_pattern(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b' ',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        })
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .map_or(31, |d| d.day0() + 1)
}

use chrono::Datelike;

pub fn parse(s: &str) -> Result<NaiveDateTime, TimeError> {
    if !has_pattern(s) {
        return Err(TimeError::Pattern);
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().expect("digits checked above");
    let (year, month, day) = (n(0..4) as i32, n(5..7), n(8..10));
    let (hour, minute, second) = (n(11..13), n(14..16), n(17..19));
    // Joda sets fields from the largest unit down, so the first bad one is reported.
    let checks = [
        ("monthOfYear", month, 1, 12),
        ("dayOfMonth", day, 1, days_in_month(year, month)),
        ("hourOfDay", hour, 0, 23),
        ("minuteOfHour", minute, 0, 59),
        ("secondOfMinute", second, 0, 59),
    ];
    for (field, v, min, max) in checks {
        if v < min || v > max {
            return Err(TimeError::CannotParse(format!(
                "Cannot parse \"{s}\": Value {v} for {field} must be in the range [{min},{max}]"
            )));
        }
    }
    NaiveDate::from_ymd_opt(year, month, day)
        .and_then(|d| d.and_hms_opt(hour, minute, second))
        .ok_or(TimeError::Pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_like_joda() {
        assert!(parse("2017-12-08 00:00:00").is_ok());
        assert_eq!(parse("2017-12-8 00:00:00"), Err(TimeError::Pattern));
        assert_eq!(parse("2017-12-08T00:00:00"), Err(TimeError::Pattern));
        let msg = |s| match parse(s) {
            Err(TimeError::CannotParse(m)) => m,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            msg("2017-13-05 00:00:00"),
            "Cannot parse \"2017-13-05 00:00:00\": Value 13 for monthOfYear must be in the range [1,12]"
        );
        assert_eq!(
            msg("2017-08-32 00:00:00"),
            "Cannot parse \"2017-08-32 00:00:00\": Value 32 for dayOfMonth must be in the range [1,31]"
        );
        assert_eq!(
            msg("2017-02-29 00:00:00"),
            "Cannot parse \"2017-02-29 00:00:00\": Value 29 for dayOfMonth must be in the range [1,28]"
        );
        assert!(parse("2016-02-29 00:00:00").is_ok());
        assert_eq!(
            msg("2017-02-01 24:00:00"),
            "Cannot parse \"2017-02-01 24:00:00\": Value 24 for hourOfDay must be in the range [0,23]"
        );
    }
}
