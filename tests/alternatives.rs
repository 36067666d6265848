//! Near-optimal alternatives (MGA) and the identity band, on hand cases:
//! tests/cases/two-equal-sites.yaml, whose optimum is a tie between two sites
//! (the band worked out in its comment), and power-bound.yaml, whose figures
//! are unique at the optimum.

use std::path::{Path, PathBuf};

use capplan::flow::alternatives::{explore, BandRow, Explored, Options};
use capplan::flow::pipeline::{load_scenario, PipelineOptions};
use capplan::model::metrics::Metric;
use capplan::scenario::Scenario;

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(format!("{name}.yaml"))
}

fn run(name: &str, slack: f64, relax: bool, count: usize) -> (Scenario, Explored) {
    let (sc, _) = load_scenario(&case(name)).expect("the case loads");
    let opts = PipelineOptions {
        relax,
        ..Default::default()
    };
    let o = Options {
        slack,
        metrics: Metric::all(&sc),
        count,
    };
    let ex = explore(&sc, &opts, &o, &mut |_| {}).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(ex.failures.is_empty(), "{name}: {:?}", ex.failures);
    (sc, ex)
}

fn band<'a>(ex: &'a Explored, metric: &str) -> &'a BandRow {
    ex.band
        .iter()
        .find(|b| b.metric == metric)
        .unwrap_or_else(|| panic!("no band row {metric}"))
}

fn assert_band(ex: &Explored, metric: &str, min: f64, max: f64) {
    let b = band(ex, metric);
    let tol = 1e-6 * max.abs().max(1.0);
    assert!(
        (b.min - min).abs() <= tol && (b.max - max).abs() <= tol,
        "{metric}: band {}..{}, want {min}..{max}",
        b.min,
        b.max
    );
}

/// Every plan is within the slack of the best and passes the verifier.
fn assert_within_slack(sc: &Scenario, ex: &Explored) {
    let best = ex.optimum.plan.solver.objective_usd;
    for a in ex.plans() {
        assert!(
            a.objective_usd >= ex.floor_usd - 1.0,
            "{}: objective {} below the floor {}",
            a.name,
            a.objective_usd,
            ex.floor_usd
        );
        assert!(
            a.objective_usd >= best - ex.slack * best.abs() - 1.0,
            "{}: objective {} not within {} of {best}",
            a.name,
            a.objective_usd,
            ex.slack
        );
        assert!(
            a.objective_usd <= best + 1e-6 * best.abs() + 1.0,
            "{}",
            a.name
        );
        let v = capplan::verify::verify(sc, &a.plan);
        assert!(v.is_empty(), "{}: {v:?}", a.name);
    }
}

#[test]
fn the_band_covers_the_whole_tie_at_slack_0() {
    let (sc, ex) = run("two-equal-sites", 0.0, false, 0);
    assert!((ex.optimum.npv_usd - 3_504_000.0).abs() < 1.0);
    assert_band(&ex, "gpus_at_dry", 0.0, 400.0);
    assert_band(&ex, "gpus_at_wet", 0.0, 400.0);
    assert_band(&ex, "gpus_of_toy_air", 0.0, 400.0);
    assert_band(&ex, "gpus_of_toy_liquid", 0.0, 400.0);
    assert_band(&ex, "capex", 5_000_000.0, 5_000_000.0);
    assert_band(&ex, "leased_share", 1.0, 1.0);
    assert_band(&ex, "peak_mw", 0.5, 0.5);
    assert_band(&ex, "sites_opened", 0.0, 0.0);
    assert_within_slack(&sc, &ex);
}

#[test]
fn the_band_at_slack_5_percent_is_the_hand_one() {
    let (sc, ex) = run("two-equal-sites", 0.05, false, 2);
    assert_band(&ex, "capex", 4_800_000.0, 5_000_000.0);
    assert_band(&ex, "leased_share", 0.95, 1.0);
    assert_band(&ex, "peak_mw", 0.48, 0.5);
    assert_band(&ex, "gpus_at_dry", 0.0, 400.0);
    assert_eq!(ex.distinct.len(), 2);
    assert_within_slack(&sc, &ex);

    let (sc, ex) = run("two-equal-sites", 0.05, true, 1);
    assert_band(&ex, "capex", 4_750_000.0, 5_000_000.0);
    assert_band(&ex, "leased_share", 0.95, 1.0);
    assert_band(&ex, "peak_mw", 0.475, 0.5);
    assert_within_slack(&sc, &ex);
}

#[test]
fn a_unique_optimum_has_a_point_band_at_slack_0() {
    let (sc, ex) = run("power-bound", 0.0, false, 0);
    for b in &ex.band {
        let tol = 1e-6 * b.optimum.abs().max(1.0);
        assert!(
            (b.max - b.min).abs() <= tol && (b.min - b.optimum).abs() <= tol,
            "{}: {}..{} around {}",
            b.metric,
            b.min,
            b.max,
            b.optimum
        );
    }
    assert_within_slack(&sc, &ex);
}

#[test]
fn widening_the_slack_never_narrows_a_band() {
    let mut before: Option<Explored> = None;
    for slack in [0.0, 0.01, 0.03, 0.1] {
        let (sc, ex) = run("two-equal-sites", slack, true, 0);
        assert_within_slack(&sc, &ex);
        if let Some(prev) = &before {
            for (a, b) in prev.band.iter().zip(&ex.band) {
                let tol = 1e-6 * a.max.abs().max(1.0);
                assert!(
                    b.min <= a.min + tol && b.max >= a.max - tol,
                    "{} narrowed from {}..{} to {}..{} at slack {slack}",
                    a.metric,
                    a.min,
                    a.max,
                    b.min,
                    b.max
                );
            }
        }
        before = Some(ex);
    }
}

#[test]
fn the_command_writes_every_plan_and_the_band() {
    let dir = std::env::temp_dir().join(format!("capplan-alt-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let plan = case("two-equal-sites");
    capplan::cli::run([
        "capplan",
        "alternatives",
        plan.to_str().unwrap(),
        "--slack",
        "0.05",
        "--metric",
        "capex",
        "--metric",
        "gpus_at",
        "--count",
        "1",
        "--quiet",
        "--out",
        dir.to_str().unwrap(),
    ])
    .expect("alternatives runs");
    for f in [
        "band.json",
        "band.csv",
        "alternatives.txt",
        "alternatives.md",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    for name in [
        "capex-min",
        "capex-max",
        "gpus_at_dry-min",
        "gpus_at_dry-max",
        "gpus_at_wet-min",
        "gpus_at_wet-max",
        "distinct-1",
    ] {
        let p = dir.join("alternatives").join(name);
        for f in ["plan.json", "plan.csv", "report.html"] {
            assert!(p.join(f).is_file(), "{name}/{f}");
        }
        capplan::doc::read_plan(&p.join("plan.json")).expect("plan.json reads back");
    }
    assert!(dir.join("optimum/plan.json").is_file());
    let csv = std::fs::read_to_string(dir.join("band.csv")).unwrap();
    assert!(csv.starts_with("metric,label,unit,optimum,min,max,min_plan,max_plan\n"));
    assert!(
        csv.contains("\ncapex,capex,usd,5000000.000000,4800000.000000,5000000.000000,capex-min,"),
        "{csv}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
