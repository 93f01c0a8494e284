use anyhow::{Context, Result};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use wing_server::clock::SystemClock;
use wing_server::config::{DbUrl, Mode, ServerConfig};
use wing_server::startup::{self, Seeding};

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Database: sqlite://PATH, sqlite::memory:, or postgres://USER[:PASSWORD]@HOST[:PORT]/DB
    /// (any number of nodes may share one PostgreSQL database; see docs/OPERATIONS.md).
    #[arg(
        long,
        env = "WING_COUPONS_DB",
        hide_env_values = true,
        default_value = "sqlite://wing-coupons.db"
    )]
    db: String,
    /// PostgreSQL connections this node opens at most.
    #[arg(long, default_value_t = wing_server::store::postgres::DEFAULT_POOL_SIZE)]
    db_pool_size: usize,
    /// How often the worker looks for due requests it was not told about (those accepted by
    /// other nodes, or delayed), in milliseconds.
    #[arg(long, default_value_t = 100)]
    worker_poll_ms: u64,
    /// Seed an empty database from this JSON file instead of the demo data (format: docs/SEED.md).
    #[arg(long, conflicts_with = "no_demo")]
    seed: Option<PathBuf>,
    /// Do not seed the demo data into an empty database.
    #[arg(long)]
    no_demo: bool,
    /// `sandbox` (diagnostics on) or `service`.
    #[arg(long, default_value = "sandbox", value_parser = ["sandbox", "service"])]
    mode: String,
    /// Allowed distance of a signature's signed-date from this machine's clock, in seconds.
    #[arg(long, default_value_t = 300)]
    max_clock_skew_secs: u64,
    /// Keep every new async request REQUESTED for this long before processing it (to exercise
    /// polling). 0 processes at once.
    #[arg(long, default_value_t = 0)]
    processing_delay_ms: u64,
}

/// Keeps glibc from holding on to memory the server has freed, so the peak RSS of 10,000-item
/// requests stays near the steady state (docs/BENCHMARKS.md):
/// - glibc gives each allocating thread an arena and keeps what was freed there; the writes run
///   on the blocking pool, whose threads come and go, so two arenas, not one per thread;
/// - a fixed mmap threshold: request bodies and payloads of 100 KB and more get their own
///   mappings, returned when freed, instead of glibc raising the threshold after the first one
///   and keeping them in the heap.
fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; it is called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 64 * 1024);
    }
}

pub fn run(args: ServeArgs) -> ExitCode {
    tune_malloc();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(serve(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: ServeArgs) -> Result<()> {
    let db = DbUrl::parse(&args.db).map_err(anyhow::Error::msg)?;
    let shown_db = db.to_string();
    let mut config = ServerConfig::new(args.listen, db);
    config.mode = if args.mode == "service" {
        Mode::Service
    } else {
        Mode::Sandbox
    };
    config.max_clock_skew = Duration::from_secs(args.max_clock_skew_secs);
    config.processing_delay = Duration::from_millis(args.processing_delay_ms);
    config.pool_size = args.db_pool_size;
    config.worker_poll = Duration::from_millis(args.worker_poll_ms.max(1));
    let seeding = match (&args.seed, args.no_demo) {
        (Some(path), _) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            Seeding::File(
                wing_server::seed::parse(&text)
                    .with_context(|| format!("parsing {}", path.display()))?,
            )
        }
        (None, true) => Seeding::None,
        (None, false) => Seeding::Demo,
    };
    let demo = matches!(seeding, Seeding::Demo);
    let running = startup::start(config, seeding, Arc::new(SystemClock)).await?;
    let url = format!("http://{}", running.addr);
    println!(
        "wing-coupons {} listening on {url} ({} mode, database {})",
        env!("CARGO_PKG_VERSION"),
        args.mode,
        shown_db
    );
    if demo {
        print_demo(&url, running.seeded);
    }
    tokio::select! {
        r = running.wait() => r,
        _ = tokio::signal::ctrl_c() => {
            println!("stopping");
            Ok(())
        }
    }
}

fn print_demo(url: &str, seeded_now: bool) {
    let path = "/v2/providers/fms/apis/api/v2/vendors/A00012345/contract/list";
    println!(
        "{}
Demo credentials (vendor A00012345, WING user demo-user):
  COUPANG_ACCESS_KEY=demo-access-key
  COUPANG_SECRET_KEY=demo-secret-key
  COUPANG_VENDOR_ID=A00012345
  COUPANG_BASE_URL={url}
Second vendor for isolation tests: A00054321 / demo2-access-key / demo2-secret-key / demo2-user.
Contracts 15 (free) and 16 (budget) belong to A00012345; vendor items 3000000001..3000010000.

Try it (bash, with openssl):
  d=$(date -u +%y%m%dT%H%M%SZ); p={path}
  s=$(printf '%s' \"${{d}}GET${{p}}\" | openssl dgst -sha256 -hmac demo-secret-key | sed 's/^.* //')
  curl -s -H \"Authorization: CEA algorithm=HmacSHA256, access-key=demo-access-key, signed-date=$d, signature=$s\" {url}$p
",
        if seeded_now { "Seeded the demo data into the empty database." } else { "Using the existing database." }
    );
}
