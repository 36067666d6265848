//! How a solve went, as data: the wall-clock time of each stage. Written to
//! run.json (never to plan.json, which stays the same byte for byte).

use serde::Serialize;

/// Wall-clock time of each stage, seconds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timings {
    pub load_s: f64,
    pub build_s: f64,
    pub solve_s: f64,
    pub duals_s: f64,
    pub verify_s: f64,
    pub graph_s: f64,
    pub write_s: f64,
}
