//! Mermaid gantt chart: a section per site, a bar per action (merged as in
//! the flowchart), milestones for instant actions, critical ones marked.

use std::fmt::Write;

use super::view::View;
use crate::catalog::period::Period;
use crate::doc::graph::GraphDoc;

/// `2026Q2` → `2026-04-01`, the first day of the period.
fn date(label: &str) -> Option<String> {
    let p: Period = label.parse().ok()?;
    Some(format!(
        "{}-{:02}-01",
        p.year(),
        p.start_month.rem_euclid(12) + 1
    ))
}

/// A task name: Mermaid splits on `:` and `;` and reads `#` as a comment.
fn name(s: &str) -> String {
    s.chars()
        .map(|c| if matches!(c, ':' | ';' | '#') { ' ' } else { c })
        .collect()
}

pub fn gantt(doc: &GraphDoc, title: &str) -> String {
    let v = View::new(doc);
    let mut o = String::new();
    let _ = writeln!(o, "gantt");
    let _ = writeln!(o, "  title {}", name(&format!("{title} buildout")));
    let _ = writeln!(o, "  dateFormat YYYY-MM-DD");
    let _ = writeln!(o, "  axisFormat %Y-%m");
    for site in &v.sites {
        let _ = writeln!(o, "  section {}", name(site));
        let mut tasks: Vec<(String, usize, String)> = Vec::new();
        for (gi, g) in v.groups.iter().enumerate().filter(|(_, g)| g.site == *site) {
            let (start, finish) = g.span();
            let (Some(start), Some(end)) = (date(start), date(finish)) else {
                continue;
            };
            let crit = if g.on_path { "crit, " } else { "" };
            let amount = g.amount();
            let text = if amount.is_empty() {
                g.title()
            } else {
                format!("{} ({amount})", g.title())
            };
            let spec = if start == end {
                format!("{crit}milestone, g{gi}, {start}, 0d")
            } else {
                format!("{crit}g{gi}, {start}, {end}")
            };
            tasks.push((start, gi, format!("  {} :{spec}", name(&text))));
        }
        tasks.sort();
        for (_, _, line) in tasks {
            let _ = writeln!(o, "{line}");
        }
    }
    o
}
