//! `capplan sweep PLAN --vary PATH=FROM:TO:STEP …`: a grid of scenarios,
//! solved in parallel, one CSV row per point in grid order; `--shard I/N`
//! for job arrays; `--chart` for the frontier.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::solver_args::{JobsArgs, SolverArgs};
use crate::catalog::Loaded;
use crate::error::Error;
use crate::flow::pipeline::load_with_whatifs;
use crate::flow::sweep::chart::{frontier_svg, BandAt, BandSeries, FrontierPoint};
use crate::flow::sweep::point::BandSpec;
use crate::flow::sweep::reuse::Reuse;
use crate::flow::sweep::{self, Base, Shard, Vary};
use crate::model::metrics::{Metric, METRIC_NAMES};
use crate::report::write_atomic;
use crate::units::pct;
use crate::whatif::apply::{EditError, Op};
use crate::whatif::path::EditPath;

#[derive(Debug, clap::Args)]
pub struct SweepArgs {
    /// The plan YAML.
    pub plan: PathBuf,
    /// A parameter and its values: `PATH=FROM:TO:STEP` or `PATH=v1,v2,…`;
    /// `PATH*=…` scales the value, `PATH+=…` adds to it (`+1q` shifts a
    /// period). Repeatable: the grid of every combination, the first slowest.
    #[arg(long = "vary", required = true, value_name = "PATH=FROM:TO:STEP")]
    pub vary: Vec<String>,
    /// What-if overlays applied to the plan before the sweep (repeatable).
    #[arg(long = "whatif", value_name = "W.yaml")]
    pub whatif: Vec<PathBuf>,
    /// Solve shard I of N of the grid (points k with k mod N = I−1); also read
    /// from SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX with CAPPLAN_SHARDS.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Write the CSV here instead of stdout.
    #[arg(long, value_name = "FILE.csv")]
    pub out: Option<PathBuf>,
    /// Draw leased share and NPV against the (single, numeric) parameter.
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<PathBuf>,
    /// At each point, also the least and the most of these metrics with the
    /// NPV within --slack of the point's best (the identity band; names as
    /// `alternatives --metric`, comma-separated or repeated): three more
    /// columns each, `<metric>_optimum,_min,_max`, and a shaded band on --chart
    #[arg(long, value_name = "METRIC[,METRIC…]", value_delimiter = ',')]
    pub band: Vec<String>,
    /// Fraction of each point's best NPV the band's plans may give up
    #[arg(long, default_value_t = 0.02, value_name = "X", requires = "band")]
    pub slack: f64,
    /// Build every point's model from scratch instead of patching one.
    #[arg(long)]
    pub no_reuse: bool,
    /// Show progress on stderr even when it is not a terminal.
    #[arg(long)]
    pub progress: bool,
    /// Print nothing on stderr but errors.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub solver: SolverArgs,
    #[command(flatten)]
    pub jobs: JobsArgs,
}

pub fn run(args: &SweepArgs) -> Result<(), Error> {
    let varies: Vec<Vary> = args
        .vary
        .iter()
        .map(|v| sweep::parse_vary(v))
        .collect::<Result<_, _>>()
        .map_err(Error::Usage)?;
    let opts = args.solver.options(false, None)?;
    let jobs = args.jobs.jobs()?;
    let (shard, from) = shard_of(args)?;
    if args.chart.is_some()
        && (varies.len() != 1 || (0..varies[0].values.len()).any(|i| varies[0].number(i).is_none()))
    {
        return Err(Error::Usage(
            "--chart draws a sweep of one numeric parameter; give exactly one numeric --vary"
                .into(),
        ));
    }
    let (loaded, _) = load_with_whatifs(&args.plan, &args.whatif)?;
    let band = band_spec(&loaded, &args.band, args.slack)?;
    let band_names: &[String] = band.as_ref().map_or(&[], |b| &b.metrics);
    let base = Base::new(loaded);
    refuse_unmatched_paths(&base, &varies, &args.vary)?;
    let grid = sweep::grid(&varies);
    let todo: Vec<usize> = (0..grid.len()).filter(|&k| shard.has(k)).collect();
    let reuse = if args.no_reuse {
        Err("--no-reuse".to_string())
    } else {
        Reuse::prepare(&base, &varies, &opts)
    };
    if !args.quiet {
        eprintln!(
            "{}",
            announcement(grid.len(), shard, &from, todo.len(), jobs, &reuse)
        );
        if let Some(b) = &band {
            eprintln!(
                "band: {} within {} of each point's best NPV (two or more solves per bound per point)",
                b.metrics.join(", "),
                pct(b.slack)
            );
        }
    }
    let progress = !args.quiet && (args.progress || std::io::stderr().is_terminal());
    let reuse = reuse.ok();
    let outcomes = sweep::run_parallel(&todo, jobs, progress, |k| {
        let edits: Vec<(EditPath, Op)> = varies
            .iter()
            .zip(&grid[k])
            .map(|(v, &i)| (v.path.clone(), v.edit(i)))
            .collect();
        let r = reuse.as_ref().map(|r| {
            let x = varies[0]
                .number(grid[k][0])
                .expect("reuse sweeps one number");
            (r.model_at(x), r.basis.as_ref())
        });
        sweep::point::solve_point_banded(&base, &edits, &opts, r, band.as_ref())
    });
    let mut csv = sweep::header(&varies, band_names);
    for (&k, out) in todo.iter().zip(&outcomes) {
        csv.push_str(&sweep::row(
            k,
            grid.len(),
            &varies,
            &grid[k],
            out,
            band_names,
        ));
    }
    if let Some(path) = &args.chart {
        let title = format!(
            "{}: leased share and NPV{}",
            base.loaded.plan.name,
            if opts.relax { " (LP relaxation)" } else { "" }
        );
        let points = Solved {
            vary: &varies[0],
            grid: &grid,
            todo: &todo,
            outcomes: &outcomes,
        };
        write_atomic(
            path,
            chart(&title, &points, band_names, args.slack).as_bytes(),
        )?;
    }
    match &args.out {
        Some(path) => write_atomic(path, csv.as_bytes()),
        None => super::print_out(&csv),
    }
}

/// The solved points of a one-number sweep.
struct Solved<'a> {
    vary: &'a Vary,
    grid: &'a [Vec<usize>],
    todo: &'a [usize],
    outcomes: &'a [sweep::Outcome],
}

/// The frontier chart, with the bands of `band_names` shaded.
fn chart(title: &str, s: &Solved, band_names: &[String], slack: f64) -> String {
    let pts = frontier_points(s.vary, s.grid, s.todo, s.outcomes);
    let bands = band_series(s.vary, s.grid, s.todo, s.outcomes, band_names);
    let legend = format!(
        "least to most within {} of each point's best NPV",
        pct(slack)
    );
    frontier_svg(title, &s.vary.label(), &pts, &bands, &legend)
}

/// `--band`'s metrics, each name standing for one metric (`gpus_at` is
/// every site's), checked against the plan; `None` without `--band`.
fn band_spec(loaded: &Loaded, names: &[String], slack: f64) -> Result<Option<BandSpec>, Error> {
    if names.is_empty() {
        return Ok(None);
    }
    if !(0.0..1.0).contains(&slack) {
        return Err(Error::Usage(format!(
            "--slack {slack}: give a fraction in [0, 1), e.g. 0.02"
        )));
    }
    let sc = crate::scenario::resolve(loaded);
    let mut metrics: Vec<String> = Vec::new();
    for name in names.iter().map(|n| n.trim()) {
        let found = Metric::parse(name, &sc).ok_or_else(|| {
            Error::Usage(format!(
                "--band {name}: no such metric; use one of {METRIC_NAMES}"
            ))
        })?;
        for m in found {
            let n = m.name(&sc);
            if !metrics.contains(&n) {
                metrics.push(n);
            }
        }
    }
    Ok(Some(BandSpec { metrics, slack }))
}

/// Each `--band` metric's band over the solved points, for the chart.
fn band_series(
    vary: &Vary,
    grid: &[Vec<usize>],
    todo: &[usize],
    outcomes: &[sweep::Outcome],
    names: &[String],
) -> Vec<BandSeries> {
    names
        .iter()
        .map(|name| {
            let mut series = BandSeries {
                metric: name.clone(),
                axis: name.clone(),
                name: name.clone(),
                scale: 1.0,
                points: Vec::new(),
            };
            for (&k, o) in todo.iter().zip(outcomes) {
                let Some(b) = o.band.iter().find(|b| &b.metric == name) else {
                    continue;
                };
                // Peak facility MW's label has its unit; shares, GPUs and
                // sites need none.
                let (axis, scale) = match b.unit.as_str() {
                    "usd" => (format!("{}, $B", b.label), 1e-9),
                    _ => (b.label.clone(), 1.0),
                };
                (series.axis, series.name, series.scale) = (axis, b.label.clone(), scale);
                series.points.push(BandAt {
                    x: vary.number(grid[k][0]).expect("checked numeric"),
                    optimum: b.optimum,
                    min: b.min,
                    max: b.max,
                });
            }
            series
        })
        .collect()
}

/// This run's shard and where it came from: `--shard`, a job array's
/// variable, or all points (and no source).
fn shard_of(args: &SweepArgs) -> Result<(Shard, String), Error> {
    Ok(match &args.shard {
        Some(s) => (
            Shard::parse(s).map_err(Error::Usage)?,
            "--shard".to_string(),
        ),
        None => match Shard::from_env(|k| std::env::var(k).ok()).map_err(Error::Usage)? {
            Some((s, var)) => (s, var),
            None => (Shard::ALL, String::new()),
        },
    })
}

/// A path that matches nothing fails every point alike: refuse it up front.
fn refuse_unmatched_paths(base: &Base, varies: &[Vary], specs: &[String]) -> Result<(), Error> {
    for (v, spec) in varies.iter().zip(specs) {
        let mut t = base.tree.clone();
        if let Err(EditError::NoMatch { message, hint, .. }) =
            crate::whatif::apply::apply(&mut t, &v.path, &v.edit(0))
        {
            return Err(Error::Usage(format!(
                "--vary {spec}: `{}` matches nothing: {message}\n  hint: {hint}",
                v.path
            )));
        }
    }
    Ok(())
}

/// The line on stderr before the points: how many, which shard, how many
/// jobs, and whether the model is reused (or why not).
fn announcement(
    points: usize,
    shard: Shard,
    from: &str,
    todo: usize,
    jobs: usize,
    reuse: &Result<Reuse, String>,
) -> String {
    let part = if shard == Shard::ALL {
        String::new()
    } else {
        format!(
            ", shard {}/{} ({from}): {} of them",
            shard.index, shard.count, todo
        )
    };
    let r = match reuse {
        Ok(_) => "model reused (patched per point, LPs warm-started)".to_string(),
        Err(why) => format!("model built per point ({why})"),
    };
    format!(
        "sweep: {} points{part}; {} jobs; {r}",
        points,
        jobs.min(todo.max(1))
    )
}

/// The solved points of a one-number sweep, for the frontier chart.
fn frontier_points(
    vary: &Vary,
    grid: &[Vec<usize>],
    todo: &[usize],
    outcomes: &[sweep::Outcome],
) -> Vec<FrontierPoint> {
    todo.iter()
        .zip(outcomes)
        .filter_map(|(&k, o)| {
            o.plan.as_ref().map(|p| FrontierPoint {
                x: vary.number(grid[k][0]).expect("checked numeric"),
                leased_share: p.metrics.leased_share,
                npv_usd: p.metrics.npv_usd,
            })
        })
        .collect()
}
