//! A thin layer over the solvers: backend choice, one status enum, values and duals
//! by column and row index.
//!
//! | backend | feature | solves | used for |
//! |---|---|---|---|
//! | `highs` | `highs` (default) | LP and MILP, exact | every solve |
//! | `clarabel` | always | LP only (interior point) | `--relax`, cross-checks |
//!
//! MILPs of 500 integer columns or more go through the MILP engine (`mip`):
//! relaxations for the bound, rounding for the plan, HiGHS's branch and bound
//! only when those do not prove the plan within the gap.

pub mod clarabel;
#[cfg(feature = "highs")]
pub mod highs;
#[cfg(feature = "highs")]
pub mod mip;
pub mod progress;

use std::time::Duration;

use serde::Serialize;

use crate::error::Error;
use crate::model::Lp;

/// Solver backends capplan can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// Exact LP and MILP (the default; needs the `highs` feature, on by default)
    Highs,
    /// Pure-Rust interior point: LP relaxations only (with --relax)
    Clarabel,
}

impl Backend {
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Highs => "highs",
            Backend::Clarabel => "clarabel",
        }
    }

    pub fn default_available() -> Backend {
        if cfg!(feature = "highs") {
            Backend::Highs
        } else {
            Backend::Clarabel
        }
    }
}

/// How a solve ended, whatever the backend.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proven optimal (within the MIP gap asked for).
    Optimal,
    /// A feasible plan, stopped by the time limit before proving optimality.
    Feasible,
    Infeasible,
    Unbounded,
    /// Stopped by the time limit with no feasible plan.
    TimeLimit,
}

#[derive(Debug, Clone)]
pub struct SolveOptions {
    pub backend: Backend,
    pub time_limit: Option<Duration>,
    /// Relative MIP gap at which HiGHS may stop.
    pub mip_gap: Option<f64>,
    /// Stream the solver's log to stderr.
    pub verbose: bool,
    /// Where the solver reports how far it has got (HiGHS only).
    pub progress: Option<std::sync::Arc<progress::Progress>>,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            backend: Backend::default_available(),
            time_limit: None,
            mip_gap: None,
            verbose: false,
            progress: None,
        }
    }
}

/// A solver's answer.
#[derive(Debug, Clone)]
pub struct Solution {
    pub backend: Backend,
    pub status: Status,
    /// Objective including its constant, $M.
    pub objective_musd: f64,
    /// Relative MIP gap at the end (0 for LPs).
    pub mip_gap: Option<f64>,
    /// Column values, by column index.
    pub values: Vec<f64>,
    /// Row duals by row index, where the backend gives them (LPs): the change of
    /// the objective ($M) per unit increase of the row's right-hand side.
    pub duals: Option<Vec<f64>>,
    /// The plan is the MILP engine's rounded plan (`solve::mip`), not one
    /// HiGHS's branch and bound found; `mip_gap` is still against the best
    /// bound proved.
    pub heuristic: bool,
}

impl Solution {
    pub fn value(&self, lp: &Lp, var: good_lp::Variable) -> f64 {
        self.values[lp.index[&var]]
    }
}

/// A simplex basis (HiGHS status codes per column and row), to start the next
/// solve of a model with the same structure from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basis {
    pub cols: Vec<i32>,
    pub rows: Vec<i32>,
}

/// Solves `lp` starting from `basis` where the backend can (HiGHS, LPs), and
/// returns the final basis with the solution. Other backends solve cold.
pub fn solve_warm(
    lp: &Lp,
    opts: &SolveOptions,
    basis: Option<&Basis>,
) -> Result<(Solution, Option<Basis>), Error> {
    match opts.backend {
        #[cfg(feature = "highs")]
        Backend::Highs if lp.num_integers() > 0 && mip::enabled() => {
            mip::solve(lp, opts).map(|s| (s, None))
        }
        #[cfg(feature = "highs")]
        Backend::Highs => highs::solve_warm(lp, opts, basis),
        _ => {
            let _ = basis;
            solve(lp, opts).map(|s| (s, None))
        }
    }
}

/// Largest LP clarabel is asked to solve; beyond it, HiGHS is far faster.
pub const CLARABEL_MAX_COLUMNS: usize = 200_000;

/// Solves `lp` (maximising its objective).
pub fn solve(lp: &Lp, opts: &SolveOptions) -> Result<Solution, Error> {
    match opts.backend {
        Backend::Highs => {
            #[cfg(feature = "highs")]
            {
                solve_warm(lp, opts, None).map(|(s, _)| s)
            }
            #[cfg(not(feature = "highs"))]
            {
                Err(Error::Usage("this capplan was built without HiGHS (`--features highs`); use `--solver clarabel --relax`".into()))
            }
        }
        Backend::Clarabel => {
            if lp.num_integers() > 0 {
                return Err(Error::Usage(format!(
                    "clarabel solves LPs only and this model has {} integer variables; add `--relax` for the LP relaxation or use `--solver highs`",
                    lp.num_integers()
                )));
            }
            if lp.columns.len() > CLARABEL_MAX_COLUMNS {
                return Err(Error::Usage(format!(
                    "the model has {} variables; clarabel is limited here to {CLARABEL_MAX_COLUMNS} (it is ~10× slower than HiGHS on LPs this size); use `--solver highs`",
                    lp.columns.len()
                )));
            }
            clarabel::solve(lp, opts)
        }
    }
}
