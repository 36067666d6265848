//! A MILP sweep through the MILP engine: its points agree with solving each
//! point alone (built afresh, `--no-reuse`, byte for byte), and the unchanged
//! point with `capplan solve` on the plan itself.
#![cfg(feature = "highs")]

use std::path::Path;
use std::process::Command;

use capplan::flow::pipeline::{solve_plan, PipelineOptions};

fn sweep(out: &Path, extra: &[&str]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = Command::new(env!("CARGO_BIN_EXE_capplan"))
        .current_dir(root)
        .args([
            "sweep",
            "plans/neocloud-pivot.yaml",
            "--vary",
            "market.lease[*].tenors[*].price_usd_per_gpu_hr*=0.9:1.1:0.1",
            "--jobs",
            "1",
            "--out",
            out.to_str().unwrap(),
        ])
        .args(extra)
        .output()
        .expect("capplan runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn milp_sweep_points_agree_with_solving_each_alone() {
    let dir = tempfile::tempdir().unwrap();
    let reused = sweep(&dir.path().join("reused.csv"), &[]);
    let alone = sweep(&dir.path().join("alone.csv"), &["--no-reuse"]);
    assert_eq!(reused, alone);
    let rows: Vec<Vec<&str>> = reused
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 3, "{reused}");
    assert!(rows.iter().all(|r| r[3] == "optimal"), "{reused}");
    // Point ×1.0 is the plan as written.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let solved = solve_plan(
        &root.join("plans/neocloud-pivot.yaml"),
        &PipelineOptions::default(),
    )
    .unwrap();
    let npv: f64 = rows[1][4].parse().unwrap();
    assert!(
        (npv - solved.plan.metrics.npv_usd).abs() <= 1.0,
        "sweep {npv} vs solve {}",
        solved.plan.metrics.npv_usd
    );
}
