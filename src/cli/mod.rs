//! Command-line arguments (clap) and dispatch: one file per command.

mod export;
mod report;
mod schema;
mod solve;
mod validate;

use std::ffi::OsString;

use clap::{Parser, Subcommand};

use crate::error::Error;

/// Capacity planner for AI infrastructure: what to build, where and when, and
/// how much to keep for internal training versus lease.
#[derive(Debug, Parser)]
#[command(name = "capplan", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load a plan and its catalogs, check everything, print a summary.
    Validate(validate::ValidateArgs),
    /// Solve a plan and write plan.json, plan.csv, run.json and the report.
    Solve(solve::SolveArgs),
    /// Redraw report.md, report.html and the charts from a solved plan.json.
    Report(report::ReportArgs),
    /// Write the model for an external solver (MPS or LP format, names kept).
    Export(export::ExportArgs),
    /// Print the JSON Schema of plans and catalogs, for editors.
    Schema(schema::SchemaArgs),
}

/// Parses `args` and runs the command.
pub fn run<I, T>(args: I) -> Result<(), Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                print!("{e}");
                return Ok(());
            }
            return Err(Error::Usage(e.render().to_string().trim_end().to_string()));
        }
    };
    match cli.command {
        Command::Validate(args) => validate::run(&args),
        Command::Solve(args) => solve::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Schema(args) => schema::run(&args),
    }
}

/// Prints to stdout; a closed pipe (`capplan … | head`) ends quietly.
pub(crate) fn print_out(text: &str) -> Result<(), Error> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("<stdout>", e)),
    }
}
