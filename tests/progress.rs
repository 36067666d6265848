//! The progress line's data: HiGHS reports the best plan, bound and gap of a
//! MILP through its callbacks while it solves.

use std::path::Path;
use std::sync::Arc;

use capplan::flow::pipeline::{solve_plan, PipelineOptions};
use capplan::solve::progress::{Phase, Progress};
use capplan::solve::{Backend, SolveOptions};

#[test]
fn highs_reports_best_plan_bound_and_gap_of_a_milp() {
    let progress = Arc::new(Progress::default());
    let opts = PipelineOptions {
        solve: SolveOptions {
            backend: Backend::Highs,
            progress: Some(progress.clone()),
            ..Default::default()
        },
        relax: false,
    };
    let plan = Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/colossus.yaml");
    let solved = solve_plan(&plan, &opts).expect("colossus solves");
    let objective_musd = solved.plan.solver.objective_usd / 1e6;
    match progress.get() {
        Phase::Mip {
            best_musd: Some(best),
            bound_musd: Some(bound),
            gap: Some(gap),
            ..
        } => {
            // The last report is at or near the end: its best plan is the
            // plan returned (objective constant included), within the gap.
            assert!(
                (best - objective_musd).abs() <= 1e-3 * objective_musd.abs(),
                "best {best} vs objective {objective_musd}"
            );
            assert!(bound >= best - 1e-6, "bound {bound} below best {best}");
            assert!((0.0..=1e-3).contains(&gap), "gap {gap}");
        }
        other => panic!("expected MIP progress, got {other:?}"),
    }
}
