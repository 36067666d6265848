//! `run.json`: how a solve went — timings per stage, model size, peak memory,
//! versions. Not deterministic by nature, so kept apart from plan.json.

use serde::Serialize;

use crate::doc::run::Timings;
use crate::model::ModelSize;

#[derive(Debug, Serialize)]
pub struct RunInfo {
    pub capplan_version: &'static str,
    pub scenario: String,
    pub solver: String,
    pub status: String,
    pub relaxed: bool,
    pub timings: Timings,
    pub total_s: f64,
    pub model: ModelSize,
    /// Peak resident memory of the process, MiB (from /proc; null elsewhere).
    pub peak_memory_mib: Option<f64>,
    pub time_limit_s: Option<f64>,
    pub mip_gap_target: Option<f64>,
}

/// Peak resident set size of this process, MiB (Linux `VmHWM`).
pub fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some((kib / 1024.0 * 10.0).round() / 10.0)
}
