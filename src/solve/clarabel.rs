//! clarabel through good_lp: LP relaxations in pure Rust, with duals.

use good_lp::solvers::clarabel::clarabel;
use good_lp::{ResolutionError, Solution as _, SolutionWithDual, SolverModel};

use super::{Backend, Solution, SolveOptions, Status};
use crate::error::Error;
use crate::model::{Lp, Sense};

pub fn solve(lp: &Lp, opts: &SolveOptions) -> Result<Solution, Error> {
    let mut problem = lp
        .vars
        .clone()
        .maximise(lp.objective_expression())
        .using(clarabel);
    if let Some(limit) = opts.time_limit {
        problem.settings().time_limit(limit.as_secs_f64());
    }
    problem.settings().verbose(opts.verbose);
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
    let status = match sol.status() {
        good_lp::SolutionStatus::Optimal => Status::Optimal,
        _ => Status::Feasible,
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
    })
}
