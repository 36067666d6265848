//! plan.xlsx, the finance workbook, read back with calamine: the Summary's
//! metrics and every cash-flow row match plan.json; the NPV recomputed in this
//! test's own arithmetic from the cells (net × a discount factor from the rate
//! cell) matches plan.json's npv_usd; the NPV and the discount factors are
//! live formulas; the tables are there; `capplan report DIR` writes the same
//! bytes. Solved with clarabel and `--relax`, so it runs without HiGHS.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use common::{assert_ok, capplan};

/// colossus solved once (LP relaxation, clarabel); its output directory.
fn solved() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = OUT.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out");
        let o = capplan(&[
            "solve",
            "plans/colossus.yaml",
            "--solver",
            "clarabel",
            "--relax",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ]);
        assert_ok(&o, "solve");
        (dir, out)
    });
    out
}

fn plan_json(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("plan.json")).expect("plan.json"))
        .expect("plan.json is JSON")
}

fn workbook(dir: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(dir.join("plan.xlsx")).expect("plan.xlsx opens")
}

fn sheet(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Range<Data> {
    wb.worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

/// A cell's number (absolute position), or a panic naming it.
fn num(r: &Range<Data>, row: usize, col: usize) -> f64 {
    match r.get_value((row as u32, col as u32)) {
        Some(Data::Float(x)) => *x,
        Some(Data::Int(x)) => *x as f64,
        other => panic!("cell ({row}, {col}) is not a number: {other:?}"),
    }
}

fn text(r: &Range<Data>, row: usize, col: usize) -> String {
    match r.get_value((row as u32, col as u32)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("cell ({row}, {col}) is not text: {other:?}"),
    }
}

/// The row whose column A reads `label`.
fn row_of(r: &Range<Data>, label: &str) -> usize {
    let (h, _) = r.end().expect("a sheet with cells");
    (0..=h as usize)
        .find(|&row| matches!(r.get_value((row as u32, 0)), Some(Data::String(s)) if s == label))
        .unwrap_or_else(|| panic!("no row labelled {label:?}"))
}

fn close(a: f64, b: f64, rel: f64, what: &str) {
    let tol = rel * a.abs().max(b.abs()).max(1.0);
    assert!((a - b).abs() <= tol, "{what}: {a} vs {b}");
}

#[test]
fn summary_holds_the_metrics_of_plan_json() {
    let dir = solved();
    let plan = plan_json(dir);
    let mut wb = workbook(dir);
    let s = sheet(&mut wb, "Summary");
    let m = &plan["metrics"];
    let value = |label: &str| num(&s, row_of(&s, label), 1);
    for (label, key) in [
        ("NPV", "npv_usd"),
        ("Capex", "capex_usd"),
        ("Lease revenue", "lease_revenue_usd"),
        ("Internal value", "internal_value_usd"),
        ("Opex", "opex_usd"),
        ("Residual value", "residual_value_usd"),
        ("Unmet demand penalty", "unmet_demand_penalty_usd"),
        ("Leased share", "leased_share"),
        ("Internal value weight", "internal_value_weight"),
        ("GPUs at end", "gpus_end"),
        ("GPUs leased at end", "gpus_leased_end"),
        ("GPUs internal at end", "gpus_internal_end"),
    ] {
        close(value(label), m[key].as_f64().unwrap(), 1e-12, label);
    }
    match m["irr"].as_f64() {
        Some(irr) => close(value("IRR per year"), irr, 1e-12, "IRR"),
        None => assert_eq!(text(&s, row_of(&s, "IRR per year"), 1), "undefined"),
    }
    assert_eq!(
        text(&s, row_of(&s, "Scenario"), 1),
        plan["scenario"].as_str().unwrap()
    );
    assert_eq!(
        text(&s, row_of(&s, "Solver status"), 1),
        plan["solver"]["status"].as_str().unwrap()
    );
    close(
        value("Objective"),
        plan["solver"]["objective_usd"].as_f64().unwrap(),
        1e-12,
        "objective",
    );
    // The Summary's NPV follows the Cash flows sheet.
    let f = wb.worksheet_formula("Summary").expect("formulas");
    let npv_f = f
        .get_value((row_of(&s, "NPV") as u32, 1))
        .expect("NPV formula");
    assert!(npv_f.contains("Cash flows"), "Summary NPV: {npv_f}");
}

#[test]
fn cash_flows_match_plan_json_and_the_npv_follows_from_the_rate_cell() {
    let dir = solved();
    let plan = plan_json(dir);
    let mut wb = workbook(dir);
    let s = sheet(&mut wb, "Cash flows");
    let f = wb.worksheet_formula("Cash flows").expect("formulas");

    let rate_year = num(&s, row_of(&s, "Discount rate per year"), 1);
    let ppy = num(&s, row_of(&s, "Periods per year"), 1);
    let weight = num(&s, row_of(&s, "Internal value weight"), 1);
    close(
        weight,
        plan["metrics"]["internal_value_weight"].as_f64().unwrap(),
        0.0,
        "weight",
    );
    // This test's own arithmetic: the per-period rate from the annual one.
    let r = (1.0 + rate_year).powf(1.0 / ppy) - 1.0;

    let header = row_of(&s, "Period");
    let cols: Vec<String> = (0..16).map(|c| text(&s, header, c)).collect();
    let col = |name: &str| {
        cols.iter()
            .position(|c| c.starts_with(name))
            .unwrap_or_else(|| panic!("no column {name:?} in {cols:?}"))
    };
    let categories = [
        ("Hardware capex", "capex_hardware_usd"),
        ("Hall capex", "capex_halls_usd"),
        ("Power capex", "capex_power_usd"),
        ("Site capex", "capex_sites_usd"),
        ("Lease revenue", "lease_revenue_usd"),
        ("Sales cost", "sales_cost_usd"),
        ("Internal value", "internal_value_usd"),
        ("Energy", "energy_usd"),
        ("Maintenance", "maintenance_usd"),
        ("Salvage", "salvage_usd"),
        ("Residual value", "residual_usd"),
    ];
    let flows = plan["cash_flows"].as_array().expect("cash_flows");
    assert!(!flows.is_empty());
    let mut npv = 0.0;
    for (t, cf) in flows.iter().enumerate() {
        let row = header + 1 + t;
        assert_eq!(text(&s, row, 0), cf["period"].as_str().unwrap());
        let mut net = 0.0;
        for (name, key) in categories {
            let x = num(&s, row, col(name));
            assert_eq!(x, cf[key].as_f64().unwrap(), "{} {name}", cf["period"]);
            net += if name == "Internal value" {
                weight * x
            } else {
                x
            };
        }
        close(net, cf["net_usd"].as_f64().unwrap(), 1e-9, "net");
        let factor = (1.0 + r).powi(-(t as i32 + 1));
        close(
            factor,
            cf["discount_factor"].as_f64().unwrap(),
            1e-12,
            "discount factor",
        );
        npv += net * factor;
        // The net, the factor and the discounted net are formulas of the cells.
        for c in ["Net", "Discount factor", "Discounted net"] {
            let formula = f
                .get_value((row as u32, col(c) as u32))
                .unwrap_or_else(|| panic!("{c} in row {row} has no formula"));
            assert!(!formula.is_empty(), "{c} in row {row} has no formula");
        }
        // Their stored results agree with plan.json too.
        close(
            num(&s, row, col("Discounted net")),
            cf["discounted_usd"].as_f64().unwrap(),
            1e-9,
            "discounted net",
        );
    }
    let npv_usd = plan["metrics"]["npv_usd"].as_f64().unwrap();
    close(npv, npv_usd, 1e-6, "NPV recomputed from the cells");
    let npv_row = row_of(&s, "NPV");
    close(num(&s, npv_row, 1), npv_usd, 1e-6, "NPV cell");
    let npv_f = f.get_value((npv_row as u32, 1)).expect("NPV formula");
    assert!(
        npv_f.to_uppercase().contains("SUMPRODUCT"),
        "NPV is not a live formula: {npv_f}"
    );
    let rate_f = f
        .get_value((row_of(&s, "Discount rate per period") as u32, 1))
        .expect("rate per period is a formula");
    assert!(rate_f.contains("$B$"), "{rate_f}");
}

#[test]
fn tables_hold_the_plan_and_shadow_prices_are_there() {
    let dir = solved();
    let plan = plan_json(dir);
    let mut wb = workbook(dir);
    wb.load_tables().expect("tables");
    let names: Vec<String> = wb.table_names().into_iter().cloned().collect();
    for (sheet_name, table, key) in [
        ("Deployments", "Deployments", "deliveries"),
        ("Leases", "Leases", "leases"),
        ("Halls", "Halls", "halls"),
        ("Power builds", "PowerBuilds", "power_builds"),
    ] {
        let n = plan[key].as_array().unwrap().len();
        assert!(n > 0, "colossus has {key}");
        assert!(names.contains(&table.to_string()), "no table {table}");
        let t = wb.table_by_name(table).expect("table");
        assert_eq!(t.sheet_name(), sheet_name);
        assert_eq!(t.data().height(), n, "{table} rows");
    }
    let d = wb.table_by_name("Deployments").unwrap();
    let first = &plan["deliveries"][0];
    let row: Vec<&Data> = d.data().rows().next().unwrap().iter().collect();
    assert_eq!(
        row[0],
        &Data::String(first["site"].as_str().unwrap().into())
    );
    assert_eq!(row[3], &Data::Float(first["units"].as_f64().unwrap()));

    let sp = sheet(&mut wb, "Shadow prices");
    let priced: usize = [
        "power",
        "supply",
        "halls",
        "budget",
        "market_depth",
        "demand_floor",
        "training_runs",
    ]
    .iter()
    .map(|k| plan["shadow_prices"][k].as_array().map_or(0, |a| a.len()))
    .sum();
    let header = row_of(&sp, "Limit");
    let (end, _) = sp.end().unwrap();
    assert_eq!(end as usize - header, priced.max(1), "shadow price rows");
}

#[test]
fn report_dir_writes_the_same_workbook() {
    let out = solved();
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(out.join("plan.json"), dir.path().join("plan.json")).unwrap();
    let o = capplan(&["report", dir.path().to_str().unwrap(), "--quiet"]);
    assert_ok(&o, "report");
    let solved = std::fs::read(out.join("plan.xlsx")).unwrap();
    let redrawn = std::fs::read(dir.path().join("plan.xlsx")).expect("report wrote plan.xlsx");
    assert!(solved == redrawn, "plan.xlsx differs from what solve wrote");
}

/// `args` run with clarabel and `--relax` into a fresh temporary
/// directory (removed when the first value is dropped); the directory.
fn solved_case(args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("out");
    let mut all: Vec<&str> = args.to_vec();
    let out = dir.to_str().unwrap().to_string();
    all.extend(["--solver", "clarabel", "--relax", "--out", &out, "--quiet"]);
    let o = capplan(&all);
    assert_ok(&o, &all.join(" "));
    (tmp, dir)
}

fn sheet_names(dir: &Path) -> Vec<String> {
    workbook(dir).sheet_names().to_vec()
}

/// A number or the text standing for none, as plan.json has it.
fn num_or_text(r: &Range<Data>, row: usize, v: &serde_json::Value, what: &str) {
    match v.as_f64() {
        Some(x) => close(num(r, row, 1), x, 1e-9, what),
        None => assert!(
            matches!(r.get_value((row as u32, 1)), Some(Data::String(_))),
            "{what}: plan.json has none, the cell is not text"
        ),
    }
}

#[test]
fn summary_holds_the_capital_lines_of_plan_json() {
    let dir = solved();
    let plan = plan_json(dir);
    let mut wb = workbook(dir);
    let s = sheet(&mut wb, "Summary");
    let c = &plan["capital"];
    let row = |label: &str| row_of(&s, label);
    close(
        num(&s, row("Peak funding"), 1),
        c["peak_funding_usd"].as_f64().unwrap(),
        1e-12,
        "peak funding",
    );
    assert_eq!(
        text(&s, row("Peak funding period"), 1),
        c["peak_funding_period"]
            .as_str()
            .unwrap_or("never below zero")
    );
    assert_eq!(
        text(&s, row("Payback period"), 1),
        c["payback_period"]
            .as_str()
            .unwrap_or("not within the horizon")
    );
    close(
        num(&s, row("Opening fleet value"), 1),
        c["opening_fleet_value_usd"].as_f64().unwrap(),
        1e-12,
        "opening fleet",
    );
    assert_eq!(
        text(&s, row("Opening fleet value basis"), 1),
        c["opening_fleet_value_basis"].as_str().unwrap()
    );
    // colossus has an installed fleet: its plain IRR is undefined, the one
    // with the fleet charged is not.
    assert!(c["opening_fleet_value_usd"].as_f64().unwrap() > 0.0);
    num_or_text(&s, row("IRR per year, fleet charged"), &c["irr"], "IRR");
    // Not financed, no set, no band: none of their sheets or lines.
    for absent in ["Financing", "Scenario set", "Identity band"] {
        assert!(!sheet_names(dir).iter().any(|n| n == absent), "{absent}");
    }
    let (h, _) = s.end().unwrap();
    assert!(
        !(0..=h).any(|r| matches!(s.get_value((r, 0)), Some(Data::String(x)) if x == "Equity NPV"))
    );
}

/// tests/cases/financed-coverage.yaml: 2,500,000 drawn in 2026Q1, repaid
/// over three quarters, the coverage row binding at 1.2.
fn financed() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &OUT.get_or_init(|| solved_case(&["solve", "tests/cases/financed-coverage.yaml"]))
        .1
}

type Book = Xlsx<std::io::BufReader<std::fs::File>>;

#[test]
fn financing_sheet_matches_plan_json_and_its_equity_npv_follows_the_rate() {
    let dir = financed();
    let plan = plan_json(dir);
    let fin = &plan["financing"];
    let mut wb = workbook(dir);
    let s = sheet(&mut wb, "Financing");
    let f = wb.worksheet_formula("Financing").expect("formulas");
    let npv = check_financing_periods(&mut wb, &s, &f, fin);
    check_equity_npv(&s, &f, fin, npv);
    check_financing_years(&s, fin);
    check_financing_summary(&mut wb, fin);
}

/// The column of the Financing sheet's period table headed `name`.
fn financing_col(s: &Range<Data>, name: &str) -> usize {
    let header = row_of(s, "Period");
    (0..10)
        .position(|c| text(s, header, c) == name)
        .unwrap_or_else(|| panic!("{name}"))
}

/// Every period row of the Financing sheet against plan.json; returns the
/// equity NPV worked out here from the cells and the Cash flows factors.
fn check_financing_periods(
    wb: &mut Book,
    s: &Range<Data>,
    f: &Range<String>,
    fin: &serde_json::Value,
) -> f64 {
    let header = row_of(s, "Period");
    let col = |name: &str| financing_col(s, name);
    let periods = fin["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 4);
    // Cash flows' factors, for this test's own equity NPV.
    let cf = sheet(wb, "Cash flows");
    let cf_header = row_of(&cf, "Period");
    let factor_col = (0..16)
        .find(|&c| text(&cf, cf_header, c) == "Discount factor")
        .unwrap();
    let mut npv = 0.0;
    for (t, p) in periods.iter().enumerate() {
        let row = header + 1 + t;
        assert_eq!(text(s, row, 0), p["period"].as_str().unwrap());
        for (name, key) in [
            ("Debt drawn", "draw_usd"),
            ("Interest", "interest_usd"),
            ("Principal", "principal_usd"),
            ("Tax", "tax_usd"),
        ] {
            assert_eq!(
                num(s, row, col(name)),
                p[key].as_f64().unwrap(),
                "{name} {t}"
            );
        }
        // Formulas of the cells, whose results agree with plan.json to the cent.
        for (name, key) in [
            ("Debt outstanding", "debt_outstanding_usd"),
            ("Equity cash", "equity_cash_usd"),
        ] {
            let got = num(s, row, col(name));
            let want = p[key].as_f64().unwrap();
            assert!((got - want).abs() <= 0.05, "{name} {t}: {got} vs {want}");
            assert!(
                f.get_value((row as u32, col(name) as u32))
                    .is_some_and(|x| !x.is_empty()),
                "{name} is a formula"
            );
        }
        npv += num(s, row, col("Equity cash")) * num(&cf, cf_header + 1 + t, factor_col);
    }
    npv
}

/// The sheet's equity NPV, a SUMPRODUCT formula, is plan.json's and the one
/// worked out from the cells (`npv`); its factors are linked to Cash flows.
fn check_equity_npv(s: &Range<Data>, f: &Range<String>, fin: &serde_json::Value, npv: f64) {
    let npv_row = row_of(s, "Equity NPV");
    close(
        num(s, npv_row, 1),
        fin["equity_npv_usd"].as_f64().unwrap(),
        1e-8,
        "equity NPV",
    );
    close(
        npv,
        fin["equity_npv_usd"].as_f64().unwrap(),
        1e-8,
        "equity NPV from the cells",
    );
    let npv_f = f
        .get_value((npv_row as u32, 1))
        .expect("equity NPV formula");
    assert!(npv_f.to_uppercase().contains("SUMPRODUCT"), "{npv_f}");
    // The factors are linked to Cash flows, so they follow its rate cell.
    let factor_f = f
        .get_value((
            (row_of(s, "Period") + 1) as u32,
            financing_col(s, "Discount factor (from Cash flows)") as u32,
        ))
        .unwrap();
    assert!(factor_f.contains("Cash flows"), "{factor_f}");
}

/// Per year: service, covered revenue, coverage; the first year's binds.
fn check_financing_years(s: &Range<Data>, fin: &serde_json::Value) {
    let years = fin["years"].as_array().unwrap();
    let yh = row_of(s, "Year");
    for (i, y) in years.iter().enumerate() {
        let row = yh + 1 + i;
        assert_eq!(text(s, row, 0), y["year"].as_str().unwrap());
        assert_eq!(num(s, row, 1), y["debt_service_usd"].as_f64().unwrap());
        assert_eq!(num(s, row, 2), y["covered_revenue_usd"].as_f64().unwrap());
        close(
            num(s, row, 3),
            y["coverage"].as_f64().unwrap(),
            1e-6,
            "coverage",
        );
    }
    // The binding coverage row: covered revenue is 1.2 × the service.
    close(
        years[0]["coverage"].as_f64().unwrap(),
        1.2,
        1e-6,
        "coverage binds",
    );
}

/// The financing lines of the Summary sheet against plan.json.
fn check_financing_summary(wb: &mut Book, fin: &serde_json::Value) {
    let sum = sheet(wb, "Summary");
    let periods = fin["periods"].as_array().unwrap();
    let drawn: f64 = periods
        .iter()
        .map(|p| p["draw_usd"].as_f64().unwrap())
        .sum();
    assert_eq!(drawn, 2_500_000.0);
    close(
        num(&sum, row_of(&sum, "Debt drawn"), 1),
        drawn,
        1e-12,
        "debt drawn",
    );
    close(
        num(&sum, row_of(&sum, "Equity NPV"), 1),
        fin["equity_npv_usd"].as_f64().unwrap(),
        1e-8,
        "summary equity NPV",
    );
    num_or_text(
        &sum,
        row_of(&sum, "Equity IRR per year"),
        &fin["equity_irr"],
        "equity IRR",
    );
    // Stored from plan.json: $1,628,866.59 in 2026Q1 (tests/financing.rs).
    close(
        num(&sum, row_of(&sum, "Equity peak funding"), 1),
        1_628_866.59,
        1e-12,
        "equity peak funding",
    );
    assert_eq!(
        text(&sum, row_of(&sum, "Equity peak funding period"), 1),
        "2026Q1"
    );
    assert_eq!(
        text(&sum, row_of(&sum, "Equity payback period"), 1),
        "not within the horizon"
    );
    close(
        num(&sum, row_of(&sum, "Minimum coverage"), 1),
        1.2,
        1e-6,
        "min coverage",
    );
    assert_eq!(text(&sum, row_of(&sum, "Minimum coverage year"), 1), "2026");
}

#[test]
fn scenario_set_sheet_matches_plan_json() {
    let (_tmp, dir) = solved_case(&[
        "solve",
        "tests/cases/scenario-sets/flex-or-commit.yaml",
        "--scenarios",
        "tests/cases/scenario-sets/flex-or-commit.set.yaml",
    ]);
    let plan = plan_json(&dir);
    let set = &plan["scenario_set"];
    let mut wb = workbook(&dir);
    let s = sheet(&mut wb, "Scenario set");
    let f = wb.worksheet_formula("Scenario set").expect("formulas");
    let header = row_of(&s, "Branch");
    let branches = set["branches"].as_array().unwrap();
    assert_eq!(branches.len(), 2);
    for (i, b) in branches.iter().enumerate() {
        let row = header + 1 + i;
        assert_eq!(text(&s, row, 0), b["name"].as_str().unwrap());
        assert_eq!(num(&s, row, 1), b["probability"].as_f64().unwrap());
        assert_eq!(num(&s, row, 3), b["metrics"]["npv_usd"].as_f64().unwrap());
        assert_eq!(num(&s, row, 4), b["objective_usd"].as_f64().unwrap());
        assert_eq!(
            num(&s, row, 5),
            b["metrics"]["leased_share"].as_f64().unwrap()
        );
    }
    for (label, key) in [
        ("Expected NPV", "expected_npv_usd"),
        ("Expected objective", "expected_objective_usd"),
        ("CVaR90 of NPV", "cvar_npv_usd"),
        ("Wait-and-see objective", "wait_and_see_objective_usd"),
        ("EVPI", "evpi_usd"),
    ] {
        close(
            num(&s, row_of(&s, label), 1),
            set[key].as_f64().unwrap(),
            1e-9,
            label,
        );
    }
    close(
        num(&s, row_of(&s, "VSS"), 1),
        set["vss"]["vss_usd"].as_f64().unwrap(),
        1e-9,
        "VSS",
    );
    for live in ["Expected NPV", "EVPI"] {
        let x = f.get_value((row_of(&s, live) as u32, 1)).expect("formula");
        assert!(!x.is_empty(), "{live} is a live formula");
    }
}

#[test]
fn identity_band_sheet_matches_band_json() {
    let (_tmp, dir) = solved_case(&["alternatives", "tests/cases/two-equal-sites.yaml"]);
    let optimum = dir.join("optimum");
    let band: serde_json::Value =
        serde_json::from_slice(&std::fs::read(optimum.join("band.json")).unwrap()).unwrap();
    let mut wb = workbook(&optimum);
    let s = sheet(&mut wb, "Identity band");
    let header = row_of(&s, "Metric");
    let rows = band["band"].as_array().unwrap();
    assert!(rows.len() >= 4);
    for (i, b) in rows.iter().enumerate() {
        let row = header + 1 + i;
        assert_eq!(text(&s, row, 0), b["label"].as_str().unwrap());
        assert_eq!(num(&s, row, 2), b["min"].as_f64().unwrap());
        assert_eq!(num(&s, row, 3), b["optimum"].as_f64().unwrap());
        assert_eq!(num(&s, row, 4), b["max"].as_f64().unwrap());
        assert_eq!(text(&s, row, 5), b["min_plan"].as_str().unwrap());
        // An LP: every extreme proven optimal, and the sheet says so.
        assert_eq!(text(&s, row, 6), "optimal");
        assert_eq!(text(&s, row, 8), "optimal");
    }
    let plans = band["plans"].as_array().unwrap();
    let ph = row_of(&s, "Plan");
    for (i, p) in plans.iter().enumerate() {
        assert_eq!(text(&s, ph + 1 + i, 0), p["name"].as_str().unwrap());
        assert_eq!(num(&s, ph + 1 + i, 3), p["npv_usd"].as_f64().unwrap());
    }
    // Without band.json beside it (a plain solve), no such sheet.
    let (_tmp, plain) = solved_case(&["solve", "tests/cases/two-equal-sites.yaml"]);
    assert!(!sheet_names(&plain).iter().any(|n| n == "Identity band"));
}
