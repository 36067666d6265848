//! `report.md`: the same report for GitHub and any Markdown viewer — the
//! headline as a table, each chart as an image linking its SVG file under
//! `charts/`, the plan graph (graph.svg) where there is one, then the tables.

use std::fmt::Write;

use super::charts::Chart;
use super::html::meta_line;
use super::tables::{self, Table};
use crate::doc::PlanDoc;

/// Escapes what would break a Markdown table cell or start markup.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
        .replace('*', "\\*")
        .replace('_', "\\_")
        .replace('\n', " ")
}

/// The whole document. `graph_svg`: whether graph.svg sits beside it;
/// `band` the identity band's section (report/band.rs), if any.
pub fn report_md(plan: &PlanDoc, charts: &[Chart], graph_svg: bool, band: Option<&str>) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {} — capacity plan\n", cell(&plan.scenario));
    if let Some(d) = &plan.description {
        let _ = writeln!(o, "{}\n", d.trim());
    }
    let _ = writeln!(
        o,
        "{} · [report.html](report.html) · data: [plan.json](plan.json), [plan.csv](plan.csv)\n",
        meta_line(plan)
    );

    let _ = writeln!(o, "## Headline\n\n| metric | value |\n|---|--:|");
    for h in tables::headline(plan) {
        let value = if h.detail.is_empty() {
            h.value
        } else {
            format!("{} ({})", h.value, h.detail)
        };
        let _ = writeln!(o, "| {} | {} |", cell(&h.label), cell(&value));
    }
    let _ = writeln!(o);

    for c in charts {
        let _ = writeln!(o, "## {}\n", c.title);
        let _ = writeln!(o, "[![{t}]({f})]({f})\n", t = c.title, f = c.file());
    }

    // PLAN GRAPH HOOK (issue #4): see src/report/plan_graph.rs.
    if graph_svg {
        let _ = writeln!(
            o,
            "## Plan graph\n\n[![Plan graph]({f})]({f})\n",
            f = super::plan_graph::GRAPH_SVG
        );
    }

    // IDENTITY BAND HOOK (issue 15): see src/report/band.rs.
    if let Some(b) = band {
        o.push_str(b);
    }

    for t in tables::all(plan) {
        table(&mut o, &t);
    }
    let _ = writeln!(
        o,
        "---\n\nDrawn by capplan from plan.json; `capplan report DIR` redraws it. Money is undiscounted USD except the NPV."
    );
    o
}

fn table(o: &mut String, t: &Table) {
    let _ = writeln!(o, "## {}\n", t.title);
    if t.rows.is_empty() {
        let _ = writeln!(o, "None.\n");
        return;
    }
    let _ = writeln!(
        o,
        "| {} |",
        t.header
            .iter()
            .map(|h| cell(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(
        o,
        "|{}|",
        t.numeric
            .iter()
            .map(|n| if *n { "--:" } else { "---" })
            .collect::<Vec<_>>()
            .join("|")
    );
    for r in &t.rows {
        let _ = writeln!(
            o,
            "| {} |",
            r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
        );
    }
    let _ = writeln!(o);
    if let Some(n) = &t.note {
        let _ = writeln!(o, "{n}\n");
    }
}
