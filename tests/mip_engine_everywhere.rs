//! Every shipped plan and every hand case through the MILP engine's stages
//! (`CAPPLAN_MIP_MIN_INTEGERS=0`, so even the small ones are rounded and
//! repaired): each plan passes the verifier (the pipeline checks it) and its
//! objective stays within the gap of the optimum HiGHS finds alone
//! (`CAPPLAN_MIP_ENGINE=off`). One test, so that the environment it sets is
//! read by nothing running beside it.
#![cfg(feature = "highs")]

use std::path::{Path, PathBuf};

use capplan::error::Error;
use capplan::flow::pipeline::{solve_plan, PipelineOptions};

fn solve(path: &Path, engine: bool) -> Result<(String, f64, f64), Error> {
    // SAFETY (edition 2021: safe): this binary's only test sets these.
    std::env::set_var("CAPPLAN_MIP_MIN_INTEGERS", "0");
    std::env::set_var("CAPPLAN_MIP_ENGINE", if engine { "on" } else { "off" });
    let s = solve_plan(path, &PipelineOptions::default())?;
    let info = &s.plan.solver;
    Ok((
        info.status.clone(),
        info.objective_usd,
        info.mip_gap.unwrap_or(0.0),
    ))
}

/// Objectives before the engine (HiGHS alone, default gap), USD.
const SHIPPED: &[(&str, f64)] = &[
    ("colossus", 13_624_755_141.1),
    ("greenfield-texas", 456_018_649.16),
    ("neocloud-pivot", 12_262_831_042.39),
    ("colossus-2", 49_768_262_517.01),
    ("abilene-landlord", 23_252_244_769.25),
];

#[test]
fn every_plan_through_the_engine_verifies_and_reaches_its_optimum() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for &(name, before) in SHIPPED {
        let path = root.join(format!("plans/{name}.yaml"));
        let (status, got, gap) = solve(&path, true).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(status, "optimal", "{name}");
        assert!(gap <= 1e-4, "{name}: gap {gap}");
        let rel = (got - before).abs() / before.abs();
        assert!(rel <= 2e-4, "{name}: {got} vs {before} before");
    }
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root.join("tests/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    for path in cases {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        match (solve(&path, true), solve(&path, false)) {
            (Ok((status, got, gap)), Ok((_, want, _))) => {
                assert_eq!(status, "optimal", "{name}");
                assert!(gap <= 1e-4, "{name}: gap {gap}");
                let rel = (got - want).abs() / want.abs().max(1.0);
                assert!(rel <= 2e-4, "{name}: {got} vs {want} alone");
            }
            (Err(a), Err(b)) if std::mem::discriminant(&a) == std::mem::discriminant(&b) => {}
            (a, b) => panic!(
                "{name}: engine {:?}, HiGHS alone {:?}",
                a.map(|x| x.1),
                b.map(|x| x.1)
            ),
        }
    }
}
