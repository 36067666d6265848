//! Loads and power per site-period, and the per period × site × SKU rows.

use indexmap::IndexMap;

use super::decisions::{Fleet, Leases};
use super::{clean, Reader};
use crate::catalog::sku::Cooling;
use crate::doc::{PlanRow, SitePeriod};
use crate::model::halls::{hall_capacity_mw, it_load_mw};
use crate::model::power::build_online_mw;
use crate::units::cents;

/// Site-periods, and what the rows need of them.
pub(super) struct Sites {
    pub site_periods: Vec<SitePeriod>,
    /// `[s][t]`: energy and demand charges, USD.
    pub energy_cost: Vec<Vec<f64>>,
    /// `[s][t]`: facility load, MW.
    pub facility: Vec<Vec<f64>>,
    /// `[s][t]`: power available, MW.
    pub available: Vec<Vec<f64>>,
}

pub(super) fn site_periods(r: &Reader) -> Sites {
    let (sc, nt) = (r.sc, r.nt());
    let mut out = Sites {
        site_periods: Vec::new(),
        energy_cost: vec![vec![0.0; nt]; sc.sites.len()],
        facility: vec![vec![0.0; nt]; sc.sites.len()],
        available: vec![vec![0.0; nt]; sc.sites.len()],
    };
    for (s, site) in sc.sites.iter().enumerate() {
        for t in 0..nt {
            let it_air = r.ev(&it_load_mw(&r.cx, s, Cooling::Air, t));
            let it_liq = r.ev(&it_load_mw(&r.cx, s, Cooling::Liquid, t));
            let fac = site.pue_air * it_air + site.pue_liquid * it_liq;
            let mut avail = site.firm_mw_by(t);
            for g in 0..site.builds.len() {
                avail += r.ev(&build_online_mw(&r.cx, s, g, t));
            }
            // What the peak may use: the usable share of the nameplate.
            avail *= site.peak_usable_share;
            let (draw, cost) = draws(r, s, t);
            out.energy_cost[s][t] = cost;
            out.facility[s][t] = fac;
            out.available[s][t] = avail;
            out.site_periods.push(SitePeriod {
                period: r.label(t),
                site: site.id.clone(),
                it_load_mw: clean(it_air + it_liq),
                facility_load_mw: clean(fac),
                facility_avg_mw: clean(sc.load_factor * fac),
                power_available_mw: clean(avail),
                hall_mw_air: clean(r.ev(&hall_capacity_mw(&r.cx, s, Cooling::Air, t))),
                hall_mw_liquid: clean(r.ev(&hall_capacity_mw(&r.cx, s, Cooling::Liquid, t))),
                draw_mw: draw,
            });
        }
    }
    out
}

/// MW drawn from each firm source and generator at site `s` in `t`, and
/// what that energy costs, USD.
fn draws(r: &Reader, s: usize, t: usize) -> (IndexMap<String, f64>, f64) {
    let (sc, site) = (r.sc, &r.sc.sites[s]);
    let mut draw = IndexMap::new();
    let mut cost = 0.0;
    for (f, firm) in site.firm.iter().enumerate() {
        if let Some(&d) = r.model.vars.draw_firm.get(&(s, f, t)) {
            let mw = clean(r.val(d));
            cost += mw
                * (sc.hours_per_period * firm.price_usd_per_mwh
                    + firm.demand_charge_usd_per_mw_period);
            draw.insert(firm.id.clone(), mw);
        }
    }
    for (g, b) in site.builds.iter().enumerate() {
        if let Some(&d) = r.model.vars.draw_gen.get(&(s, g, t)) {
            let mw = clean(r.val(d));
            cost += mw * sc.hours_per_period * b.price_usd_per_mwh;
            draw.insert(b.id.clone(), mw);
        }
    }
    (draw, cost)
}

/// One row per period × site × SKU with anything installed, added or retired;
/// energy cost shared by facility load.
pub(super) fn rows(r: &Reader, fleet: &Fleet, leases: &Leases, sites: &Sites) -> Vec<PlanRow> {
    let (sc, vars) = (r.sc, &r.model.vars);
    let (added, retired) = (&fleet.added, &fleet.retired);
    let mut rows = Vec::new();
    for t in 0..r.nt() {
        for (s, site) in sc.sites.iter().enumerate() {
            for (k, sku) in sc.skus.iter().enumerate() {
                let Some(&u) = vars.units.get(&(s, k, t)) else {
                    continue;
                };
                let units = clean(r.val(u));
                if units <= 0.0 && added[s][k][t] <= 0.0 && retired[s][k][t] <= 0.0 {
                    continue;
                }
                let internal = clean(r.val(vars.internal[&(s, k, t)]));
                let leased = vars
                    .leased
                    .get(&(s, k, t))
                    .map(|&l| clean(r.val(l)))
                    .unwrap_or(0.0);
                let it = units * sku.it_kw_per_unit / 1000.0;
                let fac = it * site.pue(sku.cooling);
                let share = if sites.facility[s][t] > 0.0 {
                    fac / sites.facility[s][t]
                } else {
                    0.0
                };
                rows.push(PlanRow {
                    period: r.label(t),
                    site: site.id.clone(),
                    sku: sku.id.clone(),
                    units_added: clean(added[s][k][t]),
                    units_retired: clean(retired[s][k][t]),
                    units_installed: units,
                    gpus_internal: internal,
                    gpus_leased: leased,
                    it_load_mw: clean(it),
                    facility_load_mw: clean(fac),
                    power_available_mw: clean(sites.available[s][t]),
                    capex_usd: cents(added[s][k][t] * sku.capex_usd_per_unit),
                    opex_usd: cents(
                        units * sku.maintenance_usd_per_unit_period
                            + share * sites.energy_cost[s][t],
                    ),
                    revenue_usd: cents(leases.revenue[s][k][t]),
                });
            }
        }
    }
    rows
}
