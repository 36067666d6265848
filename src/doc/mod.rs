//! The solved plan as data, at the bottom of the stack: the types of
//! plan.json ([`PlanDoc`]), of its plan graph ([`graph::GraphDoc`]) and of
//! run.json's timings ([`run::Timings`]), and [`read_plan`], the one reader
//! of plan.json. Serde types only: everything above `extract` reads a plan
//! through them, so a report redrawn from a file on disk is the report
//! `solve` drew from memory.

pub mod band;
pub mod graph;
mod plan_doc;
mod read;
pub mod run;
pub mod scenario_set;

pub use plan_doc::*;
pub use read::read_plan;
