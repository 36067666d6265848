//! `capplan export PLAN --mps FILE | --lp FILE`: the model for any solver,
//! with row and column names and the objective's constant (MPS: on the
//! objective row's RHS, negated, as HiGHS, CBC and the commercial solvers
//! read it; LP: a constant term), so any solver reports capplan's objective.

use std::path::PathBuf;

use crate::error::Error;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("format").required(true).args(["mps", "lp"])))]
pub struct ExportArgs {
    /// The plan YAML.
    pub plan: PathBuf,
    /// Write free-format MPS here.
    #[arg(long)]
    pub mps: Option<PathBuf>,
    /// Write CPLEX LP format here.
    #[arg(long)]
    pub lp: Option<PathBuf>,
    /// Export the LP relaxation.
    #[arg(long)]
    pub relax: bool,
}

pub fn run(args: &ExportArgs) -> Result<(), Error> {
    let (sc, warnings) = crate::flow::pipeline::load_scenario(&args.plan)?;
    if !warnings.0.is_empty() {
        eprintln!("{warnings}");
    }
    let model = crate::model::build(&sc, args.relax);
    let (path, ext) = match (&args.mps, &args.lp) {
        (Some(p), _) => (p, "mps"),
        (_, Some(p)) => (p, "lp"),
        _ => unreachable!("clap requires one"),
    };
    write(&model.lp, path, ext)?;
    let size = model.lp.size();
    eprintln!(
        "wrote {} ({} variables, {} integer, {} constraints, {} nonzeros; objective maximised, in $M, its constant {:.6} included)",
        path.display(),
        size.variables,
        size.integers,
        size.constraints,
        size.nonzeros,
        model.lp.objective_constant
    );
    Ok(())
}

#[cfg(feature = "highs")]
fn write(lp: &crate::model::Lp, path: &std::path::Path, ext: &str) -> Result<(), Error> {
    // HiGHS picks the format from the extension; write to a temporary file
    // with the right one, then move it into place atomically.
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let tmp = tempfile::Builder::new()
        .suffix(&format!(".{ext}"))
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    crate::solve::highs::write_model(lp, tmp.path())?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

#[cfg(not(feature = "highs"))]
fn write(_: &crate::model::Lp, _: &std::path::Path, _: &str) -> Result<(), Error> {
    Err(Error::Usage(
        "export writes through HiGHS; build with the default `highs` feature".into(),
    ))
}
