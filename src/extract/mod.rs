//! From a solution back to a plan: the decisions, the per-row table, loads and
//! power, and the cash flows priced by the model. Above `solve` and below
//! everything that reads a plan: the model builder never sees a `PlanDoc`.
//!
//! | file | extracts |
//! |---|---|
//! | [`decisions`] | deliveries, leases, halls, site openings, power builds, run placements |
//! | [`loads`] | loads and power per site-period, the per period × site × SKU rows |
//! | [`money`] | cash flows by category, the metrics, the IRR |
//! | [`segments`], [`assets`] | the leasing and internal-training accounts, from the plan alone |
//! | [`financing`] | debt drawn and repaid, tax, coverage, the equity's flows |
//! | [`capital`] | funding need, payback, committed capex, the IRR with the installed fleet charged |

mod assets;
mod capital;
mod decisions;
mod financing;
mod loads;
mod money;
mod segments;

use crate::units::cents;
use good_lp::{Expression, IntoAffineExpression, Variable};

use crate::doc::*;
use crate::model::{Ctx, Model};
use crate::scenario::Scenario;
use crate::solve::{Solution, Status};

pub use capital::capital;
pub use money::irr;
pub use segments::segments;

/// Values below this are solver noise.
const EPS: f64 = 1e-7;

fn clean(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    if r.abs() < EPS || r == 0.0 {
        0.0
    } else {
        r
    }
}

/// A solution as the plan reads it: column values clamped to their bounds
/// and cleaned of solver dust, and the model's expressions to evaluate.
struct Reader<'a> {
    sc: &'a Scenario,
    model: &'a Model,
    values: Vec<f64>,
    /// A context to reuse the model's expressions (no rows are added).
    cx: Ctx<'a>,
}

impl<'a> Reader<'a> {
    fn new(sc: &'a Scenario, model: &'a Model, sol: &Solution) -> Reader<'a> {
        // Every value the plan reports and prices: clamped to its bounds and with
        // solver dust removed, so that the decisions listed and the money they
        // carry agree (an interior-point -2e-9 of a $1.4B hall is not -$2.7 of capex).
        let values = model
            .lp
            .columns
            .iter()
            .zip(&sol.values)
            .map(|(c, &x)| clean(x.clamp(c.lower, c.upper)))
            .collect();
        Reader {
            sc,
            model,
            values,
            cx: Ctx {
                lp: Default::default(),
                v: model.vars.clone(),
                sc,
                n: crate::model::variables::Names { sc },
            },
        }
    }

    fn val(&self, v: Variable) -> f64 {
        self.values[self.model.lp.index[&v]]
    }

    fn ev(&self, e: &Expression) -> f64 {
        e.linear_coefficients()
            .map(|(v, a)| a * self.val(v))
            .sum::<f64>()
            + e.constant()
    }

    fn label(&self, t: usize) -> String {
        self.sc.periods[t].to_string()
    }

    fn nt(&self) -> usize {
        self.sc.num_periods()
    }
}

/// The plan of `sol`, with its metrics; the shadow prices are the caller's
/// (explain's), the graph plan's.
pub fn plan_doc(sc: &Scenario, model: &Model, sol: &Solution, relaxed: bool) -> PlanDoc {
    let r = Reader::new(sc, model, sol);
    let flows = money::flows_by_category(&r);
    let fleet = decisions::deliveries(&r);
    let leases = decisions::leases(&r);
    let sites = loads::site_periods(&r);
    let rows = loads::rows(&r, &fleet, &leases, &sites);
    let builds = decisions::builds(&r);
    let cash_flows = money::cash_flows(&r, &flows);
    let metrics = money::metrics(&r, &cash_flows, &rows);
    let mut plan = PlanDoc {
        schema_version: SCHEMA_VERSION,
        scenario: sc.name.clone(),
        description: sc.description.clone(),
        periods: sc.periods.iter().map(|p| p.to_string()).collect(),
        solver: SolverInfo {
            backend: sol.backend.name().into(),
            status: match sol.status {
                Status::Optimal => "optimal",
                _ => "feasible",
            }
            .into(),
            objective_usd: cents(sol.objective_musd * 1e6),
            mip_gap: sol.mip_gap.map(clean),
            relaxed,
            heuristic: sol.heuristic,
        },
        metrics,
        rows,
        site_periods: sites.site_periods,
        deliveries: fleet.deliveries,
        leases: leases.signed,
        halls: builds.halls,
        sites_opened: builds.sites_opened,
        power_builds: builds.power_builds,
        training_runs: decisions::training_runs(&r),
        cash_flows,
        shadow_prices: ShadowPrices::default(),
        graph: Default::default(),
        segments: Segments::default(),
        capital: Capital::default(),
        financing: None,
        scenario_set: None,
    };
    plan.segments = segments(sc, &plan);
    plan.capital = capital(sc, &plan);
    plan.financing = financing::financing(&r, &plan);
    plan
}
