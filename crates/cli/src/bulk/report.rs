//! The failures report of a bulk run: every failed item with its reason code, as CSV or, for a
//! `.json` path, as a JSON array.

use serde::Serialize;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FailedRow {
    pub vendor_item_id: i64,
    /// `CIE00`, `CIR06`, …; `REFUSED` when the whole call was refused.
    pub code: String,
    pub reason: String,
    /// The request that reported it (empty for a refused call).
    pub requested_id: String,
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Writes the report next to its final name, then renames it: a reader never sees half a file.
pub fn write(path: &Path, rows: &[FailedRow]) -> Result<(), String> {
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let text = if json {
        serde_json::to_string_pretty(rows).expect("rows serialise") + "\n"
    } else {
        let mut t = String::from("vendorItemId,code,reason,requestedId\n");
        for r in rows {
            t.push_str(&format!(
                "{},{},{},{}\n",
                r.vendor_item_id,
                csv_field(&r.code),
                csv_field(&r.reason),
                csv_field(&r.requested_id)
            ));
        }
        t
    };
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    std::fs::write(&tmp, text)
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| format!("failures report {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_csv_fields_that_need_it() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(
            csv_field("[CIE00] 유효하지 않은 옵션아이디 입니다."),
            "[CIE00] 유효하지 않은 옵션아이디 입니다."
        );
    }
}
