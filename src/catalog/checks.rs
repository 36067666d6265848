//! Semantic checks of a loaded plan: one `check_*` function per rule, each
//! message saying what is wrong and what would be valid. They all run, so a
//! user sees every problem at once.

use std::collections::{HashMap, HashSet};

use super::diagnostic::{did_you_mean, Diagnostic};
use super::files::Granularity;
use super::load::{join, walk_numbers, Entry, Loaded};
use super::period::Period;
use super::site::{PowerKind, PowerOption, Site};
use super::sku::Cooling;

/// Longest horizon capplan plans over.
pub const MAX_HORIZON_YEARS: i64 = 15;

/// Every rule, in the order they are reported.
pub fn check_all(l: &Loaded) -> Vec<Diagnostic> {
    let rules: &[fn(&Loaded) -> Vec<Diagnostic>] = &[
        check_numbers_are_finite,
        check_numbers_are_not_negative,
        check_every_number_has_a_source,
        check_horizon,
        check_plan_periods_within_horizon,
        check_steps_are_in_order,
        check_references,
        check_unique_ids,
        check_pue_at_least_one,
        check_fractions,
        check_power_option_fields,
        check_halls,
        check_lease_market,
        check_tenors_fit_horizon,
        check_liquid_skus_have_liquid_halls,
        check_skus_available_in_horizon,
        check_training_runs_fit_a_fabric,
        check_sku_basics,
        check_plan_has_sites_and_skus,
        check_installed_units_have_a_ready_hall,
        check_durations_are_whole_periods,
        check_clusters_are_positive,
        check_things_happen_within_horizon,
        check_installed_since,
    ];
    rules.iter().flat_map(|rule| rule(l)).collect()
}

/// Fields that may be negative.
const SIGNED_FIELDS: &[&str] = &["price_change_per_year"];

/// Each file's YAML tree, numbers included, for the generic number checks.
fn numbers(l: &Loaded) -> Vec<(usize, String, f64)> {
    let mut out = Vec::new();
    for (i, f) in l.files.iter().enumerate() {
        if let Ok(v) = serde_yaml::from_str::<serde_yaml::Value>(&f.text) {
            let mut nums = Vec::new();
            walk_numbers(&v, "", &mut nums);
            out.extend(nums.into_iter().map(|(p, n)| (i, p, n)));
        }
    }
    out
}

/// NaN and infinities are never a valid quantity.
pub fn check_numbers_are_finite(l: &Loaded) -> Vec<Diagnostic> {
    numbers(l)
        .into_iter()
        .filter(|(_, _, n)| !n.is_finite())
        .map(|(f, p, n)| {
            l.files[f].diag(
                Diagnostic::error("not-finite", format!("{n} is not a finite number")).with_hint(
                    "write a finite value; quantities, prices and rates must be real numbers",
                ),
                &p,
            )
        })
        .collect()
}

/// Capacities, prices, counts and rates are never negative (except price changes).
pub fn check_numbers_are_not_negative(l: &Loaded) -> Vec<Diagnostic> {
    numbers(l)
        .into_iter()
        .filter(|(_, p, n)| *n < 0.0 && !SIGNED_FIELDS.iter().any(|s| p.ends_with(s)))
        .map(|(f, p, n)| {
            l.files[f].diag(
                Diagnostic::error("negative", format!("{n} is negative"))
                    .with_hint("this quantity must be zero or more"),
                &p,
            )
        })
        .collect()
}

/// Every number in a catalog entry names its source or says `estimate`.
pub fn check_every_number_has_a_source(l: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut check = |file: usize,
                     path: &str,
                     value: serde_yaml::Value,
                     sources: &indexmap::IndexMap<String, String>,
                     skip: &[&str]| {
        out.extend(unsourced_numbers(l, file, path, &value, sources, skip));
        out.extend(empty_sources(l, file, path, sources));
    };
    // Sources are checked on the catalogs as written: plan overrides are
    // scenario choices and need none.
    for e in l.skus.values() {
        let sku = &e.catalog_value;
        check(
            e.file,
            &e.path,
            serde_yaml::to_value(sku).unwrap_or_default(),
            &sku.sources,
            &["sources"],
        );
    }
    for e in l.sites.values() {
        let site = &e.catalog_value;
        check(
            e.file,
            &e.path,
            serde_yaml::to_value(site).unwrap_or_default(),
            &site.sources,
            &["sources", "halls", "power"],
        );
        for (i, h) in site.halls.iter().enumerate() {
            check(
                e.file,
                &join(&e.path, &format!("halls[{i}]")),
                serde_yaml::to_value(h).unwrap_or_default(),
                &site.sources,
                &[],
            );
        }
        for (i, p) in site.power.iter().enumerate() {
            let mut src = site.sources.clone();
            src.extend(p.sources.clone());
            check(
                e.file,
                &join(&e.path, &format!("power[{i}]")),
                serde_yaml::to_value(p).unwrap_or_default(),
                &src,
                &["sources"],
            );
        }
    }
    let m = &l.market.catalog_value;
    let file = l.market.file;
    let top = serde_yaml::to_value(
        serde_json::json!({"internal_value_usd_per_h100e_hr": m.internal_value_usd_per_h100e_hr}),
    )
    .unwrap_or_default();
    check(file, "", top, &m.sources, &[]);
    for (sku, lease) in &m.lease {
        let mut src = m.sources.clone();
        src.extend(lease.sources.clone());
        check(
            file,
            &format!("lease.{sku}"),
            serde_yaml::to_value(lease).unwrap_or_default(),
            &src,
            &["sources"],
        );
    }
    out
}

/// The fields of one catalog entry (`value`, at `path`) holding a number
/// with no entry in `sources` (nor a `default` one), each named once;
/// fields in `skip` are not looked at.
fn unsourced_numbers(
    l: &Loaded,
    file: usize,
    path: &str,
    value: &serde_yaml::Value,
    sources: &indexmap::IndexMap<String, String>,
    skip: &[&str],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut nums = Vec::new();
    walk_numbers(value, "", &mut nums);
    let mut seen = HashSet::new();
    for (p, _) in nums {
        let field = p.split(['.', '[']).next().unwrap_or_default().to_string();
        if skip.contains(&field.as_str()) || !seen.insert(field.clone()) {
            continue;
        }
        if !sources.contains_key(&field) && !sources.contains_key("default") {
            out.push(l.files[file].diag_key(
                Diagnostic::error("unsourced-number", format!("`{field}` has no source"))
                    .with_hint(format!("add `sources: {{ {field}: \"<URL or document, date>\" }}`, or mark it `estimate: …`")),
                &join(path, &field),
            ));
        }
    }
    out
}

/// The `sources` of one catalog entry whose text is empty.
fn empty_sources(
    l: &Loaded,
    file: usize,
    path: &str,
    sources: &indexmap::IndexMap<String, String>,
) -> Vec<Diagnostic> {
    sources
        .iter()
        .filter(|(_, text)| text.trim().is_empty())
        .map(|(key, _)| {
            l.files[file].diag(
                Diagnostic::error(
                    "unsourced-number",
                    format!("the source of `{key}` is empty"),
                )
                .with_hint("give a URL or document and date, or text starting with `estimate`"),
                &join(path, &format!("sources.{key}")),
            )
        })
        .collect()
}

fn plan_granularity_is_quarter(l: &Loaded) -> bool {
    l.plan.horizon.period == Granularity::Quarter
}

/// The horizon runs forward, at most 15 years, in the granularity it names.
pub fn check_horizon(l: &Loaded) -> Vec<Diagnostic> {
    let h = &l.plan.horizon;
    let mut out = Vec::new();
    let quarter = plan_granularity_is_quarter(l);
    for (name, p) in [("start", h.start), ("end", h.end)] {
        if p.quarter != quarter {
            let want = if quarter {
                "a quarter like `2026Q1`"
            } else {
                "a month like `2026-01`"
            };
            out.push(
                l.plan_diag(
                    Diagnostic::error(
                        "granularity",
                        format!(
                            "horizon.{name} `{p}` does not match `period: {}`",
                            if quarter { "quarter" } else { "month" }
                        ),
                    )
                    .with_hint(format!("write {want}, or change `horizon.period`")),
                    &format!("horizon.{name}"),
                ),
            );
        }
    }
    if h.end.start_month < h.start.start_month {
        out.push(
            l.plan_diag(
                Diagnostic::error(
                    "horizon-backwards",
                    format!(
                        "the horizon ends ({}) before it starts ({})",
                        h.end, h.start
                    ),
                )
                .with_hint("`horizon.end` is the last period, at or after `horizon.start`"),
                "horizon.end",
            ),
        );
    } else if h.end.start_month - h.start.start_month >= MAX_HORIZON_YEARS * 12 {
        out.push(
            l.plan_diag(
                Diagnostic::error(
                    "horizon-too-long",
                    format!(
                        "the horizon {}–{} is longer than {MAX_HORIZON_YEARS} years",
                        h.start, h.end
                    ),
                )
                .with_hint(format!(
                    "plan at most {MAX_HORIZON_YEARS} years; split longer studies"
                )),
                "horizon.end",
            ),
        );
    }
    out
}

fn within(l: &Loaded, p: Period) -> bool {
    let h = &l.plan.horizon;
    p.start_month >= h.start.start_month && p.start_month <= h.end.start_month
}

/// Periods the plan itself sets (allocation, demand, budget, runs) lie in the horizon.
pub fn check_plan_periods_within_horizon(l: &Loaded) -> Vec<Diagnostic> {
    let mut periods: Vec<(String, Period)> = Vec::new();
    for (id, s) in &l.plan.skus {
        for (i, step) in s.allocation.iter().enumerate() {
            periods.push((format!("skus.{id}.allocation[{i}].from"), step.from));
        }
    }
    for (i, s) in l.plan.demand.h100e.iter().enumerate() {
        periods.push((format!("demand.h100e[{i}].from"), s.from));
    }
    for (i, s) in l.plan.finance.capex_budget.iter().enumerate() {
        periods.push((format!("finance.capex_budget[{i}].from"), s.from));
    }
    for (i, r) in l.plan.demand.training_runs.iter().enumerate() {
        periods.push((format!("demand.training_runs[{i}].from"), r.from));
        periods.push((format!("demand.training_runs[{i}].to"), r.to));
    }
    let h = &l.plan.horizon;
    periods
        .into_iter()
        .filter(|(_, p)| !within(l, *p))
        .map(|(path, p)| {
            l.plan_diag(
                Diagnostic::error(
                    "outside-horizon",
                    format!("{p} is outside the horizon {}–{}", h.start, h.end),
                )
                .with_hint("move it into the horizon or extend `horizon`"),
                &path,
            )
        })
        .collect()
}

/// Step functions list their steps in time order.
pub fn check_steps_are_in_order(l: &Loaded) -> Vec<Diagnostic> {
    let mut lists: Vec<(String, Vec<Period>)> = Vec::new();
    for (id, s) in &l.plan.skus {
        lists.push((
            format!("skus.{id}.allocation"),
            s.allocation.iter().map(|x| x.from).collect(),
        ));
    }
    lists.push((
        "demand.h100e".into(),
        l.plan.demand.h100e.iter().map(|x| x.from).collect(),
    ));
    lists.push((
        "finance.capex_budget".into(),
        l.plan.finance.capex_budget.iter().map(|x| x.from).collect(),
    ));
    let mut out = Vec::new();
    for (path, ps) in lists {
        for i in 1..ps.len() {
            if ps[i] <= ps[i - 1] {
                out.push(
                    l.plan_diag(
                        Diagnostic::error(
                            "steps-out-of-order",
                            format!(
                                "step {} ({}) does not come after step {} ({})",
                                i,
                                ps[i],
                                i - 1,
                                ps[i - 1]
                            ),
                        )
                        .with_hint("list steps by increasing `from`, one per period at most"),
                        &format!("{path}[{i}].from"),
                    ),
                );
            }
        }
    }
    out
}

/// Every id the plan names exists: sites of installed units, SKUs of runs, leases.
pub fn check_references(l: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let sites: Vec<&str> = l.plan.sites.keys().map(String::as_str).collect();
    let skus: Vec<&str> = l.plan.skus.keys().map(String::as_str).collect();
    let dangling = |what: &str, id: &str, known: &[&str]| {
        let d = Diagnostic::error("unknown-id", format!("`{id}` is not a {what} in play"));
        match did_you_mean(id, known.iter().copied()) {
            Some(b) => d.with_hint(format!("did you mean `{b}`?")),
            None => d.with_hint(format!("{what}s in play: {}", known.join(", "))),
        }
    };
    for (id, s) in &l.plan.skus {
        for site in s.installed.keys() {
            if !sites.contains(&site.as_str()) {
                out.push(l.files[0].diag_key(
                    dangling("site", site, &sites),
                    &format!("skus.{id}.installed.{site}"),
                ));
            }
        }
    }
    for (i, r) in l.plan.demand.training_runs.iter().enumerate() {
        for (j, k) in r.skus.iter().enumerate() {
            if !skus.contains(&k.as_str()) {
                out.push(l.plan_diag(
                    dangling("SKU", k, &skus),
                    &format!("demand.training_runs[{i}].skus[{j}]"),
                ));
            }
        }
    }
    for (sku, _) in &l.market.value.lease {
        if !l.skus.contains_key(sku) {
            let known: Vec<&str> = l.skus.keys().map(String::as_str).collect();
            let d = Diagnostic::error(
                "unknown-id",
                format!("the market prices `{sku}`, which no node catalog defines"),
            );
            let d = match did_you_mean(sku, known.iter().copied()) {
                Some(b) => d.with_hint(format!("did you mean `{b}`?")),
                None => d.with_hint("add the SKU to the node catalog or remove its lease entry"),
            };
            out.push(l.files[l.market.file].diag_key(d, &format!("lease.{sku}")));
        }
    }
    for (id, e) in &l.sites {
        for (i, h) in e.value.halls.iter().enumerate() {
            if let Some(after) = &h.after {
                if !e.value.halls.iter().any(|x| &x.id == after) {
                    let ids: Vec<&str> = e
                        .value
                        .halls
                        .iter()
                        .map(|x| x.id.as_str())
                        .filter(|x| *x != h.id)
                        .collect();
                    let d = Diagnostic::error("unknown-id", format!("hall `{}` of site `{id}` comes after `{after}`, which is not another hall of the site", h.id));
                    let d = match did_you_mean(after, ids.iter().copied()) {
                        Some(b) => d.with_hint(format!("did you mean `{b}`?")),
                        None if ids.is_empty() => {
                            d.with_hint(format!("`{id}` has no other hall; remove `after`"))
                        }
                        None => d.with_hint(format!("halls of `{id}`: {}", ids.join(", "))),
                    };
                    out.push(l.diag_in(e, &format!("halls[{i}].after"), d));
                }
            }
        }
    }
    out
}

/// Ids are unique within their list.
pub fn check_unique_ids(l: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut dup =
        |ids: Vec<(String, String)>, what: &str, diag: &dyn Fn(Diagnostic, &str) -> Diagnostic| {
            let mut seen = HashMap::new();
            for (id, path) in ids {
                if let Some(first) = seen.insert(id.clone(), path.clone()) {
                    out.push(diag(
                        Diagnostic::error(
                            "duplicate-id",
                            format!("{what} id `{id}` is used twice (first at {first})"),
                        )
                        .with_hint("give each one its own id"),
                        &path,
                    ));
                }
            }
        };
    for e in l.sites.values() {
        let f = |d: Diagnostic, p: &str| l.diag_in(e, p, d);
        dup(
            e.value
                .halls
                .iter()
                .enumerate()
                .map(|(i, h)| (h.id.clone(), format!("halls[{i}].id")))
                .collect(),
            "hall",
            &f,
        );
        dup(
            e.value
                .power
                .iter()
                .enumerate()
                .map(|(i, h)| (h.id.clone(), format!("power[{i}].id")))
                .collect(),
            "power option",
            &f,
        );
    }
    let f = |d: Diagnostic, p: &str| l.plan_diag(d, p);
    dup(
        l.plan
            .demand
            .training_runs
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), format!("demand.training_runs[{i}].id")))
            .collect(),
        "training run",
        &f,
    );
    for (sku, lease) in &l.market.value.lease {
        let f = |d: Diagnostic, p: &str| l.diag_in(&l.market, p, d);
        dup(
            lease
                .tenors
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    (
                        t.tenor.to_string(),
                        format!("lease.{sku}.tenors[{i}].tenor"),
                    )
                })
                .collect(),
            "tenor",
            &f,
        );
    }
    out
}

/// PUE is facility power over IT power: at least 1.
pub fn check_pue_at_least_one(l: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for e in l.sites.values() {
        for c in Cooling::ALL {
            let pue = e.value.pue.of(c);
            if pue.is_finite() && !(1.0..=3.0).contains(&pue) {
                out.push(l.diag_in(
                    e,
                    &format!("pue.{}", c.as_str()),
                    Diagnostic::error("pue-out-of-range", format!("PUE {pue} is outside 1.0–3.0"))
                        .with_hint("PUE = facility power / IT power: 1.1–1.2 for liquid-cooled AI halls, 1.3–1.5 for air"),
                ));
            }
        }
    }
    out
}

/// Shares, utilizations and fractions lie in 0–1.
pub fn check_fractions(l: &Loaded) -> Vec<Diagnostic> {
    let mut out = plan_fractions_outside_0_1(l);
    out.extend(leased_share_bounds_crossed(l));
    out.extend(residual_fractions_outside_0_1(l));
    out.extend(lease_fractions_outside_range(l));
    out.extend(peak_usable_shares_outside_range(l));
    out
}

/// Sites' `peak_usable_share` outside (0, 1]: none of the power usable at
/// peak makes no site.
fn peak_usable_shares_outside_range(l: &Loaded) -> Vec<Diagnostic> {
    l.sites
        .values()
        .filter_map(|e| Some((e, e.value.peak_usable_share?)))
        .filter(|&(_, v)| v.is_finite() && !(v > 0.0 && v <= 1.0))
        .map(|(e, v)| {
            l.diag_in(
                e,
                "peak_usable_share",
                Diagnostic::error(
                    "not-a-fraction",
                    format!("{v} is not above 0 and at most 1"),
                )
                .with_hint(
                    "the share of nameplate power usable at peak, e.g. 0.9 for N+1 on ten turbines",
                ),
            )
        })
        .collect()
}

/// A finite number outside 0–1 (an infinite or NaN one is reported elsewhere).
fn outside_0_1(v: f64) -> bool {
    v.is_finite() && !(0.0..=1.0).contains(&v)
}

/// The plan's shares, rates and weights outside 0–1.
fn plan_fractions_outside_0_1(l: &Loaded) -> Vec<Diagnostic> {
    let p = &l.plan;
    let plan_fracs = [
        (
            "finance.internal_value_weight",
            p.finance.internal_value_weight,
        ),
        (
            "finance.discount_rate_per_year",
            p.finance.discount_rate_per_year,
        ),
        ("demand.floor_fraction", p.demand.floor_fraction),
        ("policy.min_leased_share", p.policy.min_leased_share),
        ("policy.max_leased_share", p.policy.max_leased_share),
        ("policy.load_factor", p.policy.load_factor),
        ("finance.tax_rate", p.finance.tax_rate.unwrap_or(0.0)),
        (
            "finance.debt.loan_to_value",
            p.finance.debt.as_ref().map_or(0.0, |d| d.loan_to_value),
        ),
        (
            "finance.debt.internal_value_share",
            p.finance
                .debt
                .as_ref()
                .map_or(0.0, |d| d.internal_value_share),
        ),
    ];
    plan_fracs
        .into_iter()
        .filter(|&(_, v)| outside_0_1(v))
        .map(|(path, v)| {
            l.plan_diag(
                Diagnostic::error("not-a-fraction", format!("{v} is not between 0 and 1"))
                    .with_hint("write a fraction such as 0.25 (not 25)"),
                path,
            )
        })
        .collect()
}

/// `min_leased_share` above `max_leased_share`.
fn leased_share_bounds_crossed(l: &Loaded) -> Option<Diagnostic> {
    let policy = &l.plan.policy;
    (policy.min_leased_share > policy.max_leased_share).then(|| {
        l.plan_diag(
            Diagnostic::error(
                "min-above-max",
                format!(
                    "min_leased_share {} is above max_leased_share {}",
                    policy.min_leased_share, policy.max_leased_share
                ),
            )
            .with_hint("the least leased share must not exceed the most"),
            "policy.min_leased_share",
        )
    })
}

/// SKUs whose end-of-life residual fraction is outside 0–1.
fn residual_fractions_outside_0_1(l: &Loaded) -> Vec<Diagnostic> {
    l.skus
        .values()
        .filter(|e| outside_0_1(e.value.residual_fraction_end_of_life))
        .map(|e| {
            l.diag_in(
                e,
                "residual_fraction_end_of_life",
                Diagnostic::error(
                    "not-a-fraction",
                    format!(
                        "{} is not between 0 and 1",
                        e.value.residual_fraction_end_of_life
                    ),
                )
                .with_hint("the share of capex a unit is worth at the end of its life, e.g. 0.1"),
            )
        })
        .collect()
}

/// Lease markets' utilization and sales cost outside 0–1, and yearly price
/// changes outside −0.9–1.0.
fn lease_fractions_outside_range(l: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (sku, m) in &l.market.value.lease {
        for (field, v) in [
            ("billed_utilization", m.billed_utilization),
            ("sales_cost_fraction", m.sales_cost_fraction),
        ] {
            if outside_0_1(v) {
                out.push(
                    l.diag_in(
                        &l.market,
                        &format!("lease.{sku}.{field}"),
                        Diagnostic::error("not-a-fraction", format!("{v} is not between 0 and 1"))
                            .with_hint("write a fraction such as 0.9"),
                    ),
                );
            }
        }
        if m.price_change_per_year.is_finite() && !(-0.9..=1.0).contains(&m.price_change_per_year) {
            out.push(
                l.diag_in(
                    &l.market,
                    &format!("lease.{sku}.price_change_per_year"),
                    Diagnostic::error(
                        "not-a-fraction",
                        format!(
                            "{} is not a yearly change between -0.9 and 1.0",
                            m.price_change_per_year
                        ),
                    )
                    .with_hint("-0.15 means prices of new contracts fall 15% a year"),
                ),
            );
        }
    }
    out
}

/// Each power option has the fields its kind needs, and none of another kind's.
pub fn check_power_option_fields(l: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for e in l.sites.values() {
        for (i, p) in e.value.power.iter().enumerate() {
            let (required, forbidden) = fields_of_kind(p);
            for (field, _) in required.into_iter().filter(|&(_, present)| !present) {
                out.push(
                    l.diag_in(
                        e,
                        &format!("power[{i}]"),
                        Diagnostic::error(
                            "missing-field",
                            format!(
                                "power option `{}` of kind `{}` needs `{field}`",
                                p.id,
                                p.kind.as_str()
                            ),
                        )
                        .with_hint(kind_hint(p.kind)),
                    ),
                );
            }
            for (field, _) in forbidden.into_iter().filter(|&(_, present)| present) {
                out.push(
                    l.diag_in(
                        e,
                        &format!("power[{i}].{field}"),
                        Diagnostic::error(
                            "field-not-for-kind",
                            format!(
                                "`{field}` does not apply to a `{}` power option",
                                p.kind.as_str()
                            ),
                        )
                        .with_hint(kind_hint(p.kind)),
                    ),
                );
            }
            out.extend(block_outside_max(l, e, i, p));
        }
    }
    out
}

/// (field, present) pairs of a power option.
type Fields<'a> = Vec<(&'a str, bool)>;

/// The fields a power option's kind needs, and those it must not have,
/// each with whether `p` has it.
fn fields_of_kind(p: &PowerOption) -> (Fields<'static>, Fields<'static>) {
    match p.kind {
        PowerKind::Grid | PowerKind::Ppa => (
            vec![
                ("mw", p.mw.is_some()),
                ("energize", p.energize.is_some()),
                ("price_usd_per_mwh", p.price_usd_per_mwh.is_some()),
            ],
            vec![
                ("max_mw", p.max_mw.is_some()),
                ("capex_usd_per_kw", p.capex_usd_per_kw.is_some()),
                ("lead_time", p.lead_time.is_some()),
                ("block_mw", p.block_mw.is_some()),
            ],
        ),
        PowerKind::GasTurbine => (
            vec![
                ("max_mw", p.max_mw.is_some()),
                ("capex_usd_per_kw", p.capex_usd_per_kw.is_some()),
                ("lead_time", p.lead_time.is_some()),
                ("price_usd_per_mwh", p.price_usd_per_mwh.is_some()),
            ],
            vec![("mw", p.mw.is_some()), ("energize", p.energize.is_some())],
        ),
        PowerKind::Battery => (
            vec![
                ("max_mw", p.max_mw.is_some()),
                ("capex_usd_per_kw", p.capex_usd_per_kw.is_some()),
                ("lead_time", p.lead_time.is_some()),
            ],
            vec![
                ("mw", p.mw.is_some()),
                ("energize", p.energize.is_some()),
                ("price_usd_per_mwh", p.price_usd_per_mwh.is_some()),
            ],
        ),
    }
}

/// A block (one turbine or engine) of no size or larger than the option.
fn block_outside_max(l: &Loaded, e: &Entry<Site>, i: usize, p: &PowerOption) -> Option<Diagnostic> {
    let (b, m) = (p.block_mw?, p.max_mw?);
    (b <= 0.0 || b > m).then(|| {
        l.diag_in(
            e,
            &format!("power[{i}].block_mw"),
            Diagnostic::error(
                "bad-block",
                format!("block of {b} MW does not fit in max_mw {m}"),
            )
            .with_hint("a block is one turbine or engine: more than 0 and at most max_mw"),
        )
    })
}

fn kind_hint(kind: PowerKind) -> &'static str {
    match kind {
        PowerKind::Grid | PowerKind::Ppa => "grid and ppa options take mw, energize, price_usd_per_mwh and optionally demand_charge_usd_per_mw_month",
        PowerKind::GasTurbine => "gas_turbine options take max_mw, capex_usd_per_kw, lead_time, price_usd_per_mwh (fuel + O&M) and optionally block_mw, earliest_order",
        PowerKind::Battery => "battery options take max_mw, capex_usd_per_kw, lead_time and optionally hours, earliest_order",
    }
}

/// Halls have capacity, fit the shell when already built, and phase without loops.
pub fn check_halls(l: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (id, e) in &l.sites {
        let s = &e.value;
        if s.halls.is_empty() {
            out.push(l.diag_in(
                e,
                "halls",
                Diagnostic::error("no-halls", format!("site `{id}` has no halls")).with_hint(
                    "list at least one hall with cooling, it_mw, capex_usd_per_mw and build_time",
                ),
            ));
        }
        for (i, h) in s.halls.iter().enumerate() {
            if h.it_mw <= 0.0 {
                out.push(
                    l.diag_in(
                        e,
                        &format!("halls[{i}].it_mw"),
                        Diagnostic::error(
                            "zero-capacity",
                            format!("hall `{}` has no IT capacity", h.id),
                        )
                        .with_hint("it_mw is the critical IT MW the hall adds"),
                    ),
                );
            }
        }
        let built: f64 = s
            .halls
            .iter()
            .filter(|h| h.ready.is_some())
            .map(|h| h.it_mw)
            .sum();
        if built > s.shell_mw + 1e-9 {
            out.push(
                l.diag_in(
                    e,
                    "shell_mw",
                    Diagnostic::error(
                        "shell-exceeded",
                        format!(
                            "halls already built hold {built} MW, more than the shell's {} MW",
                            s.shell_mw
                        ),
                    )
                    .with_hint("raise shell_mw or fix the halls' it_mw"),
                ),
            );
        }
        // Phasing loops: follow `after` links.
        for (i, h) in s.halls.iter().enumerate() {
            let mut seen = vec![h.id.as_str()];
            let mut cur = h.after.as_deref();
            while let Some(next) = cur {
                if seen.contains(&next) {
                    if next == h.id {
                        out.push(
                            l.diag_in(
                                e,
                                &format!("halls[{i}].after"),
                                Diagnostic::error(
                                    "phase-cycle",
                                    format!(
                                        "halls of `{id}` wait on each other: {} → {next}",
                                        seen.join(" → ")
                                    ),
                                )
                                .with_hint("remove one `after` so the phases have a first one"),
                            ),
                        );
                    }
                    break;
                }
                seen.push(next);
                cur = s
                    .halls
                    .iter()
                    .find(|x| x.id == next)
                    .and_then(|x| x.after.as_deref());
            }
        }
    }
    out
}

/// Each lease market has tenors and depth tiers that make sense.
pub fn check_lease_market(l: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (sku, m) in &l.market.value.lease {
        let at = |p: String, d: Diagnostic| l.diag_in(&l.market, &p, d);
        if m.tenors.is_empty() {
            out.push(at(format!("lease.{sku}.tenors"), Diagnostic::error("no-tenors", format!("`{sku}` has no lease tenors")).with_hint("list at least one tenor with its price, e.g. `- {tenor: 3y, price_usd_per_gpu_hr: 2.1}`")));
        }
        for (i, t) in m.tenors.iter().enumerate() {
            if t.tenor.months <= 0 {
                out.push(at(
                    format!("lease.{sku}.tenors[{i}].tenor"),
                    Diagnostic::error("zero-tenor", "a lease tenor must be longer than zero")
                        .with_hint("write e.g. `1y`"),
                ));
            }
        }
        if m.depth.is_empty() {
            out.push(at(
                format!("lease.{sku}.depth"),
                Diagnostic::error("no-depth", format!("`{sku}` has no market depth tiers"))
                    .with_hint("list at least one tier: `- {gpus: 50000, price_factor: 1.0}`"),
            ));
        }
        for (i, t) in m.depth.iter().enumerate() {
            if t.price_factor <= 0.0 || t.price_factor > 1.0 + 1e-12 {
                out.push(at(
                    format!("lease.{sku}.depth[{i}].price_factor"),
                    Diagnostic::error(
                        "bad-tier",
                        format!("price factor {} is outside (0, 1]", t.price_factor),
                    )
                    .with_hint("tiers discount the list price: 1.0 for the first, lower after"),
                ));
            }
            if i > 0 && t.price_factor > m.depth[i - 1].price_factor + 1e-12 {
                out.push(at(format!("lease.{sku}.depth[{i}].price_factor"), Diagnostic::error("bad-tier", format!("tier {i} sells dearer ({}) than tier {} ({})", t.price_factor, i - 1, m.depth[i - 1].price_factor)).with_hint("selling more lowers the marginal price: list tiers by non-increasing price_factor")));
            }
        }
    }
    out
}

/// No tenor is longer than the horizon.
pub fn check_tenors_fit_horizon(l: &Loaded) -> Vec<Diagnostic> {
    let h = &l.plan.horizon;
    if h.end < h.start {
        return Vec::new(); // check_horizon reports it
    }
    let months = h.end.start_month - h.start.start_month + h.end.months();
    let mut out = Vec::new();
    for (sku, m) in &l.market.value.lease {
        if !l.plan.skus.contains_key(sku) {
            continue;
        }
        for (i, t) in m.tenors.iter().enumerate() {
            if t.tenor.months > months {
                out.push(
                    l.diag_in(
                        &l.market,
                        &format!("lease.{sku}.tenors[{i}].tenor"),
                        Diagnostic::error(
                            "tenor-too-long",
                            format!(
                                "a {} lease is longer than the {}-month horizon",
                                t.tenor, months
                            ),
                        )
                        .with_hint("shorten the tenor or lengthen the horizon"),
                    ),
                );
            }
        }
    }
    out
}

/// A liquid-cooled SKU in play needs a liquid hall at some site in play.
pub fn check_liquid_skus_have_liquid_halls(l: &Loaded) -> Vec<Diagnostic> {
    let liquid_somewhere = l
        .plan
        .sites
        .keys()
        .filter_map(|s| l.sites.get(s))
        .any(|e| e.value.halls.iter().any(|h| h.cooling == Cooling::Liquid));
    let air_somewhere = l
        .plan
        .sites
        .keys()
        .filter_map(|s| l.sites.get(s))
        .any(|e| e.value.halls.iter().any(|h| h.cooling == Cooling::Air));
    let mut out = Vec::new();
    for id in l.plan.skus.keys() {
        let Some(e) = l.skus.get(id) else { continue };
        let (ok, what) = match e.value.cooling {
            Cooling::Liquid => (liquid_somewhere, "liquid"),
            Cooling::Air => (air_somewhere, "air"),
        };
        if !ok {
            out.push(l.files[0].diag_key(
                Diagnostic::error("no-hall-for-cooling", format!("`{id}` needs {what}-cooled halls and no site in play has one"))
                    .with_hint(format!("add a site with an {what} hall, add such a hall to a site in play, or drop `{id}`")),
                &format!("skus.{id}"),
            ));
        }
    }
    out
}

/// A SKU in play ships some time in the horizon.
pub fn check_skus_available_in_horizon(l: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for id in l.plan.skus.keys() {
        let Some(e) = l.skus.get(id) else { continue };
        if e.value.available_from.start_month > l.plan.horizon.end.start_month {
            out.push(
                l.files[0].diag_key(
                    Diagnostic::error(
                        "never-available",
                        format!(
                            "`{id}` ships from {}, after the horizon ends ({})",
                            e.value.available_from, l.plan.horizon.end
                        ),
                    )
                    .with_hint("drop it from `skus` or extend the horizon"),
                    &format!("skus.{id}"),
                ),
            );
        }
    }
    out
}

/// Each training run fits the fabric of at least one site in play and runs forward.
pub fn check_training_runs_fit_a_fabric(l: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let largest = l
        .plan
        .sites
        .keys()
        .filter_map(|s| l.sites.get(s))
        .map(|e| e.value.max_cluster_gpus)
        .max()
        .unwrap_or(0);
    for (i, r) in l.plan.demand.training_runs.iter().enumerate() {
        if r.gpus > largest {
            out.push(l.plan_diag(
                Diagnostic::error("cluster-too-large", format!("run `{}` needs {} GPUs on one fabric; the largest site fabric holds {largest}", r.id, r.gpus))
                    .with_hint("lower `gpus`, or raise a site's max_cluster_gpus if its network allows"),
                &format!("demand.training_runs[{i}].gpus"),
            ));
        }
        if r.to < r.from {
            out.push(
                l.plan_diag(
                    Diagnostic::error(
                        "run-backwards",
                        format!(
                            "run `{}` ends ({}) before it starts ({})",
                            r.id, r.to, r.from
                        ),
                    )
                    .with_hint("`to` is the last period of the run"),
                    &format!("demand.training_runs[{i}].to"),
                ),
            );
        }
    }
    out
}

/// A SKU has GPUs, power and a life.
pub fn check_sku_basics(l: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for e in l.skus.values() {
        let s = &e.value;
        let checks: [(&str, bool, &str); 3] = [
            (
                "gpus_per_unit",
                s.gpus_per_unit == 0,
                "a unit holds at least one GPU",
            ),
            (
                "it_kw_per_unit",
                s.it_kw_per_unit <= 0.0,
                "a unit draws power: give its design IT kW",
            ),
            (
                "useful_life",
                s.useful_life.months <= 0,
                "a unit serves for some time: e.g. `5y`",
            ),
        ];
        for (field, bad, hint) in checks {
            if bad {
                out.push(
                    l.diag_in(
                        e,
                        field,
                        Diagnostic::error(
                            "must-be-positive",
                            format!("`{field}` must be more than zero"),
                        )
                        .with_hint(hint),
                    ),
                );
            }
        }
    }
    out
}

/// A plan puts at least one site and one SKU in play.
pub fn check_plan_has_sites_and_skus(l: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if l.plan.sites.is_empty() {
        out.push(
            l.plan_diag(
                Diagnostic::error("nothing-in-play", "the plan puts no site in play")
                    .with_hint("list catalog sites under `sites:`, e.g. `memphis: {}`"),
                "sites",
            ),
        );
    }
    if l.plan.skus.is_empty() {
        out.push(
            l.plan_diag(
                Diagnostic::error("nothing-in-play", "the plan puts no SKU in play")
                    .with_hint("list catalog SKUs under `skus:` with their `allocation`"),
                "skus",
            ),
        );
    }
    out
}

/// Units installed before the horizon stand in a hall of their cooling that is ready at the start.
pub fn check_installed_units_have_a_ready_hall(l: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let start = l.plan.horizon.start;
    for (sku_id, play) in &l.plan.skus {
        let Some(sku) = l.skus.get(sku_id) else {
            continue;
        };
        let cooling = sku.value.cooling;
        for (site_id, n) in &play.installed {
            let Some(site) = l.sites.get(site_id) else {
                continue;
            };
            let ready_mw: f64 = site
                .value
                .halls
                .iter()
                .filter(|h| h.cooling == cooling && h.ready.is_some_and(|r| r <= start))
                .map(|h| h.it_mw)
                .sum();
            let need_mw = *n as f64 * sku.value.it_kw_per_unit / 1000.0;
            if need_mw > ready_mw + 1e-9 {
                let d = Diagnostic::error(
                    "installed-without-hall",
                    format!(
                        "{n} installed `{sku_id}` units need {need_mw:.1} MW of {} halls at `{site_id}` ready by {start}; there are {ready_mw:.1} MW",
                        cooling.as_str()
                    ),
                )
                .with_hint(format!("mark the hall that holds them `ready: {start}` (or earlier), or check the SKU's `cooling`"));
                out.push(l.files[0].diag_key(d, &format!("skus.{sku_id}.installed.{site_id}")));
            }
        }
    }
    out
}

/// Tenors are whole periods; early-retirement ages are positive and shorter than a life.
pub fn check_durations_are_whole_periods(l: &Loaded) -> Vec<Diagnostic> {
    let months = match l.plan.horizon.period {
        Granularity::Quarter => 3,
        Granularity::Month => 1,
    };
    let mut out = Vec::new();
    for (sku, m) in &l.market.value.lease {
        if !l.plan.skus.contains_key(sku) {
            continue;
        }
        for (i, t) in m.tenors.iter().enumerate() {
            if t.tenor.months > 0 && t.tenor.months % months != 0 {
                out.push(l.diag_in(
                    &l.market,
                    &format!("lease.{sku}.tenors[{i}].tenor"),
                    Diagnostic::error("tenor-not-whole-periods", format!("a {}-month tenor is not a whole number of {months}-month periods", t.tenor.months))
                        .with_hint("use a tenor that is a multiple of the plan's period, or plan in months (`horizon.period: month`)"),
                ));
            }
        }
    }
    let shortest_life = l
        .plan
        .skus
        .keys()
        .filter_map(|k| l.skus.get(k))
        .map(|e| e.value.useful_life.months)
        .min()
        .unwrap_or(0);
    for (i, age) in l.plan.policy.early_retirement_ages.iter().enumerate() {
        let path = format!("policy.early_retirement_ages[{i}]");
        if age.months <= 0 {
            out.push(
                l.plan_diag(
                    Diagnostic::error(
                        "bad-retirement-age",
                        "a retirement age must be longer than zero",
                    )
                    .with_hint(
                        "e.g. `3y`: units may retire at three years instead of their full life",
                    ),
                    &path,
                ),
            );
        } else if age.months >= shortest_life
            && shortest_life > 0
            && l.plan
                .skus
                .keys()
                .filter_map(|k| l.skus.get(k))
                .all(|e| age.months >= e.value.useful_life.months)
        {
            out.push(l.plan_diag(
                Diagnostic::warning("retirement-age-ignored", format!("{age} is not shorter than any SKU's useful life, so it changes nothing"))
                    .with_hint("early-retirement ages below a SKU's life let units retire early to free power for newer ones"),
                &path,
            ));
        }
    }
    out
}

/// Training runs and site fabrics have a size.
pub fn check_clusters_are_positive(l: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, r) in l.plan.demand.training_runs.iter().enumerate() {
        if r.gpus == 0 {
            out.push(
                l.plan_diag(
                    Diagnostic::error(
                        "must-be-positive",
                        format!("run `{}` needs at least one GPU", r.id),
                    )
                    .with_hint("`gpus` is the size of the run's cluster"),
                    &format!("demand.training_runs[{i}].gpus"),
                ),
            );
        }
    }
    for id in l.plan.sites.keys() {
        if let Some(e) = l.sites.get(id) {
            if e.value.max_cluster_gpus == 0 {
                out.push(
                    l.diag_in(
                        e,
                        "max_cluster_gpus",
                        Diagnostic::error(
                            "must-be-positive",
                            "`max_cluster_gpus` must be more than zero",
                        )
                        .with_hint(
                            "the largest cluster one network fabric at the site can hold, in GPUs",
                        ),
                    ),
                );
            }
        }
    }
    out
}

/// Warns where something in play can never happen within the horizon.
pub fn check_things_happen_within_horizon(l: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let h = &l.plan.horizon;
    if h.end < h.start {
        return out;
    }
    let months = match h.period {
        Granularity::Quarter => 3,
        Granularity::Month => 1,
    };
    for id in l.plan.skus.keys() {
        let Some(e) = l.skus.get(id) else { continue };
        let first = e
            .value
            .available_from
            .start_month
            .max(h.start.start_month + e.value.lead_time.periods(months) as i64 * months);
        if first > h.end.start_month && e.value.available_from.start_month <= h.end.start_month {
            out.push(l.files[0].diag_key(
                Diagnostic::warning("never-delivered", format!("`{id}` cannot be delivered within the horizon: its {} lead time runs past {}", e.value.lead_time, h.end))
                    .with_hint("lengthen the horizon or shorten the lead time if orders were placed earlier"),
                &format!("skus.{id}"),
            ));
        }
    }
    for id in l.plan.sites.keys() {
        let Some(e) = l.sites.get(id) else { continue };
        let s = &e.value;
        let power = s
            .power
            .iter()
            .any(|p| match (p.energize, p.earliest_order, p.lead_time) {
                (Some(en), _, _) => en <= h.end,
                (None, order, lead) => {
                    let o = order.unwrap_or(s.earliest_start).max(h.start);
                    o.start_month + lead.map(|d| d.periods(months) as i64 * months).unwrap_or(0)
                        <= h.end.start_month
                }
            });
        if s.earliest_start > h.end || !power {
            out.push(
                l.files[0].diag_key(
                    Diagnostic::warning(
                        "site-idle",
                        format!(
                            "site `{id}` can have no power within the horizon (starts {}, ends {})",
                            s.earliest_start, h.end
                        ),
                    )
                    .with_hint("it can hold nothing in this plan; drop it or lengthen the horizon"),
                    &format!("sites.{id}"),
                ),
            );
        }
    }
    out
}

/// Units installed before the horizon went into service before it starts and
/// have life left.
pub fn check_installed_since(l: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let start = l.plan.horizon.start;
    for (id, play) in &l.plan.skus {
        let Some(since) = play.installed_since else {
            continue;
        };
        let path = format!("skus.{id}.installed_since");
        if since > start {
            out.push(l.plan_diag(
                Diagnostic::error("installed-after-start", format!("units installed before the horizon cannot go into service in {since}, after it starts ({start})"))
                    .with_hint("give the period the installed fleet went into service, at or before `horizon.start`; later units are deliveries"),
                &path,
            ));
        } else if let Some(sku) = l.skus.get(id) {
            let age = start.start_month - since.start_month;
            if age >= sku.value.useful_life.months && !play.installed.is_empty() {
                out.push(l.plan_diag(
                    Diagnostic::error("installed-past-life", format!("units in service since {since} reach their {} life before {start}", sku.value.useful_life))
                        .with_hint("they would be retired already: drop them from `installed`, or check `installed_since`"),
                    &path,
                ));
            }
        }
    }
    out
}
