//! `capplan graph DIR/plan.json --format dot|mermaid|gantt|json`: the
//! buildout graph of a solved plan, rechecked and drawn.

use std::path::{Path, PathBuf};

use crate::catalog::{Diagnostic, Diagnostics};
use crate::doc::PlanDoc;
use crate::error::Error;
use crate::plan::{self, GraphDoc};
use crate::report::plan_graph::{render, Format};
use crate::report::write_atomic;

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

pub fn run(args: &GraphArgs) -> Result<(), Error> {
    let plan = crate::doc::read_plan(&args.plan)?;
    let doc = checked_graph(&args.plan, &plan)?;
    let text = render(&doc, &plan.scenario, args.format);
    match &args.out {
        Some(path) => write_atomic(path, text.as_bytes()),
        None => super::print_out(&text),
    }
}
