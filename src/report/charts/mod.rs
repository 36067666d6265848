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

pub mod band;
pub mod capex;
pub mod cash_flow;
pub mod gpus_by_use;
pub mod margins;
pub mod power;
pub mod scenario_set;
pub(crate) mod svg;

use crate::doc::PlanDoc;

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
    /// A chart of the scenario set's own section.
    pub fn of_scenario_set(&self) -> bool {
        scenario_set::IDS.contains(&self.id)
    }

    /// Path of the chart's file, relative to the report.
    pub fn file(&self) -> String {
        format!("charts/{}.svg", self.id)
    }
}

/// Every chart, in the order the report shows them; a scenario set's two
/// charts last (report.html shows them in the set's own section).
pub fn all(plan: &PlanDoc) -> Vec<Chart> {
    let mut charts = vec![
        gpus_by_use::chart(plan),
        power::chart(plan),
        capex::chart(plan),
        cash_flow::chart(plan),
        margins::chart(plan),
    ];
    charts.extend(scenario_set::charts(plan));
    charts
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
