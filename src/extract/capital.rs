//! Capital requirements (docs/model.md §9.2): the running cash and its
//! deepest point (the funding the plan needs), the payback period, capex by
//! the quarter it is committed, and an IRR with the fleet installed before
//! the horizon charged at time 0. From the plan and the scenario alone.

use std::collections::{BTreeMap, HashMap};

use super::{assets, irr};
use crate::doc::{Capital, CashFlow, CashPosition, CommittedCapex, PlanDoc};
use crate::scenario::Scenario;
use crate::units::cents;

pub fn capital(sc: &Scenario, plan: &PlanDoc) -> Capital {
    let cash = cash_positions(&plan.cash_flows);
    let (peak_funding_usd, peak_funding_period) = peak_funding(&cash);
    let (opening, basis) = match sc.opening_fleet_value_usd {
        Some(v) => (v, "plan"),
        None => match assets::opening_fleet_model_value_usd(sc) {
            v if v > 0.0 => (v, "model_value"),
            _ => (0.0, "none"),
        },
    };
    let mut flows = vec![-opening];
    flows.extend(plan.cash_flows.iter().map(|c| c.net_usd));
    Capital {
        cash,
        peak_funding_usd,
        peak_funding_period,
        payback_period: payback(opening, &plan.cash_flows),
        committed_capex: committed_capex(sc, plan),
        opening_fleet_value_usd: cents(opening),
        opening_fleet_value_basis: basis.into(),
        // irr() discounts flow i by (1+ρ)^-(i+1): with the opening charge first,
        // every flow sits one period later than at time 0, which scales the NPV
        // by 1/(1+ρ) and leaves its root where it is.
        irr: irr(&flows, sc.period_months),
    }
}

/// Cash of each period: every category but internal value (not cash) and
/// the horizon-end residual (a valuation, not a sale).
fn cash_positions(flows: &[CashFlow]) -> Vec<CashPosition> {
    let mut running = 0.0;
    flows
        .iter()
        .map(|c| {
            let cash = c.capex_hardware_usd
                + c.capex_halls_usd
                + c.capex_power_usd
                + c.capex_sites_usd
                + c.lease_revenue_usd
                + c.sales_cost_usd
                + c.energy_usd
                + c.maintenance_usd
                + c.salvage_usd;
            running += cash;
            CashPosition {
                period: c.period.clone(),
                cash_usd: cents(cash),
                cumulative_usd: cents(running),
            }
        })
        .collect()
}

/// The deepest running cash as a positive need, and its (first) period.
pub(super) fn peak_funding(cash: &[CashPosition]) -> (f64, Option<String>) {
    let mut deepest: Option<&CashPosition> = None;
    for c in cash {
        if c.cumulative_usd < 0.0 && deepest.is_none_or(|d| c.cumulative_usd < d.cumulative_usd) {
            deepest = Some(c);
        }
    }
    match deepest {
        Some(d) => (cents(-d.cumulative_usd), Some(d.period.clone())),
        None => (0.0, None),
    }
}

/// First period from whose end the running sum of the IRR's flows without
/// the horizon-end residual (−opening, then net − residual) stays ≥ 0.
fn payback(opening: f64, flows: &[CashFlow]) -> Option<String> {
    let mut running = -opening;
    let mut since: Option<usize> = None;
    for (t, c) in flows.iter().enumerate() {
        running += c.net_usd - c.residual_usd;
        if running < -0.005 {
            since = None;
        } else if since.is_none() {
            since = Some(t);
        }
    }
    since.map(|t| flows[t].period.clone())
}

/// Capex by the quarter it is committed: a delivery its lead time earlier,
/// a hall's whole cost at its start, power at its order, a site at opening.
fn committed_capex(sc: &Scenario, plan: &PlanDoc) -> Vec<CommittedCapex> {
    let index: HashMap<&str, usize> = plan
        .periods
        .iter()
        .enumerate()
        .map(|(t, p)| (p.as_str(), t))
        .collect();
    let quarter = |t: usize| {
        let p = sc.periods[t];
        (p.year(), p.start_month.rem_euclid(12) / 3 + 1)
    };
    let mut by: BTreeMap<(i64, i64), [f64; 4]> = BTreeMap::new();
    let mut add = |t: usize, what: usize, usd: f64| {
        if usd != 0.0 {
            by.entry(quarter(t)).or_default()[what] += usd;
        }
    };
    for d in &plan.deliveries {
        if let (Some(&t), Some(k)) = (index.get(d.period.as_str()), sc.sku(&d.sku)) {
            let sku = &sc.skus[k];
            add(
                t.saturating_sub(sku.lead_periods),
                0,
                d.units * sku.capex_usd_per_unit,
            );
        }
    }
    for h in &plan.halls {
        let (Some(t), Some(s)) = (
            h.start.as_deref().and_then(|p| index.get(p)),
            sc.site(&h.site),
        ) else {
            continue;
        };
        if let Some(spec) = sc.sites[s].halls.iter().find(|x| x.id == h.hall) {
            add(*t, 1, h.it_mw * spec.capex_usd_per_mw);
        }
    }
    for b in &plan.power_builds {
        let (Some(&t), Some(s)) = (index.get(b.order.as_str()), sc.site(&b.site)) else {
            continue;
        };
        if let Some(spec) = sc.sites[s].builds.iter().find(|g| g.id == b.option) {
            add(t, 2, b.mw * spec.capex_usd_per_mw);
        }
    }
    for o in &plan.sites_opened {
        if let (Some(&t), Some(s)) = (index.get(o.period.as_str()), sc.site(&o.site)) {
            add(t, 3, o.share * sc.sites[s].development_capex_usd);
        }
    }
    by.into_iter()
        .map(|((y, q), [hw, halls, power, sites])| CommittedCapex {
            quarter: format!("{y}Q{q}"),
            hardware_usd: cents(hw),
            halls_usd: cents(halls),
            power_usd: cents(power),
            sites_usd: cents(sites),
            total_usd: cents(hw + halls + power + sites),
        })
        .collect()
}
