//! band.json: the identity band `capplan alternatives` found — the least and
//! the most of each metric among plans with the objective within the slack
//! of the best — and the plans that reached them. Written next to the
//! optimum's plan.json (DIR/optimum/band.json, and the same bytes at
//! DIR/band.json), where `capplan report` finds it to draw the report's
//! "Identity band" section. No timings: the same plan and options give the
//! same bytes whatever `--jobs` (seconds go to DIR/run.json).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// The file's name, next to plan.json.
pub const BAND_JSON: &str = "band.json";

/// A metric's range over the plans found within the slack.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BandRow {
    /// `leased_share`, `capex`, `gpus_at_<site>`, `gpus_of_<sku>`,
    /// `sites_opened`, `peak_mw`.
    pub metric: String,
    pub label: String,
    /// `share`, `usd`, `gpus`, `sites` or `mw`.
    pub unit: String,
    pub optimum: f64,
    pub min: f64,
    pub max: f64,
    /// The plans where the least and the most were found.
    pub min_plan: String,
    pub max_plan: String,
}

/// One plan of the exploration, as band.json lists it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BandPlan {
    /// `optimum`, `<metric>-min`, `<metric>-max` or `distinct-<i>`.
    pub name: String,
    /// The metric optimised, for the extremes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// `min` or `max`, for the extremes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sense: Option<String>,
    /// The plan's NPV, USD.
    pub npv_usd: f64,
    /// NPV less the unmet-demand penalty, USD: what the NPV floor holds.
    pub objective_usd: f64,
    /// `optimal`, or `feasible` when a solve stopped at a gap.
    pub status: String,
    pub mip_gap: Option<f64>,
    /// Solves it took (Dinkelbach iterations, one per period for the peak).
    pub solves: usize,
}

/// A solve that found no plan.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BandFailure {
    pub name: String,
    pub error: String,
}

/// band.json.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BandDoc {
    pub plan: String,
    pub slack: f64,
    pub relaxed: bool,
    /// The best objective (NPV less the unmet-demand penalty), USD.
    pub best_objective_usd: f64,
    pub best_npv_usd: f64,
    /// Every alternative's objective is at least this, USD.
    pub floor_usd: f64,
    pub solves: usize,
    pub band: Vec<BandRow>,
    pub plans: Vec<BandPlan>,
    pub failures: Vec<BandFailure>,
}

impl BandDoc {
    /// Whether this band was found around `plan` (same plan name, same
    /// optimum NPV): a band.json left in a directory a later `solve` wrote
    /// into belongs to another optimum and is not shown.
    pub fn is_around(&self, plan: &super::PlanDoc) -> bool {
        let npv = plan.metrics.npv_usd;
        self.plan == plan.scenario && (self.best_npv_usd - npv).abs() <= 1e-9 * npv.abs().max(1.0)
    }
}

/// DIR/band.json if there is one: `None` when the directory has none (a
/// plan `solve` wrote), an input error (exit 2) naming the file when it does
/// not read.
pub fn read_band(dir: &Path) -> Result<Option<BandDoc>, Error> {
    let path = dir.join(BAND_JSON);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| Error::PlanJson {
            path: path.clone(),
            location: (e.line() > 0).then(|| (e.line(), e.column())),
            message: e.to_string(),
            hint: "band.json is written by `capplan alternatives`; run it again to rewrite it, or delete the file".into(),
        })
}
