//! The MILP engine (`solve::mip`): rounding and repair on programs small
//! enough to solve by hand, and on neocloud-pivot, the shipped plan large
//! enough for the engine to run (at least `mip::MIN_INTEGERS` integers): its
//! plan, the rounded one, passes the verifier and stays within the gap of
//! the optimum HiGHS alone finds. The other shipped plans and the hand cases
//! go through the engine in tests/mip_engine_everywhere.rs.
#![cfg(feature = "highs")]

use std::path::Path;

use capplan::flow::pipeline::{load_scenario, solve_plan, PipelineOptions};
use capplan::model::family::Family;
use capplan::model::{self, Lp, Sense};
use capplan::solve::mip::{self, Kind, Settings};
use capplan::solve::{self, SolveOptions, Status};

/// Every MILP through the stages, however small.
fn always() -> Settings {
    Settings { min_integers: 0 }
}

fn with_gap(gap: f64) -> SolveOptions {
    SolveOptions {
        mip_gap: Some(gap),
        ..Default::default()
    }
}

#[test]
fn rounding_rules() {
    // Counts round down, unless within 1e-6 of the next integer; yes/no to
    // the nearest; always within the bounds.
    assert_eq!(mip::round(Kind::General, 40.6, 0.0, 100.0), 40.0);
    assert_eq!(mip::round(Kind::General, 40.9999995, 0.0, 100.0), 41.0);
    assert_eq!(mip::round(Kind::General, 0.4, 1.0, 100.0), 1.0);
    assert_eq!(mip::round(Kind::Binary, 0.7, 0.0, 1.0), 1.0);
    assert_eq!(mip::round(Kind::Binary, 0.2, 0.0, 1.0), 0.0);
    assert_eq!(mip::round(Kind::Continuous, 0.2, 0.0, 1.0), 0.2);
    assert_eq!(mip::gap(111.0, 110.0), 1.0 / 110.0);
    assert_eq!(mip::gap(110.0, 110.0), 0.0);
}

/// max 3x + c − 20y, x ≤ 40.5y (a hall holds 40.5 units), x + c ≤ 50
/// (demand), x integer in [0, 100], y binary, c ≥ 0 (leased).
/// LP: y = 1, x = 40.5, c = 9.5, 111. Rounded down: x = 40, c = 10, 110,
/// which is also the MILP optimum.
fn hall_lp() -> Lp {
    let mut lp = Lp::default();
    let x = lp.column("x".into(), 0.0, 100.0, true);
    let y = lp.column("y".into(), 0.0, 1.0, true);
    let c = lp.column("c".into(), 0.0, f64::INFINITY, false);
    lp.row(
        Family::ItCooling.at("s,air,t"),
        x - 40.5 * y,
        Sense::Le,
        0.0,
    );
    lp.row(Family::DemandCap.at("t"), x + c, Sense::Le, 50.0);
    lp.set_objective(3.0 * x + c - 20.0 * y, 0.0);
    lp
}

#[test]
fn rounded_plan_is_the_answer_within_the_gap_to_the_lp_bound() {
    let lp = hall_lp();
    assert_eq!(
        mip::kinds(&lp),
        vec![Kind::General, Kind::Binary, Kind::Continuous]
    );
    // 2% asked: 110 against the LP's 111 is 0.9%, so the rounded plan is
    // the answer, proven within the gap by the LP bound alone.
    let sol = mip::solve_with(&lp, &with_gap(0.02), &always()).unwrap();
    assert!(sol.heuristic);
    assert_eq!(sol.status, Status::Optimal);
    assert_eq!(sol.values, vec![40.0, 1.0, 10.0]);
    assert!((sol.objective_musd - 110.0).abs() < 1e-9);
    assert!((sol.mip_gap.unwrap() - 1.0 / 110.0).abs() < 1e-9);
    // The default gap (1e-4): HiGHS proves the rounded plan optimal.
    let sol = mip::solve_with(&lp, &SolveOptions::default(), &always()).unwrap();
    assert_eq!(sol.status, Status::Optimal);
    assert!((sol.objective_musd - 110.0).abs() < 1e-9);
    assert!(sol.mip_gap.unwrap() <= 1e-4);
}

/// max 30z − x, x ≥ 20.5z (a run needs 20.5 units), x integer in [0, 100],
/// z binary. LP: z = 1, x = 20.5, 9.5. Rounded down, x = 20 breaks the run:
/// the repair takes the ceiling, x = 21, 9 (the MILP optimum).
fn run_lp() -> Lp {
    let mut lp = Lp::default();
    let x = lp.column("x".into(), 0.0, 100.0, true);
    let z = lp.column("z".into(), 0.0, 1.0, true);
    lp.row(Family::RunCluster.at("r,s,t"), x - 20.5 * z, Sense::Ge, 0.0);
    lp.set_objective(30.0 * z - x, 0.0);
    lp
}

#[test]
fn repair_takes_the_ceiling_where_the_floor_is_infeasible() {
    let lp = run_lp();
    let sol = mip::solve_with(&lp, &with_gap(0.1), &always()).unwrap();
    assert!(sol.heuristic);
    assert_eq!(sol.status, Status::Optimal);
    assert_eq!(sol.values, vec![21.0, 1.0]);
    assert!((sol.mip_gap.unwrap() - 0.5 / 9.0).abs() < 1e-9);
    // A 1% gap is not met by the LP bound: HiGHS proves 9 optimal.
    let sol = mip::solve_with(&lp, &with_gap(0.01), &always()).unwrap();
    assert_eq!(sol.status, Status::Optimal);
    assert!((sol.objective_musd - 9.0).abs() < 1e-9);
    assert!(sol.mip_gap.unwrap() <= 0.01);
}

#[test]
fn infeasible_stays_infeasible() {
    let mut lp = run_lp();
    let x = lp.columns[0].var;
    lp.row(Family::Supply.at("k,t"), x.into(), Sense::Le, 10.0);
    let z = lp.columns[1].var;
    lp.row(Family::RunOnce.at("r"), z.into(), Sense::Ge, 1.0);
    let err = mip::solve_with(&lp, &SolveOptions::default(), &always()).unwrap_err();
    assert!(
        matches!(err, capplan::error::Error::Infeasible(_)),
        "{err:?}"
    );
}

/// neocloud-pivot's optimum before the engine (HiGHS alone, gap 9.2e-5), USD.
const NEOCLOUD_BEFORE_USD: f64 = 12_262_831_042.39;

#[test]
fn neocloud_pivot_heuristic_plan_verifies_within_the_gap() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/neocloud-pivot.yaml");
    // The engine's answer is the rounded plan.
    let (sc, _) = load_scenario(&path).unwrap();
    let built = model::build(&sc, false);
    assert!(built.lp.num_integers() >= mip::MIN_INTEGERS);
    let sol = solve::solve(&built.lp, &SolveOptions::default()).unwrap();
    assert!(sol.heuristic, "neocloud-pivot: expected the rounded plan");
    assert_eq!(sol.status, Status::Optimal);
    assert!(sol.mip_gap.unwrap() <= 1e-4);
    // The pipeline verifies it (solve_plan fails on any violation), and it
    // is within the gap of HiGHS's own optimum.
    let solved = solve_plan(&path, &PipelineOptions::default()).unwrap();
    let info = &solved.plan.solver;
    assert_eq!(info.status, "optimal");
    let rel = (info.objective_usd - NEOCLOUD_BEFORE_USD).abs() / NEOCLOUD_BEFORE_USD;
    assert!(
        rel <= 2e-4,
        "{} vs {NEOCLOUD_BEFORE_USD}",
        info.objective_usd
    );
    // Same input, same plan.
    let again = solve::solve(&built.lp, &SolveOptions::default()).unwrap();
    assert_eq!(sol.values, again.values);
}
