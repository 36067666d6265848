//! plan.json's `scenario_set` section (schema version 2): a scenario set
//! solved as one plan — the here-and-now decisions, each branch's figures,
//! the expected NPV, the CVaR, and what hedging and knowing the future are
//! worth (docs/scenario-sets.md). It is written only into the top-level
//! plan.json of `solve --scenarios`; each branch's own plan is a plain
//! plan.json under `branches/<name>/`. The types live in plan_doc.rs (they
//! are made of plan.json's own shapes); this module names them.

pub use super::plan_doc::{
    BranchDoc, HereAndNowDoc, RiskDoc, ScenarioSetDoc, SetSolverDoc, SharedDoc, VssDoc,
    DEFAULT_CVAR_ALPHA,
};
