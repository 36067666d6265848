//! A scenario set solved as one plan (docs/scenario-sets.md): load each
//! branch (the plan with its what-ifs), build its model, join them in the
//! extensive form (`model::extensive`), solve once, then take each branch's
//! slice of the solution through the same stages as a single solve
//! ([`pipeline::finish_solved`]: extract, shadow prices, verify, graph), and
//! check that the branches' plans share their early decisions
//! (`verify::shared`). Each branch is also solved alone, for the expected
//! value of perfect information, and the plan for the average future is
//! tried in every branch for the value of the stochastic solution.
//!
//! Here, in `flow`, because it reads files (the set, the plan, the what-ifs)
//! and runs the whole pipeline; the extensive form itself is generic over
//! `Lp`s and lives in `model`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::average_future::average_future;
use super::pipeline::{self, Extras, PipelineOptions};
use super::set_doc::{self, cvar};
use crate::catalog::{Diagnostic, Diagnostics};
use crate::doc::run::Timings;
use crate::doc::scenario_set::*;
use crate::doc::PlanDoc;
use crate::error::Error;
use crate::explain::shadow_prices;
use crate::model::extensive::{self, BranchModel, Cvar};
use crate::model::family::Family;
use crate::model::{self, Model, ModelSize};
use crate::scenario::{self, Scenario};
use crate::solve::{self, Solution, Status};
use crate::units::cents;
use crate::verify;
use crate::whatif::overlay::Overlay;
use crate::whatif::set::{self as scenario_set, Branch, ScenarioSet};

/// How to solve a set.
#[derive(Debug, Clone, Default)]
pub struct SetOptions {
    pub pipeline: PipelineOptions,
    pub risk: Option<Cvar>,
    /// What-ifs applied to the plan before every branch's own.
    pub whatifs: Vec<PathBuf>,
    /// Also solve each branch alone (EVPI) and the average future (VSS).
    pub values: bool,
}

/// One branch, solved within the set.
pub struct BranchSolved {
    pub name: String,
    pub probability: f64,
    pub scenario: Scenario,
    pub plan: PlanDoc,
    pub timings: Timings,
    pub size: ModelSize,
}

/// A solved, verified scenario set.
pub struct SetSolved {
    /// Index of the branch the top-level plan.json shows (`doc.shown_branch`).
    pub shown: usize,
    pub set: ScenarioSet,
    pub branches: Vec<BranchSolved>,
    pub doc: ScenarioSetDoc,
    /// The extensive form's size.
    pub size: ModelSize,
    pub timings: Timings,
    pub warnings: Diagnostics,
}

impl SetSolved {
    /// The top-level plan.json: the shown branch's plan with the set's
    /// section (schema version 2).
    pub fn plan_json(&self) -> PlanDoc {
        let mut plan = self.branches[self.shown].plan.clone();
        plan.scenario_set = Some(Box::new(self.doc.clone()));
        plan
    }
}

fn secs(d: std::time::Duration) -> f64 {
    (d.as_secs_f64() * 1e4).round() / 1e4
}

fn input(set: &ScenarioSet, d: Diagnostic, at: &str) -> Error {
    Error::Input(Diagnostics(vec![set.diag(d, at)]))
}

/// A branch loaded and built.
struct Loaded {
    sc: Scenario,
    model: Model,
    whatifs: Vec<PathBuf>,
}

/// Reads the set and loads every branch; checks `decide_by` against the
/// horizon and that the branches share one horizon.
fn load(
    plan: &Path,
    set_path: &Path,
    so: &SetOptions,
) -> Result<(ScenarioSet, Vec<Loaded>, usize, Diagnostics), Error> {
    let set = scenario_set::read(set_path).map_err(|d| {
        let mut d = Diagnostics(d);
        d.sort();
        Error::Input(d)
    })?;
    let mut out = Vec::new();
    let mut warnings = Diagnostics::default();
    for b in &set.branches {
        let whatifs: Vec<PathBuf> = so.whatifs.iter().chain(&b.whatifs).cloned().collect();
        let (loaded, w) = pipeline::load_with_whatifs(plan, &whatifs)?;
        if out.is_empty() {
            warnings = w;
        }
        let sc = scenario::resolve(&loaded);
        let model = model::build(&sc, so.pipeline.relax);
        out.push(Loaded { sc, model, whatifs });
    }
    let first: &Scenario = &out[0].sc;
    let Some(decide_by) = first.periods.iter().position(|p| *p == set.decide_by) else {
        let (a, z) = (first.periods[0], first.periods[first.num_periods() - 1]);
        return Err(input(
            &set,
            Diagnostic::error(
                "set-decide-by",
                format!(
                    "decide_by {} is not a period of the plan's horizon ({a}–{z})",
                    set.decide_by
                ),
            )
            .with_hint(format!(
                "pick a period from {a} to {z}, in the plan's granularity"
            )),
            "decide_by",
        ));
    };
    for (i, l) in out.iter().enumerate().skip(1) {
        if l.sc.periods != first.periods {
            return Err(input(
                &set,
                Diagnostic::error(
                    "set-horizon",
                    format!(
                        "branch `{}` has another horizon than branch `{}`",
                        set.branches[i].name, set.branches[0].name
                    ),
                )
                .with_hint("a set's branches are futures of one plan: their what-ifs may not change the horizon"),
                &format!("branches[{i}].whatifs"),
            ));
        }
    }
    Ok((set, out, decide_by, warnings))
}

/// Solves the branch alone, verified; its objective in $M. An infeasible
/// branch comes back with the single solve's located diagnosis.
fn solve_alone(plan: &Path, name: &str, l: &Loaded, opts: &PipelineOptions) -> Result<f64, Error> {
    let mut t = Timings::default();
    match pipeline::solve_built(&l.sc, &l.model, opts, None, Extras::NONE, &mut t) {
        Ok(p) => Ok(p.solver.objective_usd / 1e6),
        Err(Error::Infeasible(_)) => match pipeline::solve_plan_with(plan, &l.whatifs, opts) {
            Err(Error::Infeasible(m)) => Err(Error::Infeasible(format!(
                "branch `{name}` is infeasible on its own, so no plan holds in every branch\n{m}"
            ))),
            Err(e) => Err(e),
            Ok(_) => Err(Error::Infeasible(format!("branch `{name}` is infeasible"))),
        },
        Err(e) => Err(e),
    }
}

/// Solves the scenario set `set_path` over `plan`; every branch's plan is
/// verified, and their shared decisions checked equal.
pub fn solve_set(plan: &Path, set_path: &Path, so: &SetOptions) -> Result<SetSolved, Error> {
    let opts = &so.pipeline;
    let mut timings = Timings::default();
    let t = Instant::now();
    let (set, loaded, decide_by, warnings) = load(plan, set_path, so)?;
    timings.load_s = secs(t.elapsed());

    // Each branch alone first: perfect information, and a branch that cannot
    // be planned at all is reported as a single solve would.
    let alone = if so.values {
        each_branch_alone(plan, &set, &loaded, opts)?
    } else {
        vec![None; loaded.len()]
    };

    let t = Instant::now();
    let ext = build_extensive(&set, &loaded, decide_by, so.risk);
    timings.build_s = secs(t.elapsed());

    let t = Instant::now();
    let sol = solve_extensive(&ext, &set, opts)?;
    timings.solve_s = secs(t.elapsed());

    let t = Instant::now();
    let probabilities: Vec<f64> = set.branches.iter().map(|b| b.probability).collect();
    let priced = priced(&ext, &sol, so, &probabilities);
    timings.duals_s = secs(t.elapsed());
    let branches = set
        .branches
        .iter()
        .zip(&loaded)
        .enumerate()
        .map(|(b, (br, l))| branch_plan(b, br, l, &ext, &sol, so, priced.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    let t = Instant::now();
    shared_decisions_agree(&branches, decide_by)?;
    timings.verify_s = secs(t.elapsed());

    let vss = if so.values {
        let expected_objective: f64 = branches
            .iter()
            .map(|b| b.probability * b.plan.solver.objective_usd)
            .sum();
        let vss =
            value_of_stochastic_solution(plan, &set, &loaded, decide_by, so, expected_objective);
        Some(vss?)
    } else {
        None
    };
    let size = ext.lp.size();
    let shown = set_doc::shown_branch(&probabilities);
    let parts = Parts {
        set: &set,
        first: &loaded[0].sc,
        branches: &branches,
        alone: &alone,
        ext: &ext,
        sol: &sol,
        so,
        decide_by,
        shown,
    };
    let doc = set_document(&parts, vss);
    Ok(SetSolved {
        shown,
        set,
        branches,
        doc,
        size,
        timings,
        warnings,
    })
}

/// Each branch solved alone, $M (perfect information).
fn each_branch_alone(
    plan: &Path,
    set: &ScenarioSet,
    loaded: &[Loaded],
    opts: &PipelineOptions,
) -> Result<Vec<Option<f64>>, Error> {
    set.branches
        .iter()
        .zip(loaded)
        .map(|(b, l)| solve_alone(plan, &b.name, l, opts).map(Some))
        .collect()
}

/// The extensive form of the set's loaded branches.
fn build_extensive(
    set: &ScenarioSet,
    loaded: &[Loaded],
    decide_by: usize,
    risk: Option<Cvar>,
) -> extensive::Extensive {
    let branch_models: Vec<BranchModel> = set
        .branches
        .iter()
        .zip(loaded)
        .map(|(b, l)| BranchModel {
            name: &b.name,
            probability: b.probability,
            sc: &l.sc,
            model: &l.model,
        })
        .collect();
    extensive::build(&branch_models, decide_by, risk)
}

/// Solves the extensive form; infeasible (when every branch alone is not)
/// means the shared decisions cannot be shared.
fn solve_extensive(
    ext: &extensive::Extensive,
    set: &ScenarioSet,
    opts: &PipelineOptions,
) -> Result<Solution, Error> {
    solve::solve(&ext.lp, &opts.solve).map_err(|e| match e {
        Error::Infeasible(m) => Error::Infeasible(format!(
            "every branch has a plan on its own, but no plan shares its decisions before {} across the branches ({m}); try a later decide_by",
            set.decide_by
        )),
        e => e,
    })
}

/// What plan.json's `scenario_set` section is made from.
struct Parts<'a> {
    set: &'a ScenarioSet,
    /// The first branch's scenario (the plan's name and integrality).
    first: &'a Scenario,
    branches: &'a [BranchSolved],
    /// Each branch solved alone, $M, where it was.
    alone: &'a [Option<f64>],
    ext: &'a extensive::Extensive,
    sol: &'a Solution,
    so: &'a SetOptions,
    decide_by: usize,
    shown: usize,
}

/// The risk measure asked for: η at the optimum and the CVaR of the
/// branches' objectives.
fn risk_doc(p: &Parts) -> Option<RiskDoc> {
    p.so.risk.map(|r| {
        let outcomes: Vec<(f64, f64)> = p
            .branches
            .iter()
            .map(|b| (b.probability, b.plan.solver.objective_usd))
            .collect();
        let eta = p
            .ext
            .cvar_columns
            .as_ref()
            .map_or(0.0, |(e, _)| p.sol.values[*e]);
        RiskDoc {
            alpha: r.alpha,
            lambda: r.lambda,
            var_usd: cents(eta * 1e6),
            cvar_usd: cents(cvar(r.alpha, &outcomes)),
        }
    })
}

fn solver_doc(p: &Parts) -> SetSolverDoc {
    let size = p.ext.lp.size();
    SetSolverDoc {
        backend: p.sol.backend.name().into(),
        status: match p.sol.status {
            Status::Optimal => "optimal",
            _ => "feasible",
        }
        .into(),
        objective_usd: cents(p.sol.objective_musd * 1e6),
        relaxed: p.so.pipeline.relax || !p.first.integer_units,
        mip_gap: p.sol.mip_gap,
        variables: size.variables,
        integers: size.integers,
        constraints: size.constraints,
    }
}

/// plan.json's `scenario_set` section.
fn set_document(p: &Parts, vss: Option<VssDoc>) -> ScenarioSetDoc {
    let expect = |f: &dyn Fn(&BranchSolved) -> f64| -> f64 {
        p.branches.iter().map(|b| b.probability * f(b)).sum()
    };
    let expected_objective = expect(&|b| b.plan.solver.objective_usd);
    let wait_and_see = p.so.values.then(|| {
        p.branches
            .iter()
            .zip(p.alone)
            .map(|(b, a)| b.probability * a.unwrap_or(0.0) * 1e6)
            .sum::<f64>()
    });
    let cvar_alpha = p.so.risk.map_or(DEFAULT_CVAR_ALPHA, |r| r.alpha);
    let npvs: Vec<(f64, f64)> = p
        .branches
        .iter()
        .map(|b| (b.probability, b.plan.metrics.npv_usd))
        .collect();
    let solver = solver_doc(p);
    let shown = &p.branches[p.shown];
    ScenarioSetDoc {
        set: p.set.name.clone(),
        plan: p
            .first
            .name
            .split('+')
            .next()
            .unwrap_or_default()
            .to_string(),
        decide_by: p.set.decide_by.to_string(),
        shown_branch: shown.name.clone(),
        objective: if p.so.risk.is_some() {
            "cvar"
        } else {
            "expected"
        }
        .into(),
        risk: risk_doc(p),
        branches: p
            .branches
            .iter()
            .zip(p.alone)
            .map(|(b, a)| set_doc::branch_doc(&b.name, b.probability, &b.plan, *a))
            .collect(),
        expected_npv_usd: cents(expect(&|b| b.plan.metrics.npv_usd)),
        expected_objective_usd: cents(expected_objective),
        cvar_npv_usd: cents(cvar(cvar_alpha, &npvs)),
        cvar_alpha,
        wait_and_see_objective_usd: wait_and_see.map(cents),
        evpi_usd: wait_and_see.map(|w| cents(w - expected_objective)),
        gap_tolerance_usd: (solver.mip_gap.is_some() && solver.integers > 0).then(|| {
            let asked = p.so.pipeline.solve.mip_gap.unwrap_or(1e-4);
            cents(solver.mip_gap.unwrap_or(0.0).max(asked) * expected_objective.abs())
        }),
        solver,
        vss,
        shared: SharedDoc {
            rows: p.ext.tied,
            fixed_absent: p.ext.fixed_absent,
        },
        here_and_now: set_doc::here_and_now(&shown.plan, &shown.scenario, p.decide_by),
    }
}

/// The extensive form's row duals, priced per branch: what they are of
/// (`lp`, or `fixed_binaries` for a MILP: the extensive form's LP with its
/// yes/no columns fixed, as a single solve prices a MILP) and each branch's
/// weight in the objective at the optimum — its probability when
/// risk-neutral; with CVaR, (1 − λ)·p_b + μ_b, where μ_b is the dual of
/// `cvar_shortfall[b]` (the branch's share of the CVaR term; Σ_b μ_b = λ).
struct Priced {
    duals: Vec<f64>,
    basis: &'static str,
    weights: Vec<f64>,
}

fn priced(
    ext: &extensive::Extensive,
    sol: &Solution,
    so: &SetOptions,
    p: &[f64],
) -> Option<Priced> {
    let (duals, basis) = match &sol.duals {
        Some(d) => (d.clone(), "lp"),
        None => (
            shadow_prices::fixed_binaries_duals(&ext.lp, sol, &so.pipeline.solve)?,
            "fixed_binaries",
        ),
    };
    let weights = match so.risk {
        None => p.to_vec(),
        Some(r) => {
            let mu = ext
                .lp
                .rows
                .iter()
                .zip(&duals)
                .filter(|(row, _)| row.family == Family::CvarShortfall)
                .map(|(_, y)| y.abs());
            p.iter()
                .zip(mu)
                .map(|(p, mu)| (1.0 - r.lambda) * p + mu)
                .collect()
        }
    };
    Some(Priced {
        duals,
        basis,
        weights,
    })
}

/// Branch `b`'s plan from the extensive form's solution: its slice of the
/// columns through the pipeline's last stages, and its slice of the duals
/// divided by its weight in the objective (`Priced`), so its shadow prices
/// are in NPV of that branch. A branch of weight 0 (λ = 1, outside the
/// tail) has none.
fn branch_plan(
    b: usize,
    br: &Branch,
    l: &Loaded,
    ext: &extensive::Extensive,
    sol: &Solution,
    so: &SetOptions,
    priced: Option<&Priced>,
) -> Result<BranchSolved, Error> {
    let values = ext.branch_values(b, &l.model, &sol.values).to_vec();
    let bsol = Solution {
        backend: sol.backend,
        status: sol.status,
        objective_musd: l.model.lp.objective_value(&values),
        mip_gap: sol.mip_gap,
        values,
        duals: None,
        heuristic: sol.heuristic,
    };
    let extras = Extras {
        shadow_prices: false,
        graph: true,
    };
    let mut bt = Timings::default();
    let plan_doc = pipeline::finish_solved(&l.sc, &l.model, &bsol, &so.pipeline, extras, &mut bt)
        .map_err(|e| match e {
        Error::Verification(v) => Error::Verification(
            v.into_iter()
                .map(|m| format!("branch `{}`: {m}", br.name))
                .collect(),
        ),
        e => e,
    })?;
    let mut plan_doc = plan_doc;
    if let Some(p) = priced.filter(|p| p.weights[b] > 1e-9) {
        let duals: Vec<f64> = ext
            .branch_duals(b, &l.model, &p.duals)
            .iter()
            .map(|y| y / p.weights[b])
            .collect();
        plan_doc.shadow_prices = shadow_prices::from_duals(&l.sc, &l.model.lp, &duals, p.basis);
    }
    Ok(BranchSolved {
        name: br.name.clone(),
        probability: br.probability,
        scenario: l.sc.clone(),
        plan: plan_doc,
        timings: bt,
        size: l.model.lp.size(),
    })
}

/// The verifier's check, from the plans alone, that every decision made
/// before `decide_by` is the same in every branch.
fn shared_decisions_agree(branches: &[BranchSolved], decide_by: usize) -> Result<(), Error> {
    let plans: Vec<verify::shared::BranchPlan> = branches
        .iter()
        .map(|b| verify::shared::BranchPlan {
            name: &b.name,
            sc: &b.scenario,
            plan: &b.plan,
        })
        .collect();
    let violations = verify::shared::shared_decisions(&plans, decide_by);
    if violations.is_empty() {
        Ok(())
    } else {
        Err(Error::Verification(
            violations.iter().map(|v| v.to_string()).collect(),
        ))
    }
}

/// The value of the stochastic solution: the plan for the average future
/// (`average_future`: numbers at their probability-weighted mean, dates and
/// values at their most probable choice) is solved, its here-and-now
/// decisions fixed in every branch and each branch re-solved; VSS is this
/// set's expected objective less the average of those.
fn value_of_stochastic_solution(
    plan: &Path,
    set: &ScenarioSet,
    loaded: &[Loaded],
    decide_by: usize,
    so: &SetOptions,
    expected_objective: f64,
) -> Result<VssDoc, Error> {
    let none = |why: String| VssDoc {
        definition: why,
        expected_objective_usd: None,
        vss_usd: None,
        infeasible_branches: Vec::new(),
    };
    let (edits, definition) = match average_future(set)? {
        Ok(a) => (a.edits, a.definition),
        Err(why) => return Ok(none(why)),
    };
    // The average future, solved.
    let (base, _) = pipeline::load_with_whatifs(plan, &so.whatifs)?;
    let ev_loaded = if edits.is_empty() {
        base
    } else {
        let avg = Overlay {
            name: "average".into(),
            description: None,
            edits,
            file: set.file.clone(),
        };
        crate::whatif::apply_overlays(&base, &[avg]).map_err(|d| Error::Input(Diagnostics(d)))?
    };
    let ev_sc = scenario::resolve(&ev_loaded);
    let ev_model = model::build(&ev_sc, so.pipeline.relax);
    let ev_sol = solve::solve(&ev_model.lp, &so.pipeline.solve)?;
    let ev_plan: HashMap<String, f64> = ev_model
        .lp
        .columns
        .iter()
        .zip(&ev_sol.values)
        .map(|(c, &x)| (c.name.clone(), x))
        .collect();
    // Its early decisions in every branch.
    let mut total = 0.0;
    let mut infeasible = Vec::new();
    for (b, l) in set.branches.iter().zip(loaded) {
        let periods = extensive::decision_periods(&l.sc, &l.model);
        let (lp, _) = extensive::with_early_fixed(&l.model.lp, &periods, decide_by, &ev_plan);
        match solve::solve(&lp, &so.pipeline.solve) {
            Ok(s) => total += b.probability * s.objective_musd * 1e6,
            Err(Error::Infeasible(_)) => infeasible.push(b.name.clone()),
            Err(e) => return Err(e),
        }
    }
    if !infeasible.is_empty() {
        return Ok(VssDoc {
            definition,
            expected_objective_usd: None,
            vss_usd: None,
            infeasible_branches: infeasible,
        });
    }
    Ok(VssDoc {
        definition,
        expected_objective_usd: Some(cents(total)),
        vss_usd: Some(cents(expected_objective - total)),
        infeasible_branches: infeasible,
    })
}
