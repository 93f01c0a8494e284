//! Reading request bodies the way Coupang's Spring/Jackson backend does, leniently: numbers may
//! be JSON strings, booleans may be `"true"`/`"false"`, unknown fields are ignored, `null` is
//! absent. What cannot be read is answered with a Jackson-style message naming the field.

use crate::domain::messages::BODY_MISSING;
use serde_json::{Map, Value};

pub type Object = Map<String, Value>;

/// The body as a JSON object, or the message for why it is not one.
pub fn object(body: &[u8]) -> Result<Object, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(BODY_MISSING.to_string());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(other) => Err(format!(
            "JSON parse error: Cannot deserialize value of type `java.util.LinkedHashMap` from {}",
            describe(&other)
        )),
        Err(e) => Err(format!("JSON parse error: {e}")),
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null value".into(),
        Value::Bool(b) => format!("Boolean value ({b})"),
        Value::Number(n) => format!("Number value ({n})"),
        Value::String(s) => format!("String \"{s}\""),
        Value::Array(_) => "Array value".into(),
        Value::Object(_) => "Object value".into(),
    }
}

fn type_error(path: &str, java_type: &str, v: &Value) -> String {
    format!(
        "JSON parse error: Cannot deserialize value of type `{java_type}` from {} (through reference chain: {path})",
        describe(v)
    )
}

/// A `Long`: an integral JSON number or a string holding one.
pub fn long_value(path: &str, v: &Value) -> Result<i64, String> {
    let out_of_range = |n: &str| {
        format!("JSON parse error: Numeric value ({n}) out of range of long (through reference chain: {path})")
    };
    match v {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                return Ok(i);
            }
            if n.is_u64() {
                return Err(out_of_range(&n.to_string()));
            }
            match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => Ok(f as i64),
                Some(f) if f.fract() == 0.0 => Err(out_of_range(&n.to_string())),
                _ => Err(type_error(path, "java.lang.Long", v)),
            }
        }
        Value::String(s) => {
            let t = s.trim();
            let digits = t.strip_prefix('-').unwrap_or(t);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                t.parse().map_err(|_| out_of_range(t))
            } else {
                Err(type_error(path, "java.lang.Long", v))
            }
        }
        _ => Err(type_error(path, "java.lang.Long", v)),
    }
}

pub fn long(body: &Object, field: &str) -> Result<Option<i64>, String> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => long_value(field, v).map(Some),
    }
}

/// A `String`: Jackson also turns scalars into their text.
pub fn string(body: &Object, field: &str) -> Result<Option<String>, String> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(v) => Err(type_error(field, "java.lang.String", v)),
    }
}

pub fn boolean(body: &Object, field: &str) -> Result<Option<bool>, String> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if s == "true" => Ok(Some(true)),
        Some(Value::String(s)) if s == "false" => Ok(Some(false)),
        Some(v) => Err(type_error(field, "java.lang.Boolean", v)),
    }
}

/// A `List<Long>`; `None` when absent or `null`.
pub fn longs(body: &Object, field: &str) -> Result<Option<Vec<i64>>, String> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| long_value(&format!("{field}[{i}]"), v))
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(v) => Err(type_error(field, "java.util.ArrayList<java.lang.Long>", v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_leniently_and_names_the_field() {
        let b = json!({"a": "15", "b": 15.0, "c": "x", "d": 12345678901234567890u64, "e": "false",
                       "f": [1, "2"], "g": [1, {}]});
        let b = b.as_object().unwrap();
        assert_eq!(long(b, "a"), Ok(Some(15)));
        assert_eq!(long(b, "b"), Ok(Some(15)));
        assert_eq!(long(b, "zz"), Ok(None));
        assert_eq!(
            long(b, "c").unwrap_err(),
            "JSON parse error: Cannot deserialize value of type `java.lang.Long` from String \"x\" (through reference chain: c)"
        );
        assert_eq!(
            long(b, "d").unwrap_err(),
            "JSON parse error: Numeric value (12345678901234567890) out of range of long (through reference chain: d)"
        );
        assert_eq!(boolean(b, "e"), Ok(Some(false)));
        assert_eq!(longs(b, "f"), Ok(Some(vec![1, 2])));
        assert!(longs(b, "g").unwrap_err().contains("g[1]"));
    }

    #[test]
    fn rejects_non_objects() {
        assert_eq!(object(b"  ").unwrap_err(), BODY_MISSING);
        assert!(object(b"{").unwrap_err().starts_with("JSON parse error: "));
        assert!(object(b"[1]").unwrap_err().contains("Array value"));
    }
}
