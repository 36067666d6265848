//! `capplan solve PLAN --scenarios SET.yaml [--risk cvar --alpha A --lambda L]`:
//! one plan for every branch of a scenario set, verified branch by branch;
//! writes branches/<name>/ (the files of a single solve), then the top-level
//! plan.json (the most probable branch's plan with the `scenario_set`
//! section) and its report, and run.json; prints a table per branch with the
//! expected NPV, CVaR, EVPI and VSS.

use std::path::PathBuf;
use std::time::Instant;

use super::solve::{write_plan_files, Risk, SolveArgs};
use crate::error::Error;
use crate::flow::scenarios::{solve_set, SetOptions};
use crate::model::extensive::Cvar;
use crate::report::run_json::{peak_memory_mib, RunInfo};
use crate::report::{scenario_set, to_json, write_atomic};

pub fn run(args: &SolveArgs) -> Result<(), Error> {
    let start = Instant::now();
    let set_path = args.scenarios.as_ref().expect("--scenarios given");
    if args.explain {
        return Err(Error::Usage(
            "--explain explains one plan; with --scenarios, run `capplan explain DIR/branches/<name>/plan.json`".into(),
        ));
    }
    let risk = match args.risk {
        None => None,
        Some(Risk::Cvar) => {
            let alpha = args.alpha.unwrap_or(0.9);
            let lambda = args.lambda.unwrap_or(0.5);
            if !(0.0..1.0).contains(&alpha) {
                return Err(Error::Usage(format!(
                    "--alpha {alpha}: give a level in [0, 1), e.g. 0.9 (the worst 10%)"
                )));
            }
            if !(0.0..=1.0).contains(&lambda) {
                return Err(Error::Usage(format!(
                    "--lambda {lambda}: give a weight in [0, 1] (0: expected value only, 1: CVaR only)"
                )));
            }
            Some(Cvar { alpha, lambda })
        }
    };
    let opts = args.solver.options(args.verbose, None)?;
    let so = SetOptions {
        pipeline: opts,
        risk,
        whatifs: args.whatif.clone(),
        values: !args.no_values,
    };
    if !args.quiet && !args.json {
        eprintln!(
            "solving {} over the scenario set {}…",
            args.plan.display(),
            set_path.display()
        );
    }
    let mut solved = solve_set(&args.plan, set_path, &so)?;
    if !args.quiet && !solved.warnings.0.is_empty() {
        eprintln!("{}", solved.warnings);
    }
    let dir = args.out.clone().unwrap_or_else(|| {
        PathBuf::from("out").join(format!("{}@{}", solved.doc.plan, solved.doc.set))
    });
    let t = Instant::now();
    for b in &solved.branches {
        write_plan_files(&dir.join("branches").join(&b.name), &b.plan)?;
    }
    write_plan_files(&dir, &solved.plan_json())?;
    solved.timings.write_s = (t.elapsed().as_secs_f64() * 1e4).round() / 1e4;
    let run = RunInfo {
        capplan_version: env!("CARGO_PKG_VERSION"),
        scenario: format!("{}@{}", solved.doc.plan, solved.doc.set),
        solver: solved.doc.solver.backend.clone(),
        status: solved.doc.solver.status.clone(),
        relaxed: solved.doc.solver.relaxed,
        timings: solved.timings.clone(),
        total_s: (start.elapsed().as_secs_f64() * 1e4).round() / 1e4,
        model: solved.size,
        peak_memory_mib: peak_memory_mib(),
        time_limit_s: args.solver.time_limit,
        mip_gap_target: args.solver.mip_gap,
    };
    write_atomic(&dir.join("run.json"), &to_json(&run))?;
    if args.json {
        return super::print_out(&String::from_utf8(to_json(&solved.doc)).expect("UTF-8"));
    }
    if !args.quiet {
        let mut text = scenario_set::summary(&solved.doc);
        text.push_str(&format!(
            "\nextensive form: {} variables ({} integer), {} constraints; solved in {:.2}s; every branch verified, shared decisions equal\nwrote {}/plan.json (branch `{}` with the set's section), its report, run.json, branches/{{{}}}/\n",
            solved.size.variables,
            solved.size.integers,
            solved.size.constraints,
            solved.timings.solve_s,
            dir.display(),
            solved.doc.shown_branch,
            solved.branches.iter().map(|b| b.name.as_str()).collect::<Vec<_>>().join(",")
        ));
        super::print_out(&text)?;
    }
    Ok(())
}
