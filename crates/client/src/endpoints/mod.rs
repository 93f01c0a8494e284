//! One typed method per endpoint of the spec, grouped by family.

pub mod common;
pub mod download;
pub mod instant;

use crate::error::{Error, Result};
use crate::transport::{Answer, Call, Client};
use reqwest::Method;
use serde::Serialize;

pub(crate) const FMS: &str = "/v2/providers/fms/apis/api";
pub(crate) const MARKETPLACE: &str = "/v2/providers/marketplace_openapi/apis/api/v1";

/// A query string from pairs, encoded once: the same bytes are signed and sent.
pub(crate) fn query<'a>(pairs: impl IntoIterator<Item = (&'a str, Option<String>)>) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        if let Some(v) = v {
            s.append_pair(k, &v);
        }
    }
    s.finish()
}

impl Client {
    pub(crate) async fn get(&self, path: &str, query: &str) -> Result<Answer> {
        self.execute(Method::GET, path, query, None, Call::Read)
            .await
    }

    pub(crate) async fn mutate(
        &self,
        method: Method,
        path: &str,
        query: &str,
        body: Option<&impl Serialize>,
    ) -> Result<Answer> {
        let body = body
            .map(serde_json::to_vec)
            .transpose()
            .map_err(|e| Error::Config(format!("request body: {e}")))?;
        self.execute(method, path, query, body, Call::Mutation)
            .await
    }

    /// `/v2/providers/fms/apis/api/{version}/vendors/{vendorId}{rest}`.
    pub(crate) fn fms_path(&self, version: &str, rest: &str) -> String {
        format!("{FMS}/{version}/vendors/{}{rest}", self.vendor_id())
    }
}
