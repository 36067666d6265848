//! The identity band in a report: when DIR/band.json sits next to plan.json
//! (`capplan alternatives` writes it beside the optimum's plan), report.html
//! and report.md gain an "Identity band" section — a sentence, a table of
//! each metric's least, optimum and most within the slack, and the band
//! chart (charts/band.svg). Drawn from band.json alone, so `capplan report
//! DIR` redraws the same bytes.

use std::fmt::Write;

use super::charts::band::{band_svg, BandBar};
use super::charts::svg::esc;
use crate::doc::band::{BandDoc, BandRow};
use crate::units::{count, fixed, money, mw_unit, pct};

/// The chart's file, relative to the report.
pub const BAND_SVG: &str = "charts/band.svg";

/// A band value as people read it: `31.0%`, `$4.2B`, `180,000`, `605 MW`.
pub fn show(unit: &str, x: f64) -> String {
    match unit {
        "share" => pct(x),
        "usd" => money(x),
        "mw" => mw_unit(x),
        "sites" if (x - x.round()).abs() >= 1e-6 => fixed(x, 2),
        _ => count(x),
    }
}

/// band.svg: a bar per metric from its least to its most, the optimum a tick.
pub fn band_chart(doc: &BandDoc) -> String {
    let bars: Vec<BandBar> = doc
        .band
        .iter()
        .map(|b| BandBar {
            label: b.label.clone(),
            min: b.min,
            max: b.max,
            optimum: b.optimum,
            min_text: show(&b.unit, b.min),
            max_text: show(&b.unit, b.max),
            optimum_text: show(&b.unit, b.optimum),
        })
        .collect();
    band_svg(
        &format!("{}: the identity band", doc.plan),
        &format!(
            "plans with NPV within {} of the best ({}); bars: least to most of each metric, tick: the optimum",
            pct(doc.slack),
            money(doc.best_npv_usd)
        ),
        &bars,
    )
}

/// What the band is over: "27 plans whose objective … is within 2.0% of
/// the best ($12.69B; NPV $12.85B), every one at least $12.44B; 54 solves."
fn lede(doc: &BandDoc) -> String {
    format!(
        "How much room there is: {} plans{} whose objective (the NPV less the unmet-demand penalty) is within {} of the best ({}; its NPV {}), every one at least {}, from {} solves. Where a metric's range is wide, its value is a choice rather than an economic necessity.",
        doc.plans.len(),
        if doc.relaxed { " of the LP relaxation" } else { "" },
        pct(doc.slack),
        money(doc.best_objective_usd),
        money(doc.best_npv_usd),
        money(doc.floor_usd),
        doc.solves
    )
}

/// The relative MIP gap within which a solve counts as proven: HiGHS's
/// default `mip_rel_gap`.
pub const PROVEN_GAP: f64 = 1e-4;

/// How a plan of the exploration was found, when not proven optimal:
/// `at a 1.2% gap` (stopped short, or solved to a `--mip-gap` looser than
/// [`PROVEN_GAP`]), or `before a proof (gap unknown)`; `None` when proven.
/// The terminal, the report and the workbook say it beside each extreme.
pub fn found_at(status: &str, mip_gap: Option<f64>) -> Option<String> {
    // An LP (no gap) or a MILP within HiGHS's default tolerance is proven;
    // one solved to a looser `--mip-gap` is not, though HiGHS calls it optimal.
    if status == "optimal" && mip_gap.is_none_or(|g| g <= PROVEN_GAP) {
        return None;
    }
    Some(match mip_gap {
        Some(g) => format!("at a {} gap", pct(g)),
        None => "before a proof (gap unknown)".into(),
    })
}

/// Whether the least (`least`) or the most of `b` is proven: the solve that
/// sought it (`<metric>-min` / `-max`; the plan that reached it if that
/// solve found none) proved its optimum, or else how it stopped. Another
/// plan may reach the value first, but only that solve's proof bounds it.
pub fn extreme_found(doc: &BandDoc, b: &BandRow, least: bool) -> Option<String> {
    let sought = format!("{}-{}", b.metric, if least { "min" } else { "max" });
    let reached = if least { &b.min_plan } else { &b.max_plan };
    if doc.failures.iter().any(|f| f.name == sought) {
        return Some("without its own solve (it found no plan)".into());
    }
    let plan = |name: &str| doc.plans.iter().find(|p| p.name == name);
    plan(&sought)
        .or_else(|| plan(reached))
        .and_then(|p| found_at(&p.status, p.mip_gap))
}

/// The plan that reached the extreme: `capex-max`; when the extreme is not
/// proven, `capex-max (found at a 1.2% gap)`, or `optimum (capex-max found
/// at a 1.2% gap)` when another plan reached it first.
fn plan_cell(doc: &BandDoc, b: &BandRow, least: bool) -> String {
    let name = if least { &b.min_plan } else { &b.max_plan };
    let sought = format!("{}-{}", b.metric, if least { "min" } else { "max" });
    match extreme_found(doc, b, least) {
        Some(at) if *name == sought => format!("{name} (found {at})"),
        Some(at) => format!("{name} ({sought} found {at})"),
        None => name.to_string(),
    }
}

/// The table's cells of one metric: label, least, optimum, most, and the
/// plans where the least and the most were found (with the gap of any not
/// proven optimal).
fn cells(doc: &BandDoc, b: &BandRow) -> [String; 6] {
    [
        b.label.clone(),
        show(&b.unit, b.min),
        show(&b.unit, b.optimum),
        show(&b.unit, b.max),
        plan_cell(doc, b, true),
        plan_cell(doc, b, false),
    ]
}

const HEADER: [&str; 6] = ["metric", "least", "optimum", "most", "least in", "most in"];
const NUMERIC: [bool; 6] = [false, true, true, true, false, false];

/// What the band leaves out: plans stopped at a gap, solves without a plan.
fn notes(doc: &BandDoc) -> Vec<String> {
    let mut out: Vec<String> = doc
        .plans
        .iter()
        .filter_map(|p| {
            found_at(&p.status, p.mip_gap).map(|at| {
                format!(
                    "{} was found {at}: its extreme may lie further out.",
                    p.name
                )
            })
        })
        .collect();
    out.extend(doc.failures.iter().map(|f| {
        format!(
            "{} found no plan: {}",
            f.name,
            f.error.lines().next().unwrap_or("")
        )
    }));
    out
}

/// The report.html section.
pub fn band_html(doc: &BandDoc, svg: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<section id=\"identity-band\">\n<h2>Identity band</h2>\n<p class=\"lede\">{}</p>",
        esc(&lede(doc))
    );
    let _ = write!(o, "<table>\n<thead><tr>");
    let class = |i: usize| if NUMERIC[i] { " class=\"num\"" } else { "" };
    for (i, h) in HEADER.iter().enumerate() {
        let _ = write!(o, "<th{}>{}</th>", class(i), esc(h));
    }
    let _ = writeln!(o, "</tr></thead>\n<tbody>");
    for b in &doc.band {
        let _ = write!(o, "<tr>");
        for (i, c) in cells(doc, b).iter().enumerate() {
            let _ = write!(o, "<td{}>{}</td>", class(i), esc(c));
        }
        let _ = writeln!(o, "</tr>");
    }
    let _ = writeln!(o, "</tbody>\n</table>");
    for n in notes(doc) {
        let _ = writeln!(o, "<p class=\"note\">{}</p>", esc(&n));
    }
    let _ = writeln!(
        o,
        "<figure id=\"fig-band\">\n{svg}<figcaption>The identity band — also <code>{BAND_SVG}</code>; the plans are under <code>../alternatives/&lt;name&gt;/</code>, the figures in <code>band.json</code></figcaption>\n</figure>\n</section>"
    );
    o
}

/// The report.md section.
pub fn band_md(doc: &BandDoc) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('_', "\\_");
    let mut o = format!("## Identity band\n\n{}\n\n", lede(doc));
    let _ = writeln!(o, "| {} |", HEADER.join(" | "));
    let align: Vec<&str> = NUMERIC
        .iter()
        .map(|n| if *n { "--:" } else { "---" })
        .collect();
    let _ = writeln!(o, "|{}|", align.join("|"));
    for b in &doc.band {
        let row: Vec<String> = cells(doc, b).iter().map(|c| cell(c)).collect();
        let _ = writeln!(o, "| {} |", row.join(" | "));
    }
    let _ = writeln!(o);
    for n in notes(doc) {
        let _ = writeln!(o, "{}\n", cell(&n));
    }
    let _ = writeln!(
        o,
        "[![The identity band]({BAND_SVG})]({BAND_SVG}) — the plans are under `../alternatives/<name>/`, the figures in `band.json`.\n"
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::band::{BandFailure, BandPlan};

    fn plan(name: &str, status: &str, gap: Option<f64>) -> BandPlan {
        BandPlan {
            name: name.into(),
            metric: None,
            sense: None,
            npv_usd: 1.0,
            objective_usd: 1.0,
            status: status.into(),
            mip_gap: gap,
            solves: 1,
        }
    }

    fn doc() -> BandDoc {
        let row = |metric: &str, min_plan: &str, max_plan: &str| BandRow {
            metric: metric.into(),
            label: metric.replace('_', " "),
            unit: "usd".into(),
            optimum: 2e9,
            min: 1e9,
            max: 3e9,
            min_plan: min_plan.into(),
            max_plan: max_plan.into(),
        };
        BandDoc {
            plan: "p".into(),
            slack: 0.02,
            relaxed: false,
            best_objective_usd: 1.0,
            best_npv_usd: 1.0,
            floor_usd: 0.98,
            solves: 5,
            band: vec![
                row("capex", "capex-min", "peak_mw-max"),
                row("peak_mw", "optimum", "optimum"),
            ],
            plans: vec![
                plan("optimum", "optimal", Some(0.0)),
                plan("capex-min", "optimal", Some(5e-5)),
                // The most capex was reached by peak_mw-max (proven), but the
                // solve that sought it stopped at 1.2%: the most is not proven.
                plan("capex-max", "feasible", Some(0.012)),
                plan("peak_mw-max", "optimal", Some(0.0)),
                // Asked for a 5% gap: HiGHS calls it optimal; not proven.
                plan("peak_mw-min", "optimal", Some(0.03)),
            ],
            failures: Vec::new(),
        }
    }

    #[test]
    fn each_extreme_says_whether_its_solve_proved_it() {
        let d = doc();
        let (capex, peak) = (&d.band[0], &d.band[1]);
        assert_eq!(extreme_found(&d, capex, true), None);
        assert_eq!(
            extreme_found(&d, capex, false).as_deref(),
            Some("at a 1.2% gap")
        );
        assert_eq!(
            extreme_found(&d, peak, true).as_deref(),
            Some("at a 3.0% gap")
        );
        assert_eq!(extreme_found(&d, peak, false), None);
        let md = band_md(&d);
        assert!(
            md.contains("peak\\_mw-max (capex-max found at a 1.2% gap)"),
            "{md}"
        );
        let html = band_html(&d, "");
        assert!(
            html.contains("optimum (peak_mw-min found at a 3.0% gap)"),
            "{html}"
        );
    }

    #[test]
    fn an_extreme_whose_solve_found_nothing_is_not_proven() {
        let mut d = doc();
        d.plans.retain(|p| p.name != "capex-min");
        d.failures.push(BandFailure {
            name: "capex-min".into(),
            error: "time limit".into(),
        });
        let at = extreme_found(&d, &d.band[0], true).unwrap();
        assert!(at.contains("found no plan"), "{at}");
    }
}
