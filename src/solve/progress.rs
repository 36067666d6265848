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

impl Phase {
    /// ` · best $12.41B, bound $12.43B, gap 0.14%, 1,234 nodes`, or empty.
    pub fn describe(&self) -> String {
        use crate::report::summary::{money, thousands};
        match *self {
            Phase::Starting => String::new(),
            Phase::Simplex { iterations } => {
                format!(" · simplex, {} iterations", thousands(iterations as f64))
            }
            Phase::InteriorPoint { iterations } => {
                format!(" · interior point, iteration {iterations}")
            }
            Phase::Mip {
                best_musd,
                bound_musd,
                gap,
                nodes,
            } => {
                let best = best_musd.map_or("no plan yet".into(), |b| {
                    format!("objective: best {}", money(b * 1e6))
                });
                let bound =
                    bound_musd.map_or(String::new(), |b| format!(", bound {}", money(b * 1e6)));
                let gap = gap.map_or(String::new(), |g| format!(", gap {:.2}%", 100.0 * g));
                format!(" · {best}{bound}{gap}, {} nodes", thousands(nodes as f64))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_each_phase() {
        assert_eq!(Phase::Starting.describe(), "");
        assert_eq!(
            Phase::InteriorPoint { iterations: 37 }.describe(),
            " · interior point, iteration 37"
        );
        assert_eq!(
            Phase::Simplex { iterations: 12345 }.describe(),
            " · simplex, 12,345 iterations"
        );
        let mip = Phase::Mip {
            best_musd: Some(12_410.0),
            bound_musd: Some(12_430.0),
            gap: Some(0.0014),
            nodes: 1234,
        };
        assert_eq!(
            mip.describe(),
            " · objective: best $12.41B, bound $12.43B, gap 0.14%, 1,234 nodes"
        );
        let start = Phase::Mip {
            best_musd: None,
            bound_musd: Some(12_640.0),
            gap: None,
            nodes: 0,
        };
        assert_eq!(start.describe(), " · no plan yet, bound $12.64B, 0 nodes");
    }
}
