//! Seed data: the vendors, keys, WING users, contracts, vendor items and orders a server starts
//! with. `--seed FILE` reads this format; with an empty database and no `--seed`, the demo seed
//! (`demo-seed.json`, documented in the README) is loaded.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Seed {
    pub vendors: Vec<SeedVendor>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedVendor {
    pub vendor_id: String,
    #[serde(default)]
    pub keys: Vec<SeedKey>,
    /// WING login ids of this vendor's users.
    #[serde(default)]
    pub users: Vec<String>,
    #[serde(default)]
    pub contracts: Vec<SeedContract>,
    #[serde(default)]
    pub vendor_items: Vec<SeedItem>,
    #[serde(default)]
    pub vendor_item_ranges: Vec<SeedItemRange>,
    #[serde(default)]
    pub orders: Vec<SeedOrder>,
}

#[derive(Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedKey {
    pub access_key: String,
    pub secret_key: String,
}

impl std::fmt::Debug for SeedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "SeedKey {{ access_key: {:?}, secret_key: *** }}",
            self.access_key
        )
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedContract {
    pub contract_id: i64,
    pub vendor_contract_id: Option<i64>,
    /// `CONTRACT_BASED` or `NON_CONTRACT_BASED`.
    #[serde(rename = "type")]
    pub kind: wing_wire::fms::ContractType,
    pub start: String,
    pub end: String,
    #[serde(default = "hundred")]
    pub seller_share_ratio: f64,
    #[serde(default)]
    pub coupang_share_ratio: f64,
    #[serde(default)]
    pub gmv_ratio: f64,
    #[serde(default = "yes")]
    pub use_budget: bool,
    /// The budget of every month of the contract (C1 `totalBudgetAmount`).
    #[serde(default)]
    pub monthly_budget: i64,
    pub modified_at: Option<String>,
    #[serde(default = "wing_coupons")]
    pub modified_by: String,
}

fn hundred() -> f64 {
    100.0
}
fn yes() -> bool {
    true
}
fn wing_coupons() -> String {
    "wing-coupons".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedItem {
    pub vendor_item_id: i64,
    pub price: i64,
}

/// `first..=last`, each with a price between `minPrice` and `maxPrice` in 10-won steps, picked by
/// [`range_price`] so that it is the same on every run.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedItemRange {
    pub first: i64,
    pub last: i64,
    pub min_price: i64,
    pub max_price: i64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SeedOrder {
    pub order_id: i64,
    /// KST `yyyy-MM-dd HH:mm:ss`: the coupons that applied to the items at this time are the
    /// order's coupons (I10).
    pub ordered_at: String,
    pub vendor_item_ids: Vec<i64>,
}

/// The price of vendor item `id` in a range: `minPrice + ((id × 7919) mod steps) × 10`, where
/// `steps` is the number of 10-won steps in the range.
pub fn range_price(id: i64, min_price: i64, max_price: i64) -> i64 {
    let steps = (max_price - min_price) / 10 + 1;
    min_price + (id.wrapping_mul(7919).rem_euclid(steps)) * 10
}

impl SeedVendor {
    pub fn all_vendor_items(&self) -> impl Iterator<Item = (i64, i64)> + '_ {
        let listed = self
            .vendor_items
            .iter()
            .map(|i| (i.vendor_item_id, i.price));
        let ranged = self.vendor_item_ranges.iter().flat_map(|r| {
            (r.first..=r.last).map(move |id| (id, range_price(id, r.min_price, r.max_price)))
        });
        listed.chain(ranged)
    }
}

pub const DEMO_JSON: &str = include_str!("demo-seed.json");

pub fn demo() -> Seed {
    serde_json::from_str(DEMO_JSON).expect("the embedded demo seed is valid")
}

pub fn parse(json: &str) -> Result<Seed, serde_json::Error> {
    serde_json::from_str(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_is_as_documented() {
        let d = demo();
        let v = &d.vendors[0];
        assert_eq!(v.vendor_id, "A00012345");
        let items: Vec<_> = v.all_vendor_items().collect();
        assert_eq!(items.len(), 10_000);
        assert_eq!(items[0].0, 3_000_000_001);
        assert!(items
            .iter()
            .all(|(_, p)| (10_000..=50_000).contains(p) && p % 10 == 0));
        assert_eq!(d.vendors[1].all_vendor_items().count(), 1_000);
    }
}
