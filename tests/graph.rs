//! The buildout plan graph: its requirements on solved plans, the critical
//! path of a hand-worked case, cycles, and the four drawings (snapshots,
//! Graphviz, Mermaid's own parser).

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use capplan::doc::graph::{GraphDoc, NodeDoc};
use capplan::flow::pipeline::{solve_plan, PipelineOptions, Solved};
use capplan::plan::{self, Action, ActionKind, BuildoutGraph, Requires};
use common::root;

fn solve(plan: &str, relax: bool) -> Solved {
    let opts = PipelineOptions {
        relax,
        ..Default::default()
    };
    solve_plan(&root().join(plan), &opts).unwrap_or_else(|e| panic!("{plan}: {e}"))
}

fn hand_case() -> Solved {
    solve("tests/cases/graph-critical-path.yaml", false)
}

/// The shipped plans, solved once for all tests: integer where they solve in
/// seconds, relaxed otherwise.
fn shipped() -> &'static [Solved] {
    static PLANS: OnceLock<Vec<Solved>> = OnceLock::new();
    PLANS.get_or_init(|| {
        vec![
            solve("plans/colossus.yaml", false),
            solve("plans/greenfield-texas.yaml", false),
            solve("plans/neocloud-pivot.yaml", true),
            solve("plans/colossus-2.yaml", false),
            solve("plans/abilene-landlord.yaml", false),
        ]
    })
}

fn node<'a>(g: &'a GraphDoc, id: &str) -> &'a NodeDoc {
    g.nodes
        .iter()
        .find(|n| n.id == id)
        .unwrap_or_else(|| panic!("no node {id}"))
}

fn predecessors<'a>(g: &'a GraphDoc, id: &str) -> Vec<&'a NodeDoc> {
    g.edges
        .iter()
        .filter(|e| e.to == id)
        .map(|e| node(g, &e.from))
        .collect()
}

fn is_power(k: ActionKind) -> bool {
    matches!(
        k,
        ActionKind::EnergizeGrid | ActionKind::CommissionTurbines | ActionKind::CommissionBatteries
    )
}

fn is_hall(k: ActionKind) -> bool {
    matches!(k, ActionKind::ExistingHall | ActionKind::BuildHall)
}

#[test]
fn hand_case_critical_path_matches_the_hand_computed_one() {
    let s = hand_case();
    assert!((s.plan.metrics.npv_usd - 10_512_000.0).abs() < 1.0);
    let g = &s.plan.graph;
    assert_eq!(
        g.critical_path,
        [
            "open:green:2026Q1",
            "hall:green:hall-1",
            "install:green:toy_air:2026Q3",
            "lease:green:toy_air:2026Q3:1q",
        ]
    );
    let slack: HashMap<&str, i64> = g
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), n.slack_periods))
        .collect();
    assert_eq!(
        slack["power:green:grid-1"], 1,
        "the grid could come a quarter later"
    );
    assert_eq!(
        slack["order:green:toy_air:2026Q3"], 0,
        "the order is critical"
    );
    assert_eq!(slack["hall:green:hall-1"], 0);
    let order = node(g, "order:green:toy_air:2026Q3");
    assert_eq!(
        (order.start.as_str(), order.finish.as_str()),
        ("2026Q2", "2026Q3")
    );
    let hall = node(g, "hall:green:hall-1");
    assert_eq!(hall.earliest_start, "2026Q1");
    assert_eq!(hall.latest_start, "2026Q1");
    // Six one-quarter leases, 2026Q3 to 2027Q4, each on the installed nodes.
    let leases: Vec<_> = g
        .nodes
        .iter()
        .filter(|n| n.kind == ActionKind::SignLease)
        .collect();
    assert_eq!(leases.len(), 6);
    assert_eq!(node(g, "lease:green:toy_air:2027Q4:1q").finish, "2028Q1");
}

#[test]
fn every_install_has_a_power_and_a_hall_predecessor_that_cover_its_load() {
    let hand = hand_case();
    for s in shipped().iter().chain([&hand]) {
        let g = &s.plan.graph;
        let name = &s.plan.scenario;
        let installs: Vec<_> = g
            .nodes
            .iter()
            .filter(|n| matches!(n.kind, ActionKind::InstallUnits | ActionKind::ExistingFleet))
            .collect();
        assert!(!installs.is_empty(), "{name}: no installs");
        for n in installs {
            let preds = predecessors(g, &n.id);
            let power: Vec<_> = preds.iter().filter(|p| is_power(p.kind)).collect();
            let halls: Vec<_> = preds.iter().filter(|p| is_hall(p.kind)).collect();
            assert!(
                !power.is_empty(),
                "{name}: {} has no power predecessor",
                n.id
            );
            assert!(
                !halls.is_empty(),
                "{name}: {} has no hall predecessor",
                n.id
            );
            for p in power.iter().chain(halls.iter()) {
                assert!(p.finish <= n.start, "{name}: {} before {}", n.id, p.id);
            }
            // The power it requires covers the site's facility load then.
            let load = s
                .plan
                .site_periods
                .iter()
                .find(|sp| sp.site == n.site && sp.period == n.start)
                .map_or(0.0, |sp| sp.facility_load_mw);
            let mw: f64 = power.iter().map(|p| p.quantity).sum();
            assert!(
                mw >= load - 1e-6,
                "{name}: {} requires {mw} MW for a {load} MW load",
                n.id
            );
        }
    }
}

#[test]
fn no_lease_or_cluster_starts_before_its_hardware_is_installed() {
    let hand = hand_case();
    for s in shipped().iter().chain([&hand]) {
        let g = &s.plan.graph;
        let name = &s.plan.scenario;
        for n in g
            .nodes
            .iter()
            .filter(|n| matches!(n.kind, ActionKind::SignLease | ActionKind::FormCluster))
        {
            let hw: Vec<_> = predecessors(g, &n.id)
                .into_iter()
                .filter(|p| matches!(p.kind, ActionKind::InstallUnits | ActionKind::ExistingFleet))
                .collect();
            assert!(!hw.is_empty(), "{name}: {} requires no hardware", n.id);
            for p in &hw {
                assert!(
                    p.finish <= n.start,
                    "{name}: {} starts before {}",
                    n.id,
                    p.id
                );
                assert_eq!(
                    p.site, n.site,
                    "{name}: {} on another site's hardware",
                    n.id
                );
            }
            if n.kind == ActionKind::SignLease {
                // The GPUs of its predecessors cover the lease.
                let sku = s
                    .scenario
                    .skus
                    .iter()
                    .find(|k| Some(&k.id) == n.sku.as_ref())
                    .expect("lease SKU");
                let gpus: f64 = hw.iter().map(|p| p.quantity * sku.gpus_per_unit).sum();
                assert!(
                    gpus >= n.quantity * (1.0 - 1e-6),
                    "{name}: {} leases {} GPUs on {gpus} installed",
                    n.id,
                    n.quantity
                );
            }
        }
        // And in the plan itself: no lease of a SKU where none is installed.
        for l in &s.plan.leases {
            let row = s
                .plan
                .rows
                .iter()
                .find(|r| r.period == l.start && r.site == l.site && r.sku == l.sku);
            assert!(
                row.is_some_and(|r| r.units_installed > 0.0),
                "{name}: lease of {} at {} in {} on nothing installed",
                l.sku,
                l.site,
                l.start
            );
        }
    }
}

#[test]
fn schedules_are_consistent() {
    for s in shipped() {
        let g = &s.plan.graph;
        let name = &s.plan.scenario;
        assert!(!g.critical_path.is_empty(), "{name}: no critical path");
        for w in g.critical_path.windows(2) {
            assert!(
                g.edges.iter().any(|e| e.from == w[0] && e.to == w[1]),
                "{name}: critical path step {} → {} is not an edge",
                w[0],
                w[1]
            );
        }
        for n in &g.nodes {
            assert!(n.slack_periods >= 0, "{name}: {} has negative slack", n.id);
            assert!(
                n.earliest_start <= n.start,
                "{name}: {} starts before it can",
                n.id
            );
            assert_eq!(n.critical, n.slack_periods == 0);
        }
        // The stored graph round-trips through petgraph to the same document.
        let back = g.to_graph().expect("graph from its document");
        let sched = plan::schedule(&back).expect("acyclic");
        assert_eq!(&GraphDoc::new(&back, &sched), g, "{name}");
    }
}

fn action(id: &str, start: usize, finish: usize) -> Action {
    Action {
        id: id.into(),
        kind: ActionKind::BuildHall,
        site: "s".into(),
        sku: None,
        label: id.into(),
        start,
        finish,
        not_before: 0,
        quantity: 1.0,
        unit: "MW".into(),
        cost_usd: 0.0,
    }
}

#[test]
fn a_cycle_is_an_error_naming_its_actions() {
    let mut g = BuildoutGraph {
        periods: (0..4).map(|i| format!("2026Q{}", i + 1)).collect(),
        horizon: 4,
        ..Default::default()
    };
    let a = g.add(action("a", 0, 1));
    let b = g.add(action("b", 1, 2));
    let c = g.add(action("c", 2, 3));
    let d = g.add(action("d", 0, 0));
    g.require(d, a, Requires::FinishToStart);
    g.require(a, b, Requires::FinishToStart);
    g.require(b, c, Requires::FinishToStart);
    g.require(c, a, Requires::FinishToStart);
    let err = plan::schedule(&g).expect_err("a → b → c → a is a cycle");
    let mut names = err.actions.clone();
    names.sort();
    assert_eq!(names, ["a", "b", "c"], "{err}");
    let text = err.to_string();
    assert!(text.contains("cycle") && text.contains("→"), "{text}");
}

#[test]
fn graph_command_rejects_a_plan_json_with_a_cycle() {
    let s = hand_case();
    let dir = tempfile::tempdir().unwrap();
    let mut doc = s.plan.clone();
    // The hall now requires the install it enables.
    doc.graph.edges.push(capplan::doc::graph::EdgeDoc {
        from: "install:green:toy_air:2026Q3".into(),
        to: "hall:green:hall-1".into(),
        requires: Requires::FinishToStart,
    });
    std::fs::write(dir.path().join("plan.json"), capplan::report::to_json(&doc)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_capplan"))
        .args(["graph", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cycle") && stderr.contains("hall:green:hall-1"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

/// Solves the hand case into a temporary directory with the CLI and returns it.
fn solved_dir(plan: &str, extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_capplan"))
        .args(["solve", plan, "-q", "--out"])
        .arg(dir.path())
        .args(extra)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

fn graph_cli(dir: &Path, format: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_capplan"))
        .args(["graph", dir.to_str().unwrap(), "--format", format])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn snapshots_of_the_four_formats() {
    let dir = solved_dir("tests/cases/graph-critical-path.yaml", &[]);
    for (format, file) in [
        ("dot", Some("graph.dot")),
        ("mermaid", Some("graph.mmd")),
        ("gantt", Some("gantt.mmd")),
        ("json", None),
    ] {
        let text = graph_cli(dir.path(), format);
        if let Some(file) = file {
            let written = std::fs::read_to_string(dir.path().join(file)).unwrap();
            assert_eq!(
                text, written,
                "solve's {file} and `graph --format {format}`"
            );
        }
        insta::assert_snapshot!(format!("graph_{format}"), text);
    }
}

#[test]
fn dot_renders_with_graphviz_without_warnings() {
    let which = Command::new("dot").arg("-V").output();
    assert!(
        which.is_ok(),
        "Graphviz `dot` is not installed: apt-get install -y graphviz (.ci/run does)"
    );
    for plan in [
        "tests/cases/graph-critical-path.yaml",
        "plans/colossus.yaml",
        "plans/greenfield-texas.yaml",
    ] {
        let dir = solved_dir(plan, &[]);
        let out = Command::new("dot")
            .args(["-Tsvg", "graph.dot"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{plan}: dot failed: {stderr}");
        assert!(stderr.trim().is_empty(), "{plan}: dot warned: {stderr}");
        let svg = String::from_utf8_lossy(&out.stdout);
        assert!(svg.contains("<svg") && svg.contains("cluster"), "{plan}");
    }
}

/// Mermaid's own parser (tests/mermaid, installed with `npm ci` on first use).
#[test]
fn mermaid_output_parses_with_mermaid() {
    let checker = root().join("tests/mermaid");
    if !checker.join("node_modules/mermaid").exists() {
        let npm = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&checker)
            .output()
            .expect("npm is needed to check Mermaid output: apt-get install -y nodejs npm");
        assert!(
            npm.status.success(),
            "npm ci in tests/mermaid failed: {}",
            String::from_utf8_lossy(&npm.stderr)
        );
    }
    let dirs = [
        solved_dir("tests/cases/graph-critical-path.yaml", &[]),
        solved_dir("plans/colossus.yaml", &[]),
        solved_dir("plans/neocloud-pivot.yaml", &["--relax"]),
    ];
    let mut files = Vec::new();
    for d in &dirs {
        files.push(d.path().join("graph.mmd"));
        files.push(d.path().join("gantt.mmd"));
    }
    let out = Command::new("node")
        .arg(checker.join("check.mjs"))
        .args(&files)
        .output()
        .expect("node is needed to check Mermaid output: apt-get install -y nodejs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "Mermaid rejected capplan's output:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.matches(" ok ").count(), files.len(), "{stdout}");
    assert_eq!(
        stdout.matches(" ok flowchart").count(),
        dirs.len(),
        "{stdout}"
    );
    assert_eq!(stdout.matches(" ok gantt").count(), dirs.len(), "{stdout}");
}
