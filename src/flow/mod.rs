//! Flows of work over the stages below: [`pipeline`], the one path from a
//! plan file to a verified plan (load → resolve → build → solve → extract →
//! shadow prices → verify → plan graph), and [`sweep`], grids of what-if
//! points solved in parallel through that same path; [`alternatives`], the
//! plans within a slack of the best NPV (MGA) and the identity band;
//! [`scenarios`], a scenario set solved as one plan, and [`set_doc`], its
//! plan.json section read off the solved branches.

pub mod alternatives;
pub mod average_future;
pub mod pipeline;
pub mod scenarios;
pub mod set_doc;
pub mod sweep;
