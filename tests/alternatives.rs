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
        jobs: 1,
    };
    let ex = explore(&sc, &opts, &o, &|_| {}).unwrap_or_else(|e| panic!("{name}: {e}"));
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

// ---- `sweep --band`: the identity band at every point of a sweep ----

/// The capex budget of two-equal-sites from $3M to $5M: 30, 40 and 50 nodes.
fn band_sweep(dir: &Path, file: &str, extra: &[&str]) -> String {
    let out = dir.join(file);
    let plan = case("two-equal-sites");
    let mut args = vec![
        "capplan",
        "sweep",
        plan.to_str().unwrap(),
        "--vary",
        "finance.cumulative_capex_usd=3000000:5000000:1000000",
        "--band",
        "capex,gpus_at,leased_share",
        "--band",
        "peak_mw",
        "--slack",
        "0.05",
        "--jobs",
        "1",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    capplan::cli::run(args).expect("the sweep runs");
    std::fs::read_to_string(out).unwrap()
}

fn records(csv_text: &str) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let h = r.headers().unwrap().clone();
    (h, r.records().map(Result::unwrap).collect())
}

fn cell(h: &csv::StringRecord, r: &csv::StringRecord, col: &str) -> f64 {
    let i = h
        .iter()
        .position(|c| c == col)
        .unwrap_or_else(|| panic!("no column {col}"));
    r[i].parse()
        .unwrap_or_else(|_| panic!("{col}: `{}` is not a number", &r[i]))
}

#[test]
fn a_banded_sweep_has_the_band_of_every_point() {
    let dir = tempfile::tempdir().unwrap();
    let text = band_sweep(dir.path(), "s.csv", &[]);
    let (h, rows) = records(&text);
    let metrics = [
        "capex",
        "gpus_at_dry",
        "gpus_at_wet",
        "leased_share",
        "peak_mw",
    ];
    assert_eq!(rows.len(), 3, "{text}");
    assert_eq!(h.get(h.len() - 1), Some("note"), "the note stays last");
    for r in &rows {
        assert_eq!(&r[3], "optimal", "{text}");
        for m in metrics {
            let (o, lo, hi) = (
                cell(&h, r, &format!("{m}_optimum")),
                cell(&h, r, &format!("{m}_min")),
                cell(&h, r, &format!("{m}_max")),
            );
            assert!(lo <= o + 1e-9 && o <= hi + 1e-9, "{m}: {lo} ≤ {o} ≤ {hi}");
        }
        // The band's optimum is the row's own plan.
        assert_eq!(cell(&h, r, "capex_optimum"), cell(&h, r, "capex_usd"));
        assert_eq!(
            cell(&h, r, "leased_share_optimum"),
            cell(&h, r, "leased_share")
        );
    }
    // By hand (tests/cases/two-equal-sites.yaml): a budget of n nodes
    // ($100k each) buys n; within 5% the plan may own ⌈0.95 n⌉ whole nodes,
    // all at either site: capex $2.9M, $3.8M, $4.8M at the least; the
    // GPUs at dry run from 0 to 8 n.
    for (r, (n, least)) in rows.iter().zip([(30.0, 29.0), (40.0, 38.0), (50.0, 48.0)]) {
        assert_eq!(cell(&h, r, "capex_min"), least * 100_000.0, "{text}");
        assert_eq!(cell(&h, r, "capex_max"), n * 100_000.0, "{text}");
        assert_eq!(cell(&h, r, "gpus_at_dry_min"), 0.0, "{text}");
        assert_eq!(cell(&h, r, "gpus_at_dry_max"), 8.0 * n, "{text}");
        assert_eq!(cell(&h, r, "leased_share_min"), 0.95, "{text}");
    }
    // The $5M point is the plan `alternatives` explores: the same band.
    let last = &rows[2];
    assert_eq!(cell(&h, last, "peak_mw_min"), 0.48);
    assert_eq!(cell(&h, last, "peak_mw_max"), 0.5);
}

#[test]
fn a_banded_sweep_shades_the_band_on_its_chart() {
    let dir = tempfile::tempdir().unwrap();
    let svg_path = dir.path().join("f.svg");
    band_sweep(
        dir.path(),
        "s.csv",
        &["--chart", svg_path.to_str().unwrap()],
    );
    let s = std::fs::read_to_string(&svg_path).unwrap();
    let doc = roxmltree::Document::parse(&s).expect("well-formed SVG");
    let bands: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("polygon") && n.attribute("class") == Some("band"))
        .collect();
    // The leased share's in the top panel; capex, the two sites' GPUs and
    // the peak in panels of their own.
    assert_eq!(bands.len(), 5, "{s}");
    for b in &bands {
        let vertices = b.attribute("points").unwrap().split_whitespace().count();
        assert_eq!(vertices, 6, "the most at 3 points, then the least back");
    }
    let lines = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .count();
    assert_eq!(
        lines,
        2 + 4,
        "leased share, NPV, and a line per other metric"
    );
    assert!(s.contains("within 5.0% of each point"), "{s}");
}

#[test]
fn a_banded_sweep_merges_from_shards_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let all = band_sweep(dir.path(), "all.csv", &[]);
    let mut shards = Vec::new();
    for i in 1..=2 {
        let name = format!("shard-{i}.csv");
        band_sweep(dir.path(), &name, &["--shard", &format!("{i}/2")]);
        shards.push(dir.path().join(name));
    }
    let merged = dir.path().join("merged.csv");
    capplan::cli::run([
        "capplan",
        "merge",
        shards[1].to_str().unwrap(),
        shards[0].to_str().unwrap(),
        "--out",
        merged.to_str().unwrap(),
    ])
    .expect("merge");
    assert_eq!(all, std::fs::read_to_string(merged).unwrap());
}

#[test]
fn an_unknown_band_metric_is_refused() {
    let plan = case("two-equal-sites");
    let e = capplan::cli::run([
        "capplan",
        "sweep",
        plan.to_str().unwrap(),
        "--vary",
        "finance.cumulative_capex_usd=3000000,4000000",
        "--band",
        "gpus_at_moon",
        "--quiet",
    ])
    .expect_err("no such metric");
    assert_eq!(e.exit_code(), 2, "{e}");
    assert!(e.to_string().contains("--band gpus_at_moon"), "{e}");
}

// ---- The band in the optimum's report, and `--jobs` ----

fn alternatives(dir: &Path, jobs: &str) {
    let plan = case("two-equal-sites");
    capplan::cli::run([
        "capplan",
        "alternatives",
        plan.to_str().unwrap(),
        "--slack",
        "0.05",
        "--count",
        "1",
        "--jobs",
        jobs,
        "--quiet",
        "--out",
        dir.to_str().unwrap(),
    ])
    .expect("alternatives runs");
}

#[test]
fn the_optimum_report_shows_the_band_and_report_redraws_it() {
    let dir = tempfile::tempdir().unwrap();
    alternatives(dir.path(), "1");
    let opt = dir.path().join("optimum");
    assert_eq!(
        std::fs::read(opt.join("band.json")).unwrap(),
        std::fs::read(dir.path().join("band.json")).unwrap(),
        "band.json next to the optimum's plan.json is the same file"
    );
    let html = std::fs::read_to_string(opt.join("report.html")).unwrap();
    let section = html
        .split("<section id=\"identity-band\">")
        .nth(1)
        .expect("an Identity band section")
        .split("</section>")
        .next()
        .unwrap();
    // One row per metric (8 in two-equal-sites), the hand-case capex range.
    assert_eq!(section.matches("<tr>").count(), 1 + 8, "{section}");
    assert!(
        section.contains("<td class=\"num\">$4.8M</td>"),
        "{section}"
    );
    assert!(section.contains("<svg"), "the band chart inline");
    let md = std::fs::read_to_string(opt.join("report.md")).unwrap();
    assert!(md.contains("## Identity band") && md.contains("charts/band.svg"));
    assert!(opt.join("charts/band.svg").is_file());
    // A plan without band.json has no such section.
    let plain = dir.path().join("alternatives/capex-min/report.html");
    assert!(!std::fs::read_to_string(plain)
        .unwrap()
        .contains("identity-band"));
    // Nor a plan whose directory holds another optimum's band.json.
    let other = dir.path().join("alternatives/capex-min");
    std::fs::copy(opt.join("band.json"), other.join("band.json")).unwrap();
    capplan::cli::run(["capplan", "report", other.to_str().unwrap(), "--quiet"]).expect("report");
    let html = std::fs::read_to_string(other.join("report.html")).unwrap();
    assert!(
        !html.contains("identity-band"),
        "a stale band.json is not shown"
    );
    // `capplan report` redraws it, elsewhere, from what is on disk.
    let again = dir.path().join("again");
    capplan::cli::run([
        "capplan",
        "report",
        opt.to_str().unwrap(),
        "--out",
        again.to_str().unwrap(),
        "--quiet",
    ])
    .expect("report runs");
    for f in ["report.html", "report.md", "charts/band.svg"] {
        assert_eq!(
            std::fs::read(opt.join(f)).unwrap(),
            std::fs::read(again.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn the_band_is_the_same_whatever_the_jobs() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    alternatives(one.path(), "1");
    alternatives(two.path(), "2");
    for f in [
        "band.json",
        "band.csv",
        "band.svg",
        "alternatives.txt",
        "optimum/report.html",
        "alternatives/peak_mw-max/plan.json",
        "alternatives/distinct-1/plan.json",
    ] {
        assert_eq!(
            std::fs::read(one.path().join(f)).unwrap(),
            std::fs::read(two.path().join(f)).unwrap(),
            "{f}"
        );
    }
}

/// Solved to a loose `--mip-gap` (30%), HiGHS calls a solve optimal at a gap
/// of a few percent: each extreme whose own solve (`<metric>-min`/`-max`)
/// ended above 0.01% must say so in the terminal, report.md and plan.xlsx's
/// band sheet; a proven one must not.
#[test]
fn extremes_found_at_a_gap_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("alt");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_capplan"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "alternatives",
            "tests/cases/two-equal-sites.yaml",
            "--mip-gap",
            "0.3",
        ])
        .args(["--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let term = String::from_utf8(o.stdout).unwrap();
    let band: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("band.json")).unwrap()).unwrap();
    let md = std::fs::read_to_string(out.join("optimum/report.md")).unwrap();
    let plans = band["plans"].as_array().unwrap();
    let short = |name: &str| {
        plans.iter().find(|p| p["name"] == name).is_some_and(|p| {
            p["status"] != "optimal" || p["mip_gap"].as_f64().is_none_or(|g| g > 1e-4)
        })
    };
    let mut flagged = 0;
    for b in band["band"].as_array().unwrap() {
        let (metric, label) = (b["metric"].as_str().unwrap(), b["label"].as_str().unwrap());
        let line = term
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no line for {label} in\n{term}"));
        for (sense, word) in [("min", "least"), ("max", "most")] {
            let sought = format!("{metric}-{sense}");
            let said = line.contains(&format!("{word} found at"));
            assert_eq!(said, short(&sought), "{sought}: {line}");
            flagged += usize::from(said);
            let md_says = md.contains(&format!("{} found at", sought.replace('_', "\\_")))
                || md.contains(&format!("{} (found at", sought.replace('_', "\\_")));
            assert_eq!(md_says, short(&sought), "{sought} in report.md");
        }
    }
    // The case exercises the rule: HiGHS stops some extremes at a gap.
    assert!(
        flagged > 0,
        "no extreme at a gap; the test would prove nothing:\n{term}"
    );
}
