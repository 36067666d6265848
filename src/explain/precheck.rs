//! Obvious impossibilities, caught before the solver runs: a training run or
//! the demand floor asking for more GPUs in a period than any site's power,
//! halls and supply could hold by then, even building everything as early as
//! possible. Each bound is an upper bound on what the model can reach, so a
//! plan refused here is certainly infeasible; plans that pass may still be
//! (the elastic diagnosis takes over).

use crate::catalog::sku::Cooling;
use crate::catalog::{Diagnostic, Diagnostics};
use crate::scenario::Scenario;

use super::diagnosis::{arrival_note, nothing_arrives_by, Where};
use super::period_ranges;
use crate::units::{count, mw_unit};

/// The most of something (GPUs, or H100e) a site can hold in a period, and
/// what limits it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Limit {
    Power(f64),
    Halls(Cooling, f64),
    Supply,
}

/// Upper bound on what site `s` holds in `t` of SKUs `skus`, each GPU worth
/// `per_gpu(k)` (1 for GPUs, H100e per GPU for demand), and the binding limit.
fn site_bound(
    sc: &Scenario,
    s: usize,
    t: usize,
    skus: &[usize],
    per_gpu: &dyn Fn(usize) -> f64,
) -> (f64, Limit) {
    let site = &sc.sites[s];
    let firm = site.firm_mw_by(t);
    let built: f64 = site
        .builds
        .iter()
        .filter(|b| b.earliest_order + b.lead_periods <= t)
        .map(|b| b.max_mw)
        .sum();
    let power_mw = site.peak_usable_share * (firm + built);
    let per_facility_mw = skus
        .iter()
        .map(|&k| {
            let sku = &sc.skus[k];
            per_gpu(k) * sku.gpus_per_unit / (sku.it_kw_per_unit * site.pue(sku.cooling) / 1000.0)
        })
        .fold(0.0, f64::max);
    let by_power = power_mw * per_facility_mw;
    let mut by_halls = 0.0;
    let mut tightest_hall = (Cooling::Air, 0.0);
    for c in Cooling::ALL {
        let ready: f64 = site
            .halls
            .iter()
            .filter(|h| h.cooling == c)
            .filter(|h| match h.ready_at {
                Some(r) => r <= t,
                None => h.earliest_start + h.build_periods <= t,
            })
            .map(|h| h.it_mw)
            .sum::<f64>()
            .min(site.shell_mw);
        let per_it_mw = skus
            .iter()
            .filter(|&&k| sc.skus[k].cooling == c)
            .map(|&k| per_gpu(k) * sc.skus[k].gpus_per_unit / (sc.skus[k].it_kw_per_unit / 1000.0))
            .fold(0.0, f64::max);
        by_halls += ready * per_it_mw;
        if per_it_mw > 0.0 {
            tightest_hall = (c, ready);
        }
    }
    let by_supply: f64 = skus
        .iter()
        .map(|&k| {
            let sku = &sc.skus[k];
            let start = sku.first_delivery.max(site.earliest_start);
            let delivered: f64 = (start..=t).map(|tau| sku.allocation_units[tau]).sum();
            let installed: f64 = if t < sku.preinstalled_periods_left() {
                sku.installed_at_start
                    .iter()
                    .filter(|(x, _)| *x == s)
                    .map(|(_, n)| n)
                    .sum()
            } else {
                0.0
            };
            per_gpu(k) * sku.gpus_per_unit * (delivered + installed)
        })
        .sum();
    if by_supply <= by_power && by_supply <= by_halls {
        (by_supply, Limit::Supply)
    } else if by_power <= by_halls {
        (by_power, Limit::Power(power_mw))
    } else {
        (by_halls, Limit::Halls(tightest_hall.0, tightest_hall.1))
    }
}

/// Points `d` at what limits site `s` and says it in words.
fn limit_diag(
    w: &Where,
    s: usize,
    t: usize,
    skus: &[usize],
    limit: Limit,
    msg: String,
    hint: &str,
) -> Diagnostic {
    let sc = w.sc;
    let site = &sc.sites[s].id;
    match limit {
        Limit::Power(p) => w.firm_power(
            s,
            t,
            Diagnostic::error("power-short", format!("{msg}: site {site} has at most {} of power by then", mw_unit(p)))
                .with_hint(format!("add power at {site} by {}, or {hint}", sc.periods[t])),
        ),
        Limit::Halls(c, m) => w.hall(
            s,
            c,
            Diagnostic::error(
                "hall-space-short",
                format!("{msg}: site {site} can have at most {} of {} halls ready by then", mw_unit(m), c.as_str()),
            )
            .with_hint(format!("a larger hall at {site}, or one ready sooner (`build_time`, `earliest_start`), or {hint}")),
        ),
        Limit::Supply => match nothing_arrives_by(sc, skus, Some(s), t) {
            Some((k, first)) => {
                let (note, d) = arrival_note(w, k, first);
                Diagnostic {
                    message: format!("{msg}: {note}"),
                    hint: Some(format!("a shorter lead time, or {hint}")),
                    ..d
                }
            }
            None => {
                let k = skus
                    .iter()
                    .copied()
                    .max_by(|&a, &b| sc.skus[a].gpus_per_unit.total_cmp(&sc.skus[b].gpus_per_unit))
                    .unwrap_or(0);
                w.allocation(
                    k,
                    t,
                    Diagnostic::error(
                        "supply-short",
                        format!("{msg}: the allocation of {} delivers too few units by then", skus.iter().map(|&k| sc.skus[k].id.as_str()).collect::<Vec<_>>().join(", ")),
                    )
                    .with_hint(format!("a larger or earlier allocation, or {hint}")),
                )
            }
        },
    }
}

/// Every obvious impossibility of `sc`; empty if none is obvious.
pub fn precheck(w: &Where) -> Diagnostics {
    let mut out = Vec::new();
    // Training runs: some site whose fabric holds the run must hold its GPUs
    // in every period of its window.
    for r in 0..w.sc.runs.len() {
        out.extend(run_above_demand(w, r).or_else(|| run_beyond_sites(w, r)));
    }
    // The demand floor: all sites together, within the supply of all SKUs.
    out.extend(floor_beyond_sites(w));
    Diagnostics(out)
}

/// Run `r` in a period whose internal demand cannot take its GPUs (run GPUs
/// are internal compute), at the first such period.
fn run_above_demand(w: &Where, r: usize) -> Option<Diagnostic> {
    let sc = w.sc;
    let run = &sc.runs[r];
    let h_min = run
        .skus
        .iter()
        .map(|&k| sc.skus[k].h100e_per_gpu)
        .fold(f64::INFINITY, f64::min);
    let need_h = if h_min.is_finite() {
        run.gpus * h_min
    } else {
        0.0
    };
    let t = (run.from..=run.to.min(sc.num_periods() - 1))
        .find(|&t| sc.demand_h100e[t] + 1e-6 < need_h)?;
    Some(w.demand(
        t,
        Diagnostic::error(
            "demand-below-runs",
            format!(
                "training run `{}` needs {} GPUs ({} H100e) of internal compute in {}, but internal demand there is {} H100e: run GPUs count against the demand",
                run.id,
                count(run.gpus),
                count(need_h.ceil()),
                sc.periods[t],
                count(sc.demand_h100e[t])
            ),
        )
        .with_hint("raise `h100e` for the run's periods, or make the run smaller"),
    ))
}

/// Run `r` in the first period of its window where no site whose fabric
/// holds it can hold its GPUs, pointed at what limits the best such site.
fn run_beyond_sites(w: &Where, r: usize) -> Option<Diagnostic> {
    let sc = w.sc;
    let run = &sc.runs[r];
    let eligible: Vec<usize> = (0..sc.sites.len())
        .filter(|&s| sc.sites[s].max_cluster_gpus >= run.gpus)
        .collect();
    let one = |_: usize| 1.0;
    for t in run.from..=run.to.min(sc.num_periods() - 1) {
        let best = eligible
            .iter()
            .map(|&s| (s, site_bound(sc, s, t, &run.skus, &one)))
            .max_by(|a, b| a.1 .0.total_cmp(&b.1 .0));
        let (s, (most, limit)) = best?;
        if most + 1e-6 < run.gpus {
            let msg = format!(
                "training run `{}` needs {} GPUs at one site in {}, but at most {} can stand at any site whose fabric holds it",
                run.id,
                count(run.gpus),
                sc.periods[t],
                count(most.floor())
            );
            let hint = format!(
                "move run `{}` later (demand.training_runs[{r}].from) or make it smaller",
                run.id
            );
            return Some(limit_diag(w, s, t, &run.skus, limit, msg, &hint));
        }
    }
    None
}

/// The demand floor above what all sites together could hold, with every
/// period short, pointed at what limits the largest site in the first.
fn floor_beyond_sites(w: &Where) -> Option<Diagnostic> {
    let sc = w.sc;
    let all: Vec<usize> = (0..sc.skus.len()).collect();
    let mut short: Vec<usize> = Vec::new();
    let mut first: Option<(usize, f64, f64)> = None;
    for t in 0..sc.num_periods() {
        let need = sc.demand_floor_fraction * sc.demand_h100e[t];
        if need <= 0.0 {
            continue;
        }
        let h = |k: usize| sc.skus[k].h100e_per_gpu;
        let total: f64 = (0..sc.sites.len())
            .map(|s| site_bound(sc, s, t, &all, &h).0)
            .sum();
        if total + 1e-6 < need {
            short.push(t);
            first.get_or_insert((t, need, total));
        }
    }
    let (t, need, total) = first?;
    let h = |k: usize| sc.skus[k].h100e_per_gpu;
    let (s, (_, limit)) = (0..sc.sites.len())
        .map(|s| (s, site_bound(sc, s, t, &all, &h)))
        .max_by(|a, b| a.1 .0.total_cmp(&b.1 .0))
        .expect("a plan has a site");
    let msg = format!(
        "the internal demand floor needs {} H100e in {}, but at most {} can stand at all sites together (short in {})",
        count(need),
        sc.periods[t],
        count(total.floor()),
        period_ranges(sc, &short)
    );
    Some(limit_diag(
        w,
        s,
        t,
        &all,
        limit,
        msg,
        "lower demand.floor_fraction or the demand in those periods",
    ))
}
