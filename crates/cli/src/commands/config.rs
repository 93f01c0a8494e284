//! `config show`: the effective settings, secrets masked, and where each came from.

use crate::exit::CliResult;
use crate::output::{table, Out};
use crate::settings::{Setting, Settings};
use clap::Subcommand;
use wing_client::Secret;

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Print the effective settings (flag > environment > config file > default).
    Show,
}

fn text<T: ToString>(s: &Setting<T>, secret: bool) -> String {
    match &s.value {
        Some(v) if secret => Secret::new(v.to_string()).masked(),
        Some(v) => v.to_string(),
        None => "-".into(),
    }
}

pub fn run(Cmd::Show: Cmd, s: &Settings, out: Out) -> CliResult<()> {
    let rows: Vec<(&str, String, String)> = vec![
        (
            "base_url",
            text(&s.base_url, false),
            s.base_url.source.to_string(),
        ),
        (
            "access_key",
            text(&s.access_key, true),
            s.access_key.source.to_string(),
        ),
        (
            "secret_key",
            text(&s.secret_key, true),
            s.secret_key.source.to_string(),
        ),
        (
            "vendor_id",
            text(&s.vendor_id, false),
            s.vendor_id.source.to_string(),
        ),
        (
            "user_id",
            text(&s.user_id, false),
            s.user_id.source.to_string(),
        ),
        (
            "rate_limit",
            text(&s.rate_limit, false),
            s.rate_limit.source.to_string(),
        ),
        (
            "timeout_secs",
            text(&s.timeout_secs, false),
            s.timeout_secs.source.to_string(),
        ),
        (
            "extended_timeout_ms",
            text(&s.extended_timeout_ms, false),
            s.extended_timeout_ms.source.to_string(),
        ),
    ];
    if out.json {
        let map: serde_json::Map<String, serde_json::Value> = rows
            .iter()
            .map(|(k, v, src)| {
                (
                    k.to_string(),
                    serde_json::json!({"value": v, "source": src}),
                )
            })
            .collect();
        out.json(&map);
        return Ok(());
    }
    let file = s
        .config_file
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "none".into());
    println!("config file: {file}");
    println!(
        "{}",
        table(
            &["setting", "value", "from"],
            rows.into_iter()
                .map(|(k, v, src)| vec![k.to_string(), v, src])
                .collect()
        )
    );
    Ok(())
}
