//! The buildout MILP: variables, cash flows, and one file per constraint family.
//!
//! [`build`] is the one place that wires the families together, in this order:
//! fleet balance → supply → halls (opening, phasing, shell) → IT within halls
//! by cooling → power and energy → generation capacity → leases (tenors,
//! depth) → use within installed GPUs → leased share → internal demand →
//! training runs → budget → debt (LTV, coverage) → tax → objective. docs/model.md gives the mathematics.

pub mod budget;
pub mod cash;
pub mod debt;
pub mod demand;
pub mod extensive;
pub mod family;
pub mod fleet;
pub mod halls;
pub mod leases;
pub mod lp;
pub mod metrics;
pub mod objective;
pub mod power;
pub mod supply;
pub mod tax;
pub mod variables;

use good_lp::{Expression, IntoAffineExpression};

use crate::scenario::Scenario;
pub use lp::{Lp, ModelSize, Sense};
pub use variables::Vars;

/// What the builder works on: the program under construction, its variables,
/// the scenario, and naming helpers.
pub struct Ctx<'a> {
    pub lp: Lp,
    pub v: Vars,
    pub sc: &'a Scenario,
    pub n: variables::Names<'a>,
}

/// A built model: the program, its variables and the cash flows it priced.
#[derive(Clone)]
pub struct Model {
    pub lp: Lp,
    pub vars: Vars,
    pub flows: Vec<cash::Flow>,
}

/// Builds the model of `sc`. `relax` drops integrality whatever the plan says.
pub fn build(sc: &Scenario, relax: bool) -> Model {
    let mut relaxed;
    let sc = if relax && sc.integer_units {
        relaxed = sc.clone();
        relaxed.integer_units = false;
        &relaxed
    } else {
        sc
    };
    let mut lp = Lp::default();
    let v = variables::create(&mut lp, sc);
    let mut cx = Ctx {
        lp,
        v,
        sc,
        n: variables::Names { sc },
    };
    fleet::fleet_follows_deliveries(&mut cx);
    supply::deliveries_within_allocation(&mut cx);
    halls::halls_are_built_once_in_phase_on_open_sites(&mut cx);
    halls::it_load_within_hall_capacity(&mut cx);
    power::power_covers_facility_load(&mut cx);
    power::generation_within_built_capacity(&mut cx);
    leases::leases_hold_for_their_tenor(&mut cx);
    leases::use_within_installed_gpus(&mut cx);
    leases::leased_share_within_policy(&mut cx);
    demand::internal_demand_capped_and_floored(&mut cx);
    demand::training_runs_on_one_fabric(&mut cx);
    let mut flows = cash::cash_flows(&cx);
    budget::capex_within_budget(&mut cx, &flows);
    debt::debt_within_ltv_and_coverage(&mut cx, &mut flows);
    tax::tax_on_income_after_depreciation(&mut cx, &mut flows);
    objective::blended_npv(&mut cx, &flows);
    Model {
        lp: cx.lp,
        vars: cx.v,
        flows,
    }
}

/// `…_grows[…,t]`: a cumulative ("by t") variable never falls,
/// $X_{t-1} - X_t \le 0$ (`variables::Step`).
pub fn grows(
    cx: &mut Ctx,
    name: family::RowName,
    now: good_lp::Variable,
    before: good_lp::Variable,
) {
    cx.lp.row(name, before - now, Sense::Le, 0.0);
}

/// Whether an expression has no variable in it.
pub fn is_empty(e: &Expression) -> bool {
    e.linear_coefficients().next().is_none()
}
