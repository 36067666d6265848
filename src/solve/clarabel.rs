//! clarabel through good_lp: LP relaxations in pure Rust, with duals.

use good_lp::solvers::clarabel::clarabel;
use good_lp::{ResolutionError, Solution as _, SolutionWithDual, SolverModel};

use super::{Backend, Solution, SolveOptions, Status};
use crate::error::Error;
use crate::model::{Lp, Sense};

/// Feasibility and gap tolerances tried in turn. The first is tighter than
/// clarabel's defaults (1e-8): the plan's MW and GPU figures run to
/// thousands, and the verifier checks rows to 1e-4 absolute. At some points
/// of a plan's parameters the interior point makes no progress at 1e-10
/// (colossus-2 at its peak usable share of 0.8; tests/solver_cross_check.rs)
/// while it converges at 1e-9: a stall is retried one step looser, down to
/// clarabel's own defaults, and the verifier still checks the answer.
const TOLERANCES: [f64; 3] = [1e-10, 1e-9, 1e-8];

pub fn solve(lp: &Lp, opts: &SolveOptions) -> Result<Solution, Error> {
    let mut last = None;
    for tol in TOLERANCES {
        match solve_at(lp, opts, tol) {
            Err(Error::NoSolution(e))
                if e.contains("No progress") || e.contains("Insufficient") =>
            {
                if opts.verbose {
                    eprintln!("clarabel: no progress at tolerance {tol:e}; trying a looser one");
                }
                last = Some(Error::NoSolution(e));
            }
            other => return other,
        }
    }
    Err(last.expect("at least one tolerance is tried"))
}

fn solve_at(lp: &Lp, opts: &SolveOptions, tol: f64) -> Result<Solution, Error> {
    let mut problem = lp
        .vars
        .clone()
        .maximise(lp.objective_expression())
        .using(clarabel);
    if let Some(limit) = opts.time_limit {
        problem.settings().time_limit(limit.as_secs_f64());
    }
    problem.settings().verbose(opts.verbose);
    problem
        .settings()
        .tol_feas(tol)
        .tol_gap_abs(tol)
        .tol_gap_rel(tol);
    let refs: Vec<_> = lp
        .rows
        .iter()
        .map(|r| {
            let e = lp.row_expression(r);
            let c = match r.sense {
                Sense::Le => e.leq(r.rhs),
                Sense::Ge => e.geq(r.rhs),
                Sense::Eq => e.eq(r.rhs),
            };
            problem.add_constraint(c)
        })
        .collect();
    let mut sol = match problem.solve() {
        Ok(s) => s,
        Err(ResolutionError::Infeasible) => {
            return Err(Error::Infeasible(
                "clarabel: the LP is primal infeasible".into(),
            ))
        }
        Err(ResolutionError::Unbounded) => {
            return Err(Error::Solver("clarabel: the LP is unbounded".into()))
        }
        Err(e) => return Err(Error::NoSolution(format!("clarabel: {e}"))),
    };
    let values: Vec<f64> = lp.columns.iter().map(|c| sol.value(c.var)).collect();
    // good_lp reports any clarabel answer with a point as optimal; read
    // clarabel's own status so that a reduced-accuracy or unbounded answer is
    // not passed off as a proven optimum.
    use clarabel::solver::SolverStatus as S;
    let status = match sol.inner().status {
        S::Solved => Status::Optimal,
        S::AlmostSolved => Status::Feasible,
        S::PrimalInfeasible | S::AlmostPrimalInfeasible => {
            return Err(Error::Infeasible(
                "clarabel: the LP is primal infeasible".into(),
            ))
        }
        S::DualInfeasible | S::AlmostDualInfeasible => {
            return Err(Error::Solver(
                "clarabel: the LP is unbounded (dual infeasible); a cost or limit is missing"
                    .into(),
            ))
        }
        other => {
            return Err(Error::NoSolution(format!(
                "clarabel stopped without a solution: {other:?}"
            )))
        }
    };
    let duals = {
        let d = sol.compute_dual();
        refs.iter()
            .map(|r| good_lp::solvers::DualValues::dual(&d, r.clone()))
            .collect()
    };
    let objective_musd = lp.objective_value(&values);
    Ok(Solution {
        backend: Backend::Clarabel,
        status,
        objective_musd,
        mip_gap: None,
        values,
        duals: Some(duals),
        heuristic: false,
    })
}
