//! Medians, the result tables, and the markdown written into docs/BENCHMARKS.md.

use crate::load::LoadResult;

pub fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn min_max(v: &[f64]) -> (f64, f64) {
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(*x), b.max(*x))
        })
}

/// One load figure: the rounds of one target × request × concurrency.
pub struct LoadRow {
    pub target: String,
    pub request: &'static str,
    pub concurrency: usize,
    pub rounds: Vec<LoadResult>,
}

impl LoadRow {
    pub fn rps(&self) -> f64 {
        median(self.rounds.iter().map(|r| r.rps).collect())
    }
    fn field(&self, f: impl Fn(&LoadResult) -> f64) -> f64 {
        median(self.rounds.iter().map(f).collect())
    }
    pub fn p99_ms(&self) -> f64 {
        self.field(|r| r.p99_us as f64 / 1000.0)
    }
}

pub fn load_table(rows: &[LoadRow], ceiling: impl Fn(usize) -> Option<f64>) -> String {
    let mut t = String::from(
        "| target | request | conc. | req/s, median (min–max) | × ceiling | p50 ms | p99 ms | server CPU | generator CPU | machine CPU | errors |\n\
         |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in rows {
        let rps: Vec<f64> = r.rounds.iter().map(|x| x.rps).collect();
        let (lo, hi) = min_max(&rps);
        let ratio = ceiling(r.concurrency).map_or("-".into(), |c| format!("{:.3}", r.rps() / c));
        let server = r
            .rounds
            .iter()
            .filter_map(|x| x.server_cpu)
            .collect::<Vec<_>>();
        let server = if server.is_empty() {
            "-".into()
        } else {
            format!("{:.2}", median(server))
        };
        t.push_str(&format!(
            "| {} | {} | {} | {:.0} ({:.0}–{:.0}) | {} | {:.2} | {:.2} | {} | {:.2} | {:.2} | {} |\n",
            r.target,
            r.request,
            r.concurrency,
            r.rps(),
            lo,
            hi,
            ratio,
            r.field(|x| x.p50_us as f64 / 1000.0),
            r.p99_ms(),
            server,
            r.field(|x| x.generator_cpu),
            r.field(|x| x.machine_cpu),
            r.rounds.iter().map(|x| x.errors).sum::<u64>(),
        ));
    }
    t
}

/// A figure measured in rounds: median and spread.
pub fn spread(v: &[f64], digits: usize) -> String {
    let (lo, hi) = min_max(v);
    format!(
        "{:.*} ({:.*}–{:.*})",
        digits,
        median(v.to_vec()),
        digits,
        lo,
        digits,
        hi
    )
}

/// Replaces the text between the result markers of `doc` (or appends a results section).
pub fn splice(doc: &str, results: &str) -> String {
    const START: &str = "<!-- bench:results:start -->";
    const END: &str = "<!-- bench:results:end -->";
    match (doc.find(START), doc.find(END)) {
        (Some(s), Some(e)) if s < e => format!("{}{START}\n{results}{}", &doc[..s], &doc[e..]),
        _ => format!("{doc}\n{START}\n{results}{END}\n"),
    }
}
