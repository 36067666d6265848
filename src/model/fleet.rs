//! Fleet balance: installed units follow deliveries and retirements.
//!
//! $$u_{s,k,t} = u_{s,k,t-1} + \sum_a b_{s,k,a,t} - \sum_a b_{s,k,a,t-A_a} + U^0_{s,k,t} - U^0_{s,k,t-1}$$
//!
//! for every site s, SKU k, period t; $b_{s,k,a,t}$ are units delivered in t
//! that retire at age $A_a$ (the useful life, or an earlier refresh age), and
//! $U^0$ the units installed before the horizon, which retire at the life.
//! Units, not GPUs. Rows `fleet[s,k,t]`.

use super::family::Family;
use good_lp::Expression;

use super::lp::Sense;
use super::Ctx;

pub fn fleet_follows_deliveries(cx: &mut Ctx) {
    let sc = cx.sc;
    for (s, _) in sc.sites.iter().enumerate() {
        for (k, sku) in sc.skus.iter().enumerate() {
            for t in 0..sc.num_periods() {
                let Some(&u) = cx.v.units.get(&(s, k, t)) else {
                    continue;
                };
                let mut e = Expression::from(u);
                if let Some(before) = super::variables::previous(&cx.v.units, (s, k, t)) {
                    e -= before;
                }
                for (a, age) in sku.retire_ages.iter().enumerate() {
                    if let Some(&b) = cx.v.buy.get(&(s, k, a, t)) {
                        e -= b;
                    }
                    if t >= *age {
                        if let Some(&b) = cx.v.buy.get(&(s, k, a, t - age)) {
                            e += b;
                        }
                    }
                }
                let pre = |t: usize| preinstalled(sc, s, k, t);
                let rhs = pre(t) - if t > 0 { pre(t - 1) } else { 0.0 };
                let name = Family::Fleet.at(format!("{},{},{}", cx.n.s(s), cx.n.k(k), cx.n.t(t)));
                cx.lp.row(name, e, Sense::Eq, rhs);
            }
        }
    }
}

/// Units installed before the horizon still in service in t (they retire at
/// the end of their life, counted from `installed_since`).
pub fn preinstalled(sc: &crate::scenario::Scenario, s: usize, k: usize, t: usize) -> f64 {
    let sku = &sc.skus[k];
    if t >= sku.preinstalled_periods_left() {
        return 0.0;
    }
    sku.installed_at_start
        .iter()
        .filter(|(i, _)| *i == s)
        .map(|(_, n)| n)
        .sum()
}
