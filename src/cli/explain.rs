//! `capplan explain DIR/plan.json` (or `DIR`): the plan in prose — what it
//! does, what binds and what it is worth, what has room.

use std::path::PathBuf;

use crate::error::Error;
use crate::report::plan_doc::PlanDoc;

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A plan.json written by `capplan solve`, or the directory holding it.
    pub plan: PathBuf,
}

pub fn run(args: &ExplainArgs) -> Result<(), Error> {
    let path = if args.plan.is_dir() {
        args.plan.join("plan.json")
    } else {
        args.plan.clone()
    };
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let plan: PlanDoc = serde_json::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "{}: not a plan.json written by `capplan solve`: {e}",
            path.display()
        ))
    })?;
    super::print_out(&crate::explain::prose::explain(&plan))
}
