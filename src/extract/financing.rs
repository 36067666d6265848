//! The plan financed (docs/model.md §16): each period's debt drawn, interest,
//! principal, tax and the equity's cash; each year's debt service against
//! the revenue that covers it; the equity's NPV and IRR.

use super::capital::peak_funding;
use super::{clean, irr, Reader};
use crate::doc::{CashPosition, Financing, FinancingPeriod, FinancingYear, PlanDoc};
use crate::model::debt::{schedule, years};
use crate::units::cents;

/// `None` when the plan has neither debt nor tax.
pub(super) fn financing(r: &Reader, plan: &PlanDoc) -> Option<Financing> {
    let sc = r.sc;
    if sc.debt.is_none() && sc.tax_rate <= 0.0 {
        return None;
    }
    let nt = r.nt();
    let (mut draw, mut interest, mut principal, mut service) =
        (vec![0.0; nt], vec![0.0; nt], vec![0.0; nt], vec![0.0; nt]);
    if let Some(d) = &sc.debt {
        for (&tau, &v) in &r.model.vars.debt_draw {
            let x = r.val(v) * 1e6;
            draw[tau] += x;
            let (sched, owed) = schedule(d, tau, nt);
            for (t, i, p) in sched {
                interest[t] -= x * i;
                principal[t] -= x * p;
                service[t] += x * (i + p);
            }
            principal[nt - 1] -= x * owed;
        }
    }
    let mut tax = vec![0.0; nt];
    for (year, ts) in years(sc) {
        if let Some(&v) = r.model.vars.tax.get(&year) {
            tax[*ts.last().expect("a year has periods")] -= r.val(v) * 1e6;
        }
    }
    let mut owed = 0.0;
    let mut periods = Vec::with_capacity(nt);
    for (t, c) in plan.cash_flows.iter().enumerate() {
        owed += draw[t] + principal[t];
        let equity = c.net_usd + draw[t] + interest[t] + principal[t] + tax[t];
        periods.push(FinancingPeriod {
            period: c.period.clone(),
            draw_usd: cents(draw[t]),
            interest_usd: cents(interest[t]),
            principal_usd: cents(principal[t]),
            tax_usd: cents(tax[t]),
            debt_outstanding_usd: cents(owed),
            equity_cash_usd: cents(equity),
        });
    }
    let equity_npv: f64 = periods
        .iter()
        .zip(&sc.discount)
        .map(|(p, d)| p.equity_cash_usd * d)
        .sum();
    let mut flows = vec![-plan.capital.opening_fleet_value_usd];
    flows.extend(periods.iter().map(|p| p.equity_cash_usd));
    let debt_and_tax: Vec<f64> = (0..nt)
        .map(|t| draw[t] + interest[t] + principal[t] + tax[t])
        .collect();
    let (peak, peak_period) = equity_peak_funding(plan, &debt_and_tax);
    Some(Financing {
        years: coverage_years(r, plan, &service, &tax),
        equity_payback_period: equity_payback(plan, &periods),
        periods,
        equity_npv_usd: cents(equity_npv),
        equity_irr: irr(&flows, sc.period_months),
        equity_peak_funding_usd: peak,
        equity_peak_funding_period: peak_period,
    })
}

/// The equity's deepest running cash: the project's cash of each period
/// (`capital.cash`: no internal value, no residual) plus the debt's and
/// tax's flows, as a positive need, and its (first) period.
fn equity_peak_funding(plan: &PlanDoc, debt_and_tax: &[f64]) -> (f64, Option<String>) {
    let mut running = 0.0;
    let positions: Vec<CashPosition> = plan
        .capital
        .cash
        .iter()
        .zip(debt_and_tax)
        .map(|(c, x)| {
            running += c.cash_usd + x;
            CashPosition {
                period: c.period.clone(),
                cash_usd: cents(c.cash_usd + x),
                cumulative_usd: cents(running),
            }
        })
        .collect();
    peak_funding(&positions)
}

/// First period from whose end −opening plus the equity's flows without the
/// horizon-end residual, summed, stays ≥ 0 (as `capital.payback_period`).
fn equity_payback(plan: &PlanDoc, periods: &[FinancingPeriod]) -> Option<String> {
    let mut running = -plan.capital.opening_fleet_value_usd;
    let mut since: Option<usize> = None;
    for (t, (p, c)) in periods.iter().zip(&plan.cash_flows).enumerate() {
        running += p.equity_cash_usd - c.residual_usd;
        if running < -0.005 {
            since = None;
        } else if since.is_none() {
            since = Some(t);
        }
    }
    since.map(|t| periods[t].period.clone())
}

/// Each year's debt service and the revenue lenders count against it.
fn coverage_years(r: &Reader, plan: &PlanDoc, service: &[f64], tax: &[f64]) -> Vec<FinancingYear> {
    let sc = r.sc;
    let share = sc.debt.as_ref().map_or(0.0, |d| d.internal_value_share);
    let start = |label: &str| plan.periods.iter().position(|p| p == label);
    years(sc)
        .into_iter()
        .map(|(year, ts)| {
            let first = ts[0];
            let mut covered: f64 = ts
                .iter()
                .map(|&t| share * plan.cash_flows[t].internal_value_usd)
                .sum();
            for l in &plan.leases {
                let (Some(tau), Some(k)) = (start(&l.start), sc.sku(&l.sku)) else {
                    continue;
                };
                let Some(lease) = sc.skus[k].lease.as_ref() else {
                    continue;
                };
                if tau > first {
                    continue;
                }
                let billed = ts
                    .iter()
                    .filter(|&&t| t >= tau && t < tau + l.tenor_periods)
                    .count() as f64;
                covered += billed
                    * l.gpus
                    * sc.hours_per_period
                    * l.price_usd_per_gpu_hr
                    * lease.billed_utilization;
            }
            let due: f64 = ts.iter().map(|&t| service[t]).sum();
            FinancingYear {
                year: year.to_string(),
                debt_service_usd: cents(due),
                covered_revenue_usd: cents(covered),
                coverage: (due >= 1.0).then(|| clean(covered / due)),
                tax_usd: cents(-ts.iter().map(|&t| tax[t]).sum::<f64>()),
            }
        })
        .collect()
}
