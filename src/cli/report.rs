//! `capplan report DIR [--out DIR]`: redraw report.md, report.html and the
//! chart SVGs from DIR/plan.json, without solving. Same bytes as `solve` wrote.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::error::Error;
use crate::report::bundle::write_report;
use crate::report::plan_doc::{PlanDoc, SCHEMA_VERSION};

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
    // The plan graph is in plan.json: draw it again next to the report.
    super::graph::write_files(&out, &plan)?;
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
            "wrote {}/report.md, report.html and {charts} charts under charts/ in {:.2}s\n",
            out.display(),
            secs
        ))?;
    }
    Ok(())
}

/// DIR/plan.json (or a plan.json given directly) as a plan; a missing or
/// malformed file is an input error (exit 2) that names the file, the line
/// and column, and what to do. `report`, `graph` and `explain` read it so.
pub fn read_plan(dir: &Path) -> Result<PlanDoc, Error> {
    let path = if dir.is_file() {
        dir.to_path_buf()
    } else {
        dir.join("plan.json")
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            return Err(Error::PlanJson {
                path,
                location: None,
                message: match e.kind() {
                    std::io::ErrorKind::NotFound => "no such file".into(),
                    _ => e.to_string(),
                },
                hint: format!(
                    "give a directory `capplan solve PLAN.yaml --out {}` wrote",
                    dir.display()
                ),
            })
        }
    };
    let plan: PlanDoc = serde_json::from_str(&text).map_err(|e| Error::PlanJson {
        path: path.clone(),
        location: (e.line() > 0).then(|| (e.line(), e.column())),
        // serde_json ends its message with "at line L column C": said above.
        message: match e.to_string() {
            m if e.line() > 0 => m
                .rsplit_once(" at line ")
                .map(|(head, _)| head.to_string())
                .unwrap_or(m),
            m => m,
        },
        hint: "plan.json is written by `capplan solve`; solve the plan again to rewrite it".into(),
    })?;
    if plan.schema_version != SCHEMA_VERSION {
        return Err(Error::PlanJson {
            path,
            location: None,
            message: format!(
                "schema_version {} (this capplan reads version {SCHEMA_VERSION})",
                plan.schema_version
            ),
            hint: "solve the plan again with this capplan".into(),
        });
    }
    Ok(plan)
}
