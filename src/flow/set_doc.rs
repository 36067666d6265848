//! The pieces of plan.json's `scenario_set` section that are read off the
//! solved branches (docs/scenario-sets.md): each branch's line, the shown
//! branch, the here-and-now decisions and the CVaR of a discrete
//! distribution. `flow::scenarios` solves; this file only reads its result.

use crate::doc::scenario_set::{BranchDoc, HereAndNowDoc};
use crate::doc::PlanDoc;
use crate::scenario::Scenario;
use crate::units::cents;

/// CVaR_α of a discrete distribution `(probability, value)`: the mean of its
/// worst 1 − α of probability mass.
pub fn cvar(alpha: f64, outcomes: &[(f64, f64)]) -> f64 {
    let mut o = outcomes.to_vec();
    o.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mass = 1.0 - alpha;
    let (mut left, mut sum) = (mass, 0.0);
    for (p, z) in o {
        let take = p.min(left);
        sum += take * z;
        left -= take;
        if left <= 0.0 {
            break;
        }
    }
    sum / mass
}

/// The index of the branch the top-level plan.json shows: the most probable,
/// the first of equals in the set's order.
pub fn shown_branch(probabilities: &[f64]) -> usize {
    let mut best = 0;
    for (i, p) in probabilities.iter().enumerate() {
        if *p > probabilities[best] {
            best = i;
        }
    }
    best
}

/// One branch's line of the section: its figures, and its objective solved
/// alone (`alone`, $M) where it was.
pub fn branch_doc(name: &str, probability: f64, plan: &PlanDoc, alone: Option<f64>) -> BranchDoc {
    BranchDoc {
        name: name.to_string(),
        probability,
        scenario: plan.scenario.clone(),
        plan: format!("branches/{name}/plan.json"),
        objective_usd: plan.solver.objective_usd,
        metrics: plan.metrics.clone(),
        alone_objective_usd: alone.map(|x| cents(x * 1e6)),
    }
}

/// The decisions of `plan` made before period index `decide_by`: deliveries
/// whose order (the delivery less the SKU's lead time) is before it, leases
/// signed, halls started, sites opened, power ordered and runs starting
/// before it. The same in every branch (the verifier checks it).
pub fn here_and_now(plan: &PlanDoc, sc: &Scenario, decide_by: usize) -> HereAndNowDoc {
    let index = |label: &str| sc.periods.iter().position(|p| p.to_string() == label);
    let before = |label: &str, back: usize| index(label).is_some_and(|t| t < decide_by + back);
    let lead = |sku: &str| {
        sc.skus
            .iter()
            .find(|k| k.id == sku)
            .map_or(0, |k| k.lead_periods)
    };
    HereAndNowDoc {
        deliveries: plan
            .deliveries
            .iter()
            .filter(|d| before(&d.period, lead(&d.sku)))
            .cloned()
            .collect(),
        leases: plan
            .leases
            .iter()
            .filter(|l| before(&l.start, 0))
            .cloned()
            .collect(),
        halls: plan
            .halls
            .iter()
            .filter(|h| h.start.as_deref().is_some_and(|s| before(s, 0)))
            .cloned()
            .collect(),
        sites_opened: plan
            .sites_opened
            .iter()
            .filter(|s| before(&s.period, 0))
            .cloned()
            .collect(),
        power_builds: plan
            .power_builds
            .iter()
            .filter(|p| before(&p.order, 0))
            .cloned()
            .collect(),
        training_runs: plan
            .training_runs
            .iter()
            .filter(|r| before(&r.from, 0))
            .cloned()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked by hand: outcomes 10 (p 0.5), 4 (p 0.3), 1 (p 0.2). The worst
    /// 10% is all of outcome 1; the worst 30% is 0.2 × 1 + 0.1 × 4 = 0.6,
    /// / 0.3 = 2; α = 0 is the mean, 6.4.
    #[test]
    fn cvar_is_the_mean_of_the_worst_tail() {
        let o = [(0.5, 10.0), (0.3, 4.0), (0.2, 1.0)];
        assert!((cvar(0.9, &o) - 1.0).abs() < 1e-12);
        assert!((cvar(0.7, &o) - 2.0).abs() < 1e-12);
        assert!((cvar(0.0, &o) - 6.4).abs() < 1e-12);
    }

    #[test]
    fn the_shown_branch_is_the_first_most_probable() {
        assert_eq!(shown_branch(&[0.4, 0.3, 0.15, 0.15]), 0);
        assert_eq!(shown_branch(&[0.2, 0.4, 0.4]), 1);
        assert_eq!(shown_branch(&[1.0]), 0);
    }
}
