//! The solve pipeline, stage by stage, timed: load → resolve → build → solve →
//! extract → shadow prices → verify. Commands and tests call [`solve_plan`].

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::catalog::{self, Diagnostic, Diagnostics, Loaded};
use crate::error::Error;
use crate::model::{self, Model, ModelSize};
use crate::report::plan_doc::{PlanDoc, PowerPrice, ShadowPrices, SupplyPrice};
use crate::scenario::{self, Scenario};
use crate::solve::{self, Solution, SolveOptions};
use crate::verify;
use crate::whatif;

/// Wall-clock time of each stage, seconds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timings {
    pub load_s: f64,
    pub build_s: f64,
    pub solve_s: f64,
    pub duals_s: f64,
    pub verify_s: f64,
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

/// [`solve_plan`] with what-if overlays applied.
pub fn solve_plan_with(
    plan: &Path,
    whatifs: &[PathBuf],
    opts: &PipelineOptions,
) -> Result<Solved, Error> {
    let t0 = Instant::now();
    let (sc, warnings) = load_scenario_with(plan, whatifs)?;
    let load_s = secs(t0.elapsed());
    let mut solved = solve_scenario(sc, opts)?;
    solved.timings.load_s = load_s;
    solved.warnings = warnings;
    Ok(solved)
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
