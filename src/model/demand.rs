//! Internal training demand and flagship runs.
//!
//! - `demand_cap[t]`: $\sum_{s,k} h_k\, g^{int}_{s,k,t} \le D_t$ — internal compute has
//!   value up to the demand (H100-equivalents); GPUs beyond it are leased or idle.
//! - `demand_floor[t]`: $\sum_{s,k} h_k\, g^{int}_{s,k,t} \ge \theta D_t$ — the hard floor.
//! - Unmet demand $D_t - \mathrm{served}_t$ costs its penalty; as $D_t$ is fixed, the
//!   penalty is a constant minus a bonus per H100e served (see objective.rs).
//! - `run_once[r]`: $\sum_s z_{r,s} = 1$ over sites whose fabric holds the run.
//! - `run_cluster[r,s,t]`: $\sum_{k \in K_r} g^{int}_{s,k,t} \ge N_r z_{r,s}$ for t in the
//!   run's window — one contiguous cluster of $N_r$ GPUs at a single site.
//! - Where several runs overlap at a site, internal GPUs are assigned to them
//!   SKU by SKU (`run_gpus[r,s,k,t]` ≥ 0): `run_cluster[r,s,t]` becomes
//!   $\sum_{k\in K_r} x_{r,s,k,t} \ge N_r z_{r,s}$ and `runs_share[s,k,t]`:
//!   $\sum_r x_{r,s,k,t} \le g^{int}_{s,k,t}$ — each run its own GPUs, whatever
//!   the runs' SKU lists.

use super::family::Family;
use good_lp::Expression;

use super::lp::Sense;
use super::Ctx;

fn served_h100e(cx: &Ctx, t: usize) -> Expression {
    let mut e = Expression::default();
    for s in 0..cx.sc.sites.len() {
        for (k, sku) in cx.sc.skus.iter().enumerate() {
            if let Some(&g) = cx.v.internal.get(&(s, k, t)) {
                e += sku.h100e_per_gpu * g;
            }
        }
    }
    e
}

pub fn internal_demand_capped_and_floored(cx: &mut Ctx) {
    let sc = cx.sc;
    for t in 0..sc.num_periods() {
        let served = served_h100e(cx, t);
        let d = sc.demand_h100e[t];
        if !super::is_empty(&served) {
            cx.lp.row(
                Family::DemandCap.at(cx.n.t(t).to_string()),
                served.clone(),
                Sense::Le,
                d,
            );
        }
        // Kept even with nothing to serve it (no GPU can exist in t): the row
        // `0 ≥ θ·D` then makes the plan infeasible, as it is, rather than
        // silently dropping the floor.
        if sc.demand_floor_fraction > 0.0 && d > 0.0 {
            cx.lp.row(
                Family::DemandFloor.at(cx.n.t(t).to_string()),
                served,
                Sense::Ge,
                sc.demand_floor_fraction * d,
            );
        }
    }
}

pub fn training_runs_on_one_fabric(cx: &mut Ctx) {
    let sc = cx.sc;
    let nt = sc.num_periods();
    let active = |s: usize, t: usize, cx: &Ctx| -> Vec<usize> {
        (0..sc.runs.len())
            .filter(|&r| {
                sc.runs[r].from <= t && t <= sc.runs[r].to && cx.v.run_site.contains_key(&(r, s))
            })
            .collect()
    };
    for (r, run) in sc.runs.iter().enumerate() {
        let sites: Vec<usize> = (0..sc.sites.len())
            .filter(|s| cx.v.run_site.contains_key(&(r, *s)))
            .collect();
        let once: Expression = sites
            .iter()
            .map(|s| Expression::from(cx.v.run_site[&(r, *s)]))
            .sum();
        cx.lp
            .row(Family::RunOnce.at(run.id.to_string()), once, Sense::Eq, 1.0);
    }
    for s in 0..sc.sites.len() {
        for t in 0..nt {
            let runs = active(s, t, cx);
            if runs.len() == 1 {
                // One run: its SKUs' internal GPUs at the site hold it.
                let r = runs[0];
                let run = &sc.runs[r];
                let mut e = Expression::default();
                for &k in &run.skus {
                    if let Some(&g) = cx.v.internal.get(&(s, k, t)) {
                        e += g;
                    }
                }
                e -= run.gpus * cx.v.run_site[&(r, s)];
                cx.lp.row(
                    Family::RunCluster.at(format!("{},{},{}", run.id, cx.n.s(s), cx.n.t(t))),
                    e,
                    Sense::Ge,
                    0.0,
                );
                continue;
            }
            // Several runs overlap: assign internal GPUs to runs, SKU by SKU,
            // so that each run has its own cluster whatever their SKU lists.
            let mut per_sku: Vec<Expression> = vec![Expression::default(); sc.skus.len()];
            for &r in &runs {
                let run = &sc.runs[r];
                let mut e = Expression::default();
                for &k in &run.skus {
                    if cx.v.internal.contains_key(&(s, k, t)) {
                        let name = format!(
                            "run_gpus[{},{},{},{}]",
                            run.id,
                            cx.n.s(s),
                            cx.n.k(k),
                            cx.n.t(t)
                        );
                        let x = cx.lp.column(name, 0.0, f64::INFINITY, false);
                        cx.v.run_gpus.insert((r, s, k, t), x);
                        e += x;
                        per_sku[k] += x;
                    }
                }
                e -= run.gpus * cx.v.run_site[&(r, s)];
                cx.lp.row(
                    Family::RunCluster.at(format!("{},{},{}", run.id, cx.n.s(s), cx.n.t(t))),
                    e,
                    Sense::Ge,
                    0.0,
                );
            }
            for (k, assigned) in per_sku.into_iter().enumerate() {
                if super::is_empty(&assigned) {
                    continue;
                }
                let e = assigned - cx.v.internal[&(s, k, t)];
                cx.lp.row(
                    Family::RunsShare.at(format!("{},{},{}", cx.n.s(s), cx.n.k(k), cx.n.t(t))),
                    e,
                    Sense::Le,
                    0.0,
                );
            }
        }
    }
}
