//! The solver alone: HiGHS reads an MPS file (`capplan export --mps`) and
//! solves it, with the options capplan uses. docs/performance.md compares
//! capplan end to end against this.
//!
//!     cargo run --release --example highs_mps -- FILE.mps [simplex|ipm|choose] [relax]

use std::ffi::CString;
use std::time::Instant;

use highs_sys::*;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(file) = args.get(1) else {
        eprintln!("usage: highs_mps FILE.mps [simplex|ipm|choose] [relax]");
        std::process::exit(2);
    };
    let method = args.get(2).map(String::as_str).unwrap_or("choose");
    let relax = args.iter().any(|a| a == "relax");
    let c = |s: &str| CString::new(s).expect("no NUL");
    let t0 = Instant::now();
    unsafe {
        let h = Highs_create();
        Highs_setBoolOptionValue(
            h,
            c("output_flag").as_ptr(),
            std::env::var_os("HIGHS_LOG").is_some() as HighsInt,
        );
        Highs_setIntOptionValue(h, c("threads").as_ptr(), 1);
        Highs_setIntOptionValue(h, c("random_seed").as_ptr(), 0);
        Highs_setStringOptionValue(h, c("solver").as_ptr(), c(method).as_ptr());
        if Highs_readModel(h, c(file).as_ptr()) == kHighsStatusError {
            eprintln!("{file}: HiGHS could not read it");
            std::process::exit(2);
        }
        if relax {
            let n = Highs_getNumCol(h);
            let cont = vec![0 as HighsInt; n as usize];
            Highs_changeColsIntegralityByRange(h, 0, n - 1, cont.as_ptr());
        }
        let read_s = t0.elapsed().as_secs_f64();
        let t1 = Instant::now();
        Highs_run(h);
        let solve_s = t1.elapsed().as_secs_f64();
        let status = Highs_getModelStatus(h);
        println!(
            "{{\"file\": \"{file}\", \"method\": \"{method}\", \"relax\": {relax}, \"read_s\": {read_s:.4}, \"solve_s\": {solve_s:.4}, \"model_status\": {status}, \"objective\": {}}}",
            Highs_getObjectiveValue(h)
        );
        Highs_destroy(h);
    }
}
