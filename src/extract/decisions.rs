//! The decisions of a solution: hardware deliveries (with what they add and
//! retire), leases signed, halls, site openings, power builds and where each
//! training run goes.

use super::{clean, Reader};
use crate::doc::{Delivery, HallBuilt, LeaseSigned, PowerBuilt, RunPlaced, SiteOpened};
use crate::model::leases::sorted;
use crate::model::variables::step_value;

/// Deliveries, and the units each site × SKU adds and retires per period.
pub(super) struct Fleet {
    pub deliveries: Vec<Delivery>,
    /// `[s][k][t]`: units delivered.
    pub added: Vec<Vec<Vec<f64>>>,
    /// `[s][k][t]`: units reaching their retirement age (the installed fleet too).
    pub retired: Vec<Vec<Vec<f64>>>,
}

pub(super) fn deliveries(r: &Reader) -> Fleet {
    let (sc, nt) = (r.sc, r.nt());
    let mut deliveries = Vec::new();
    let mut added = vec![vec![vec![0.0; nt]; sc.skus.len()]; sc.sites.len()];
    let mut retired = added.clone();
    for (&(s, k, a, t), &b) in sorted(&r.model.vars.buy) {
        let units = clean(r.val(b));
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
            period: r.label(t),
            units,
            retire_age_periods: age,
            retires: (t + age < nt).then(|| r.label(t + age)),
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
    Fleet {
        deliveries,
        added,
        retired,
    }
}

/// Leases signed, and the revenue they bill per site × SKU × period.
pub(super) struct Leases {
    /// In site, SKU, tenor, tier and start order.
    pub signed: Vec<LeaseSigned>,
    /// `[s][k][t]`: lease revenue billed, USD.
    pub revenue: Vec<Vec<Vec<f64>>>,
}

/// Sites sign, the market's tiers price: each site's leases of a SKU, tenor
/// and start are split across tiers in the market's proportions, so every
/// site's GPUs go at the same blended price.
pub(super) fn leases(r: &Reader) -> Leases {
    let (sc, nt) = (r.sc, r.nt());
    let vars = &r.model.vars;
    let mut leases = Vec::new();
    let mut lease_rev = vec![vec![vec![0.0; nt]; sc.skus.len()]; sc.sites.len()];
    for (&(k, n, j, tau), &w) in sorted(&vars.lease_tier) {
        let at_tier = r.val(w);
        if at_tier <= 0.0 {
            continue;
        }
        let signed: Vec<(usize, f64)> = (0..sc.sites.len())
            .filter_map(|s| Some((s, r.val(*vars.lease.get(&(s, k, n, tau))?))))
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
                    start: r.label(tau),
                    tenor: tenor.label.clone(),
                    tenor_periods: tenor.periods,
                    tier: j + 1,
                    gpus,
                    price_usd_per_gpu_hr: price,
                },
            ));
        }
    }
    leases.sort_by_key(|(key, _)| *key);
    Leases {
        signed: leases.into_iter().map(|(_, l)| l).collect(),
        revenue: lease_rev,
    }
}

/// What is built: halls (standing and started), site openings, power orders.
pub(super) struct Builds {
    pub halls: Vec<HallBuilt>,
    pub sites_opened: Vec<SiteOpened>,
    pub power_builds: Vec<PowerBuilt>,
}

/// Starts, openings and orders are the steps of cumulative variables:
/// X_t - X_{t-1}.
pub(super) fn builds(r: &Reader) -> Builds {
    let mut out = Builds {
        halls: Vec::new(),
        sites_opened: Vec::new(),
        power_builds: Vec::new(),
    };
    for s in 0..r.sc.sites.len() {
        halls(r, s, &mut out.halls);
        site_openings(r, s, &mut out.sites_opened);
        power_orders(r, s, &mut out.power_builds);
    }
    out
}

fn halls(r: &Reader, s: usize, out: &mut Vec<HallBuilt>) {
    let (site, nt) = (&r.sc.sites[s], r.nt());
    for (h, hall) in site.halls.iter().enumerate() {
        if let Some(ready) = hall.ready_at {
            out.push(HallBuilt {
                site: site.id.clone(),
                hall: hall.id.clone(),
                cooling: hall.cooling.as_str().into(),
                it_mw: hall.it_mw,
                start: None,
                ready: r.label(ready.min(nt - 1)),
            });
        }
        for t in 0..nt {
            if let Some(y) = step_value(&r.model.vars.hall_started_by, (s, h, t), |v| r.val(v)) {
                let y = clean(y);
                if y > 0.0 {
                    out.push(HallBuilt {
                        site: site.id.clone(),
                        hall: hall.id.clone(),
                        cooling: hall.cooling.as_str().into(),
                        it_mw: clean(hall.it_mw * y),
                        start: Some(r.label(t)),
                        ready: r.label(t + hall.build_periods),
                    });
                }
            }
        }
    }
}

fn site_openings(r: &Reader, s: usize, out: &mut Vec<SiteOpened>) {
    for t in 0..r.nt() {
        if let Some(share) = step_value(&r.model.vars.opened_by, (s, t), |v| r.val(v)) {
            let share = clean(share);
            if share > 0.0 {
                out.push(SiteOpened {
                    site: r.sc.sites[s].id.clone(),
                    period: r.label(t),
                    share,
                });
            }
        }
    }
}

fn power_orders(r: &Reader, s: usize, out: &mut Vec<PowerBuilt>) {
    let site = &r.sc.sites[s];
    for (g, b) in site.builds.iter().enumerate() {
        for t in 0..r.nt() {
            if let Some(ordered) = step_value(&r.model.vars.ordered_by, (s, g, t), |v| r.val(v)) {
                let mw = clean(ordered * b.block_mw.unwrap_or(1.0));
                if mw > 0.0 {
                    out.push(PowerBuilt {
                        site: site.id.clone(),
                        option: b.id.clone(),
                        kind: b.kind.as_str().into(),
                        order: r.label(t),
                        online: r.label(t + b.lead_periods),
                        mw,
                    });
                }
            }
        }
    }
}

/// Run placements: every site with a share of the run (one, in an integer
/// plan), in site order.
pub(super) fn training_runs(r: &Reader) -> Vec<RunPlaced> {
    let mut out = Vec::new();
    for (ri, run) in r.sc.runs.iter().enumerate() {
        for (s, site) in r.sc.sites.iter().enumerate() {
            let Some(&z) = r.model.vars.run_site.get(&(ri, s)) else {
                continue;
            };
            let share = r.val(z);
            if share > 0.0 {
                out.push(RunPlaced {
                    id: run.id.clone(),
                    site: site.id.clone(),
                    gpus: run.gpus,
                    from: r.label(run.from),
                    to: r.label(run.to),
                    share,
                });
            }
        }
    }
    out
}
