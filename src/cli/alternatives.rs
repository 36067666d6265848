//! `capplan alternatives PLAN [--slack X] [--metric NAME]… [--count N]`:
//! near-optimal alternatives (MGA). Solves the plan, then the least and the
//! most of each metric with the NPV within the slack of the best (the
//! identity band), then N plans that differ most; writes each plan under
//! DIR/alternatives/<name>/ as `solve` writes one, the band as band.json and
//! band.csv, and the plans side by side in compare's format.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use super::compare::{table, Column};
use super::solve::write_plan_files;
use super::solver_args::{JobsArgs, SolverArgs};
use crate::doc::band::{BandDoc, BandFailure, BandPlan, BAND_JSON};
use crate::error::Error;
use crate::flow::alternatives::{explore, BandRow, Explored, Options};
use crate::flow::pipeline::load_scenario;
use crate::model::metrics::{Metric, METRIC_NAMES};
use crate::report::band::{band_chart, extreme_found, found_at, show};
use crate::report::figures::Figures;
use crate::report::{to_json, write_atomic};
use crate::units::{fixed, money, pct};

#[derive(Debug, clap::Args)]
pub struct AlternativesArgs {
    /// The plan YAML.
    pub plan: PathBuf,
    /// Fraction of the best NPV the alternatives may give up (NPV ≥ NPV* − slack·|NPV*|)
    #[arg(long, default_value_t = 0.02, value_name = "X")]
    pub slack: f64,
    /// A metric to find the least and most of (repeatable) [default: all]:
    /// leased_share, capex, gpus_at (every site), gpus_at_<site>, gpus_of
    /// (every SKU), gpus_of_<sku>, sites_opened, peak_mw
    #[arg(long = "metric", value_name = "NAME")]
    pub metric: Vec<String>,
    /// Also find N plans that differ most from the optimum and each other (hop-skip-jump)
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub count: usize,
    /// Output directory [default: out/<the plan's `name`>/]
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub solver: SolverArgs,
    #[command(flatten)]
    pub jobs: JobsArgs,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: &AlternativesArgs) -> Result<(), Error> {
    let opts = args.solver.options(false, None)?;
    let (sc, warnings) = load_scenario(&args.plan)?;
    if !args.quiet && !warnings.0.is_empty() {
        eprintln!("{warnings}");
    }
    let mut metrics: Vec<Metric> = Vec::new();
    for name in &args.metric {
        let found = Metric::parse(name, &sc).ok_or_else(|| {
            Error::Usage(format!(
                "--metric {name}: no such metric; use one of {METRIC_NAMES}"
            ))
        })?;
        for m in found {
            if !metrics.contains(&m) {
                metrics.push(m);
            }
        }
    }
    if metrics.is_empty() {
        metrics = Metric::all(&sc);
    }
    let o = Options {
        slack: args.slack,
        metrics: metrics.clone(),
        count: args.count,
        jobs: args.jobs.jobs()?,
    };
    let quiet = args.quiet;
    let n = AtomicUsize::new(0);
    let progress = |what: &str| {
        let n = n.fetch_add(1, Ordering::SeqCst) + 1;
        if !quiet {
            eprintln!("  solve {n}: {what}");
        }
    };
    let ex = explore(&sc, &opts, &o, &progress)?;

    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("out").join(&sc.name));
    write_band_files(&dir, &sc.name, &ex, o.jobs)?;
    let cols = columns(&ex);
    let title = format!(
        "{}: the optimum and its alternatives within {} of its NPV (Δ against the optimum)",
        sc.name,
        pct(ex.slack)
    );
    let tbl = table(&title, &cols, false);
    write_atomic(&dir.join("alternatives.txt"), tbl.as_bytes())?;
    write_atomic(
        &dir.join("alternatives.md"),
        table(&title, &cols, true).as_bytes(),
    )?;
    if quiet {
        return Ok(());
    }
    let mut text = band_text(&sc.name, &ex);
    text.push('\n');
    if cols.len() <= 7 {
        text.push_str(&tbl);
    } else {
        let _ = writeln!(
            text,
            "{} plans side by side (compare's format): {}/alternatives.txt",
            cols.len(),
            dir.display()
        );
    }
    let _ = writeln!(
        text,
        "\nwrote {d}/band.json, band.csv, band.svg, run.json, alternatives.txt, alternatives.md, optimum/ (its report has the band), alternatives/<name>/ (plan.json, plan.csv, report …)",
        d = dir.display()
    );
    super::print_out(&text)
}

/// "within 2.0% of the best NPV, leased share runs from 31.0% to 54.0%".
pub fn band_text(name: &str, ex: &Explored) -> String {
    let mut out = String::new();
    let relaxed = if ex.optimum.plan.solver.relaxed {
        " (LP relaxation)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{name}{relaxed}: best NPV {} (objective {}); within {} of it (objective ≥ {}), {} solves in {:.1}s:",
        money(ex.optimum.npv_usd),
        money(ex.best_usd),
        pct(ex.slack),
        money(ex.floor_usd),
        ex.solves,
        ex.total_s
    );
    let doc = band_doc(name, ex);
    for b in &ex.band {
        let f = |x: f64| show(&b.unit, x);
        let range = if f(b.min) == f(b.max) {
            format!("is {} in every plan found", f(b.min))
        } else {
            format!("runs from {} to {}", f(b.min), f(b.max))
        };
        let _ = write!(out, "  {} {range} (optimum {})", b.label, f(b.optimum));
        let short: Vec<String> = [("least", true), ("most", false)]
            .into_iter()
            .filter_map(|(which, least)| {
                extreme_found(&doc, b, least).map(|at| format!("{which} found {at}"))
            })
            .collect();
        if short.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "; {}: may lie further out", short.join(", "));
        }
    }
    for a in ex.plans().filter(|a| a.metric.is_none()) {
        if let Some(at) = found_at(&a.status, a.mip_gap) {
            let _ = writeln!(out, "  note: {} was found {at}", a.name);
        }
    }
    for (n, why) in &ex.failures {
        let _ = writeln!(out, "  note: {n} found no plan: {why}");
    }
    out
}

fn columns(ex: &Explored) -> Vec<Column> {
    ex.plans()
        .map(|a| Column {
            scenario: a.name.clone(),
            whatifs: Vec::new(),
            status: a.status.clone(),
            note: match (a.status.as_str(), a.mip_gap) {
                ("optimal", _) => String::new(),
                (_, Some(g)) => format!("stopped at a gap of {}", pct(g)),
                _ => "stopped before proving optimality".into(),
            },
            figures: Some(Figures::of(&a.plan)),
        })
        .collect()
}

/// Every plan's files, and band.json (next to the optimum's plan.json too,
/// written first so the optimum's report has the band), band.csv, band.svg
/// and run.json.
fn write_band_files(dir: &Path, name: &str, ex: &Explored, jobs: usize) -> Result<(), Error> {
    let doc = band_doc(name, ex);
    let band_json = to_json(&doc);
    write_atomic(&dir.join("optimum").join(BAND_JSON), &band_json)?;
    write_plan_files(&dir.join("optimum"), &ex.optimum.plan)?;
    for a in ex.extremes.iter().chain(&ex.distinct) {
        write_plan_files(&dir.join("alternatives").join(&a.name), &a.plan)?;
    }
    write_atomic(&dir.join(BAND_JSON), &band_json)?;
    write_atomic(&dir.join("band.csv"), band_csv(&ex.band).as_bytes())?;
    write_atomic(&dir.join("band.svg"), band_chart(&doc).as_bytes())?;
    write_atomic(&dir.join("run.json"), &to_json(&run_doc(name, ex, jobs)))
}

/// band.json: the band and the plans, without timings (the same bytes
/// whatever `--jobs`; seconds go to run.json).
fn band_doc(name: &str, ex: &Explored) -> BandDoc {
    BandDoc {
        plan: name.into(),
        slack: ex.slack,
        relaxed: ex.optimum.plan.solver.relaxed,
        best_objective_usd: ex.best_usd,
        best_npv_usd: ex.optimum.npv_usd,
        floor_usd: ex.floor_usd,
        solves: ex.solves,
        band: ex.band.clone(),
        plans: ex
            .plans()
            .map(|a| BandPlan {
                name: a.name.clone(),
                metric: a.metric.clone(),
                sense: a.sense.map(|s| s.name().to_string()),
                npv_usd: a.npv_usd,
                objective_usd: a.objective_usd,
                status: a.status.clone(),
                mip_gap: a.mip_gap,
                solves: a.solves,
            })
            .collect(),
        failures: ex
            .failures
            .iter()
            .map(|(n, e)| BandFailure {
                name: n.clone(),
                error: e.clone(),
            })
            .collect(),
    }
}

/// run.json of the exploration: seconds in all and per plan.
#[derive(Serialize)]
struct AlternativesRun<'a> {
    capplan_version: &'static str,
    plan: &'a str,
    jobs: usize,
    solves: usize,
    total_s: f64,
    plans: Vec<PlanTime<'a>>,
}

#[derive(Serialize)]
struct PlanTime<'a> {
    name: &'a str,
    solves: usize,
    solve_s: f64,
}

fn run_doc<'a>(name: &'a str, ex: &'a Explored, jobs: usize) -> AlternativesRun<'a> {
    AlternativesRun {
        capplan_version: env!("CARGO_PKG_VERSION"),
        plan: name,
        jobs,
        solves: ex.solves,
        total_s: ex.total_s,
        plans: ex
            .plans()
            .map(|a| PlanTime {
                name: &a.name,
                solves: a.solves,
                solve_s: a.solve_s,
            })
            .collect(),
    }
}

fn band_csv(band: &[BandRow]) -> String {
    let mut out = String::from("metric,label,unit,optimum,min,max,min_plan,max_plan\n");
    for b in band {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            b.metric,
            crate::report::csv::field(&b.label),
            b.unit,
            fixed(b.optimum, 6),
            fixed(b.min, 6),
            fixed(b.max, 6),
            b.min_plan,
            b.max_plan
        );
    }
    out
}
