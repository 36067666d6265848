//! Progress on stderr while a long solve runs, on a terminal only: elapsed
//! time and how far the solver has got (interior-point iteration; best plan,
//! bound and gap in branch and cut), so a 10-minute LP or MILP does not look
//! like a hang. `-v` streams the solver's own log instead.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::solve::progress::Progress;

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
                    let phase = progress.get().describe();
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
