use crate::clock::Clock;
use crate::config::ServerConfig;
use crate::store::{ApiKey, Now, Store};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use tokio::sync::Notify;

/// What every handler shares. Cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub config: ServerConfig,
    /// Wakes the worker when a request is accepted.
    pub wake: Arc<Notify>,
    /// Access keys seen so far. Keys are only added by seeding, so entries never go stale;
    /// unknown keys are not cached, so random keys cannot grow it.
    keys: RwLock<HashMap<String, ApiKey>>,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, config: ServerConfig) -> Self {
        AppState(Arc::new(Inner {
            store,
            clock,
            config,
            wake: Arc::new(Notify::new()),
            keys: RwLock::new(HashMap::new()),
        }))
    }

    pub async fn api_key(&self, access_key: &str) -> anyhow::Result<Option<ApiKey>> {
        if let Some(k) = self
            .keys
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(access_key)
        {
            return Ok(Some(k.clone()));
        }
        let found = self.store.api_key(access_key).await?;
        if let Some(k) = &found {
            self.keys
                .write()
                .unwrap_or_else(|p| p.into_inner())
                .insert(access_key.to_string(), k.clone());
        }
        Ok(found)
    }

    pub fn now(&self) -> Now {
        crate::engine::now(self.clock.as_ref())
    }
}
