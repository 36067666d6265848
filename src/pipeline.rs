//! The solve pipeline, stage by stage, timed: load → resolve → build → solve →
//! extract → shadow prices → verify → plan graph. Commands and tests call [`solve_plan`].

use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::catalog::{self, Diagnostics};
use crate::error::Error;
use crate::model::{self, Model, ModelSize};
use crate::plan;
use crate::report::plan_doc::{PlanDoc, PowerPrice, ShadowPrices, SupplyPrice};
use crate::scenario::{self, Scenario};
use crate::solve::{self, Solution, SolveOptions};
use crate::verify;

/// Wall-clock time of each stage, seconds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timings {
    pub load_s: f64,
    pub build_s: f64,
    pub solve_s: f64,
    pub duals_s: f64,
    pub verify_s: f64,
    pub graph_s: f64,
    pub write_s: f64,
}

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

/// Solves a plan file end to end; the plan is verified before it is returned.
pub fn solve_plan(plan: &Path, opts: &PipelineOptions) -> Result<Solved, Error> {
    let t0 = Instant::now();
    let (sc, warnings) = load_scenario(plan)?;
    let load_s = secs(t0.elapsed());
    let mut solved = solve_scenario(sc, opts)?;
    solved.timings.load_s = load_s;
    solved.warnings = warnings;
    Ok(solved)
}

/// Solves a resolved scenario; the plan is verified before it is returned.
pub fn solve_scenario(sc: Scenario, opts: &PipelineOptions) -> Result<Solved, Error> {
    let mut timings = Timings::default();
    let t = Instant::now();
    let relaxed = opts.relax || !sc.integer_units;
    let model = model::build(&sc, opts.relax);
    timings.build_s = secs(t.elapsed());

    let t = Instant::now();
    let sol = solve::solve(&model.lp, &opts.solve)?;
    timings.solve_s = secs(t.elapsed());

    let mut plan = model::extract::plan_doc(&sc, &model, &sol, relaxed);
    let t = Instant::now();
    plan.shadow_prices = shadow_prices(&model, &sol, &opts.solve);
    timings.duals_s = secs(t.elapsed());

    let t = Instant::now();
    let violations = verify::verify(&sc, &plan);
    timings.verify_s = secs(t.elapsed());
    if !violations.is_empty() {
        return Err(Error::Verification(
            violations.iter().map(|v| v.to_string()).collect(),
        ));
    }

    let t = Instant::now();
    let graph = plan::build(&sc, &plan);
    let schedule = plan::schedule(&graph).map_err(|e| Error::Solver(e.to_string()))?;
    plan.graph = plan::GraphDoc::new(&graph, &schedule);
    timings.graph_s = secs(t.elapsed());
    Ok(Solved {
        scenario: sc,
        plan,
        size: model.lp.size(),
        timings,
        warnings: Diagnostics::default(),
    })
}

/// Duals in user units. An LP's come with its solution. For a MILP, the yes/no
/// decisions (halls, site openings, run placements) are fixed at their values
/// and the rest — unit counts, turbine blocks — relaxed: the LP around the
/// chosen buildout, whose duals are the marginal value of one more MW or unit
/// with the discrete structure held. (Fixing every integer would fix the very
/// deliveries the supply and power rows constrain, leaving their duals
/// arbitrary, mostly 0.)
fn shadow_prices(model: &Model, sol: &Solution, opts: &SolveOptions) -> ShadowPrices {
    let (basis, duals) = match &sol.duals {
        Some(d) => ("lp", d.clone()),
        None => {
            let mut fixed = model.lp.clone();
            for (c, x) in fixed.columns.iter_mut().zip(&sol.values) {
                if c.integer && c.lower >= 0.0 && c.upper <= 1.0 {
                    let v = x.round();
                    c.lower = v;
                    c.upper = v;
                }
                c.integer = false;
            }
            match solve::solve(
                &fixed,
                &SolveOptions {
                    verbose: false,
                    mip_gap: None,
                    ..opts.clone()
                },
            ) {
                Ok(s) => match s.duals {
                    Some(d) => ("fixed_binaries", d),
                    None => return ShadowPrices::default(),
                },
                Err(_) => return ShadowPrices::default(),
            }
        }
    };
    let mut out = ShadowPrices {
        basis: Some(basis.into()),
        ..Default::default()
    };
    for (i, row) in model.lp.rows.iter().enumerate() {
        let dual = duals[i] * 1e6;
        let Some((family, args)) = row.name.split_once('[') else {
            continue;
        };
        let args: Vec<&str> = args.trim_end_matches(']').split(',').collect();
        match (family, args.as_slice()) {
            ("power", [site, period]) => out.power.push(PowerPrice {
                site: site.to_string(),
                period: period.to_string(),
                usd_per_mw: round2(dual),
            }),
            ("supply", [sku, period]) => out.supply.push(SupplyPrice {
                sku: sku.to_string(),
                period: period.to_string(),
                usd_per_unit: round2(dual),
            }),
            _ => {}
        }
    }
    out
}

fn round2(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}
