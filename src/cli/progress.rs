//! Progress on stderr while a long solve runs, on a terminal only: elapsed
//! time and how far the solver has got (interior-point iteration; best plan,
//! bound and gap in branch and cut), so a 10-minute LP or MILP does not look
//! like a hang. `-v` streams the solver's own log instead.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::solve::progress::{Phase, Progress};
use crate::units::{count, money};

/// Prints `what: 12 s · best $12.41B, bound $12.43B, gap 0.14%, 88 nodes`
/// every second after the first two, until dropped.
pub struct Ticker {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Ticker {
    /// A ticker when stderr is a terminal, else nothing.
    pub fn start(what: String, progress: Arc<Progress>) -> Option<Ticker> {
        if !std::io::stderr().is_terminal() {
            return None;
        }
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let t0 = Instant::now();
            let mut shown = false;
            let mut last = 0;
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                let s = t0.elapsed().as_secs();
                if s >= 2 && s != last && !flag.load(Ordering::Relaxed) {
                    last = s;
                    let phase = describe(&progress.get());
                    let _ = write!(std::io::stderr(), "\r\x1b[K{what}: {s} s{phase}");
                    shown = true;
                }
            }
            if shown {
                // Clear the line for what comes next.
                let _ = write!(std::io::stderr(), "\r\x1b[K");
            }
        });
        Some(Ticker {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for Ticker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// ` · objective: best $12.41B, bound $12.43B, gap 0.14%, 1,234 nodes`, or
/// nothing before the solver reports.
fn describe(phase: &Phase) -> String {
    match *phase {
        Phase::Starting => String::new(),
        Phase::Simplex { iterations } => {
            format!(" · simplex, {} iterations", count(iterations as f64))
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
            let bound = bound_musd.map_or(String::new(), |b| format!(", bound {}", money(b * 1e6)));
            let gap = gap.map_or(String::new(), |g| format!(", gap {:.2}%", 100.0 * g));
            format!(" · {best}{bound}{gap}, {} nodes", count(nodes as f64))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_each_phase() {
        assert_eq!(describe(&Phase::Starting), "");
        assert_eq!(
            describe(&Phase::InteriorPoint { iterations: 37 }),
            " · interior point, iteration 37"
        );
        assert_eq!(
            describe(&Phase::Simplex { iterations: 12345 }),
            " · simplex, 12,345 iterations"
        );
        let mip = Phase::Mip {
            best_musd: Some(12_410.0),
            bound_musd: Some(12_430.0),
            gap: Some(0.0014),
            nodes: 1234,
        };
        assert_eq!(
            describe(&mip),
            " · objective: best $12.41B, bound $12.43B, gap 0.14%, 1,234 nodes"
        );
        let start = Phase::Mip {
            best_musd: None,
            bound_musd: Some(12_640.0),
            gap: None,
            nodes: 0,
        };
        assert_eq!(describe(&start), " · no plan yet, bound $12.64B, 0 nodes");
    }
}
