//! Leases: each contract against its market (tenor, tier, price), market
//! depth, GPUs in use against GPUs installed, and the leased share.

use super::*;

pub(super) fn check(cx: &mut Ctx, out: &mut Out) {
    contracts(cx, out);
    depth(cx, out);
    gpu_use(cx, out);
    rows(cx, out);
    leased_share(cx, out);
}

fn contracts(cx: &mut Ctx, out: &mut Out) {
    let plan = cx.plan;
    for l in &plan.leases {
        contract(cx, l, out);
    }
}

/// One signed lease: it resolves, holds a non-negative number of GPUs and
/// agrees with its market; its GPUs, revenue and sales cost are booked for
/// every period of its tenor within the horizon.
fn contract(cx: &mut Ctx, l: &LeaseSigned, out: &mut Out) {
    let sc = cx.sc;
    let refs = [
        ("site", l.site.as_str(), Ref::of(sc.site(&l.site))),
        ("SKU", l.sku.as_str(), Ref::of(sc.sku(&l.sku))),
        ("period", l.start.as_str(), Ref::of(cx.period(&l.start))),
    ];
    let [s, k, t] = match resolve(refs) {
        Ok(i) => i,
        Err(e) => {
            out.push(
                "leases",
                format!(
                    "lease of {} {} at {} from {}: {e}",
                    num(l.gpus),
                    l.sku,
                    l.site,
                    l.start
                ),
            );
            return;
        }
    };
    let at = format!("{} {} {}", l.site, l.sku, l.start);
    if !l.gpus.is_finite() || l.gpus < -tol_q(l.gpus, 0.0) {
        out.push("leases", format!("{at}: lease of {} GPUs", num(l.gpus)));
    }
    let mut lease = Lease {
        sku: k,
        t,
        periods: l.tenor_periods,
        tier: None,
        gpus: l.gpus,
        price: l.price_usd_per_gpu_hr,
    };
    let (billed, sales) = match &sc.skus[k].lease {
        None => {
            out.push(
                "leases",
                format!(
                    "{at}: {} GPUs leased, but the SKU has no lease market",
                    num(l.gpus)
                ),
            );
            (1.0, 0.0)
        }
        Some(m) => {
            against_market(l, m, &mut lease, &at, out);
            (m.billed_utilization, m.sales_cost_fraction)
        }
    };
    book(cx, s, &lease, billed, sales);
    cx.leases.push(lease);
}

/// A lease against its SKU's market `m`: the tenor is offered and runs the
/// stated periods, the tier exists, the price is the tenor's list price in
/// the start period times the tier's factor. `lease` takes the scenario's
/// tenor length, tier and price where they resolve.
fn against_market(l: &LeaseSigned, m: &ScenarioLease, lease: &mut Lease, at: &str, out: &mut Out) {
    let tenor = m.tenors.iter().find(|x| x.label == l.tenor);
    match tenor {
        None => out.push(
            "leases",
            format!(
                "{at}: tenor `{}` is not offered (offered: {})",
                l.tenor,
                m.tenors
                    .iter()
                    .map(|x| x.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        Some(x) => {
            if x.periods != l.tenor_periods {
                out.push(
                    "leases",
                    format!(
                        "{at}: tenor {} runs {} periods, not {}",
                        l.tenor, x.periods, l.tenor_periods
                    ),
                );
            }
            lease.periods = x.periods;
        }
    }
    if l.tier == 0 || l.tier > m.tiers.len() {
        out.push(
            "leases",
            format!(
                "{at}: tier {} does not exist (the market has {} tiers)",
                l.tier,
                m.tiers.len()
            ),
        );
    } else {
        lease.tier = Some(l.tier - 1);
    }
    if let (Some(x), Some(j)) = (tenor, lease.tier) {
        let list = x
            .price_usd_per_gpu_hr
            .get(lease.t)
            .copied()
            .unwrap_or(f64::NAN);
        let price = list * m.tiers[j].1;
        if !within(l.price_usd_per_gpu_hr, price, 1e-6 + 1e-6 * price.abs()) {
            out.push(
                "leases",
                format!(
                    "{at}: price ${}/GPU-h, the {} list price in tier {} is ${}/GPU-h",
                    num(l.price_usd_per_gpu_hr),
                    l.tenor,
                    l.tier,
                    num(price)
                ),
            );
        }
        lease.price = price;
    }
}

/// A lease's GPUs, revenue (`GPUs × H × price × billed utilization`) and
/// sales cost (that × the sales fraction) at site `s` in every period of its
/// tenor within the horizon (docs/model.md §6.1).
fn book(cx: &mut Ctx, s: usize, lease: &Lease, billed: f64, sales: f64) {
    let h = cx.hours;
    let k = lease.sku;
    for u in lease.t..(lease.t + lease.periods).min(cx.tn) {
        let rev = lease.gpus * h * lease.price * billed;
        cx.leased.add(u, s, k, lease.gpus);
        cx.lease_revenue.add(u, s, k, rev);
        cx.sales_cost.add(u, s, k, rev * sales);
        let e = slack(lease.gpus, h * lease.price * billed);
        cx.lease_slack.add(u, s, k, e);
        cx.sales_slack.add(u, s, k, e * sales);
    }
}

/// GPUs under lease at once in each tier, across sites, within the tier's depth.
fn depth(cx: &Ctx, out: &mut Out) {
    let sc = cx.sc;
    for (k, sku) in sc.skus.iter().enumerate() {
        let Some(m) = &sku.lease else { continue };
        for (j, &(cap, _)) in m.tiers.iter().enumerate() {
            for t in 0..cx.tn {
                let total: f64 = cx
                    .leases
                    .iter()
                    .filter(|l| l.sku == k && l.tier == Some(j) && l.t <= t && t < l.t + l.periods)
                    .map(|l| l.gpus)
                    .sum();
                if !le_q(total, cap) {
                    out.push(
                        "depth",
                        format!(
                            "{} {}: {} GPUs under lease in tier {}, deeper than its {} GPUs",
                            sku.id,
                            cx.labels[t],
                            num(total),
                            j + 1,
                            num(cap)
                        ),
                    );
                }
            }
        }
    }
}

/// Internal GPUs not negative; internal plus leased within installed.
fn gpu_use(cx: &Ctx, out: &mut Out) {
    let sc = cx.sc;
    for t in 0..cx.tn {
        for (s, site) in sc.sites.iter().enumerate() {
            for (k, sku) in sc.skus.iter().enumerate() {
                let at = format!("{} {} {}", site.id, sku.id, cx.labels[t]);
                let internal = cx.internal.at(t, s, k);
                let leased = cx.leased.at(t, s, k);
                let gpus = sku.gpus_per_unit * cx.installed.at(t, s, k);
                let slack = sku.gpus_per_unit * cx.unit_slack.at(t, s, k);
                if internal < -tol_q(internal, 0.0) || !internal.is_finite() {
                    out.push("gpu_use", format!("{at}: {} GPUs internal", num(internal)));
                }
                if !le_qs(internal + leased, gpus, slack) {
                    out.push(
                        "gpu_use",
                        format!(
                            "{at}: {} internal + {} leased GPUs exceed the {} installed",
                            num(internal),
                            num(leased),
                            num(gpus)
                        ),
                    );
                }
            }
        }
    }
}

/// The rows' leased GPUs and revenue agree with the contracts.
fn rows(cx: &Ctx, out: &mut Out) {
    let mut keys: Vec<_> = cx.rows.keys().copied().collect();
    keys.sort_unstable();
    for (t, s, k) in keys {
        let r = cx.rows[&(t, s, k)];
        let at = format!("{} {} {}", cx.site_id(s), cx.sku_id(k), cx.labels[t]);
        let leased = cx.leased.at(t, s, k);
        if !eq_q(r.gpus_leased, leased) {
            out.push(
                "rows",
                format!(
                    "{at}: row says {} GPUs leased, the leases give {}",
                    num(r.gpus_leased),
                    num(leased)
                ),
            );
        }
        let rev = cx.lease_revenue.at(t, s, k);
        if !close_m(r.revenue_usd, rev, cx.lease_slack.at(t, s, k)) {
            out.push(
                "rows",
                format!(
                    "{at}: row says revenue {}, the leases give {}",
                    usd(r.revenue_usd),
                    usd(rev)
                ),
            );
        }
    }
}

/// Leased GPU-hours over installed GPU-hours within the policy bounds.
fn leased_share(cx: &Ctx, out: &mut Out) {
    let sc = cx.sc;
    // Totals and how far each may be off (GPUs from rounded units and leases).
    let (mut leased, mut installed, mut leased_e, mut installed_e) = (0.0, 0.0, 0.0, 0.0);
    for t in 0..cx.tn {
        for s in 0..sc.sites.len() {
            for (k, sku) in sc.skus.iter().enumerate() {
                leased += cx.leased.at(t, s, k);
                installed += sku.gpus_per_unit * cx.installed.at(t, s, k);
                installed_e += sku.gpus_per_unit * cx.unit_slack.at(t, s, k);
            }
        }
    }
    for l in &cx.leases {
        leased_e += tol_q(l.gpus, l.gpus) * (l.periods.min(cx.tn.saturating_sub(l.t))) as f64;
    }
    let share = if installed > 0.0 {
        leased / installed
    } else {
        0.0
    };
    if installed > 0.0 {
        if !le_qs(
            sc.min_leased_share * installed,
            leased,
            leased_e + sc.min_leased_share * installed_e,
        ) {
            out.push(
                "leased_share",
                format!(
                    "{} of GPU-periods leased, below the minimum share {}",
                    num(share),
                    num(sc.min_leased_share)
                ),
            );
        }
        if !le_qs(
            leased,
            sc.max_leased_share * installed,
            leased_e + sc.max_leased_share * installed_e,
        ) {
            out.push(
                "leased_share",
                format!(
                    "{} of GPU-periods leased, above the maximum share {}",
                    num(share),
                    num(sc.max_leased_share)
                ),
            );
        }
    }
    let stated = cx.plan.metrics.leased_share;
    let tol = if installed > 0.0 {
        1e-6 + (leased_e + share * installed_e) / installed
    } else {
        1e-6
    };
    if !within(stated, share, tol) {
        out.push(
            "metrics",
            format!(
                "leased_share is {}, recomputed {} ({} of {} GPU-periods)",
                num(stated),
                num(share),
                num(leased),
                num(installed)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{plan, rules, scenario, show};
    use super::super::verify;
    use crate::scenario::ScenarioTenor;

    #[test]
    fn lease_too_long_exceeds_installed() {
        let mut sc = scenario();
        sc.skus[0]
            .lease
            .as_mut()
            .unwrap()
            .tenors
            .push(ScenarioTenor {
                label: "1y".into(),
                periods: 4,
                price_usd_per_gpu_hr: vec![2.0; 4],
            });
        let mut p = plan();
        p.leases[0].tenor = "1y".into();
        p.leases[0].tenor_periods = 4;
        let v = verify(&sc, &p);
        // Q4: 30 internal + 20 leased > 30 installed.
        assert!(
            v.iter().any(|x| x.rule == "gpu_use" && x.message == "alpha rack 2026Q4: 30.0 internal + 20.0 leased GPUs exceed the 30.0 installed"),
            "{}",
            show(&v)
        );
    }

    #[test]
    fn depth_exceeded_is_caught() {
        let mut sc = scenario();
        sc.skus[0].lease.as_mut().unwrap().tiers[0].0 = 10.0;
        let v = verify(&sc, &plan());
        assert_eq!(
            rules(&v).into_iter().collect::<Vec<_>>(),
            vec!["depth"],
            "{}",
            show(&v)
        );
        assert_eq!(v.len(), 2, "Q2 and Q3: {}", show(&v));
    }

    #[test]
    fn wrong_tier_price_is_caught() {
        let mut p = plan();
        p.leases[0].tier = 2;
        let v = verify(&scenario(), &p);
        // Tier 2 lists at $1.6; the document says $2.0.
        assert!(
            v.iter()
                .any(|x| x.rule == "leases" && x.message.contains("$1.6/GPU-h")),
            "{}",
            show(&v)
        );
        let mut p = plan();
        p.leases[0].tier = 3;
        let v = verify(&scenario(), &p);
        assert!(
            v.iter()
                .any(|x| x.rule == "leases" && x.message.contains("tier 3 does not exist")),
            "{}",
            show(&v)
        );
    }

    #[test]
    fn leased_share_bounds() {
        let mut sc = scenario();
        sc.max_leased_share = 0.2;
        let v = verify(&sc, &plan());
        assert_eq!(
            rules(&v).into_iter().collect::<Vec<_>>(),
            vec!["leased_share"],
            "{}",
            show(&v)
        );
        let mut p = plan();
        p.metrics.leased_share = 0.3;
        let v = verify(&scenario(), &p);
        assert_eq!(
            rules(&v).into_iter().collect::<Vec<_>>(),
            vec!["metrics"],
            "{}",
            show(&v)
        );
    }
}
