//! Debt and tax (docs/model.md §16): the hand case whose coverage binds
//! (tests/cases/financed-coverage.yaml), the verifier catching a wrong
//! schedule, and metamorphic relations — no debt is today's NPV, a stricter
//! coverage never leases more on short tenors, a higher tax never raises
//! the after-tax NPV.

mod common;

use std::path::PathBuf;

use capplan::doc::PlanDoc;
use capplan::flow::pipeline::{solve_plan, solve_plan_with, PipelineOptions, Solved};
use capplan::verify::verify;

fn assert_close(what: &str, got: f64, want: f64) {
    let rel = (got - want).abs() / want.abs().max(1.0);
    assert!(rel <= 1e-6, "{what}: got {got}, want {want}");
}

/// A case of tests/cases, its text edited by `edit`, solved (and verified).
fn solve_edited(name: &str, relax: bool, edit: impl Fn(String) -> String) -> Solved {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("catalog")).unwrap();
    for f in ["nodes", "sites", "market"] {
        std::fs::copy(
            common::root().join(format!("tests/cases/catalog/{f}.yaml")),
            dir.path().join(format!("catalog/{f}.yaml")),
        )
        .unwrap();
    }
    let text = std::fs::read_to_string(case(name)).unwrap();
    let path = dir.path().join(format!("{name}.yaml"));
    std::fs::write(&path, edit(text)).unwrap();
    let opts = PipelineOptions {
        relax,
        ..Default::default()
    };
    solve_plan(&path, &opts).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn case(name: &str) -> PathBuf {
    common::root()
        .join("tests/cases")
        .join(format!("{name}.yaml"))
}

#[test]
fn the_coverage_row_binds_with_the_hand_schedule() {
    let s = solve_plan(&case("financed-coverage"), &PipelineOptions::default()).unwrap();
    let f = s.plan.financing.as_ref().expect("financing");
    let draws: Vec<f64> = f.periods.iter().map(|p| p.draw_usd).collect();
    assert_eq!(draws, vec![2_500_000.0, 0.0, 0.0, 0.0]);
    let interest: Vec<f64> = f.periods.iter().map(|p| p.interest_usd).collect();
    for (got, want) in interest
        .iter()
        .zip([0.0, -24_633.52, -18_475.14, -12_316.76])
    {
        assert_close("interest", *got, want);
    }
    let principal: Vec<f64> = f.periods.iter().map(|p| p.principal_usd).collect();
    assert_eq!(principal, vec![0.0, -625_000.0, -625_000.0, -1_250_000.0]);
    let owed: Vec<f64> = f.periods.iter().map(|p| p.debt_outstanding_usd).collect();
    assert_eq!(owed, vec![2_500_000.0, 1_875_000.0, 1_250_000.0, 0.0]);
    let y = &f.years[0];
    assert_close("service", y.debt_service_usd, 1_930_425.41);
    assert_close("covered", y.covered_revenue_usd, 2_316_510.49);
    assert_close("coverage", y.coverage.unwrap(), 1.2);
    let yearly: f64 = s
        .plan
        .leases
        .iter()
        .filter(|l| l.tenor == "1y")
        .map(|l| l.gpus)
        .sum();
    assert!((yearly - 222.2187).abs() < 1e-3, "{yearly}");
    // The solver maximised the equity's NPV (no penalty here).
    assert_close("objective", s.plan.solver.objective_usd, f.equity_npv_usd);
}

fn messages(s: &Solved, plan: &PlanDoc) -> Vec<String> {
    verify(&s.scenario, plan)
        .iter()
        .map(|v| v.to_string())
        .collect()
}

#[test]
fn the_verifier_catches_a_wrong_schedule_and_a_broken_coverage() {
    let s = solve_plan(&case("financed-coverage"), &PipelineOptions::default()).unwrap();
    assert!(messages(&s, &s.plan).is_empty());
    let mut plan = s.plan.clone();
    plan.financing.as_mut().unwrap().periods[2].interest_usd -= 100.0;
    let m = messages(&s, &plan);
    assert!(
        m.iter()
            .any(|x| x.starts_with("[financing] 2026Q3: interest")),
        "{m:#?}"
    );
    // Draw $100k more: above the LTV, the schedule no longer the stated one,
    // and the coverage broken.
    let mut plan = s.plan.clone();
    plan.financing.as_mut().unwrap().periods[0].draw_usd += 100_000.0;
    let m = messages(&s, &plan).join("\n");
    assert!(m.contains("above 0.5 of hardware capex"), "{m}");
    assert!(m.contains("exceeds covered revenue"), "{m}");
}

#[test]
fn no_debt_and_no_tax_is_todays_npv() {
    let zero = solve_edited("financed-coverage", false, |t| {
        t.replace("loan_to_value: 0.5", "loan_to_value: 0")
    });
    let f = zero.plan.financing.as_ref().expect("financing section");
    assert!(f.periods.iter().all(|p| p.draw_usd == 0.0));
    let none = solve_edited("financed-coverage", false, |t| {
        t.split("\n  debt:").next().unwrap().to_string() + "\n"
    });
    assert!(none.plan.financing.is_none());
    assert_close(
        "objective",
        zero.plan.solver.objective_usd,
        none.plan.solver.objective_usd,
    );
    assert_close("equity NPV", f.equity_npv_usd, none.plan.metrics.npv_usd);
    // Unfinanced, every GPU leases quarter by quarter (the dearer tenor).
    assert!(none.plan.leases.iter().all(|l| l.tenor == "1q"));
}

/// Share of leased GPU-quarters on the 1-quarter tenor.
fn short_share(plan: &PlanDoc) -> f64 {
    let gpu_periods = |tenor: &str| -> f64 {
        plan.leases
            .iter()
            .filter(|l| l.tenor == tenor)
            .map(|l| {
                let start = plan.periods.iter().position(|p| *p == l.start).unwrap();
                l.gpus * (l.tenor_periods.min(plan.periods.len() - start)) as f64
            })
            .sum()
    };
    let (short, long) = (gpu_periods("1q"), gpu_periods("1y"));
    short / (short + long)
}

/// The issue asked for "a higher coverage ratio never raises the short-tenor
/// share". That holds only while the debt is worth its coverage: here, with
/// the draw capped by the LTV, each step of the ratio needs more revenue
/// contracted ahead, so more GPUs move to the yearly lease (1.0 → 1.8); at
/// 4.0 the long leases the draw would need cost more than the debt is worth,
/// and the plan leases quarter by quarter again, as unfinanced, drawing only
/// what its first quarter's leases cover.
/// What holds throughout: financed, the short share is never above the
/// unfinanced plan's, and it falls with the ratio as long as the full draw
/// is taken.
#[test]
fn a_higher_coverage_ratio_never_raises_the_short_tenor_share_while_the_debt_is_drawn() {
    let unfinanced = solve_edited("financed-coverage", true, |t| {
        t.split("\n  debt:").next().unwrap().to_string() + "\n"
    });
    let ceiling = short_share(&unfinanced.plan);
    assert_eq!(ceiling, 1.0);
    let mut last = f64::INFINITY;
    let mut seen = Vec::new();
    for ratio in ["1.0", "1.2", "1.4", "1.8", "2.5", "4.0"] {
        let s = solve_edited("financed-coverage", true, |t| {
            t.replace("coverage_ratio: 1.2", &format!("coverage_ratio: {ratio}"))
        });
        let share = short_share(&s.plan);
        let drawn: f64 = s
            .plan
            .financing
            .as_ref()
            .unwrap()
            .periods
            .iter()
            .map(|p| p.draw_usd)
            .sum();
        seen.push((ratio, share, drawn));
        assert!(share <= ceiling + 1e-9, "{seen:?}");
        if drawn >= 2_400_000.0 {
            assert!(share <= last + 1e-9, "{seen:?}");
            last = share;
        }
    }
    // Not vacuous: the share falls from 59% to 0 while the debt is drawn in
    // (nearly) full; at 4.0 only the quarterly leases signed in 2026Q1 back
    // a small draw, and no GPU is on the yearly lease.
    assert!(seen[0].1 > 0.5 && seen[3].1 < 1e-9, "{seen:?}");
    assert!(seen[5].1 == 1.0 && seen[5].2 < 500_000.0, "{seen:?}");
}

#[test]
fn a_higher_tax_rate_never_raises_the_after_tax_npv() {
    let mut last = f64::INFINITY;
    let mut seen = Vec::new();
    for rate in ["0", "0.1", "0.21", "0.35", "0.5"] {
        let s = solve_edited("financed-coverage", true, |t| {
            t.replace(
                "internal_value_weight: 0\n",
                &format!("internal_value_weight: 0\n  tax_rate: {rate}\n"),
            )
        });
        let npv = s.plan.financing.as_ref().unwrap().equity_npv_usd;
        seen.push((rate, npv));
        assert!(npv <= last + 1e-3, "{seen:?}");
        last = npv;
    }
    assert!(seen[0].1 > seen.last().unwrap().1 + 1000.0, "{seen:?}");
}

#[test]
fn tax_on_the_lease_only_hand_case() {
    // tests/cases/segments-lease-only.yaml at a 20% tax: its taxable income
    // is its EBIT, 7,008,000 − 1,251,200 − depreciation 2,500,000 =
    // $3,256,800 (depreciation shields 20% × 2.5M = $500,000), so the 2026
    // tax is $651,360, paid in 2026Q4, and the after-tax NPV (discount 0)
    // 3,256,800 − 651,360 = $2,605,440. The buildout does not change.
    let s = solve_edited("segments-lease-only", false, |t| {
        t.replace(
            "internal_value_weight: 0 }",
            "internal_value_weight: 0, tax_rate: 0.2 }",
        )
    });
    let f = s.plan.financing.as_ref().expect("financing");
    assert_close("tax", f.years[0].tax_usd, 651_360.0);
    assert_close("tax 2026Q4", f.periods[3].tax_usd, -651_360.0);
    assert_close("after-tax NPV", f.equity_npv_usd, 2_605_440.0);
    assert_close("project NPV", s.plan.metrics.npv_usd, 3_256_800.0);
}

#[test]
fn the_equity_peak_funding_is_the_hand_running_sum() {
    // The hand case's equity cash, without residual or internal value: each
    // quarter leases 177.7813 GPUs at $1.00 and 222.2187 at $0.99 for 2,190 h,
    // 2,190 × (177.7813 + 219.9965) = $871,133.41 (no energy cost in the toy
    // catalog); 2026Q1 buys 50 nodes ($5,000,000) and draws $2,500,000.
    //   2026Q1 −5,000,000 + 871,133.41 + 2,500,000          = −1,628,866.59
    //   2026Q2 +871,133.41 − 24,633.52 − 625,000 = +221,499.89 → −1,407,366.70
    //   2026Q3 +871,133.41 − 18,475.14 − 625,000 = +227,658.27 → −1,179,708.43
    //   2026Q4 +871,133.41 − 12,316.76 − 1,250,000 = −391,183.35 → −1,570,891.78
    // Deepest in 2026Q1: $1,628,866.59, the project's $4,128,866.59 less the
    // draw. The last repayment nearly deepens it again, and without the
    // residual the sum ends below 0: no equity payback within the horizon.
    let s = solve_plan(&case("financed-coverage"), &PipelineOptions::default()).unwrap();
    let f = s.plan.financing.as_ref().expect("financing");
    assert_eq!(f.equity_peak_funding_usd, 1_628_866.59);
    assert_eq!(f.equity_peak_funding_period.as_deref(), Some("2026Q1"));
    assert_eq!(f.equity_payback_period, None);
    assert_eq!(
        s.plan.capital.peak_funding_usd - f.equity_peak_funding_usd,
        2_500_000.0
    );
    assert!(messages(&s, &s.plan).is_empty());
    let mut plan = s.plan.clone();
    plan.financing.as_mut().unwrap().equity_peak_funding_usd += 500.0;
    let m = messages(&s, &plan);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(
        m[0].starts_with(
            "[financing] equity peak funding $1,629,367 in Some(\"2026Q1\"), recomputed $1,628,867"
        ),
        "{m:#?}"
    );
    // Stated to pay back in 2026Q2: the recomputed sums never reach 0.
    let mut plan = s.plan.clone();
    plan.financing.as_mut().unwrap().equity_payback_period = Some("2026Q2".into());
    let m = messages(&s, &plan);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(m[0].contains("equity payback period"), "{m:#?}");
}

#[test]
fn debt_funds_part_of_greenfield_texas_peak() {
    // plans/greenfield-texas.yaml with plans/whatifs/debt-financed.yaml: the
    // project needs $5.33B at its deepest (2028Q4); the debt drawn by then
    // carries part of it. At the project's deepest period the equity's sum is
    // the project's plus the draws less interest, principal and tax, so the
    // equity's peak is at least the project's less all that is drawn, and
    // (here) below the project's. Measured: $3.01B in 2028Q4.
    let s = solve_plan_with(
        &common::root().join("plans/greenfield-texas.yaml"),
        &[common::root().join("plans/whatifs/debt-financed.yaml")],
        &PipelineOptions::default(),
    )
    .unwrap();
    let f = s.plan.financing.as_ref().expect("financing");
    let project = s.plan.capital.peak_funding_usd;
    let drawn: f64 = f.periods.iter().map(|p| p.draw_usd).sum();
    let equity = f.equity_peak_funding_usd;
    assert!(project > 5.0e9, "{project}");
    assert!(equity < project - 1.0e9, "{equity} vs {project}");
    assert!(
        equity >= project - drawn - 1.0,
        "{equity} vs {project} − {drawn}"
    );
    assert!(messages(&s, &s.plan).is_empty());
}
