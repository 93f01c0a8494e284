//! Processes the benchmark starts, and what /proc says about them.

use anyhow::{bail, Context, Result};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// CPU seconds (user + system) of a process, this one when `pid` is `None`.
pub fn cpu_seconds(pid: Option<u32>) -> f64 {
    let path = match pid {
        Some(p) => format!("/proc/{p}/stat"),
        None => "/proc/self/stat".into(),
    };
    let Ok(stat) = std::fs::read_to_string(path) else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces), 1-based: 14 utime, 15 stime,
    // 16 cutime, 17 cstime (children: the JVM's and node's threads are threads, not children).
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<u64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    // `after` starts at field 3.
    let ticks = f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0);
    ticks as f64 / 100.0 // USER_HZ is 100 on Linux
}

/// `VmRSS` and `VmHWM` (peak) of a process, in MiB.
pub fn rss_mib(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Resets the peak RSS to the current RSS, so a later peak is the load's, not the start's.
pub fn reset_peak(pid: u32) {
    let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
}

pub struct Proc {
    pub child: Child,
    pub addr: SocketAddr,
    _stdout: Option<BufReader<std::process::ChildStdout>>,
}

impl Proc {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `wing-coupons serve`, waiting for its banner's address.
pub fn serve(bin: &Path, db: &str, seed: &Path, extra: &[&str]) -> Result<Proc> {
    let mut child = Command::new(bin)
        .args(["serve", "--listen", "127.0.0.1:0", "--db", db, "--seed"])
        .arg(seed)
        .args(extra)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("starting {}", bin.display()))?;
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first)?;
    let addr = first
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .with_context(|| format!("no address in {first:?}"))?
        .parse()?;
    Ok(Proc {
        child,
        addr,
        _stdout: Some(out),
    })
}

/// Any other server: started, then given until `timeout` to accept connections on `port`.
pub fn spawn_listening(mut cmd: Command, port: u16, timeout: Duration) -> Result<Proc> {
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("starting {cmd:?}"))?;
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse()?;
    let mut p = Proc {
        child,
        addr,
        _stdout: None,
    };
    let end = Instant::now() + timeout;
    while std::net::TcpStream::connect(addr).is_err() {
        if let Some(status) = p.child.try_wait()? {
            bail!("{cmd:?} exited: {status}");
        }
        if Instant::now() > end {
            let _ = p.child.kill();
            bail!("{cmd:?} did not listen on {port} within {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(p)
}

pub fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Busy and total jiffies of the whole machine (all cores), from /proc/stat.
pub fn machine_jiffies() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let f: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(1)
        .filter_map(|x| x.parse().ok())
        .collect();
    let total: u64 = f.iter().sum();
    // idle and iowait
    let idle = f.get(3).copied().unwrap_or(0) + f.get(4).copied().unwrap_or(0);
    (total - idle, total)
}
