//! What a running solve has reached, for the progress line of `capplan
//! solve`: HiGHS reports it through its callbacks (`highs.rs`), the CLI's
//! ticker reads it once a second (`cli/progress.rs`).

use std::sync::Mutex;

/// Where the solver is.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub enum Phase {
    /// Nothing reported yet (presolve, or a backend without callbacks).
    #[default]
    Starting,
    /// LP by dual simplex: iterations so far.
    Simplex { iterations: i64 },
    /// LP by interior point: iterations so far (crossover follows).
    InteriorPoint { iterations: i64 },
    /// Branch and cut: the best plan found and the bound on any plan, in $M
    /// (objective constant included); `None` until there is one.
    Mip {
        best_musd: Option<f64>,
        bound_musd: Option<f64>,
        gap: Option<f64>,
        nodes: i64,
    },
}

/// Shared between the solver's thread and the ticker's.
#[derive(Debug, Default)]
pub struct Progress {
    phase: Mutex<Phase>,
}

impl Progress {
    pub fn set(&self, phase: Phase) {
        if let Ok(mut p) = self.phase.lock() {
            *p = phase;
        }
    }

    pub fn get(&self) -> Phase {
        self.phase.lock().map(|p| *p).unwrap_or_default()
    }
}
