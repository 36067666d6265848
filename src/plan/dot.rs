//! Graphviz DOT: a cluster per site, boxes coloured by kind, the critical
//! path in red. `dot -Tsvg graph.dot > graph.svg` draws it.

use std::fmt::Write;

use super::view::{colours, View, CRITICAL};
use crate::doc::graph::GraphDoc;

/// A DOT string literal's body.
fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

pub fn dot(doc: &GraphDoc, title: &str) -> String {
    let v = View::new(doc);
    let mut o = String::new();
    let _ = writeln!(o, "digraph buildout {{");
    let _ = writeln!(
        o,
        "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, nodesep=0.2, ranksep=0.45, labelloc=t, label=\"{}\"];",
        esc(&format!(
            "{title}: buildout, {} actions (critical path in red)",
            doc.nodes.len()
        ))
    );
    let _ = writeln!(
        o,
        "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10, color=\"#555555\", penwidth=1];"
    );
    let _ = writeln!(o, "  edge [color=\"#888888\", arrowsize=0.6];");
    for (si, site) in v.sites.iter().enumerate() {
        let _ = writeln!(o, "  subgraph cluster_{si} {{");
        let _ = writeln!(
            o,
            "    label=\"{}\"; style=\"rounded\"; color=\"#999999\"; fontsize=12;",
            esc(site)
        );
        for (gi, g) in v.groups.iter().enumerate().filter(|(_, g)| g.site == *site) {
            let (fill, text) = colours(g.kind);
            let mut label = esc(&g.title());
            for line in [g.amount(), g.when()] {
                if !line.is_empty() {
                    label.push_str("\\n");
                    label.push_str(&esc(&line));
                }
            }
            let border = if g.on_path {
                format!(", color=\"{CRITICAL}\", penwidth=3")
            } else {
                String::new()
            };
            let _ = writeln!(
                o,
                "    g{gi} [label=\"{label}\", fillcolor=\"{fill}\", fontcolor=\"{text}\"{border}];"
            );
        }
        let _ = writeln!(o, "  }}");
    }
    for e in &v.edges {
        let style = if e.on_path {
            format!(" [color=\"{CRITICAL}\", penwidth=2.5]")
        } else {
            String::new()
        };
        let _ = writeln!(o, "  g{} -> g{}{style};", e.from, e.to);
    }
    let _ = writeln!(o, "}}");
    o
}
