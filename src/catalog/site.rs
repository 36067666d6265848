//! A data-center site: halls that can be built, PUE, power options, fabric limits.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::period::{Duration, Period};
use super::sku::Cooling;

/// One site of the catalog (`catalogs/sites.yaml`, under `sites:`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Site {
    /// Human-readable name.
    pub name: String,
    /// Where it is and which grid or utility serves it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// First period any work at the site can start (land, permits).
    pub earliest_start: Period,
    /// Most critical IT the buildings on the site can hold, MW. Hall phases compete for it.
    pub shell_mw: f64,
    /// Largest training cluster one network fabric at the site can hold, GPUs.
    pub max_cluster_gpus: u64,
    /// Power usage effectiveness per cooling type: facility power / IT power.
    pub pue: Pue,
    /// One-off cost of opening the site (land, substation share, permits), USD.
    /// Paid in the period the site is opened, at or before its first hall starts;
    /// a site with a hall already standing is open and never pays it. A yes/no decision.
    #[serde(default)]
    pub development_capex_usd: f64,
    /// Share of the site's nameplate power (grid, PPAs, generation and
    /// batteries) the facility may load at peak, 0–1 (default 1). Below 1
    /// when nameplate is not all usable at once: redundancy kept in reserve
    /// (N+1 turbines, a spare transformer), hot-day derating, loads outside
    /// the GPU halls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_usable_share: Option<f64>,
    /// Hall phases that can be built (or already stand).
    pub halls: Vec<Hall>,
    /// Power options: grid tranches, on-site generation, batteries, PPAs.
    pub power: Vec<PowerOption>,
    /// Where each number comes from (see `Sku::sources`).
    pub sources: IndexMap<String, String>,
}

/// Power usage effectiveness by the cooling of the hall.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Pue {
    pub air: f64,
    pub liquid: f64,
}

impl Pue {
    pub fn of(&self, cooling: Cooling) -> f64 {
        match cooling {
            Cooling::Air => self.air,
            Cooling::Liquid => self.liquid,
        }
    }
}

/// A hall or build phase: critical-IT capacity of one cooling type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Hall {
    /// Id, unique within the site (`hall-1`, `phase-2`).
    pub id: String,
    /// Cooling of the hall: air halls take air SKUs, liquid halls take liquid SKUs.
    pub cooling: Cooling,
    /// Critical IT capacity of the hall, MW.
    pub it_mw: f64,
    /// Construction capex per MW of critical IT, USD. Spread evenly over the build.
    pub capex_usd_per_mw: f64,
    /// Time from construction start to ready for IT.
    pub build_time: Duration,
    /// First period construction may start; the site's `earliest_start` if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earliest_start: Option<Period>,
    /// Another hall of the site that must be started first (phasing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Ready from this period without new capex (already built or under way).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready: Option<Period>,
    /// Depreciation life of the hall: its book value at the horizon end counts
    /// as residual value (straight line from ready). Default 20y.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub useful_life: Option<Duration>,
}

/// What kind of power a `PowerOption` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PowerKind {
    /// A grid interconnect tranche: fixed MW from its energization period.
    Grid,
    /// A power purchase agreement: fixed MW and price from its start period.
    Ppa,
    /// On-site gas generation (turbines or engines): built by decision.
    GasTurbine,
    /// Batteries: cover the peak above average draw, add no energy.
    Battery,
}

impl PowerKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            PowerKind::Grid => "grid",
            PowerKind::Ppa => "ppa",
            PowerKind::GasTurbine => "gas_turbine",
            PowerKind::Battery => "battery",
        }
    }
}

/// A source of power at a site.
///
/// Which fields apply depends on `kind`:
/// - `grid`, `ppa`: `mw`, `energize`, `price_usd_per_mwh`, optional `demand_charge_usd_per_mw_month`;
/// - `gas_turbine`: `max_mw`, `capex_usd_per_kw`, `lead_time`, `price_usd_per_mwh` (fuel + O&M),
///   optional `block_mw` (built in whole blocks), `earliest_order`;
/// - `battery`: `max_mw`, `capex_usd_per_kw`, `lead_time`, optional `hours`, `earliest_order`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PowerOption {
    /// Id, unique within the site (`grid-1`, `turbines`).
    pub id: String,
    pub kind: PowerKind,
    /// Firm MW of a grid tranche or PPA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mw: Option<f64>,
    /// Period a grid tranche or PPA starts delivering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub energize: Option<Period>,
    /// Energy price, USD per MWh (grid tariff, PPA price, or fuel + O&M for generation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_usd_per_mwh: Option<f64>,
    /// Demand charge on the MW drawn, USD per MW-month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand_charge_usd_per_mw_month: Option<f64>,
    /// Most MW that can be built (generation, batteries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_mw: Option<f64>,
    /// Size of one block (e.g. one turbine), MW; built in whole blocks when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_mw: Option<f64>,
    /// Capex per kW built, USD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capex_usd_per_kw: Option<f64>,
    /// Time from order to online.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_time: Option<Duration>,
    /// First period an order can be placed; the site's `earliest_start` if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earliest_order: Option<Period>,
    /// Depreciation life of generation or batteries (straight line from online);
    /// default 20y for gas turbines, 15y for batteries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub useful_life: Option<Duration>,
    /// Battery energy per MW, hours (informational; the model uses MW).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<f64>,
    /// Where each number comes from (see `Sku::sources`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub sources: IndexMap<String, String>,
}
