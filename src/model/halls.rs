//! Halls: site opening, phasing, the shell, and IT load within built capacity
//! by cooling type.
//!
//! - `hall_once[s,h]`: $\sum_t y_{s,h,t} \le 1$ — a hall is built at most once.
//! - `hall_needs_site[s,h,t]`: $\sum_{\tau\le t} y_{s,h,\tau} \le \sum_{\tau \le t} o_{s,\tau}$ —
//!   construction starts only once the site is opened (development capex paid).
//! - `site_once[s]`: $\sum_t o_{s,t} \le 1$.
//! - `hall_phase[s,h,t]`: $\sum_{\tau\le t} y_{s,h,\tau} \le \sum_{\tau\le t} y_{s,h',\tau}$ for
//!   a hall h built after h' (an existing h' counts as started).
//! - `shell[s]`: $\sum_h \mathrm{MW}_h (E_h + \sum_t y_{s,h,t}) \le \mathrm{Shell}_s$.
//! - `it_cooling[s,c,t]`: $\sum_{k: c_k = c} \frac{\mathrm{kW}_k}{1000} u_{s,k,t} \le
//!   \sum_{h: c_h = c} \mathrm{MW}_h \big(E_{h,t} + \sum_{\tau \le t - B_h} y_{s,h,\tau}\big)$ —
//!   design IT load of each cooling type fits in the ready halls of that type;
//!   liquid SKUs therefore only go in liquid halls, air SKUs only in air halls. MW.

use good_lp::Expression;

use super::lp::Sense;
use super::Ctx;
use crate::catalog::sku::Cooling;

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
                for tau in 0..=t {
                    if tau + hall.build_periods > t {
                        break;
                    }
                    if let Some(&y) = cx.v.hall_start.get(&(s, h, tau)) {
                        e += hall.it_mw * y;
                    }
                }
            }
        }
    }
    e
}

fn started_by(cx: &Ctx, s: usize, h: usize, t: usize) -> Expression {
    let hall = &cx.sc.sites[s].halls[h];
    if hall.ready_at.is_some() {
        return Expression::from(1.0);
    }
    let mut e = Expression::default();
    for tau in 0..=t {
        if let Some(&y) = cx.v.hall_start.get(&(s, h, tau)) {
            e += y;
        }
    }
    e
}

pub fn halls_are_built_once_in_phase_on_open_sites(cx: &mut Ctx) {
    let sc = cx.sc;
    let nt = sc.num_periods();
    for (s, site) in sc.sites.iter().enumerate() {
        let opens: Vec<_> = (0..nt)
            .filter_map(|t| cx.v.open.get(&(s, t)).copied())
            .collect();
        if !opens.is_empty() {
            let e: Expression = opens.iter().copied().sum();
            cx.lp
                .row(format!("site_once[{}]", cx.n.s(s)), e, Sense::Le, 1.0);
        }
        let mut shell = Expression::default();
        for (h, hall) in site.halls.iter().enumerate() {
            if hall.ready_at.is_some() {
                shell += hall.it_mw;
                continue;
            }
            let starts: Vec<_> = (0..nt)
                .filter_map(|t| cx.v.hall_start.get(&(s, h, t)).copied())
                .collect();
            if starts.is_empty() {
                continue;
            }
            let all: Expression = starts.iter().copied().sum();
            shell += hall.it_mw * all.clone();
            cx.lp.row(
                format!("hall_once[{},{}]", cx.n.s(s), hall.id),
                all,
                Sense::Le,
                1.0,
            );
            for t in 0..nt {
                if !cx.v.hall_start.contains_key(&(s, h, t)) {
                    continue;
                }
                if !site.preexisting() {
                    let mut e = started_by(cx, s, h, t);
                    for tau in 0..=t {
                        if let Some(&o) = cx.v.open.get(&(s, tau)) {
                            e -= o;
                        }
                    }
                    cx.lp.row(
                        format!("hall_needs_site[{},{},{}]", cx.n.s(s), hall.id, cx.n.t(t)),
                        e,
                        Sense::Le,
                        0.0,
                    );
                }
                if let Some(prev) = hall.after {
                    let e = started_by(cx, s, h, t) - started_by(cx, s, prev, t);
                    cx.lp.row(
                        format!("hall_phase[{},{},{}]", cx.n.s(s), hall.id, cx.n.t(t)),
                        e,
                        Sense::Le,
                        0.0,
                    );
                }
            }
        }
        cx.lp.row(
            format!("shell[{}]", cx.n.s(s)),
            shell,
            Sense::Le,
            site.shell_mw,
        );
    }
}

/// Design IT MW of cooling `c` at site s in t.
pub fn it_load_mw(cx: &Ctx, s: usize, c: Cooling, t: usize) -> Expression {
    let mut e = Expression::default();
    for (k, sku) in cx.sc.skus.iter().enumerate() {
        if sku.cooling == c {
            if let Some(&u) = cx.v.units.get(&(s, k, t)) {
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
                let name = format!("it_cooling[{},{},{}]", cx.n.s(s), c.as_str(), cx.n.t(t));
                cx.lp.row(name, e, Sense::Le, 0.0);
            }
        }
    }
}
