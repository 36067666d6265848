//! `capplan solve PLAN`: solve, verify, write plan.json, plan.csv, the report
//! (report.md, report.html, charts/*.svg) and run.json, print the summary.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::pipeline::{solve_plan_with, PipelineOptions};
use crate::report::run_json::{peak_memory_mib, RunInfo};
use crate::report::term::Style;
use crate::report::{bundle, csv, plan_graph, summary, to_json, write_atomic};
use crate::solve::progress::Progress;
use crate::solve::{Backend, SolveOptions};

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
    /// Solver backend.
    #[arg(long, value_enum, default_value_t = Backend::default_available())]
    pub solver: Backend,
    /// Stop the solver after this many seconds, keeping the best plan found
    /// (exit code 4 if none was found)
    #[arg(long, value_name = "SECS")]
    pub time_limit: Option<f64>,
    /// Relative MIP gap at which to stop, e.g. 0.001 [default: HiGHS's 1e-4; 0 proves optimality]
    #[arg(long, value_name = "X")]
    pub mip_gap: Option<f64>,
    /// Solve the LP relaxation (fractional units, halls and sites).
    #[arg(long)]
    pub relax: bool,
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
}

pub fn run(args: &SolveArgs) -> Result<(), Error> {
    let start = Instant::now();
    if let Some(t) = args.time_limit {
        if !(t.is_finite() && t > 0.0) {
            return Err(Error::Usage(format!(
                "--time-limit {t}: give a positive number of seconds"
            )));
        }
    }
    if let Some(g) = args.mip_gap {
        if !(0.0..1.0).contains(&g) {
            return Err(Error::Usage(format!(
                "--mip-gap {g}: give a fraction in [0, 1), e.g. 0.001"
            )));
        }
    }
    let progress = std::sync::Arc::new(Progress::default());
    let ticker = (!args.quiet && !args.verbose && !args.json)
        .then(|| {
            let what = format!("solving {}", args.plan.display());
            super::progress::Ticker::start(what, progress.clone())
        })
        .flatten();
    let opts = PipelineOptions {
        solve: SolveOptions {
            backend: args.solver,
            time_limit: args.time_limit.map(Duration::from_secs_f64),
            mip_gap: args.mip_gap,
            verbose: args.verbose,
            progress: ticker.is_some().then_some(progress),
        },
        relax: args.relax,
    };
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
    write_atomic(&dir.join("plan.json"), &to_json(&solved.plan))?;
    write_atomic(
        &dir.join("plan.csv"),
        csv::plan_csv(&solved.plan).as_bytes(),
    )?;
    write_atomic(
        &dir.join("shadow_prices.csv"),
        csv::shadow_prices_csv(&solved.plan).as_bytes(),
    )?;
    super::graph::write_files(&dir, &solved.plan)?;
    // graph.svg from graph.dot where Graphviz is installed, for the report.
    plan_graph::render_graph_svg(&dir)?;
    bundle::write_report(&solved.plan, &dir, &dir)?;
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
        time_limit_s: args.time_limit,
        mip_gap_target: args.mip_gap,
    };
    write_atomic(&dir.join("run.json"), &to_json(&run))?;

    if args.json {
        return super::print_out(&String::from_utf8(to_json(&solved.plan.metrics)).expect("UTF-8"));
    }
    if !args.quiet {
        let mut text = summary::summary_styled(&solved.plan, Style::detect());
        text.push_str(&format!(
            "\nmodel: {} variables ({} integer), {} constraints; solved in {:.2}s; verified\nwrote {}/plan.json, plan.csv, shadow_prices.csv, run.json, graph.dot, graph.mmd, gantt.mmd, report.md, report.html, charts/\n",
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
