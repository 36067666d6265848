//! `capplan generate`: synthetic plans that validate, solve and verify, the
//! same for the same seed.

mod common;

use std::process::Command;

use capplan::flow::pipeline::{solve_plan, PipelineOptions};
use capplan::generate::{generate, Spec};

fn spec(sites: usize, skus: usize, periods: usize, seed: u64) -> Spec {
    Spec {
        sites,
        skus,
        periods,
        seed,
    }
}

#[test]
fn same_seed_same_files_other_seed_other_numbers() {
    let (a, b, c) = (
        generate(spec(6, 11, 12, 7)),
        generate(spec(6, 11, 12, 7)),
        generate(spec(6, 11, 12, 8)),
    );
    assert_eq!(a.plan, b.plan);
    assert_eq!(a.nodes, b.nodes);
    assert_eq!(a.sites, b.sites);
    assert_eq!(a.market, b.market);
    assert_ne!(a.sites, c.sites);
    // 11 SKUs: the 9 shipped ones, then variants.
    assert!(a.nodes.contains("gb300_nvl72_v2:") && a.nodes.contains("b300_hgx_v2:"));
    assert!(!a.nodes.contains("_v3:"));
}

#[test]
fn generated_plans_validate_solve_and_verify() {
    for seed in 1..=3 {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_capplan"))
            .args(["generate", "--sites", "3", "--skus", "3", "--periods", "8"])
            .args(["--seed", &seed.to_string(), "--out"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "seed {seed}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("it validates"));
        // MILP, verified inside solve_plan; every shipped number carries a source.
        let solved = solve_plan(&dir.path().join("plan.yaml"), &PipelineOptions::default())
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(solved.scenario.sites.len(), 3);
        assert_eq!(solved.scenario.periods.len(), 8);
        assert!(
            solved.plan.metrics.npv_usd > 0.0,
            "seed {seed}: builds nothing"
        );
        assert!(solved.plan.metrics.gpus_end > 0, "seed {seed}");
    }
}

#[test]
fn out_of_range_sizes_are_usage_errors() {
    let out = Command::new(env!("CARGO_BIN_EXE_capplan"))
        .args(["generate", "--sites", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--sites 0"));
}
