//! Fleet: deliveries as cohorts, the per-period rows they imply, and the
//! supply allocation they draw on.
//!
//! The installed fleet is rebuilt here from the deliveries and the units
//! installed at the start; every later rule works from this rebuild, not from
//! the rows' own `units_installed`.

use super::arithmetic::preinstalled_periods_left;
use super::*;

pub(super) fn check(cx: &mut Ctx, out: &mut Out) {
    installed_at_start(cx, out);
    deliveries(cx, out);
    // Cohorts left out for rounding to zero: one quantity tolerance per retire age.
    for t in 0..cx.tn {
        for s in 0..cx.sc.sites.len() {
            for (k, sku) in cx.sc.skus.iter().enumerate() {
                cx.unit_slack
                    .add(t, s, k, QTY_ABS * sku.retire_ages.len() as f64);
            }
        }
    }
    supply(cx, out);
    rows(cx, out);
}

/// Units installed at the start: in service for the rest of their life
/// (life less their age at the start), retired then.
fn installed_at_start(cx: &mut Ctx, out: &mut Out) {
    let sc = cx.sc;
    for (k, sku) in sc.skus.iter().enumerate() {
        for &(s, n) in &sku.installed_at_start {
            if s >= sc.sites.len() {
                out.push("deliveries", format!("{}: {} units installed at start at site #{s}, which the scenario does not have", sku.id, num(n)));
                continue;
            }
            let left = preinstalled_periods_left(sku);
            for t in 0..cx.tn.min(left) {
                cx.installed.add(t, s, k, n);
            }
            if left < cx.tn && left > 0 {
                cx.retired.add(left, s, k, n);
            }
        }
    }
}

fn deliveries(cx: &mut Ctx, out: &mut Out) {
    let plan = cx.plan;
    for d in &plan.deliveries {
        delivery(cx, d, out);
    }
}

/// One delivery: it resolves, its timing and units are allowed; it joins
/// the fleet as a cohort.
fn delivery(cx: &mut Ctx, d: &Delivery, out: &mut Out) {
    let sc = cx.sc;
    let refs = [
        ("site", d.site.as_str(), Ref::of(sc.site(&d.site))),
        ("SKU", d.sku.as_str(), Ref::of(sc.sku(&d.sku))),
        ("period", d.period.as_str(), Ref::of(cx.period(&d.period))),
    ];
    let [s, k, t] = match resolve(refs) {
        Ok(i) => i,
        Err(e) => {
            out.push(
                "deliveries",
                format!(
                    "delivery of {} {} at {} in {}: {e}",
                    num(d.units),
                    d.sku,
                    d.site,
                    d.period
                ),
            );
            return;
        }
    };
    let at = format!("{} {} {}", sc.sites[s].id, sc.skus[k].id, d.period);
    delivery_timing(cx, d, s, k, t, &at, out);
    delivery_units(cx, d, s, k, &at, out);
    add_cohort(cx, s, k, t, d.units, d.retire_age_periods);
}

/// A delivery in `t`: retires at an allowed age, in the period it says,
/// arrives no earlier than the SKU's first delivery and the site's start.
fn delivery_timing(cx: &Ctx, d: &Delivery, s: usize, k: usize, t: usize, at: &str, out: &mut Out) {
    let (site, sku) = (&cx.sc.sites[s], &cx.sc.skus[k]);
    let a = d.retire_age_periods;
    if !sku.retire_ages.contains(&a) {
        out.push(
            "deliveries",
            format!(
                "{at}: delivery retires at age {a} periods, not one of the allowed ages {:?}",
                sku.retire_ages
            ),
        );
    }
    if t < sku.first_delivery {
        out.push(
            "deliveries",
            format!(
                "{at}: delivered before the SKU's first possible delivery in {}",
                cx.label(sku.first_delivery)
            ),
        );
    }
    if t < site.earliest_start {
        out.push(
            "deliveries",
            format!(
                "{at}: delivered before the site's earliest start in {}",
                cx.label(site.earliest_start)
            ),
        );
    }
    let expected = (t + a < cx.tn).then(|| cx.labels[t + a].clone());
    if d.retires != expected {
        out.push(
            "deliveries",
            format!(
                "{at}: retires {} but a cohort of age {a} retires {}",
                d.retires.as_deref().unwrap_or("past the horizon"),
                expected.as_deref().unwrap_or("past the horizon")
            ),
        );
    }
}

/// A delivery's units: finite and not negative, whole in an integer plan,
/// of a cooling some hall at the site has.
fn delivery_units(cx: &Ctx, d: &Delivery, s: usize, k: usize, at: &str, out: &mut Out) {
    let (site, sku) = (&cx.sc.sites[s], &cx.sc.skus[k]);
    if !d.units.is_finite() || d.units < -tol_q(d.units, 0.0) {
        out.push(
            "deliveries",
            format!("{at}: {} units delivered", num(d.units)),
        );
    }
    if cx.integers && (d.units - d.units.round()).abs() > 1e-6 {
        out.push(
            "deliveries",
            format!("{at}: {} units delivered, not a whole number", num(d.units)),
        );
    }
    if !site.halls.iter().any(|h| h.cooling == sku.cooling) {
        out.push(
            "deliveries",
            format!(
                "{at}: {} units need {} cooling, which no hall at the site has",
                sku.id,
                sku.cooling.as_str()
            ),
        );
    }
}

/// `units` of SKU `k` delivered at site `s` in `t`, retiring at age `a`:
/// added in `t`, installed for `t..t+a` within the horizon, retired in `t+a`.
fn add_cohort(cx: &mut Ctx, s: usize, k: usize, t: usize, units: f64, a: usize) {
    cx.added.add(t, s, k, units);
    for u in t..(t + a).min(cx.tn) {
        cx.installed.add(u, s, k, units);
        cx.unit_slack.add(u, s, k, tol_q(units, units));
    }
    if t + a < cx.tn {
        cx.retired.add(t + a, s, k, units);
    }
    cx.cohorts.push(Cohort {
        sku: k,
        t,
        units,
        age: a,
    });
}

/// Deliveries of a SKU across sites within its allocation.
fn supply(cx: &Ctx, out: &mut Out) {
    let sc = cx.sc;
    for (k, sku) in sc.skus.iter().enumerate() {
        for t in 0..cx.tn {
            let total: f64 = (0..sc.sites.len()).map(|s| cx.added.at(t, s, k)).sum();
            let alloc = sku.allocation_units.get(t).copied().unwrap_or(0.0);
            if !le_q(total, alloc) {
                out.push(
                    "supply",
                    format!(
                        "{} {}: {} units delivered across sites exceed the allocation of {}",
                        sku.id,
                        cx.labels[t],
                        num(total),
                        num(alloc)
                    ),
                );
            }
        }
    }
}

/// Rows agree with the rebuilt fleet; a row for everything installed.
fn rows(cx: &mut Ctx, out: &mut Out) {
    let sc = cx.sc;
    let plan = cx.plan;
    for r in &plan.rows {
        let refs = [
            ("site", r.site.as_str(), Ref::of(sc.site(&r.site))),
            ("SKU", r.sku.as_str(), Ref::of(sc.sku(&r.sku))),
            ("period", r.period.as_str(), Ref::of(cx.period(&r.period))),
        ];
        let [s, k, t] = match resolve(refs) {
            Ok(i) => i,
            Err(e) => {
                out.push(
                    "rows",
                    format!("row {} {} {}: {e}", r.site, r.sku, r.period),
                );
                continue;
            }
        };
        if cx.rows.insert((t, s, k), r).is_some() {
            out.push(
                "rows",
                format!("{} {} {}: more than one row", r.site, r.sku, r.period),
            );
            continue;
        }
        cx.internal.add(t, s, k, r.gpus_internal);
    }
    for t in 0..cx.tn {
        for s in 0..sc.sites.len() {
            for k in 0..sc.skus.len() {
                let at = format!("{} {} {}", cx.site_id(s), cx.sku_id(k), cx.labels[t]);
                let installed = cx.installed.at(t, s, k);
                let slack = cx.unit_slack.at(t, s, k);
                let Some(r) = cx.rows.get(&(t, s, k)) else {
                    if !eq_qs(installed, 0.0, slack) {
                        out.push(
                            "rows",
                            format!("{at}: {} units installed but no row", num(installed)),
                        );
                    }
                    continue;
                };
                for (field, stated, recomputed) in [
                    ("units_installed", r.units_installed, installed),
                    ("units_added", r.units_added, cx.added.at(t, s, k)),
                    ("units_retired", r.units_retired, cx.retired.at(t, s, k)),
                ] {
                    if !eq_qs(stated, recomputed, slack) {
                        out.push(
                            "rows",
                            format!(
                                "{at}: row says {field} {}, the deliveries give {}",
                                num(stated),
                                num(recomputed)
                            ),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{plan, rules, scenario, show};
    use super::super::verify;

    #[test]
    fn over_supply_is_caught() {
        let mut sc = scenario();
        sc.skus[0].allocation_units[1] = 4.0;
        let v = verify(&sc, &plan());
        assert_eq!(
            rules(&v).into_iter().collect::<Vec<_>>(),
            vec!["supply"],
            "{}",
            show(&v)
        );
        assert!(v[0].message.contains("rack 2026Q2"), "{}", show(&v));
    }

    #[test]
    fn fractional_units_are_caught_when_integers_are_required() {
        let mut sc = scenario();
        sc.skus[0].allocation_units = vec![100.0; 4];
        let mut p = plan();
        p.deliveries[1].units = 3.5;
        let v = verify(&sc, &p);
        assert!(rules(&v).contains("deliveries"), "{}", show(&v));
        // Relaxed: fractions are fine (other rules still see the changed fleet).
        p.solver.relaxed = true;
        let v = verify(&sc, &p);
        assert!(!rules(&v).contains("deliveries"), "{}", show(&v));
    }

    #[test]
    fn unknown_period_label_is_caught() {
        let mut p = plan();
        p.deliveries[0].period = "2031Q1".into();
        let v = verify(&scenario(), &p);
        assert!(
            v.iter()
                .any(|x| x.rule == "deliveries" && x.message.contains("unknown period `2031Q1`")),
            "{}",
            show(&v)
        );
    }

    #[test]
    fn wrong_retire_age_and_label_are_caught() {
        let mut p = plan();
        p.deliveries[0].retire_age_periods = 3;
        let v = verify(&scenario(), &p);
        let d: Vec<_> = v.iter().filter(|x| x.rule == "deliveries").collect();
        // Age 3 is not allowed, and the cohort would retire past the horizon.
        assert_eq!(d.len(), 2, "{}", show(&v));
        assert!(rules(&v).contains("rows"), "{}", show(&v));
    }

    #[test]
    fn units_installed_at_start_count() {
        let mut sc = scenario();
        sc.skus[0].installed_at_start = vec![(0, 1.0)];
        let v = verify(&sc, &plan());
        // A rack in Q1 and Q2: no row in Q1, the Q2 row is one short, no hall in Q1.
        assert!(
            v.iter().any(|x| x.rule == "rows"
                && x.message.contains("2026Q1: 1.0 units installed but no row")),
            "{}",
            show(&v)
        );
        assert!(
            v.iter().any(|x| x.rule == "rows"
                && x.message
                    .contains("units_installed 5.0, the deliveries give 6.0")),
            "{}",
            show(&v)
        );
        assert!(rules(&v).contains("it"), "{}", show(&v));
        assert!(rules(&v).contains("cash_flows"), "{}", show(&v));
    }
}
