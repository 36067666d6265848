//! Shadow prices in user units: the duals of the LP (or of a MILP's LP with its
//! yes/no decisions fixed) read back by row name and scaled to USD per MW, per
//! unit, per USD, per GPU or per H100e.
//!
//! Sign convention (docs/model.md §8): a solver dual is the change of the
//! maximised objective per unit increase of the row's right-hand side, so a
//! binding `≤` row (power, halls, supply, budget, depth) has a dual ≥ 0 — the
//! value of one more unit of the resource — and a binding `≥` row (demand
//! floor, training-run cluster) a dual ≤ 0. Every figure reported here is "NPV
//! gained per unit of *relaxing* the rule": the dual of a `≤` row, minus the
//! dual of a `≥` row. So all reported prices are ≥ 0 where a rule binds.

use crate::doc::{
    BudgetPrice, DemandFloorPrice, DepthPrice, HallPrice, PowerPrice, RunPrice, ShadowPrices,
    SupplyPrice,
};
use crate::model::family::Family;
use crate::model::lp::Row;
use crate::model::{Lp, Model, Sense};
use crate::scenario::Scenario;
use crate::solve::{self, Solution, SolveOptions};
use crate::units::cents;

/// Duals in user units. An LP's come with its solution. For a MILP, the yes/no
/// decisions (halls, site openings, run placements) are fixed at their values
/// and the rest — unit counts, turbine blocks — relaxed: the LP around the
/// chosen buildout, whose duals are the marginal value of one more MW or unit
/// with the discrete structure held. (Fixing every integer would fix the very
/// deliveries the supply and power rows constrain, leaving their duals
/// arbitrary, mostly 0.)
pub fn shadow_prices(
    sc: &Scenario,
    model: &Model,
    sol: &Solution,
    opts: &SolveOptions,
) -> ShadowPrices {
    let (basis, duals) = match &sol.duals {
        Some(d) => ("lp", d.clone()),
        None => match fixed_binaries_duals(&model.lp, sol, opts) {
            Some(d) => ("fixed_binaries", d),
            None => return ShadowPrices::default(),
        },
    };
    from_duals(sc, &model.lp, &duals, basis)
}

/// The duals of `lp` with its yes/no columns fixed at `sol`'s values and
/// every other integer relaxed; `None` if that LP does not solve.
pub fn fixed_binaries_duals(lp: &Lp, sol: &Solution, opts: &SolveOptions) -> Option<Vec<f64>> {
    let mut fixed = lp.clone();
    for (c, x) in fixed.columns.iter_mut().zip(&sol.values) {
        if c.integer && c.lower >= 0.0 && c.upper <= 1.0 {
            let v = x.round();
            c.lower = v;
            c.upper = v;
        }
        c.integer = false;
    }
    let quiet = SolveOptions {
        verbose: false,
        mip_gap: None,
        progress: None,
        ..opts.clone()
    };
    solve::solve(&fixed, &quiet).ok().and_then(|s| s.duals)
}

/// Reads the duals (`$M` of objective per unit of right-hand side, by row) of
/// the families capplan reports, in user units. A power price at a site whose
/// `peak_usable_share` is below 1 carries that share: its row counts nameplate
/// MW, so its unit is a MW of nameplate, not of usable power (docs/model.md §5).
pub fn from_duals(sc: &Scenario, lp: &Lp, duals: &[f64], basis: &str) -> ShadowPrices {
    let mut out = ShadowPrices {
        basis: Some(basis.into()),
        ..Default::default()
    };
    for (row, &dual) in lp.rows.iter().zip(duals) {
        // NPV per unit of relaxing the rule, $M (see the module comment).
        let relax = match row.sense {
            Sense::Ge => -dual,
            Sense::Le | Sense::Eq => dual,
        };
        add_price(&mut out, sc, row, relax);
    }
    out
}

/// Adds the price of `row`, `relax` $M of NPV per unit of relaxing it, to the
/// list of its family, if [`is_reported`].
fn add_price(out: &mut ShadowPrices, sc: &Scenario, row: &Row, relax: f64) {
    let usd = cents(relax * 1e6);
    let args = row.index();
    match (row.family, args.as_slice()) {
        (Family::Power, [site, period]) => out.power.push(PowerPrice {
            site: site.to_string(),
            period: period.to_string(),
            usd_per_mw: usd,
            peak_usable_share: sc
                .site(site)
                .map(|s| sc.sites[s].peak_usable_share)
                .filter(|&x| x < 1.0),
        }),
        (Family::Supply, [sku, period]) => out.supply.push(SupplyPrice {
            sku: sku.to_string(),
            period: period.to_string(),
            usd_per_unit: usd,
        }),
        (Family::ItCooling, [site, cooling, period]) => out.halls.push(HallPrice {
            site: site.to_string(),
            cooling: cooling.to_string(),
            period: period.to_string(),
            usd_per_mw: usd,
        }),
        // The budget rows are in $M on both sides: the dual is USD per USD.
        (Family::Budget, [period]) => out.budget.push(BudgetPrice {
            period: Some(period.to_string()),
            usd_per_usd: round6(relax),
        }),
        (Family::BudgetTotal, []) => out.budget.push(BudgetPrice {
            period: None,
            usd_per_usd: round6(relax),
        }),
        (Family::Depth, [sku, tier, period]) => out.market_depth.push(DepthPrice {
            sku: sku.to_string(),
            tier: tier.trim_start_matches("tier").parse().unwrap_or(0),
            period: period.to_string(),
            usd_per_gpu: usd,
        }),
        (Family::DemandFloor, [period]) => out.demand_floor.push(DemandFloorPrice {
            period: period.to_string(),
            usd_per_h100e: usd,
        }),
        (Family::RunCluster, [run, site, period]) => out.training_runs.push(RunPrice {
            run: run.to_string(),
            site: site.to_string(),
            period: period.to_string(),
            usd_per_gpu: usd,
        }),
        (family, _) if !is_reported(family) => {}
        // An index of the wrong length would be a builder bug: say so in
        // tests, price nothing in a release.
        (family, args) => debug_assert!(
            false,
            "row {} of family {family} has an index of {} parts",
            row.name,
            args.len()
        ),
    }
}

/// Whether plan.json reports the prices of `family`'s rows. The match is
/// exhaustive, so a new family has to be placed here.
fn is_reported(family: Family) -> bool {
    match family {
        Family::Power
        | Family::Supply
        | Family::ItCooling
        | Family::Budget
        | Family::BudgetTotal
        | Family::Depth
        | Family::DemandFloor
        | Family::RunCluster => true,
        // Bookkeeping and linking rows: their duals price no input a
        // planner sets (a stock balance, a cumulative state, an assignment).
        Family::Fleet
        | Family::OpenedByGrows
        | Family::HallStartedByGrows
        | Family::HallNeedsSite
        | Family::HallPhase
        | Family::Energy
        | Family::OrderedByGrows
        | Family::LeaseStock
        | Family::LeaseTiers
        | Family::TierStock
        | Family::Gpus
        | Family::RunOnce
        | Family::RunsShare
        // Rows of near-optimal alternatives, never in a plan's own model.
        | Family::NpvFloor
        | Family::PeakMw => false,
        // A scenario set's ties between branches and its CVaR rows.
        Family::NonAnticipativity | Family::CvarShortfall => false,
        // Limits a planner sets whose prices are not reported yet.
        Family::Shell
        | Family::GenCap
        | Family::LeasedShareMin
        | Family::LeasedShareMax
        | Family::DemandCap
        // Financing: the coverage price is in plan.json's financing
        // years as the coverage itself; LTV and tax are bookkeeping.
        | Family::DebtLtv
        | Family::DebtCoverage
        | Family::Tax => false,
    }
}

fn round6(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}
