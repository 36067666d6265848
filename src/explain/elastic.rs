//! The elastic model: the plan's own program with a penalized slack on every
//! row of the families that can make a plan infeasible, solved for the least
//! total shortfall.
//!
//! For a row $a^\top x \le b$ of family $F$ the elastic row is
//! $a^\top x - \sigma \le b$ (for $\ge$: $a^\top x + \sigma \ge b$), $\sigma \ge 0$, and the
//! objective, minimised, is
//!
//! $$\sum_{\text{rows}} w_F\, \sigma \qquad \text{(the economic objective is dropped)}$$
//!
//! with $w_F$ converting the row's unit into GPUs, so that no family
//! dominates by its unit alone: a facility MW at site $s$ counts
//! $\max_k G_k / (\mathrm{kW}_k\,\mathrm{PUE}_{s,c_k}/1000)$ GPUs, an IT MW of hall or shell
//! $\max_k G_k/(\mathrm{kW}_k/1000)$, a unit of allocation $G_k$, a \$M of budget
//! $\max_k G_k/(\mathrm{Capex}_k/10^6)$, an H100e of demand floor $1/\max_k h_k$, a GPU of
//! a training run 1, a GPU-period of leased share $1/T$. Rules of demand and
//! policy (floor, runs, leased share) weigh [`DEMAND_SIDE_WEIGHT`] times more
//! than resources (power, energy, halls, shell, supply, budget) and the demand
//! cap (raising the demand that runs count against is bookkeeping, not a
//! smaller run): when either
//! would do, the diagnosis names the resource that is short and offers the
//! demand as the alternative. Among equal shortfalls in different periods the
//! latest is preferred (weights grow by up to 0.1% towards the first period).
//! Integrality is kept (a run is placed whole).
//!
//! Rows of structure (fleet balance, lease stocks, phasing, run placement)
//! get no slack: they are bookkeeping, not limits a user sets. Lead times and
//! earliest starts are enforced by absent variables, so they show up as a
//! shortfall of the rule that needed what could not arrive (a run, the floor).

use crate::error::Error;
use crate::model::family::Family;
use crate::model::{self, Sense};
use crate::scenario::Scenario;
use crate::solve::{self, SolveOptions};

/// How much more a GPU of demand-side shortfall weighs than a GPU of resource.
pub const DEMAND_SIDE_WEIGHT: f64 = 2.0;

/// The rules the elastic model relaxes, each one or more of the model's row
/// families ([`Rule::of_row`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    Power,
    Energy,
    Halls,
    Shell,
    Supply,
    Budget,
    BudgetTotal,
    DemandFloor,
    DemandCap,
    TrainingRun,
    LeasedShareMin,
    LeasedShareMax,
}

impl Rule {
    /// The rule a row of the model enforces, if the elastic model relaxes it.
    /// Exhaustive over the model's families: a new family must be placed.
    pub fn of_row(family: Family) -> Option<Rule> {
        Some(match family {
            Family::Power => Rule::Power,
            Family::Energy => Rule::Energy,
            Family::ItCooling => Rule::Halls,
            Family::Shell => Rule::Shell,
            Family::Supply => Rule::Supply,
            Family::Budget => Rule::Budget,
            Family::BudgetTotal => Rule::BudgetTotal,
            Family::DemandFloor => Rule::DemandFloor,
            Family::DemandCap => Rule::DemandCap,
            Family::RunCluster => Rule::TrainingRun,
            Family::LeasedShareMin => Rule::LeasedShareMin,
            Family::LeasedShareMax => Rule::LeasedShareMax,
            // Balances, cumulative states and assignments: relaxing them
            // would not point at an input a planner can change.
            Family::Fleet
            | Family::OpenedByGrows
            | Family::HallStartedByGrows
            | Family::HallNeedsSite
            | Family::HallPhase
            | Family::OrderedByGrows
            | Family::GenCap
            | Family::LeaseStock
            | Family::LeaseTiers
            | Family::TierStock
            | Family::Depth
            | Family::Gpus
            | Family::RunOnce
            | Family::RunsShare => return None,
            // Debt is optional (a draw of 0 meets both) and tax has a free
            // column: neither can make a plan infeasible.
            Family::DebtLtv | Family::DebtCoverage | Family::Tax => return None,
            // Rows of a scenario set's extensive form, never in one branch's model.
            Family::NonAnticipativity | Family::CvarShortfall => return None,
            // Rows of near-optimal alternatives, never in a plan's own model.
            Family::NpvFloor | Family::PeakMw => return None,
        })
    }

    fn demand_side(self) -> bool {
        matches!(
            self,
            Rule::DemandFloor | Rule::TrainingRun | Rule::LeasedShareMin | Rule::LeasedShareMax
        )
    }
}

/// One row the elastic solution had to relax.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortfall {
    pub family: Rule,
    /// The row's name (`power[dry,2026Q2]`).
    pub row: String,
    /// Its index arguments (`["dry", "2026Q2"]`).
    pub args: Vec<String>,
    /// How far the row had to be relaxed, in the row's unit (MW, units, $M,
    /// H100e, GPUs, GPU-periods).
    pub amount: f64,
    /// The row's right-hand side as the plan sets it, same unit.
    pub rhs: f64,
}

/// Slacks below this (in the row's unit) are solver noise.
const TOLERANCE: f64 = 1e-6;

/// GPU-equivalents of one unit of slack on a row of `family` (see the module comment).
fn weight(sc: &Scenario, family: Rule, args: &[&str]) -> f64 {
    let per_it_mw = sc
        .skus
        .iter()
        .map(|k| k.gpus_per_unit / (k.it_kw_per_unit / 1000.0).max(1e-9))
        .fold(0.0, f64::max);
    let w = match family {
        Rule::Power | Rule::Energy => {
            let site = args.first().and_then(|s| sc.site(s));
            sc.skus
                .iter()
                .map(|k| {
                    let pue = site.map(|s| sc.sites[s].pue(k.cooling)).unwrap_or(1.0);
                    k.gpus_per_unit / (k.it_kw_per_unit * pue / 1000.0).max(1e-9)
                })
                .fold(0.0, f64::max)
        }
        Rule::Halls | Rule::Shell => per_it_mw,
        Rule::Supply => args
            .first()
            .and_then(|k| sc.sku(k))
            .map(|k| sc.skus[k].gpus_per_unit)
            .unwrap_or(1.0),
        Rule::Budget | Rule::BudgetTotal => sc
            .skus
            .iter()
            .map(|k| k.gpus_per_unit / (k.capex_usd_per_unit / 1e6).max(1e-6))
            .fold(0.0, f64::max),
        Rule::DemandFloor | Rule::DemandCap => {
            1.0 / sc.skus.iter().map(|k| k.h100e_per_gpu).fold(1e-9, f64::max)
        }
        Rule::TrainingRun => 1.0,
        Rule::LeasedShareMin | Rule::LeasedShareMax => 1.0 / sc.num_periods().max(1) as f64,
    };
    let w = w.clamp(1e-6, 1e6);
    if family.demand_side() {
        w * DEMAND_SIDE_WEIGHT
    } else {
        w
    }
}

/// Solves the elastic model of `sc` and returns every row it relaxed, in row
/// order. `relax` drops integrality as for the plan's own solve.
pub fn shortfalls(
    sc: &Scenario,
    relax: bool,
    opts: &SolveOptions,
) -> Result<Vec<Shortfall>, Error> {
    let model = model::build(sc, relax);
    let mut lp = model.lp;
    lp.objective = vec![0.0; lp.columns.len()];
    lp.objective_constant = 0.0;
    let mut slacks: Vec<(usize, usize, Rule)> = Vec::new();
    for r in 0..lp.rows.len() {
        let Some(family) = Rule::of_row(lp.rows[r].family) else {
            continue;
        };
        let sign = match lp.rows[r].sense {
            Sense::Le => -1.0,
            Sense::Ge => 1.0,
            Sense::Eq => continue,
        };
        let name = format!("slack[{}]", lp.rows[r].name);
        let args = row_args(&lp.rows[r].name);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        // Ties between periods go to the latest: a shortfall is reported
        // where it is needed, not in an earlier period that could also cover it
        // (10 more units in 2026Q2 rather than 10 earlier, for a run in 2026Q2).
        let t = args
            .last()
            .and_then(|p| sc.periods.iter().position(|x| x.to_string() == *p));
        let nt = sc.num_periods().max(1) as f64;
        let early = t.map(|t| 1e-3 * (nt - 1.0 - t as f64) / nt).unwrap_or(0.0);
        let w = weight(sc, family, &args) * (1.0 + early);
        lp.column(name, 0.0, f64::INFINITY, false);
        let c = lp.columns.len() - 1;
        lp.objective.push(-w);
        // The new column has the largest index: pushing keeps coefficients sorted.
        lp.rows[r].coeffs.push((c, sign));
        slacks.push((r, c, family));
    }
    let quiet = SolveOptions {
        verbose: false,
        mip_gap: Some(1e-6),
        progress: None,
        ..opts.clone()
    };
    let sol = solve::solve(&lp, &quiet).map_err(|e| match e {
        Error::Infeasible(_) => Error::Infeasible(
            "even with every limit relaxed the program has no solution: a structural rule (fleet balance, phasing, run placement) cannot hold; please report this plan".into(),
        ),
        other => other,
    })?;
    Ok(slacks
        .into_iter()
        .filter(|&(_, c, _)| sol.values[c] > TOLERANCE)
        .map(|(r, c, family)| Shortfall {
            family,
            row: lp.rows[r].name.clone(),
            args: row_args(&lp.rows[r].name),
            amount: sol.values[c],
            rhs: lp.rows[r].rhs,
        })
        .collect())
}

/// `run_cluster[big,dry,2026Q2]` → `["big", "dry", "2026Q2"]`; `budget_total` → `[]`.
pub fn row_args(name: &str) -> Vec<String> {
    match name.split_once('[') {
        Some((_, a)) => a
            .trim_end_matches(']')
            .split(',')
            .map(String::from)
            .collect(),
        None => Vec::new(),
    }
}
