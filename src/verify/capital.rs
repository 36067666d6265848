//! The capital figures of plan.json (docs/model.md §9.2) recomputed from
//! the scenario and the plan's cash flows and decisions: the running cash
//! and its deepest point, the payback period, committed capex by quarter,
//! the installed fleet's opening value and the IRR with it charged.
//!
//! Rule `capital`.

use std::collections::BTreeMap;

use super::arithmetic::{preinstalled_periods_left, unit_value_usd};
use super::money::PeriodMoney;
use super::{close_m, eq_m, num, usd, within, Ctx, Out};

pub(super) fn check(cx: &Ctx, money: &[PeriodMoney], out: &mut Out) {
    let c = &cx.plan.capital;
    if c.cash.is_empty() {
        return;
    }
    // Cash: all but internal value (not cash) and the horizon-end residual.
    let (mut running, mut slack) = (0.0, 0.0);
    let mut deepest: Option<(f64, usize)> = None;
    for (t, f) in money.iter().enumerate() {
        running += f.cash;
        slack += f.slack;
        match c.cash.get(t) {
            Some(p) if close_m(p.cumulative_usd, running, slack) && p.period == cx.labels[t] => {}
            got => out.push(
                "capital",
                format!(
                    "cumulative cash in {} is {}, recomputed {}",
                    cx.labels[t],
                    got.map(|p| usd(p.cumulative_usd))
                        .unwrap_or("missing".into()),
                    usd(running)
                ),
            ),
        }
        if running < -0.005 && deepest.is_none_or(|(d, _)| running < d - 0.005 - slack) {
            deepest = Some((running, t));
        }
    }
    // The deepest point as stated must be one the recomputed cash reaches
    // (within its slack): ties within rounding may name either period.
    let (need, when) = deepest.map_or((0.0, None), |(d, t)| (-d, Some(cx.labels[t].as_str())));
    let stated_at = c.peak_funding_period.as_deref().and_then(|p| cx.period(p));
    let reached = match stated_at {
        Some(t) => close_m(
            c.cash[t.min(c.cash.len().saturating_sub(1))].cumulative_usd,
            -need,
            slack,
        ),
        None => when.is_none(),
    };
    if !close_m(c.peak_funding_usd, need, slack) || !reached {
        out.push(
            "capital",
            format!(
                "peak funding {} in {:?}, recomputed {} in {when:?}",
                usd(c.peak_funding_usd),
                c.peak_funding_period,
                usd(need)
            ),
        );
    }
    let opening = opening_value(cx, out);
    payback(cx, opening, money, out);
    irr(cx, opening, money, out);
    committed(cx, out);
}

/// The fleet installed before the horizon at the start: the plan's figure,
/// else its units at their book value at their age.
fn opening_value(cx: &Ctx, out: &mut Out) -> f64 {
    let sc = cx.sc;
    let model: f64 = sc
        .skus
        .iter()
        .filter(|k| preinstalled_periods_left(k) > 0)
        .flat_map(|k| {
            k.installed_at_start
                .iter()
                .map(move |(_, u)| u * unit_value_usd(k, k.installed_age_periods))
        })
        .sum();
    let (want, basis) = match sc.opening_fleet_value_usd {
        Some(v) => (v, "plan"),
        None if model > 0.0 => (model, "model_value"),
        None => (0.0, "none"),
    };
    let c = &cx.plan.capital;
    if !eq_m(c.opening_fleet_value_usd, want, want) || c.opening_fleet_value_basis != basis {
        out.push(
            "capital",
            format!(
                "opening fleet value {} ({}), recomputed {} ({basis})",
                usd(c.opening_fleet_value_usd),
                c.opening_fleet_value_basis,
                usd(want)
            ),
        );
    }
    want
}

/// The first period from which −opening + Σ (net − residual) stays ≥ 0.
fn payback(cx: &Ctx, opening: f64, money: &[PeriodMoney], out: &mut Out) {
    let mut sums = Vec::with_capacity(money.len());
    let (mut running, mut slack) = (-opening, 0.0);
    for f in money {
        running += f.net - f.residual;
        slack += f.slack;
        sums.push((running, slack));
    }
    // Where the running sum is within its slack of 0, either answer holds.
    let stated = cx.plan.capital.payback_period.as_deref();
    if let Some(t) = stated.and_then(|p| cx.period(p)) {
        let near = |t: usize| t < sums.len() && sums[t].0.abs() <= 1.0 + sums[t].1;
        if near(t) || (t > 0 && near(t - 1)) {
            return;
        }
    }
    let want = (0..sums.len())
        .find(|&t| sums[t..].iter().all(|(s, e)| *s >= -0.005 - e))
        .map(|t| cx.labels[t].as_str());
    if cx.plan.capital.payback_period.as_deref() != want {
        out.push(
            "capital",
            format!(
                "payback period {:?}, recomputed {want:?}",
                cx.plan.capital.payback_period
            ),
        );
    }
}

/// The stated IRR zeroes −opening at time 0 plus the net flows, each at the
/// end of its period.
fn irr(cx: &Ctx, opening: f64, money: &[PeriodMoney], out: &mut Out) {
    let Some(irr) = cx.plan.capital.irr else {
        return;
    };
    let per = (1.0 + irr).powf(cx.sc.period_months as f64 / 12.0) - 1.0;
    let nets: Vec<f64> = money.iter().map(|f| f.net).collect();
    let scale = opening + nets.iter().map(|x| x.abs()).sum::<f64>();
    let pv = -opening
        + nets
            .iter()
            .enumerate()
            .map(|(t, x)| x * (1.0 + per).powf(-((t + 1) as f64)))
            .sum::<f64>();
    if !irr.is_finite() || irr <= -1.0 || !within(pv, 0.0, 1.0 + 1e-3 * scale) {
        out.push(
            "capital",
            format!(
                "capital irr {} does not zero the flows with the opening charge (present value {})",
                num(irr),
                usd(pv)
            ),
        );
    }
}

/// Capex by the quarter it is committed, recomputed from the decisions;
/// its total is the plan's capex.
fn committed(cx: &Ctx, out: &mut Out) {
    let sc = cx.sc;
    let mut want: BTreeMap<String, f64> = BTreeMap::new();
    let mut add = |t: usize, x: f64| {
        let p = sc.periods[t];
        let q = format!("{}Q{}", p.year(), p.start_month.rem_euclid(12) / 3 + 1);
        *want.entry(q).or_default() += x;
    };
    for d in &cx.plan.deliveries {
        if let (Some(t), Some(k)) = (cx.period(&d.period), sc.sku(&d.sku)) {
            let order = t.saturating_sub(sc.skus[k].lead_periods);
            add(order, d.units * sc.skus[k].capex_usd_per_unit);
        }
    }
    for h in &cx.plan.halls {
        let start = h.start.as_deref().and_then(|p| cx.period(p));
        let spec = sc
            .site(&h.site)
            .and_then(|s| sc.sites[s].halls.iter().find(|x| x.id == h.hall));
        if let (Some(t), Some(spec)) = (start, spec) {
            add(t, h.it_mw * spec.capex_usd_per_mw);
        }
    }
    for b in &cx.plan.power_builds {
        let spec = sc
            .site(&b.site)
            .and_then(|s| sc.sites[s].builds.iter().find(|g| g.id == b.option));
        if let (Some(t), Some(spec)) = (cx.period(&b.order), spec) {
            add(t, b.mw * spec.capex_usd_per_mw);
        }
    }
    for o in &cx.plan.sites_opened {
        if let (Some(t), Some(s)) = (cx.period(&o.period), sc.site(&o.site)) {
            add(t, o.share * sc.sites[s].development_capex_usd);
        }
    }
    let stated: BTreeMap<String, f64> = cx
        .plan
        .capital
        .committed_capex
        .iter()
        .map(|c| (c.quarter.clone(), c.total_usd))
        .collect();
    for q in want.keys().chain(stated.keys()) {
        let (w, s) = (
            want.get(q).copied().unwrap_or(0.0),
            stated.get(q).copied().unwrap_or(0.0),
        );
        if !eq_m(s, w, w) {
            out.push(
                "capital",
                format!(
                    "capex committed in {q} is {}, recomputed {}",
                    usd(s),
                    usd(w)
                ),
            );
        }
    }
}
