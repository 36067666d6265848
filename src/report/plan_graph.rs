//! The plan graph's files and its place in the report: [`write_graph_files`]
//! writes graph.dot, graph.mmd and gantt.mmd (drawn by `plan`) next to
//! plan.json; [`render_graph_svg`] turns DIR/graph.dot into DIR/graph.svg
//! where Graphviz's `dot` is installed, and [`plan_graph_section`] includes
//! DIR/graph.svg in the report when it exists (else the report has no graph
//! section).

use std::path::Path;
use std::process::Command;

use crate::doc::graph::GraphDoc;
use crate::doc::PlanDoc;
use crate::error::Error;
use crate::plan::{dot, gantt, mermaid};

use super::{to_json, write_atomic};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphviz DOT (`dot -Tsvg`): a cluster per site, critical path in red.
    Dot,
    /// Mermaid flowchart, as GitHub renders it.
    Mermaid,
    /// Mermaid gantt chart of the schedule.
    Gantt,
    /// Node-link JSON with each action's schedule.
    Json,
}

pub fn render(doc: &GraphDoc, title: &str, format: Format) -> String {
    match format {
        Format::Dot => dot::dot(doc, title),
        Format::Mermaid => mermaid::flowchart(doc, title),
        Format::Gantt => gantt::gantt(doc, title),
        Format::Json => String::from_utf8(to_json(doc)).expect("JSON is UTF-8"),
    }
}

/// The drawings `solve` and `report` write next to plan.json.
pub const FILES: [(&str, Format); 3] = [
    ("graph.dot", Format::Dot),
    ("graph.mmd", Format::Mermaid),
    ("gantt.mmd", Format::Gantt),
];

pub fn write_graph_files(dir: &Path, plan: &PlanDoc) -> Result<(), Error> {
    for (name, format) in FILES {
        write_atomic(
            &dir.join(name),
            render(&plan.graph, &plan.scenario, format).as_bytes(),
        )?;
    }
    Ok(())
}

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
