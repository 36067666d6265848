//! Small plans whose optimum is worked out by hand in the plan's comment
//! (tests/cases/*.yaml). Each is solved by HiGHS, verified, and checked
//! against the hand value within 1e-6 relative; clarabel must agree on the
//! LP relaxation.

use std::path::Path;

use capplan::flow::pipeline::{solve_plan, PipelineOptions, Solved};
use capplan::solve::{Backend, SolveOptions};

fn solve_case(name: &str, backend: Backend, relax: bool) -> Solved {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(format!("{name}.yaml"));
    let opts = PipelineOptions {
        solve: SolveOptions {
            backend,
            ..Default::default()
        },
        relax,
    };
    match solve_plan(&path, &opts) {
        Ok(s) => s,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn assert_close(name: &str, got: f64, want: f64) {
    let rel = (got - want).abs() / want.abs().max(1.0);
    assert!(
        rel <= 1e-6,
        "{name}: got {got}, want {want} (rel err {rel:e})"
    );
}

/// Solves with HiGHS (exact) and checks the hand optimum; then checks that
/// clarabel and HiGHS agree on the LP relaxation.
fn case(name: &str, npv_usd: f64) -> Solved {
    let s = solve_case(name, Backend::Highs, false);
    assert_eq!(s.plan.solver.status, "optimal", "{name}");
    assert_close(name, s.plan.metrics.npv_usd, npv_usd);
    assert_close(name, s.plan.solver.objective_usd, npv_usd);
    let lp_highs = solve_case(name, Backend::Highs, true);
    let lp_clarabel = solve_case(name, Backend::Clarabel, true);
    assert_close(
        &format!("{name} (LP, clarabel vs HiGHS)"),
        lp_clarabel.plan.solver.objective_usd,
        lp_highs.plan.solver.objective_usd,
    );
    s
}

#[test]
fn power_bound_site_holds_400_gpus() {
    let s = case("power-bound", 3_504_000.0);
    for sp in &s.plan.site_periods {
        assert!((sp.facility_load_mw - 0.5).abs() < 1e-6, "{sp:?}");
    }
    // One more MW in every quarter holds 100 more nodes: 800 GPUs × 2,190 h ×
    // $1 × 4 quarters = $7,008,000 (the split across quarters is not unique;
    // docs/model.md §11).
    let total: f64 = s
        .plan
        .shadow_prices
        .power
        .iter()
        .map(|p| p.usd_per_mw)
        .sum();
    assert_close("power shadow prices", total, 7_008_000.0);
}

#[test]
fn usable_share_of_nameplate_bounds_the_peak() {
    // tests/cases/power-usable-share.yaml: 0.6 × 0.5 MW usable = 30 nodes.
    let s = case("power-usable-share", 2_102_400.0);
    for sp in &s.plan.site_periods {
        assert!((sp.facility_load_mw - 0.3).abs() < 1e-6, "{sp:?}");
        assert!((sp.power_available_mw - 0.3).abs() < 1e-9, "{sp:?}");
    }
    // The power row is in nameplate MW: one more holds 0.6 MW of load, 480
    // GPUs × 2,190 h × $1 × 4 quarters = $4,204,800.
    let total: f64 = s
        .plan
        .shadow_prices
        .power
        .iter()
        .map(|p| p.usd_per_mw)
        .sum();
    assert_close("power shadow prices", total, 4_204_800.0);
    // So the words say so, and only where the share is below 1.
    let said = capplan::explain::binding::binding_section(&s.plan, 3);
    assert!(said.contains("$1,051,200 per MW of nameplate"), "{said}");
    assert!(s
        .plan
        .shadow_prices
        .power
        .iter()
        .all(|p| p.peak_usable_share == Some(0.6)));
    let prose = capplan::explain::prose::explain(&s.plan);
    assert!(
        prose.contains("One more MW of nameplate at dry in 2026Q1"),
        "{prose}"
    );
    // Metamorphic: the share scales what the peak may carry, like scaling
    // the tranche: 0.6 of 0.5 MW holds what 0.3 MW at a share of 1 holds.
    let power_bound = case("power-bound", 3_504_000.0);
    let said = capplan::explain::binding::binding_section(&power_bound.plan, 3);
    assert!(
        said.contains(" per MW\n") && !said.contains("nameplate"),
        "{said}"
    );
    assert_close(
        "share 0.6 vs power-bound × 0.6",
        s.plan.solver.objective_usd,
        0.6 * power_bound.plan.solver.objective_usd,
    );
}

#[test]
fn supply_bound_sku_installs_its_allocation() {
    let s = case("supply-bound", 1_752_000.0);
    let installed: Vec<f64> = s.plan.rows.iter().map(|r| r.units_installed).collect();
    assert_eq!(installed, vec![10.0, 20.0, 30.0, 40.0]);
}

#[test]
fn lease_price_above_internal_value_leases_everything() {
    let s = case("lease-above-internal", 8_760_000.0);
    assert_close("leased share", s.plan.metrics.leased_share, 1.0);
}

#[test]
fn lease_price_below_internal_value_keeps_everything() {
    let s = case("lease-below-internal", 7_008_000.0);
    assert_eq!(s.plan.metrics.leased_share, 0.0);
}

#[test]
fn three_year_lease_holds_its_gpus_past_a_better_use() {
    let s = case("lease-holds-for-tenor", 7_008_000.0);
    assert!(s.plan.leases.is_empty(), "{:?}", s.plan.leases);
}

#[test]
fn lead_time_delays_revenue_two_quarters() {
    let s = case("lead-time", 1_752_000.0);
    let first = s
        .plan
        .deliveries
        .iter()
        .map(|d| d.period.clone())
        .min()
        .unwrap();
    assert_eq!(first, "2026Q3");
}

#[test]
fn binding_budget_limits_purchases() {
    let s = case("budget-bound", 1_752_000.0);
    for c in &s.plan.cash_flows {
        assert!(-c.capex_hardware_usd <= 1_000_000.0 + 1e-6, "{c:?}");
    }
}

/// One more USD of budget in quarter t buys 1e-5 node (8e-5 GPUs) that leases
/// for the 4 − t quarters left at $1 × 2,190 h; its capex nets out through the
/// residual value: 8e-5 × 2,190 × (4 − t) = 0.1752 × (4 − t) USD per USD.
#[test]
fn budget_shadow_price_is_the_lease_margin_of_a_dollar_of_nodes() {
    let s = case("budget-bound", 1_752_000.0);
    let sp = &s.plan.shadow_prices;
    assert_eq!(sp.basis.as_deref(), Some("fixed_binaries"));
    let got: Vec<(Option<String>, f64)> = sp
        .budget
        .iter()
        .map(|b| (b.period.clone(), b.usd_per_usd))
        .collect();
    let want = [
        ("2026Q1", 0.7008),
        ("2026Q2", 0.5256),
        ("2026Q3", 0.3504),
        ("2026Q4", 0.1752),
    ];
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((p, v), (wp, wv)) in got.iter().zip(want) {
        assert_eq!(p.as_deref(), Some(wp));
        assert_close(&format!("budget[{wp}]"), *v, wv);
    }
    // Power (10 MW) and allocation (1,000) are slack: worth nothing.
    assert!(
        sp.power.iter().all(|p| p.usd_per_mw == 0.0),
        "{:?}",
        sp.power
    );
    assert!(
        sp.supply.iter().all(|p| p.usd_per_unit == 0.0),
        "{:?}",
        sp.supply
    );
}

/// One more MW at `dry` in a quarter holds 100 more nodes: 800 GPUs leased ×
/// 2,190 h × $1 = $1,752,000 (capex nets out). The split over quarters is not
/// unique (model.md §11); HiGHS's vertex gives each quarter exactly this.
#[test]
fn power_shadow_price_matches_hand_value_per_period() {
    let s = case("power-bound", 3_504_000.0);
    for p in &s.plan.shadow_prices.power {
        assert_close(
            &format!("power[{},{}]", p.site, p.period),
            p.usd_per_mw,
            1_752_000.0,
        );
    }
}

#[test]
fn liquid_only_sku_goes_to_the_liquid_site() {
    let s = case("liquid-only", 3_504_000.0);
    assert!(s.plan.rows.iter().all(|r| r.site == "wet"));
}

#[test]
fn contiguous_run_sits_on_the_site_that_holds_it() {
    let s = case("contiguous-run", 7_884_000.0);
    assert_eq!(s.plan.training_runs[0].site, "dry");
    for t in &s.plan.periods {
        let at_dry: f64 = s
            .plan
            .rows
            .iter()
            .filter(|r| &r.period == t && r.site == "dry")
            .map(|r| r.gpus_internal)
            .sum();
        assert!(at_dry >= 300.0 - 1e-6, "{t}: {at_dry}");
    }
}

#[test]
fn overlapping_runs_each_get_their_own_cluster() {
    let s = case("overlapping-runs", 3_942_000.0);
    assert_eq!(s.plan.training_runs.len(), 2);
    for t in &s.plan.periods {
        let internal: f64 = s
            .plan
            .rows
            .iter()
            .filter(|r| &r.period == t)
            .map(|r| r.gpus_internal)
            .sum();
        assert!((internal - 350.0).abs() < 1e-6, "{t}: {internal}");
    }
}
