//! Economic sanity of the shipped plans under what-ifs, on LP relaxations
//! (fast, and monotone by LP theory where it matters):
//! raising the lease price never lowers the leased share; more power never
//! lowers NPV; delayed power never raises it.

mod common;

use capplan::flow::pipeline::{load_with_whatifs, PipelineOptions};
use capplan::flow::sweep::point::{solve_point, Base};
use capplan::whatif::apply::Op;
use capplan::whatif::path::EditPath;
use common::root;

fn opts() -> PipelineOptions {
    PipelineOptions {
        relax: true,
        ..Default::default()
    }
}

fn base(plan: &str, whatifs: &[&str]) -> Base {
    let w: Vec<_> = whatifs.iter().map(|p| root().join(p)).collect();
    let (l, _) = load_with_whatifs(&root().join(plan), &w).unwrap_or_else(|e| panic!("{e}"));
    Base::new(l)
}

/// (leased share, NPV) of `plan` with `edits`.
fn solve(b: &Base, edits: &[(&str, Op)]) -> (f64, f64) {
    let edits: Vec<(EditPath, Op)> = edits
        .iter()
        .map(|(p, op)| (EditPath::parse(p).unwrap(), op.clone()))
        .collect();
    let out = solve_point(b, &edits, &opts(), None);
    let plan = out
        .plan
        .unwrap_or_else(|| panic!("{}: {}", out.status, out.note));
    (plan.metrics.leased_share, plan.metrics.npv_usd)
}

const PRICES: &str = "market.lease[*].tenors[*].price_usd_per_gpu_hr";

#[test]
fn raising_the_lease_price_never_lowers_the_leased_share() {
    for plan in ["plans/neocloud-pivot.yaml", "plans/greenfield-texas.yaml"] {
        let b = base(plan, &[]);
        let mut last = -1.0;
        for f in [0.6, 0.9, 1.2, 1.6] {
            let (share, _) = solve(&b, &[(PRICES, Op::Scale(f))]);
            assert!(
                share >= last - 1e-6,
                "{plan}: leased share {share} at ×{f} below {last}"
            );
            last = share;
        }
    }
}

#[test]
fn more_power_never_lowers_npv() {
    let b = base("plans/neocloud-pivot.yaml", &[]);
    let (_, npv) = solve(&b, &[]);
    let (_, more) = solve(&b, &[("sites[abilene].power[grid-2].mw", Op::Scale(1.5))]);
    assert!(
        more >= npv - 1.0,
        "NPV {more} with 50% more grid-2 below {npv}"
    );
    let b = base("plans/colossus.yaml", &[]);
    let (_, npv) = solve(&b, &[]);
    let (_, more) = solve(&b, &[("sites[*].power[*].mw", Op::Scale(1.25))]);
    assert!(
        more >= npv - 1.0,
        "colossus: NPV {more} with 25% more firm power below {npv}"
    );
}

#[test]
fn delayed_power_never_raises_npv() {
    let b = base("plans/neocloud-pivot.yaml", &[]);
    let (_, npv) = solve(&b, &[]);
    let late = base(
        "plans/neocloud-pivot.yaml",
        &["plans/whatifs/power-delay.yaml"],
    );
    let (_, delayed) = solve(&late, &[]);
    assert!(
        delayed <= npv + 1.0,
        "NPV {delayed} with grid-2 late above {npv}"
    );
}
