//! Power: a site's facility load never exceeds the power it has.
//!
//! Peak (`power[s,t]`), MW of nameplate:
//! $$\frac{1}{\phi_s}\sum_c \mathrm{PUE}_{s,c}\, \mathrm{IT}_{s,c,t} \le \sum_{f\,\mathrm{energized}} \mathrm{MW}_f + \sum_{g} \beta_g M_{s,g,t - L_g}$$
//! — design IT load times PUE fits the share $\phi_s$ (`peak_usable_share`,
//! default 1) of the firm grid/PPA MW energized by t, plus generation and
//! batteries online by t. Its dual is the value of one more nameplate MW
//! at the site in that period.
//!
//! Energy (`energy[s,t]`), average MW:
//! $$\lambda \sum_c \mathrm{PUE}_{s,c}\, \mathrm{IT}_{s,c,t} \le \sum_f d_{s,f,t} + \sum_{g \notin \mathrm{batt}} e_{s,g,t}$$
//! with load factor λ; draws are bounded by the source's MW (`draw_firm` by a
//! column bound, `gen_cap[s,g,t]`: $e_{s,g,t} \le \beta_g M_{s,g,t-L_g}$).
//! Batteries add peak MW but no energy. Each MW drawn costs its source's price.
//!
//! Builds: $M_{s,g,t}$ is the order book, blocks (or MW) ordered by t, so an
//! order placed in τ is online from τ + L_g on. It never falls
//! (`ordered_by_grows[s,g,t]`: $M_{s,g,t-1} - M_{s,g,t} \le 0$), and its column
//! bound $\lfloor \mathrm{MaxMW}_g / \beta_g \rfloor$ caps what can be built.

use super::family::Family;
use good_lp::Expression;

use super::halls::it_load_mw_of;
use super::lp::Sense;
use super::variables::Vars;
use super::Ctx;
use crate::catalog::sku::Cooling;
use crate::scenario::Scenario;

/// MW of build g at site s online in t (ordered at least its lead time before).
pub fn build_online_mw(cx: &Ctx, s: usize, g: usize, t: usize) -> Expression {
    let b = &cx.sc.sites[s].builds[g];
    let ordered = t
        .checked_sub(b.lead_periods)
        .and_then(|tau| cx.v.ordered(cx.sc, s, g, tau));
    match ordered {
        Some(m) => b.block_mw.unwrap_or(1.0) * m,
        None => Expression::default(),
    }
}

fn facility_load_mw(cx: &Ctx, s: usize, t: usize) -> Expression {
    facility_load_mw_of(cx.sc, &cx.v, s, t)
}

/// Design facility load of site s in t, MW: $\sum_c \mathrm{PUE}_{s,c}\, \mathrm{IT}_{s,c,t}$.
pub fn facility_load_mw_of(sc: &Scenario, v: &Vars, s: usize, t: usize) -> Expression {
    let site = &sc.sites[s];
    let mut e = Expression::default();
    for c in Cooling::ALL {
        e += site.pue(c) * it_load_mw_of(sc, v, s, c, t);
    }
    e
}

pub fn power_covers_facility_load(cx: &mut Ctx) {
    let sc = cx.sc;
    for (s, site) in sc.sites.iter().enumerate() {
        for t in 0..sc.num_periods() {
            let load = facility_load_mw(cx, s, t);
            if super::is_empty(&load) {
                continue;
            }
            let firm_mw = site.firm_mw_by(t);
            let mut peak = (1.0 / site.peak_usable_share) * load.clone();
            let mut energy = sc.load_factor * load;
            for g in 0..site.builds.len() {
                peak -= build_online_mw(cx, s, g, t);
            }
            for f in 0..site.firm.len() {
                if let Some(&d) = cx.v.draw_firm.get(&(s, f, t)) {
                    energy -= d;
                }
            }
            for g in 0..site.builds.len() {
                if let Some(&d) = cx.v.draw_gen.get(&(s, g, t)) {
                    energy -= d;
                }
            }
            cx.lp.row(
                Family::Power.at(format!("{},{}", cx.n.s(s), cx.n.t(t))),
                peak,
                Sense::Le,
                firm_mw,
            );
            cx.lp.row(
                Family::Energy.at(format!("{},{}", cx.n.s(s), cx.n.t(t))),
                energy,
                Sense::Le,
                0.0,
            );
        }
    }
}

pub fn generation_within_built_capacity(cx: &mut Ctx) {
    let sc = cx.sc;
    for (s, site) in sc.sites.iter().enumerate() {
        for (g, b) in site.builds.iter().enumerate() {
            for t in 1..sc.num_periods() {
                if let Some(&m) = cx.v.ordered_by.get(&(s, g, t)) {
                    if let Some(before) = super::variables::previous(&cx.v.ordered_by, (s, g, t)) {
                        let name = Family::OrderedByGrows.at(format!(
                            "{},{},{}",
                            cx.n.s(s),
                            b.id,
                            cx.n.t(t)
                        ));
                        super::grows(cx, name, m, before);
                    }
                }
            }
            for t in 0..sc.num_periods() {
                if let Some(&d) = cx.v.draw_gen.get(&(s, g, t)) {
                    let e = d - build_online_mw(cx, s, g, t);
                    cx.lp.row(
                        Family::GenCap.at(format!("{},{},{}", cx.n.s(s), b.id, cx.n.t(t))),
                        e,
                        Sense::Le,
                        0.0,
                    );
                }
            }
        }
    }
}
