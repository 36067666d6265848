//! A scenario set's shared decisions, checked from the branches' plans alone:
//! every decision made before `decide_by` is the same in every branch (rule
//! `shared_decisions`). Each branch's plan is checked on its own by
//! [`super::verify`].
//!
//! A decision's period is the verifier's own reading of docs/scenario-sets.md:
//! site openings and power orders in their period, halls in their start,
//! leases in their start, deliveries a lead time before they arrive (the
//! order), run placements in the run's first period. Quantities agree within
//! the verifier's quantity tolerance; a decision absent from a branch is 0 there.

use std::collections::BTreeMap;

use super::{eq_q, Violation};
use crate::doc::PlanDoc;
use crate::scenario::Scenario;

/// One branch as the check reads it.
pub struct BranchPlan<'a> {
    pub name: &'a str,
    pub sc: &'a Scenario,
    pub plan: &'a PlanDoc,
}

/// The decisions before period index `decide_by` of one branch, keyed by
/// what was decided, summed.
fn early(b: &BranchPlan, decide_by: usize) -> BTreeMap<String, f64> {
    let sc = b.sc;
    let index = |label: &str| sc.periods.iter().position(|p| p.to_string() == label);
    let before = |label: &str, back: usize| {
        index(label).is_some_and(|t| (t as i64) - (back as i64) < decide_by as i64)
    };
    let mut out: BTreeMap<String, f64> = BTreeMap::new();
    let mut put = |key: String, x: f64| *out.entry(key).or_insert(0.0) += x;
    for d in &b.plan.deliveries {
        let lead = sc
            .skus
            .iter()
            .find(|k| k.id == d.sku)
            .map_or(0, |k| k.lead_periods);
        if before(&d.period, lead) {
            put(
                format!(
                    "delivery of {} to {} in {} (retiring at age {})",
                    d.sku, d.site, d.period, d.retire_age_periods
                ),
                d.units,
            );
        }
    }
    for l in &b.plan.leases {
        if before(&l.start, 0) {
            put(
                format!(
                    "lease of {} GPUs at {} from {} for {} at tier {}",
                    l.sku, l.site, l.start, l.tenor, l.tier
                ),
                l.gpus,
            );
        }
    }
    for h in &b.plan.halls {
        if let Some(start) = h.start.as_deref().filter(|s| before(s, 0)) {
            put(
                format!("hall {} at {} started {start} (MW)", h.hall, h.site),
                h.it_mw,
            );
        }
    }
    for s in &b.plan.sites_opened {
        if before(&s.period, 0) {
            put(format!("site {} opened in {}", s.site, s.period), s.share);
        }
    }
    for p in &b.plan.power_builds {
        if before(&p.order, 0) {
            put(
                format!("power {} at {} ordered {} (MW)", p.option, p.site, p.order),
                p.mw,
            );
        }
    }
    for r in &b.plan.training_runs {
        if before(&r.from, 0) {
            put(format!("run {} placed at {}", r.id, r.site), r.share);
        }
    }
    out
}

/// Violations of non-anticipativity across `branches` (the first is the reference).
pub fn shared_decisions(branches: &[BranchPlan], decide_by: usize) -> Vec<Violation> {
    let maps: Vec<BTreeMap<String, f64>> = branches.iter().map(|b| early(b, decide_by)).collect();
    let mut keys: Vec<&String> = maps.iter().flat_map(|m| m.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for key in keys {
        let first = maps[0].get(key).copied().unwrap_or(0.0);
        for (b, m) in maps.iter().enumerate().skip(1) {
            let x = m.get(key).copied().unwrap_or(0.0);
            if !eq_q(first, x) {
                out.push(Violation {
                    rule: "shared_decisions",
                    message: format!(
                        "{key}: {first} in branch `{}` but {x} in branch `{}`, though it is decided before decide_by",
                        branches[0].name, branches[b].name
                    ),
                });
            }
        }
    }
    out
}
