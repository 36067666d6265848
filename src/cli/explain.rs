//! `capplan explain DIR/plan.json` (or `DIR`): the plan in prose — what it
//! does, what binds and what it is worth, what has room.

use std::path::PathBuf;

use crate::error::Error;

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A plan.json written by `capplan solve`, or the directory holding it.
    pub plan: PathBuf,
}

pub fn run(args: &ExplainArgs) -> Result<(), Error> {
    let plan = crate::doc::read_plan(&args.plan)?;
    super::print_out(&crate::explain::prose::explain(&plan))
}
