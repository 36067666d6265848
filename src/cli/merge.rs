//! `capplan merge A.csv B.csv …`: joins the CSVs of a sharded sweep into the
//! file one run of the whole grid writes.

use std::path::PathBuf;

use crate::error::Error;
use crate::report::write_atomic;

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The shard CSVs, in any order.
    #[arg(required = true, value_name = "SHARD.csv")]
    pub files: Vec<PathBuf>,
    /// Write the merged CSV here instead of stdout.
    #[arg(long, value_name = "FILE.csv")]
    pub out: Option<PathBuf>,
}

pub fn run(args: &MergeArgs) -> Result<(), Error> {
    let mut files = Vec::new();
    for f in &args.files {
        let text = std::fs::read_to_string(f).map_err(|e| Error::io(f, e))?;
        files.push((f.display().to_string(), text));
    }
    let merged = crate::flow::sweep::csv::merge(&files)
        .map_err(|m| Error::Usage(format!("cannot merge: {m}")))?;
    match &args.out {
        Some(path) => write_atomic(path, merged.as_bytes()),
        None => super::print_out(&merged),
    }
}
