//! `plan.json`: the solved plan as data. The verifier reads this and the
//! scenario, nothing else; reports and the plan graph are drawn from it.
//!
//! Deterministic: no timings, versions or paths (those go to run.json).

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::graph::GraphDoc;

/// Version of this document's layout; bumped on incompatible change.
/// 2 added the optional `segments`, `capital`, `financing` and
/// `scenario_set` sections; a version-1 file (which has
/// none of the version-2 sections) still reads (`read_plan`).
pub const SCHEMA_VERSION: u32 = 2;

/// The versions `read_plan` reads: every version whose fields are a subset
/// of this one's, each new one optional.
pub const READABLE_SCHEMA_VERSIONS: &[u32] = &[1, 2];

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
    /// The two businesses' accounts, leasing and internal training
    /// (docs/model.md §9.1). Added in schema version 2.
    #[serde(default)]
    pub segments: Segments,
    /// Funding need, payback, committed capex and the IRR with the installed
    /// fleet charged (docs/model.md §9.2). Added in schema version 2.
    #[serde(default)]
    pub capital: Capital,
    /// Debt and tax, when the plan has `finance.debt` or `finance.tax_rate`
    /// (docs/model.md §16). Added in schema version 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub financing: Option<Financing>,
    /// Only in the top-level plan.json of `solve --scenarios`: the set this
    /// plan is the shown branch of (docs/scenario-sets.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario_set: Option<Box<ScenarioSetDoc>>,
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
    /// The site's `peak_usable_share` where it is below 1: the row then
    /// counts nameplate MW (firm + built), of which this share is usable, so
    /// the price is per MW of nameplate. Absent at a share of 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_usable_share: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SupplyPrice {
    pub sku: String,
    pub period: String,
    /// NPV gained per extra unit of allocation, USD.
    pub usd_per_unit: f64,
}

/// Segment accounts: one entry per calendar year the horizon touches, then
/// one for the whole horizon (`year: "horizon"`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Segments {
    pub years: Vec<SegmentYear>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SegmentYear {
    /// Calendar year (`2027`), or `horizon` for the whole plan.
    pub year: String,
    /// Length covered, years (a part year at either end is shorter than 1).
    pub length_years: f64,
    pub leasing: SegmentAccount,
    pub internal: SegmentAccount,
}

/// One segment's accounts over a year or the horizon. Costs are positive
/// numbers; margins are over revenue (null under $1 of revenue).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct SegmentAccount {
    /// GPU-hours the segment used (leased, or kept for internal training).
    pub gpu_hours: f64,
    /// Lease billings, or internal compute at its value (unweighted), USD.
    pub revenue_usd: f64,
    /// Energy, maintenance (shared by GPU-hours) and sales cost, USD.
    pub direct_cost_usd: f64,
    pub ebitda_usd: f64,
    pub ebitda_margin: Option<f64>,
    /// Straight-line depreciation of hardware, halls, power and site
    /// development, shared by GPU-hours, USD.
    pub depreciation_usd: f64,
    /// Units sold before the end of their life: sale price (the model's book
    /// value) less straight-line book value, USD (usually a loss, < 0).
    pub disposal_gain_usd: f64,
    /// EBITDA − depreciation + disposal gain, USD.
    pub ebit_usd: f64,
    pub ebit_margin: Option<f64>,
    /// Mean over the periods of the book value of the assets the segment
    /// used at each period's end (construction in progress included), USD.
    pub capital_employed_usd: f64,
    /// EBIT per year over capital employed; null under $1 of capital.
    pub return_on_capital: Option<f64>,
}

/// What the plan needs raised, when it pays back, and its IRR with the
/// installed fleet charged at the start.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Capital {
    /// Per period: cash (capex, lease revenue, costs, salvage; not internal
    /// value, not the horizon-end residual) and its running sum, USD.
    pub cash: Vec<CashPosition>,
    /// Deepest point of the running cash, as a positive need (0 if never
    /// below zero), USD.
    pub peak_funding_usd: f64,
    /// Period of that deepest point; null if cash never goes below zero.
    pub peak_funding_period: Option<String>,
    /// First period from whose end the IRR's flows, summed without the
    /// horizon-end residual, stay ≥ 0; null if not within the horizon.
    pub payback_period: Option<String>,
    /// Capex by the quarter it is committed: hardware ordered (a lead time
    /// before delivery), halls started, power ordered, sites opened, USD.
    pub committed_capex: Vec<CommittedCapex>,
    /// Value of the fleet installed before the horizon, charged at time 0 in
    /// the IRR, USD.
    pub opening_fleet_value_usd: f64,
    /// `model_value` (the model's value at their age, what the model sells
    /// units at), `plan` (finance.opening_fleet_value_usd) or `none`.
    pub opening_fleet_value_basis: String,
    /// Yearly IRR of the opening charge at time 0 then the net flows;
    /// null if undefined.
    pub irr: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CashPosition {
    pub period: String,
    pub cash_usd: f64,
    pub cumulative_usd: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CommittedCapex {
    /// Quarter label (`2027Q2`).
    pub quarter: String,
    pub hardware_usd: f64,
    pub halls_usd: f64,
    pub power_usd: f64,
    pub sites_usd: f64,
    pub total_usd: f64,
}

/// The plan financed: the debt schedule, tax, coverage and the equity's flows.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Financing {
    pub periods: Vec<FinancingPeriod>,
    pub years: Vec<FinancingYear>,
    /// Discounted equity cash flows (the solver's objective, before the
    /// unmet-demand penalty), USD.
    pub equity_npv_usd: f64,
    /// Yearly IRR of the equity's flows, the installed fleet charged at time
    /// 0 as in `capital.irr`; null if undefined.
    pub equity_irr: Option<f64>,
    /// Deepest running sum of the equity's cash (the project's cash as in
    /// `capital.cash`, plus draws, interest, principal and tax), as a
    /// positive need (0 if never below zero), USD.
    #[serde(default)]
    pub equity_peak_funding_usd: f64,
    /// Period of that deepest point; null if it never goes below zero.
    #[serde(default)]
    pub equity_peak_funding_period: Option<String>,
    /// First period from whose end −opening fleet value plus the equity's
    /// flows without the horizon-end residual, summed, stay ≥ 0; null if not
    /// within the horizon.
    #[serde(default)]
    pub equity_payback_period: Option<String>,
}

/// One period's financing, USD (inflows positive).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FinancingPeriod {
    pub period: String,
    pub draw_usd: f64,
    pub interest_usd: f64,
    /// Scheduled repayment, and in the last period what is still owed.
    pub principal_usd: f64,
    pub tax_usd: f64,
    /// Debt owed at the period's end (after repayment).
    pub debt_outstanding_usd: f64,
    /// The project's net flow (internal value weighted) plus the above.
    pub equity_cash_usd: f64,
}

/// One calendar year's debt service against what covers it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FinancingYear {
    pub year: String,
    /// Interest and scheduled principal (not the repayment at the horizon end), USD.
    pub debt_service_usd: f64,
    /// Lease revenue of the year from leases signed by its first period, plus
    /// the lenders' share of internal value, USD.
    pub covered_revenue_usd: f64,
    /// Covered revenue over debt service; null without service.
    pub coverage: Option<f64>,
    pub tax_usd: f64,
}

// The `scenario_set` section (schema version 2): a scenario set solved as one
// plan (docs/scenario-sets.md). Here rather than in scenario_set.rs, which
// re-exports it, because it is made of plan.json's own shapes.

/// The level of the CVaR reported when no `--risk` is asked for.
pub const DEFAULT_CVAR_ALPHA: f64 = 0.9;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ScenarioSetDoc {
    /// The set's `name`.
    pub set: String,
    /// The plan's name (before any branch's what-ifs).
    pub plan: String,
    pub decide_by: String,
    /// The branch whose plan the rest of this plan.json is: the most probable
    /// (the first of equals in the set's order). Its decisions before
    /// `decide_by` are every branch's.
    pub shown_branch: String,
    /// `expected` (risk-neutral) or `cvar`.
    pub objective: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<RiskDoc>,
    pub solver: SetSolverDoc,
    pub branches: Vec<BranchDoc>,
    /// Σ p_b · blended NPV_b, USD.
    pub expected_npv_usd: f64,
    /// Σ p_b · objective_b (NPV less the unmet-demand penalty), USD.
    pub expected_objective_usd: f64,
    /// CVaR of the branches' NPVs at level `cvar_alpha`: the mean NPV of the
    /// worst 1 − α of the probability mass, USD.
    pub cvar_npv_usd: f64,
    /// α of `--risk cvar --alpha`, or 0.9 when no risk measure was asked for.
    pub cvar_alpha: f64,
    /// Each branch solved alone, averaged: Σ p_b · max objective_b, USD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_and_see_objective_usd: Option<f64>,
    /// Expected value of perfect information: wait-and-see less expected objective, USD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evpi_usd: Option<f64>,
    /// With a MILP: the relative MIP gap (the larger of the one reached and
    /// the one asked for) × |expected objective|, USD. Every solve behind
    /// EVPI and VSS stops within such a gap, so an EVPI or VSS smaller than
    /// this is 0 to the solver's precision (even when negative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap_tolerance_usd: Option<f64>,
    /// The value of the stochastic solution, where computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vss: Option<VssDoc>,
    /// Decisions before `decide_by` tied across branches.
    pub shared: SharedDoc,
    /// The decisions made before `decide_by`: one plan for every branch.
    pub here_and_now: HereAndNowDoc,
}

/// The here-and-now decisions, in plan.json's own shapes: deliveries ordered
/// before `decide_by` (delivered before it plus the SKU's lead time), leases
/// signed, halls started, sites opened, power ordered and training runs
/// starting before it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct HereAndNowDoc {
    pub deliveries: Vec<Delivery>,
    pub leases: Vec<LeaseSigned>,
    pub halls: Vec<HallBuilt>,
    pub sites_opened: Vec<SiteOpened>,
    pub power_builds: Vec<PowerBuilt>,
    pub training_runs: Vec<RunPlaced>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RiskDoc {
    pub alpha: f64,
    pub lambda: f64,
    /// η at the optimum: the value-at-risk threshold, USD.
    pub var_usd: f64,
    /// CVaR_α of the branches' objectives (mean of the worst 1−α), USD.
    pub cvar_usd: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SetSolverDoc {
    pub backend: String,
    pub status: String,
    /// The extensive form's objective, USD.
    pub objective_usd: f64,
    pub relaxed: bool,
    /// Relative MIP gap at the end; null for an LP.
    pub mip_gap: Option<f64>,
    pub variables: usize,
    pub integers: usize,
    pub constraints: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BranchDoc {
    pub name: String,
    pub probability: f64,
    /// The branch's scenario name (`plan+whatif…`).
    pub scenario: String,
    /// Its plan.json, relative to this one.
    pub plan: String,
    /// NPV less the unmet-demand penalty, USD.
    pub objective_usd: f64,
    /// The branch plan's metrics, as in its plan.json.
    pub metrics: Metrics,
    /// The branch solved on its own (perfect information), USD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alone_objective_usd: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct VssDoc {
    /// How the plan for the average future was made.
    pub definition: String,
    /// Expected objective of the average future's here-and-now plan, each
    /// branch re-solved with it fixed, USD (null if a branch is infeasible with it).
    pub expected_objective_usd: Option<f64>,
    /// This plan's expected objective less that one, USD.
    pub vss_usd: Option<f64>,
    /// Branches in which the average future's early decisions are infeasible.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub infeasible_branches: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SharedDoc {
    /// `nonanticipative` rows.
    pub rows: usize,
    /// Early decision columns fixed to 0 because some branch cannot make them.
    pub fixed_absent: usize,
}
