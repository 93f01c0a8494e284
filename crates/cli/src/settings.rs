//! Where the client commands get their settings: a flag, else the environment, else the config
//! file, else the default. `wing-coupons config show` prints the result and where each value
//! came from.

use crate::exit::{CliError, CliResult};
use clap::parser::ValueSource;
use clap::ArgMatches;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;
use wing_client::{Client, ClientBuilder, RetryPolicy, DEFAULT_BASE_URL, DEFAULT_RATE_PER_SEC};

/// Connection flags, shared by every client command.
#[derive(clap::Args, Debug, Clone)]
pub struct ConnArgs {
    /// API base URL: Coupang's gateway, or a wing-coupons server such as http://127.0.0.1:8080.
    #[arg(
        long,
        env = "COUPANG_BASE_URL",
        global = true,
        help_heading = "Connection"
    )]
    pub base_url: Option<String>,
    /// Access key of the vendor's Open API key.
    #[arg(
        long,
        env = "COUPANG_ACCESS_KEY",
        hide_env_values = true,
        global = true,
        help_heading = "Connection"
    )]
    pub access_key: Option<String>,
    /// Secret key of the vendor's Open API key (never printed).
    #[arg(
        long,
        env = "COUPANG_SECRET_KEY",
        hide_env_values = true,
        global = true,
        help_heading = "Connection"
    )]
    pub secret_key: Option<String>,
    /// The vendor id, e.g. A00012345.
    #[arg(
        long,
        env = "COUPANG_VENDOR_ID",
        global = true,
        help_heading = "Connection"
    )]
    pub vendor_id: Option<String>,
    /// The WING login id that downloadable-coupon calls act as.
    #[arg(
        long,
        env = "COUPANG_USER_ID",
        global = true,
        help_heading = "Connection"
    )]
    pub user_id: Option<String>,
    /// Calls per second (default 10, Coupang's limit); 0 lifts the limit, for a local server.
    #[arg(
        long,
        env = "WING_COUPONS_RATE_LIMIT",
        global = true,
        help_heading = "Connection"
    )]
    pub rate_limit: Option<f64>,
    /// Timeout of one HTTP attempt, in seconds (default 30).
    #[arg(long, global = true, help_heading = "Connection")]
    pub timeout_secs: Option<u64>,
    /// Send X-EXTENDED-TIMEOUT (milliseconds) so Coupang's gateway waits longer than 3 s.
    #[arg(long, global = true, help_heading = "Connection")]
    pub extended_timeout_ms: Option<u64>,
    /// Config file (TOML). Default: $WING_COUPONS_CONFIG, else
    /// $XDG_CONFIG_HOME/wing-coupons/config.toml (~/.config/…).
    #[arg(long, global = true, help_heading = "Connection")]
    pub config: Option<PathBuf>,
}

/// The config file: the same settings, in snake case.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    pub base_url: Option<String>,
    pub access_key: Option<String>,
    pub secret_key: Option<String>,
    pub vendor_id: Option<String>,
    pub user_id: Option<String>,
    pub rate_limit: Option<f64>,
    pub timeout_secs: Option<u64>,
    pub extended_timeout_ms: Option<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Flag,
    Env,
    File(PathBuf),
    Default,
    Unset,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Flag => f.write_str("flag"),
            Source::Env => f.write_str("environment"),
            Source::File(p) => write!(f, "config file {}", p.display()),
            Source::Default => f.write_str("default"),
            Source::Unset => f.write_str("not set"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Setting<T> {
    pub value: Option<T>,
    pub source: Source,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub base_url: Setting<String>,
    pub access_key: Setting<String>,
    pub secret_key: Setting<String>,
    pub vendor_id: Setting<String>,
    pub user_id: Setting<String>,
    pub rate_limit: Setting<f64>,
    pub timeout_secs: Setting<u64>,
    pub extended_timeout_ms: Setting<u64>,
    pub config_file: Option<PathBuf>,
}

/// Where a global flag's value came from, looking from the innermost subcommand out (clap keeps
/// globals on every level).
fn source_of(matches: &ArgMatches, id: &str) -> Option<ValueSource> {
    let mut levels = vec![matches];
    let mut m = matches;
    while let Some((_, sub)) = m.subcommand() {
        levels.push(sub);
        m = sub;
    }
    levels
        .into_iter()
        .rev()
        .find_map(|l| l.try_get_raw(id).ok().flatten().and(l.value_source(id)))
}

fn default_config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("WING_COUPONS_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".config")))?;
    Some(base.join("wing-coupons").join("config.toml"))
}

impl Settings {
    pub fn resolve(conn: &ConnArgs, matches: &ArgMatches) -> CliResult<Settings> {
        let (file, config_file) = match &conn.config {
            Some(p) => (Some(read_file(p)?), Some(p.clone())),
            None => match default_config_path() {
                Some(p) if p.exists() => (Some(read_file(&p)?), Some(p)),
                _ => (None, None),
            },
        };
        let file = file.unwrap_or_default();
        let file_source = || Source::File(config_file.clone().unwrap_or_default());
        fn pick<T>(
            flag: Option<T>,
            id: &str,
            matches: &ArgMatches,
            from_file: Option<T>,
            file_source: &dyn Fn() -> Source,
            default: Option<T>,
        ) -> Setting<T> {
            if let Some(v) = flag {
                let source = match source_of(matches, id) {
                    Some(ValueSource::EnvVariable) => Source::Env,
                    _ => Source::Flag,
                };
                return Setting {
                    value: Some(v),
                    source,
                };
            }
            if let Some(v) = from_file {
                return Setting {
                    value: Some(v),
                    source: file_source(),
                };
            }
            let source = if default.is_some() {
                Source::Default
            } else {
                Source::Unset
            };
            Setting {
                value: default,
                source,
            }
        }
        let c = conn.clone();
        // The flag's clap id is its field name, so one name says where to look everywhere.
        macro_rules! pick {
            ($field:ident, $default:expr) => {
                pick(
                    c.$field,
                    stringify!($field),
                    matches,
                    file.$field,
                    &file_source,
                    $default,
                )
            };
        }
        Ok(Settings {
            base_url: pick!(base_url, Some(DEFAULT_BASE_URL.to_string())),
            access_key: pick!(access_key, None),
            secret_key: pick!(secret_key, None),
            vendor_id: pick!(vendor_id, None),
            user_id: pick!(user_id, None),
            rate_limit: pick!(rate_limit, Some(DEFAULT_RATE_PER_SEC)),
            timeout_secs: pick!(timeout_secs, Some(30)),
            extended_timeout_ms: pick!(extended_timeout_ms, None),
            config_file,
        })
    }

    pub fn client(&self) -> CliResult<Client> {
        let rate = self.rate_limit.value.filter(|r| *r > 0.0);
        let mut b = ClientBuilder::new()
            .rate_limit(rate)
            .timeout(Duration::from_secs(self.timeout_secs.value.unwrap_or(30)))
            .extended_timeout(self.extended_timeout_ms.value.map(Duration::from_millis))
            .retry(RetryPolicy::default());
        if let Some(u) = &self.base_url.value {
            b = b.base_url(u);
        }
        if let Some(k) = &self.access_key.value {
            b = b.access_key(k);
        }
        if let Some(k) = &self.secret_key.value {
            b = b.secret_key(k);
        }
        if let Some(v) = &self.vendor_id.value {
            b = b.vendor_id(v);
        }
        b.build().map_err(|e| {
            CliError::Usage(format!(
                "{e}; set it by flag, environment or config file (see `wing-coupons config show`)"
            ))
        })
    }

    pub fn user_id(&self) -> CliResult<String> {
        self.user_id.value.clone().ok_or_else(|| {
            CliError::Usage("downloadable-coupon calls need the WING user id: --user-id, COUPANG_USER_ID or user_id in the config file".into())
        })
    }
}

fn read_file(p: &Path) -> CliResult<FileSettings> {
    let text = std::fs::read_to_string(p)
        .map_err(|e| CliError::Usage(format!("config file {}: {e}", p.display())))?;
    toml::from_str(&text).map_err(|e| CliError::Usage(format!("config file {}: {e}", p.display())))
}
