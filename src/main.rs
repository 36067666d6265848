//! `capplan`: parse the command line, run it, map the outcome to an exit code.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let code = match capplan::cli::run(std::env::args_os()) {
        Ok(()) => capplan::error::exit::SUCCESS,
        Err(err) => {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "{err}");
            err.exit_code()
        }
    };
    ExitCode::from(code as u8)
}
