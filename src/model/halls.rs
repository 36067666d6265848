//! Halls: site opening, phasing, the shell, and IT load within built capacity
//! by cooling type.
//!
//! The yes/no decisions are cumulative: $O_{s,t}$ = site opened by t,
//! $Z_{s,h,t}$ = hall started by t, each binary and non-decreasing in t (the
//! opening, or the start, is the period where it steps from 0 to 1). Every
//! row below then has one term per decision, not one per earlier period.
//!
//! - `opened_by_grows[s,t]`: $O_{s,t-1} - O_{s,t} \le 0$ — a site opens at most once.
//! - `hall_started_by_grows[s,h,t]`: $Z_{s,h,t-1} - Z_{s,h,t} \le 0$ — a hall is built at most once.
//! - `hall_needs_site[s,h,t]`: $Z_{s,h,t} - O_{s,t} \le 0$ — construction
//!   starts only once the site is opened (development capex paid).
//! - `hall_phase[s,h,t]`: $Z_{s,h,t} - Z_{s,h',t} \le 0$ for a hall h built
//!   after h' (an h' that stands already counts as started: no row).
//! - `shell[s]`: $\sum_h \mathrm{MW}_h (E_h + Z_{s,h,T_h}) \le \mathrm{Shell}_s$,
//!   $T_h$ the last period h can start.
//! - `it_cooling[s,c,t]`: $\sum_{k: c_k = c} \frac{\mathrm{kW}_k}{1000} u_{s,k,t} \le
//!   \sum_{h: c_h = c} \mathrm{MW}_h \big(E_{h,t} + Z_{s,h,t - B_h}\big)$ —
//!   design IT load of each cooling type fits in the ready halls of that type;
//!   liquid SKUs therefore only go in liquid halls, air SKUs only in air halls. MW.

use super::family::Family;
use good_lp::Expression;

use super::lp::Sense;
use super::variables::Vars;
use super::Ctx;
use crate::catalog::sku::Cooling;
use crate::scenario::Scenario;

/// Hall capacity of cooling `c` ready at site s in period t, MW.
pub fn hall_capacity_mw(cx: &Ctx, s: usize, c: Cooling, t: usize) -> Expression {
    let site = &cx.sc.sites[s];
    let mut e = Expression::default();
    for (h, hall) in site.halls.iter().enumerate() {
        if hall.cooling != c {
            continue;
        }
        match hall.ready_at {
            Some(r) if r <= t => e += hall.it_mw,
            Some(_) => {}
            None => {
                let ready = t
                    .checked_sub(hall.build_periods)
                    .and_then(|tau| cx.v.hall_started(cx.sc, s, h, tau));
                if let Some(z) = ready {
                    e += hall.it_mw * z;
                }
            }
        }
    }
    e
}

/// Hall h of site s started by t: 1 for a hall that stands already.
fn started_by(cx: &Ctx, s: usize, h: usize, t: usize) -> Expression {
    if cx.sc.sites[s].halls[h].ready_at.is_some() {
        return Expression::from(1.0);
    }
    match cx.v.hall_started(cx.sc, s, h, t) {
        Some(z) => Expression::from(z),
        None => Expression::default(),
    }
}

pub fn halls_are_built_once_in_phase_on_open_sites(cx: &mut Ctx) {
    let sc = cx.sc;
    let nt = sc.num_periods();
    for (s, site) in sc.sites.iter().enumerate() {
        for t in 1..nt {
            if let (Some(now), Some(before)) = (cx.v.opened(s, t), cx.v.opened(s, t - 1)) {
                let name = Family::OpenedByGrows.at(format!("{},{}", cx.n.s(s), cx.n.t(t)));
                super::grows(cx, name, now, before);
            }
        }
        let mut shell = Expression::default();
        for (h, hall) in site.halls.iter().enumerate() {
            if hall.ready_at.is_some() {
                shell += hall.it_mw;
                continue;
            }
            let Some(last) = super::variables::last_hall_start(sc, s, h) else {
                continue;
            };
            if let Some(z) = cx.v.hall_started(sc, s, h, last) {
                shell += hall.it_mw * z;
            }
            for t in 0..=last {
                let Some(z) = cx.v.hall_started_by.get(&(s, h, t)).copied() else {
                    continue;
                };
                if let Some(before) = super::variables::previous(&cx.v.hall_started_by, (s, h, t)) {
                    let name = Family::HallStartedByGrows.at(format!(
                        "{},{},{}",
                        cx.n.s(s),
                        hall.id,
                        cx.n.t(t)
                    ));
                    super::grows(cx, name, z, before);
                }
                if !site.preexisting() {
                    let mut e = Expression::from(z);
                    if let Some(o) = cx.v.opened(s, t) {
                        e -= o;
                    }
                    cx.lp.row(
                        Family::HallNeedsSite.at(format!(
                            "{},{},{}",
                            cx.n.s(s),
                            hall.id,
                            cx.n.t(t)
                        )),
                        e,
                        Sense::Le,
                        0.0,
                    );
                }
                if let Some(prev) = hall.after {
                    if site.halls[prev].ready_at.is_none() {
                        let e = z - started_by(cx, s, prev, t);
                        cx.lp.row(
                            Family::HallPhase.at(format!(
                                "{},{},{}",
                                cx.n.s(s),
                                hall.id,
                                cx.n.t(t)
                            )),
                            e,
                            Sense::Le,
                            0.0,
                        );
                    }
                }
            }
        }
        cx.lp.row(
            Family::Shell.at(cx.n.s(s).to_string()),
            shell,
            Sense::Le,
            site.shell_mw,
        );
    }
}

/// Design IT MW of cooling `c` at site s in t.
pub fn it_load_mw(cx: &Ctx, s: usize, c: Cooling, t: usize) -> Expression {
    it_load_mw_of(cx.sc, &cx.v, s, c, t)
}

/// [`it_load_mw`] of a built model's variables.
pub fn it_load_mw_of(sc: &Scenario, v: &Vars, s: usize, c: Cooling, t: usize) -> Expression {
    let mut e = Expression::default();
    for (k, sku) in sc.skus.iter().enumerate() {
        if sku.cooling == c {
            if let Some(&u) = v.units.get(&(s, k, t)) {
                e += (sku.it_kw_per_unit / 1000.0) * u;
            }
        }
    }
    e
}

pub fn it_load_within_hall_capacity(cx: &mut Ctx) {
    let sc = cx.sc;
    for s in 0..sc.sites.len() {
        for c in Cooling::ALL {
            for t in 0..sc.num_periods() {
                let load = it_load_mw(cx, s, c, t);
                if super::is_empty(&load) {
                    continue;
                }
                let e = load - hall_capacity_mw(cx, s, c, t);
                let name =
                    Family::ItCooling.at(format!("{},{},{}", cx.n.s(s), c.as_str(), cx.n.t(t)));
                cx.lp.row(name, e, Sense::Le, 0.0);
            }
        }
    }
}
