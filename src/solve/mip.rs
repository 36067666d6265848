//! The MILP engine: bounds from relaxations, a plan from rounding, HiGHS's
//! branch and bound only where they do not already prove the plan good enough.
//!
//! capplan's MILPs have two kinds of integer columns: yes/no decisions (sites,
//! halls, run placement: integer columns with bounds within [0, 1]) and general
//! integers (units delivered per cohort, turbine blocks). The yes/no decisions
//! are what is hard; the general integers are counts in the tens to thousands,
//! whose fractional parts barely move the objective, and which HiGHS's branch
//! and bound rounds poorly at fleet scale (docs/performance.md, "The MILP
//! engine"). MILPs with fewer than [`MIN_INTEGERS`] integer columns go to
//! HiGHS as they are. For the others, maximising:
//!
//! 1. **LP relaxation.** Its optimum bounds the MILP's from above.
//! 2. **Yes/no decisions.** If the relaxation's yes/no columns are all whole,
//!    its plan is optimal for the MILP with only the general integers relaxed.
//!    Otherwise that MILP (binaries kept, general integers continuous: far
//!    easier than the whole) is solved to a tenth of the gap asked for; it is
//!    a relaxation too, and its bound replaces the LP's if lower.
//! 3. **Rounding.** Yes/no decisions fixed at their values, general integers
//!    rounded down (units fewer, never more, than power, halls and supply
//!    allow), everything integer fixed, and one LP for the continuous rest
//!    (leases, uses, draws). If that LP is infeasible (e.g. a training run
//!    needs one unit more) or its plan is not within the gap, the repair: the
//!    same yes/no decisions, each general integer between its floor and its
//!    ceiling, one small MILP from the rounded plan; if even that is
//!    infeasible, the general integers free.
//! 4. If the rounded plan is within the gap asked for of the best bound, it is
//!    the answer (`Solution::heuristic`). Otherwise HiGHS solves the whole MILP
//!    from it (a MIP start), for the time that is left.
//!
//! Every stage runs single-threaded with a fixed seed and stops on the gap,
//! not on the clock, so the same model gives the same plan byte for byte
//! unless the time limit cuts a stage short. `CAPPLAN_MIP_ENGINE=off` hands
//! every MILP to HiGHS as it is (for comparison), `CAPPLAN_MIP_TRACE=1` prints
//! each stage's bound and plan, `CAPPLAN_MIP_MIN_INTEGERS` overrides
//! [`MIN_INTEGERS`]. The gap reported is against the
//! best bound proved by any stage, measured as HiGHS measures it:
//! (bound − plan) / |plan|, objectives without their constant.

use std::time::Instant;

use highs::HighsModelStatus as H;

use super::highs::{run, Outcome, Run, IPM_COLUMNS};
use super::progress::Phase;
use super::{Backend, Solution, SolveOptions, Status};
use crate::error::Error;
use crate::model::Lp;

/// HiGHS's default relative MIP gap, the target when none is asked for.
pub const DEFAULT_GAP: f64 = 1e-4;

/// The relaxation with the yes/no decisions kept is solved to this fraction
/// of the gap asked for, so that its bound leaves room for the rounding.
const RELAXATION_GAP_SHARE: f64 = 0.1;

/// Share of the time left that the relaxation with yes/no decisions may take.
const RELAXATION_TIME_SHARE: f64 = 0.6;

/// Share of the time limit that the LP relaxation may take, so that the
/// fixed LP (a fifth of the relaxation's time on M and L) can still turn it
/// into a plan.
const LP_TIME_SHARE: f64 = 0.8;

/// HiGHS options for the relaxation with yes/no decisions kept. Without the
/// root reduced-cost heuristic, neocloud-pivot's takes 2.0–3.7 s instead of
/// 5.8–6.8 s (HiGHS alone, same optimum; colossus's and greenfield-texas's
/// are unchanged or faster).
const RELAXATION_SWITCHES: &[(&str, bool)] = &[("mip_heuristic_run_root_reduced_cost", false)];

/// Below this many integer columns HiGHS gets the MILP as it is: it solves
/// such MILPs in about a second, and the relaxations would only add to that
/// (greenfield-texas, 272 integers: 1.3 s alone, 1.7 s through the stages).
pub const MIN_INTEGERS: usize = 500;

/// A value this close to a whole number counts as whole.
const WHOLE: f64 = 1e-6;

/// Whether the engine runs (default) or HiGHS gets the MILP as it is
/// (`CAPPLAN_MIP_ENGINE=off`, for comparison).
pub fn enabled() -> bool {
    std::env::var("CAPPLAN_MIP_ENGINE").map_or(true, |v| v != "off")
}

/// Stage-by-stage trace on stderr (`CAPPLAN_MIP_TRACE=1`), for measuring.
fn trace(started: Instant, what: std::fmt::Arguments) {
    if std::env::var_os("CAPPLAN_MIP_TRACE").is_some() {
        eprintln!("[mip {:7.2}s] {what}", started.elapsed().as_secs_f64());
    }
}

/// The kind of each column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Continuous,
    /// Integer with bounds within [0, 1].
    Binary,
    /// Any other integer.
    General,
}

pub fn kinds(lp: &Lp) -> Vec<Kind> {
    lp.columns
        .iter()
        .map(|c| match c.integer {
            false => Kind::Continuous,
            true if c.lower >= 0.0 && c.upper <= 1.0 => Kind::Binary,
            true => Kind::General,
        })
        .collect()
}

/// The rounded value of integer column `i` of kind `kind`: yes/no decisions
/// to the nearest, general integers down (a value within [`WHOLE`] of the
/// next integer counts as it), within the column's bounds.
pub fn round(kind: Kind, x: f64, lower: f64, upper: f64) -> f64 {
    let r = match kind {
        Kind::Continuous => return x,
        Kind::Binary => x.round(),
        Kind::General => (x + WHOLE).floor(),
    };
    r.clamp(lower.ceil(), upper.floor())
}

/// A plan and the stage it came from.
struct Plan {
    values: Vec<f64>,
    /// Objective without the constant.
    objective: f64,
    /// From the rounding stage, not from HiGHS's search on the whole MILP.
    heuristic: bool,
}

/// Relative gap as HiGHS measures it (maximising).
pub fn gap(bound: f64, objective: f64) -> f64 {
    let diff = (bound - objective).max(0.0);
    if diff <= 1e-6 {
        0.0
    } else if objective == 0.0 {
        f64::INFINITY
    } else {
        diff / objective.abs()
    }
}

struct Engine<'a> {
    lp: &'a Lp,
    opts: &'a SolveOptions,
    started: Instant,
    lower: Vec<f64>,
    upper: Vec<f64>,
    kinds: Vec<Kind>,
    target: f64,
}

impl Engine<'_> {
    /// Seconds left of the time limit, if any.
    fn remaining(&self) -> Option<f64> {
        self.opts
            .time_limit
            .map(|l| l.saturating_sub(self.started.elapsed()).as_secs_f64())
    }

    fn out_of_time(&self) -> bool {
        self.remaining().is_some_and(|r| r <= 0.0)
    }

    fn integer(&self, keep: impl Fn(Kind) -> bool) -> Vec<bool> {
        self.kinds.iter().map(|&k| keep(k)).collect()
    }

    /// The LP relaxation, or the MILP with only the yes/no decisions integer.
    fn relaxation(&self, binaries: bool) -> Result<Outcome, Error> {
        let integer = self.integer(|k| binaries && k == Kind::Binary);
        run(
            self.lp,
            &Run {
                lower: &self.lower,
                upper: &self.upper,
                integer: &integer,
                start: None,
                // Both relaxations leave time for the rounding and the rest.
                time_limit: self.remaining().map(|r| {
                    r * if binaries {
                        RELAXATION_TIME_SHARE
                    } else {
                        LP_TIME_SHARE
                    }
                }),
                mip_gap: Some(self.target * RELAXATION_GAP_SHARE),
                ipm: !binaries && self.lp.columns.len() >= IPM_COLUMNS,
                switches: if binaries { RELAXATION_SWITCHES } else { &[] },
                progress: !binaries,
            },
            self.opts,
        )
    }

    /// Rounds `guide` (a plan of a relaxation with whole yes/no decisions),
    /// completes it with one LP, or repairs it with one small MILP.
    fn round(&self, guide: &[f64], bound: f64) -> Result<Option<Plan>, Error> {
        let (lower, upper) = self.rounded_bounds(guide);
        let best = self.complete_with_lp(&lower, &upper)?;
        if best
            .as_ref()
            .is_some_and(|p| gap(bound, p.objective) <= self.target)
            || self.out_of_time()
        {
            return Ok(best);
        }
        self.repair(guide, lower, upper, best)
    }

    /// Bounds with every integer column fixed to `guide` rounded.
    fn rounded_bounds(&self, guide: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let mut lower = self.lower.clone();
        let mut upper = self.upper.clone();
        for (i, &k) in self.kinds.iter().enumerate() {
            if k != Kind::Continuous {
                let r = round(k, guide[i], self.lower[i], self.upper[i]);
                lower[i] = r;
                upper[i] = r;
            }
        }
        (lower, upper)
    }

    /// The plan of the LP with the integers fixed by `lower` and `upper`,
    /// if that LP solves to optimality.
    fn complete_with_lp(&self, lower: &[f64], upper: &[f64]) -> Result<Option<Plan>, Error> {
        let none = self.integer(|_| false);
        let fixed = run(
            self.lp,
            &Run {
                lower,
                upper,
                integer: &none,
                start: None,
                time_limit: self.remaining(),
                mip_gap: None,
                ipm: false,
                switches: &[],
                progress: true,
            },
            self.opts,
        )?;
        trace(
            self.started,
            format_args!("fixed LP: {:?} {:.4}", fixed.status, fixed.objective),
        );
        Ok((fixed.status == H::Optimal)
            .then_some(fixed.values)
            .flatten()
            .map(|values| Plan {
                objective: fixed.objective,
                values,
                heuristic: true,
            }))
    }

    /// Repairs or improves `best`: yes/no decisions fixed, each general
    /// integer between its rounded value and the ceiling of `guide`; then,
    /// if that finds no plan, each general integer free within its bounds.
    fn repair(
        &self,
        guide: &[f64],
        mut lower: Vec<f64>,
        mut upper: Vec<f64>,
        mut best: Option<Plan>,
    ) -> Result<Option<Plan>, Error> {
        let general = self.integer(|k| k == Kind::General);
        for free in [false, true] {
            for (i, &k) in self.kinds.iter().enumerate() {
                if k == Kind::General {
                    (lower[i], upper[i]) = if free {
                        (self.lower[i], self.upper[i])
                    } else {
                        (
                            lower[i],
                            (guide[i] - WHOLE).ceil().clamp(lower[i], self.upper[i]),
                        )
                    };
                }
            }
            let repaired = run(
                self.lp,
                &Run {
                    lower: &lower,
                    upper: &upper,
                    integer: &general,
                    start: best.as_ref().map(|p| p.values.as_slice()),
                    time_limit: self.remaining(),
                    mip_gap: Some(self.target * RELAXATION_GAP_SHARE),
                    ipm: false,
                    switches: &[],
                    progress: false,
                },
                self.opts,
            )?;
            trace(
                self.started,
                format_args!(
                    "repair MILP (free {free}): {:?} {:.4}",
                    repaired.status, repaired.objective
                ),
            );
            if let Some(values) = repaired.values {
                if best
                    .as_ref()
                    .is_none_or(|p| repaired.objective > p.objective)
                {
                    best = Some(Plan {
                        objective: repaired.objective,
                        values,
                        heuristic: true,
                    });
                }
            }
            if best.is_some() || self.out_of_time() {
                break;
            }
        }
        Ok(best)
    }
}

/// A number from the environment (for measuring), or `default`.
fn knob(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The engine's settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Below this many integer columns, HiGHS gets the MILP as it is.
    pub min_integers: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            min_integers: knob("CAPPLAN_MIP_MIN_INTEGERS", MIN_INTEGERS as f64) as usize,
        }
    }
}

/// Solves the MILP `lp` (see the module's documentation).
pub fn solve(lp: &Lp, opts: &SolveOptions) -> Result<Solution, Error> {
    solve_with(lp, opts, &Settings::default())
}

/// [`solve`] with explicit settings.
pub fn solve_with(lp: &Lp, opts: &SolveOptions, settings: &Settings) -> Result<Solution, Error> {
    let kinds = kinds(lp);
    let e = Engine {
        lp,
        opts,
        started: Instant::now(),
        lower: lp.columns.iter().map(|c| c.lower).collect(),
        upper: lp.columns.iter().map(|c| c.upper).collect(),
        target: opts.mip_gap.unwrap_or(DEFAULT_GAP),
        kinds,
    };
    let mut bound = f64::INFINITY;
    let mut best: Option<Plan> = None;
    if e.kinds.contains(&Kind::General) && lp.num_integers() >= settings.min_integers {
        let (b, rounded) = bound_and_rounding(&e)?;
        bound = b;
        best = rounded;
        // 4. Good enough?
        if let Some(p) = &best {
            if gap(bound, p.objective) <= e.target || e.out_of_time() {
                return Ok(answer(lp, opts, best.unwrap(), bound, e.target, false));
            }
        }
    }
    whole_milp(&e, bound, best)
}

/// Stages 1–3: the LP relaxation, the relaxation with whole yes/no decisions
/// where the LP's are fractional, and the rounded plan. Returns the best
/// bound proved and the rounded plan, if one was made in time.
fn bound_and_rounding(e: &Engine) -> Result<(f64, Option<Plan>), Error> {
    let infeasible = || Error::Infeasible("HiGHS proved the model infeasible".into());
    let mut bound = f64::INFINITY;
    // 1. The LP relaxation.
    let relaxed = e.relaxation(false)?;
    trace(
        e.started,
        format_args!(
            "LP relaxation: {:?}, bound {:.4}",
            relaxed.status, relaxed.bound
        ),
    );
    match relaxed.status {
        H::Optimal => bound = relaxed.bound,
        H::Infeasible => return Err(infeasible()),
        _ => {}
    }
    let mut guide = (relaxed.status == H::Optimal)
        .then_some(relaxed.values)
        .flatten();
    // 2. Whole yes/no decisions.
    let fractional = guide.as_deref().is_some_and(|x| {
        e.kinds
            .iter()
            .zip(x)
            .any(|(&k, &v)| k == Kind::Binary && (v - v.round()).abs() > WHOLE)
    });
    if fractional && !e.out_of_time() {
        let r = e.relaxation(true)?;
        trace(
            e.started,
            format_args!(
                "binaries kept: {:?}, bound {:.4}, plan {:.4}",
                r.status, r.bound, r.objective
            ),
        );
        if r.status == H::Infeasible {
            return Err(infeasible());
        }
        bound = bound.min(r.bound);
        guide = r.values;
    }
    // 3. Rounding.
    let mut best = None;
    if let Some(g) = guide.filter(|_| !e.out_of_time()) {
        best = e.round(&g, bound)?;
        trace(
            e.started,
            format_args!(
                "rounded: {:?}, gap {:?}",
                best.as_ref().map(|p| p.objective),
                best.as_ref().map(|p| gap(bound, p.objective))
            ),
        );
    }
    Ok((bound, best))
}

/// HiGHS on the whole MILP, from the rounded plan `best` if there is one,
/// for the time left; the better plan and the lower bound are kept.
fn whole_milp(e: &Engine, bound: f64, mut best: Option<Plan>) -> Result<Solution, Error> {
    let (lp, opts) = (e.lp, e.opts);
    let integer = e.integer(|k| k != Kind::Continuous);
    let whole = run(
        lp,
        &Run {
            lower: &e.lower,
            upper: &e.upper,
            integer: &integer,
            start: best.as_ref().map(|p| p.values.as_slice()),
            time_limit: e.remaining(),
            mip_gap: opts.mip_gap,
            ipm: false,
            switches: &[],
            progress: true,
        },
        opts,
    )?;
    match whole.status {
        H::Infeasible => {
            return Err(Error::Infeasible(
                "HiGHS proved the model infeasible".into(),
            ))
        }
        H::UnboundedOrInfeasible => {
            return Err(Error::Infeasible(
                "HiGHS found the model infeasible or unbounded".into(),
            ))
        }
        H::Unbounded => {
            return Err(Error::Solver(
                "HiGHS found the model unbounded; a cost or limit is missing".into(),
            ))
        }
        _ => {}
    }
    trace(
        e.started,
        format_args!(
            "whole MILP: {:?}, bound {:.4}, plan {:.4}",
            whole.status, whole.bound, whole.objective
        ),
    );
    let bound = bound.min(whole.bound);
    let proven = whole.status == H::Optimal || whole.status == H::ModelEmpty;
    if let Some(values) = whole.values {
        if best.as_ref().is_none_or(|p| whole.objective > p.objective) {
            best = Some(Plan {
                values,
                objective: whole.objective,
                heuristic: false,
            });
        }
    }
    match best {
        Some(p) => Ok(answer(lp, opts, p, bound, e.target, proven)),
        None if lp.columns.is_empty() => Ok(answer(
            lp,
            opts,
            Plan {
                values: vec![],
                objective: 0.0,
                heuristic: false,
            },
            bound,
            e.target,
            true,
        )),
        None => Err(Error::NoSolution(format!(
            "HiGHS stopped ({:?}) before finding a feasible plan; raise --time-limit",
            whole.status
        ))),
    }
}

fn answer(
    lp: &Lp,
    opts: &SolveOptions,
    plan: Plan,
    bound: f64,
    target: f64,
    proven: bool,
) -> Solution {
    let g = gap(bound, plan.objective);
    if let Some(p) = &opts.progress {
        // The progress line's last word: the plan, the best bound, the gap.
        p.set(Phase::Mip {
            best_musd: Some(plan.objective + lp.objective_constant),
            bound_musd: bound.is_finite().then_some(bound + lp.objective_constant),
            gap: g.is_finite().then_some(g),
            nodes: 0,
        });
    }
    Solution {
        backend: Backend::Highs,
        status: if proven || g <= target {
            Status::Optimal
        } else {
            Status::Feasible
        },
        objective_musd: lp.objective_value(&plan.values),
        mip_gap: Some(if proven { g.min(target) } else { g }),
        values: plan.values,
        duals: None,
        heuristic: plan.heuristic,
    }
}
