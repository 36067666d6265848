//! The plan graph's place in the report.
//!
//! ┌──────────────────────────────────────────────────────────────────────┐
//! │ PLAN GRAPH HOOK (issue #4). The graph itself (graph.dot, graph.mmd,  │
//! │ gantt.mmd) is written by `src/plan/`; this module only picks it up:  │
//! │ [`render_graph_svg`] turns DIR/graph.dot into DIR/graph.svg where    │
//! │ Graphviz's `dot` is installed, and [`plan_graph_section`] includes   │
//! │ DIR/graph.svg in the report when it exists, else the report has no   │
//! │ graph section. Wire `render_graph_svg` into `solve` after graph.dot  │
//! │ is written.                                                          │
//! └──────────────────────────────────────────────────────────────────────┘

use std::path::Path;
use std::process::Command;

use crate::error::Error;

/// The file the graph is drawn into, next to the report.
pub const GRAPH_SVG: &str = "graph.svg";

/// The plan graph as the report shows it.
pub struct PlanGraphSection {
    /// The `<svg>` element, without XML prolog or DOCTYPE, ready to inline.
    pub svg_inline: String,
    /// graph.svg's bytes as found, to copy next to a report written elsewhere.
    pub file_bytes: Vec<u8>,
}

/// DIR/graph.svg, if there is one, ready for the report; `None` otherwise.
pub fn plan_graph_section(dir: &Path) -> Option<PlanGraphSection> {
    let bytes = std::fs::read(dir.join(GRAPH_SVG)).ok()?;
    let text = String::from_utf8(bytes.clone()).ok()?;
    let start = text.find("<svg")?;
    Some(PlanGraphSection {
        svg_inline: text[start..].trim_end().to_string(),
        file_bytes: bytes,
    })
}

/// Renders DIR/graph.dot to DIR/graph.svg with `dot -Tsvg`, if both the file
/// and Graphviz are there. Returns whether graph.svg was written; a missing
/// `dot` or graph.dot is not an error (the report goes without the graph).
pub fn render_graph_svg(dir: &Path) -> Result<bool, Error> {
    let dot_file = dir.join("graph.dot");
    if !dot_file.is_file() {
        return Ok(false);
    }
    let Ok(out) = Command::new("dot").arg("-Tsvg").arg(&dot_file).output() else {
        return Ok(false);
    };
    if !out.status.success() {
        return Ok(false);
    }
    super::write_atomic(&dir.join(GRAPH_SVG), &out.stdout)?;
    Ok(true)
}
