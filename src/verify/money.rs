//! Money: every period's cash flows by category recomputed from the plan's
//! physical entries and the scenario's prices, then the headline metrics,
//! the solver objective and the capex budget.

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

    /// Sum of the magnitudes: the scale of `net`'s rounding.
    fn scale(&self) -> f64 {
        [
            self.hardware,
            self.halls,
            self.power,
            self.sites,
            self.lease,
            self.sales,
            self.internal,
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

pub(super) fn check(cx: &Ctx, out: &mut Out) {
    let flows = recompute(cx);
    cash_flows(cx, &flows, out);
    metrics(cx, &flows, out);
    budget(cx, &flows, out);
}

fn recompute(cx: &Ctx) -> Vec<Flows> {
    let sc = cx.sc;
    let tn = cx.tn;
    let h = sc.hours_per_period;
    let mut f = vec![Flows::default(); tn];
    if tn == 0 {
        return f;
    }

    // Hardware: capex on delivery, salvage on retirement, residual at the end.
    for c in &cx.cohorts {
        let sku = &sc.skus[c.sku];
        f[c.t].hardware -= c.units * sku.capex_usd_per_unit;
        let end = c.t + c.age;
        if end < tn {
            f[end].salvage += c.units * sku.value_at_age_usd(c.age);
        } else {
            f[tn - 1].residual += c.units * sku.value_at_age_usd(tn - c.t);
        }
    }
    for sku in &sc.skus {
        for &(s, n) in &sku.installed_at_start {
            if s >= sc.sites.len() {
                continue;
            }
            if sku.life_periods < tn {
                f[sku.life_periods].salvage += n * sku.value_at_age_usd(sku.life_periods);
            } else {
                f[tn - 1].residual += n * sku.value_at_age_usd(tn);
            }
        }
    }

    // Halls: capex spread evenly over the build.
    for b in &cx.built_halls {
        let hall = &sc.sites[b.site].halls[b.hall];
        let periods = hall.build_periods.max(1);
        let per = hall.it_mw * hall.capex_usd_per_mw / periods as f64;
        for fu in f.iter_mut().skip(b.start).take(periods) {
            fu.halls -= per;
        }
    }
    for &(s, t) in &cx.opened {
        f[t].sites -= sc.sites[s].development_capex_usd;
    }
    for b in &cx.builds {
        f[b.order].power -= b.mw * sc.sites[b.site].builds[b.opt].capex_usd_per_mw;
    }

    // Energy: firm draws pay energy and demand charge, generation its fuel.
    for (&(t, s), sp) in &cx.site_periods {
        let site = &sc.sites[s];
        for (key, &mw) in &sp.draw_mw {
            if let Some(firm) = site.firm.iter().find(|x| &x.id == key) {
                f[t].energy -=
                    mw * (h * firm.price_usd_per_mwh + firm.demand_charge_usd_per_mw_period);
            } else if let Some(b) = site.builds.iter().find(|x| &x.id == key) {
                if !b.is_battery() {
                    f[t].energy -= mw * h * b.price_usd_per_mwh;
                }
            }
        }
    }

    // Per period × site × SKU: maintenance, leases, internal value.
    for (t, ft) in f.iter_mut().enumerate() {
        for s in 0..sc.sites.len() {
            for (k, sku) in sc.skus.iter().enumerate() {
                ft.maintenance -= cx.installed.at(t, s, k) * sku.maintenance_usd_per_unit_period;
                ft.lease += cx.lease_revenue.at(t, s, k);
                ft.sales -= cx.sales_cost.at(t, s, k);
                ft.internal += cx.internal.at(t, s, k)
                    * h
                    * sc.internal_value_usd_per_h100e_hr
                    * sku.h100e_per_gpu;
            }
        }
    }
    f
}

fn cash_flows(cx: &Ctx, flows: &[Flows], out: &mut Out) {
    let sc = cx.sc;
    let w = sc.internal_value_weight;
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
        let r = &flows[t];
        for (name, stated, recomputed) in [
            ("capex_hardware", cf.capex_hardware_usd, r.hardware),
            ("capex_halls", cf.capex_halls_usd, r.halls),
            ("capex_power", cf.capex_power_usd, r.power),
            ("capex_sites", cf.capex_sites_usd, r.sites),
            ("lease_revenue", cf.lease_revenue_usd, r.lease),
            ("sales_cost", cf.sales_cost_usd, r.sales),
            ("internal_value", cf.internal_value_usd, r.internal),
            ("energy", cf.energy_usd, r.energy),
            ("maintenance", cf.maintenance_usd, r.maintenance),
            ("salvage", cf.salvage_usd, r.salvage),
            ("residual", cf.residual_usd, r.residual),
        ] {
            if !eq_m(stated, recomputed, 0.0) {
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
        // The entry's own arithmetic (a wrong category is reported above).
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
        let df = sc.discount[t];
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
}

fn metrics(cx: &Ctx, flows: &[Flows], out: &mut Out) {
    let sc = cx.sc;
    let m = &cx.plan.metrics;
    let w = sc.internal_value_weight;
    let h = sc.hours_per_period;

    let npv: f64 = flows
        .iter()
        .enumerate()
        .map(|(t, f)| f.net(w) * sc.discount[t])
        .sum();
    let npv_scale: f64 = flows
        .iter()
        .enumerate()
        .map(|(t, f)| f.scale() * sc.discount[t])
        .sum();
    let sum = |g: fn(&Flows) -> f64| -> (f64, f64) {
        (
            flows.iter().map(g).sum(),
            flows.iter().map(|f| g(f).abs()).sum(),
        )
    };
    let capex = sum(|f| -f.capex());
    let lease = sum(|f| f.lease);
    let internal = sum(|f| f.internal);
    let opex = sum(|f| -(f.energy + f.maintenance + f.sales));
    let residual = sum(|f| f.salvage + f.residual);

    let served = super::demand::served(cx);
    let penalty_terms: Vec<f64> = (0..cx.tn)
        .map(|t| {
            sc.discount[t]
                * h
                * sc.unmet_penalty_usd_per_h100e_hr
                * (sc.demand_h100e.get(t).copied().unwrap_or(0.0) - served[t])
        })
        .collect();
    let penalty: f64 = penalty_terms.iter().sum();
    let penalty_scale: f64 = penalty_terms.iter().map(|x| x.abs()).sum();

    for (name, stated, (recomputed, scale)) in [
        ("npv_usd", m.npv_usd, (npv, npv_scale)),
        ("capex_usd", m.capex_usd, capex),
        ("lease_revenue_usd", m.lease_revenue_usd, lease),
        ("internal_value_usd", m.internal_value_usd, internal),
        ("opex_usd", m.opex_usd, opex),
        ("residual_value_usd", m.residual_value_usd, residual),
        (
            "unmet_demand_penalty_usd",
            m.unmet_demand_penalty_usd,
            (penalty, penalty_scale),
        ),
    ] {
        if !eq_m(stated, recomputed, scale) {
            out.push(
                "metrics",
                format!("{name} is {}, recomputed {}", usd(stated), usd(recomputed)),
            );
        }
    }

    // The solver's objective is its own arithmetic: looser.
    let objective = npv - penalty;
    let scale = m
        .npv_usd
        .abs()
        .max(npv.abs())
        .max(penalty.abs())
        .max(cx.plan.solver.objective_usd.abs());
    if !within(
        cx.plan.solver.objective_usd,
        objective,
        1000.0 + 1e-5 * scale,
    ) {
        out.push(
            "metrics",
            format!(
                "solver objective {} is not NPV minus the unmet-demand penalty, {}",
                usd(cx.plan.solver.objective_usd),
                usd(objective)
            ),
        );
    }

    // GPUs at the end.
    if let Some(last) = cx.tn.checked_sub(1) {
        let (mut gpus, mut leased, mut internal) = (0.0, 0.0, 0.0);
        for s in 0..sc.sites.len() {
            for (k, sku) in sc.skus.iter().enumerate() {
                gpus += sku.gpus_per_unit * cx.installed.at(last, s, k);
                leased += cx.leased.at(last, s, k);
                internal += cx.internal.at(last, s, k);
            }
        }
        for (name, stated, recomputed) in [
            ("gpus_end", m.gpus_end, gpus),
            ("gpus_leased_end", m.gpus_leased_end, leased),
            ("gpus_internal_end", m.gpus_internal_end, internal),
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

    // IRR: the net flows discounted at it sum to zero (whatever the timing
    // convention, a common factor). Whether it is undefined is not checked.
    if let Some(irr) = m.irr {
        let nets: Vec<f64> = flows.iter().map(|f| f.net(w)).collect();
        let scale: f64 = nets.iter().map(|x| x.abs()).sum();
        let per = (1.0 + irr).powf(sc.period_months as f64 / 12.0) - 1.0;
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
}

/// Capex (hardware, halls, power, sites) within the budget of each period
/// and over the horizon.
fn budget(cx: &Ctx, flows: &[Flows], out: &mut Out) {
    let sc = cx.sc;
    for (t, f) in flows.iter().enumerate() {
        if let Some(Some(b)) = sc.capex_budget_usd.get(t) {
            if !le_m(-f.capex(), *b) {
                out.push(
                    "budget",
                    format!(
                        "{}: capex {} exceeds the budget of {}",
                        cx.labels[t],
                        usd(-f.capex()),
                        usd(*b)
                    ),
                );
            }
        }
    }
    if let Some(b) = sc.cumulative_capex_usd {
        let total: f64 = flows.iter().map(|f| -f.capex()).sum();
        if !le_m(total, b) {
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
                .starts_with("npv_usd is $438,289, recomputed $437,289"),
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
        p.cash_flows[2].discounted_usd += 400.0;
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
        // Bisect the yearly rate that zeroes the fixture's net flows.
        let nets = [-8500.0, 164_426.0, 272_820.0, 113_642.0];
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
