//! `wing-bench`: the harness behind `bench/run`. It starts every server it measures (ours on
//! SQLite and PostgreSQL, a constant-bytes axum ceiling, WireMock and Prism), drives them over
//! 127.0.0.1 with bounded load loops, and writes the tables into docs/BENCHMARKS.md.

mod engine;
mod load;
mod procs;
mod report;

use anyhow::{bail, Context, Result};
use clap::Parser;
use engine::{i3_path, i9_path, signed_get, Engine};
use report::{load_table, median, spread, LoadRow};
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(about = "wing-coupons benchmarks (see bench/run and docs/BENCHMARKS.md)")]
enum Cli {
    /// Everything, then the tables.
    All(AllArgs),
    /// One load figure against a running server, for profiling: signed GETs of PATH as the demo
    /// vendor.
    Load {
        #[arg(long)]
        addr: SocketAddr,
        #[arg(long)]
        path: String,
        #[arg(long, default_value_t = 32)]
        concurrency: usize,
        #[arg(long, default_value_t = 10)]
        secs: u64,
    },
    /// The ceiling: a minimal axum server answering every request with the same bytes.
    Ceiling {
        #[arg(long)]
        port: u16,
        /// The response body.
        #[arg(long)]
        body: PathBuf,
    },
}

#[derive(clap::Args)]
struct AllArgs {
    /// The release `wing-coupons` binary.
    #[arg(long)]
    serve: PathBuf,
    /// Where the npm peers are installed (node_modules of wiremock and @stoplight/prism-cli).
    #[arg(long)]
    peers: Option<PathBuf>,
    /// PostgreSQL database for the PostgreSQL figures (a schema of its own is made and dropped).
    #[arg(long, env = "WING_BENCH_POSTGRES_URL")]
    postgres_url: Option<String>,
    /// Rounds per figure (the median is reported, with the spread).
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Seconds per load round.
    #[arg(long, default_value_t = 5)]
    secs: u64,
    /// The markdown file whose results section is replaced.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// Upper bound on answers per load round, whatever the duration.
const MAX_REQUESTS: u64 = 2_000_000;
const CONCURRENCY: [usize; 2] = [1, 32];
/// Vendor items the benchmark seed gives the demo vendor: 100 I4s of 10,000, or the CLI's 1M.
const ITEMS: i64 = 1_000_000;
const FIRST_ITEM: i64 = 3_000_000_001;

fn main() -> Result<()> {
    match Cli::parse() {
        Cli::Ceiling { port, body } => ceiling(port, body),
        Cli::Load {
            addr,
            path,
            concurrency,
            secs,
        } => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?
            .block_on(async move {
                let req = Arc::new(signed_get(addr, &path));
                let r = load::run(
                    addr,
                    req,
                    concurrency,
                    Duration::from_secs(secs),
                    MAX_REQUESTS,
                    None,
                )
                .await?;
                println!("{r:?}");
                Ok(())
            }),
        Cli::All(a) => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?
            .block_on(all(a)),
    }
}

fn ceiling(port: u16, body: PathBuf) -> Result<()> {
    let body = bytes_leak(std::fs::read(body)?);
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(async move {
            let app = axum::Router::new().fallback(move || async move {
                ([("content-type", wing_wire::CONTENT_TYPE_JSON)], body)
            });
            let l = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
            axum::serve(l, app).await?;
            Ok(())
        })
}

fn bytes_leak(v: Vec<u8>) -> &'static [u8] {
    Box::leak(v.into_boxed_slice())
}

struct Ctx {
    rounds: usize,
    secs: Duration,
    rows: Vec<LoadRow>,
    notes: Vec<String>,
}

impl Ctx {
    async fn load(
        &mut self,
        target: &str,
        request: &'static str,
        addr: SocketAddr,
        req: impl Fn() -> Vec<u8>,
        pid: Option<u32>,
    ) -> Result<()> {
        for c in CONCURRENCY {
            let mut rounds = Vec::new();
            for _ in 0..self.rounds {
                // Signed afresh each round: a signature lives 5 minutes.
                let r = load::run(addr, Arc::new(req()), c, self.secs, MAX_REQUESTS, pid).await?;
                rounds.push(r);
            }
            eprintln!(
                "  {target} {request} c={c}: {:.0} req/s",
                median(rounds.iter().map(|r| r.rps).collect())
            );
            self.rows.push(LoadRow {
                target: target.into(),
                request,
                concurrency: c,
                rounds,
            });
        }
        Ok(())
    }
}

struct Backend {
    name: &'static str,
    db: String,
}

struct EngineFigures {
    backend: &'static str,
    /// Per round: the median POST→DONE of its 100 I4s (ms), the round's total (s).
    single_ms: Vec<f64>,
    hundred_s: Vec<f64>,
}

struct Memory {
    target: String,
    idle: f64,
    /// Peak during the hot-read rounds.
    peak: f64,
    /// Peak during the engine and CLI rounds (10,000-item requests), when measured.
    peak_bulk: Option<f64>,
}

fn seed_file(dir: &Path) -> Result<PathBuf> {
    let mut seed: serde_json::Value = serde_json::from_str(wing_server::seed::DEMO_JSON)?;
    seed["vendors"][0]["vendorItemRanges"][0]["last"] = (FIRST_ITEM + ITEMS - 1).into();
    let path = dir.join("bench-seed.json");
    std::fs::write(&path, seed.to_string())?;
    Ok(path)
}

async fn all(a: AllArgs) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let seed = seed_file(dir.path())?;
    let mut ctx = Ctx {
        rounds: a.rounds.max(1),
        secs: Duration::from_secs(a.secs.max(1)),
        rows: Vec::new(),
        notes: Vec::new(),
    };
    let mut engines = Vec::new();
    let mut memory = Vec::new();
    let mut cli_secs = Vec::new();
    let mut i3_body: Option<Vec<u8>> = None;

    let pg_schema = a
        .postgres_url
        .as_deref()
        .map(wing_server::testing::PgSchema::create);
    let mut backends = vec![Backend {
        name: "SQLite",
        db: format!("sqlite://{}", dir.path().join("bench.db").display()),
    }];
    match &pg_schema {
        Some(s) => backends.push(Backend {
            name: "PostgreSQL",
            db: s.url(),
        }),
        None => ctx.notes.push(
            "PostgreSQL figures skipped: no --postgres-url / WING_BENCH_POSTGRES_URL.".into(),
        ),
    }

    for b in &backends {
        eprintln!("== {} (seeding {ITEMS} items)", b.name);
        let server = procs::serve(&a.serve, &b.db, &seed, &[])?;
        let (addr, pid) = (server.addr, server.pid());
        let mut e = Engine::connect(addr).await?;
        let mut coupons = Vec::new();
        for n in 0..12 {
            coupons.push(e.create_coupon(&format!("bench {n}")).await?);
        }
        let items: Vec<i64> = (FIRST_ITEM..FIRST_ITEM + 100).collect();
        let path = format!(
            "/v2/providers/fms/apis/api/v1/vendors/{}/coupons/{}/items",
            engine::VENDOR,
            coupons[0]
        );
        let body = serde_json::json!({ "vendorItems": items }).to_string();
        let req = load::request(
            "POST",
            addr,
            &path,
            Some(&engine::sign("POST", &path, "")),
            Some(body.as_bytes()),
        );
        let mut conn = load::Connection::open(addr).await?;
        conn.send(&req).await?;
        let requested: serde_json::Value = serde_json::from_slice(&conn.body)?;
        let requested = requested["data"]["content"]["requestedId"]
            .as_str()
            .context("I4")?
            .to_string();
        e.wait(&requested, Duration::from_secs(30)).await?;
        if i3_body.is_none() {
            conn.send(&signed_get(addr, &i3_path(&requested))).await?;
            i3_body = Some(conn.body.clone());
        }
        // The coupon with the 100 items frees them for the engine rounds.
        e.expire_coupon(coupons[0]).await?;

        let idle = procs::rss_mib(pid).0;
        procs::reset_peak(pid);
        let i3 = i3_path(&requested);
        ctx.load(b.name, "I3", addr, || signed_get(addr, &i3), Some(pid))
            .await?;
        let i9 = i9_path();
        ctx.load(b.name, "I9", addr, || signed_get(addr, &i9), Some(pid))
            .await?;
        let peak_reads = procs::rss_mib(pid).1;
        procs::reset_peak(pid);

        eprintln!("  engine: {} rounds of 100 × 10,000-item I4", ctx.rounds);
        let mut fig = EngineFigures {
            backend: b.name,
            single_ms: vec![],
            hundred_s: vec![],
        };
        for round in 0..ctx.rounds {
            let mut targets = Vec::new();
            for n in 0..100 {
                targets.push(e.create_coupon(&format!("engine {round}.{n}")).await?);
            }
            let mut each = Vec::new();
            let start = Instant::now();
            for (n, coupon) in targets.iter().enumerate() {
                let first = FIRST_ITEM + n as i64 * 10_000;
                let items: Vec<i64> = (first..first + 10_000).collect();
                let (t, ok) = e.add_items_timed(*coupon, &items).await?;
                if ok != 10_000 {
                    bail!("I4 applied {ok} of 10,000");
                }
                each.push(t.as_secs_f64() * 1000.0);
            }
            fig.hundred_s.push(start.elapsed().as_secs_f64());
            fig.single_ms.push(median(each));
            for coupon in targets {
                e.expire_coupon(coupon).await?;
            }
        }
        eprintln!(
            "  engine: {:.1} ms per I4, {:.2} s per 100",
            median(fig.single_ms.clone()),
            median(fig.hundred_s.clone())
        );
        engines.push(fig);

        if b.name == "SQLite" {
            cli_secs = cli_bulk(&a.serve, addr, dir.path(), ctx.rounds, &mut e).await?;
        }
        memory.push(Memory {
            target: format!("wing-coupons serve, {}", b.name),
            idle,
            peak: peak_reads,
            peak_bulk: Some(procs::rss_mib(pid).1),
        });
        drop(server);
    }
    drop(pg_schema);

    let body = i3_body.context("no I3 body")?;
    let body_file = dir.path().join("i3.json");
    std::fs::write(&body_file, &body)?;
    let i3 = i3_path("1");

    eprintln!("== ceiling");
    let port = procs::free_port()?;
    let mut cmd = Command::new(std::env::current_exe()?);
    cmd.args(["ceiling", "--port", &port.to_string(), "--body"])
        .arg(&body_file);
    let c = procs::spawn_listening(cmd, port, Duration::from_secs(10))?;
    let addr = c.addr;
    procs::reset_peak(c.pid());
    ctx.load(
        "axum constant (ceiling)",
        "I3",
        addr,
        || signed_get(addr, &i3),
        Some(c.pid()),
    )
    .await?;
    memory.push(Memory {
        target: "axum constant (ceiling)".into(),
        idle: f64::NAN,
        peak: procs::rss_mib(c.pid()).1,
        peak_bulk: None,
    });
    drop(c);

    if let Some(peers) = &a.peers {
        match peer_wiremock(&mut ctx, peers, &body, &i3).await {
            Ok(m) => memory.push(m),
            Err(e) => ctx.notes.push(format!("WireMock not measured: {e:#}")),
        }
        match peer_prism(&mut ctx, peers, &body, dir.path(), &i3).await {
            Ok(m) => memory.push(m),
            Err(e) => ctx.notes.push(format!("Prism not measured: {e:#}")),
        }
    } else {
        ctx.notes
            .push("Peers skipped: no --peers directory.".into());
    }

    let text = results(&a, &ctx, &engines, &cli_secs, &memory)?;
    println!("{text}");
    if let Some(out) = &a.out {
        let doc = std::fs::read_to_string(out).unwrap_or_else(|_| "# Benchmarks\n".into());
        std::fs::write(out, report::splice(&doc, &text))?;
        eprintln!("wrote {}", out.display());
    }
    Ok(())
}

/// 1,000,000 ids from a CSV through `wing-coupons items add`, rate limit lifted, to every request
/// DONE; per round (the coupon is expired between rounds to free the items).
async fn cli_bulk(
    bin: &Path,
    addr: SocketAddr,
    dir: &Path,
    rounds: usize,
    e: &mut Engine,
) -> Result<Vec<f64>> {
    let csv = dir.join("ids.csv");
    let mut text = String::with_capacity(12 * ITEMS as usize);
    text.push_str("vendorItemId\n");
    for id in FIRST_ITEM..FIRST_ITEM + ITEMS {
        let _ = writeln!(text, "{id}");
    }
    std::fs::write(&csv, text)?;
    let mut secs = Vec::new();
    for round in 0..rounds {
        let coupon = e.create_coupon(&format!("cli {round}")).await?;
        let state = dir.join(format!("cli-state-{round}"));
        let mut cmd = Command::new(bin);
        cmd.args(["items", "add", &coupon.to_string(), "--file"])
            .arg(&csv)
            .args(["--rate-limit", "0", "--json", "--concurrency", "4"])
            .env("COUPANG_BASE_URL", format!("http://{addr}"))
            .env("COUPANG_ACCESS_KEY", "demo-access-key")
            .env("COUPANG_SECRET_KEY", "demo-secret-key")
            .env("COUPANG_VENDOR_ID", engine::VENDOR)
            .env("XDG_STATE_HOME", &state)
            .env("XDG_CONFIG_HOME", &state);
        let t = Instant::now();
        let out = tokio::task::spawn_blocking(move || cmd.output()).await??;
        let elapsed = t.elapsed().as_secs_f64();
        let summary: serde_json::Value = serde_json::from_slice(&out.stdout)
            .with_context(|| format!("CLI output: {}", String::from_utf8_lossy(&out.stderr)))?;
        if !out.status.success() || summary["applied"] != ITEMS {
            bail!("CLI bulk add: {summary}");
        }
        eprintln!("  CLI: 1,000,000 ids in {elapsed:.2} s");
        secs.push(elapsed);
        e.expire_coupon(coupon).await?;
    }
    Ok(secs)
}

async fn peer_wiremock(ctx: &mut Ctx, peers: &Path, body: &[u8], path: &str) -> Result<Memory> {
    let jar = std::fs::read_dir(peers.join("wiremock/build"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "jar"))
        .context("no WireMock jar")?;
    eprintln!("== WireMock ({})", jar.display());
    let port = procs::free_port()?;
    let mut cmd = Command::new("java");
    cmd.arg("-jar").arg(&jar).args([
        "--port",
        &port.to_string(),
        "--bind-address",
        "127.0.0.1",
        "--disable-banner",
        "--no-request-journal",
    ]);
    let w = procs::spawn_listening(cmd, port, Duration::from_secs(60))?;
    let addr = w.addr;
    let mapping = serde_json::json!({
        "request": {"method": "GET", "urlPath": path},
        "response": {"status": 200, "body": String::from_utf8_lossy(body), "headers": {"Content-Type": wing_wire::CONTENT_TYPE_JSON}}
    })
    .to_string();
    let mut conn = load::Connection::open(addr).await?;
    let status = conn
        .send(&load::request(
            "POST",
            addr,
            "/__admin/mappings",
            None,
            Some(mapping.as_bytes()),
        ))
        .await?;
    if status != 201 {
        bail!("WireMock mapping answered {status}");
    }
    procs::reset_peak(w.pid());
    ctx.load(
        "WireMock (static stub)",
        "I3",
        addr,
        || signed_get(addr, path),
        Some(w.pid()),
    )
    .await?;
    Ok(Memory {
        target: "WireMock (static stub)".into(),
        idle: f64::NAN,
        peak: procs::rss_mib(w.pid()).1,
        peak_bulk: None,
    })
}

async fn peer_prism(
    ctx: &mut Ctx,
    peers: &Path,
    body: &[u8],
    dir: &Path,
    path: &str,
) -> Result<Memory> {
    let prism = peers.join(".bin/prism");
    if !prism.exists() {
        bail!("{} missing", prism.display());
    }
    eprintln!("== Prism");
    let example: serde_json::Value = serde_json::from_slice(body)?;
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "I3 stub", "version": "1"},
        "paths": {"/v2/providers/fms/apis/api/v1/vendors/{vendorId}/requested/{requestedId}": {"get": {
            "parameters": [
                {"name": "vendorId", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "requestedId", "in": "path", "required": true, "schema": {"type": "string"}}
            ],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"example": example}}}}
        }}}
    });
    let spec_file = dir.join("prism.json");
    std::fs::write(&spec_file, spec.to_string())?;
    let port = procs::free_port()?;
    let mut cmd = Command::new(&prism);
    cmd.args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()])
        .arg(&spec_file);
    let p = procs::spawn_listening(cmd, port, Duration::from_secs(60))?;
    let addr = p.addr;
    // Prism runs under node as a child of the launcher script when it is one; measure the
    // listening process itself.
    let pid = listening_pid(port).unwrap_or(p.pid());
    procs::reset_peak(pid);
    ctx.load(
        "Prism (static example)",
        "I3",
        addr,
        || signed_get(addr, path),
        Some(pid),
    )
    .await?;
    Ok(Memory {
        target: "Prism (static example)".into(),
        idle: f64::NAN,
        peak: procs::rss_mib(pid).1,
        peak_bulk: None,
    })
}

/// The pid that owns the listening socket on `port` (via /proc/net/tcp and the fd tables).
fn listening_pid(port: u16) -> Option<u32> {
    let tcp = std::fs::read_to_string("/proc/net/tcp").ok()?;
    let inode = tcp.lines().skip(1).find_map(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        let local_port = u16::from_str_radix(f.get(1)?.rsplit(':').next()?, 16).ok()?;
        (local_port == port && f.get(3) == Some(&"0A")).then(|| f.get(9).map(|s| s.to_string()))?
    })?;
    let target = format!("socket:[{inode}]");
    for p in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = p.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(fds) = std::fs::read_dir(p.path().join("fd")) else {
            continue;
        };
        if fds
            .flatten()
            .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|l| l.to_string_lossy() == target))
        {
            return Some(pid);
        }
    }
    None
}

fn command_line(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .ok()
        .map(|o| {
            let s = if o.stdout.is_empty() {
                o.stderr
            } else {
                o.stdout
            };
            String::from_utf8_lossy(&s)
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_string()
        })
        .unwrap_or_else(|| "not found".into())
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU".into(), |(_, m)| m.trim().to_string());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("MemTotal"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or("?".into(), |kb| format!("{:.1} GiB", kb / 1024.0 / 1024.0));
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!(
        "{cores} cores ({model}), {mem} RAM, {}",
        command_line("uname", &["-sr"])
    )
}

fn results(
    a: &AllArgs,
    ctx: &Ctx,
    engines: &[EngineFigures],
    cli: &[f64],
    memory: &[Memory],
) -> Result<String> {
    let ceiling = |c: usize| {
        ctx.rows
            .iter()
            .find(|r| r.target.starts_with("axum constant") && r.concurrency == c)
            .map(LoadRow::rps)
    };
    let mut t = String::new();
    writeln!(
        t,
        "Run: {} · `bench/run` · {} rounds of {} s per load figure, medians with (min–max).\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        ctx.rounds,
        ctx.secs.as_secs()
    )?;
    writeln!(t, "Machine: {}.\n", machine())?;
    writeln!(
        t,
        "Versions: {} · {} · {} · {} · WireMock {} · Prism {}.\n",
        command_line(&a.serve.to_string_lossy(), &["--version"]),
        command_line("rustc", &["--version"]),
        command_line("psql", &["--version"]),
        command_line("java", &["-version"]),
        a.peers
            .as_ref()
            .and_then(|p| std::fs::read_to_string(p.join("wiremock/package.json")).ok())
            .and_then(|j| serde_json::from_str::<serde_json::Value>(&j).ok())
            .and_then(|v| v["version"].as_str().map(str::to_string))
            .unwrap_or_else(|| "-".into()),
        a.peers
            .as_ref()
            .map(|p| command_line(&p.join(".bin/prism").to_string_lossy(), &["--version"]))
            .unwrap_or_else(|| "-".into()),
    )?;
    writeln!(
        t,
        "### Hot reads (signed GETs over keep-alive connections)\n"
    )?;
    t.push_str(&load_table(&ctx.rows, ceiling));
    writeln!(
        t,
        "\nCPU columns are cores busy during the round (2.00 = both cores).\n"
    )?;

    writeln!(t, "### The async engine: 10,000-item I4, POST to DONE (pre-signed, loopback, I3 polled every 1 ms)\n")?;
    writeln!(t, "| backend | one I4, ms: median of 100 per round | 100 in a row, s | items/s |\n|---|---:|---:|---:|")?;
    for e in engines {
        let ips: Vec<f64> = e.hundred_s.iter().map(|s| 1_000_000.0 / s).collect();
        writeln!(
            t,
            "| {} | {} | {} | {} |",
            e.backend,
            spread(&e.single_ms, 1),
            spread(&e.hundred_s, 2),
            spread(&ips, 0)
        )?;
    }
    if !cli.is_empty() {
        writeln!(t, "\n### The CLI bulk path (SQLite)\n")?;
        writeln!(t, "1,000,000 vendor item ids from a CSV, `wing-coupons items add --rate-limit 0`, to every request DONE: **{} s**.\n", spread(cli, 2))?;
    }
    writeln!(t, "### Memory (RSS, MiB)\n\n| process | idle (after seeding) | peak, hot reads | peak, engine and CLI rounds |\n|---|---:|---:|---:|")?;
    let mib = |v: f64| {
        if v.is_nan() {
            "-".to_string()
        } else {
            format!("{v:.1}")
        }
    };
    for m in memory {
        writeln!(
            t,
            "| {} | {} | {} | {} |",
            m.target,
            mib(m.idle),
            mib(m.peak),
            m.peak_bulk.map_or("-".into(), mib)
        )?;
    }

    // The goals, measured against this run.
    writeln!(t, "\n### Goals\n\n| goal | measured | |\n|---|---|---|")?;
    let row = |target: &str, req: &str, c: usize| {
        ctx.rows
            .iter()
            .find(|r| r.target == target && r.request == req && r.concurrency == c)
    };
    for (target, min_ratio) in [("SQLite", 0.50), ("PostgreSQL", 0.25)] {
        for req in ["I3", "I9"] {
            if let (Some(r), Some(c)) = (row(target, req, 32), ceiling(32)) {
                let ratio = r.rps() / c;
                let p99_ok = target != "SQLite" || r.p99_ms() < 5.0;
                let ok = ratio >= min_ratio && p99_ok;
                let p99_goal = if target == "SQLite" {
                    ", p99 < 5 ms"
                } else {
                    ""
                };
                writeln!(t, "| {req} on {target}, c=32: ≥ {min_ratio:.2} × ceiling{p99_goal} | {ratio:.3} × , p99 {:.2} ms | {} |", r.p99_ms(), if ok { "met" } else { "**missed**" })?;
            }
        }
    }
    for (e, limit) in engines
        .iter()
        .map(|e| (e, if e.backend == "SQLite" { 60.0 } else { 150.0 }))
    {
        let m = median(e.single_ms.clone());
        writeln!(
            t,
            "| 10,000-item I4 POST→DONE on {}: ≤ {limit:.0} ms | {m:.1} ms | {} |",
            e.backend,
            if m <= limit { "met" } else { "**missed**" }
        )?;
    }
    if !cli.is_empty() {
        let m = median(cli.to_vec());
        writeln!(
            t,
            "| 1,000,000 ids through the CLI on SQLite: ≤ 15 s | {m:.2} s | {} |",
            if m <= 15.0 { "met" } else { "**missed**" }
        )?;
    }
    if let Some(m) = memory.iter().find(|m| m.target.ends_with("SQLite")) {
        let peak = m.peak.max(m.peak_bulk.unwrap_or(0.0));
        writeln!(t, "| peak RSS of serve under load on SQLite (all rounds): ≤ 30 MiB | {peak:.1} MiB | {} |", if peak <= 30.0 { "met" } else { "**missed**" })?;
    }
    for n in &ctx.notes {
        writeln!(t, "\n{n}")?;
    }
    Ok(t)
}
