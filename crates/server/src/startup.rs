//! Building and running the server: open the store, seed it, bind, serve, and start the worker.

use crate::clock::Clock;
use crate::config::ServerConfig;
use crate::seed::Seed;
use crate::state::AppState;
use crate::{engine, http, store};
use anyhow::{Context, Result};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// What to put in an empty database.
#[derive(Debug, Clone)]
pub enum Seeding {
    /// The documented demo vendors, keys and items.
    Demo,
    /// The user's own seed file.
    File(Seed),
    /// Nothing.
    None,
}

/// A running server. Dropping it does not stop it; call [`Running::stop`] or let the runtime end.
pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
    /// Whether this start seeded an empty database.
    pub seeded: bool,
    server: JoinHandle<std::io::Result<()>>,
    worker: JoinHandle<()>,
}

impl Running {
    /// Waits until the server stops (it runs until the process ends).
    pub async fn wait(self) -> Result<()> {
        let r = self.server.await.context("server task")?;
        self.worker.abort();
        Ok(r?)
    }

    pub fn stop(&self) {
        self.server.abort();
        self.worker.abort();
    }
}

pub async fn start(
    config: ServerConfig,
    seeding: Seeding,
    clock: Arc<dyn Clock>,
) -> Result<Running> {
    let store = store::open(&config.db, config.pool_size).await?;
    let seeded = match seeding {
        Seeding::None => Ok(false),
        Seeding::File(seed) => store.seed_if_empty(&seed).await,
        Seeding::Demo => store.seed_if_empty(&crate::seed::demo()).await,
    }
    .context("seeding the database")?;
    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("binding {}", config.listen))?;
    let addr = listener.local_addr()?;
    let (poll, delay) = (config.worker_poll, config.processing_delay);
    let state = AppState::new(store.clone(), clock.clone(), config);
    let worker = engine::spawn_worker(store, clock, state.wake.clone(), poll, delay);
    let app = http::router(state.clone());
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(Running {
        addr,
        state,
        seeded,
        server,
        worker,
    })
}
