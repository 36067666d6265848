//! Helpers shared by the integration tests (each test file uses some of them).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The crate root, where plans/, catalogs/ and tests/ live.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the capplan binary from the crate root and returns its output.
pub fn capplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_capplan"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("capplan runs")
}

/// Fails with `what`, the exit code and stderr unless `o` exited 0.
pub fn assert_ok(o: &Output, what: &str) {
    assert!(
        o.status.success(),
        "{what}: exit {:?}\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every `*.rs` file under `dir`, recursively, in sorted path order.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    collect_rust_files(dir, &mut out);
    out
}

fn collect_rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// `dir/*.yaml` (relative to the crate root), sorted, as absolute paths.
pub fn yaml_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// Copies the toy catalogs of tests/cases/catalog into `dir/catalog/`, for
/// plans written at the top of `dir` (see [`TOY_PLAN`]); returns that folder.
pub fn copy_toy_catalogs(dir: &Path) -> PathBuf {
    let cat = dir.join("catalog");
    std::fs::create_dir_all(&cat).expect("catalog dir");
    for f in ["nodes.yaml", "sites.yaml", "market.yaml"] {
        std::fs::copy(root().join("tests/cases/catalog").join(f), cat.join(f))
            .expect("toy catalog copies");
    }
    cat
}

/// A valid plan over the toy catalogs copied by [`copy_toy_catalogs`].
pub const TOY_PLAN: &str = "name: toy
catalogs: { nodes: catalog/nodes.yaml, sites: catalog/sites.yaml, market: catalog/market.yaml }
horizon: { start: 2026Q1, end: 2026Q4 }
sites:
  dry: {}
skus:
  toy_air:
    allocation: [{ from: 2026Q1, units_per_period: 10 }]
finance: { discount_rate_per_year: 0, internal_value_weight: 0 }
";
