//! A plan resolved against its catalogs: index sets and per-period parameters
//! in the units the model and the verifier work in.
//!
//! Everything downstream (model, verifier, reports) reads a [`Scenario`] and
//! nothing of the YAML: periods are indices `0..T`, durations are whole
//! periods, step functions are per-period vectors, money is USD.

mod resolve;

use serde::Serialize;

use crate::catalog::period::Period;
use crate::catalog::site::PowerKind;
use crate::catalog::sku::Cooling;

pub use resolve::resolve;

/// Hours in a year, for per-hour prices.
pub const HOURS_PER_YEAR: f64 = 8760.0;

/// Default depreciation lives (estimates: data-center shells and M&E are
/// depreciated over 15–39 years; 20 is a common planning figure; batteries
/// warrant 10–15).
pub const DEFAULT_HALL_LIFE_MONTHS: i64 = 20 * 12;
pub const DEFAULT_GAS_LIFE_MONTHS: i64 = 20 * 12;
pub const DEFAULT_BATTERY_LIFE_MONTHS: i64 = 15 * 12;

/// Straight-line book value left at the end of the horizon of an asset
/// costing `capex` that entered service in period `from` (of `periods`).
pub fn straight_line_residual(capex: f64, from: usize, periods: usize, life_periods: usize) -> f64 {
    if from >= periods {
        return 0.0;
    }
    let age = (periods - from) as f64;
    capex * (1.0 - age / life_periods.max(1) as f64).max(0.0)
}

#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    pub name: String,
    pub description: Option<String>,
    /// Period labels, `0..T`.
    pub periods: Vec<Period>,
    /// Months in one period: 3 (quarters) or 1.
    pub period_months: i64,
    pub hours_per_period: f64,
    pub discount_rate_per_year: f64,
    /// Discount factor of a cash flow in period `t` (end-of-period convention):
    /// `(1 + r)^-(t+1)` with `r` the per-period rate `(1 + r_year)^(months/12) - 1`.
    pub discount: Vec<f64>,
    /// Weight of internal compute value in the objective (0 neocloud, 1 lab).
    pub internal_value_weight: f64,
    pub internal_value_usd_per_h100e_hr: f64,
    pub skus: Vec<ScenarioSku>,
    pub sites: Vec<ScenarioSite>,
    /// Internal demand per period, H100-equivalents.
    pub demand_h100e: Vec<f64>,
    pub demand_floor_fraction: f64,
    pub unmet_penalty_usd_per_h100e_hr: f64,
    pub runs: Vec<ScenarioRun>,
    /// Capex budget per period, USD (`None`: no limit).
    pub capex_budget_usd: Vec<Option<f64>>,
    pub cumulative_capex_usd: Option<f64>,
    /// Value of the installed fleet at the start given by the plan, USD.
    pub opening_fleet_value_usd: Option<f64>,
    /// Tax on taxable income per calendar year (0: none).
    pub tax_rate: f64,
    /// The debt facility, if the plan has one.
    pub debt: Option<ScenarioDebt>,
    pub integer_units: bool,
    pub min_leased_share: f64,
    pub max_leased_share: f64,
    /// Average IT draw over design IT power.
    pub load_factor: f64,
}

impl Scenario {
    pub fn num_periods(&self) -> usize {
        self.periods.len()
    }

    pub fn sku(&self, id: &str) -> Option<usize> {
        self.skus.iter().position(|s| s.id == id)
    }

    pub fn site(&self, id: &str) -> Option<usize> {
        self.sites.iter().position(|s| s.id == id)
    }
}

/// `finance.debt` resolved to periods.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioDebt {
    pub loan_to_value: f64,
    pub rate_per_year: f64,
    /// `(1 + rate_per_year)^(m/12) − 1`.
    pub rate_per_period: f64,
    pub term_periods: usize,
    /// All principal at the term's end (else equal principal each period).
    pub bullet: bool,
    pub coverage_ratio: f64,
    pub internal_value_share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioSku {
    pub id: String,
    pub name: String,
    pub gpus_per_unit: f64,
    pub it_kw_per_unit: f64,
    pub cooling: Cooling,
    pub capex_usd_per_unit: f64,
    /// H100-equivalents per GPU (dense BF16 / 989).
    pub h100e_per_gpu: f64,
    pub life_periods: usize,
    /// Ages, in periods, a cohort may retire at: the early-retirement ages that
    /// are shorter than the life, then the life itself (always last).
    pub retire_ages: Vec<usize>,
    pub maintenance_usd_per_unit_period: f64,
    pub lead_periods: usize,
    /// First period a delivery can arrive: availability and order lead time.
    pub first_delivery: usize,
    /// Units deliverable per period.
    pub allocation_units: Vec<f64>,
    pub residual_fraction_end_of_life: f64,
    /// Units installed at the start, by site index (no capex in the plan).
    pub installed_at_start: Vec<(usize, f64)>,
    /// Age of the units installed at the start, in periods, at period 0.
    pub installed_age_periods: usize,
    pub lease: Option<ScenarioLease>,
}

impl ScenarioSku {
    /// Periods the units installed at the start still serve: they are in
    /// service for `t < preinstalled_periods_left()` and retire then.
    pub fn preinstalled_periods_left(&self) -> usize {
        self.life_periods.saturating_sub(self.installed_age_periods)
    }

    /// Book value of one unit at `age` periods: capex × r^(age / life), with r
    /// the residual fraction at the end of life (geometric decay).
    pub fn value_at_age_usd(&self, age: usize) -> f64 {
        let r = self.residual_fraction_end_of_life.max(1e-9);
        self.capex_usd_per_unit * r.powf(age as f64 / self.life_periods as f64)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioLease {
    pub tenors: Vec<ScenarioTenor>,
    pub billed_utilization: f64,
    pub sales_cost_fraction: f64,
    /// Market depth tiers: (GPUs under lease at once, price factor).
    pub tiers: Vec<(f64, f64)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioTenor {
    /// As written (`3y`).
    pub label: String,
    pub periods: usize,
    /// List price per GPU-hour of a contract signed in each period, USD.
    pub price_usd_per_gpu_hr: Vec<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioSite {
    pub id: String,
    pub name: String,
    /// First period work can start.
    pub earliest_start: usize,
    pub shell_mw: f64,
    pub max_cluster_gpus: f64,
    pub pue_air: f64,
    pub pue_liquid: f64,
    pub development_capex_usd: f64,
    /// Share of nameplate power (firm + built) the facility peak may use, 0–1.
    pub peak_usable_share: f64,
    pub halls: Vec<ScenarioHall>,
    /// Grid tranches and PPAs: fixed MW from a period.
    pub firm: Vec<ScenarioFirm>,
    /// Generation and batteries built by decision.
    pub builds: Vec<ScenarioBuild>,
}

impl ScenarioSite {
    pub fn pue(&self, c: Cooling) -> f64 {
        match c {
            Cooling::Air => self.pue_air,
            Cooling::Liquid => self.pue_liquid,
        }
    }

    /// Whether the site stands already (a hall is ready without being built).
    pub fn preexisting(&self) -> bool {
        self.halls.iter().any(|h| h.ready_at.is_some())
    }

    /// MW of the grid tranches and PPAs energized by period `t`. The model,
    /// extraction, pre-check and summaries share it; the verifier sums its own.
    pub fn firm_mw_by(&self, t: usize) -> f64 {
        let mut mw = 0.0;
        for f in &self.firm {
            if f.from.is_some_and(|from| from <= t) {
                mw += f.mw;
            }
        }
        mw
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioHall {
    pub id: String,
    pub cooling: Cooling,
    pub it_mw: f64,
    pub capex_usd_per_mw: f64,
    pub build_periods: usize,
    pub earliest_start: usize,
    /// Index of the hall that must be started first.
    pub after: Option<usize>,
    /// Already built: ready from this period without capex.
    pub ready_at: Option<usize>,
    /// Depreciation life, periods (straight line from ready).
    pub life_periods: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioFirm {
    pub id: String,
    pub kind: PowerKind,
    pub mw: f64,
    /// First period it delivers (`None`: after the horizon).
    pub from: Option<usize>,
    pub price_usd_per_mwh: f64,
    pub demand_charge_usd_per_mw_period: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioBuild {
    pub id: String,
    pub kind: PowerKind,
    pub max_mw: f64,
    pub block_mw: Option<f64>,
    pub capex_usd_per_mw: f64,
    pub lead_periods: usize,
    pub earliest_order: usize,
    /// Fuel + O&M per MWh generated (0 for batteries).
    pub price_usd_per_mwh: f64,
    /// Depreciation life, periods (straight line from online).
    pub life_periods: usize,
}

impl ScenarioBuild {
    pub fn is_battery(&self) -> bool {
        self.kind == PowerKind::Battery
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioRun {
    pub id: String,
    pub gpus: f64,
    pub from: usize,
    pub to: usize,
    /// SKU indices the cluster may use.
    pub skus: Vec<usize>,
}
