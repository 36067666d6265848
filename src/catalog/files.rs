//! The top-level shape of each YAML file: node catalogs, site catalogs, plans.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::period::Period;
use super::site::Site;
use super::sku::Sku;

/// `catalogs/nodes.yaml`: hardware SKUs by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct NodeCatalog {
    /// Other node catalogs merged in, relative to this file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    pub skus: IndexMap<String, Sku>,
}

/// `catalogs/sites.yaml`: sites by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SiteCatalog {
    /// Other site catalogs merged in, relative to this file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    pub sites: IndexMap<String, Site>,
}

/// A plan (`plans/*.yaml`): which catalogs, horizon, what is in play, demand,
/// finance and policy. Catalog entries can be overridden inline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PlanFile {
    /// Scenario name; outputs go to `out/<name>/` by default.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Catalog files, relative to this plan.
    pub catalogs: CatalogPaths,
    pub horizon: Horizon,
    /// Sites in play, by catalog id. The value may override any field of the
    /// catalog entry (halls and power merge by `id`); `{}` takes it as is.
    #[schemars(with = "IndexMap<String, serde_json::Map<String, serde_json::Value>>")]
    pub sites: IndexMap<String, serde_yaml::Value>,
    /// SKUs in play, by catalog id, with their supply allocation.
    pub skus: IndexMap<String, SkuInPlay>,
    /// Overrides of the market catalog, merged field by field (`lease.<sku>.…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub market: Option<serde_yaml::Value>,
    #[serde(default)]
    pub demand: Demand,
    pub finance: Finance,
    #[serde(default)]
    pub policy: Policy,
}

/// Where the catalogs are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CatalogPaths {
    pub nodes: String,
    pub sites: String,
    pub market: String,
}

/// Length of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    #[default]
    Quarter,
    Month,
}

/// The planning horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Horizon {
    /// First period, e.g. `2026Q1` (or `2026-01` for months).
    pub start: Period,
    /// Last period, included.
    pub end: Period,
    #[serde(default)]
    pub period: Granularity,
}

/// A SKU in play in this plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SkuInPlay {
    /// Units you can get delivered per period, as a step function: each step
    /// holds from its `from` period until the next step. None before the first.
    pub allocation: Vec<AllocationStep>,
    /// Units already installed at the start, by site (bought before the
    /// horizon: no capex in the plan, but they serve, cost upkeep and keep
    /// their book value).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub installed: IndexMap<String, u64>,
    /// When the installed units went into service (their age at the start
    /// sets when they retire and what they are worth); the horizon start if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installed_since: Option<Period>,
    /// Any other key overrides that field of the catalog SKU (`capex_usd_per_unit: …`).
    #[serde(flatten)]
    #[schemars(with = "std::collections::BTreeMap<String, serde_json::Value>")]
    pub overrides: IndexMap<String, serde_yaml::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AllocationStep {
    pub from: Period,
    pub units_per_period: f64,
}

/// Internal training demand.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Demand {
    /// Internal compute wanted, H100-equivalents (by dense BF16), as a step function.
    #[serde(default)]
    pub h100e: Vec<DemandStep>,
    /// Share of demand that must be met (hard floor), 0–1.
    #[serde(default)]
    pub floor_fraction: f64,
    /// Penalty per H100e-hour of demand not met above the floor, USD.
    #[serde(default)]
    pub unmet_penalty_usd_per_h100e_hr: f64,
    /// Training runs that each need one contiguous cluster at a single site.
    #[serde(default)]
    pub training_runs: Vec<TrainingRun>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DemandStep {
    pub from: Period,
    pub h100e: f64,
}

/// A flagship run: `gpus` internal GPUs of `skus` at one site, from `from` to `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TrainingRun {
    pub id: String,
    pub gpus: u64,
    pub from: Period,
    pub to: Period,
    /// SKUs the cluster may be built of; all in play if empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skus: Vec<String>,
}

/// Money matters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Finance {
    /// Discount rate per year (cost of capital), e.g. 0.10.
    pub discount_rate_per_year: f64,
    /// Weight of internal compute value in the objective: 0 = as a neocloud, 1 = as a lab.
    pub internal_value_weight: f64,
    /// Capex budget per period as a step function, USD.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capex_budget: Vec<BudgetStep>,
    /// Total capex over the horizon, USD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cumulative_capex_usd: Option<f64>,
    /// What the fleet installed before the horizon is worth at the start,
    /// USD: charged at time 0 in the plan's capital IRR. Absent: the model's
    /// own value of those units at their age (docs/model.md §9.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening_fleet_value_usd: Option<f64>,
    /// Tax on taxable income (lease margin less depreciation and interest),
    /// 0–1; paid each calendar year, never below zero (docs/model.md §16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_rate: Option<f64>,
    /// Debt secured on the hardware and on signed leases (docs/model.md §16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debt: Option<Debt>,
}

/// A debt facility: each period up to `loan_to_value` of that period's
/// hardware capex may be drawn, each draw repaid over `term`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Debt {
    /// Most of a period's hardware capex debt may fund, 0–1.
    pub loan_to_value: f64,
    /// Interest per year on the balance outstanding, e.g. 0.11.
    pub rate_per_year: f64,
    /// Repayment term of each draw, e.g. `5y`.
    pub term: super::period::Duration,
    /// `linear`: equal principal every period of the term; `bullet`: all of
    /// it at the term's end. Interest either way on the balance.
    #[serde(default)]
    pub amortization: Amortization,
    /// Lenders' coverage: each calendar year's debt service at most the
    /// contracted lease revenue (plus `internal_value_share` of internal
    /// value) divided by this, e.g. 1.3.
    pub coverage_ratio: f64,
    /// Share of internal value lenders count with contracted lease revenue, 0–1.
    #[serde(default)]
    pub internal_value_share: f64,
}

/// How a debt draw is repaid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Amortization {
    #[default]
    Linear,
    Bullet,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct BudgetStep {
    pub from: Period,
    pub usd_per_period: f64,
}

/// Modelling choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Policy {
    /// Whole units, blocks and halls (MILP); `false` solves the LP relaxation.
    #[serde(default = "yes")]
    pub integer_units: bool,
    /// Least share of GPU-hours leased over the horizon, 0–1.
    #[serde(default)]
    pub min_leased_share: f64,
    /// Most share of GPU-hours leased over the horizon, 0–1.
    #[serde(default = "one")]
    pub max_leased_share: f64,
    /// Average IT draw as a fraction of design IT power.
    #[serde(default = "default_load_factor")]
    pub load_factor: f64,
    /// Earlier retirement ages a unit may be retired at, besides its useful life
    /// (refresh). Empty: units always serve their whole life.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub early_retirement_ages: Vec<super::period::Duration>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            integer_units: true,
            min_leased_share: 0.0,
            max_leased_share: 1.0,
            load_factor: default_load_factor(),
            early_retirement_ages: Vec::new(),
        }
    }
}

fn yes() -> bool {
    true
}

fn one() -> f64 {
    1.0
}

fn default_load_factor() -> f64 {
    0.8
}
