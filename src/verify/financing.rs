//! The financing of plan.json (docs/model.md §16) against the scenario's
//! debt terms and tax rate, with this module's own arithmetic: the debt
//! schedule rebuilt from the draws, each draw within its loan-to-value,
//! each year's coverage recomputed from the leases, the tax from income
//! after depreciation and interest, and the equity's flows and NPV.
//!
//! Rule `financing`.

use super::money::PeriodMoney;
use super::{close_m, num, usd, within, Ctx, Out};

/// Interest, scheduled principal, and what is left owing after the last
/// period (repaid then), per period, recomputed from the stated draws.
struct Schedule {
    interest: Vec<f64>,
    principal: Vec<f64>,
    final_repayment: f64,
}

fn schedule(cx: &Ctx, draws: &[f64]) -> Schedule {
    let tn = cx.tn;
    let mut s = Schedule {
        interest: vec![0.0; tn],
        principal: vec![0.0; tn],
        final_repayment: 0.0,
    };
    let Some(d) = &cx.sc.debt else {
        return s;
    };
    let rate = (1.0 + d.rate_per_year).powf(cx.sc.period_months as f64 / 12.0) - 1.0;
    let n = d.term_periods.max(1);
    for (tau, &draw) in draws.iter().enumerate() {
        if draw == 0.0 {
            continue;
        }
        // Periods of repayment within the horizon: τ+1 … min(τ+N, T−1).
        let last = (tau + n).min(tn - 1);
        let mut repaid = 0.0;
        for (i, t) in (tau + 1..=last).enumerate() {
            let owed = if d.bullet {
                draw
            } else {
                draw * (n - i) as f64 / n as f64
            };
            let principal = match d.bullet {
                true if t == tau + n => draw,
                true => 0.0,
                false => draw / n as f64,
            };
            s.interest[t] += rate * owed;
            s.principal[t] += principal;
            repaid += principal;
        }
        s.final_repayment += draw - repaid;
    }
    s
}

pub(super) fn check(cx: &Ctx, money: &[PeriodMoney], out: &mut Out) {
    let Some(f) = &cx.plan.financing else {
        if cx.sc.debt.is_some() || cx.sc.tax_rate > 0.0 {
            out.push(
                "financing",
                "the plan has debt or tax but no financing section".into(),
            );
        }
        return;
    };
    if f.periods.len() != cx.tn {
        out.push(
            "financing",
            format!("{} financing periods, expected {}", f.periods.len(), cx.tn),
        );
        return;
    }
    let draws: Vec<f64> = f.periods.iter().map(|p| p.draw_usd).collect();
    let s = schedule(cx, &draws);
    let ltv = cx.sc.debt.as_ref().map_or(0.0, |d| d.loan_to_value);
    let (mut owed, mut slack) = (0.0, 0.0);
    for (t, p) in f.periods.iter().enumerate() {
        slack += money[t].slack;
        let last = if t + 1 == cx.tn {
            s.final_repayment
        } else {
            0.0
        };
        owed += p.draw_usd - s.principal[t] - last;
        if !close_m(p.draw_usd, 0.0, ltv * money[t].hardware_capex + slack) || p.draw_usd < -0.01 {
            out.push(
                "financing",
                format!(
                    "{}: draw {} above {} of hardware capex {}",
                    p.period,
                    usd(p.draw_usd),
                    num(ltv),
                    usd(money[t].hardware_capex)
                ),
            );
        }
        let figures = [
            ("interest", p.interest_usd, -s.interest[t]),
            ("principal", p.principal_usd, -(s.principal[t] + last)),
            ("debt outstanding", p.debt_outstanding_usd, owed),
        ];
        for (what, got, want) in figures {
            if !close_m(got, want, 0.0) {
                out.push(
                    "financing",
                    format!(
                        "{}: {what} is {}, recomputed {}",
                        p.period,
                        usd(got),
                        usd(want)
                    ),
                );
            }
        }
    }
    years(cx, money, &s, out);
    equity(cx, money, out);
    equity_funding(cx, money, &s, out);
}

/// Calendar years as period ranges.
fn calendar(cx: &Ctx) -> Vec<(String, Vec<usize>)> {
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    for t in 0..cx.tn {
        let y = cx.sc.periods[t].year().to_string();
        match out.last_mut() {
            Some((yy, ts)) if *yy == y => ts.push(t),
            _ => out.push((y, vec![t])),
        }
    }
    out
}

/// Each year: lease revenue of leases signed by its first period (and the
/// lenders' share of internal value) covers the debt service × the ratio;
/// the tax is the rate × income after depreciation and interest, or 0.
fn years(cx: &Ctx, money: &[PeriodMoney], s: &Schedule, out: &mut Out) {
    let f = cx.plan.financing.as_ref().expect("checked by the caller");
    let (ratio, share) = cx
        .sc
        .debt
        .as_ref()
        .map_or((0.0, 0.0), |d| (d.coverage_ratio, d.internal_value_share));
    let deductions = super::segments::deductions(cx, money);
    for ((year, ts), stated) in calendar(cx).iter().zip(&f.years) {
        let slack: f64 = ts.iter().map(|&t| money[t].slack).sum();
        let mut covered: f64 = ts.iter().map(|&t| share * money[t].internal).sum();
        for l in &cx.plan.leases {
            let (Some(tau), Some(k)) = (cx.period(&l.start), cx.sc.sku(&l.sku)) else {
                continue;
            };
            let util = cx.sc.skus[k]
                .lease
                .as_ref()
                .map_or(0.0, |x| x.billed_utilization);
            if tau <= ts[0] {
                let n = ts
                    .iter()
                    .filter(|&&t| tau <= t && t < tau + l.tenor_periods)
                    .count();
                covered += n as f64 * l.gpus * cx.hours * l.price_usd_per_gpu_hr * util;
            }
        }
        let due: f64 = ts.iter().map(|&t| s.interest[t] + s.principal[t]).sum();
        if stated.year != *year
            || !close_m(stated.debt_service_usd, due, slack)
            || !close_m(stated.covered_revenue_usd, covered, slack)
        {
            out.push(
                "financing",
                format!(
                    "{year}: debt service {} and covered revenue {}, recomputed {} and {}",
                    usd(stated.debt_service_usd),
                    usd(stated.covered_revenue_usd),
                    usd(due),
                    usd(covered)
                ),
            );
        }
        if ratio * due > covered + 1.0 + 1e-6 * covered + slack {
            out.push(
                "financing",
                format!(
                    "{year}: debt service {} × coverage ratio {} exceeds covered revenue {}",
                    usd(due),
                    num(ratio),
                    usd(covered)
                ),
            );
        }
        let income: f64 = ts
            .iter()
            .map(|&t| {
                let m = &money[t];
                m.lease - m.sales_cost - m.energy_and_maintenance - deductions[t] - s.interest[t]
            })
            .sum();
        let tax = (cx.sc.tax_rate * income).max(0.0);
        if !close_m(
            stated.tax_usd,
            tax,
            cx.sc.tax_rate * slack + 1e-6 * income.abs(),
        ) {
            out.push(
                "financing",
                format!(
                    "{year}: tax {} is not {} × income {} (or 0), {}",
                    usd(stated.tax_usd),
                    num(cx.sc.tax_rate),
                    usd(income),
                    usd(tax)
                ),
            );
        }
    }
}

/// The equity's cash in each period is the project's net plus the debt's
/// and tax's flows, and its NPV their discounted sum.
fn equity(cx: &Ctx, money: &[PeriodMoney], out: &mut Out) {
    let f = cx.plan.financing.as_ref().expect("checked by the caller");
    let (mut npv, mut slack) = (0.0, 0.0);
    for (t, p) in f.periods.iter().enumerate() {
        let cash = money[t].net + p.draw_usd + p.interest_usd + p.principal_usd + p.tax_usd;
        slack += money[t].slack;
        if !close_m(p.equity_cash_usd, cash, money[t].slack) {
            out.push(
                "financing",
                format!(
                    "{}: equity cash {}, recomputed {}",
                    p.period,
                    usd(p.equity_cash_usd),
                    usd(cash)
                ),
            );
        }
        npv += cash * cx.discount[t];
    }
    if !close_m(f.equity_npv_usd, npv, slack) {
        out.push(
            "financing",
            format!(
                "equity NPV {}, recomputed {}",
                usd(f.equity_npv_usd),
                usd(npv)
            ),
        );
    }
    if let Some(irr) = f.equity_irr {
        let per = (1.0 + irr).powf(cx.sc.period_months as f64 / 12.0) - 1.0;
        let opening = cx.plan.capital.opening_fleet_value_usd;
        let pv = -opening
            + f.periods
                .iter()
                .enumerate()
                .map(|(t, p)| p.equity_cash_usd * (1.0 + per).powf(-((t + 1) as f64)))
                .sum::<f64>();
        let scale = opening
            + f.periods
                .iter()
                .map(|p| p.equity_cash_usd.abs())
                .sum::<f64>();
        if !within(pv, 0.0, 1.0 + 1e-3 * scale) {
            out.push(
                "financing",
                format!("equity irr {} leaves {} unexplained", num(irr), usd(pv)),
            );
        }
    }
}

/// The equity's deepest running cash, from this module's own flows: the
/// project's cash (no internal value, no residual) plus the stated draw and
/// tax and the rebuilt interest and principal; and its payback, from
/// −opening plus the equity's net (internal value weighted) without the
/// residual. Either may name any period within rounding of its answer.
fn equity_funding(cx: &Ctx, money: &[PeriodMoney], s: &Schedule, out: &mut Out) {
    let f = cx.plan.financing.as_ref().expect("checked by the caller");
    let opening = cx.plan.capital.opening_fleet_value_usd;
    let (mut cash, mut net, mut slack) = (0.0, -opening, 0.0);
    let mut sums = Vec::with_capacity(cx.tn);
    for (t, p) in f.periods.iter().enumerate() {
        let last = if t + 1 == cx.tn {
            s.final_repayment
        } else {
            0.0
        };
        let debt = p.draw_usd - s.interest[t] - s.principal[t] - last + p.tax_usd;
        cash += money[t].cash + debt;
        net += money[t].net - money[t].residual + debt;
        slack += money[t].slack;
        sums.push((cash, net, slack));
    }
    let deepest = sums.iter().map(|x| x.0).fold(0.0, f64::min);
    let at = |label: &Option<String>| label.as_deref().and_then(|p| cx.period(p));
    let reached = match at(&f.equity_peak_funding_period) {
        Some(t) => close_m(sums[t].0, -f.equity_peak_funding_usd, sums[t].2),
        None => deepest > -0.005,
    };
    if !close_m(f.equity_peak_funding_usd, -deepest, slack) || !reached {
        out.push(
            "financing",
            format!(
                "equity peak funding {} in {:?}, recomputed {}",
                usd(f.equity_peak_funding_usd),
                f.equity_peak_funding_period,
                usd(-deepest)
            ),
        );
    }
    let near = |t: usize| t < sums.len() && sums[t].1.abs() <= 1.0 + sums[t].2;
    let stated = at(&f.equity_payback_period);
    if stated.is_some_and(|t| near(t) || (t > 0 && near(t - 1))) {
        return;
    }
    let want = (0..sums.len())
        .find(|&t| sums[t..].iter().all(|x| x.1 >= -0.005 - x.2))
        .map(|t| cx.labels[t].clone());
    if f.equity_payback_period != want {
        out.push(
            "financing",
            format!(
                "equity payback period {:?}, recomputed {want:?}",
                f.equity_payback_period
            ),
        );
    }
}
