//! The solve pipeline, stage by stage, timed: load → resolve → build → solve →
//! extract → shadow prices → verify → plan graph. Commands and tests call [`solve_plan`].

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::catalog::{self, Diagnostic, Diagnostics, Loaded};
use crate::doc::run::Timings;
use crate::doc::PlanDoc;
use crate::error::Error;
use crate::explain;
use crate::explain::diagnosis::Where;
use crate::extract;
use crate::model::{self, Model, ModelSize};
use crate::plan;
use crate::scenario::{self, Scenario};
use crate::solve::{self, Basis, SolveOptions};
use crate::verify;
use crate::whatif;

/// A solved, verified plan and how it was obtained.
pub struct Solved {
    pub scenario: Scenario,
    pub plan: PlanDoc,
    pub size: ModelSize,
    pub timings: Timings,
    pub warnings: Diagnostics,
}

#[derive(Debug, Clone, Default)]
pub struct PipelineOptions {
    pub solve: SolveOptions,
    /// Solve the LP relaxation.
    pub relax: bool,
}

fn secs(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e4).round() / 1e4
}

/// Loads, checks and resolves a plan.
pub fn load_scenario(plan: &Path) -> Result<(Scenario, Diagnostics), Error> {
    let (loaded, warnings) = catalog::load_and_check(plan).map_err(Error::Input)?;
    Ok((scenario::resolve(&loaded), warnings))
}

/// Loads and checks a plan, applies the what-if overlays `whatifs` in order,
/// and checks the edited plan again.
pub fn load_with_whatifs(plan: &Path, whatifs: &[PathBuf]) -> Result<(Loaded, Diagnostics), Error> {
    let (loaded, warnings) = catalog::load_and_check(plan).map_err(Error::Input)?;
    if whatifs.is_empty() {
        return Ok((loaded, warnings));
    }
    let input = |d: Vec<Diagnostic>| {
        let mut d = Diagnostics(d);
        d.sort();
        Error::Input(d)
    };
    let mut overlays = Vec::new();
    let mut diags = Vec::new();
    for w in whatifs {
        match whatif::overlay::read(w) {
            Ok(o) => overlays.push(o),
            Err(d) => diags.extend(d),
        }
    }
    if !diags.is_empty() {
        return Err(input(diags));
    }
    let edited = whatif::apply_overlays(&loaded, &overlays).map_err(input)?;
    let mut diags = catalog::checks::check_all(&edited);
    if diags.iter().any(Diagnostic::is_error) {
        let last = overlays.last().expect("at least one overlay");
        // The checks point at the values as the plan and catalogs write them;
        // say which file's edits made them wrong.
        diags.push(last.diag(
            Diagnostic::error(
                "whatif-breaks-plan",
                format!(
                    "the plan is valid, but not after the what-if{} ({})",
                    if overlays.len() == 1 { "" } else { "s" },
                    overlays.iter().map(|o| o.file.path.display().to_string()).collect::<Vec<_>>().join(", ")
                ),
            )
            .with_hint("the errors above show each value before the edits; change the edits so the plan stays within those rules"),
            "edits",
        ));
        return Err(input(diags));
    }
    Ok((edited, warnings))
}

/// [`load_scenario`] with what-if overlays applied.
pub fn load_scenario_with(
    plan: &Path,
    whatifs: &[PathBuf],
) -> Result<(Scenario, Diagnostics), Error> {
    let (loaded, warnings) = load_with_whatifs(plan, whatifs)?;
    Ok((scenario::resolve(&loaded), warnings))
}

/// Solves a plan file end to end; the plan is verified before it is returned.
/// An infeasible plan is an [`Error::Infeasible`] that carries its diagnosis:
/// the obvious impossibilities found before solving, or else the smallest
/// shortfalls of the elastic model, each located in the input.
pub fn solve_plan(plan: &Path, opts: &PipelineOptions) -> Result<Solved, Error> {
    solve_plan_with(plan, &[], opts)
}

/// [`solve_plan`] with what-if overlays applied, in order.
pub fn solve_plan_with(
    plan: &Path,
    whatifs: &[PathBuf],
    opts: &PipelineOptions,
) -> Result<Solved, Error> {
    let t0 = Instant::now();
    let (loaded, warnings) = load_with_whatifs(plan, whatifs)?;
    let sc = scenario::resolve(&loaded);
    let load_s = secs(t0.elapsed());
    let pre = explain::precheck::precheck(&Where::new(&loaded, &sc));
    if !pre.0.is_empty() {
        return Err(Error::Infeasible(render_infeasible(
            "no buildout can meet it, whatever is decided:",
            &pre,
        )));
    }
    let mut solved = match solve_scenario(sc.clone(), opts) {
        Err(Error::Infeasible(_)) => {
            let found = diagnose_infeasible(&loaded, &sc, opts)?;
            return Err(Error::Infeasible(render_infeasible(
                "no buildout meets every rule. The smallest shortfalls that would make it feasible (elastic model, docs/model.md §12):",
                &found,
            )));
        }
        other => other?,
    };
    solved.timings.load_s = load_s;
    solved.warnings = warnings;
    Ok(solved)
}

/// The elastic model's shortfalls of an infeasible scenario, located in the
/// input (see [`explain::elastic`] and [`explain::diagnosis`]).
pub fn diagnose_infeasible(
    loaded: &catalog::Loaded,
    sc: &Scenario,
    opts: &PipelineOptions,
) -> Result<Diagnostics, Error> {
    let shortfalls = explain::elastic::shortfalls(sc, opts.relax, &opts.solve)?;
    if shortfalls.is_empty() {
        return Err(Error::Infeasible(
            "the solver found no feasible buildout, yet the elastic model needs no shortfall in power, halls, supply, budget, demand or runs: the infeasibility is numerical or comes from integrality; try `--relax`".into(),
        ));
    }
    Ok(explain::diagnosis::diagnose(
        &Where::new(loaded, sc),
        &shortfalls,
    ))
}

fn render_infeasible(lead: &str, d: &Diagnostics) -> String {
    let mut out = format!("{lead}\n\n");
    for x in &d.0 {
        out.push_str(&format!("{x}\n"));
    }
    let n = d.0.len();
    out.push_str(&format!("{n} shortfall{}", if n == 1 { "" } else { "s" }));
    out
}

/// What to compute for a solved plan beyond the verified plan itself.
#[derive(Debug, Clone, Copy)]
pub struct Extras {
    /// Shadow prices (an extra LP solve for a MILP).
    pub shadow_prices: bool,
    /// The buildout graph and its schedule.
    pub graph: bool,
}

impl Extras {
    pub const ALL: Extras = Extras {
        shadow_prices: true,
        graph: true,
    };
    /// For sweeps and comparisons, which report figures only.
    pub const NONE: Extras = Extras {
        shadow_prices: false,
        graph: false,
    };
}

/// Solves a resolved scenario; the plan is verified before it is returned.
pub fn solve_scenario(sc: Scenario, opts: &PipelineOptions) -> Result<Solved, Error> {
    let mut timings = Timings::default();
    let t = Instant::now();
    let model = model::build(&sc, opts.relax);
    timings.build_s = secs(t.elapsed());
    let plan = solve_built(&sc, &model, opts, None, Extras::ALL, &mut timings)?;
    Ok(Solved {
        size: model.lp.size(),
        scenario: sc,
        plan,
        timings,
        warnings: Diagnostics::default(),
    })
}

/// The one path from a built model to a verified plan: solve (from `basis`
/// where the backend can), extract, price the rows and draw the graph if
/// `extras` asks, verify. Single solves, sweep points and comparisons all
/// come through here; each stage's time is added to `timings`.
pub fn solve_built(
    sc: &Scenario,
    model: &Model,
    opts: &PipelineOptions,
    basis: Option<&Basis>,
    extras: Extras,
    timings: &mut Timings,
) -> Result<PlanDoc, Error> {
    solve_built_as(sc, model, None, opts, basis, extras, timings).map(|(plan, _)| plan)
}

/// [`solve_built`] for a model whose objective is not the plan's own, as
/// near-optimal alternatives solve it (`flow::alternatives`): `npv` is the
/// program whose objective is the plan's (the blended NPV); the solution's
/// objective is recomputed by it before the plan is extracted and verified,
/// so plan.json states the plan's NPV, not the figure that was optimised.
/// Also returns the column values.
pub fn solve_built_as(
    sc: &Scenario,
    model: &Model,
    npv: Option<&model::Lp>,
    opts: &PipelineOptions,
    basis: Option<&Basis>,
    extras: Extras,
    timings: &mut Timings,
) -> Result<(PlanDoc, Vec<f64>), Error> {
    let t = Instant::now();
    let (mut sol, _) = solve::solve_warm(&model.lp, &opts.solve, basis)?;
    timings.solve_s = secs(t.elapsed());
    if let Some(npv) = npv {
        sol.objective_musd = npv.objective_value(&sol.values);
    }
    let plan = finish_solved(sc, model, &sol, opts, extras, timings)?;
    Ok((plan, sol.values))
}

/// The stages after the solve, for a solution of `model` (from
/// [`solve_built`], or one branch's slice of a scenario set's extensive
/// form): extract, price the rows (from `sol`'s duals, or the fixed-binaries
/// LP) and draw the graph if `extras` asks, verify.
pub fn finish_solved(
    sc: &Scenario,
    model: &Model,
    sol: &solve::Solution,
    opts: &PipelineOptions,
    extras: Extras,
    timings: &mut Timings,
) -> Result<PlanDoc, Error> {
    let relaxed = opts.relax || !sc.integer_units;
    let mut plan = extract::plan_doc(sc, model, sol, relaxed);
    if extras.shadow_prices {
        let t = Instant::now();
        plan.shadow_prices = explain::shadow_prices::shadow_prices(sc, model, sol, &opts.solve);
        timings.duals_s = secs(t.elapsed());
    }

    let t = Instant::now();
    let violations = verify::verify(sc, &plan);
    timings.verify_s = secs(t.elapsed());
    if !violations.is_empty() {
        return Err(Error::Verification(
            violations.iter().map(|v| v.to_string()).collect(),
        ));
    }

    if extras.graph {
        let t = Instant::now();
        let graph = plan::build(sc, &plan);
        let schedule = plan::schedule(&graph).map_err(|e| Error::Solver(e.to_string()))?;
        plan.graph = plan::GraphDoc::new(&graph, &schedule);
        timings.graph_s = secs(t.elapsed());
    }
    Ok(plan)
}
