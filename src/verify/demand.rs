//! Internal demand (cap and floor) and training runs (placement and the
//! GPUs each run holds at its site).

use super::*;

pub(super) fn check(cx: &Ctx, out: &mut Out) {
    demand(cx, out);
    runs(cx, out);
}

/// H100-equivalents served internally in each period, from the rows.
pub(super) fn served(cx: &Ctx) -> Vec<f64> {
    let sc = cx.sc;
    (0..cx.tn)
        .map(|t| {
            (0..sc.sites.len())
                .flat_map(|s| sc.skus.iter().enumerate().map(move |(k, sku)| (s, k, sku)))
                .map(|(s, k, sku)| cx.internal.at(t, s, k) * sku.h100e_per_gpu)
                .sum()
        })
        .collect()
}

fn demand(cx: &Ctx, out: &mut Out) {
    let sc = cx.sc;
    for (t, served) in served(cx).into_iter().enumerate() {
        let d = sc.demand_h100e.get(t).copied().unwrap_or(0.0);
        if !le_q(served, d) {
            out.push(
                "demand",
                format!(
                    "{}: {} H100e served internally, more than the demand of {}",
                    cx.labels[t],
                    num(served),
                    num(d)
                ),
            );
        }
        if sc.demand_floor_fraction > 0.0 && d > 0.0 && !le_q(sc.demand_floor_fraction * d, served)
        {
            out.push(
                "demand",
                format!(
                    "{}: {} H100e served internally, below the floor of {} ({} of {})",
                    cx.labels[t],
                    num(served),
                    num(sc.demand_floor_fraction * d),
                    num(sc.demand_floor_fraction),
                    num(d)
                ),
            );
        }
    }
}

/// Largest group of overlapping runs whose every subset is checked (Hall's
/// condition: the runs can hold disjoint GPUs); above it, each run and the
/// whole group.
const MAX_SUBSET_RUNS: usize = 12;

fn runs(cx: &Ctx, out: &mut Out) {
    // Where each scenario run is placed: (site, share) per run.
    let mut placed: Vec<Vec<(usize, f64)>> = vec![Vec::new(); cx.sc.runs.len()];
    for p in &cx.plan.training_runs {
        if let Some((ri, s)) = run_entry(cx, p, out) {
            placed[ri].push((s, p.share));
        }
    }
    run_shares(cx, &placed, out);
    run_gpus(cx, &placed, out);
}

/// One entry of `training_runs`: it resolves, and its GPUs, periods, cluster
/// size and share agree with the run. The run and site, if they resolve.
fn run_entry(cx: &Ctx, p: &RunPlaced, out: &mut Out) -> Option<(usize, usize)> {
    let sc = cx.sc;
    let run = sc.runs.iter().position(|r| r.id == p.id);
    let [ri, s] = match resolve([
        ("training run", &p.id, Ref::of(run)),
        ("site", &p.site, Ref::of(sc.site(&p.site))),
    ]) {
        Ok(i) => i,
        Err(e) => {
            out.push("runs", format!("run {} at {}: {e}", p.id, p.site));
            return None;
        }
    };
    let r = &sc.runs[ri];
    let at = format!("run {} at {}", r.id, p.site);
    if !eq_q(p.gpus, r.gpus) {
        out.push(
            "runs",
            format!("{at}: {} GPUs, the run needs {}", num(p.gpus), num(r.gpus)),
        );
    }
    if p.from != cx.label(r.from) || p.to != cx.label(r.to) {
        out.push(
            "runs",
            format!(
                "{at}: placed {}–{}, the run is {}–{}",
                p.from,
                p.to,
                cx.label(r.from),
                cx.label(r.to)
            ),
        );
    }
    if !le_q(r.gpus, sc.sites[s].max_cluster_gpus) {
        out.push(
            "runs",
            format!(
                "{at}: {} GPUs, more than the site's largest cluster of {}",
                num(r.gpus),
                num(sc.sites[s].max_cluster_gpus)
            ),
        );
    }
    if !(p.share > 0.0 && le_q(p.share, 1.0)) || (cx.integers && !eq_q(p.share, 1.0)) {
        out.push(
            "runs",
            format!(
                "{at}: share {} is not {}",
                num(p.share),
                if cx.integers {
                    "1 in an integer plan"
                } else {
                    "in (0, 1]"
                }
            ),
        );
    }
    Some((ri, s))
}

/// Every run placed: once in an integer plan, in shares adding up to 1.
fn run_shares(cx: &Ctx, placed: &[Vec<(usize, f64)>], out: &mut Out) {
    for (ri, r) in cx.sc.runs.iter().enumerate() {
        let total: f64 = placed[ri].iter().map(|(_, f)| f).sum();
        match placed[ri].len() {
            0 => out.push("runs", format!("run {}: not placed", r.id)),
            n if n > 1 && cx.integers => {
                out.push("runs", format!("run {}: placed {n} times", r.id))
            }
            _ if !eq_q(total, 1.0) => out.push(
                "runs",
                format!("run {}: its shares add up to {}, not 1", r.id, num(total)),
            ),
            _ => {}
        }
    }
}

/// GPUs kept internal for the runs at each site and period: every group of
/// runs active together at a site needs its share of their GPUs from the
/// union of their SKUs there (shares are 1 in an integer plan; a relaxed
/// plan may place a fraction of a run at each of several sites).
fn run_gpus(cx: &Ctx, placed: &[Vec<(usize, f64)>], out: &mut Out) {
    let sc = cx.sc;
    for (s, site) in sc.sites.iter().enumerate() {
        for t in 0..cx.tn {
            let active: Vec<(usize, f64)> = (0..sc.runs.len())
                .filter(|&ri| sc.runs[ri].from <= t && t <= sc.runs[ri].to)
                .filter_map(|ri| {
                    placed[ri]
                        .iter()
                        .find(|(x, _)| *x == s)
                        .map(|&(_, f)| (ri, f))
                })
                .collect();
            let ids: Vec<usize> = active.iter().map(|&(ri, _)| ri).collect();
            for g in subsets(&ids) {
                if let Some(shortfall) = group_shortfall(cx, s, t, &g, &active) {
                    out.push("runs", format!("{} {}: {shortfall}", site.id, cx.labels[t]));
                    // One shortfall per site and period is enough.
                    break;
                }
            }
        }
    }
}

/// Whether the runs `g` (of the `active` ones at site `s` in `t`, with
/// their shares there) find their GPUs kept internal among their SKUs; if
/// not, what they lack.
fn group_shortfall(
    cx: &Ctx,
    s: usize,
    t: usize,
    g: &[usize],
    active: &[(usize, f64)],
) -> Option<String> {
    let sc = cx.sc;
    let need: f64 = g
        .iter()
        .map(|&ri| {
            sc.runs[ri].gpus
                * active
                    .iter()
                    .find(|(x, _)| *x == ri)
                    .map_or(0.0, |&(_, f)| f)
        })
        .sum();
    let mut skus: Vec<usize> = g
        .iter()
        .flat_map(|&ri| sc.runs[ri].skus.iter().copied())
        .filter(|&k| k < sc.skus.len())
        .collect();
    skus.sort_unstable();
    skus.dedup();
    let have: f64 = skus.iter().map(|&k| cx.internal.at(t, s, k)).sum();
    // plan.json gives shares to 6 decimals: a 100k-GPU run's
    // need is known to ±0.05 GPUs.
    let rounding: f64 = g.iter().map(|&ri| sc.runs[ri].gpus * 1e-6).sum();
    if le_qs(need, have, rounding) {
        return None;
    }
    let names: Vec<&str> = g.iter().map(|&ri| sc.runs[ri].id.as_str()).collect();
    let kinds: Vec<&str> = skus.iter().map(|&k| sc.skus[k].id.as_str()).collect();
    Some(format!(
        "run{} {} need{} {} GPUs of {} but only {} are kept internal",
        if g.len() > 1 { "s" } else { "" },
        names.join(" + "),
        if g.len() > 1 { "" } else { "s" },
        num(need),
        kinds.join("/"),
        num(have)
    ))
}

/// The groups of runs to check, smallest first: every non-empty subset (Hall's
/// condition for the runs to hold disjoint GPUs), or for more than
/// [`MAX_SUBSET_RUNS`] runs each run and the whole group.
fn subsets(active: &[usize]) -> Vec<Vec<usize>> {
    if active.is_empty() {
        return Vec::new();
    }
    if active.len() > MAX_SUBSET_RUNS {
        return active
            .iter()
            .map(|&ri| vec![ri])
            .chain(std::iter::once(active.to_vec()))
            .collect();
    }
    let mut masks: Vec<u32> = (1..(1u32 << active.len())).collect();
    masks.sort_by_key(|m| m.count_ones());
    masks
        .into_iter()
        .map(|m| {
            (0..active.len())
                .filter(|i| m & (1 << i) != 0)
                .map(|i| active[i])
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{plan, rules, scenario, show};
    use super::super::verify;
    use crate::doc::RunPlaced;
    use crate::scenario::ScenarioRun;

    #[test]
    fn demand_floor_unmet_is_caught() {
        let mut sc = scenario();
        sc.demand_floor_fraction = 0.9;
        let v = verify(&sc, &plan());
        assert_eq!(
            rules(&v).into_iter().collect::<Vec<_>>(),
            vec!["demand"],
            "{}",
            show(&v)
        );
        // Q2: 60 < 90 of 100; Q4: 60 < 72 of 80. Q3 serves all 120.
        assert_eq!(v.len(), 2, "{}", show(&v));
    }

    #[test]
    fn demand_exceeded_is_caught() {
        let mut sc = scenario();
        sc.demand_h100e[2] = 100.0;
        let v = verify(&sc, &plan());
        assert!(
            v.iter()
                .any(|x| x.rule == "demand" && x.message.starts_with("2026Q3: 120.0 H100e")),
            "{}",
            show(&v)
        );
    }

    #[test]
    fn run_not_placed_is_caught() {
        let mut p = plan();
        p.training_runs.clear();
        let v = verify(&scenario(), &p);
        assert_eq!(
            rules(&v).into_iter().collect::<Vec<_>>(),
            vec!["runs"],
            "{}",
            show(&v)
        );
        assert_eq!(v[0].message, "run train1: not placed");
    }

    #[test]
    fn relaxed_runs_need_their_share_at_each_site() {
        let mut sc = scenario();
        sc.runs[0].gpus = 100.0;
        let mut p = plan();
        p.solver.relaxed = true;
        p.training_runs[0].gpus = 100.0;
        // Half the run at alpha needs 50 of the 60 internal GPUs there.
        p.training_runs[0].share = 0.5;
        let v = verify(&sc, &p);
        assert_eq!(v.len(), 1, "{}", show(&v));
        assert_eq!(
            v[0].message,
            "run train1: its shares add up to 0.5, not 1",
            "{}",
            show(&v)
        );
        // 0.7 of it needs 70 GPUs: short.
        p.training_runs[0].share = 0.7;
        let v = verify(&sc, &p);
        assert!(
            v.iter().any(|x| x
                .message
                .starts_with("alpha 2026Q3: run train1 needs 70.0 GPUs of rack but only 60.0")),
            "{}",
            show(&v)
        );
        // A share other than 1 in an integer plan is refused.
        p.solver.relaxed = false;
        p.training_runs[0].share = 0.5;
        let v = verify(&sc, &p);
        assert!(
            v.iter()
                .any(|x| x.message.contains("share 0.5 is not 1 in an integer plan")),
            "{}",
            show(&v)
        );
    }

    #[test]
    fn overlapping_runs_need_their_sum() {
        let mut sc = scenario();
        sc.runs.push(ScenarioRun {
            id: "train2".into(),
            gpus: 20.0,
            from: 2,
            to: 2,
            skus: vec![0],
        });
        let mut p = plan();
        p.training_runs.push(RunPlaced {
            id: "train2".into(),
            site: "alpha".into(),
            gpus: 20.0,
            from: "2026Q3".into(),
            to: "2026Q3".into(),
            share: 1.0,
        });
        let v = verify(&sc, &p);
        assert!(
            v.iter().any(|x| x.rule == "runs" && x.message == "alpha 2026Q3: runs train1 + train2 need 70.0 GPUs of rack but only 60.0 are kept internal"),
            "{}",
            show(&v)
        );
    }
}
