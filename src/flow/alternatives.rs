//! Near-optimal alternatives (modelling to generate alternatives, MGA): with
//! the plan's objective held within a slack of the best, the least and the
//! most of each metric — the **identity band** — and `count` plans that
//! differ most from the optimum and from each other (hop-skip-jump).
//! docs/model.md, "MGA: near-optimal alternatives", gives the formulation.
//!
//! Every alternative is a full plan that goes through the one pipeline
//! ([`solve_built_as`]): extracted, verified, its graph drawn. The extremes'
//! solves run on `jobs` threads once the optimum is known (results in the
//! order asked, whatever the threads did); the `--count` plans one after
//! another. `--time-limit` applies to each solve, and a plan found at a gap
//! keeps its status `feasible` and its gap. [`band_around`] finds the band
//! of a model a sweep point has already solved (`sweep --band`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use good_lp::{Expression, IntoAffineExpression};
use rayon::prelude::*;
use serde::Serialize;

use super::pipeline::{solve_built_as, Extras, PipelineOptions};
use crate::doc::run::Timings;
use crate::doc::PlanDoc;
use crate::error::Error;
use crate::model::metrics::{self, Metric};
use crate::model::{self, Lp, Model, ModelSize};
use crate::report::band::found_at;
use crate::scenario::Scenario;

/// Headroom on the NPV floor, relative to |NPV*| ($M, at least 1): the
/// optimum itself must satisfy the row at slack 0 despite solver tolerances.
pub const FLOOR_TOLERANCE: f64 = 1e-7;

/// Dinkelbach iterations for the leased share before settling for the best.
const MAX_DINKELBACH: usize = 12;

/// Extras of an alternative: its graph (for the report), but no shadow
/// prices — the duals of a metric's objective do not price the NPV.
const EXTRAS: Extras = Extras {
    shadow_prices: false,
    graph: true,
};

/// What to explore.
#[derive(Debug, Clone)]
pub struct Options {
    /// Fraction of |NPV*| the plans may give up, e.g. 0.02.
    pub slack: f64,
    /// The metrics whose least and most are found (see [`Metric::all`]).
    pub metrics: Vec<Metric>,
    /// Plans that differ most (hop-skip-jump), after the extremes.
    pub count: usize,
    /// Threads solving the extremes at once (they are independent once the
    /// optimum is known); the results are the same whatever the number.
    pub jobs: usize,
}

/// Least or most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sense {
    Min,
    Max,
}

impl Sense {
    pub fn name(self) -> &'static str {
        match self {
            Sense::Min => "min",
            Sense::Max => "max",
        }
    }
    /// +1 to maximise, −1 to minimise (the program is maximised).
    fn sign(self) -> f64 {
        match self {
            Sense::Min => -1.0,
            Sense::Max => 1.0,
        }
    }
}

/// One solved plan of the exploration.
#[derive(Debug, Clone, Serialize)]
pub struct Alternative {
    /// `optimum`, `<metric>-min`, `<metric>-max` or `distinct-<i>`.
    pub name: String,
    /// The metric optimised, for the extremes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sense: Option<Sense>,
    /// The plan's NPV, USD.
    pub npv_usd: f64,
    /// The plan's objective (NPV less the unmet-demand penalty), USD: what
    /// the NPV floor holds.
    pub objective_usd: f64,
    /// `optimal`, or `feasible` when a solve stopped at a gap.
    pub status: String,
    /// The last solve's relative MIP gap (of the figure it optimised).
    pub mip_gap: Option<f64>,
    /// Solves it took (Dinkelbach iterations, one per period for the peak).
    pub solves: usize,
    /// Seconds in the solver.
    pub solve_s: f64,
    #[serde(skip)]
    pub plan: PlanDoc,
    #[serde(skip)]
    values: Vec<f64>,
}

pub use crate::doc::band::BandRow;

/// What [`explore`] found.
#[derive(Debug, Clone)]
pub struct Explored {
    pub slack: f64,
    /// The best objective, USD (NPV less the unmet-demand penalty).
    pub best_usd: f64,
    /// The NPV floor every alternative meets, USD.
    pub floor_usd: f64,
    pub optimum: Alternative,
    /// Least and most of each metric, in the order asked.
    pub extremes: Vec<Alternative>,
    /// The hop-skip-jump plans.
    pub distinct: Vec<Alternative>,
    /// Solves that found no plan: (name, why).
    pub failures: Vec<(String, String)>,
    pub band: Vec<BandRow>,
    /// Every solve, the optimum's included.
    pub solves: usize,
    pub size: ModelSize,
    pub total_s: f64,
}

impl Explored {
    /// The optimum, then the extremes, then the distinct plans.
    pub fn plans(&self) -> impl Iterator<Item = &Alternative> {
        std::iter::once(&self.optimum)
            .chain(&self.extremes)
            .chain(&self.distinct)
    }
}

/// The value of `m` in a solved plan, recomputed from plan.json's data
/// (not from the model), in the metric's unit: a share, USD, GPUs, sites, MW.
pub fn value(m: Metric, sc: &Scenario, plan: &PlanDoc) -> f64 {
    // An empty sum is -0.0; band.json writes 0.
    value_of(m, sc, plan) + 0.0
}

fn value_of(m: Metric, sc: &Scenario, plan: &PlanDoc) -> f64 {
    let last = plan.periods.last().map(String::as_str).unwrap_or("");
    let gpus = |keep: &dyn Fn(&crate::doc::PlanRow) -> bool| -> f64 {
        plan.rows
            .iter()
            .filter(|r| r.period == last && keep(r))
            .map(|r| r.units_installed * sc.sku(&r.sku).map_or(0.0, |k| sc.skus[k].gpus_per_unit))
            .sum()
    };
    match m {
        Metric::LeasedShare => plan.metrics.leased_share,
        Metric::Capex => plan.metrics.capex_usd,
        Metric::SiteGpus(s) => gpus(&|r| r.site == sc.sites[s].id),
        Metric::SkuGpus(k) => gpus(&|r| r.sku == sc.skus[k].id),
        Metric::SitesOpened => plan.sites_opened.iter().map(|o| o.share).sum(),
        Metric::PeakMw => {
            let mut by_period: Vec<f64> = vec![0.0; plan.periods.len()];
            for sp in &plan.site_periods {
                if let Some(t) = plan.periods.iter().position(|p| *p == sp.period) {
                    by_period[t] += sp.facility_load_mw;
                }
            }
            by_period.into_iter().fold(0.0, f64::max)
        }
    }
}

/// The unit of a metric's value, as band.json writes it.
pub fn unit(m: Metric) -> &'static str {
    match m {
        Metric::LeasedShare => "share",
        Metric::Capex => "usd",
        Metric::SiteGpus(_) | Metric::SkuGpus(_) => "gpus",
        Metric::SitesOpened => "sites",
        Metric::PeakMw => "mw",
    }
}

/// Solves `sc`, then its near-optimal alternatives; `progress` hears the
/// name of each solve as it starts (from several threads when `o.jobs` > 1).
pub fn explore(
    sc: &Scenario,
    opts: &PipelineOptions,
    o: &Options,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<Explored, Error> {
    check_slack(o.slack)?;
    let start = Instant::now();
    let model = model::build(sc, opts.relax);
    progress("optimum");
    let mut timings = Timings::default();
    let (plan, values) = solve_built_as(sc, &model, None, opts, None, Extras::ALL, &mut timings)?;
    let optimum = Alternative::found("optimum", plan, values, timings.solve_s);
    let best = optimum.objective_usd / 1e6;
    let x = Explorer {
        sc,
        model: &model,
        opts,
        floor: floor_musd(best, o.slack),
        solves: AtomicUsize::new(1),
        progress,
        extras: EXTRAS,
    };
    let (extremes, mut failures) = x.extremes(&o.metrics, &optimum, o.jobs);
    let mut distinct: Vec<Alternative> = Vec::new();
    for i in 1..=o.count {
        let name = format!("distinct-{i}");
        let found: Vec<&[f64]> = std::iter::once(optimum.values.as_slice())
            .chain(distinct.iter().map(|a| a.values.as_slice()))
            .collect();
        match x.distinct(&name, &found) {
            Ok(a) => distinct.push(a),
            Err(e) => {
                failures.push((name, e.to_string()));
                break;
            }
        }
    }
    let mut out = Explored {
        slack: o.slack,
        best_usd: best * 1e6,
        floor_usd: x.floor * 1e6,
        optimum,
        extremes,
        distinct,
        failures,
        band: Vec::new(),
        solves: x.solves.load(Ordering::SeqCst),
        size: model.lp.size(),
        total_s: 0.0,
    };
    let plans: Vec<&Alternative> = out.plans().collect();
    out.band = band_rows(&o.metrics, sc, &plans);
    out.total_s = (start.elapsed().as_secs_f64() * 100.0).round() / 100.0;
    Ok(out)
}

fn check_slack(slack: f64) -> Result<(), Error> {
    if (0.0..1.0).contains(&slack) {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "--slack {slack}: give a fraction in [0, 1), e.g. 0.02"
    )))
}

/// The NPV floor of docs/model.md §14, $M: $z^* - ε|z^*|$ less the headroom.
fn floor_musd(best_musd: f64, slack: f64) -> f64 {
    best_musd - slack * best_musd.abs() - FLOOR_TOLERANCE * best_musd.abs().max(1.0)
}

/// The identity band around a point a sweep has solved (`sweep --band`).
pub struct PointBand {
    /// One row per metric whose extremes were found, in the order asked.
    pub rows: Vec<BandRow>,
    /// Extremes that found no plan: (name, why).
    pub failures: Vec<(String, String)>,
    /// Solves it took beyond the optimum's.
    pub solves: usize,
}

/// The least and the most of each of `metrics` with the objective within
/// `slack` of the optimum `plan` (and its column `values`) of `model`,
/// already solved: what [`explore`] finds for its extremes, without the
/// `--count` plans and without the plan graphs. The solves run one after
/// another (a sweep runs its points in parallel).
pub fn band_around(
    sc: &Scenario,
    model: &Model,
    opts: &PipelineOptions,
    plan: &PlanDoc,
    values: &[f64],
    slack: f64,
    metrics: &[Metric],
) -> Result<PointBand, Error> {
    check_slack(slack)?;
    let optimum = Alternative::found("optimum", plan.clone(), values.to_vec(), 0.0);
    let x = Explorer {
        sc,
        model,
        opts,
        floor: floor_musd(optimum.objective_usd / 1e6, slack),
        solves: AtomicUsize::new(0),
        progress: &|_| {},
        extras: Extras::NONE,
    };
    let (extremes, failures) = x.extremes(metrics, &optimum, 1);
    let plans: Vec<&Alternative> = std::iter::once(&optimum).chain(&extremes).collect();
    // A metric both of whose extremes failed has no band.
    let banded: Vec<Metric> = metrics
        .iter()
        .copied()
        .filter(|m| {
            let name = m.name(sc);
            extremes
                .iter()
                .any(|a| a.metric.as_deref() == Some(name.as_str()))
        })
        .collect();
    Ok(PointBand {
        rows: band_rows(&banded, sc, &plans),
        failures,
        solves: x.solves.load(Ordering::SeqCst),
    })
}

/// One band row per metric over `plans` (the optimum first).
fn band_rows(metrics: &[Metric], sc: &Scenario, plans: &[&Alternative]) -> Vec<BandRow> {
    metrics.iter().map(|&m| band_row(m, sc, plans)).collect()
}

/// A metric's least and most over every plan found (all lie within the
/// slack, so the band is at least what the extremes alone show).
fn band_row(m: Metric, sc: &Scenario, plans: &[&Alternative]) -> BandRow {
    let optimum = value(m, sc, &plans[0].plan);
    let name = m.name(sc);
    let mut row = BandRow {
        metric: name.clone(),
        label: m.label(sc),
        unit: unit(m).into(),
        optimum,
        min: optimum,
        max: optimum,
        min_plan: "optimum".into(),
        max_plan: "optimum".into(),
    };
    // The extreme named for the metric first, so ties name it.
    let own = |a: &&Alternative| a.metric.as_deref() == Some(name.as_str());
    let ordered: Vec<&Alternative> = plans
        .iter()
        .copied()
        .filter(own)
        .chain(plans.iter().copied().filter(|a| !own(a)))
        .collect();
    let tol = 1e-9 * optimum.abs().max(1.0);
    for a in ordered {
        let v = value(m, sc, &a.plan);
        if v < row.min - tol || (v <= row.min + tol && row.min_plan == "optimum" && own(&a)) {
            row.min = row.min.min(v);
            row.min_plan = a.name.clone();
        }
        if v > row.max + tol || (v >= row.max - tol && row.max_plan == "optimum" && own(&a)) {
            row.max = row.max.max(v);
            row.max_plan = a.name.clone();
        }
    }
    row
}

impl Alternative {
    /// A plan solved as `name`, before it is told which extreme it is.
    fn found(name: &str, plan: PlanDoc, values: Vec<f64>, solve_s: f64) -> Alternative {
        Alternative {
            name: name.into(),
            metric: None,
            sense: None,
            npv_usd: plan.metrics.npv_usd,
            objective_usd: plan.solver.objective_usd,
            status: plan.solver.status.clone(),
            mip_gap: plan.solver.mip_gap,
            solves: 1,
            solve_s,
            plan,
            values,
        }
    }
}

/// The model, the floor, and the count of solves; shared by the threads
/// that solve the extremes.
struct Explorer<'a> {
    sc: &'a Scenario,
    model: &'a Model,
    opts: &'a PipelineOptions,
    /// $M.
    floor: f64,
    solves: AtomicUsize,
    progress: &'a (dyn Fn(&str) + Sync),
    extras: Extras,
}

impl Explorer<'_> {
    /// The model's program with the NPV floor.
    fn base_lp(&self) -> Lp {
        let mut lp = self.model.lp.clone();
        metrics::add_npv_floor(&mut lp, self.floor);
        lp
    }

    /// Solves `lp` (the model's program with rows or columns added and its
    /// objective replaced) through the pipeline.
    fn solve(&self, name: &str, lp: Lp) -> Result<Alternative, Error> {
        (self.progress)(name);
        self.solves.fetch_add(1, Ordering::SeqCst);
        let model = Model {
            lp,
            vars: self.model.vars.clone(),
            flows: self.model.flows.clone(),
        };
        let mut timings = Timings::default();
        let (plan, values) = solve_built_as(
            self.sc,
            &model,
            Some(&self.model.lp),
            self.opts,
            None,
            self.extras,
            &mut timings,
        )?;
        Ok(Alternative::found(name, plan, values, timings.solve_s))
    }

    /// The least and the most of each metric, in `metrics`' order (min
    /// before max) whatever the number of `jobs`; and the solves that found
    /// no plan. Every solve is a task of its own, the most peak MW's one per
    /// period, so the threads share them evenly.
    fn extremes(
        &self,
        metrics: &[Metric],
        optimum: &Alternative,
        jobs: usize,
    ) -> (Vec<Alternative>, Vec<(String, String)>) {
        let groups: Vec<(Metric, Sense, Vec<Task>)> = metrics
            .iter()
            .flat_map(|&m| [(m, Sense::Min), (m, Sense::Max)])
            .map(|(m, sense)| (m, sense, self.tasks(m, sense)))
            .collect();
        let tasks: Vec<(Metric, Sense, Task)> = groups
            .iter()
            .flat_map(|(m, s, ts)| ts.iter().map(move |&t| (*m, *s, t)))
            .collect();
        let one = |&(m, sense, task): &(Metric, Sense, Task)| {
            let name = format!("{}-{}", m.name(self.sc), sense.name());
            match task {
                Task::Extreme => self.extreme(m, sense, &name, optimum),
                Task::PeakAt(t) => self.peak_at(t, &name, optimum),
            }
        };
        let results: Vec<Result<Alternative, Error>> = if jobs <= 1 {
            tasks.iter().map(one).collect()
        } else {
            rayon::ThreadPoolBuilder::new()
                .num_threads(jobs.min(tasks.len().max(1)))
                .build()
                .expect("a thread pool")
                .install(|| tasks.par_iter().with_max_len(1).map(one).collect())
        };
        let mut results = results.into_iter();
        let mut found = Vec::new();
        let mut failures = Vec::new();
        for (m, sense, ts) in &groups {
            let name = format!("{}-{}", m.name(self.sc), sense.name());
            let mine: Vec<Result<Alternative, Error>> = results.by_ref().take(ts.len()).collect();
            let combined = match ts.first() {
                Some(Task::PeakAt(_)) => most_peak(&name, self.sc, mine),
                _ => mine.into_iter().next().unwrap_or_else(|| {
                    Err(Error::Solver(
                        "no period has a facility load to maximise".into(),
                    ))
                }),
            };
            match combined {
                Ok(a) => found.push(a),
                Err(e) => failures.push((name, e.to_string())),
            }
        }
        (found, failures)
    }

    /// The solves of one extreme: one, or one per period with a facility
    /// load for the most peak MW (none if no period has one).
    fn tasks(&self, m: Metric, sense: Sense) -> Vec<Task> {
        if m != Metric::PeakMw || sense == Sense::Min {
            return vec![Task::Extreme];
        }
        (0..self.sc.num_periods())
            .filter(|&t| !model::is_empty(&metrics::facility_load_mw(self.sc, &self.model.vars, t)))
            .map(Task::PeakAt)
            .collect()
    }

    /// The most facility load of period `t` within the floor.
    fn peak_at(&self, t: usize, name: &str, optimum: &Alternative) -> Result<Alternative, Error> {
        let (sc, v) = (self.sc, &self.model.vars);
        let scale = value(Metric::PeakMw, sc, &optimum.plan).abs().max(1.0);
        let mut lp = self.base_lp();
        lp.set_objective(metrics::facility_load_mw(sc, v, t) * (1.0 / scale), 0.0);
        self.solve(&format!("{name} ({})", sc.periods[t]), lp)
    }

    /// The least or the most of `m` within the floor.
    fn extreme(
        &self,
        m: Metric,
        sense: Sense,
        name: &str,
        optimum: &Alternative,
    ) -> Result<Alternative, Error> {
        let (sc, v) = (self.sc, &self.model.vars);
        let scale = value(m, sc, &optimum.plan).abs().max(1.0);
        let mut a = match m {
            Metric::LeasedShare => self.leased_share(sense, name, optimum)?,
            Metric::PeakMw => {
                let mut lp = self.base_lp();
                let p = metrics::add_peak_mw(&mut lp, sc, v);
                lp.set_objective(Expression::from(p) * (-1.0 / scale), 0.0);
                self.solve(name, lp)?
            }
            _ => {
                let e = m
                    .linear(sc, v, &self.model.flows)
                    .expect("every other metric is linear");
                let mut lp = self.base_lp();
                lp.set_objective(e * (sense.sign() / scale), 0.0);
                self.solve(name, lp)?
            }
        };
        a.metric = Some(m.name(sc));
        a.sense = Some(sense);
        Ok(a)
    }

    /// The leased share $L/G$ is a ratio: Dinkelbach's method solves
    /// $\max \pm(L - \sigma G)$ from σ the optimum's share, sets σ to the
    /// share of the plan found, and stops when a solve no longer improves it.
    fn leased_share(
        &self,
        sense: Sense,
        name: &str,
        optimum: &Alternative,
    ) -> Result<Alternative, Error> {
        let v = &self.model.vars;
        let l = metrics::leased_gpu_periods(v);
        let g = metrics::installed_gpu_periods(self.sc, v);
        let scale = eval(&g, &self.model.lp, &optimum.values).abs().max(1.0);
        let mut sigma = optimum.plan.metrics.leased_share;
        let mut best: Option<Alternative> = None;
        let (mut solves, mut secs) = (0, 0.0);
        let mut proof = Proof::default();
        for _ in 0..MAX_DINKELBACH {
            let mut lp = self.base_lp();
            lp.set_objective(
                (l.clone() - sigma * g.clone()) * (sense.sign() / scale),
                0.0,
            );
            let a = match self.solve(name, lp) {
                Ok(a) => a,
                Err(e) if best.is_none() => return Err(e),
                Err(_) => {
                    proof.unfinished();
                    break;
                }
            };
            solves += 1;
            secs += a.solve_s;
            proof.add(&a);
            let share = a.plan.metrics.leased_share;
            let improves = sense.sign() * (share - sigma) > 1e-7;
            let better = best
                .as_ref()
                .is_none_or(|b| sense.sign() * (share - b.plan.metrics.leased_share) > 0.0);
            if better {
                best = Some(a);
            }
            if !improves {
                break;
            }
            sigma = share;
        }
        let mut best = best.expect("one solve at least");
        best.solves = solves;
        best.solve_s = secs;
        proof.apply(&mut best);
        Ok(best)
    }

    /// Hop-skip-jump: the least of the decisions the plans found so far
    /// made, each decision weighted by 1 / the most any of them made of it.
    fn distinct(&self, name: &str, found: &[&[f64]]) -> Result<Alternative, Error> {
        let lp0 = &self.model.lp;
        let mut e = Expression::default();
        for col in decision_columns(self.model) {
            let most = found.iter().map(|x| x[col]).fold(0.0, f64::max);
            if most > 1e-6 {
                e.add_mul(-1.0 / most, lp0.columns[col].var);
            }
        }
        let mut lp = self.base_lp();
        lp.set_objective(e, 0.0);
        self.solve(name, lp)
    }
}

/// One solve of an extreme: the extreme itself, or the most facility load
/// of one period (the most peak MW is the largest of those).
#[derive(Debug, Clone, Copy)]
enum Task {
    Extreme,
    PeakAt(usize),
}

/// The most peak MW from each period's most load: the plan whose peak is
/// largest (the earliest period on a tie), with the solves of all periods.
fn most_peak(
    name: &str,
    sc: &Scenario,
    per_period: Vec<Result<Alternative, Error>>,
) -> Result<Alternative, Error> {
    let mut best: Option<(f64, Alternative)> = None;
    let (mut solves, mut secs) = (0, 0.0);
    let mut last_err = None;
    let mut proof = Proof::default();
    for r in per_period {
        match r {
            Ok(mut a) => {
                solves += 1;
                secs += a.solve_s;
                proof.add(&a);
                let peak = value(Metric::PeakMw, sc, &a.plan);
                if best.as_ref().is_none_or(|(b, _)| peak > *b) {
                    a.name = name.into();
                    best = Some((peak, a));
                }
            }
            Err(e) => {
                proof.unfinished();
                last_err = Some(e)
            }
        }
    }
    match best {
        Some((_, mut a)) => {
            a.metric = Some(Metric::PeakMw.name(sc));
            a.sense = Some(Sense::Max);
            a.solves = solves;
            a.solve_s = secs;
            proof.apply(&mut a);
            Ok(a)
        }
        None => Err(last_err
            .unwrap_or_else(|| Error::Solver("no period has a facility load to maximise".into()))),
    }
}

/// Whether an extreme found over several solves (Dinkelbach's for the
/// leased share, one per period for the most peak MW) is proven: only if
/// every solve behind it was. The plan kept may come from a solve that
/// reached optimality while another, which could have gone further, stopped
/// at a gap or found nothing; the extreme then says so, with the largest
/// gap of its solves (unknown when a solve found no plan).
#[derive(Debug, Default)]
struct Proof {
    /// Some solve is not proven: stopped short, or solved to a loose gap.
    short: bool,
    /// Some solve stopped before its own optimality (status not optimal).
    stopped: bool,
    /// The largest gap of those that did.
    gap: Option<f64>,
    /// Some solve found no plan at all: its gap is unknown.
    unknown: bool,
}

impl Proof {
    fn add(&mut self, a: &Alternative) {
        self.add_solve(&a.status, a.mip_gap);
    }

    fn add_solve(&mut self, status: &str, mip_gap: Option<f64>) {
        if found_at(status, mip_gap).is_some() {
            self.short = true;
            self.gap = match (self.gap, mip_gap) {
                (Some(x), Some(y)) => Some(x.max(y)),
                (x, y) => x.or(y),
            };
            self.unknown |= mip_gap.is_none();
            self.stopped |= status != "optimal";
        }
    }

    fn unfinished(&mut self) {
        self.short = true;
        self.stopped = true;
        self.unknown = true;
    }

    /// Marks `a` as found at a gap unless every solve was proven optimal.
    fn apply(&self, a: &mut Alternative) {
        if let Some((status, gap)) = self.verdict() {
            a.status = status.into();
            a.mip_gap = gap;
        }
    }

    /// `None` when every solve was proven optimal; else the status and gap
    /// the extreme reports.
    fn verdict(&self) -> Option<(&'static str, Option<f64>)> {
        self.short.then(|| {
            let gap = if self.unknown { None } else { self.gap };
            // Optimal to a loose --mip-gap keeps its status; stopped short is feasible.
            (if self.stopped { "feasible" } else { "optimal" }, gap)
        })
    }
}

/// Columns of the decisions hop-skip-jump steers away from: deliveries,
/// lease signings, site openings, hall starts and power orders.
fn decision_columns(m: &Model) -> Vec<usize> {
    let v = &m.vars;
    let mut cols: Vec<usize> = v
        .buy
        .values()
        .chain(v.lease.values())
        .chain(v.opened_by.values())
        .chain(v.hall_started_by.values())
        .chain(v.ordered_by.values())
        .map(|x| m.lp.index[x])
        .collect();
    cols.sort_unstable();
    cols
}

/// An expression's value at `values`.
fn eval(e: &Expression, lp: &Lp, values: &[f64]) -> f64 {
    e.linear_coefficients()
        .map(|(x, a)| a * values[lp.index[&x]])
        .sum::<f64>()
        + e.constant()
}

#[cfg(test)]
mod tests {
    use super::Proof;

    #[test]
    fn an_extreme_is_proven_only_if_every_solve_behind_it_was() {
        let mut p = Proof::default();
        p.add_solve("optimal", Some(1e-5));
        p.add_solve("optimal", None);
        assert_eq!(p.verdict(), None);
        // Optimal to a loose --mip-gap of 2%: not proven, status kept.
        let mut loose = Proof::default();
        loose.add_solve("optimal", Some(0.02));
        assert_eq!(loose.verdict(), Some(("optimal", Some(0.02))));
        // The kept plan's solve was optimal, another stopped at 1.2%, a
        // third at 0.4%: the extreme is at a gap, the largest.
        p.add_solve("feasible", Some(0.012));
        p.add_solve("feasible", Some(0.004));
        assert_eq!(p.verdict(), Some(("feasible", Some(0.012))));
        // A solve that found nothing leaves the gap unknown.
        p.unfinished();
        assert_eq!(p.verdict(), Some(("feasible", None)));
    }
}
