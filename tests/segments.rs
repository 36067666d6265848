//! Segment accounts and capital requirements (docs/model.md §9.1, §9.2):
//! two hand cases whose accounts are worked out in their comments
//! (tests/cases/segments-*.yaml), the verifier catching a corrupted figure,
//! and plan.json of version 1 still read.

mod common;

use capplan::doc::{PlanDoc, SegmentAccount};
use capplan::flow::pipeline::{solve_plan, PipelineOptions, Solved};
use capplan::verify::verify;

fn solve_case(name: &str) -> Solved {
    let path = common::root()
        .join("tests/cases")
        .join(format!("{name}.yaml"));
    solve_plan(&path, &PipelineOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn assert_close(what: &str, got: f64, want: f64) {
    let rel = (got - want).abs() / want.abs().max(1.0);
    assert!(rel <= 1e-6, "{what}: got {got}, want {want}");
}

fn horizon(plan: &PlanDoc) -> (&SegmentAccount, &SegmentAccount) {
    let h = plan.segments.years.last().expect("segment years");
    assert_eq!(h.year, "horizon");
    (&h.leasing, &h.internal)
}

/// Revenue, direct cost, EBITDA, depreciation, EBIT, capital employed, return.
fn assert_account(what: &str, a: &SegmentAccount, want: [f64; 7]) {
    let got = [
        a.revenue_usd,
        a.direct_cost_usd,
        a.ebitda_usd,
        a.depreciation_usd,
        a.ebit_usd,
        a.capital_employed_usd,
        a.return_on_capital.unwrap_or(f64::NAN),
    ];
    let names = [
        "revenue",
        "direct cost",
        "EBITDA",
        "depreciation",
        "EBIT",
        "capital",
        "return",
    ];
    for ((n, g), w) in names.iter().zip(got).zip(want) {
        assert_close(&format!("{what} {n}"), g, w);
    }
}

/// Solves hand case `name`, checks its NPV and the horizon account of segment
/// `which` (`"leasing"` or `"internal"`) against `want` (see [`assert_account`]).
fn solve_checking_account(name: &str, npv: f64, which: &str, want: [f64; 7]) -> Solved {
    let s = solve_case(name);
    assert_close("NPV", s.plan.metrics.npv_usd, npv);
    let (leasing, internal) = horizon(&s.plan);
    let account = match which {
        "leasing" => leasing,
        "internal" => internal,
        other => panic!("no segment {other}"),
    };
    assert_account(which, account, want);
    s
}

#[test]
fn lease_only_accounts_match_the_hand_figures() {
    let s = solve_checking_account(
        "segments-lease-only",
        3_256_800.0,
        "leasing",
        [
            7_008_000.0,
            1_251_200.0,
            5_756_800.0,
            2_500_000.0,
            3_256_800.0,
            3_437_500.0,
            3_256_800.0 / 3_437_500.0,
        ],
    );
    let p = &s.plan;
    let (leasing, internal) = horizon(p);
    assert_close(
        "EBITDA margin",
        leasing.ebitda_margin.unwrap(),
        5_756_800.0 / 7_008_000.0,
    );
    assert_eq!(leasing.disposal_gain_usd, 0.0);
    assert_eq!(internal.revenue_usd, 0.0);
    assert_eq!(internal.ebitda_margin, None);
    let c = &p.capital;
    assert_close("peak funding", c.peak_funding_usd, 3_560_800.0);
    assert_eq!(c.peak_funding_period.as_deref(), Some("2026Q1"));
    assert_eq!(c.payback_period.as_deref(), Some("2026Q4"));
    assert_eq!(c.committed_capex.len(), 1);
    assert_eq!(c.committed_capex[0].quarter, "2026Q1");
    assert_close("committed", c.committed_capex[0].hardware_usd, 5_000_000.0);
    // No installed fleet: the capital IRR is the plan's.
    assert_eq!(c.opening_fleet_value_basis, "none");
    assert_eq!(c.irr, p.metrics.irr);
}

#[test]
fn train_only_accounts_match_the_hand_figures() {
    let s = solve_checking_account(
        "segments-train-only",
        5_808_000.0,
        "internal",
        [
            7_008_000.0,
            200_000.0,
            6_808_000.0,
            1_875_000.0,
            4_933_000.0,
            3_078_125.0,
            4_933_000.0 / 3_078_125.0,
        ],
    );
    let p = &s.plan;
    let (leasing, _) = horizon(p);
    assert_eq!(leasing.revenue_usd, 0.0);
    assert_eq!(leasing.depreciation_usd, 0.0);
    let c = &p.capital;
    assert_close("peak funding", c.peak_funding_usd, 3_200_000.0);
    assert_eq!(c.peak_funding_period.as_deref(), Some("2026Q4"));
    assert_eq!(c.payback_period.as_deref(), Some("2026Q3"));
    assert_eq!(c.opening_fleet_value_basis, "model_value");
    assert_close("opening value", c.opening_fleet_value_usd, 1_000_000.0);
    // 53.96696% a quarter: 1.5396696^4 − 1.
    let irr = c.irr.expect("capital IRR");
    assert!((irr - 4.619661).abs() < 2e-6, "{irr}");
    // Without the charge the plan's own IRR is far higher (the fleet is free).
    assert!(p.metrics.irr.unwrap() > 30.0, "{:?}", p.metrics.irr);
}

#[test]
fn a_market_value_in_the_plan_replaces_the_model_value() {
    let path = common::root().join("tests/cases/segments-train-only.yaml");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "internal_value_weight: 1 }",
        "internal_value_weight: 1, opening_fleet_value_usd: 2500000 }",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("catalog")).unwrap();
    for f in ["nodes", "sites", "market"] {
        std::fs::copy(
            common::root().join(format!("tests/cases/catalog/{f}.yaml")),
            dir.path().join(format!("catalog/{f}.yaml")),
        )
        .unwrap();
    }
    let plan = dir.path().join("plan.yaml");
    std::fs::write(&plan, text).unwrap();
    let s = solve_plan(&plan, &PipelineOptions::default()).expect("solves");
    let c = &s.plan.capital;
    assert_eq!(c.opening_fleet_value_basis, "plan");
    assert_eq!(c.opening_fleet_value_usd, 2_500_000.0);
    // A dearer fleet earns less on it; payback moves to the last quarter
    // (−2,500,000 − 1,298,000 + 2 × 1,702,000 = −394,000 in 2026Q3,
    // +1,308,000 in 2026Q4).
    assert!(c.irr.unwrap() < 4.619661, "{:?}", c.irr);
    assert_eq!(c.payback_period.as_deref(), Some("2026Q4"));
}

/// The verifier's messages on `plan`.
fn messages(s: &Solved, plan: &PlanDoc) -> Vec<String> {
    verify(&s.scenario, plan)
        .iter()
        .map(|v| v.to_string())
        .collect()
}

#[test]
fn the_verifier_catches_a_segment_figure_500_dollars_off() {
    let s = solve_case("segments-train-only");
    assert!(messages(&s, &s.plan).is_empty());
    for field in ["depreciation", "ebit", "capital"] {
        let mut plan = s.plan.clone();
        let a = &mut plan.segments.years[0].internal;
        match field {
            "depreciation" => a.depreciation_usd += 500.0,
            "ebit" => a.ebit_usd += 500.0,
            _ => a.capital_employed_usd += 500.0,
        }
        let m = messages(&s, &plan);
        assert_eq!(m.len(), 1, "{field}: {m:#?}");
        assert!(m[0].starts_with("[segments] 2026 internal "), "{m:#?}");
    }
}

#[test]
fn the_verifier_catches_capital_figures_off() {
    let s = solve_case("segments-lease-only");
    let mut plan = s.plan.clone();
    plan.capital.peak_funding_usd += 500.0;
    let m = messages(&s, &plan);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(m[0].starts_with("[capital] peak funding"), "{m:#?}");

    let mut plan = s.plan.clone();
    plan.capital.payback_period = Some("2026Q2".into());
    let m = messages(&s, &plan);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(m[0].starts_with("[capital] payback"), "{m:#?}");

    let mut plan = s.plan.clone();
    plan.capital.committed_capex[0].total_usd -= 1_000.0;
    let m = messages(&s, &plan);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(
        m[0].starts_with("[capital] capex committed in 2026Q1"),
        "{m:#?}"
    );

    let mut plan = s.plan.clone();
    plan.capital.irr = plan.capital.irr.map(|r| r * 1.1);
    let m = messages(&s, &plan);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(m[0].starts_with("[capital] capital irr"), "{m:#?}");
}

#[test]
fn a_version_1_plan_json_is_still_read() {
    let s = solve_case("segments-lease-only");
    let mut json: serde_json::Value = serde_json::to_value(&s.plan).unwrap();
    let obj = json.as_object_mut().unwrap();
    obj.insert("schema_version".into(), 1.into());
    obj.remove("segments");
    obj.remove("capital");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.json");
    std::fs::write(&file, serde_json::to_vec(&json).unwrap()).unwrap();
    let plan = capplan::doc::read_plan(&file).expect("version 1 reads");
    assert_eq!(plan.schema_version, 1);
    assert!(plan.segments.years.is_empty());
    // And the report draws from it without the new sections.
    let text = capplan::report::summary::summary(&plan);
    assert!(!text.contains("Two businesses"), "{text}");
    obj_version(&file, 3);
    let err = capplan::doc::read_plan(&file).unwrap_err().to_string();
    assert!(err.contains("schema_version 3"), "{err}");
}

fn obj_version(file: &std::path::Path, v: u32) {
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    json["schema_version"] = v.into();
    std::fs::write(file, serde_json::to_vec(&json).unwrap()).unwrap();
}
