//! The load generator: N keep-alive HTTP/1.1 connections, each sending the same request bytes
//! back to back, bounded in time and in count. Raw TCP and a minimal response reader, so the
//! generator costs as little CPU as possible on a machine it shares with the server.

use anyhow::{bail, Context, Result};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

pub fn request(
    method: &str,
    host: SocketAddr,
    path: &str,
    authorization: Option<&str>,
    body: Option<&[u8]>,
) -> Vec<u8> {
    let mut r = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: wing-bench\r\n");
    if let Some(a) = authorization {
        r.push_str(&format!("Authorization: {a}\r\n"));
    }
    if let Some(b) = body {
        r.push_str(&format!(
            "Content-Type: application/json;charset=UTF-8\r\nContent-Length: {}\r\n",
            b.len()
        ));
    }
    r.push_str("\r\n");
    let mut bytes = r.into_bytes();
    if let Some(b) = body {
        bytes.extend_from_slice(b);
    }
    bytes
}

/// One keep-alive connection.
pub struct Connection {
    stream: BufReader<TcpStream>,
    line: Vec<u8>,
    pub body: Vec<u8>,
}

impl Connection {
    pub async fn open(addr: SocketAddr) -> Result<Connection> {
        let s = TcpStream::connect(addr)
            .await
            .with_context(|| format!("connecting to {addr}"))?;
        s.set_nodelay(true)?;
        Ok(Connection {
            stream: BufReader::with_capacity(16 * 1024, s),
            line: Vec::with_capacity(256),
            body: Vec::with_capacity(4096),
        })
    }

    /// Sends a request and reads the whole answer; its status. The body is in `self.body`.
    pub async fn send(&mut self, request: &[u8]) -> Result<u16> {
        self.stream.get_mut().write_all(request).await?;
        self.line.clear();
        if self.stream.read_until(b'\n', &mut self.line).await? == 0 {
            bail!("connection closed");
        }
        let status: u16 = std::str::from_utf8(&self.line)?
            .split_whitespace()
            .nth(1)
            .context("status line")?
            .parse()?;
        let mut length = None;
        let mut chunked = false;
        loop {
            self.line.clear();
            self.stream.read_until(b'\n', &mut self.line).await?;
            let l = std::str::from_utf8(&self.line)?.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = Some(v.trim().parse::<usize>()?);
                } else if k.eq_ignore_ascii_case("transfer-encoding")
                    && v.to_ascii_lowercase().contains("chunked")
                {
                    chunked = true;
                }
            }
        }
        self.body.clear();
        if chunked {
            loop {
                self.line.clear();
                self.stream.read_until(b'\n', &mut self.line).await?;
                let size = usize::from_str_radix(std::str::from_utf8(&self.line)?.trim(), 16)?;
                if size == 0 {
                    self.line.clear();
                    self.stream.read_until(b'\n', &mut self.line).await?;
                    break;
                }
                let start = self.body.len();
                self.body.resize(start + size, 0);
                self.stream.read_exact(&mut self.body[start..]).await?;
                self.line.clear();
                self.stream.read_until(b'\n', &mut self.line).await?;
            }
        } else {
            let n = length.context("no Content-Length")?;
            self.body.resize(n, 0);
            self.stream.read_exact(&mut self.body).await?;
        }
        Ok(status)
    }
}

#[derive(Debug, Clone, Copy)]
pub struct LoadResult {
    pub errors: u64,
    pub rps: f64,
    pub p50_us: u64,
    pub p99_us: u64,
    /// CPU the generator used, in cores (1.0 = one core busy).
    pub generator_cpu: f64,
    /// CPU the server used, in cores, when its pid is known.
    pub server_cpu: Option<f64>,
    /// CPU the whole machine used, in cores: server, generator and database together.
    pub machine_cpu: f64,
}

/// Runs `concurrency` connections for `duration` or `max_requests` answers, whichever first.
pub async fn run(
    addr: SocketAddr,
    request: Arc<Vec<u8>>,
    concurrency: usize,
    duration: Duration,
    max_requests: u64,
    server_pid: Option<u32>,
) -> Result<LoadResult> {
    let done = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let cpu0 = crate::procs::cpu_seconds(None);
    let machine0 = crate::procs::machine_jiffies();
    let server0 = server_pid.map(|p| crate::procs::cpu_seconds(Some(p)));
    let start = Instant::now();
    let deadline = start + duration;
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (request, done, errors) = (request.clone(), done.clone(), errors.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(65536);
            let mut conn = Connection::open(addr).await?;
            while Instant::now() < deadline && done.load(Ordering::Relaxed) < max_requests {
                let t = Instant::now();
                match conn.send(&request).await {
                    Ok(200) => latencies.push(t.elapsed().as_micros() as u64),
                    Ok(_) => {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(_) => {
                        errors.fetch_add(1, Ordering::Relaxed);
                        conn = Connection::open(addr).await?;
                    }
                }
                done.fetch_add(1, Ordering::Relaxed);
            }
            Ok::<_, anyhow::Error>(latencies)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    let secs = start.elapsed().as_secs_f64();
    let generator_cpu = (crate::procs::cpu_seconds(None) - cpu0) / secs;
    let server_cpu = server_pid
        .zip(server0)
        .map(|(p, c0)| (crate::procs::cpu_seconds(Some(p)) - c0) / secs);
    let machine1 = crate::procs::machine_jiffies();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    let machine_cpu =
        (machine1.0 - machine0.0) as f64 / ((machine1.1 - machine0.1).max(1)) as f64 * cores;
    all.sort_unstable();
    let pct = |q: f64| {
        all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0)
    };
    Ok(LoadResult {
        errors: errors.load(Ordering::Relaxed),
        rps: all.len() as f64 / secs,
        p50_us: pct(0.50),
        p99_us: pct(0.99),
        generator_cpu,
        server_cpu,
        machine_cpu,
    })
}
