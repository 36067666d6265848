//! `capplan graph DIR/plan.json --format dot|mermaid|gantt|json`: the
//! buildout graph of a solved plan, rechecked and drawn.

use std::path::{Path, PathBuf};

use crate::catalog::{Diagnostic, Diagnostics};
use crate::error::Error;
use crate::plan::{self, dot, gantt, mermaid, GraphDoc};
use crate::report::plan_doc::PlanDoc;
use crate::report::{to_json, write_atomic};

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

#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    /// plan.json, or the output directory of `capplan solve` holding it.
    pub plan: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Dot)]
    pub format: Format,
    /// Write to this file instead of stdout.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

/// The graph of a plan.json, re-scheduled from its nodes and edges so that
/// a hand-edited file is checked (a cycle is an input error).
fn checked_graph(file: &Path, plan: &PlanDoc) -> Result<GraphDoc, Error> {
    let bad = |message: String, hint: &str| {
        Error::Input(Diagnostics(vec![Diagnostic::error("plan-graph", message)
            .at_path("graph")
            .with_hint(hint.to_string())]))
    };
    if plan.graph.nodes.is_empty() && !plan.deliveries.is_empty() {
        return Err(bad(
            format!("{}: plan.json has no graph", file.display()),
            "it was written by an older capplan: solve the plan again",
        ));
    }
    let g = plan
        .graph
        .to_graph()
        .map_err(|e| bad(format!("{}: {e}", file.display()), "solve the plan again"))?;
    let s = plan::schedule(&g).map_err(|e| {
        bad(
            format!("{}: {e}", file.display()),
            "an action cannot require itself, even through others: remove one of these edges from graph.edges or solve the plan again",
        )
    })?;
    Ok(GraphDoc::new(&g, &s))
}

pub fn render(doc: &GraphDoc, title: &str, format: Format) -> String {
    match format {
        Format::Dot => dot::dot(doc, title),
        Format::Mermaid => mermaid::flowchart(doc, title),
        Format::Gantt => gantt::gantt(doc, title),
        Format::Json => String::from_utf8(to_json(doc)).expect("JSON is UTF-8"),
    }
}

/// The drawings `solve` writes next to plan.json.
pub const FILES: [(&str, Format); 3] = [
    ("graph.dot", Format::Dot),
    ("graph.mmd", Format::Mermaid),
    ("gantt.mmd", Format::Gantt),
];

pub(super) fn write_files(dir: &Path, plan: &PlanDoc) -> Result<(), Error> {
    for (name, format) in FILES {
        write_atomic(
            &dir.join(name),
            render(&plan.graph, &plan.scenario, format).as_bytes(),
        )?;
    }
    Ok(())
}

pub fn run(args: &GraphArgs) -> Result<(), Error> {
    let plan = super::report::read_plan(&args.plan)?;
    let doc = checked_graph(&args.plan, &plan)?;
    let text = render(&doc, &plan.scenario, args.format);
    match &args.out {
        Some(path) => write_atomic(path, text.as_bytes()),
        None => super::print_out(&text),
    }
}
