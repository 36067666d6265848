//! Debt secured on the hardware and on signed leases (docs/model.md §16).
//!
//! A draw $D_\tau \ge 0$ (`debt_draw[τ]`, \$M) in a period with hardware
//! deliveries is repaid over N periods from $\tau+1$ at the per-period rate
//! $r_d$: linear, principal $D/N$ and interest $r_d D (1 - (t-\tau-1)/N)$ in
//! $t = \tau+1..\tau+N$; bullet, interest $r_d D$ and the principal at
//! $\tau+N$. What is still owed at the end of $T-1$ is repaid then (not
//! debt service: lenders would refinance it).
//!
//! - `debt_ltv[t]`: $D_t - \mathrm{LTV} \sum_{s,k,a} \mathrm{Capex}_k\, b_{s,k,a,t} \le 0$;
//! - `debt_coverage[y]`, each calendar year y with debt service:
//!   $\kappa \sum_{t \in y} (\text{interest}_t + \text{principal}_t) - \mathrm{Contracted}_y - \eta\,\mathrm{Internal}_y \le 0$,
//!   where $\mathrm{Contracted}_y$ is the revenue billed in y of leases
//!   signed no later than y's first period (the backlog lenders see when the
//!   year starts), $\mathrm{Internal}_y$ the internal value of y and η
//!   `internal_value_share`. \$M.
//!
//! The flows (draw in, interest and principal out) join the objective, so
//! debt is drawn where its rate is below the discount rate, as far as the
//! coverage allows: leases signed long before a year count for it, those
//! signed within it do not, and long tenors gain a value their margin alone
//! does not give them.

use std::collections::BTreeMap;

use good_lp::{Expression, Variable};

use super::cash::{Category, Flow};
use super::family::Family;
use super::lp::Sense;
use super::Ctx;
use crate::scenario::{Scenario, ScenarioDebt};

/// Interest and principal per unit drawn in `tau`, by period within the
/// horizon, and what is left owing after `nt − 1` (repaid then).
pub fn schedule(d: &ScenarioDebt, tau: usize, nt: usize) -> (Vec<(usize, f64, f64)>, f64) {
    let n = d.term_periods.max(1);
    let mut out = Vec::new();
    let mut owed = 1.0;
    for t in tau + 1..=(tau + n).min(nt.saturating_sub(1)) {
        let interest = d.rate_per_period * owed;
        let principal = if d.bullet {
            if t == tau + n {
                owed
            } else {
                0.0
            }
        } else {
            1.0 / n as f64
        };
        owed -= principal;
        out.push((t, interest, principal));
    }
    (out, owed.max(0.0))
}

/// Calendar years as period ranges, in order.
pub fn years(sc: &Scenario) -> Vec<(i64, Vec<usize>)> {
    let mut out: Vec<(i64, Vec<usize>)> = Vec::new();
    for t in 0..sc.num_periods() {
        let y = sc.periods[t].year();
        match out.last_mut() {
            Some((yy, ts)) if *yy == y => ts.push(t),
            _ => out.push((y, vec![t])),
        }
    }
    out
}

/// Draw columns, the LTV and coverage rows, and the debt's cash flows.
pub fn debt_within_ltv_and_coverage(cx: &mut Ctx, flows: &mut Vec<Flow>) {
    let Some(d) = cx.sc.debt.clone() else {
        return;
    };
    let nt = cx.sc.num_periods();
    let mut capex: BTreeMap<usize, Expression> = BTreeMap::new();
    for (&(_, k, _, t), &b) in super::leases::sorted(&cx.v.buy) {
        *capex.entry(t).or_default() += (cx.sc.skus[k].capex_usd_per_unit / 1e6) * b;
    }
    let mut service: Vec<Expression> = vec![Expression::default(); nt];
    for (t, hw) in capex {
        let draw = cx.lp.column(
            format!("debt_draw[{}]", cx.n.t(t)),
            0.0,
            f64::INFINITY,
            false,
        );
        cx.v.debt_draw.insert(t, draw);
        cx.lp.row(
            Family::DebtLtv.at(cx.n.t(t)),
            draw - d.loan_to_value * hw,
            Sense::Le,
            0.0,
        );
        debt_flows(&d, t, nt, draw, flows, &mut service);
    }
    coverage_rows(cx, &d, &service);
}

fn debt_flows(
    d: &ScenarioDebt,
    tau: usize,
    nt: usize,
    draw: Variable,
    flows: &mut Vec<Flow>,
    service: &mut [Expression],
) {
    let flow = |period, category, usd| Flow {
        var: Some(draw),
        period,
        category,
        usd,
    };
    // The draw is in $M (as the objective), its flows USD per $M.
    flows.push(flow(tau, Category::DebtDraw, 1e6));
    let (sched, owed) = schedule(d, tau, nt);
    for (t, interest, principal) in sched {
        if interest != 0.0 {
            flows.push(flow(t, Category::DebtInterest, -interest * 1e6));
        }
        if principal != 0.0 {
            flows.push(flow(t, Category::DebtPrincipal, -principal * 1e6));
        }
        service[t] += (interest + principal) * draw;
    }
    if owed > 1e-12 {
        flows.push(flow(nt - 1, Category::DebtPrincipal, -owed * 1e6));
    }
}

/// `debt_coverage[y]` for every year with debt service.
fn coverage_rows(cx: &mut Ctx, d: &ScenarioDebt, service: &[Expression]) {
    let sc = cx.sc;
    for (year, ts) in years(sc) {
        let due: Expression = ts.iter().map(|&t| service[t].clone()).sum();
        if super::is_empty(&due) {
            continue;
        }
        let first = ts[0];
        let mut covered = Expression::default();
        for (&(k, n, j, tau), &x) in super::leases::sorted(&cx.v.lease_tier) {
            let lease = sc.skus[k].lease.as_ref().expect("leasable");
            let tenor = &lease.tenors[n];
            if tau > first {
                continue;
            }
            let billed = ts
                .iter()
                .filter(|&&t| t >= tau && t < tau + tenor.periods)
                .count() as f64;
            let rate = sc.hours_per_period
                * tenor.price_usd_per_gpu_hr[tau]
                * lease.tiers[j].1
                * lease.billed_utilization;
            if billed > 0.0 {
                covered += (billed * rate / 1e6) * x;
            }
        }
        if d.internal_value_share > 0.0 {
            for (&(_, k, t), &g) in super::leases::sorted(&cx.v.internal) {
                if ts.contains(&t) {
                    let v = sc.hours_per_period
                        * sc.internal_value_usd_per_h100e_hr
                        * sc.skus[k].h100e_per_gpu;
                    covered += (d.internal_value_share * v / 1e6) * g;
                }
            }
        }
        cx.lp.row(
            Family::DebtCoverage.at(year.to_string()),
            d.coverage_ratio * due - covered,
            Sense::Le,
            0.0,
        );
    }
}
