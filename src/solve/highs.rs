//! HiGHS: exact LP and MILP.
//!
//! The model is handed to HiGHS through the `highs` crate that good_lp's
//! `highs` feature wraps, rather than through good_lp's `SolverModel`, for four
//! things good_lp does not expose: the MIP gap reached, the incumbent when the
//! time limit stops the search, row and column names (for MPS/LP export), and
//! rows in a fixed order (good_lp's expressions iterate a `HashMap`).

use std::ffi::CString;
use std::path::Path;

use highs::{HighsModelStatus, HighsSolutionStatus, Model, RowProblem, Sense as HSense};

use super::progress::{Phase, Progress};
use super::{Backend, Basis, Solution, SolveOptions, Status};
use crate::error::Error;
use crate::model::{Lp, Sense};

/// The program as a HiGHS model, maximising, with names attached.
pub fn to_highs(lp: &Lp) -> Model {
    let mut model = to_highs_with(lp, |i| {
        let c = &lp.columns[i];
        (c.lower, c.upper, c.integer)
    });
    name_everything(&mut model, lp);
    model
}

/// The program as a HiGHS model, maximising, without names, with each column's
/// bounds and integrality given by `column(i)` (the MILP engine's variants).
pub(crate) fn to_highs_with(lp: &Lp, column: impl Fn(usize) -> (f64, f64, bool)) -> Model {
    let mut pb = RowProblem::default();
    let cols: Vec<_> = lp
        .objective
        .iter()
        .enumerate()
        .map(|(i, &obj)| {
            let (lower, upper, integer) = column(i);
            if upper.is_finite() {
                pb.add_column_with_integrality(obj, lower..=upper, integer)
            } else {
                pb.add_column_with_integrality(obj, lower.., integer)
            }
        })
        .collect();
    for r in &lp.rows {
        let factors = r.coeffs.iter().map(|&(i, a)| (cols[i], a));
        match r.sense {
            Sense::Le => pb.add_row(..=r.rhs, factors),
            Sense::Ge => pb.add_row(r.rhs.., factors),
            Sense::Eq => pb.add_row(r.rhs..=r.rhs, factors),
        }
    }
    let mut model = Model::new(pb);
    model.set_sense(HSense::Maximise);
    model.make_quiet();
    model
}

fn name_everything(model: &mut Model, lp: &Lp) {
    let ptr = model.as_mut_ptr();
    for (i, c) in lp.columns.iter().enumerate() {
        let name = CString::new(c.name.as_str()).expect("names have no NUL");
        // SAFETY: `ptr` is a live Highs instance owned by `model`, `i` is a valid
        // column index, and HiGHS copies the name.
        unsafe { highs_sys::Highs_passColName(ptr, i as _, name.as_ptr()) };
    }
    for (i, r) in lp.rows.iter().enumerate() {
        let name = CString::new(r.name.as_str()).expect("names have no NUL");
        // SAFETY: as above, for rows.
        unsafe { highs_sys::Highs_passRowName(ptr, i as _, name.as_ptr()) };
    }
}

/// `draw_firm[dry,grid-1,2026Q1]` → `draw_firm(dry.grid_1.2026Q1)`: HiGHS's LP
/// writer refuses `[`, `]`, `,` and operators like `-` in names (it would rename
/// them all `r0`, `c0`, …), while the CPLEX LP format allows parentheses, dots
/// and underscores.
pub fn lp_format_name(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '[' => '(',
            ']' => ')',
            ',' => '.',
            '-' | '+' | '*' | '/' | '^' | ':' | '<' | '>' | '=' | ' ' => '_',
            c => c,
        })
        .collect()
}

/// Writes the model in the format of `path`'s extension (`.mps` or `.lp`),
/// names kept (in LP files, with the brackets LP forbids turned into
/// parentheses) and the objective's constant included.
pub fn write_model(lp: &Lp, path: &Path) -> Result<(), Error> {
    let is_lp = path.extension().is_some_and(|e| e == "lp");
    let renamed;
    let lp = if is_lp {
        let mut copy = lp.clone();
        for c in &mut copy.columns {
            c.name = lp_format_name(&c.name);
        }
        for r in &mut copy.rows {
            r.name = lp_format_name(&r.name);
        }
        renamed = copy;
        &renamed
    } else {
        lp
    };
    let mut model = to_highs(lp);
    // The objective's constant goes into the file (MPS: the objective row's
    // RHS, negated; LP: a constant term), so any solver reading it reports
    // capplan's objective as it is.
    // SAFETY: live Highs instance owned by `model`.
    unsafe { highs_sys::Highs_changeObjectiveOffset(model.as_mut_ptr(), lp.objective_constant) };
    let cpath = CString::new(path.to_string_lossy().as_bytes())
        .map_err(|_| Error::Usage(format!("bad path {}", path.display())))?;
    // SAFETY: live Highs instance; HiGHS reads the path and writes the file.
    let status = unsafe { highs_sys::Highs_writeModel(model.as_mut_ptr(), cpath.as_ptr()) };
    if status == highs_sys::kHighsStatusError {
        return Err(Error::Solver(format!(
            "HiGHS could not write {}",
            path.display()
        )));
    }
    Ok(())
}

/// From this many columns an LP is solved by interior point, not simplex.
pub const IPM_COLUMNS: usize = 10_000;

pub fn solve(lp: &Lp, opts: &SolveOptions) -> Result<Solution, Error> {
    solve_warm(lp, opts, None).map(|(s, _)| s)
}

/// Solves `lp` with HiGHS as it is (a MILP by HiGHS's branch and bound;
/// `solve::solve_warm` sends MILPs to the engine, `mip`, first), starting the
/// simplex from `basis` if given and of the right size; returns the optimal
/// basis of an LP with the solution.
pub fn solve_warm(
    lp: &Lp,
    opts: &SolveOptions,
    basis: Option<&Basis>,
) -> Result<(Solution, Option<Basis>), Error> {
    let is_mip = lp.num_integers() > 0;
    let mut model = to_highs(lp);
    set_options(&mut model, lp, opts, basis.is_none());
    if let Some(b) = basis
        .filter(|b| !is_mip && b.cols.len() == lp.columns.len() && b.rows.len() == lp.rows.len())
    {
        // SAFETY: live Highs instance; the arrays hold one status per column
        // and per row of this model, and HiGHS copies them.
        unsafe {
            highs_sys::Highs_setBasis(
                model.as_mut_ptr(),
                b.cols.as_ptr() as _,
                b.rows.as_ptr() as _,
            )
        };
    }
    // Reported to the progress line while HiGHS runs; lives until it returns.
    let report = opts.progress.as_deref().map(|progress| Report {
        progress,
        offset_musd: lp.objective_constant,
        is_mip,
    });
    if let Some(r) = &report {
        watch(&mut model, r);
    }
    let mut solved = model
        .try_solve()
        .map_err(|e| Error::Solver(format!("HiGHS failed: {e:?}")))?;
    let has_solution = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let status = status_of(solved.status(), has_solution)?;
    if !has_solution && !lp.columns.is_empty() {
        return Err(Error::NoSolution(
            "HiGHS returned no primal solution".into(),
        ));
    }
    let sol = solved.get_solution();
    let values = sol.columns().to_vec();
    let final_basis = (!is_mip).then(|| basis_of(&mut solved, lp));
    let duals = (!is_mip).then(|| sol.dual_rows().to_vec());
    let mip_gap = is_mip.then(|| {
        let g = solved.mip_gap();
        if g.is_finite() {
            g.max(0.0)
        } else {
            f64::INFINITY
        }
    });
    let objective_musd = lp.objective_value(&values);
    Ok((
        Solution {
            backend: Backend::Highs,
            status,
            objective_musd,
            mip_gap,
            values,
            duals,
            heuristic: false,
        },
        final_basis,
    ))
}

/// capplan's HiGHS options: the log if asked, one thread and a fixed seed,
/// the time limit and gap, and the method by size.
fn set_options(model: &mut Model, lp: &Lp, opts: &SolveOptions, cold: bool) {
    if opts.verbose {
        model.set_option("output_flag", true);
        model.set_option("log_to_console", true);
    }
    // Same answer on every machine: one thread, fixed seed.
    model.set_option("threads", 1);
    model.set_option("random_seed", 0);
    if let Some(limit) = opts.time_limit {
        model.set_option("time_limit", limit.as_secs_f64());
    }
    if let Some(gap) = opts.mip_gap {
        model.set_option("mip_rel_gap", gap);
    }
    // Large LPs go to the interior-point method (with crossover, so a vertex
    // and its duals come back). On generated relaxations, HiGHS alone: 10k
    // columns, IPM 1.2 s / dual simplex 2.2 s; 16k, 1.6 / 7.4 s; 25k,
    // 3.9 / 31 s; 49k (20 sites, 10 SKUs, 40 quarters), 11.9 s / not done in
    // 100 s. Below 10k they are even (docs/performance.md).
    if lp.columns.len() >= IPM_COLUMNS && lp.num_integers() == 0 && cold {
        model.set_option("solver", "ipm");
    }
}

/// Reports HiGHS's iterations and incumbents to `r` while it runs.
fn watch(model: &mut Model, r: &Report) {
    let ptr = model.as_mut_ptr();
    // SAFETY: live Highs instance; the caller keeps `r` alive until the solve
    // returns, and `on_progress` only reads it.
    unsafe {
        highs_sys::Highs_setCallback(
            ptr,
            Some(on_progress),
            r as *const Report as *mut std::ffi::c_void,
        );
        for kind in [
            highs_sys::kHighsCallbackSimplexInterrupt,
            highs_sys::kHighsCallbackIpmInterrupt,
            highs_sys::kHighsCallbackMipInterrupt,
            highs_sys::kHighsCallbackMipImprovingSolution,
        ] {
            highs_sys::Highs_startCallback(ptr, kind);
        }
    }
}

/// capplan's status for HiGHS's, or the error it means.
fn status_of(status: HighsModelStatus, has_solution: bool) -> Result<Status, Error> {
    Ok(match status {
        HighsModelStatus::Optimal | HighsModelStatus::ModelEmpty => Status::Optimal,
        HighsModelStatus::Infeasible => {
            return Err(Error::Infeasible(
                "HiGHS proved the model infeasible".into(),
            ))
        }
        HighsModelStatus::UnboundedOrInfeasible => {
            return Err(Error::Infeasible(
                "HiGHS found the model infeasible or unbounded".into(),
            ))
        }
        HighsModelStatus::Unbounded => {
            return Err(Error::Solver(
                "HiGHS found the model unbounded; a cost or limit is missing".into(),
            ))
        }
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedMemoryLimit
        | HighsModelStatus::ObjectiveBound
        | HighsModelStatus::ObjectiveTarget => {
            if has_solution {
                Status::Feasible
            } else {
                return Err(Error::NoSolution(format!(
                    "HiGHS stopped ({status:?}) before finding a feasible plan; raise --time-limit"
                )));
            }
        }
        other => {
            return Err(Error::NoSolution(format!(
                "HiGHS stopped with status {other:?}"
            )))
        }
    })
}

/// The final simplex basis of a solved LP.
fn basis_of(solved: &mut highs::SolvedModel, lp: &Lp) -> Basis {
    let mut b = Basis {
        cols: vec![0; lp.columns.len()],
        rows: vec![0; lp.rows.len()],
    };
    // SAFETY: live Highs instance; the arrays have room for every column and row.
    unsafe {
        highs_sys::Highs_getBasis(
            solved.as_mut_ptr(),
            b.cols.as_mut_ptr() as _,
            b.rows.as_mut_ptr() as _,
        )
    };
    b
}

/// What the progress callback needs: where to report, and how to turn
/// HiGHS's objective (no constant) into the plan's.
struct Report<'a> {
    progress: &'a Progress,
    offset_musd: f64,
    is_mip: bool,
}

/// HiGHS's callback: records the phase, iterations, best plan, bound and gap.
unsafe extern "C" fn on_progress(
    kind: std::ffi::c_int,
    _message: *const std::ffi::c_char,
    out: *const highs_sys::HighsCallbackDataOut,
    _in: *mut highs_sys::HighsCallbackDataIn,
    user: *mut std::ffi::c_void,
) {
    // SAFETY: HiGHS passes its own live data, and `user` is the `Report`
    // given to `Highs_setCallback`, alive for the whole solve.
    let (Some(out), Some(r)) = (unsafe { out.as_ref() }, unsafe {
        (user as *const Report).as_ref()
    }) else {
        return;
    };
    // HiGHS uses ±1e30 and more for "none yet".
    let finite = |x: f64| (x.is_finite() && x.abs() < 1e29).then_some(x);
    let phase = if kind == highs_sys::kHighsCallbackMipInterrupt
        || kind == highs_sys::kHighsCallbackMipImprovingSolution
    {
        let best = finite(out.mip_primal_bound).map(|b| b + r.offset_musd);
        Phase::Mip {
            best_musd: best,
            bound_musd: finite(out.mip_dual_bound).map(|b| b + r.offset_musd),
            gap: finite(out.mip_gap).filter(|g| *g >= 0.0 && best.is_some()),
            nodes: out.mip_node_count,
        }
    } else if r.is_mip {
        // The LPs inside branch and cut: the MIP figures say more.
        return;
    } else if kind == highs_sys::kHighsCallbackIpmInterrupt && out.ipm_iteration_count >= 0 {
        // (-1 outside IPX's iterations, e.g. during crossover: keep the last.)
        Phase::InteriorPoint {
            iterations: out.ipm_iteration_count as i64,
        }
    } else if kind == highs_sys::kHighsCallbackSimplexInterrupt && out.simplex_iteration_count >= 0
    {
        Phase::Simplex {
            iterations: out.simplex_iteration_count as i64,
        }
    } else {
        return;
    };
    r.progress.set(phase);
}

/// One HiGHS run of the MILP engine (`super::mip`): `lp` with each column's
/// bounds and integrality replaced, optionally started from a plan.
pub(crate) struct Run<'a> {
    /// Lower bound, upper bound and integrality of each column.
    pub lower: &'a [f64],
    pub upper: &'a [f64],
    pub integer: &'a [bool],
    /// A plan to start from (HiGHS's MIP start).
    pub start: Option<&'a [f64]>,
    /// Seconds; `None` for none.
    pub time_limit: Option<f64>,
    pub mip_gap: Option<f64>,
    /// Solve an LP by interior point (with crossover).
    pub ipm: bool,
    /// HiGHS options, on or off.
    pub switches: &'a [(&'static str, bool)],
    /// Report to `SolveOptions::progress`: not for the relaxation with
    /// yes/no decisions or the repair, whose best plans are not the MILP's.
    pub progress: bool,
}

/// What one engine run gave, objectives without the constant (HiGHS's).
pub(crate) struct Outcome {
    pub status: HighsModelStatus,
    /// A feasible plan, if HiGHS has one.
    pub values: Option<Vec<f64>>,
    /// The plan's objective, without the constant.
    pub objective: f64,
    /// The best bound HiGHS proved (for a MILP its dual bound; for an LP
    /// solved to optimality, its optimum), without the constant.
    pub bound: f64,
}

pub(crate) fn run(lp: &Lp, run: &Run, opts: &SolveOptions) -> Result<Outcome, Error> {
    let mut model = to_highs_with(lp, |i| (run.lower[i], run.upper[i], run.integer[i]));
    if opts.verbose {
        model.set_option("output_flag", true);
        model.set_option("log_to_console", true);
    }
    model.set_option("threads", 1);
    model.set_option("random_seed", 0);
    if let Some(limit) = run.time_limit {
        model.set_option("time_limit", limit.max(0.0));
    }
    if let Some(gap) = run.mip_gap {
        model.set_option("mip_rel_gap", gap);
    }
    let is_mip = run.integer.iter().any(|&b| b);
    if run.ipm && !is_mip {
        model.set_option("solver", "ipm");
    }
    for &(name, on) in run.switches {
        model.set_option(name, on);
    }
    if let Some(start) = run.start {
        model
            .try_set_solution(Some(start), None, None, None)
            .map_err(|e| Error::Solver(format!("HiGHS refused a MIP start: {e:?}")))?;
    }
    let report = opts
        .progress
        .as_deref()
        .filter(|_| run.progress)
        .map(|progress| Report {
            progress,
            offset_musd: lp.objective_constant,
            is_mip,
        });
    // `report` outlives the solve below.
    if let Some(r) = &report {
        watch(&mut model, r);
    }
    let solved = model
        .try_solve()
        .map_err(|e| Error::Solver(format!("HiGHS failed: {e:?}")))?;
    let status = solved.status();
    let has_solution = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let values = has_solution.then(|| solved.get_solution().columns().to_vec());
    let objective = values
        .as_deref()
        .map(|v| lp.objective_value(v) - lp.objective_constant)
        .unwrap_or(f64::NEG_INFINITY);
    let bound = if is_mip {
        let b = solved
            .double_info_value(c"mip_dual_bound")
            .unwrap_or(f64::INFINITY);
        if b.is_finite() && b.abs() < 1e29 {
            b
        } else {
            f64::INFINITY
        }
    } else if status == HighsModelStatus::Optimal {
        objective
    } else {
        f64::INFINITY
    };
    Ok(Outcome {
        status,
        values,
        objective,
        bound,
    })
}
