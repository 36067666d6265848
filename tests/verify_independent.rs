//! The verifier catches small errors in the money of a real solved plan: the
//! LP relaxation of tests/cases/power-bound.yaml, solved with clarabel (no
//! HiGHS needed), passes as solved and fails once a residual value or a
//! salvage is moved by $100 (on a $100,000 unit; the verifier allows each
//! plan entry left out for rounding up to 10⁻⁴ units, $10 here) or a lease
//! revenue by $5 (the residual metric by $500) — even when the entry's net and discounted figures are
//! moved with it, so that only the verifier's own recomputation of that
//! category can notice.

mod common;

use capplan::flow::pipeline::{self, PipelineOptions, Solved};
use capplan::solve::{Backend, SolveOptions};
use capplan::verify::verify;

fn solved() -> Solved {
    let opts = PipelineOptions {
        solve: SolveOptions {
            backend: Backend::Clarabel,
            ..SolveOptions::default()
        },
        relax: true,
    };
    pipeline::solve_plan(&common::root().join("tests/cases/power-bound.yaml"), &opts)
        .expect("power-bound solves and verifies")
}

/// Moves one category of period `t` by `by` dollars, and the entry's net and
/// discounted figures with it (so its own arithmetic still adds up).
macro_rules! shift {
    ($plan:expr, $t:expr, $by:expr, $field:ident) => {{
        let cf = &mut $plan.cash_flows[$t];
        cf.$field += $by;
        cf.net_usd += $by;
        cf.discounted_usd += $by * cf.discount_factor;
    }};
}

/// The verifier's messages on `plan`, against the scenario `s` was solved from.
macro_rules! messages {
    ($s:expr, $plan:expr) => {
        verify(&$s.scenario, &$plan)
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<String>>()
    };
}

#[test]
fn the_solved_plan_passes() {
    let s = solved();
    assert!(messages!(s, s.plan).is_empty());
    // The plan carries hardware book value at the end (residual 1.0).
    let last = s.plan.cash_flows.last().expect("cash flows");
    assert!(last.residual_usd > 0.0, "{last:?}");
}

#[test]
fn a_residual_a_hundred_dollars_off_is_caught() {
    let s = solved();
    let mut plan = s.plan.clone();
    let last = plan.cash_flows.len() - 1;
    shift!(plan, last, 100.0, residual_usd);
    let m = messages!(s, plan);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(
        m[0].starts_with("[cash_flows] 2026Q4: residual is "),
        "{m:#?}"
    );
}

#[test]
fn a_salvage_a_hundred_dollars_off_is_caught() {
    let s = solved();
    let mut plan = s.plan.clone();
    shift!(plan, 1, -100.0, salvage_usd);
    let m = messages!(s, plan);
    assert_eq!(
        m,
        vec!["[cash_flows] 2026Q2: salvage is -$100, recomputed $0.00".to_string()]
    );
}

#[test]
fn a_lease_revenue_five_dollars_off_is_caught() {
    let s = solved();
    let mut plan = s.plan.clone();
    shift!(plan, 2, 5.0, lease_revenue_usd);
    let m = messages!(s, plan);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(
        m[0].starts_with("[cash_flows] 2026Q3: lease_revenue is "),
        "{m:#?}"
    );
}

#[test]
fn a_residual_metric_500_dollars_off_is_caught() {
    // $500 of $5,000,000 (10⁻⁴): the metric sums every period's salvage and
    // residual, and with them their allowances for rounding (≈ $80 here).
    let s = solved();
    let mut plan = s.plan.clone();
    plan.metrics.residual_value_usd += 500.0;
    let m = messages!(s, plan);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(
        m[0].starts_with("[metrics] residual_value_usd is "),
        "{m:#?}"
    );
}
