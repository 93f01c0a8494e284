//! How results are shown: a table for people, the API's JSON (`--json`) for scripts.

use comfy_table::{presets, ContentArrangement, Table};
use serde::Serialize;
use wing_client::{Outcome, Report};

#[derive(Debug, Clone, Copy)]
pub struct Out {
    pub json: bool,
}

impl Out {
    /// `rows` as a table under `header`, or `value` as JSON.
    pub fn show<T: Serialize + ?Sized>(&self, value: &T, header: &[&str], rows: Vec<Vec<String>>) {
        if self.json {
            self.json(value);
        } else {
            println!("{}", table(header, rows));
        }
    }

    /// One record as `field  value` lines, or as JSON.
    pub fn record<T: Serialize + ?Sized>(&self, value: &T) {
        if self.json {
            return self.json(value);
        }
        let v = serde_json::to_value(value).unwrap_or_default();
        let rows = match v {
            serde_json::Value::Object(m) => {
                m.into_iter().map(|(k, v)| vec![k, scalar(&v)]).collect()
            }
            other => vec![vec![String::new(), scalar(&other)]],
        };
        println!("{}", table(&[], rows));
    }

    pub fn json<T: Serialize + ?Sized>(&self, value: &T) {
        println!(
            "{}",
            serde_json::to_string_pretty(value).expect("wire types serialise")
        );
    }

    /// A terminal request: one summary line, then its failed items.
    pub fn outcome(&self, o: &Outcome) {
        if self.json {
            return self.json(o);
        }
        let r = o.report();
        println!("{}", summary_line(r));
        if !r.failures.is_empty() {
            println!("{}", failures_table(r));
        }
    }

    /// A request's state as I3/D5 answered it (not waited for): the summary and its failures.
    pub fn state<T: Serialize>(&self, raw: &T, report: Report) {
        if self.json {
            return self.json(raw);
        }
        println!("{}", summary_line(&report));
        for f in &report.failures {
            println!("  {}  {}", f.vendor_item_id, f.reason.text);
        }
    }
}

pub fn summary_line(r: &Report) -> String {
    let coupon = r
        .coupon_id
        .map(|c| format!(", coupon {c}"))
        .unwrap_or_default();
    format!(
        "request {} ({}{coupon}): {} — {} total, {} succeeded, {} failed",
        r.requested_id, r.kind, r.status, r.total, r.succeeded, r.failed
    )
}

fn failures_table(r: &Report) -> Table {
    table(
        &["vendorItemId", "code", "reason"],
        r.failures
            .iter()
            .map(|f| {
                vec![
                    f.vendor_item_id.to_string(),
                    f.reason.code.as_str().to_string(),
                    f.reason.text.clone(),
                ]
            })
            .collect(),
    )
}

pub fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "-".into(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

pub fn table(header: &[&str], rows: Vec<Vec<String>>) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled);
    if !header.is_empty() {
        t.set_header(header.to_vec());
    }
    for r in rows {
        t.add_row(r);
    }
    t
}
