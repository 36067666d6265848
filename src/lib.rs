//! capplan: a capacity planner for AI infrastructure.
//!
//! From YAML catalogs of GPU hardware, sites and power and a plan that puts
//! them to work, capplan builds a multi-period mixed-integer program, solves
//! it, verifies the answer independently, and writes what to build, where and
//! when, and how much to keep for internal training versus lease.
//!
//! The pipeline, one module per stage:
//! [`catalog`] (read and check) → [`scenario`] (resolve to index sets and
//! per-period parameters) → [`model`] (build the MILP) → [`solve`] (HiGHS or
//! clarabel) → [`verify`] (recheck from the scenario alone) → [`plan`] (the
//! buildout graph and its schedule) → [`report`] (plan.json, plan.csv,
//! run.json, graph drawings, terminal summary).

// In layer order, lowest first: each module uses only those above it in
// this list (docs/architecture.md; held by tests/layers.rs).
pub mod catalog;
pub mod cli;
pub mod doc;
pub mod error;
pub mod explain;
pub mod extract;
pub mod flow;
pub mod generate;
pub mod model;
pub mod plan;
pub mod report;
pub mod scenario;
pub mod solve;
pub mod units;
pub mod verify;
pub mod whatif;

pub use error::{Error, Result};
