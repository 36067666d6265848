//! Criterion benchmarks of every stage of the pipeline on generated plans
//! (`capplan generate`), named `stage/size`:
//!
//! - `load`: read, check and resolve plan and catalogs;
//! - `build`: the MILP (`model::build`);
//! - `solve_highs_milp`, `solve_highs_lp`: HiGHS on the MILP and its relaxation;
//! - `solve_clarabel_lp`: the pure-Rust interior-point backend, small plans;
//! - `verify`: the independent verifier; `graph`: plan graph and schedule;
//! - `write`: plan.json and plan.csv to bytes.
//!
//! `cargo bench --bench pipeline` measures S (5 sites, 5 SKUs, 24 quarters:
//! every stage, HiGHS on the MILP and the LP, clarabel on the LP) and M (20,
//! 10, 40: every stage, HiGHS on the LP; its MILP takes minutes).
//! `CAPPLAN_BENCH_SIZES=S,M,L` (or `XL`) picks the sizes: L (50, 15, 60)
//! solves its LP in ~3 min, so ten samples take half an hour.
//! `solve_highs_milp/neocloud-pivot` measures the shipped plan's MILP (the
//! MILP engine's stages, `solve::mip`), when measuring only.
//! Run without `--bench` (as `cargo test` does, every CI run) each bench runs
//! once on a tiny plan, so the benches never rot.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use capplan::flow::pipeline::load_scenario;
use capplan::generate::{generate, Spec};
use capplan::model;
use capplan::plan;
use capplan::report::{csv, to_json};
use capplan::scenario::Scenario;
use capplan::solve::{self, Backend, SolveOptions};
use capplan::verify;
use criterion::{criterion_group, criterion_main, Criterion};

struct Size {
    name: &'static str,
    spec: Spec,
    /// Solve the MILP in the benches (that of M and up takes minutes).
    milp: bool,
    /// Solve the LP relaxation in the benches.
    lp: bool,
}

fn sizes() -> Vec<Size> {
    let measuring = std::env::args().any(|a| a == "--bench");
    let size = |name, sites, skus, periods, milp| Size {
        name,
        spec: Spec {
            sites,
            skus,
            periods,
            seed: 1,
        },
        milp,
        lp: true,
    };
    if !measuring {
        return vec![size("tiny(3x3x8)", 3, 3, 8, true)];
    }
    let wanted = std::env::var("CAPPLAN_BENCH_SIZES").unwrap_or_else(|_| "S,M".into());
    let wanted: Vec<&str> = wanted.split(',').map(str::trim).collect();
    [
        ("S", size("S(5x5x24)", 5, 5, 24, true)),
        ("M", size("M(20x10x40)", 20, 10, 40, false)),
        ("L", size("L(50x15x60)", 50, 15, 60, false)),
        ("XL", size("XL(100x20x60)", 100, 20, 60, false)),
    ]
    .into_iter()
    .filter(|(key, _)| wanted.contains(key))
    .map(|(_, s)| s)
    .collect()
}

/// Writes a generated plan to a temporary directory, returns the plan path.
fn write_plan(dir: &tempfile::TempDir, spec: Spec) -> PathBuf {
    let g = generate(spec);
    let root = dir.path();
    std::fs::create_dir_all(root.join("catalog")).unwrap();
    std::fs::write(root.join("catalog/nodes.yaml"), g.nodes).unwrap();
    std::fs::write(root.join("catalog/sites.yaml"), g.sites).unwrap();
    std::fs::write(root.join("catalog/market.yaml"), g.market).unwrap();
    std::fs::write(root.join("plan.yaml"), g.plan).unwrap();
    root.join("plan.yaml")
}

fn highs() -> SolveOptions {
    SolveOptions {
        backend: Backend::Highs,
        ..Default::default()
    }
}

fn stages(c: &mut Criterion) {
    for size in sizes() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_plan(&dir, size.spec);
        let n = size.name;
        let mut g = c.benchmark_group("pipeline");
        g.sample_size(10).measurement_time(Duration::from_secs(10));

        g.bench_function(format!("load/{n}"), |b| {
            b.iter(|| load_scenario(black_box(&path)).unwrap())
        });
        let (sc, _): (Scenario, _) = load_scenario(&path).unwrap();
        g.bench_function(format!("build/{n}"), |b| {
            b.iter(|| model::build(black_box(&sc), false))
        });
        let relaxed = model::build(&sc, true);
        let lp_sol = solve::solve(&relaxed.lp, &highs()).unwrap();
        if size.milp {
            let milp = model::build(&sc, false);
            g.bench_function(format!("solve_highs_milp/{n}"), |b| {
                b.iter(|| solve::solve(black_box(&milp.lp), &highs()).unwrap())
            });
        }
        if size.lp {
            g.bench_function(format!("solve_highs_lp/{n}"), |b| {
                b.iter(|| solve::solve(black_box(&relaxed.lp), &highs()).unwrap())
            });
            if size.spec.sites <= 5 {
                let opts = SolveOptions {
                    backend: Backend::Clarabel,
                    ..Default::default()
                };
                g.bench_function(format!("solve_clarabel_lp/{n}"), |b| {
                    b.iter(|| solve::solve(black_box(&relaxed.lp), &opts).unwrap())
                });
            }
        }
        // The stages after the solver, on the relaxation's plan.
        let doc = capplan::extract::plan_doc(&sc, &relaxed, &lp_sol, true);
        g.bench_function(format!("verify/{n}"), |b| {
            b.iter(|| {
                let v = verify::verify(black_box(&sc), black_box(&doc));
                assert!(v.is_empty(), "{v:?}");
            })
        });
        g.bench_function(format!("graph/{n}"), |b| {
            b.iter(|| {
                let graph = plan::build(black_box(&sc), black_box(&doc));
                plan::schedule(&graph).unwrap()
            })
        });
        g.bench_function(format!("write/{n}"), |b| {
            b.iter(|| (to_json(black_box(&doc)), csv::plan_csv(black_box(&doc))))
        });
        g.finish();
    }
}

/// The MILP of the shipped neocloud-pivot (4 sites, 5 SKUs, 24 quarters, 935
/// integers: large enough for the MILP engine's stages), when measuring only.
fn shipped_milp(c: &mut Criterion) {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/neocloud-pivot.yaml");
    let (sc, _) = load_scenario(&path).unwrap();
    let milp = model::build(&sc, false);
    let mut g = c.benchmark_group("pipeline");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    g.bench_function("solve_highs_milp/neocloud-pivot", |b| {
        b.iter(|| solve::solve(black_box(&milp.lp), &highs()).unwrap())
    });
    g.finish();
}

criterion_group!(benches, stages, shipped_milp);
criterion_main!(benches);
