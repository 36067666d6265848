//! `report.html`: one self-contained page — inline CSS, charts as inline SVG,
//! no scripts, no fonts or images from anywhere — that opens offline from a
//! file, reads in a review on a projector, and prints (one chart per page
//! break at most).

use std::fmt::Write;

use super::charts::svg::esc;
use super::charts::Chart;
use super::plan_graph::PlanGraphSection;
use super::scenario_set as set_report;
use super::table::Table;
use super::tables::{self, Headline};
use crate::doc::scenario_set::ScenarioSetDoc;
use crate::doc::PlanDoc;
use crate::units::pct;

const CSS: &str = "
:root { --ink: #222; --muted: #555; --rule: #ddd; --bg: #fff; --card: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
p.lede { margin: 4px 0; color: var(--muted); max-width: 70em; }
p.meta { margin: 4px 0 0; color: var(--muted); font-size: 13px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 12px; }
.card { background: var(--card); border-radius: 6px; padding: 10px 14px; }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .detail { color: var(--muted); font-size: 13px; }
figure { margin: 0 0 28px; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; border: 1px solid var(--rule); border-radius: 6px; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; margin-bottom: 6px; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--rule); text-align: left; white-space: nowrap; }
th { background: var(--card); font-weight: 600; }
td.num, th.num { text-align: right; }
p.note { color: var(--muted); font-size: 12px; margin: 2px 0 16px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media print {
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  figure svg { border: none; }
}
";

/// The whole page. `charts` in the order shown; `graph` the plan graph, if
/// any; `band` the identity band's section (report/band.rs), if any.
pub fn report_html(
    plan: &PlanDoc,
    charts: &[Chart],
    graph: Option<&PlanGraphSection>,
    band: Option<&str>,
) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
    );
    let _ = writeln!(
        o,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    );
    let _ = writeln!(
        o,
        "<title>{} — capacity plan</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>",
        esc(&plan.scenario)
    );

    let _ = writeln!(
        o,
        "<header>\n<h1>{} — capacity plan</h1>",
        esc(&plan.scenario)
    );
    if let Some(d) = &plan.description {
        let _ = writeln!(o, "<p class=\"lede\">{}</p>", esc(d.trim()));
    }
    let _ = writeln!(
        o,
        "<p class=\"meta\">{}</p>\n</header>",
        esc(&meta_line(plan))
    );

    if let Some(set) = &plan.scenario_set {
        scenario_set_section(&mut o, set, charts);
    }

    let _ = writeln!(
        o,
        "<section id=\"metrics\">\n<h2>{}</h2>",
        match &plan.scenario_set {
            Some(set) => format!("Headline of branch {}", esc(&set.shown_branch)),
            None => "Headline".into(),
        }
    );
    cards(&mut o, &tables::headline(plan));
    let _ = writeln!(o, "</section>");

    let _ = writeln!(o, "<section id=\"charts\">\n<h2>Charts</h2>");
    for c in charts.iter().filter(|c| !c.of_scenario_set()) {
        let _ = writeln!(
            o,
            "<figure id=\"fig-{}\">\n{}<figcaption>{} — also <code>{}</code></figcaption>\n</figure>",
            c.id,
            c.svg,
            esc(&c.title),
            esc(&c.file())
        );
    }
    let _ = writeln!(o, "</section>");

    // PLAN GRAPH HOOK (issue #4): see src/report/plan_graph.rs.
    if let Some(g) = graph {
        let _ = writeln!(
            o,
            "<section id=\"plan-graph\">\n<h2>Plan graph</h2>\n<figure id=\"fig-plan-graph\">\n{}\n<figcaption>Power → halls → hardware → leases and training runs (graph.svg, drawn by Graphviz from graph.dot)</figcaption>\n</figure>\n</section>",
            g.svg_inline
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
        "<footer>Drawn by capplan from plan.json; <code>capplan report DIR</code> redraws it. Money is undiscounted USD except the NPV.</footer>\n</main>\n</body>\n</html>"
    );
    o
}

/// Figures as cards.
fn cards(o: &mut String, figures: &[Headline]) {
    let _ = writeln!(o, "<div class=\"cards\">");
    for h in figures {
        let detail = if h.detail.is_empty() {
            String::new()
        } else {
            format!("<div class=\"detail\">{}</div>", esc(&h.detail))
        };
        let _ = writeln!(
            o,
            "<div class=\"card\"><div class=\"label\">{}</div><div class=\"value\">{}</div>{detail}</div>",
            esc(&h.label),
            esc(&h.value)
        );
    }
    let _ = writeln!(o, "</div>");
}

/// The scenario set: what it is, its value figures, the NPV distribution and
/// the lease split, the branches, the here-and-now decisions.
fn scenario_set_section(o: &mut String, set: &ScenarioSetDoc, charts: &[Chart]) {
    let shown = set.branches.iter().find(|b| b.name == set.shown_branch);
    let _ = writeln!(
        o,
        "<section id=\"scenario-set\">\n<h2>Scenario set {}</h2>\n<p class=\"lede\">{}. One plan for every branch: the decisions before {} are the same in all of them. The rest of this page is the plan as it unfolds in branch <b>{}</b> (p {}, the most probable); each branch's report is in <code>branches/&lt;name&gt;/report.html</code>.</p>",
        esc(&set.set),
        esc(&set_report::heading(set)),
        esc(&set.decide_by),
        esc(&set.shown_branch),
        shown.map_or("–".into(), |b| pct(b.probability)),
    );
    cards(o, &set_report::figures(set));
    for c in charts.iter().filter(|c| c.of_scenario_set()) {
        let _ = writeln!(
            o,
            "<figure id=\"fig-{}\">\n{}<figcaption>{} — also <code>{}</code></figcaption>\n</figure>",
            c.id,
            c.svg,
            esc(&c.title),
            esc(&c.file())
        );
    }
    let _ = writeln!(
        o,
        "<p class=\"lede\">{}</p>",
        esc(&set_report::split_sentence(set))
    );
    if let Some(v) = &set.vss {
        let _ = writeln!(
            o,
            "<p class=\"note\">{}</p>",
            esc(&set_report::vss_sentence(set, v))
        );
    }
    let _ = writeln!(o, "</section>");
    table(o, &set_report::branch_table(set));
    table(o, &set_report::here_and_now_table(set));
}

/// Solver, status, gap and horizon in one line.
pub(crate) fn meta_line(plan: &PlanDoc) -> String {
    format!(
        "{} · {} periods, {}–{}",
        super::summary::solver_status(plan),
        plan.periods.len(),
        plan.periods.first().map(String::as_str).unwrap_or("–"),
        plan.periods.last().map(String::as_str).unwrap_or("–"),
    )
}

fn table(o: &mut String, t: &Table) {
    let _ = writeln!(o, "<section id=\"{}\">\n<h2>{}</h2>", t.id, esc(t.title));
    if t.rows.is_empty() {
        let _ = writeln!(o, "<p class=\"note\">None.</p>\n</section>");
        return;
    }
    let class = |i: usize| if t.numeric[i] { " class=\"num\"" } else { "" };
    let _ = write!(o, "<table>\n<thead><tr>");
    for (i, h) in t.header.iter().enumerate() {
        let _ = write!(o, "<th{}>{}</th>", class(i), esc(h));
    }
    let _ = writeln!(o, "</tr></thead>\n<tbody>");
    for r in &t.rows {
        let _ = write!(o, "<tr>");
        for (i, c) in r.iter().enumerate() {
            let _ = write!(o, "<td{}>{}</td>", class(i), esc(c));
        }
        let _ = writeln!(o, "</tr>");
    }
    let _ = writeln!(o, "</tbody>\n</table>");
    if let Some(n) = &t.note {
        let _ = writeln!(o, "<p class=\"note\">{}</p>", esc(n));
    }
    let _ = writeln!(o, "</section>");
}
