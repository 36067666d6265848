//! The errors capplan reports, and the exit code each class maps to.

use std::path::PathBuf;

use crate::catalog::Diagnostics;

/// Exit codes (SPEC "Command-line contract").
pub mod exit {
    pub const SUCCESS: i32 = 0;
    pub const OTHER: i32 = 1;
    pub const INVALID_INPUT: i32 = 2;
    pub const INFEASIBLE: i32 = 3;
    pub const NO_SOLUTION: i32 = 4;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The plan or a catalog is invalid: every problem, located.
    #[error("{0}")]
    Input(Diagnostics),
    /// The command line asks for something that cannot be done.
    #[error("{0}")]
    Usage(String),
    /// The plan has no feasible buildout.
    #[error("the plan is infeasible\n{0}")]
    Infeasible(String),
    /// The solver stopped without a feasible solution (time limit, numerical trouble).
    #[error("the solver stopped without a feasible plan: {0}")]
    NoSolution(String),
    /// The solver failed in a way that says nothing about the plan.
    #[error("solver error: {0}")]
    Solver(String),
    /// The independent verifier found the solved plan breaks a rule.
    #[error("the solved plan failed verification ({} violation{}):\n{}", .0.len(), if .0.len() == 1 { "" } else { "s" }, .0.join("\n"))]
    Verification(Vec<String>),
    /// A plan.json that is missing, not JSON, or not a plan (`capplan report`).
    #[error("{}{}: {message}\n  hint: {hint}", path.display(), location.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
    PlanJson {
        path: PathBuf,
        /// Line and column (1-based) where reading stopped, if known.
        location: Option<(usize, usize)>,
        message: String,
        hint: String,
    },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) | Error::Usage(_) | Error::PlanJson { .. } => exit::INVALID_INPUT,
            Error::Infeasible(_) => exit::INFEASIBLE,
            Error::NoSolution(_) => exit::NO_SOLUTION,
            Error::Solver(_) | Error::Verification(_) | Error::Io { .. } => exit::OTHER,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
