//! Leases and use of installed GPUs.
//!
//! - `lease_stock[s,k,t]`: $\ell_{s,k,t} = \ell_{s,k,t-1} + \sum_{n,j} x_{s,k,n,j,t} - \sum_{n,j} x_{s,k,n,j,t-N_n}$
//!   — a lease signed in t holds its GPUs for its whole tenor $N_n$ (periods).
//! - `tier_stock[k,j,t]`: the same balance for GPUs under lease at tier j, all sites.
//! - `depth[k,j,t]`: $\ell^{tier}_{k,j,t} \le \mathrm{Depth}_{k,j}$ — market depth:
//!   beyond a tier's GPUs, further leases sell at the next tier's lower price.
//! - `gpus[s,k,t]`: $g^{int}_{s,k,t} + \ell_{s,k,t} \le \mathrm{GPU}_k\, u_{s,k,t}$ — leases
//!   plus internal use within installed GPUs.
//! - `leased_share_min`/`_max`: $\sum_{s,k,t} \ell_{s,k,t} \gtrless \sigma \sum_{s,k,t} \mathrm{GPU}_k u_{s,k,t}$
//!   — the leased share of GPU-hours (equal hours per period cancel).

use good_lp::Expression;

use super::lp::Sense;
use super::Ctx;

pub fn leases_hold_for_their_tenor(cx: &mut Ctx) {
    let sc = cx.sc;
    let nt = sc.num_periods();
    for (k, sku) in sc.skus.iter().enumerate() {
        let Some(lease) = &sku.lease else { continue };
        let signed = |cx: &Ctx,
                      s_filter: Option<usize>,
                      j_filter: Option<usize>,
                      t: usize,
                      minus_tenor: bool| {
            let mut e = Expression::default();
            for s in 0..sc.sites.len() {
                if s_filter.is_some_and(|x| x != s) {
                    continue;
                }
                for (n, tenor) in lease.tenors.iter().enumerate() {
                    for j in 0..lease.tiers.len() {
                        if j_filter.is_some_and(|x| x != j) {
                            continue;
                        }
                        let tau = if minus_tenor {
                            match t.checked_sub(tenor.periods) {
                                Some(x) => x,
                                None => continue,
                            }
                        } else {
                            t
                        };
                        if let Some(&x) = cx.v.lease.get(&(s, k, n, j, tau)) {
                            e += x;
                        }
                    }
                }
            }
            e
        };
        for s in 0..sc.sites.len() {
            for t in 0..nt {
                let Some(&l) = cx.v.leased.get(&(s, k, t)) else {
                    continue;
                };
                let mut e = Expression::from(l) - signed(cx, Some(s), None, t, false)
                    + signed(cx, Some(s), None, t, true);
                if t > 0 {
                    e -= cx.v.leased[&(s, k, t - 1)];
                }
                cx.lp.row(
                    format!("lease_stock[{},{},{}]", cx.n.s(s), cx.n.k(k), cx.n.t(t)),
                    e,
                    Sense::Eq,
                    0.0,
                );
            }
        }
        for (j, (depth, _)) in lease.tiers.iter().enumerate() {
            for t in 0..nt {
                let tl = cx.v.tier_leased[&(k, j, t)];
                let mut e = Expression::from(tl) - signed(cx, None, Some(j), t, false)
                    + signed(cx, None, Some(j), t, true);
                if t > 0 {
                    e -= cx.v.tier_leased[&(k, j, t - 1)];
                }
                cx.lp.row(
                    format!("tier_stock[{},tier{},{}]", cx.n.k(k), j + 1, cx.n.t(t)),
                    e,
                    Sense::Eq,
                    0.0,
                );
                cx.lp.row(
                    format!("depth[{},tier{},{}]", cx.n.k(k), j + 1, cx.n.t(t)),
                    Expression::from(tl),
                    Sense::Le,
                    *depth,
                );
            }
        }
    }
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
                    format!("gpus[{},{},{}]", cx.n.s(s), cx.n.k(k), cx.n.t(t)),
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
            "leased_share_min".into(),
            leased.clone() - sc.min_leased_share * gpus.clone(),
            Sense::Ge,
            0.0,
        );
    }
    if sc.max_leased_share < 1.0 {
        cx.lp.row(
            "leased_share_max".into(),
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
