//! Money: every period's cash flows by category recomputed from the plan's
//! physical entries and the scenario's prices, then the headline metrics,
//! the solver objective and the capex budget.
//!
//! Alongside each figure goes its slack: how far it may be off because the
//! plan states quantities only within tolerance (units, MW and GPUs are
//! rounded in the document), priced at what that quantity costs or earns.

use super::arithmetic::{
    is_battery, preinstalled_periods_left, site_stands, straight_line_value_usd, unit_value_usd,
};
use super::*;

/// One period's cash flows by category, USD, inflows positive.
#[derive(Debug, Clone, Copy, Default)]
struct Flows {
    hardware: f64,
    halls: f64,
    power: f64,
    sites: f64,
    lease: f64,
    sales: f64,
    internal: f64,
    energy: f64,
    maintenance: f64,
    salvage: f64,
    residual: f64,
}

impl Flows {
    fn capex(&self) -> f64 {
        self.hardware + self.halls + self.power + self.sites
    }

    /// Net with internal value weighted by `w`.
    fn net(&self, w: f64) -> f64 {
        self.capex()
            + self.lease
            + self.sales
            + w * self.internal
            + self.energy
            + self.maintenance
            + self.salvage
            + self.residual
    }

    /// Sum of the magnitudes, internal value weighted by `w`: the scale of
    /// `net`'s rounding, or for slacks the slack of `net`.
    fn abs_sum(&self, w: f64) -> f64 {
        [
            self.hardware,
            self.halls,
            self.power,
            self.sites,
            self.lease,
            self.sales,
            w * self.internal,
            self.energy,
            self.maintenance,
            self.salvage,
            self.residual,
        ]
        .iter()
        .map(|x| x.abs())
        .sum()
    }
}

/// Recomputed flows per period and their slacks.
struct Money {
    v: Vec<Flows>,
    e: Vec<Flows>,
}

/// One period's money as the verifier recomputed it, for the segment and
/// capital checks (which so never read the plan's own cash flows).
#[derive(Debug, Clone, Copy)]
pub(super) struct PeriodMoney {
    /// Every category but internal value and the horizon-end residual.
    pub cash: f64,
    /// Net with internal value weighted.
    pub net: f64,
    pub residual: f64,
    pub lease: f64,
    /// Unweighted.
    pub internal: f64,
    /// Sales cost, as a cost (≥ 0).
    pub sales_cost: f64,
    /// Energy and maintenance, as a cost (≥ 0).
    pub energy_and_maintenance: f64,
    /// Hardware capex, as a cost (≥ 0).
    pub hardware_capex: f64,
    /// How far these may be off through the plan's rounded quantities.
    pub slack: f64,
}

pub(super) fn check(cx: &Ctx, out: &mut Out) -> Vec<PeriodMoney> {
    let m = recompute(cx);
    cash_flows(cx, &m, out);
    metrics(cx, &m, out);
    budget(cx, &m, out);
    let w = cx.sc.internal_value_weight;
    m.v.iter()
        .zip(&m.e)
        .map(|(f, e)| PeriodMoney {
            cash: f.net(w) - w * f.internal - f.residual,
            net: f.net(w),
            residual: f.residual,
            lease: f.lease,
            internal: f.internal,
            sales_cost: -f.sales,
            energy_and_maintenance: -(f.energy + f.maintenance),
            hardware_capex: -f.hardware,
            slack: e.abs_sum(1.0),
        })
        .collect()
}

/// Every period's flows by category, recomputed from the plan's entries and
/// the scenario's prices (docs/model.md §6.1), with their slacks.
fn recompute(cx: &Ctx) -> Money {
    let tn = cx.tn;
    let mut m = Money {
        v: vec![Flows::default(); tn],
        e: vec![Flows::default(); tn],
    };
    if tn == 0 {
        return m;
    }
    hardware_flows(cx, &mut m);
    preinstalled_flows(cx, &mut m);
    left_out_entries(cx, &mut m);
    hall_capex(cx, &mut m);
    hall_and_power_residuals(cx, &mut m);
    site_and_power_capex(cx, &mut m);
    energy_flows(cx, &mut m);
    lease_and_internal_flows(cx, &mut m);
    m
}

/// Hardware: capex on delivery, maintenance in service, salvage at the
/// end of the last period in service, residual at the end of the horizon.
fn hardware_flows(cx: &Ctx, m: &mut Money) {
    let (sc, tn) = (cx.sc, cx.tn);
    let (f, e) = (&mut m.v, &mut m.e);
    for c in &cx.cohorts {
        let sku = &sc.skus[c.sku];
        let (capex, maint) = (sku.capex_usd_per_unit, sku.maintenance_usd_per_unit_period);
        f[c.t].hardware -= c.units * capex;
        e[c.t].hardware += slack(c.units, capex);
        let end = c.t + c.age;
        for u in c.t..end.min(tn) {
            f[u].maintenance -= c.units * maint;
            e[u].maintenance += slack(c.units, maint);
        }
        if end < tn {
            let value = unit_value_usd(sku, c.age);
            f[end - 1].salvage += c.units * value;
            e[end - 1].salvage += slack(c.units, value);
        } else {
            let value = unit_value_usd(sku, tn - c.t);
            f[tn - 1].residual += c.units * value;
            e[tn - 1].residual += slack(c.units, value);
        }
    }
}

/// Units installed before the horizon: maintenance while they serve, then
/// salvage at the end of their life or residual at the end of the horizon.
fn preinstalled_flows(cx: &Ctx, m: &mut Money) {
    let (sc, tn) = (cx.sc, cx.tn);
    let f = &mut m.v;
    for sku in &sc.skus {
        for &(s, n) in &sku.installed_at_start {
            if s >= sc.sites.len() {
                continue;
            }
            let left = preinstalled_periods_left(sku);
            for fu in f.iter_mut().take(left) {
                fu.maintenance -= n * sku.maintenance_usd_per_unit_period;
            }
            if left == 0 {
                continue;
            }
            if left < tn {
                f[left - 1].salvage += n * unit_value_usd(sku, sku.life_periods);
            } else {
                f[tn - 1].residual += n * unit_value_usd(sku, sku.installed_age_periods + tn);
            }
        }
    }
}

/// Entries the document leaves out because they round to zero may still
/// carry dust into its money: allow each one quantity tolerance.
fn left_out_entries(cx: &Ctx, m: &mut Money) {
    let (sc, tn) = (cx.sc, cx.tn);
    for (t, et) in m.e.iter_mut().enumerate() {
        for sku in &sc.skus {
            let n = QTY_ABS * (sku.retire_ages.len() * sc.sites.len()) as f64;
            et.hardware += n * sku.capex_usd_per_unit;
            et.maintenance += n * sku.maintenance_usd_per_unit_period;
            et.salvage += n * sku.capex_usd_per_unit;
            if t + 1 == tn {
                et.residual += n * sku.capex_usd_per_unit;
            }
        }
        for (s, site) in sc.sites.iter().enumerate() {
            for (hi, hall) in site.halls.iter().enumerate() {
                if hall.ready_at.is_none()
                    && !cx.built_halls.iter().any(|b| b.site == s && b.hall == hi)
                {
                    et.halls += QTY_ABS * hall.capex_usd_per_mw;
                }
            }
            if !site_stands(site) && !cx.opened.iter().any(|&(x, _, _)| x == s) {
                et.sites += QTY_ABS * site.development_capex_usd;
            }
            for b in &site.builds {
                et.power += QTY_ABS * b.capex_usd_per_mw;
            }
        }
    }
}

/// Halls: capex spread evenly over the build (all in the start period if
/// the build takes no time).
fn hall_capex(cx: &Ctx, m: &mut Money) {
    for b in &cx.built_halls {
        let hall = &cx.sc.sites[b.site].halls[b.hall];
        let periods = hall.build_periods.max(1);
        let per_mw = hall.capex_usd_per_mw / periods as f64;
        for u in (b.start..b.start + periods).take_while(|&u| u < cx.tn) {
            m.v[u].halls -= b.it_mw * per_mw;
            m.e[u].halls += slack(b.it_mw, per_mw);
        }
    }
}

/// Halls and power builds still have book value at the end: straight line
/// over their life from the period they enter service.
fn hall_and_power_residuals(cx: &Ctx, m: &mut Money) {
    let (sc, tn) = (cx.sc, cx.tn);
    for b in &cx.built_halls {
        let hall = &sc.sites[b.site].halls[b.hall];
        let per_mw = straight_line_value_usd(
            hall.capex_usd_per_mw,
            b.start + hall.build_periods,
            tn,
            hall.life_periods,
        );
        m.v[tn - 1].residual += b.it_mw * per_mw;
        m.e[tn - 1].residual += slack(b.it_mw, per_mw);
    }
    for b in &cx.builds {
        let build = &sc.sites[b.site].builds[b.opt];
        let per_mw = straight_line_value_usd(
            build.capex_usd_per_mw,
            b.order + build.lead_periods,
            tn,
            build.life_periods,
        );
        m.v[tn - 1].residual += b.mw * per_mw;
        m.e[tn - 1].residual += slack(b.mw, per_mw);
    }
}

/// Sites: development capex on opening (by share). Power: capex on order.
fn site_and_power_capex(cx: &Ctx, m: &mut Money) {
    let sc = cx.sc;
    for &(s, t, share) in &cx.opened {
        m.v[t].sites -= share * sc.sites[s].development_capex_usd;
        m.e[t].sites += slack(share, sc.sites[s].development_capex_usd);
    }
    for b in &cx.builds {
        let capex = sc.sites[b.site].builds[b.opt].capex_usd_per_mw;
        m.v[b.order].power -= b.mw * capex;
        m.e[b.order].power += slack(b.mw, capex);
    }
}

/// Energy: firm draws pay energy and demand charge, generation its fuel.
fn energy_flows(cx: &Ctx, m: &mut Money) {
    let sc = cx.sc;
    let h = cx.hours;
    for (&(t, s), sp) in &cx.site_periods {
        let site = &sc.sites[s];
        for (key, &mw) in &sp.draw_mw {
            let per_mw = if let Some(firm) = site.firm.iter().find(|x| &x.id == key) {
                h * firm.price_usd_per_mwh + firm.demand_charge_usd_per_mw_period
            } else if let Some(b) = site.builds.iter().find(|x| &x.id == key && !is_battery(x)) {
                h * b.price_usd_per_mwh
            } else {
                continue;
            };
            m.v[t].energy -= mw * per_mw;
            m.e[t].energy += slack(mw, per_mw);
        }
    }
}

/// Per period × site × SKU: leases (as the lease check summed them) and
/// internal value, `H × v × h_k` per internal GPU.
fn lease_and_internal_flows(cx: &Ctx, m: &mut Money) {
    let sc = cx.sc;
    let h = cx.hours;
    for t in 0..cx.tn {
        let (f, e) = (&mut m.v[t], &mut m.e[t]);
        for s in 0..sc.sites.len() {
            for (k, sku) in sc.skus.iter().enumerate() {
                f.lease += cx.lease_revenue.at(t, s, k);
                e.lease += cx.lease_slack.at(t, s, k);
                f.sales -= cx.sales_cost.at(t, s, k);
                e.sales += cx.sales_slack.at(t, s, k);
                let per_gpu = h * sc.internal_value_usd_per_h100e_hr * sku.h100e_per_gpu;
                let x = cx.internal.at(t, s, k);
                f.internal += x * per_gpu;
                e.internal += slack(x, per_gpu);
            }
        }
    }
}

/// The document's cash-flow table: one entry per period, each category as
/// recomputed, and each entry's own arithmetic.
fn cash_flows(cx: &Ctx, m: &Money, out: &mut Out) {
    let doc = &cx.plan.cash_flows;
    if doc.len() != cx.tn {
        out.push(
            "cash_flows",
            format!("{} cash flow entries for {} periods", doc.len(), cx.tn),
        );
    }
    for (t, cf) in doc.iter().enumerate().take(cx.tn) {
        let label = &cx.labels[t];
        if &cf.period != label {
            out.push(
                "cash_flows",
                format!("entry {} is for {}, expected {label}", t + 1, cf.period),
            );
        }
        flow_categories(label, cf, &m.v[t], &m.e[t], out);
        flow_arithmetic(cx, t, cf, out);
    }
}

/// Each category of one entry against the recomputed flow `r` (slack `e`).
fn flow_categories(label: &str, cf: &CashFlow, r: &Flows, e: &Flows, out: &mut Out) {
    for (name, stated, recomputed, slack) in [
        (
            "capex_hardware",
            cf.capex_hardware_usd,
            r.hardware,
            e.hardware,
        ),
        ("capex_halls", cf.capex_halls_usd, r.halls, e.halls),
        ("capex_power", cf.capex_power_usd, r.power, e.power),
        ("capex_sites", cf.capex_sites_usd, r.sites, e.sites),
        ("lease_revenue", cf.lease_revenue_usd, r.lease, e.lease),
        ("sales_cost", cf.sales_cost_usd, r.sales, e.sales),
        (
            "internal_value",
            cf.internal_value_usd,
            r.internal,
            e.internal,
        ),
        ("energy", cf.energy_usd, r.energy, e.energy),
        (
            "maintenance",
            cf.maintenance_usd,
            r.maintenance,
            e.maintenance,
        ),
        ("salvage", cf.salvage_usd, r.salvage, e.salvage),
        ("residual", cf.residual_usd, r.residual, e.residual),
    ] {
        if !close_m(stated, recomputed, slack) {
            out.push(
                "cash_flows",
                format!(
                    "{label}: {name} is {}, recomputed {}",
                    usd(stated),
                    usd(recomputed)
                ),
            );
        }
    }
}

/// The entry's own arithmetic (a wrong category is reported by
/// [`flow_categories`]): net is the sum of its categories, internal value
/// weighted; the discount factor is the scenario's for period `t`; discounted
/// is net times it.
fn flow_arithmetic(cx: &Ctx, t: usize, cf: &CashFlow, out: &mut Out) {
    let sc = cx.sc;
    let label = &cx.labels[t];
    let w = sc.internal_value_weight;
    let parts = [
        cf.capex_hardware_usd,
        cf.capex_halls_usd,
        cf.capex_power_usd,
        cf.capex_sites_usd,
        cf.lease_revenue_usd,
        cf.sales_cost_usd,
        w * cf.internal_value_usd,
        cf.energy_usd,
        cf.maintenance_usd,
        cf.salvage_usd,
        cf.residual_usd,
    ];
    let net: f64 = parts.iter().sum();
    let scale: f64 = parts.iter().map(|x| x.abs()).sum();
    if !eq_m(cf.net_usd, net, scale) {
        out.push(
            "cash_flows",
            format!(
                "{label}: net is {}, its categories sum to {}",
                usd(cf.net_usd),
                usd(net)
            ),
        );
    }
    let df = cx.discount[t];
    if !within(cf.discount_factor, df, 1e-9 + 1e-9 * df.abs()) {
        out.push(
            "cash_flows",
            format!(
                "{label}: discount factor {}, the scenario's is {}",
                cf.discount_factor, df
            ),
        );
    }
    if !eq_m(cf.discounted_usd, cf.net_usd * df, scale * df) {
        out.push(
            "cash_flows",
            format!(
                "{label}: discounted is {}, net × discount factor is {}",
                usd(cf.discounted_usd),
                usd(cf.net_usd * df)
            ),
        );
    }
}

/// A recomputed total and its tolerance beyond the money tolerance
/// (rounding scale × relative tolerance + slack).
type Total = (f64, f64);

/// The headline metrics, the solver objective, the GPUs at the end and the IRR.
fn metrics(cx: &Ctx, m: &Money, out: &mut Out) {
    let w = cx.sc.internal_value_weight;
    let df = &cx.discount;
    let npv: f64 = m.v.iter().enumerate().map(|(t, f)| f.net(w) * df[t]).sum();
    let npv_tol: f64 = (0..cx.tn)
        .map(|t| df[t] * (MONEY_REL * m.v[t].abs_sum(w) + m.e[t].abs_sum(w)))
        .sum();
    let penalty = unmet_penalty(cx);
    money_metrics(cx, m, (npv, npv_tol), penalty, out);
    solver_objective(cx, (npv, npv_tol), penalty, out);
    gpus_at_end(cx, out);
    irr(cx, m, out);
}

/// The unmet-demand penalty, discounted: `Σ_t δ_t H π (D_t − Served_t)`
/// (docs/model.md §9), with its tolerance.
fn unmet_penalty(cx: &Ctx) -> Total {
    let sc = cx.sc;
    let h = cx.hours;
    let served = super::demand::served(cx);
    let (mut penalty, mut penalty_tol) = (0.0, 0.0);
    for (t, served_t) in served.into_iter().enumerate() {
        let per_h100e = cx.discount[t] * h * sc.unmet_penalty_usd_per_h100e_hr;
        let term = per_h100e * (sc.demand_h100e.get(t).copied().unwrap_or(0.0) - served_t);
        penalty += term;
        penalty_tol += MONEY_REL * term.abs();
        for s in 0..sc.sites.len() {
            for (k, sku) in sc.skus.iter().enumerate() {
                penalty_tol += slack(cx.internal.at(t, s, k), per_h100e * sku.h100e_per_gpu);
            }
        }
    }
    (penalty, penalty_tol)
}

/// The money metrics against their recomputed values.
fn money_metrics(cx: &Ctx, m: &Money, npv: Total, penalty: Total, out: &mut Out) {
    let doc = &cx.plan.metrics;
    let total = |g: fn(&Flows) -> f64| -> Total {
        let v = m.v.iter().map(g).sum();
        let tol = m.v.iter().map(|f| MONEY_REL * g(f).abs()).sum::<f64>()
            + m.e.iter().map(|e| g(e).abs()).sum::<f64>();
        (v, tol)
    };
    let capex = total(|f| -f.capex());
    let lease = total(|f| f.lease);
    let internal = total(|f| f.internal);
    let opex = total(|f| -(f.energy + f.maintenance + f.sales));
    let residual = total(|f| f.salvage + f.residual);
    for (name, stated, (recomputed, tol)) in [
        ("npv_usd", doc.npv_usd, npv),
        ("capex_usd", doc.capex_usd, capex),
        ("lease_revenue_usd", doc.lease_revenue_usd, lease),
        ("internal_value_usd", doc.internal_value_usd, internal),
        ("opex_usd", doc.opex_usd, opex),
        ("residual_value_usd", doc.residual_value_usd, residual),
        (
            "unmet_demand_penalty_usd",
            doc.unmet_demand_penalty_usd,
            penalty,
        ),
    ] {
        if !close_m(stated, recomputed, tol) {
            out.push(
                "metrics",
                format!("{name} is {}, recomputed {}", usd(stated), usd(recomputed)),
            );
        }
    }
}

/// The solver's objective is NPV minus the penalty, by its own arithmetic:
/// checked more loosely.
fn solver_objective(cx: &Ctx, npv: Total, penalty: Total, out: &mut Out) {
    let ((npv, npv_tol), (penalty, penalty_tol)) = (npv, penalty);
    // Financed, the solver maximised the equity's NPV: the project's plus the
    // debt's and tax's flows (financing.rs checks that figure on its own).
    let financing = cx
        .plan
        .financing
        .as_ref()
        .map_or(0.0, |f| f.equity_npv_usd - cx.plan.metrics.npv_usd);
    let objective = npv + financing - penalty;
    let stated = cx.plan.solver.objective_usd;
    let scale = cx
        .plan
        .metrics
        .npv_usd
        .abs()
        .max(npv.abs())
        .max(penalty.abs())
        .max(stated.abs());
    if !within(
        stated,
        objective,
        1000.0 + 1e-5 * scale + npv_tol + penalty_tol,
    ) {
        out.push(
            "metrics",
            format!(
                "solver objective {} is not NPV minus the unmet-demand penalty, {}",
                usd(stated),
                usd(objective)
            ),
        );
    }
}

/// GPUs installed, leased and internal in the last period.
fn gpus_at_end(cx: &Ctx, out: &mut Out) {
    let Some(last) = cx.tn.checked_sub(1) else {
        return;
    };
    let sc = cx.sc;
    let doc = &cx.plan.metrics;
    let (mut gpus, mut leased, mut internal) = (0.0, 0.0, 0.0);
    for s in 0..sc.sites.len() {
        for (k, sku) in sc.skus.iter().enumerate() {
            gpus += sku.gpus_per_unit * cx.installed.at(last, s, k);
            leased += cx.leased.at(last, s, k);
            internal += cx.internal.at(last, s, k);
        }
    }
    for (name, stated, recomputed) in [
        ("gpus_end", doc.gpus_end, gpus),
        ("gpus_leased_end", doc.gpus_leased_end, leased),
        ("gpus_internal_end", doc.gpus_internal_end, internal),
    ] {
        if !within(
            stated as f64,
            recomputed,
            0.5 + tol_q(stated as f64, recomputed),
        ) {
            out.push(
                "metrics",
                format!("{name} is {stated}, recomputed {}", num(recomputed)),
            );
        }
    }
}

/// IRR: the net flows discounted at it sum to zero (whatever the timing
/// convention, a common factor). Whether it is undefined is not checked.
fn irr(cx: &Ctx, m: &Money, out: &mut Out) {
    let Some(irr) = cx.plan.metrics.irr else {
        return;
    };
    let w = cx.sc.internal_value_weight;
    let nets: Vec<f64> = m.v.iter().map(|f| f.net(w)).collect();
    let scale: f64 = nets.iter().map(|x| x.abs()).sum();
    let per = (1.0 + irr).powf(cx.sc.period_months as f64 / 12.0) - 1.0;
    let pv: f64 = nets
        .iter()
        .enumerate()
        .map(|(t, x)| x / (1.0 + per).powi(t as i32))
        .sum();
    if !irr.is_finite() || irr <= -1.0 || !within(pv, 0.0, 1.0 + 1e-3 * scale) {
        out.push(
            "metrics",
            format!(
                "irr {} does not zero the net cash flows (present value {} at that rate)",
                num(irr),
                usd(pv)
            ),
        );
    }
}

/// Capex (hardware, halls, power, sites) within the budget of each period
/// and over the horizon.
fn budget(cx: &Ctx, m: &Money, out: &mut Out) {
    let sc = cx.sc;
    let capex_slack = |t: usize| m.e[t].hardware + m.e[t].halls + m.e[t].power;
    for t in 0..cx.tn {
        let capex = -m.v[t].capex();
        if let Some(Some(b)) = sc.capex_budget_usd.get(t) {
            if !le_m(capex, *b + capex_slack(t)) {
                out.push(
                    "budget",
                    format!(
                        "{}: capex {} exceeds the budget of {}",
                        cx.labels[t],
                        usd(capex),
                        usd(*b)
                    ),
                );
            }
        }
    }
    if let Some(b) = sc.cumulative_capex_usd {
        let total: f64 = m.v.iter().map(|f| -f.capex()).sum();
        let slack: f64 = (0..cx.tn).map(capex_slack).sum();
        if !le_m(total, b + slack) {
            out.push(
                "budget",
                format!(
                    "capex {} over the horizon exceeds the budget of {}",
                    usd(total),
                    usd(b)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{plan, rules, scenario, show};
    use super::super::verify;
    use super::super::{CashFlow, PlanDoc};

    #[test]
    fn wrong_npv_is_caught() {
        let mut p = plan();
        p.metrics.npv_usd += 1000.0;
        let v = verify(&scenario(), &p);
        assert_eq!(
            rules(&v).into_iter().collect::<Vec<_>>(),
            vec!["metrics"],
            "{}",
            show(&v)
        );
        assert!(
            v[0].message
                .starts_with("npv_usd is $506,811, recomputed $505,811"),
            "{}",
            show(&v)
        );
    }

    #[test]
    fn small_rounding_is_tolerated() {
        let mut p = plan();
        p.metrics.npv_usd += 0.5;
        p.cash_flows[1].energy_usd += 0.3;
        p.solver.objective_usd -= 900.0;
        let v = verify(&scenario(), &p);
        assert!(v.is_empty(), "{}", show(&v));
    }

    #[test]
    fn wrong_category_is_caught() {
        let mut p = plan();
        p.cash_flows[2].energy_usd += 500.0;
        p.cash_flows[2].net_usd += 500.0;
        p.cash_flows[2].discounted_usd += 500.0 * p.cash_flows[2].discount_factor;
        let v = verify(&scenario(), &p);
        assert_eq!(v.len(), 1, "{}", show(&v));
        assert_eq!(
            v[0].to_string(),
            "[cash_flows] 2026Q3: energy is -$57,356, recomputed -$57,856"
        );
    }

    #[test]
    fn solver_objective_is_checked() {
        let mut p = plan();
        p.solver.objective_usd = p.metrics.npv_usd;
        let v = verify(&scenario(), &p);
        assert_eq!(
            rules(&v).into_iter().collect::<Vec<_>>(),
            vec!["metrics"],
            "{}",
            show(&v)
        );
    }

    #[test]
    fn irr_is_checked() {
        // Flows −8,500 then +164,426 …: an IRR of 5%/yr does not zero them.
        let mut p = plan();
        p.metrics.irr = Some(0.05);
        let v = verify(&scenario(), &p);
        assert_eq!(
            rules(&v).into_iter().collect::<Vec<_>>(),
            vec!["metrics"],
            "{}",
            show(&v)
        );
    }

    #[test]
    fn true_irr_passes() {
        // Bisect the yearly rate that zeroes the fixture's net flows (salvage
        // in Q3, the racks' last quarter in service; residual in Q4).
        let nets: Vec<f64> = plan().cash_flows.iter().map(|cf| cf.net_usd).collect();
        assert_eq!(nets, [-8500.0, 164_426.0, 274_070.0, 112_392.0]);
        let pv = |irr: f64| -> f64 {
            let per = (1.0f64 + irr).powf(0.25) - 1.0;
            nets.iter()
                .enumerate()
                .map(|(t, x)| x / (1.0 + per).powi(t as i32 + 1))
                .sum()
        };
        let (mut lo, mut hi) = (0.0, 1e12);
        for _ in 0..200 {
            let mid = (lo + hi) / 2.0;
            if pv(mid) > 0.0 {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let mut p = plan();
        p.metrics.irr = Some(lo);
        let v = verify(&scenario(), &p);
        assert!(v.is_empty(), "irr {lo}: {}", show(&v));
    }

    /// Moves one category of period `t` by `by` dollars, with the entry's net
    /// and discounted figures, so only the category's recomputation can tell.
    fn shift(p: &mut PlanDoc, t: usize, by: f64, field: fn(&mut CashFlow) -> &mut f64) {
        let cf = &mut p.cash_flows[t];
        *field(cf) += by;
        cf.net_usd += by;
        cf.discounted_usd += by * cf.discount_factor;
    }

    #[test]
    fn salvage_a_few_dollars_off_is_caught() {
        // 5 racks retired at age 2: 5 × 1000 × 0.25^(2/2) = $1,250.
        let mut p = plan();
        shift(&mut p, 2, 3.0, |cf| &mut cf.salvage_usd);
        let v = verify(&scenario(), &p);
        assert_eq!(
            show(&v),
            "[cash_flows] 2026Q3: salvage is $1,253, recomputed $1,250"
        );
    }

    #[test]
    fn residual_a_few_dollars_off_is_caught() {
        // 3 racks aged 2 at the end: 3 × $250 = $750.
        let mut p = plan();
        shift(&mut p, 3, -3.0, |cf| &mut cf.residual_usd);
        let v = verify(&scenario(), &p);
        assert_eq!(
            show(&v),
            "[cash_flows] 2026Q4: residual is $747, recomputed $750"
        );
    }

    #[test]
    fn book_value_follows_the_residual_fraction() {
        // At 36% left after the life, a rack aged 2 is worth $360: salvage
        // 5 × 360 = $1,800, residual 3 × 360 = $1,080.
        let mut sc = scenario();
        sc.skus[0].residual_fraction_end_of_life = 0.36;
        let v = verify(&sc, &plan());
        let m: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        assert!(
            m.contains(&"[cash_flows] 2026Q3: salvage is $1,250, recomputed $1,800".into()),
            "{}",
            show(&v)
        );
        assert!(
            m.contains(&"[cash_flows] 2026Q4: residual is $750, recomputed $1,080".into()),
            "{}",
            show(&v)
        );
    }

    #[test]
    fn hall_and_turbine_residuals_are_straight_line() {
        // The hall (1 MW × $2,000/MW) is ready in Q2 and the gas (0.5 MW ×
        // $3,000/MW) online in Q2: 3 of 4 periods served. With 8-period
        // lives, 5/8 is left: $1,250 + $937.50 on top of the racks' $750.
        let mut sc = scenario();
        sc.sites[0].halls[0].life_periods = 8;
        sc.sites[0].builds[0].life_periods = 8;
        let v = verify(&sc, &plan());
        let m: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        assert!(
            m.contains(&"[cash_flows] 2026Q4: residual is $750, recomputed $2,938".into()),
            "{}",
            show(&v)
        );
        // The plan that states it passes that check.
        let mut p = plan();
        shift(&mut p, 3, 2187.5, |cf| &mut cf.residual_usd);
        let v = verify(&sc, &p);
        assert!(
            v.iter().all(|x| !x.message.contains("residual is")),
            "{}",
            show(&v)
        );
    }

    #[test]
    fn budget_is_checked() {
        let mut sc = scenario();
        sc.capex_budget_usd[0] = Some(8000.0);
        let v = verify(&sc, &plan());
        assert_eq!(
            rules(&v).into_iter().collect::<Vec<_>>(),
            vec!["budget"],
            "{}",
            show(&v)
        );
        let mut sc = scenario();
        sc.cumulative_capex_usd = Some(16_500.0);
        assert!(verify(&sc, &plan()).is_empty());
        sc.cumulative_capex_usd = Some(16_000.0);
        assert_eq!(
            rules(&verify(&sc, &plan())).into_iter().collect::<Vec<_>>(),
            vec!["budget"]
        );
    }
}
