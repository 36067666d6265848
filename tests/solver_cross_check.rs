//! Two solvers, one model: the LP relaxation of every shipped plan
//! (`plans/*.yaml`) and every hand-computed case (`tests/cases/*.yaml`) is
//! solved by HiGHS (simplex) and by clarabel (interior point) through
//! [`capplan::flow::pipeline::solve_plan`] — so each answer is also verified — and
//! the two `solver.objective_usd` must agree. A case both find infeasible
//! agrees too; a plan clarabel cannot solve fails. And clarabel refuses a
//! MILP: `--solver clarabel` without `--relax` is a usage error.

mod common;

use common::{root, yaml_files};
use std::path::Path;
use std::process::Command;

use capplan::error::Error;
use capplan::flow::pipeline::{solve_plan, PipelineOptions};
use capplan::solve::{Backend, SolveOptions};

/// Default agreement: relative difference of the objectives.
const REL_TOL: f64 = 1e-6;

/// Plans on which clarabel stops measurably short of the simplex optimum
/// although it reports `Solved`, with the tolerance used.
///
/// neocloud-pivot: rel diff 1.95e-5 (HiGHS $12,693,111,738.08, clarabel
/// $12,692,863,984.94), measured with clarabel at 1e-10 feasibility and gap
/// tolerances (its log ends "Solved" at gap 8e-11; a 1e-12 KKT-ratio
/// tolerance and 500 iterations change nothing). It was 1.11e-5 before the
/// cumulative formulation of halls, sites and orders and the market-level
/// lease tiers (the same LP: HiGHS's optimum did not move by a cent); with
/// good_lp's defaults it was 1.2e-5. A third solver, CBC/Clp on the exported
/// MPS, agrees with HiGHS to 1e-9 (23,265.48476 $M before the constant), so
/// the shortfall is clarabel's. If a plan edit pushes the figure past 2.5e-5,
/// measure again before loosening
/// (`cargo test --test solver_cross_check -- --nocapture` prints every figure).
const LOOSER: &[(&str, f64)] = &[("neocloud-pivot", 2.5e-5)];

fn tolerance(name: &str) -> f64 {
    LOOSER
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(REL_TOL, |&(_, t)| t)
}

fn relaxed(backend: Backend) -> PipelineOptions {
    PipelineOptions {
        solve: SolveOptions {
            backend,
            ..Default::default()
        },
        relax: true,
    }
}

/// The relaxation's objective straight from the solver, without extraction
/// or verification ($), for the report when the pipeline fails.
fn raw_objective_usd(plan: &Path, backend: Backend) -> Option<f64> {
    let (sc, _) = capplan::flow::pipeline::load_scenario(plan).ok()?;
    let model = capplan::model::build(&sc, true);
    let sol = capplan::solve::solve(&model.lp, &relaxed(backend).solve).ok()?;
    Some(sol.objective_musd * 1e6)
}

#[test]
fn highs_and_clarabel_agree_on_every_lp_relaxation() {
    let mut plans = yaml_files("plans");
    assert!(!plans.is_empty(), "no plans in plans/");
    plans.extend(yaml_files("tests/cases"));

    let mut failures = Vec::new();
    for plan in &plans {
        let name = plan.file_stem().unwrap().to_string_lossy().into_owned();
        let highs = solve_plan(plan, &relaxed(Backend::Highs));
        let clarabel = solve_plan(plan, &relaxed(Backend::Clarabel));
        match (&highs, &clarabel) {
            (Ok(h), Ok(c)) => {
                let (h, c) = (h.plan.solver.objective_usd, c.plan.solver.objective_usd);
                let rel = (h - c).abs() / h.abs().max(1.0);
                let tol = tolerance(&name);
                println!("{name}: HiGHS ${h:.2}, clarabel ${c:.2}, rel diff {rel:.2e} (tolerance {tol:e})");
                if rel > tol {
                    failures.push(format!(
                        "{name}: HiGHS ${h:.2}, clarabel ${c:.2}: rel diff {rel:.2e} > {tol:e}"
                    ));
                }
            }
            (Err(Error::Infeasible(_)), Err(Error::Infeasible(_))) => {
                println!("{name}: infeasible for both");
            }
            _ => {
                let show = |r: &Result<capplan::flow::pipeline::Solved, Error>, b: Backend| match r
                {
                    Ok(s) => format!("{}: ${:.2}", b.name(), s.plan.solver.objective_usd),
                    Err(e) => format!(
                        "{}: error ({e}); the solver's own objective ${:.2}",
                        b.name(),
                        raw_objective_usd(plan, b).unwrap_or(f64::NAN)
                    ),
                };
                let line = format!(
                    "{name}: {} | {}",
                    show(&highs, Backend::Highs),
                    show(&clarabel, Backend::Clarabel)
                );
                println!("{line}");
                failures.push(line);
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn clarabel_without_relax_is_a_usage_error() {
    let out_dir = tempfile::tempdir().expect("temp dir");
    let out = Command::new(env!("CARGO_BIN_EXE_capplan"))
        .args([
            "solve",
            "plans/colossus.yaml",
            "--solver",
            "clarabel",
            "--out",
        ])
        .arg(out_dir.path())
        .current_dir(root())
        .output()
        .expect("capplan runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--relax"),
        "message does not name --relax:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        std::fs::read_dir(out_dir.path()).unwrap().next().is_none(),
        "a usage error wrote output"
    );
}
