//! The lease market: prices per SKU and tenor, market depth, utilization, decline.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::period::{Duration, Period};

/// The lease market catalog (`catalogs/market.yaml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Market {
    /// Other market files whose `lease` entries are merged in, relative to this file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// Period the quoted prices hold in; prices move by `price_change_per_year` from it.
    pub reference_period: Period,
    /// Value of one H100-equivalent GPU-hour of internal compute, USD: what the lab
    /// would pay a neocloud for it (the opportunity cost).
    pub internal_value_usd_per_h100e_hr: f64,
    /// Lease offers per SKU id.
    pub lease: IndexMap<String, LeaseMarket>,
    /// Where each number comes from.
    pub sources: IndexMap<String, String>,
}

/// How one SKU leases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct LeaseMarket {
    /// Contract tenors offered, with their price at the reference period.
    pub tenors: Vec<Tenor>,
    /// Fraction of contracted GPU-hours billed (take-or-pay contracts bill ~all).
    pub billed_utilization: f64,
    /// Yearly relative change of new-contract prices (−0.15: 15% cheaper each year
    /// as newer GPUs arrive). A signed lease keeps its price for its tenor.
    pub price_change_per_year: f64,
    /// Sales, support and operations cost, as a fraction of lease revenue.
    pub sales_cost_fraction: f64,
    /// Market depth: price tiers on the GPUs under lease at once. The first
    /// `gpus` sell at full price, the next tier at `price_factor` of it, and so on.
    pub depth: Vec<DepthTier>,
    /// Where each number comes from.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub sources: IndexMap<String, String>,
}

/// One contract tenor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Tenor {
    /// Length of the contract; its GPUs are held for all of it.
    pub tenor: Duration,
    /// Price per GPU-hour at the reference period, USD.
    pub price_usd_per_gpu_hr: f64,
}

/// One tier of market depth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DepthTier {
    /// GPUs this tier can absorb at once.
    pub gpus: f64,
    /// Price multiplier of this tier (1.0 for the first).
    pub price_factor: f64,
}
