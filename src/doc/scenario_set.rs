//! scenarios.json: a scenario set solved as one plan — each branch's figures,
//! the expected NPV, the risk measure asked for, and what hedging and
//! knowing the future are worth (docs/scenario-sets.md). Each branch's own
//! plan is a plan.json under `branches/<name>/`.

use serde::{Deserialize, Serialize};

/// Version of scenarios.json; bumped on an incompatible change.
pub const SET_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ScenarioSetDoc {
    pub schema_version: u32,
    /// The set's `name`.
    pub set: String,
    /// The plan's name (before any branch's what-ifs).
    pub plan: String,
    pub decide_by: String,
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
    /// Each branch solved alone, averaged: Σ p_b · max objective_b, USD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_and_see_objective_usd: Option<f64>,
    /// Expected value of perfect information: wait-and-see less expected objective, USD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evpi_usd: Option<f64>,
    /// The value of the stochastic solution, where computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vss: Option<VssDoc>,
    /// Decisions before `decide_by` tied across branches.
    pub shared: SharedDoc,
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
    /// Its plan.json, relative to scenarios.json.
    pub plan: String,
    pub npv_usd: f64,
    pub objective_usd: f64,
    pub capex_usd: f64,
    pub leased_share: f64,
    pub gpus_end: u64,
    pub gpus_leased_end: u64,
    pub gpus_internal_end: u64,
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
