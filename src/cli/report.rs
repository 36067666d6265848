//! `capplan report DIR [--out DIR]`: redraw report.md, report.html, the
//! chart SVGs and plan.xlsx from DIR/plan.json, without solving. Same bytes
//! as `solve` wrote.

use std::path::PathBuf;
use std::time::Instant;

use crate::doc::band::BAND_JSON;
use crate::doc::read_plan;
use crate::error::Error;
use crate::report::bundle::write_report;

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// A directory `capplan solve` wrote (it holds plan.json).
    pub dir: PathBuf,
    /// Where to write the report [default: DIR]
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print the files written as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: &ReportArgs) -> Result<(), Error> {
    let start = Instant::now();
    let plan = read_plan(&args.dir)?;
    let out = args.out.clone().unwrap_or_else(|| args.dir.clone());
    // The identity band goes with the report that shows it.
    let band = args.dir.join(BAND_JSON);
    if out != args.dir && band.is_file() {
        let bytes = std::fs::read(&band).map_err(|e| Error::io(&band, e))?;
        crate::report::write_atomic(&out.join(BAND_JSON), &bytes)?;
    }
    // The plan graph is in plan.json: draw it again next to the report.
    crate::report::plan_graph::write_graph_files(&out, &plan)?;
    crate::report::plan_graph::render_graph_svg(&out)?;
    let written = write_report(&plan, &out, &out)?;
    let secs = start.elapsed().as_secs_f64();
    if args.json {
        let doc = serde_json::json!({
            "dir": out.display().to_string(),
            "files": written,
        });
        return super::print_out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&doc).expect("JSON")
        ));
    }
    if !args.quiet {
        let charts = written.iter().filter(|f| f.starts_with("charts/")).count();
        super::print_out(&format!(
            "wrote {}/report.md, report.html, plan.xlsx and {charts} charts under charts/ in {:.2}s\n",
            out.display(),
            secs
        ))?;
    }
    Ok(())
}
