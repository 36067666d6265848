//! Mermaid flowchart, as GitHub renders it in markdown: a subgraph per site,
//! boxes coloured by kind, the critical path in red.

use std::fmt::Write;

use super::view::{colours, View, CRITICAL};
use super::ActionKind;
use crate::doc::graph::GraphDoc;

/// Text safe inside a Mermaid `"…"` label (entity codes for what it parses).
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            _ => out.push(c),
        }
    }
    out
}

pub fn flowchart(doc: &GraphDoc, title: &str) -> String {
    let v = View::new(doc);
    let mut o = String::new();
    let _ = writeln!(
        o,
        "---\ntitle: \"{}: buildout\"\n---",
        esc(title).replace(':', " ")
    );
    let _ = writeln!(o, "flowchart LR");
    for (si, site) in v.sites.iter().enumerate() {
        let _ = writeln!(o, "  subgraph s{si}[\"{}\"]", esc(site));
        for (gi, g) in v.groups.iter().enumerate().filter(|(_, g)| g.site == *site) {
            let mut label = esc(&g.title());
            for line in [g.amount(), g.when()] {
                if !line.is_empty() {
                    label.push_str("<br/>");
                    label.push_str(&esc(&line));
                }
            }
            let _ = writeln!(o, "    g{gi}[\"{label}\"]");
        }
        let _ = writeln!(o, "  end");
    }
    let mut critical_links = Vec::new();
    for (i, e) in v.edges.iter().enumerate() {
        let _ = writeln!(o, "  g{} --> g{}", e.from, e.to);
        if e.on_path {
            critical_links.push(i.to_string());
        }
    }
    for kind in ActionKind::ALL {
        let members: Vec<String> = v
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.kind == kind)
            .map(|(i, _)| format!("g{i}"))
            .collect();
        if members.is_empty() {
            continue;
        }
        let (fill, text) = colours(kind);
        let _ = writeln!(
            o,
            "  classDef {} fill:{fill},color:{text},stroke:#555555",
            kind.as_str()
        );
        let _ = writeln!(o, "  class {} {}", members.join(","), kind.as_str());
    }
    for (i, g) in v.groups.iter().enumerate() {
        if g.on_path {
            let _ = writeln!(o, "  style g{i} stroke:{CRITICAL},stroke-width:3px");
        }
    }
    if !critical_links.is_empty() {
        let _ = writeln!(
            o,
            "  linkStyle {} stroke:{CRITICAL},stroke-width:3px",
            critical_links.join(",")
        );
    }
    o
}
