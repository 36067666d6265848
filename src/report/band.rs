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

/// The table's cells of one metric: label, least, optimum, most, and the
/// plans where the least and the most were found.
fn cells(b: &BandRow) -> [String; 6] {
    [
        b.label.clone(),
        show(&b.unit, b.min),
        show(&b.unit, b.optimum),
        show(&b.unit, b.max),
        b.min_plan.clone(),
        b.max_plan.clone(),
    ]
}

const HEADER: [&str; 6] = ["metric", "least", "optimum", "most", "least in", "most in"];
const NUMERIC: [bool; 6] = [false, true, true, true, false, false];

/// What the band leaves out: plans stopped at a gap, solves without a plan.
fn notes(doc: &BandDoc) -> Vec<String> {
    let mut out: Vec<String> = doc
        .plans
        .iter()
        .filter(|p| p.status != "optimal")
        .map(|p| {
            format!(
                "{} stopped at a gap ({}): its extreme may lie further out.",
                p.name,
                p.mip_gap.map(pct).unwrap_or_else(|| "unknown".into())
            )
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
        for (i, c) in cells(b).iter().enumerate() {
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
        let row: Vec<String> = cells(b).iter().map(|c| cell(c)).collect();
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
