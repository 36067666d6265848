//! One point of a sweep: the base plan with the point's edits, resolved and
//! solved through the pipeline; and the threads that solve many points.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use serde_yaml::Value;

use crate::catalog::load::Loaded;
use crate::catalog::{checks, Diagnostic};
use crate::doc::run::Timings;
use crate::doc::PlanDoc;
use crate::error::Error;
use crate::flow::alternatives::{band_around, BandRow};
use crate::flow::pipeline::{self as pipeline, Extras, PipelineOptions};
use crate::model;
use crate::model::metrics::Metric;
use crate::scenario;
use crate::solve::Basis;
use crate::whatif::apply::Op;
use crate::whatif::path::EditPath;

/// The base plan, loaded, checked and turned into a tree once for every point.
pub struct Base {
    pub loaded: Loaded,
    pub tree: Value,
}

impl Base {
    pub fn new(loaded: Loaded) -> Base {
        let tree = crate::whatif::tree::to_tree(&loaded);
        Base { loaded, tree }
    }
}

/// What solving one point gave.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// `optimal`, `feasible`, `infeasible`, `no_solution`, `invalid` or `error`.
    pub status: String,
    pub plan: Option<PlanDoc>,
    pub note: String,
    /// The identity band around the plan (`--band`), one row per metric
    /// found; empty without `--band`.
    pub band: Vec<BandRow>,
}

impl Outcome {
    fn failed(status: &str, note: String) -> Outcome {
        Outcome {
            status: status.into(),
            plan: None,
            note,
            band: Vec::new(),
        }
    }
}

/// `sweep --band`: the metrics whose least and most within `slack` of each
/// point's optimum go into its row.
#[derive(Debug, Clone)]
pub struct BandSpec {
    /// Metric names as `--metric` takes them, one metric each
    /// (`gpus_at_abilene`, not `gpus_at`).
    pub metrics: Vec<String>,
    pub slack: f64,
}

/// The point's plan: the base with `edits` applied, typed, checked, resolved.
pub fn point_scenario(base: &Base, edits: &[(EditPath, Op)]) -> Result<scenario::Scenario, String> {
    let mut t = base.tree.clone();
    for (p, op) in edits {
        crate::whatif::apply::apply(&mut t, p, op)
            .map_err(|e| crate::whatif::Failure::Edit(e).message())?;
    }
    let l = crate::whatif::tree::from_tree(&base.loaded, &t)?;
    let diags = checks::check_all(&l);
    if let Some(d) = diags.iter().find(|d| d.is_error()) {
        return Err(first_line(d));
    }
    Ok(scenario::resolve(&l))
}

fn first_line(d: &Diagnostic) -> String {
    format!(
        "{} ({}{})",
        d.message,
        d.rule,
        if d.path.is_empty() {
            String::new()
        } else {
            format!(" at {}", d.path)
        }
    )
}

/// A model built for a point elsewhere (patched by [`super::reuse`]) and the
/// basis to start its solve from.
pub type Prebuilt<'a> = (model::Model, Option<&'a Basis>);

/// Solves one point: `prebuilt`'s model when given, else one built afresh.
/// Shadow prices and the plan graph are left out; the plan is verified.
pub fn solve_point(
    base: &Base,
    edits: &[(EditPath, Op)],
    opts: &PipelineOptions,
    prebuilt: Option<Prebuilt>,
) -> Outcome {
    solve_point_banded(base, edits, opts, prebuilt, None)
}

/// [`solve_point`], then, with `band`, the least and the most of each of
/// its metrics within the slack of the point's optimum, on the same built
/// model (`flow::alternatives::band_around`: two solves a metric, more for
/// the leased share and the most peak MW).
pub fn solve_point_banded(
    base: &Base,
    edits: &[(EditPath, Op)],
    opts: &PipelineOptions,
    prebuilt: Option<Prebuilt>,
    band: Option<&BandSpec>,
) -> Outcome {
    let sc = match point_scenario(base, edits) {
        Ok(sc) => sc,
        Err(m) => return Outcome::failed("invalid", m),
    };
    let (model, basis) = match prebuilt {
        Some((m, b)) => (m, b),
        None => (model::build(&sc, opts.relax), None),
    };
    let solved = pipeline::solve_built_as(
        &sc,
        &model,
        None,
        opts,
        basis,
        Extras::NONE,
        &mut Timings::default(),
    );
    let (plan, values) = match solved {
        Ok(x) => x,
        Err(e) => return outcome(Err(e)),
    };
    let found = band.map(|spec| find_band(&sc, &model, opts, &plan, &values, spec));
    let mut out = outcome(Ok(plan));
    if let Some((rows, notes)) = found {
        out.band = rows;
        for n in notes {
            if !out.note.is_empty() {
                out.note.push_str("; ");
            }
            out.note.push_str(&n);
        }
    }
    out
}

/// The band of `spec` around the point's solved `plan`, and notes for the
/// row: a metric unknown at this point or an extreme that found no plan is
/// told there, and its cells stay empty.
fn find_band(
    sc: &scenario::Scenario,
    model: &model::Model,
    opts: &PipelineOptions,
    plan: &PlanDoc,
    values: &[f64],
    spec: &BandSpec,
) -> (Vec<BandRow>, Vec<String>) {
    let mut notes: Vec<String> = Vec::new();
    let mut metrics: Vec<Metric> = Vec::new();
    for name in &spec.metrics {
        match Metric::parse(name, sc).as_deref() {
            Some([m]) => metrics.push(*m),
            _ => notes.push(format!("band: no metric {name} here")),
        }
    }
    match band_around(sc, model, opts, plan, values, spec.slack, &metrics) {
        Ok(b) => {
            notes.extend(
                b.failures
                    .iter()
                    .map(|(n, why)| format!("band: {n} found no plan: {why}")),
            );
            (b.rows, notes)
        }
        Err(e) => {
            notes.push(format!("band: {e}"));
            (Vec::new(), notes)
        }
    }
}

/// Solves a resolved scenario (built afresh), verified, without shadow
/// prices or plan graph.
pub fn solve_resolved(sc: &scenario::Scenario, opts: &PipelineOptions) -> Outcome {
    let model = model::build(sc, opts.relax);
    outcome(pipeline::solve_built(
        sc,
        &model,
        opts,
        None,
        Extras::NONE,
        &mut Timings::default(),
    ))
}

/// A point's row status and note from what the pipeline returned.
fn outcome(solved: Result<PlanDoc, Error>) -> Outcome {
    match solved {
        Ok(plan) => Outcome {
            status: plan.solver.status.clone(),
            plan: Some(plan),
            note: String::new(),
            band: Vec::new(),
        },
        Err(Error::Infeasible(m)) => Outcome::failed("infeasible", m),
        Err(Error::NoSolution(m)) => Outcome::failed("no_solution", m),
        Err(Error::Verification(v)) => Outcome::failed(
            "error",
            format!(
                "the verifier refused the plan: {}",
                v.first().map(String::as_str).unwrap_or("")
            ),
        ),
        Err(e) => Outcome::failed("error", e.to_string()),
    }
}

/// Runs `f` on every index of `todo` on `jobs` threads (a rayon pool, one
/// point a task); results come back in `todo`'s order whatever the threads
/// did. `progress` prints `[done/total]` lines to stderr.
pub fn run_parallel<R: Send, F: Fn(usize) -> R + Sync>(
    todo: &[usize],
    jobs: usize,
    progress: bool,
    f: F,
) -> Vec<R> {
    let done = AtomicUsize::new(0);
    let start = Instant::now();
    let total = todo.len();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.clamp(1, total.max(1)))
        .build()
        .expect("a thread pool");
    pool.install(|| {
        todo.par_iter()
            .with_max_len(1)
            .map(|&k| {
                let r = f(k);
                let d = done.fetch_add(1, Ordering::SeqCst) + 1;
                if progress {
                    eprint!(
                        "\r[{d}/{total}] {:.1} s elapsed",
                        start.elapsed().as_secs_f64()
                    );
                    if d == total {
                        eprintln!();
                    }
                }
                r
            })
            .collect()
    })
}
