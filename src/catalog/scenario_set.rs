//! The types of a scenario set file (`plans/scenarios/*.yaml`), for its
//! JSON Schema and its typed reading; `whatif::set` reads and checks it
//! (docs/scenario-sets.md).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::period::Period;

/// Largest difference from 1 the probabilities may sum to.
pub const PROBABILITY_TOLERANCE: f64 = 1e-9;

/// A scenario set file, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ScenarioSetFile {
    /// The set's name; outputs go to `out/<plan>@<name>/` by default.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The first period in which branches decide on their own. Decisions made
    /// in earlier periods (site openings, hall starts, power orders, hardware
    /// orders — a delivery in `t` is ordered in `t − lead time` — leases
    /// signed, run placements by the run's start) are one plan for every branch.
    pub decide_by: Period,
    /// The branches: each a name, a probability and what-if overlays.
    pub branches: Vec<BranchFile>,
}

/// One branch of a scenario set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct BranchFile {
    /// Unique within the set; letters, digits, `-`, `_` and `.` (it names a directory).
    pub name: String,
    /// Probability of the branch, in (0, 1]; the set's probabilities sum to 1.
    pub probability: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What-if overlays applied to the plan, in order, relative to the set
    /// file (`[]`: the plan as it is).
    #[serde(default)]
    pub whatifs: Vec<String>,
}
