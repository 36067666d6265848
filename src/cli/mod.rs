//! Command-line arguments (clap) and dispatch: one file per command.

mod alternatives;
mod compare;
mod completions;
mod explain;
mod export;
mod generate;
mod graph;
mod man;
mod merge;
mod progress;
mod report;
mod schema;
mod solve;
mod solve_set;
mod solver_args;
mod sweep;
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
    /// Solve a plan and write plan.json, plan.csv, run.json, the plan graph, the report and plan.xlsx.
    Solve(solve::SolveArgs),
    /// Redraw report.md, report.html, the charts and plan.xlsx from a solved plan.json.
    Report(report::ReportArgs),
    /// Draw the buildout graph of a solved plan: dependencies, schedule,
    /// critical path (DOT, Mermaid flowchart or gantt, JSON).
    Graph(graph::GraphArgs),
    /// Explain a solved plan in prose: what it does, what binds and what it is worth.
    Explain(explain::ExplainArgs),
    /// Solve the base plan and each what-if; print them side by side with deltas.
    Compare(compare::CompareArgs),
    /// Near-optimal alternatives: the least and most of each metric within a
    /// slack of the best NPV (the identity band), and plans that differ most.
    Alternatives(alternatives::AlternativesArgs),
    /// Solve a grid of scenarios in parallel; one CSV row per point.
    Sweep(sweep::SweepArgs),
    /// Join the CSVs of a sharded sweep into the file one run writes.
    Merge(merge::MergeArgs),
    /// Write the model for an external solver (MPS or LP format, names kept).
    Export(export::ExportArgs),
    /// Write a synthetic plan and catalogs of a given size (for benchmarks).
    Generate(generate::GenerateArgs),
    /// Print the JSON Schema of plans and catalogs, for editors.
    Schema(schema::SchemaArgs),
    /// Print the shell completion script for bash, zsh or fish.
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff): `capplan man > capplan.1`.
    Man(man::ManArgs),
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
        Command::Compare(args) => compare::run(&args),
        Command::Sweep(args) => sweep::run(&args),
        Command::Alternatives(args) => alternatives::run(&args),
        Command::Merge(args) => merge::run(&args),
        Command::Solve(args) if args.scenarios.is_some() => solve_set::run(&args),
        Command::Solve(args) => solve::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Graph(args) => graph::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
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
