//! From a solution back to a plan: the decisions, the per-row table, loads and
//! power, and the cash flows priced by the model.

use indexmap::IndexMap;

use crate::catalog::sku::Cooling;
use crate::doc::*;
use crate::model::cash::Category;
use crate::model::halls::{hall_capacity_mw, it_load_mw};
use crate::model::leases::sorted;
use crate::model::power::build_online_mw;
use crate::model::variables::step_value;
use crate::model::{Ctx, Model};
use crate::scenario::Scenario;
use crate::solve::{Solution, Status};

/// Values below this are solver noise.
const EPS: f64 = 1e-7;

fn clean(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    if r.abs() < EPS || r == 0.0 {
        0.0
    } else {
        r
    }
}

fn usd(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// The plan of `sol`, everything but the metrics that need the cash flows
/// (filled here too) and the shadow prices (filled by the caller).
pub fn plan_doc(sc: &Scenario, model: &Model, sol: &Solution, relaxed: bool) -> PlanDoc {
    let nt = sc.num_periods();
    // Every value the plan reports and prices: clamped to its bounds and with
    // solver dust removed, so that the decisions listed and the money they
    // carry agree (an interior-point -2e-9 of a $1.4B hall is not -$2.7 of capex).
    let values: Vec<f64> = model
        .lp
        .columns
        .iter()
        .zip(&sol.values)
        .map(|(c, &x)| clean(x.clamp(c.lower, c.upper)))
        .collect();
    let val = |v: good_lp::Variable| values[model.lp.index[&v]];
    let label = |t: usize| sc.periods[t].to_string();
    // A context to reuse the model's expressions (no rows are added).
    let cx = Ctx {
        lp: Default::default(),
        v: model.vars.clone(),
        sc,
        n: crate::model::variables::Names { sc },
    };
    let ev = |e: &good_lp::Expression| {
        use good_lp::IntoAffineExpression;
        e.linear_coefficients()
            .map(|(v, a)| a * val(v))
            .sum::<f64>()
            + e.constant()
    };

    // Cash flows by period and category, and energy cost by site-period.
    let mut flows = vec![IndexMap::<Category, f64>::new(); nt];
    for f in &model.flows {
        let x = f.var.map(val).unwrap_or(1.0);
        *flows[f.period].entry(f.category).or_default() += x * f.usd;
    }

    let mut deliveries = Vec::new();
    let mut added = vec![vec![vec![0.0; nt]; sc.skus.len()]; sc.sites.len()];
    let mut retired = added.clone();
    for (&(s, k, a, t), &b) in sorted(&model.vars.buy) {
        let units = clean(val(b));
        if units <= 0.0 {
            continue;
        }
        let age = sc.skus[k].retire_ages[a];
        added[s][k][t] += units;
        if t + age < nt {
            retired[s][k][t + age] += units;
        }
        deliveries.push(Delivery {
            site: sc.sites[s].id.clone(),
            sku: sc.skus[k].id.clone(),
            period: label(t),
            units,
            retire_age_periods: age,
            retires: (t + age < nt).then(|| label(t + age)),
        });
    }
    for (k, sku) in sc.skus.iter().enumerate() {
        for &(s, n) in &sku.installed_at_start {
            let left = sku.preinstalled_periods_left();
            if left < nt {
                retired[s][k][left] += n;
            }
        }
    }

    let mut leases = Vec::new();
    let mut lease_rev = vec![vec![vec![0.0; nt]; sc.skus.len()]; sc.sites.len()];
    // Sites sign, the market's tiers price: each site's leases of a SKU,
    // tenor and start are split across tiers in the market's proportions,
    // so every site's GPUs go at the same blended price.
    for (&(k, n, j, tau), &w) in sorted(&model.vars.lease_tier) {
        let at_tier = val(w);
        if at_tier <= 0.0 {
            continue;
        }
        let signed: Vec<(usize, f64)> = (0..sc.sites.len())
            .filter_map(|s| Some((s, val(*model.vars.lease.get(&(s, k, n, tau))?))))
            .filter(|(_, x)| *x > 0.0)
            .collect();
        let total: f64 = signed.iter().map(|(_, x)| x).sum();
        let lease = sc.skus[k].lease.as_ref().expect("leasable");
        let tenor = &lease.tenors[n];
        let price = tenor.price_usd_per_gpu_hr[tau] * lease.tiers[j].1;
        for (s, x) in signed {
            let gpus = clean(x * at_tier / total);
            if gpus <= 0.0 {
                continue;
            }
            let billed = gpus * sc.hours_per_period * price * lease.billed_utilization;
            for rev in &mut lease_rev[s][k][tau..(tau + tenor.periods).min(nt)] {
                *rev += billed;
            }
            leases.push((
                (s, k, n, j, tau),
                LeaseSigned {
                    sku: sc.skus[k].id.clone(),
                    site: sc.sites[s].id.clone(),
                    start: label(tau),
                    tenor: tenor.label.clone(),
                    tenor_periods: tenor.periods,
                    tier: j + 1,
                    gpus,
                    price_usd_per_gpu_hr: price,
                },
            ));
        }
    }
    // In site, SKU, tenor, tier and start order.
    leases.sort_by_key(|(key, _)| *key);
    let leases: Vec<LeaseSigned> = leases.into_iter().map(|(_, l)| l).collect();

    // Site-periods.
    let mut site_periods = Vec::new();
    let mut energy_cost = vec![vec![0.0; nt]; sc.sites.len()];
    let mut facility = vec![vec![0.0; nt]; sc.sites.len()];
    let mut available = vec![vec![0.0; nt]; sc.sites.len()];
    for (s, site) in sc.sites.iter().enumerate() {
        for t in 0..nt {
            let it_air = ev(&it_load_mw(&cx, s, Cooling::Air, t));
            let it_liq = ev(&it_load_mw(&cx, s, Cooling::Liquid, t));
            let fac = site.pue_air * it_air + site.pue_liquid * it_liq;
            let mut avail = site.firm_mw_by(t);
            for g in 0..site.builds.len() {
                avail += ev(&build_online_mw(&cx, s, g, t));
            }
            let mut draw = IndexMap::new();
            let mut cost = 0.0;
            for (f, firm) in site.firm.iter().enumerate() {
                if let Some(&d) = model.vars.draw_firm.get(&(s, f, t)) {
                    let mw = clean(val(d));
                    cost += mw
                        * (sc.hours_per_period * firm.price_usd_per_mwh
                            + firm.demand_charge_usd_per_mw_period);
                    draw.insert(firm.id.clone(), mw);
                }
            }
            for (g, b) in site.builds.iter().enumerate() {
                if let Some(&d) = model.vars.draw_gen.get(&(s, g, t)) {
                    let mw = clean(val(d));
                    cost += mw * sc.hours_per_period * b.price_usd_per_mwh;
                    draw.insert(b.id.clone(), mw);
                }
            }
            energy_cost[s][t] = cost;
            facility[s][t] = fac;
            available[s][t] = avail;
            site_periods.push(SitePeriod {
                period: label(t),
                site: site.id.clone(),
                it_load_mw: clean(it_air + it_liq),
                facility_load_mw: clean(fac),
                facility_avg_mw: clean(sc.load_factor * fac),
                power_available_mw: clean(avail),
                hall_mw_air: clean(ev(&hall_capacity_mw(&cx, s, Cooling::Air, t))),
                hall_mw_liquid: clean(ev(&hall_capacity_mw(&cx, s, Cooling::Liquid, t))),
                draw_mw: draw,
            });
        }
    }

    // Rows.
    let mut rows = Vec::new();
    for t in 0..nt {
        for (s, site) in sc.sites.iter().enumerate() {
            for (k, sku) in sc.skus.iter().enumerate() {
                let Some(&u) = model.vars.units.get(&(s, k, t)) else {
                    continue;
                };
                let units = clean(val(u));
                if units <= 0.0 && added[s][k][t] <= 0.0 && retired[s][k][t] <= 0.0 {
                    continue;
                }
                let internal = clean(val(model.vars.internal[&(s, k, t)]));
                let leased = model
                    .vars
                    .leased
                    .get(&(s, k, t))
                    .map(|&l| clean(val(l)))
                    .unwrap_or(0.0);
                let it = units * sku.it_kw_per_unit / 1000.0;
                let fac = it * site.pue(sku.cooling);
                let share = if facility[s][t] > 0.0 {
                    fac / facility[s][t]
                } else {
                    0.0
                };
                rows.push(PlanRow {
                    period: label(t),
                    site: site.id.clone(),
                    sku: sku.id.clone(),
                    units_added: clean(added[s][k][t]),
                    units_retired: clean(retired[s][k][t]),
                    units_installed: units,
                    gpus_internal: internal,
                    gpus_leased: leased,
                    it_load_mw: clean(it),
                    facility_load_mw: clean(fac),
                    power_available_mw: clean(available[s][t]),
                    capex_usd: usd(added[s][k][t] * sku.capex_usd_per_unit),
                    opex_usd: usd(
                        units * sku.maintenance_usd_per_unit_period + share * energy_cost[s][t]
                    ),
                    revenue_usd: usd(lease_rev[s][k][t]),
                });
            }
        }
    }

    let mut halls = Vec::new();
    let mut sites_opened = Vec::new();
    let mut power_builds = Vec::new();
    for (s, site) in sc.sites.iter().enumerate() {
        for (h, hall) in site.halls.iter().enumerate() {
            if let Some(r) = hall.ready_at {
                halls.push(HallBuilt {
                    site: site.id.clone(),
                    hall: hall.id.clone(),
                    cooling: hall.cooling.as_str().into(),
                    it_mw: hall.it_mw,
                    start: None,
                    ready: label(r.min(nt - 1)),
                });
            }
            // Starts, openings and orders are the steps of cumulative
            // variables: X_t - X_{t-1}.
            for t in 0..nt {
                if let Some(y) = step_value(&model.vars.hall_started_by, (s, h, t), val) {
                    let y = clean(y);
                    if y > 0.0 {
                        halls.push(HallBuilt {
                            site: site.id.clone(),
                            hall: hall.id.clone(),
                            cooling: hall.cooling.as_str().into(),
                            it_mw: clean(hall.it_mw * y),
                            start: Some(label(t)),
                            ready: label(t + hall.build_periods),
                        });
                    }
                }
            }
        }
        for t in 0..nt {
            if let Some(share) = step_value(&model.vars.opened_by, (s, t), val) {
                let share = clean(share);
                if share > 0.0 {
                    sites_opened.push(SiteOpened {
                        site: site.id.clone(),
                        period: label(t),
                        share,
                    });
                }
            }
        }
        for (g, b) in site.builds.iter().enumerate() {
            for t in 0..nt {
                if let Some(ordered) = step_value(&model.vars.ordered_by, (s, g, t), val) {
                    let mw = clean(ordered * b.block_mw.unwrap_or(1.0));
                    if mw > 0.0 {
                        power_builds.push(PowerBuilt {
                            site: site.id.clone(),
                            option: b.id.clone(),
                            kind: b.kind.as_str().into(),
                            order: label(t),
                            online: label(t + b.lead_periods),
                            mw,
                        });
                    }
                }
            }
        }
    }

    // Run placements: every site with a share of the run (one, in an
    // integer plan), in site order.
    let mut training_runs = Vec::new();
    for (r, run) in sc.runs.iter().enumerate() {
        for (s, site) in sc.sites.iter().enumerate() {
            let Some(&z) = model.vars.run_site.get(&(r, s)) else {
                continue;
            };
            let share = val(z);
            if share > 0.0 {
                training_runs.push(RunPlaced {
                    id: run.id.clone(),
                    site: site.id.clone(),
                    gpus: run.gpus,
                    from: label(run.from),
                    to: label(run.to),
                    share,
                });
            }
        }
    }

    // Cash flow table and metrics.
    let get = |t: usize, c: Category| flows[t].get(&c).copied().unwrap_or(0.0);
    let mut cash_flows = Vec::new();
    let w = sc.internal_value_weight;
    for t in 0..nt {
        let cats = [
            Category::HardwareCapex,
            Category::HallCapex,
            Category::PowerCapex,
            Category::SiteCapex,
            Category::LeaseRevenue,
            Category::SalesCost,
            Category::Energy,
            Category::Maintenance,
            Category::Salvage,
            Category::Residual,
        ];
        let net: f64 =
            cats.iter().map(|c| get(t, *c)).sum::<f64>() + w * get(t, Category::InternalValue);
        cash_flows.push(CashFlow {
            period: label(t),
            capex_hardware_usd: usd(get(t, Category::HardwareCapex)),
            capex_halls_usd: usd(get(t, Category::HallCapex)),
            capex_power_usd: usd(get(t, Category::PowerCapex)),
            capex_sites_usd: usd(get(t, Category::SiteCapex)),
            lease_revenue_usd: usd(get(t, Category::LeaseRevenue)),
            sales_cost_usd: usd(get(t, Category::SalesCost)),
            internal_value_usd: usd(get(t, Category::InternalValue)),
            energy_usd: usd(get(t, Category::Energy)),
            maintenance_usd: usd(get(t, Category::Maintenance)),
            salvage_usd: usd(get(t, Category::Salvage)),
            residual_usd: usd(get(t, Category::Residual)),
            net_usd: usd(net),
            discount_factor: sc.discount[t],
            discounted_usd: usd(net * sc.discount[t]),
        });
    }
    let sum = |f: &dyn Fn(&CashFlow) -> f64| cash_flows.iter().map(f).sum::<f64>();
    let served: Vec<f64> = (0..nt)
        .map(|t| {
            rows.iter()
                .filter(|r| r.period == label(t))
                .map(|r| r.gpus_internal * sc.skus[sc.sku(&r.sku).unwrap()].h100e_per_gpu)
                .sum()
        })
        .collect();
    let penalty: f64 = (0..nt)
        .map(|t| {
            sc.discount[t]
                * sc.hours_per_period
                * sc.unmet_penalty_usd_per_h100e_hr
                * (sc.demand_h100e[t] - served[t])
        })
        .sum();
    let leased: f64 = rows.iter().map(|r| r.gpus_leased).sum();
    let gpus: f64 = rows
        .iter()
        .map(|r| r.units_installed * sc.skus[sc.sku(&r.sku).unwrap()].gpus_per_unit)
        .sum();
    let last = label(nt - 1);
    let end = |f: &dyn Fn(&PlanRow) -> f64| {
        rows.iter()
            .filter(|r| r.period == last)
            .map(f)
            .sum::<f64>()
            .round() as u64
    };
    let metrics = Metrics {
        npv_usd: usd(sum(&|c| c.discounted_usd)),
        capex_usd: usd(-sum(&|c| {
            c.capex_hardware_usd + c.capex_halls_usd + c.capex_power_usd + c.capex_sites_usd
        })),
        lease_revenue_usd: usd(sum(&|c| c.lease_revenue_usd)),
        internal_value_usd: usd(sum(&|c| c.internal_value_usd)),
        opex_usd: usd(-sum(&|c| {
            c.energy_usd + c.maintenance_usd + c.sales_cost_usd
        })),
        residual_value_usd: usd(sum(&|c| c.salvage_usd + c.residual_usd)),
        unmet_demand_penalty_usd: usd(penalty),
        leased_share: if gpus > 0.0 {
            clean(leased / gpus)
        } else {
            0.0
        },
        irr: irr(
            &cash_flows.iter().map(|c| c.net_usd).collect::<Vec<_>>(),
            sc.period_months,
        ),
        internal_value_weight: w,
        gpus_end: end(&|r| r.units_installed * sc.skus[sc.sku(&r.sku).unwrap()].gpus_per_unit),
        gpus_leased_end: end(&|r| r.gpus_leased),
        gpus_internal_end: end(&|r| r.gpus_internal),
    };
    PlanDoc {
        schema_version: SCHEMA_VERSION,
        scenario: sc.name.clone(),
        description: sc.description.clone(),
        periods: sc.periods.iter().map(|p| p.to_string()).collect(),
        solver: SolverInfo {
            backend: sol.backend.name().into(),
            status: match sol.status {
                Status::Optimal => "optimal",
                _ => "feasible",
            }
            .into(),
            objective_usd: usd(sol.objective_musd * 1e6),
            mip_gap: sol.mip_gap.map(clean),
            relaxed,
        },
        metrics,
        rows,
        site_periods,
        deliveries,
        leases,
        halls,
        sites_opened,
        power_builds,
        training_runs,
        cash_flows,
        shadow_prices: ShadowPrices::default(),
        graph: Default::default(),
    }
}

/// Yearly IRR of per-period cash flows, by bisection on the per-period rate;
/// `None` when the flows do not change sign (no rate makes the NPV zero).
pub fn irr(flows: &[f64], period_months: i64) -> Option<f64> {
    let npv = |r: f64| {
        flows
            .iter()
            .enumerate()
            .map(|(t, c)| c / (1.0 + r).powi(t as i32 + 1))
            .sum::<f64>()
    };
    let has_neg = flows.iter().any(|c| *c < 0.0);
    let has_pos = flows.iter().any(|c| *c > 0.0);
    if !has_neg || !has_pos {
        return None;
    }
    let (mut lo, mut hi) = (-0.99_f64, 10.0_f64);
    let (flo, fhi) = (npv(lo), npv(hi));
    if flo.signum() == fhi.signum() {
        return None;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if npv(mid).signum() == flo.signum() {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let per = 0.5 * (lo + hi);
    let yearly = (1.0 + per).powf(12.0 / period_months as f64) - 1.0;
    Some((yearly * 1e6).round() / 1e6)
}
