//! `capplan solve PLAN`: solve, verify, write plan.json, plan.csv, the report
//! (report.md, report.html, charts/*.svg), the workbook plan.xlsx and
//! run.json, print the summary.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::solver_args::SolverArgs;
use crate::doc::PlanDoc;
use crate::error::Error;
use crate::flow::pipeline::solve_plan_with;
use crate::report::run_json::{peak_memory_mib, RunInfo};
use crate::report::term::Style;
use crate::report::{bundle, csv, plan_graph, summary, to_json, write_atomic};
use crate::solve::progress::Progress;

#[derive(Debug, clap::Args)]
pub struct SolveArgs {
    /// The plan YAML.
    pub plan: PathBuf,
    /// What-if overlay to apply (repeatable; applied in the order given)
    #[arg(long = "whatif", value_name = "W.yaml")]
    pub whatif: Vec<PathBuf>,
    /// Output directory [default: out/<the plan's `name`>/]
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub solver: SolverArgs,
    /// Stream the solver's log to stderr.
    #[arg(long, short)]
    pub verbose: bool,
    /// Print plan.json's metrics as JSON instead of the summary.
    #[arg(long)]
    pub json: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// After the summary, explain the plan in prose (as `capplan explain`).
    #[arg(long)]
    pub explain: bool,
    /// Solve a scenario set: one plan for every branch, shared before its
    /// `decide_by` (docs/scenario-sets.md); writes plan.json with the set's
    /// section and branches/<name>/
    #[arg(long, value_name = "SET.yaml")]
    pub scenarios: Option<PathBuf>,
    /// With --scenarios: weigh the risk of bad branches (`cvar`)
    #[arg(long, value_enum, requires = "scenarios")]
    pub risk: Option<Risk>,
    /// With --risk cvar: CVaR is the mean of the worst 1 − α of outcomes [default: 0.9]
    #[arg(long, value_name = "A", requires = "risk")]
    pub alpha: Option<f64>,
    /// With --risk cvar: maximise (1 − λ)·E[objective] + λ·CVaR [default: 0.5]
    #[arg(long, value_name = "L", requires = "risk")]
    pub lambda: Option<f64>,
    /// With --scenarios: skip solving each branch alone and the average
    /// future (no EVPI, no VSS)
    #[arg(long, requires = "scenarios")]
    pub no_values: bool,
}

/// Risk measures for scenario sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Risk {
    /// Conditional value at risk of the objective
    Cvar,
}

/// plan.json, plan.csv, shadow_prices.csv, the graph files and the report
/// of a solved plan, in `dir` (`alternatives` writes each plan this way).
pub(super) fn write_plan_files(dir: &Path, plan: &PlanDoc) -> Result<(), Error> {
    write_atomic(&dir.join("plan.json"), &to_json(plan))?;
    write_atomic(&dir.join("plan.csv"), csv::plan_csv(plan).as_bytes())?;
    write_atomic(
        &dir.join("shadow_prices.csv"),
        csv::shadow_prices_csv(plan).as_bytes(),
    )?;
    plan_graph::write_graph_files(dir, plan)?;
    // graph.svg from graph.dot where Graphviz is installed, for the report.
    plan_graph::render_graph_svg(dir)?;
    bundle::write_report(plan, dir, dir)?;
    Ok(())
}

pub fn run(args: &SolveArgs) -> Result<(), Error> {
    let start = Instant::now();
    let progress = std::sync::Arc::new(Progress::default());
    let ticker = (!args.quiet && !args.verbose && !args.json)
        .then(|| {
            let what = format!("solving {}", args.plan.display());
            super::progress::Ticker::start(what, progress.clone())
        })
        .flatten();
    let opts = args
        .solver
        .options(args.verbose, ticker.is_some().then_some(progress))?;
    let solved = solve_plan_with(&args.plan, &args.whatif, &opts);
    drop(ticker);
    let mut solved = solved?;
    if !args.quiet && !solved.warnings.0.is_empty() {
        eprintln!("{}", solved.warnings);
    }
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("out").join(&solved.plan.scenario));

    let t = Instant::now();
    write_plan_files(&dir, &solved.plan)?;
    solved.timings.write_s = (t.elapsed().as_secs_f64() * 1e4).round() / 1e4;
    let run = RunInfo {
        capplan_version: env!("CARGO_PKG_VERSION"),
        scenario: solved.plan.scenario.clone(),
        solver: solved.plan.solver.backend.clone(),
        status: solved.plan.solver.status.clone(),
        relaxed: solved.plan.solver.relaxed,
        timings: solved.timings.clone(),
        total_s: (start.elapsed().as_secs_f64() * 1e4).round() / 1e4,
        model: solved.size,
        peak_memory_mib: peak_memory_mib(),
        time_limit_s: args.solver.time_limit,
        mip_gap_target: args.solver.mip_gap,
    };
    write_atomic(&dir.join("run.json"), &to_json(&run))?;

    if args.json {
        return super::print_out(&String::from_utf8(to_json(&solved.plan.metrics)).expect("UTF-8"));
    }
    if !args.quiet {
        let mut text = summary::summary_styled(&solved.plan, Style::detect());
        text.push_str(&format!(
            "\nmodel: {} variables ({} integer), {} constraints; solved in {:.2}s; verified\nwrote {}/plan.json, plan.csv, shadow_prices.csv, run.json, graph.dot, graph.mmd, gantt.mmd, report.md, report.html, charts/, plan.xlsx\n",
            solved.size.variables,
            solved.size.integers,
            solved.size.constraints,
            solved.timings.solve_s,
            dir.display()
        ));
        if args.explain {
            text.push('\n');
            text.push_str(&crate::explain::prose::explain(&solved.plan));
        }
        super::print_out(&text)?;
    }
    Ok(())
}
