//! The report's charts, drawn from plan.json alone as SVG: one file per chart
//! kind, and [`svg`] for what they share (document, title, legend, axes).
//!
//! Hand-written SVG rather than plotters: the output is a few hundred lines of
//! text per chart, byte-identical for the same plan (no font measurement, no
//! system fonts, no float formatting beyond one decimal), and it costs no
//! dependency. The viewer picks the font; labels are placed with room to spare.
//!
//! Colours are Okabe–Ito (colour-blind safe) and mean the same thing on every
//! chart: [`sku_colour`] for SKUs in their order of appearance, one colour per
//! capex category, green in and vermillion out for cash.

pub mod capex;
pub mod cash_flow;
pub mod gpus_by_use;
pub mod power;
pub(crate) mod svg;

use super::plan_doc::PlanDoc;
use super::summary::thousands;

/// Okabe–Ito, in an order where neighbours contrast; black is kept for lines.
const PALETTE: [&str; 7] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
];

/// The colour of the `i`-th SKU (in order of first appearance in the plan).
pub(crate) fn sku_colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// One chart of the report.
pub struct Chart {
    /// Element id in report.html, and the file stem under `charts/`.
    pub id: &'static str,
    pub title: String,
    /// The SVG document.
    pub svg: String,
}

impl Chart {
    /// Path of the chart's file, relative to the report.
    pub fn file(&self) -> String {
        format!("charts/{}.svg", self.id)
    }
}

/// Every chart, in the order the report shows them.
pub fn all(plan: &PlanDoc) -> Vec<Chart> {
    vec![
        gpus_by_use::chart(plan),
        power::chart(plan),
        capex::chart(plan),
        cash_flow::chart(plan),
    ]
}

/// SKUs in their order of first appearance in the plan's rows.
pub(crate) fn skus_in_order(plan: &PlanDoc) -> Vec<String> {
    first_appearances(plan.rows.iter().map(|r| &r.sku))
}

/// Sites in their order of first appearance in the plan's site periods.
pub(crate) fn sites_in_order(plan: &PlanDoc) -> Vec<String> {
    first_appearances(plan.site_periods.iter().map(|s| &s.site))
}

fn first_appearances<'a>(ids: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        if !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

/// Index of a period label, if it is one of the plan's.
pub(crate) fn period_index(plan: &PlanDoc, label: &str) -> Option<usize> {
    plan.periods.iter().position(|p| p == label)
}

/// Axis tick label for a count: `150,000`.
pub(crate) fn count_tick(x: f64) -> String {
    thousands(x)
}

/// Axis tick label for USD on a scale whose largest magnitude is `max_abs`:
/// `$1.5B`, `$500M`, `-$250M`, with as few decimals as the ticks need.
pub(crate) fn usd_tick(max_abs: f64) -> impl Fn(f64) -> String {
    let (div, unit) = if max_abs >= 1e9 {
        (1e9, "B")
    } else if max_abs >= 1e6 {
        (1e6, "M")
    } else if max_abs >= 1e3 {
        (1e3, "k")
    } else {
        (1.0, "")
    };
    move |x: f64| {
        let v = x / div;
        if v.abs() < 1e-12 {
            return "$0".to_string();
        }
        let body = if (v - v.round()).abs() < 1e-9 {
            format!("{:.0}", v.abs())
        } else if (v * 10.0 - (v * 10.0).round()).abs() < 1e-9 {
            format!("{:.1}", v.abs())
        } else {
            format!("{:.2}", v.abs())
        };
        let sign = if v < -1e-12 { "-" } else { "" };
        format!("{sign}${body}{unit}")
    }
}

/// A USD amount for tooltips and tables: `$1.23B`, `$45.6M`.
pub(crate) fn usd(x: f64) -> String {
    super::summary::money(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usd_ticks_read_in_billions_or_millions() {
        let f = usd_tick(6e9);
        assert_eq!(f(2e9), "$2B");
        assert_eq!(f(-2.5e9), "-$2.5B");
        assert_eq!(f(0.0), "$0");
        let f = usd_tick(4e8);
        assert_eq!(f(2.5e8), "$250M");
    }
}
