//! The typed input model round-trips through YAML: for every shipped plan, the
//! plan, its catalogs as written and the entries as loaded (overrides applied)
//! serialize with serde_yaml and read back equal. And `capplan validate`
//! accepts every shipped plan and every hand-computed case.

mod common;

/// Paths relative to the crate root, as a user would type them.
fn relative(files: Vec<PathBuf>) -> Vec<PathBuf> {
    files
        .into_iter()
        .map(|p| {
            p.strip_prefix(root())
                .expect("under the crate")
                .to_path_buf()
        })
        .collect()
}

use common::{root, yaml_files};
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::process::Command;

use capplan::catalog::files::{NodeCatalog, PlanFile, SiteCatalog};
use capplan::catalog::market::Market;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The shipped plans. `plans/whatifs/` holds overlays in another format, not plans.
fn shipped_plans() -> Vec<PathBuf> {
    let plans = relative(yaml_files("plans"));
    assert!(!plans.is_empty(), "no plans in plans/");
    plans
}

/// Serializes `value`, reads it back, and asserts it is unchanged.
fn assert_round_trips<T>(what: &str, value: &T)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let text = serde_yaml::to_string(value).unwrap_or_else(|e| panic!("{what}: serialize: {e}"));
    let back: T =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{what}: read back: {e}\n{text}"));
    assert_eq!(&back, value, "{what} changed through YAML:\n{text}");
    // And the written form is stable: writing it again gives the same text.
    let again = serde_yaml::to_string(&back).expect("serializes twice");
    assert_eq!(again, text, "{what}: YAML not stable");
}

fn read_as<T: DeserializeOwned>(path: &Path) -> T {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn shipped_plans_and_catalogs_round_trip_through_yaml() {
    for rel in shipped_plans() {
        let plan_path = root().join(&rel);
        let name = rel.display().to_string();
        let (loaded, _warnings) = capplan::catalog::load_and_check(&plan_path)
            .unwrap_or_else(|d| panic!("{name} does not load:\n{d}"));

        // The plan, typed.
        assert_round_trips(&name, &loaded.plan);
        let from_file: PlanFile = read_as(&plan_path);
        assert_eq!(
            from_file, loaded.plan,
            "{name}: the loader changed the plan"
        );

        // The catalogs as written (top-level files; includes are covered below
        // through the loaded entries).
        let dir = plan_path.parent().expect("plan has a directory");
        let c = &loaded.plan.catalogs;
        let nodes: NodeCatalog = read_as(&dir.join(&c.nodes));
        assert_round_trips(&format!("{name}: {}", c.nodes), &nodes);
        let sites: SiteCatalog = read_as(&dir.join(&c.sites));
        assert_round_trips(&format!("{name}: {}", c.sites), &sites);
        let market: Market = read_as(&dir.join(&c.market));
        assert_round_trips(&format!("{name}: {}", c.market), &market);

        // Every entry as loaded, the plan's overrides applied.
        for (id, e) in &loaded.skus {
            assert_round_trips(&format!("{name}: SKU {id}"), &e.value);
        }
        for (id, e) in &loaded.sites {
            assert_round_trips(&format!("{name}: site {id}"), &e.value);
        }
        assert_round_trips(&format!("{name}: market"), &loaded.market.value);

        // Entries not overridden are exactly what the catalogs say.
        for (id, e) in loaded.skus.iter().filter(|(_, e)| !e.overridden) {
            if let Some(s) = nodes.skus.get(id) {
                assert_eq!(s, &e.value, "{name}: SKU {id} changed in loading");
            }
        }
        for (id, e) in loaded.sites.iter().filter(|(_, e)| !e.overridden) {
            if let Some(s) = sites.sites.get(id) {
                assert_eq!(s, &e.value, "{name}: site {id} changed in loading");
            }
        }
    }
}

/// `capplan validate` exits 0, with a summary on stdout, on `plan` (relative
/// to the crate root, run from there).
fn assert_validates(plan: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_capplan"))
        .arg("validate")
        .arg(plan)
        .current_dir(root())
        .output()
        .expect("capplan runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "capplan validate {}:\n{stderr}",
        plan.display()
    );
    assert!(
        stdout.contains(": valid"),
        "capplan validate {}: no summary:\n{stdout}",
        plan.display()
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn shipped_plans_validate() {
    for plan in shipped_plans() {
        assert_validates(&plan);
    }
}

#[test]
fn hand_computed_cases_validate() {
    let cases = relative(yaml_files("tests/cases"));
    assert!(!cases.is_empty(), "no cases in tests/cases");
    for plan in cases {
        assert_validates(&plan);
    }
}
