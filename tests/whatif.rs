//! What-if overlays, comparisons and sweeps: every edit kind on a shipped
//! plan, composition order, paths that match nothing (stderr snapshotted,
//! `tests/snapshots/whatif__*.snap`), a compare snapshot, sweeps identical
//! whatever `--jobs`, and shards that merge into the single run byte for byte.
//!
//! After a deliberate change of output: `INSTA_UPDATE=always cargo test --test
//! whatif`, then read every changed `.snap` before committing it.

mod common;

use capplan::catalog::period::Period;
use capplan::catalog::Loaded;
use capplan::flow::pipeline::load_with_whatifs;
use common::root;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn capplan() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_capplan"));
    c.current_dir(root());
    c
}

fn run(args: &[&str]) -> Output {
    capplan().args(args).output().expect("capplan runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn assert_ok(o: &Output, what: &str) {
    assert!(
        o.status.success(),
        "{what}: {:?}\n{}",
        o.status.code(),
        text(&o.stderr)
    );
}

const PIVOT: &str = "plans/neocloud-pivot.yaml";

/// Writes an overlay with `edits` (YAML list items) to `dir/name.yaml`.
fn overlay(dir: &Path, name: &str, edits: &str) -> PathBuf {
    let p = dir.join(format!("{name}.yaml"));
    std::fs::write(&p, format!("name: {name}\nedits:\n{edits}")).expect("overlay written");
    p
}

fn load(whatifs: &[PathBuf]) -> Loaded {
    match load_with_whatifs(&root().join(PIVOT), whatifs) {
        Ok((l, _)) => l,
        Err(e) => panic!("{e}"),
    }
}

fn lease_prices(l: &Loaded) -> Vec<f64> {
    l.market
        .value
        .lease
        .values()
        .flat_map(|m| m.tenors.iter().map(|t| t.price_usd_per_gpu_hr))
        .collect()
}

#[test]
fn scale_multiplies_every_lease_price() {
    let base = load(&[]);
    let crash = load(&[root().join("plans/whatifs/lease-price-crash.yaml")]);
    let (a, b) = (lease_prices(&base), lease_prices(&crash));
    assert!(!a.is_empty());
    for (x, y) in a.iter().zip(&b) {
        assert!((y - 0.6 * x).abs() < 1e-12, "{x} → {y}");
    }
    assert_eq!(crash.plan.name, "neocloud-pivot+lease-price-crash");
}

#[test]
fn shift_moves_a_tranche() {
    let l = load(&[root().join("plans/whatifs/power-delay.yaml")]);
    let g2 = l.sites["abilene"]
        .value
        .power
        .iter()
        .find(|p| p.id == "grid-2")
        .unwrap();
    let base = load(&[]);
    let g2_base = base.sites["abilene"]
        .value
        .power
        .iter()
        .find(|p| p.id == "grid-2")
        .unwrap();
    assert_eq!(
        g2.energize.unwrap(),
        g2_base.energize.unwrap().plus_months(6)
    );
}

#[test]
fn scale_doubles_an_allocation_in_the_plan() {
    let l = load(&[root().join("plans/whatifs/gb300-allocation-doubles.yaml")]);
    let base = load(&[]);
    let (a, b) = (
        &base.plan.skus["gb300_nvl72"].allocation,
        &l.plan.skus["gb300_nvl72"].allocation,
    );
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert_eq!(y.units_per_period, 2.0 * x.units_per_period);
    }
}

#[test]
fn set_add_and_remove() {
    let dir = tempfile::tempdir().unwrap();
    let w = overlay(
        dir.path(),
        "mixed",
        "  - set: finance.internal_value_weight\n    to: 0\n  - add: finance.discount_rate_per_year\n    by: 0.02\n  - remove: sites[texas_greenfield]\n  - set: sites[memphis].earliest_start\n    to: 2027Q1\n  - add: sites[abilene].halls[*].it_mw\n    by: 10\n",
    );
    let base = load(&[]);
    let l = load(&[w]);
    assert_eq!(l.plan.finance.internal_value_weight, 0.0);
    assert!(
        (l.plan.finance.discount_rate_per_year - base.plan.finance.discount_rate_per_year - 0.02)
            .abs()
            < 1e-12
    );
    assert!(!l.plan.sites.contains_key("texas_greenfield"));
    assert_eq!(l.plan.sites.len(), base.plan.sites.len() - 1);
    assert_eq!(
        l.sites["memphis"].value.earliest_start,
        "2027Q1".parse::<Period>().unwrap()
    );
    for (h, hb) in l.sites["abilene"]
        .value
        .halls
        .iter()
        .zip(&base.sites["abilene"].value.halls)
    {
        assert_eq!(h.it_mw, hb.it_mw + 10.0);
    }
}

#[test]
fn overlays_compose_in_the_order_given() {
    let dir = tempfile::tempdir().unwrap();
    let set = overlay(
        dir.path(),
        "set",
        "  - set: market.internal_value_usd_per_h100e_hr\n    to: 3\n",
    );
    let double = overlay(
        dir.path(),
        "double",
        "  - scale: market.internal_value_usd_per_h100e_hr\n    by: 2\n",
    );
    let a = load(&[set.clone(), double.clone()]);
    let b = load(&[double, set]);
    assert_eq!(a.market.value.internal_value_usd_per_h100e_hr, 6.0);
    assert_eq!(b.market.value.internal_value_usd_per_h100e_hr, 3.0);
    assert_eq!(a.plan.name, "neocloud-pivot+set+double");
}

/// A bad what-if: exit code 2, nothing on stdout, the problem on stderr.
fn refused(case: &str) -> String {
    let w = format!("tests/whatifs/{case}.yaml");
    let o = run(&["validate", PIVOT, "--whatif", &w]);
    assert_eq!(o.status.code(), Some(2), "{case}: {}", text(&o.stderr));
    assert!(o.stdout.is_empty(), "{case}");
    let err = text(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    err
}

macro_rules! refused_cases {
    ($($name:ident => $case:literal),* $(,)?) => {$(
        #[test]
        fn $name() {
            insta::assert_snapshot!($case, refused($case));
        }
    )*};
}

refused_cases! {
    a_typo_in_a_site_id_suggests_the_site => "bad-site-id",
    a_missing_list_item_suggests_one => "bad-item-id",
    a_typo_under_wildcards_suggests_the_field => "bad-field",
    a_list_addressed_as_a_mapping_shows_how => "key-on-list",
    an_unclosed_bracket_points_at_it => "bad-syntax",
    an_unknown_operation_suggests_one => "unknown-op",
    shifting_a_number_is_refused => "shift-a-number",
    an_edit_cannot_make_mw_negative => "negative",
    an_edit_that_breaks_a_check_names_the_overlay => "breaks-plan",
}

#[test]
fn compare_snapshot() {
    let o = run(&[
        "compare",
        "tests/cases/lease-above-internal.yaml",
        "--relax",
        "--whatif",
        "tests/whatifs/toy-cheap-lease.yaml",
        "--whatif",
        "tests/whatifs/toy-more-power.yaml",
        "--whatif",
        "tests/whatifs/toy-cheap-lease.yaml,tests/whatifs/toy-more-power.yaml",
    ]);
    assert_ok(&o, "compare");
    insta::assert_snapshot!("compare-table", text(&o.stdout));
    let o = run(&[
        "compare",
        "tests/cases/lease-above-internal.yaml",
        "--relax",
        "--format",
        "csv",
        "--whatif",
        "tests/whatifs/toy-cheap-lease.yaml",
    ]);
    assert_ok(&o, "compare csv");
    insta::assert_snapshot!("compare-csv", text(&o.stdout));
    for f in ["md", "json"] {
        let o = run(&[
            "compare",
            "tests/cases/lease-above-internal.yaml",
            "--relax",
            "--format",
            f,
            "--whatif",
            "tests/whatifs/toy-cheap-lease.yaml",
        ]);
        assert_ok(&o, f);
    }
}

/// The base plan and the financed what-if of the compare test below.
const CMP_BASE: &str = "tests/cases/lease-above-internal.yaml";
const CMP_DEBT: &str = "tests/whatifs/toy-debt.yaml";

/// compare's capital, margin and equity lines, in every format, against the
/// what-if solved on its own: peak funding, the IRR with the fleet charged,
/// the segments' EBITDA margins over the horizon, and (financed only) the
/// equity's NPV and IRR, each with its delta against the base.
#[test]
fn compare_shows_capital_margins_and_the_equity_of_a_financed_what_if() {
    let dir = tempfile::tempdir().unwrap();
    let b = solved_plan_json(dir.path(), None, "base");
    let w = solved_plan_json(dir.path(), Some(CMP_DEBT), "debt");
    assert!(b["financing"].is_null() && !w["financing"].is_null());
    assert!(w["financing"]["equity_npv_usd"].as_f64().unwrap() > 0.0);

    check_compare_csv(&b, &w);
    check_compare_json(&b, &w);
    check_compare_tables();
    // Without financing in any column, no equity lines.
    let o = run(&[
        "compare",
        CMP_BASE,
        "--relax",
        "--whatif",
        "tests/whatifs/toy-cheap-lease.yaml",
    ]);
    assert!(!text(&o.stdout).contains("equity"), "{}", text(&o.stdout));
}

/// plan.json of [`CMP_BASE`] solved into `dir/name`, with `whatif` if given.
fn solved_plan_json(dir: &Path, whatif: Option<&str>, name: &str) -> serde_json::Value {
    let out = dir.join(name);
    let mut args = vec![
        "solve",
        CMP_BASE,
        "--relax",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ];
    if let Some(w) = whatif {
        args.extend(["--whatif", w]);
    }
    assert_ok(&run(&args), name);
    serde_json::from_slice(&std::fs::read(out.join("plan.json")).unwrap()).unwrap()
}

/// The EBITDA margin of segment `seg` over the horizon.
fn horizon_margin(p: &serde_json::Value, seg: &str) -> Option<f64> {
    let years = p["segments"]["years"].as_array().unwrap();
    let h = years.iter().find(|y| y["year"] == "horizon").unwrap();
    h[seg]["ebitda_margin"].as_f64()
}

/// The figures compare should show for plan `p`, keyed as in its CSV.
fn compare_figures(p: &serde_json::Value) -> Vec<(&'static str, Option<f64>)> {
    vec![
        ("irr_fleet_charged", p["capital"]["irr"].as_f64()),
        (
            "peak_funding_usd",
            p["capital"]["peak_funding_usd"].as_f64(),
        ),
        ("leasing_ebitda_margin", horizon_margin(p, "leasing")),
        ("internal_ebitda_margin", horizon_margin(p, "internal")),
        ("equity_npv_usd", p["financing"]["equity_npv_usd"].as_f64()),
        ("equity_irr", p["financing"]["equity_irr"].as_f64()),
    ]
}

/// `capplan compare` of [`CMP_BASE`] against [`CMP_DEBT`] in `format`: stdout.
fn compare_debt(format: &str) -> String {
    let o = run(&[
        "compare", CMP_BASE, "--relax", "--format", format, "--whatif", CMP_DEBT,
    ]);
    assert_ok(&o, format);
    text(&o.stdout)
}

/// CSV: the figures as plan.json has them, the delta where both have one.
fn check_compare_csv(b: &serde_json::Value, w: &serde_json::Value) {
    let csv = compare_debt("csv");
    for ((key, x), (_, y)) in compare_figures(b).into_iter().zip(compare_figures(w)) {
        let row = csv
            .lines()
            .find(|l| l.split(',').next() == Some(key))
            .unwrap_or_else(|| panic!("no {key} in\n{csv}"));
        let cells: Vec<Option<f64>> = row.split(',').skip(1).map(|c| c.parse().ok()).collect();
        let near = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * b.abs().max(1.0),
            (a, b) => a.is_none() && b.is_none(),
        };
        assert!(near(cells[0], x), "{key} base: {row}");
        assert!(near(cells[1], y), "{key} what-if: {row}");
        assert!(
            near(cells[2], x.zip(y).map(|(x, y)| y - x)),
            "{key} delta: {row}"
        );
    }
}

/// JSON: the same figures and deltas.
fn check_compare_json(b: &serde_json::Value, w: &serde_json::Value) {
    let json: serde_json::Value = serde_json::from_str(&compare_debt("json")).unwrap();
    let fig = &json["scenarios"][1]["figures"];
    let d = &json["deltas"][0];
    for (key, y) in compare_figures(w) {
        assert_eq!(
            fig[key].as_f64().map(|v| (v * 1e6).round()),
            y.map(|v| (v * 1e6).round()),
            "{key}"
        );
    }
    let peak = |p: &serde_json::Value| p["capital"]["peak_funding_usd"].as_f64().unwrap();
    assert_eq!(d["peak_funding_usd"].as_f64().unwrap(), peak(w) - peak(b));
    assert!(
        d["equity_irr"].is_null(),
        "no delta against an unfinanced base"
    );
}

/// The tables: every new line, labelled.
fn check_compare_tables() {
    for format in ["table", "md"] {
        let t = compare_debt(format);
        for label in [
            "IRR, fleet charged",
            "peak funding ($M)",
            "leasing EBITDA margin",
            "internal EBITDA margin",
            "equity NPV ($M)",
            "equity IRR",
        ] {
            assert!(t.contains(label), "{format}: no {label:?} in\n{t}");
        }
    }
}

/// 12 points: the lease price from $1.4 to $2.5 around the $2 internal value.
const TOY_SWEEP: [&str; 5] = [
    "sweep",
    "tests/cases/lease-above-internal.yaml",
    "--relax",
    "--vary",
    "market.lease[toy_air].tenors[1q].price_usd_per_gpu_hr=1.4:2.5:0.1",
];

fn sweep(extra: &[&str]) -> String {
    let mut args: Vec<&str> = TOY_SWEEP.to_vec();
    args.extend(extra);
    let o = run(&args);
    assert_ok(&o, &args.join(" "));
    text(&o.stdout)
}

#[test]
fn a_sweep_is_the_same_whatever_the_jobs() {
    let one = sweep(&["--jobs", "1"]);
    let two = sweep(&["--jobs", "2"]);
    assert_eq!(one, two);
    assert_eq!(one.lines().count(), 13, "{one}");
    let rows: Vec<&str> = one.lines().skip(1).collect();
    assert!(rows.iter().all(|r| r.contains(",optimal,")), "{one}");
    // Leasing wins above the $2 internal value, not below.
    assert!(
        rows[0].contains(",1.4,") && rows[0].contains(",0.000000,") || rows[0].contains(",0,"),
        "{}",
        rows[0]
    );
    let no_reuse = sweep(&["--jobs", "2", "--no-reuse"]);
    assert_eq!(no_reuse.lines().count(), 13);
}

#[test]
fn shards_merge_into_the_single_run_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let all = dir.path().join("all.csv");
    let all_s = all.to_str().unwrap();
    sweep(&["--out", all_s]);
    let mut shards = Vec::new();
    for i in 1..=3 {
        let p = dir.path().join(format!("shard-{i}.csv"));
        sweep(&["--shard", &format!("{i}/3"), "--out", p.to_str().unwrap()]);
        shards.push(p);
    }
    let merged = dir.path().join("merged.csv");
    // Shards in any order.
    let o = run(&[
        "merge",
        shards[2].to_str().unwrap(),
        shards[0].to_str().unwrap(),
        shards[1].to_str().unwrap(),
        "--out",
        merged.to_str().unwrap(),
    ]);
    assert_ok(&o, "merge");
    assert_eq!(
        std::fs::read(&all).unwrap(),
        std::fs::read(&merged).unwrap()
    );
    // A missing shard is named as missing points.
    let o = run(&[
        "merge",
        shards[0].to_str().unwrap(),
        shards[1].to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("missing"), "{}", text(&o.stderr));
    // Slurm's environment picks the shard.
    let env_out = dir.path().join("env.csv");
    let mut c = capplan();
    c.args(TOY_SWEEP).args(["--out", env_out.to_str().unwrap()]);
    c.env("SLURM_ARRAY_TASK_ID", "1")
        .env("SLURM_ARRAY_TASK_COUNT", "3")
        .env("SLURM_ARRAY_TASK_MIN", "0");
    assert_ok(&c.output().unwrap(), "slurm shard");
    assert_eq!(
        std::fs::read(&env_out).unwrap(),
        std::fs::read(&shards[1]).unwrap()
    );
}

#[test]
fn a_sweep_path_that_matches_nothing_is_refused() {
    let o = run(&[
        "sweep",
        "tests/cases/lease-above-internal.yaml",
        "--relax",
        "--vary",
        "market.lease[toy_ari].tenors[*].price_usd_per_gpu_hr=1,2",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("did you mean `toy_air`?"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn the_chart_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("f.svg");
    sweep(&["--chart", svg.to_str().unwrap()]);
    let s = std::fs::read_to_string(svg).unwrap();
    let doc = roxmltree::Document::parse(&s).expect("the chart is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    // Two series (leased share and NPV), each a polyline through every point.
    let lines: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .collect();
    assert_eq!(lines.len(), 2, "one line per series:\n{s}");
    // The sweep runs the price from 1.4 to 2.5 in steps of 0.1: 12 points.
    let ys = |l: &roxmltree::Node| -> Vec<f64> {
        l.attribute("points")
            .unwrap_or("")
            .split_whitespace()
            .map(|xy| xy.split(',').nth(1).unwrap().parse().unwrap())
            .collect()
    };
    for l in &lines {
        assert_eq!(ys(l).len(), 12, "a vertex per sweep point:\n{s}");
    }
    // A higher lease price never lowers the leased share (SVG y grows down).
    let share = ys(&lines[0]);
    assert!(share.windows(2).all(|w| w[1] <= w[0] + 1e-9), "{share:?}");
    assert!(
        share[11] < share[0],
        "leasing wins at the top of the range: {share:?}"
    );
    let text: String = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("leased share"),
        "series named in the legend: {text}"
    );
}
