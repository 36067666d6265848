//! `plan.json`: the solved plan as data. The verifier reads this and the
//! scenario, nothing else; reports and the plan graph are drawn from it.
//!
//! Deterministic: no timings, versions or paths (those go to run.json).

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::graph::GraphDoc;

/// Version of this document's layout; bumped on incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlanDoc {
    pub schema_version: u32,
    pub scenario: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Period labels in order.
    pub periods: Vec<String>,
    pub solver: SolverInfo,
    pub metrics: Metrics,
    /// One row per period × site × SKU with anything installed.
    pub rows: Vec<PlanRow>,
    /// Per period × site: loads and power.
    pub site_periods: Vec<SitePeriod>,
    /// Hardware deliveries, each a cohort that retires at a set age.
    pub deliveries: Vec<Delivery>,
    pub leases: Vec<LeaseSigned>,
    pub halls: Vec<HallBuilt>,
    pub sites_opened: Vec<SiteOpened>,
    pub power_builds: Vec<PowerBuilt>,
    pub training_runs: Vec<RunPlaced>,
    pub cash_flows: Vec<CashFlow>,
    /// Duals in user units, where the solve gives them (LP, or MILP with integers fixed).
    pub shadow_prices: ShadowPrices,
    /// The buildout as a graph of actions with their schedule (see `capplan graph`).
    #[serde(default)]
    pub graph: GraphDoc,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SolverInfo {
    pub backend: String,
    /// optimal | feasible
    pub status: String,
    /// Objective the solver maximised (NPV minus unmet-demand penalty), USD.
    pub objective_usd: f64,
    /// Relative MIP gap at the end; null for an LP.
    pub mip_gap: Option<f64>,
    /// Whether integrality was relaxed.
    pub relaxed: bool,
    /// The plan is the MILP engine's rounded plan (docs/model.md §13), its gap
    /// proven against the best bound any relaxation gave, rather than one
    /// found by HiGHS's branch and bound. Written only when true.
    #[serde(default, skip_serializing_if = "is_false")]
    pub heuristic: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Metrics {
    /// Blended NPV: discounted net cash flow with internal value weighted, USD.
    pub npv_usd: f64,
    /// Undiscounted capex over the horizon (hardware, halls, power, sites), USD.
    pub capex_usd: f64,
    /// Undiscounted lease revenue billed within the horizon, USD.
    pub lease_revenue_usd: f64,
    /// Undiscounted value of internal compute served (unweighted), USD.
    pub internal_value_usd: f64,
    /// Undiscounted opex: energy, maintenance, sales cost, USD.
    pub opex_usd: f64,
    /// Salvage of retired units plus residual value at the horizon end, USD.
    pub residual_value_usd: f64,
    /// Discounted penalty of internal demand left unmet, USD.
    pub unmet_demand_penalty_usd: f64,
    /// Leased GPU-hours over installed GPU-hours.
    pub leased_share: f64,
    /// Internal rate of return of the net cash flows, per year; null if undefined.
    pub irr: Option<f64>,
    /// Weight on internal value used.
    pub internal_value_weight: f64,
    pub gpus_end: u64,
    pub gpus_leased_end: u64,
    pub gpus_internal_end: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlanRow {
    pub period: String,
    pub site: String,
    pub sku: String,
    pub units_added: f64,
    pub units_retired: f64,
    pub units_installed: f64,
    pub gpus_internal: f64,
    pub gpus_leased: f64,
    /// Design IT load of these units, MW.
    pub it_load_mw: f64,
    /// IT load × PUE, MW.
    pub facility_load_mw: f64,
    /// Power the facility peak may use in the period: the site's
    /// `peak_usable_share` of firm + generation + batteries online, MW.
    pub power_available_mw: f64,
    pub capex_usd: f64,
    /// Maintenance plus this row's share of the site's energy cost (by facility load).
    pub opex_usd: f64,
    /// Lease revenue billed in the period from these GPUs.
    pub revenue_usd: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SitePeriod {
    pub period: String,
    pub site: String,
    pub it_load_mw: f64,
    pub facility_load_mw: f64,
    /// Average facility draw (load factor applied), MW.
    pub facility_avg_mw: f64,
    pub power_available_mw: f64,
    pub hall_mw_air: f64,
    pub hall_mw_liquid: f64,
    /// Average MW drawn from each source (grid, PPA, generation).
    pub draw_mw: IndexMap<String, f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Delivery {
    pub site: String,
    pub sku: String,
    pub period: String,
    pub units: f64,
    /// Age at retirement, periods.
    pub retire_age_periods: usize,
    /// Period of retirement, or null if past the horizon.
    pub retires: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LeaseSigned {
    pub sku: String,
    pub site: String,
    pub start: String,
    pub tenor: String,
    pub tenor_periods: usize,
    /// Market depth tier, 1-based.
    pub tier: usize,
    pub gpus: f64,
    /// Price per GPU-hour after the tier factor, USD.
    pub price_usd_per_gpu_hr: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct HallBuilt {
    pub site: String,
    pub hall: String,
    pub cooling: String,
    pub it_mw: f64,
    /// Construction start, or null for a hall that already stood.
    pub start: Option<String>,
    pub ready: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SiteOpened {
    pub site: String,
    pub period: String,
    /// Fraction opened: 1 in an integer plan; an LP relaxation may open a site in parts.
    #[serde(default = "one")]
    pub share: f64,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PowerBuilt {
    pub site: String,
    pub option: String,
    pub kind: String,
    pub order: String,
    pub online: String,
    pub mw: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RunPlaced {
    pub id: String,
    pub site: String,
    pub gpus: f64,
    pub from: String,
    pub to: String,
    /// Fraction of the run placed at this site: 1 in an integer plan (one entry
    /// per run); an LP relaxation may split a run over several sites.
    #[serde(default = "one")]
    pub share: f64,
}

/// Cash flows of one period by category, USD (inflows positive).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CashFlow {
    pub period: String,
    pub capex_hardware_usd: f64,
    pub capex_halls_usd: f64,
    pub capex_power_usd: f64,
    pub capex_sites_usd: f64,
    pub lease_revenue_usd: f64,
    pub sales_cost_usd: f64,
    /// Unweighted value of internal compute served.
    pub internal_value_usd: f64,
    pub energy_usd: f64,
    pub maintenance_usd: f64,
    pub salvage_usd: f64,
    pub residual_usd: f64,
    /// Net with internal value weighted.
    pub net_usd: f64,
    pub discount_factor: f64,
    pub discounted_usd: f64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ShadowPrices {
    /// What the duals are of: "lp" (the model is an LP) or "fixed_binaries" (a
    /// MILP's LP with its yes/no decisions fixed, counts relaxed); null if none.
    pub basis: Option<String>,
    pub power: Vec<PowerPrice>,
    pub supply: Vec<SupplyPrice>,
    /// Hall space of one cooling type at a site (`it_cooling[s,c,t]`).
    #[serde(default)]
    pub halls: Vec<HallPrice>,
    /// Capex budget of a period (`budget[t]`), or over the horizon (`budget_total`, period null).
    #[serde(default)]
    pub budget: Vec<BudgetPrice>,
    /// Lease market depth of a SKU at a price tier (`depth[k,j,t]`).
    #[serde(default)]
    pub market_depth: Vec<DepthPrice>,
    /// The hard floor on internal demand (`demand_floor[t]`).
    #[serde(default)]
    pub demand_floor: Vec<DemandFloorPrice>,
    /// A flagship run's cluster at its site (`run_cluster[r,s,t]`).
    #[serde(default)]
    pub training_runs: Vec<RunPrice>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct HallPrice {
    pub site: String,
    /// air | liquid
    pub cooling: String,
    pub period: String,
    /// NPV gained per extra MW of ready hall space of that cooling type, USD.
    pub usd_per_mw: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BudgetPrice {
    /// The period of a per-period budget; null for the cumulative budget.
    pub period: Option<String>,
    /// NPV gained per extra USD of capex budget (present-value USD per USD).
    pub usd_per_usd: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DepthPrice {
    pub sku: String,
    /// Price tier, 1-based.
    pub tier: usize,
    pub period: String,
    /// NPV gained per extra GPU the market takes at that tier in that period, USD.
    pub usd_per_gpu: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DemandFloorPrice {
    pub period: String,
    /// NPV gained per H100e less of required internal compute in that period,
    /// USD (the cost of the floor; ≥ 0 where it binds).
    pub usd_per_h100e: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RunPrice {
    pub run: String,
    pub site: String,
    pub period: String,
    /// NPV gained per GPU less the run would need at that site in that period,
    /// USD (the cost of the run's size; ≥ 0 where it binds).
    pub usd_per_gpu: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PowerPrice {
    pub site: String,
    pub period: String,
    /// NPV gained per extra MW available at the site in that period, USD.
    pub usd_per_mw: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SupplyPrice {
    pub sku: String,
    pub period: String,
    /// NPV gained per extra unit of allocation, USD.
    pub usd_per_unit: f64,
}
