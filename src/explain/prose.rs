//! `capplan explain`: a solved plan put into sentences for a person — what it
//! does, what holds it back (shadow prices in user units), what has room.
//! Reads plan.json alone.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::doc::PlanDoc;

use super::binding::{bindings, price, slack_families, Binding, Priced};
use crate::units::{count, money_exact};

/// The plan in prose: what it does in a few sentences, then what binds.
pub fn explain(plan: &PlanDoc) -> String {
    let mut out = String::new();
    let first = plan.periods.first().cloned().unwrap_or_default();
    let last = plan.periods.last().cloned().unwrap_or_default();
    let _ = writeln!(
        out,
        "What the plan does ({}, {first}–{last})\n",
        plan.scenario
    );
    let mut s = money_sentences(plan, &last);
    s.extend(buildout_sentences(plan));
    s.extend(commitment_sentences(plan));
    for x in s {
        let _ = writeln!(out, "{x}");
    }
    write_what_holds_it_back(&mut out, plan);
    out
}

/// NPV and IRR, capex and revenue, and the GPUs running by the last period.
fn money_sentences(plan: &PlanDoc, last: &str) -> Vec<String> {
    let m = &plan.metrics;
    let mut s: Vec<String> = Vec::new();
    s.push(format!(
        "The plan{} has a blended NPV of {} (internal value weighted {}){}.",
        if plan.solver.relaxed {
            " (LP relaxation: fractional units)"
        } else {
            ""
        },
        money_exact(m.npv_usd),
        m.internal_value_weight,
        m.irr
            .map(|r| format!(" and an IRR of {:.1}% a year", 100.0 * r))
            .unwrap_or_default()
    ));
    s.push(format!(
        "It spends {} of capex and earns {} of lease revenue; internal compute served is worth {}.",
        money_exact(m.capex_usd),
        money_exact(m.lease_revenue_usd),
        money_exact(m.internal_value_usd)
    ));
    s.push(format!(
        "By {last} it runs {} GPUs: {} leased and {} kept for training; over the horizon {:.1}% of GPU-hours are leased.",
        count(m.gpus_end as f64),
        count(m.gpus_leased_end as f64),
        count(m.gpus_internal_end as f64),
        100.0 * m.leased_share
    ));
    s
}

/// Sites opened, halls built, power added and units delivered, each when there are any.
fn buildout_sentences(plan: &PlanDoc) -> Vec<String> {
    let mut s: Vec<String> = Vec::new();
    if !plan.sites_opened.is_empty() {
        let opened: Vec<String> = plan
            .sites_opened
            .iter()
            .map(|o| format!("{} in {}", o.site, o.period))
            .collect();
        s.push(format!("It opens {}.", opened.join(", ")));
    }
    let built: Vec<String> = plan
        .halls
        .iter()
        .filter_map(|h| {
            h.start.as_ref().map(|_| {
                format!(
                    "{} at {} ({} MW, ready {})",
                    h.hall, h.site, h.it_mw, h.ready
                )
            })
        })
        .collect();
    if !built.is_empty() {
        s.push(format!(
            "It builds {} hall{}: {}.",
            built.len(),
            if built.len() == 1 { "" } else { "s" },
            built.join(", ")
        ));
    }
    let mut power: BTreeMap<(&str, &str), f64> = BTreeMap::new();
    for b in &plan.power_builds {
        *power.entry((b.site.as_str(), b.kind.as_str())).or_default() += b.mw;
    }
    if !power.is_empty() {
        let p: Vec<String> = power
            .iter()
            .map(|((site, kind), mw)| format!("{mw:.0} MW of {} at {site}", kind.replace('_', " ")))
            .collect();
        s.push(format!("It adds {}.", p.join(", ")));
    }
    let mut units: BTreeMap<&str, f64> = BTreeMap::new();
    for d in &plan.deliveries {
        *units.entry(d.sku.as_str()).or_default() += d.units;
    }
    if !units.is_empty() {
        let u: Vec<String> = units
            .iter()
            .map(|(k, n)| format!("{} {k}", count(*n)))
            .collect();
        s.push(format!("It takes delivery of {} units.", u.join(", ")));
    }
    s
}

/// Where each training run runs, and the leases signed.
fn commitment_sentences(plan: &PlanDoc) -> Vec<String> {
    let mut s: Vec<String> = Vec::new();
    for r in &plan.training_runs {
        s.push(format!(
            "Training run `{}` ({} GPUs, {}–{}) runs at {}{}.",
            r.id,
            count(r.gpus),
            r.from,
            r.to,
            r.site,
            if r.share < 1.0 {
                format!(" ({:.0}% of it)", 100.0 * r.share)
            } else {
                String::new()
            }
        ));
    }
    if !plan.leases.is_empty() {
        let gpus: f64 = plan.leases.iter().map(|l| l.gpus).sum();
        s.push(format!(
            "It signs {} lease{} for {} GPUs in all.",
            plan.leases.len(),
            if plan.leases.len() == 1 { "" } else { "s" },
            count(gpus)
        ));
    }
    s
}

/// The "What holds it back" section: a sentence per binding family, then the slack ones.
fn write_what_holds_it_back(out: &mut String, plan: &PlanDoc) {
    let sp = &plan.shadow_prices;
    let _ = writeln!(out, "\nWhat holds it back\n");
    if sp.basis.is_none() {
        let _ = writeln!(out, "No shadow prices were computed for this plan.");
        return;
    }
    let all = bindings(sp);
    if all.is_empty() {
        let _ = writeln!(
            out,
            "Nothing binds: one more MW, unit, dollar or GPU of market would add nothing."
        );
    }
    let per_site = power_value_per_site(plan);
    let mut fams: Vec<Priced> = all.iter().map(|b| b.family).collect();
    fams.dedup();
    for f in fams {
        let of: Vec<_> = all.iter().filter(|b| b.family == f).collect();
        let _ = writeln!(out, "{}", binding_sentence(f, &of));
        if f == Priced::Power {
            for (site, (sum, n)) in &per_site {
                let _ = writeln!(
                    out,
                    "  One more MW{} at {site} in each of the {n} period{} where power binds is worth {} in all.",
                    of_nameplate(sp, site),
                    if *n == 1 { "" } else { "s" },
                    money_exact(*sum)
                );
            }
        }
    }
    let slack = slack_families(sp);
    if !slack.is_empty() {
        let _ = writeln!(out, "Slack (more would add nothing): {}.", slack.join(", "));
    }
    let _ = writeln!(
        out,
        "\nPrices hold around this buildout (which halls, sites and run placements); a different buildout needs another solve."
    );
}

/// Whole-horizon power value per site, and the periods it sums over:
/// per-period prices are often degenerate (docs/model.md §8), their sum is not.
fn power_value_per_site(plan: &PlanDoc) -> BTreeMap<&str, (f64, usize)> {
    let mut per_site: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for p in &plan.shadow_prices.power {
        if p.usd_per_mw.abs() > 0.005 {
            let e = per_site.entry(p.site.as_str()).or_default();
            e.0 += p.usd_per_mw;
            e.1 += 1;
        }
    }
    per_site
}

/// One family's sentence, priced at its largest binding row `of[0]`.
fn binding_sentence(f: Priced, of: &[&Binding]) -> String {
    let top = of[0];
    match f {
        Priced::Power => format!(
            "Power binds in {} site-period{}. One more MW{} at {} is worth {} of NPV.",
            of.len(),
            if of.len() == 1 { "" } else { "s" },
            if top.unit == "per MW" {
                ""
            } else {
                " of nameplate"
            },
            top.place.replacen(' ', " in ", 1),
            money_exact(top.value)
        ),
        Priced::Halls => format!(
            "Hall space binds in {} place{}; one more MW of hall at {} is worth {}.",
            of.len(),
            if of.len() == 1 { "" } else { "s" },
            top.place,
            money_exact(top.value)
        ),
        Priced::Supply => format!(
            "Supply allocation binds; one more unit of {} is worth {}.",
            top.place.replacen(' ', " in ", 1),
            money_exact(top.value)
        ),
        Priced::Budget => format!(
            "The capex budget binds; one more dollar of budget in {} is worth {}.",
            top.place,
            price(top)
        ),
        Priced::MarketDepth => format!(
            "The lease market is saturated; one more GPU of market depth for {} is worth {}.",
            top.place,
            money_exact(top.value)
        ),
        Priced::DemandFloor => format!(
            "The demand floor costs the plan money: one H100e less of floor in {} would add {}.",
            top.place,
            money_exact(top.value)
        ),
        Priced::TrainingRun => format!(
            "Training run {} costs {} per GPU of its size.",
            top.place,
            money_exact(top.value)
        ),
    }
}

/// " of nameplate" where `site`'s power row counts nameplate MW (its
/// `peak_usable_share` is below 1), else nothing.
fn of_nameplate(sp: &crate::doc::ShadowPrices, site: &str) -> &'static str {
    match super::binding::is_nameplate(sp, site) {
        true => " of nameplate",
        false => "",
    }
}
