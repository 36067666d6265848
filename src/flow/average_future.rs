//! The average future of a scenario set, for the value of the stochastic
//! solution (docs/scenario-sets.md, "The value of the stochastic solution"):
//! one overlay that applies, per edited path,
//!
//! - for numbers a branch `scale`s or `add`s to: the probability-weighted
//!   factor or amount (a branch that leaves the path alone counts ×1 or +0);
//! - for dates and values a branch `shift`s, `set`s or `remove`s: the most
//!   probable choice among the branches (leaving it alone is a choice), the
//!   first of equals in the set's order. The average of "on time" and "two
//!   quarters late" is not a date one can plan for; the likeliest is.
//!
//! A path edited by numbers in one branch and otherwise in another has no
//! average: the set's VSS is then n/a with that reason.

use std::collections::HashMap;

use crate::catalog::Diagnostics;
use crate::error::Error;
use crate::units;
use crate::whatif::apply::Op;
use crate::whatif::overlay::{self, Edit, Overlay};
use crate::whatif::set::ScenarioSet;

/// The average future's edits and how they were made.
pub struct AverageFuture {
    pub edits: Vec<Edit>,
    /// One sentence for plan.json's `vss.definition`.
    pub definition: String,
}

/// What one branch does, per path.
#[derive(Default)]
struct BranchEdits {
    /// (path, is a scale) → combined factor or amount.
    numbers: HashMap<(String, bool), f64>,
    /// path → the other ops, in order.
    others: HashMap<String, Vec<Op>>,
}

/// Paths in first-seen order, with an edit of each to copy.
#[derive(Default)]
struct Paths {
    numbers: Vec<(String, bool)>,
    others: Vec<String>,
    template: HashMap<String, Edit>,
}

/// Every branch's edits, read from its what-ifs.
fn read_branches(set: &ScenarioSet) -> Result<(Vec<BranchEdits>, Paths), Error> {
    let mut paths = Paths::default();
    let mut out = Vec::new();
    for b in &set.branches {
        let mut mine = BranchEdits::default();
        for w in &b.whatifs {
            let o: Overlay = overlay::read(w).map_err(|d| Error::Input(Diagnostics(d)))?;
            for e in &o.edits {
                let path = e.path.to_string();
                paths
                    .template
                    .entry(path.clone())
                    .or_insert_with(|| e.clone());
                let (scale, x) = match &e.op {
                    Op::Scale(x) => (true, *x),
                    Op::Add(x) => (false, *x),
                    op => {
                        if !paths.others.contains(&path) {
                            paths.others.push(path.clone());
                        }
                        mine.others.entry(path).or_default().push(op.clone());
                        continue;
                    }
                };
                let key = (path, scale);
                if !paths.numbers.contains(&key) {
                    paths.numbers.push(key.clone());
                }
                let v = mine
                    .numbers
                    .entry(key)
                    .or_insert(if scale { 1.0 } else { 0.0 });
                if scale {
                    *v *= x;
                } else {
                    *v += x;
                }
            }
        }
        out.push(mine);
    }
    Ok((out, paths))
}

/// How an op reads in the definition.
fn describe(ops: &[Op]) -> String {
    if ops.is_empty() {
        return "as in the plan".into();
    }
    ops.iter()
        .map(|op| match op {
            Op::Shift(d) => format!("shifted by {d}"),
            Op::Set(v) => format!(
                "set to {}",
                serde_yaml::to_string(v).unwrap_or_default().trim()
            ),
            Op::Remove => "removed".into(),
            Op::Scale(x) => format!("scaled by {x}"),
            Op::Add(x) => format!("plus {x}"),
        })
        .collect::<Vec<_>>()
        .join(", then ")
}

/// The average future of `set`, or why it has none.
pub fn average_future(set: &ScenarioSet) -> Result<Result<AverageFuture, String>, Error> {
    let (branches, paths) = read_branches(set)?;
    if let Some(p) = paths
        .others
        .iter()
        .find(|p| paths.numbers.iter().any(|(q, _)| q == *p))
    {
        return Ok(Err(format!(
            "{p} is edited as a number in one branch and set, shifted or removed in another, so the average future is not defined"
        )));
    }
    let mut edits = Vec::new();
    for key in &paths.numbers {
        let unit = if key.1 { 1.0 } else { 0.0 };
        let avg: f64 = set
            .branches
            .iter()
            .zip(&branches)
            .map(|(b, m)| b.probability * m.numbers.get(key).copied().unwrap_or(unit))
            .sum();
        let mut e = paths.template[&key.0].clone();
        e.op = if key.1 { Op::Scale(avg) } else { Op::Add(avg) };
        edits.push(e);
    }
    let mut chosen = Vec::new();
    for path in &paths.others {
        // Each distinct choice with its probability, in the set's order.
        let mut choices: Vec<(Vec<Op>, f64)> = Vec::new();
        for (b, m) in set.branches.iter().zip(&branches) {
            let ops = m.others.get(path).cloned().unwrap_or_default();
            match choices.iter_mut().find(|(o, _)| *o == ops) {
                Some(c) => c.1 += b.probability,
                None => choices.push((ops, b.probability)),
            }
        }
        let mut best = 0;
        for (i, c) in choices.iter().enumerate() {
            if c.1 > choices[best].1 + 1e-12 {
                best = i;
            }
        }
        let (ops, p) = &choices[best];
        for op in ops {
            let mut e = paths.template[path].clone();
            e.op = op.clone();
            edits.push(e);
        }
        chosen.push(format!("{path} {} (p {})", describe(ops), units::pct(*p)));
    }
    let n = paths.numbers.len();
    let mut parts = Vec::new();
    if n > 0 || chosen.is_empty() {
        parts.push(format!(
            "each number the branches scale or add to at its probability-weighted mean ({n} path{})",
            if n == 1 { "" } else { "s" }
        ));
    }
    if !chosen.is_empty() {
        parts.push(format!(
            "each date or value they shift, set or remove at its most probable choice: {}",
            chosen.join("; ")
        ));
    }
    let definition = parts.join("; ");
    Ok(Ok(AverageFuture { edits, definition }))
}
