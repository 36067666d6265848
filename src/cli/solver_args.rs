//! Solver flags, declared once for every command that solves: `solve`,
//! `sweep`, `compare`; and the threads of the commands that solve many plans.

use std::sync::Arc;
use std::time::Duration;

use crate::error::Error;
use crate::flow::pipeline::PipelineOptions;
use crate::solve::progress::Progress;
use crate::solve::{Backend, SolveOptions};

#[derive(Debug, Clone, clap::Args)]
pub struct SolverArgs {
    /// Solver backend.
    #[arg(long, value_enum, default_value_t = Backend::default_available())]
    pub solver: Backend,
    /// Stop each solve after this many seconds, keeping the best plan found
    /// (`solve` exits with code 4 if none was found)
    #[arg(long, value_name = "SECS")]
    pub time_limit: Option<f64>,
    /// Relative MIP gap at which to stop, e.g. 0.001 [default: HiGHS's 1e-4; 0 proves optimality]
    #[arg(long, value_name = "X")]
    pub mip_gap: Option<f64>,
    /// Solve the LP relaxation (fractional units, halls and sites).
    #[arg(long)]
    pub relax: bool,
}

impl SolverArgs {
    /// The pipeline's options, once the numbers are checked; `verbose`
    /// streams the solver's log, `progress` receives its reports.
    pub fn options(
        &self,
        verbose: bool,
        progress: Option<Arc<Progress>>,
    ) -> Result<PipelineOptions, Error> {
        if let Some(t) = self.time_limit {
            if !(t.is_finite() && t > 0.0) {
                return Err(Error::Usage(format!(
                    "--time-limit {t}: give a positive number of seconds"
                )));
            }
        }
        if let Some(g) = self.mip_gap {
            if !(0.0..1.0).contains(&g) {
                return Err(Error::Usage(format!(
                    "--mip-gap {g}: give a fraction in [0, 1), e.g. 0.001"
                )));
            }
        }
        Ok(PipelineOptions {
            solve: SolveOptions {
                backend: self.solver,
                time_limit: self.time_limit.map(Duration::from_secs_f64),
                mip_gap: self.mip_gap,
                verbose,
                progress,
            },
            relax: self.relax,
        })
    }
}

/// Threads for commands that solve many plans at once.
#[derive(Debug, Clone, clap::Args)]
pub struct JobsArgs {
    /// Solves run at once, one thread each (sweep points, compared what-ifs, alternatives' searches) [default: all cores]
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
}

impl JobsArgs {
    pub fn jobs(&self) -> Result<usize, Error> {
        match self.jobs {
            Some(0) => Err(Error::Usage("--jobs 0: give at least 1".into())),
            Some(n) => Ok(n),
            None => Ok(std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)),
        }
    }
}
