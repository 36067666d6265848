//! `report.md`: the same report for GitHub and any Markdown viewer — the
//! headline as a table, each chart as an image linking its SVG file under
//! `charts/`, the plan graph (graph.svg) where there is one, then the tables.

use std::fmt::Write;

use super::charts::Chart;
use super::html::meta_line;
use super::scenario_set as set_report;
use super::table::Table;
use super::tables;
use crate::doc::scenario_set::ScenarioSetDoc;
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

    if let Some(set) = &plan.scenario_set {
        scenario_set_section(&mut o, set, charts);
    }

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

    for c in charts.iter().filter(|c| !c.of_scenario_set()) {
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

/// The scenario set: its figures, charts, the split, VSS, the branches and
/// the here-and-now decisions; the rest of the document is the shown branch.
fn scenario_set_section(o: &mut String, set: &ScenarioSetDoc, charts: &[Chart]) {
    let _ = writeln!(
        o,
        "## Scenario set {}\n\n{}. The rest of this document is the plan as it unfolds in branch `{}`, the most probable; every branch's decisions before {} are the same.\n",
        cell(&set.set),
        cell(&set_report::heading(set)),
        set.shown_branch,
        set.decide_by
    );
    let _ = writeln!(o, "| figure | value |\n|---|--:|");
    for h in set_report::figures(set) {
        let _ = writeln!(
            o,
            "| {} | {} ({}) |",
            cell(&h.label),
            cell(&h.value),
            cell(&h.detail)
        );
    }
    let _ = writeln!(o);
    for c in charts.iter().filter(|c| c.of_scenario_set()) {
        let _ = writeln!(o, "[![{t}]({f})]({f})\n", t = c.title, f = c.file());
    }
    let _ = writeln!(o, "{}\n", cell(&set_report::split_sentence(set)));
    if let Some(v) = &set.vss {
        let _ = writeln!(o, "{}\n", cell(&set_report::vss_sentence(set, v)));
    }
    table(o, &set_report::branch_table(set));
    table(o, &set_report::here_and_now_table(set));
}
