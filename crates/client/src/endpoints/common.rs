//! C1–C3: contracts and budgets.

use crate::decode;
use crate::endpoints::query;
use crate::error::Result;
use crate::transport::Client;
use wing_wire::fms::{Budget, Contract};

impl Client {
    /// C1. Budgets per contract and month; `contract_id` -1 is the free contract, `target_month`
    /// is `yyyy-MM` (default: this month).
    pub async fn budgets(
        &self,
        contract_id: Option<i64>,
        target_month: Option<&str>,
    ) -> Result<Vec<Budget>> {
        let q = query([
            ("contractId", contract_id.map(|c| c.to_string())),
            ("targetMonth", target_month.map(str::to_string)),
        ]);
        let a = self.get(&self.fms_path("v1", "/budgets"), &q).await?;
        Ok(decode::fms(a)?.content)
    }

    /// C2. One contract.
    pub async fn contract(&self, contract_id: i64) -> Result<Contract> {
        let q = query([("contractId", Some(contract_id.to_string()))]);
        let a = self.get(&self.fms_path("v2", "/contract"), &q).await?;
        Ok(decode::fms(a)?.content)
    }

    /// C3. Every contract of the vendor.
    pub async fn contracts(&self) -> Result<Vec<Contract>> {
        let a = self.get(&self.fms_path("v2", "/contract/list"), "").await?;
        Ok(decode::fms(a)?.content)
    }
}
