//! Leases and use of installed GPUs.
//!
//! A site signs leases by tenor; the market prices them by tier. Tiers are
//! the market's depth, shared by every site, so the split into tiers is made
//! once per SKU, tenor and period, not per site — which keeps every row short
//! (no row sums over sites × tenors × tiers).
//!
//! - `lease_stock[s,k,t]`: $\ell_{s,k,t} = \ell_{s,k,t-1} + \sum_{n} x_{s,k,n,t} - \sum_{n} x_{s,k,n,t-N_n}$
//!   — a lease signed in t holds its GPUs for its whole tenor $N_n$ (periods).
//! - `lease_tiers[k,n,t]`: $\sum_s x_{s,k,n,t} = \sum_j q_{k,n,j,t}$ — what
//!   the sites sign, the market sells at its tiers.
//! - `tier_stock[k,j,t]`: $\ell^{tier}_{k,j,t} = \ell^{tier}_{k,j,t-1} + \sum_n q_{k,n,j,t} - \sum_n q_{k,n,j,t-N_n}$
//!   — GPUs under lease at tier j, all sites.
//! - `depth[k,j,t]`: $\ell^{tier}_{k,j,t} \le \mathrm{Depth}_{k,j}$ — market depth:
//!   beyond a tier's GPUs, further leases sell at the next tier's lower price.
//! - `gpus[s,k,t]`: $g^{int}_{s,k,t} + \ell_{s,k,t} \le \mathrm{GPU}_k\, u_{s,k,t}$ — leases
//!   plus internal use within installed GPUs.
//! - `leased_share_min`/`_max`: $\sum_{s,k,t} \ell_{s,k,t} \gtrless \sigma \sum_{s,k,t} \mathrm{GPU}_k u_{s,k,t}$
//!   — the leased share of GPU-hours (equal hours per period cancel).

use super::family::Family;
use good_lp::{Expression, Variable};

use super::lp::Sense;
use super::variables::previous;
use super::Ctx;
use crate::scenario::ScenarioTenor;

pub fn leases_hold_for_their_tenor(cx: &mut Ctx) {
    let sc = cx.sc;
    let nt = sc.num_periods();
    for (k, sku) in sc.skus.iter().enumerate() {
        let Some(lease) = &sku.lease else { continue };
        for s in 0..sc.sites.len() {
            for t in 0..nt {
                let Some(&l) = cx.v.leased.get(&(s, k, t)) else {
                    continue;
                };
                let before = previous(&cx.v.leased, (s, k, t));
                let e = tenor_balance(l, before, &lease.tenors, t, |n, tau| {
                    cx.v.lease.get(&(s, k, n, tau)).copied()
                });
                cx.lp.row(
                    Family::LeaseStock.at(format!("{},{},{}", cx.n.s(s), cx.n.k(k), cx.n.t(t))),
                    e,
                    Sense::Eq,
                    0.0,
                );
            }
        }
        for (n, tenor) in lease.tenors.iter().enumerate() {
            for t in 0..nt {
                if !cx.v.lease_tier.contains_key(&(k, n, 0, t)) {
                    continue;
                }
                let mut e = Expression::default();
                for s in 0..sc.sites.len() {
                    if let Some(&x) = cx.v.lease.get(&(s, k, n, t)) {
                        e += x;
                    }
                }
                for j in 0..lease.tiers.len() {
                    e -= cx.v.lease_tier[&(k, n, j, t)];
                }
                cx.lp.row(
                    Family::LeaseTiers.at(format!("{},{},{}", cx.n.k(k), tenor.label, cx.n.t(t))),
                    e,
                    Sense::Eq,
                    0.0,
                );
            }
        }
        for (j, (depth, _)) in lease.tiers.iter().enumerate() {
            for t in 0..nt {
                let Some(&tl) = cx.v.tier_leased.get(&(k, j, t)) else {
                    continue;
                };
                let before = previous(&cx.v.tier_leased, (k, j, t));
                let e = tenor_balance(tl, before, &lease.tenors, t, |n, tau| {
                    cx.v.lease_tier.get(&(k, n, j, tau)).copied()
                });
                cx.lp.row(
                    Family::TierStock.at(format!("{},tier{},{}", cx.n.k(k), j + 1, cx.n.t(t))),
                    e,
                    Sense::Eq,
                    0.0,
                );
                cx.lp.row(
                    Family::Depth.at(format!("{},tier{},{}", cx.n.k(k), j + 1, cx.n.t(t))),
                    Expression::from(tl),
                    Sense::Le,
                    *depth,
                );
            }
        }
    }
}

/// A stock of GPUs under lease in t, kept by what is signed:
/// $\mathrm{stock}_t - \mathrm{stock}_{t-1} - \sum_n \mathrm{signed}_{n,t} + \sum_n \mathrm{signed}_{n,t-N_n}$
/// (= 0), with `signed(n, τ)` the variable of tenor n signed in τ, if any.
fn tenor_balance(
    stock: Variable,
    before: Option<Variable>,
    tenors: &[ScenarioTenor],
    t: usize,
    signed: impl Fn(usize, usize) -> Option<Variable>,
) -> Expression {
    let mut e = Expression::from(stock);
    if let Some(b) = before {
        e -= b;
    }
    for (n, tenor) in tenors.iter().enumerate() {
        if let Some(x) = signed(n, t) {
            e -= x;
        }
        if let Some(x) = t.checked_sub(tenor.periods).and_then(|tau| signed(n, tau)) {
            e += x;
        }
    }
    e
}

pub fn use_within_installed_gpus(cx: &mut Ctx) {
    let sc = cx.sc;
    for (s, _) in sc.sites.iter().enumerate() {
        for (k, sku) in sc.skus.iter().enumerate() {
            for t in 0..sc.num_periods() {
                let Some(&u) = cx.v.units.get(&(s, k, t)) else {
                    continue;
                };
                let mut e = Expression::from(cx.v.internal[&(s, k, t)]) - sku.gpus_per_unit * u;
                if let Some(&l) = cx.v.leased.get(&(s, k, t)) {
                    e += l;
                }
                cx.lp.row(
                    Family::Gpus.at(format!("{},{},{}", cx.n.s(s), cx.n.k(k), cx.n.t(t))),
                    e,
                    Sense::Le,
                    0.0,
                );
            }
        }
    }
}

pub fn leased_share_within_policy(cx: &mut Ctx) {
    let sc = cx.sc;
    if sc.min_leased_share <= 0.0 && sc.max_leased_share >= 1.0 {
        return;
    }
    let mut leased = Expression::default();
    let mut gpus = Expression::default();
    for (&(_, k, _), &u) in sorted(&cx.v.units) {
        gpus += sc.skus[k].gpus_per_unit * u;
    }
    for (_, &l) in sorted(&cx.v.leased) {
        leased += l;
    }
    if sc.min_leased_share > 0.0 {
        cx.lp.row(
            Family::LeasedShareMin.at(""),
            leased.clone() - sc.min_leased_share * gpus.clone(),
            Sense::Ge,
            0.0,
        );
    }
    if sc.max_leased_share < 1.0 {
        cx.lp.row(
            Family::LeasedShareMax.at(""),
            leased - sc.max_leased_share * gpus,
            Sense::Le,
            0.0,
        );
    }
}

/// Map entries in key order, so rows come out the same on every run.
pub fn sorted<K: Ord + Copy, V>(m: &std::collections::HashMap<K, V>) -> Vec<(&K, &V)> {
    let mut v: Vec<_> = m.iter().collect();
    v.sort_by_key(|(k, _)| **k);
    v
}
