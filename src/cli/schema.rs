//! `capplan schema`: JSON Schema (draft 2020-12) of plans and catalogs.

use std::path::PathBuf;

use crate::catalog::schema::SchemaKind;
use crate::error::Error;
use crate::report::{to_json, write_atomic};

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which file's schema to print.
    #[arg(long, value_enum, default_value = "plan")]
    pub kind: SchemaKind,
    /// Write every schema (`plan.schema.json`, `nodes.schema.json`, …) into this directory.
    #[arg(long)]
    pub out_dir: Option<PathBuf>,
}

pub fn run(args: &SchemaArgs) -> Result<(), Error> {
    if let Some(dir) = &args.out_dir {
        for kind in SchemaKind::ALL {
            write_atomic(
                &dir.join(format!("{}.schema.json", kind.name())),
                &to_json(&kind.schema()),
            )?;
        }
        eprintln!(
            "wrote {} schemas to {}",
            SchemaKind::ALL.len(),
            dir.display()
        );
        return Ok(());
    }
    super::print_out(&String::from_utf8(to_json(&args.kind.schema())).expect("JSON is UTF-8"))
}
