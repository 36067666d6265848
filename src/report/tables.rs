//! The report's tables, built once from plan.json and drawn by both
//! report.md and report.html: headline metrics, deployments, leases, halls,
//! power builds, training runs.
//!
//! A shipped plan has hundreds of delivery cohorts and lease contracts (one
//! per tenor and market-depth tier), so deployments are summed per period ×
//! site × SKU, leases per start × site × SKU × tenor (price GPU-weighted over
//! tiers), and long tables end after [`MAX_ROWS`](super::table::MAX_ROWS) rows with a note pointing at
//! plan.json / plan.csv for the rest.

use std::collections::BTreeMap;

use crate::doc::PlanDoc;
use crate::units::{count, hardware, money, pct};

use super::table::Table;

/// A period `k` periods after `start` in the plan, or "after {last}".
fn period_after(plan: &PlanDoc, start: &str, k: usize) -> String {
    match plan.periods.iter().position(|p| p == start) {
        Some(i) if i + k < plan.periods.len() => plan.periods[i + k].clone(),
        _ => format!(
            "after {}",
            plan.periods
                .last()
                .map(String::as_str)
                .unwrap_or("the horizon")
        ),
    }
}

/// A headline figure: what it is, its value, and a detail line (may be empty).
pub struct Headline {
    pub label: String,
    pub value: String,
    pub detail: String,
}

/// Headline metrics, in the order the summary prints them.
pub fn headline(plan: &PlanDoc) -> Vec<Headline> {
    let m = &plan.metrics;
    let figures: Vec<(String, String)> = vec![
        ("Blended NPV".into(), money(m.npv_usd)),
        (
            "IRR (per year)".into(),
            m.irr.map(pct).unwrap_or_else(|| "n/a".into()),
        ),
        ("Capex".into(), money(m.capex_usd)),
        ("Lease revenue".into(), money(m.lease_revenue_usd)),
        (
            format!("Internal value (weight {})", m.internal_value_weight),
            money(m.internal_value_usd),
        ),
        (
            "Opex (energy, maintenance, sales)".into(),
            money(m.opex_usd),
        ),
        ("Salvage + residual".into(), money(m.residual_value_usd)),
        ("Leased share of GPU-hours".into(), pct(m.leased_share)),
        (
            format!(
                "GPUs at the end ({})",
                plan.periods.last().map(String::as_str).unwrap_or("–")
            ),
            count(m.gpus_end as f64),
        ),
    ];
    let n = figures.len();
    let mut cards: Vec<Headline> = figures
        .into_iter()
        .enumerate()
        .map(|(i, (label, value))| Headline {
            label,
            value,
            detail: if i + 1 == n {
                format!(
                    "{} internal, {} leased",
                    count(m.gpus_internal_end as f64),
                    count(m.gpus_leased_end as f64)
                )
            } else {
                String::new()
            },
        })
        .collect();
    if super::segments::horizon(plan).is_some() {
        cards.extend(
            super::segments::capital_lines(plan)
                .into_iter()
                .map(|(label, value)| Headline {
                    label: capitalised(&label),
                    value,
                    detail: String::new(),
                }),
        );
    }
    cards
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Hardware deliveries summed per period × site × SKU.
pub fn deployments(plan: &PlanDoc) -> Table {
    let mut t = Table::new(
        "deployments",
        "Deployments",
        &[
            ("period", false),
            ("site", false),
            ("SKU", false),
            ("units", true),
            ("retire", false),
        ],
    );
    // (period index, site, sku) → (units, retirement periods)
    let mut by: BTreeMap<(usize, String, String), (f64, Vec<String>)> = BTreeMap::new();
    for d in &plan.deliveries {
        let i = plan
            .periods
            .iter()
            .position(|p| *p == d.period)
            .unwrap_or(usize::MAX);
        let e = by
            .entry((i, d.site.clone(), d.sku.clone()))
            .or_insert_with(|| (0.0, Vec::new()));
        e.0 += d.units;
        let r = d.retires.clone().unwrap_or_else(|| "after horizon".into());
        if !e.1.contains(&r) {
            e.1.push(r);
        }
    }
    for ((i, site, sku), (units, retires)) in by {
        let period = plan.periods.get(i).cloned().unwrap_or_default();
        t.rows
            .push(vec![period, site, sku, hardware(units), retires.join(", ")]);
    }
    t.note = Some("Units delivered (nodes or racks), summed over cohorts.".into());
    t.truncate("plan.json (deliveries)");
    t
}

/// Leases summed over market-depth tiers per start × site × SKU × tenor.
pub fn leases(plan: &PlanDoc) -> Table {
    let mut t = Table::new(
        "leases",
        "Leases signed",
        &[
            ("start", false),
            ("ends", false),
            ("site", false),
            ("SKU", false),
            ("tenor", false),
            ("GPUs", true),
            ("$/GPU-hr", true),
        ],
    );
    // (start index, site, sku, tenor periods, tenor) → (gpus, gpus × price)
    type Key = (usize, String, String, usize, String);
    let mut by: BTreeMap<Key, (f64, f64)> = BTreeMap::new();
    for l in &plan.leases {
        let i = plan
            .periods
            .iter()
            .position(|p| *p == l.start)
            .unwrap_or(usize::MAX);
        let e = by
            .entry((
                i,
                l.site.clone(),
                l.sku.clone(),
                l.tenor_periods,
                l.tenor.clone(),
            ))
            .or_default();
        e.0 += l.gpus;
        e.1 += l.gpus * l.price_usd_per_gpu_hr;
    }
    for ((i, site, sku, tp, tenor), (gpus, value)) in by {
        let start = plan.periods.get(i).cloned().unwrap_or_default();
        let price = if gpus > 0.0 { value / gpus } else { 0.0 };
        t.rows.push(vec![
            start.clone(),
            period_after(plan, &start, tp),
            site,
            sku,
            tenor,
            count(gpus),
            format!("{price:.2}"),
        ]);
    }
    t.note = Some(
        "Contracts summed over market-depth tiers; price is GPU-weighted. A lease holds its GPUs until it ends."
            .into(),
    );
    t.truncate("plan.json (leases)");
    t
}

/// Halls built or standing, with their construction window.
pub fn halls(plan: &PlanDoc) -> Table {
    let mut t = Table::new(
        "halls",
        "Halls",
        &[
            ("site", false),
            ("hall", false),
            ("cooling", false),
            ("IT MW", true),
            ("construction", false),
            ("ready", false),
        ],
    );
    for h in &plan.halls {
        t.rows.push(vec![
            h.site.clone(),
            h.hall.clone(),
            h.cooling.clone(),
            format!("{:.1}", h.it_mw),
            h.start
                .as_ref()
                .map(|s| format!("from {s}"))
                .unwrap_or_else(|| "existing".into()),
            h.ready.clone(),
        ]);
    }
    t.truncate("plan.json (halls)");
    t
}

/// Generation and batteries ordered, and sites opened.
pub fn power_builds(plan: &PlanDoc) -> Table {
    let mut t = Table::new(
        "power-builds",
        "Power built and sites opened",
        &[
            ("site", false),
            ("what", false),
            ("kind", false),
            ("MW", true),
            ("ordered", false),
            ("online", false),
        ],
    );
    for s in &plan.sites_opened {
        t.rows.push(vec![
            s.site.clone(),
            if s.share < 1.0 - 1e-9 {
                format!("site opened ({})", pct(s.share))
            } else {
                "site opened".into()
            },
            "site".into(),
            "–".into(),
            s.period.clone(),
            s.period.clone(),
        ]);
    }
    for p in &plan.power_builds {
        t.rows.push(vec![
            p.site.clone(),
            p.option.clone(),
            p.kind.replace('_', " "),
            format!("{:.1}", p.mw),
            p.order.clone(),
            p.online.clone(),
        ]);
    }
    t.truncate("plan.json (power_builds)");
    t
}

/// Flagship training runs and where they sit.
pub fn training_runs(plan: &PlanDoc) -> Table {
    let mut t = Table::new(
        "training-runs",
        "Training runs",
        &[
            ("run", false),
            ("site", false),
            ("GPUs", true),
            ("from", false),
            ("to", false),
        ],
    );
    for r in &plan.training_runs {
        let site = if r.share < 1.0 - 1e-9 {
            format!("{} ({})", r.site, pct(r.share))
        } else {
            r.site.clone()
        };
        t.rows.push(vec![
            r.id.clone(),
            site,
            count(r.gpus),
            r.from.clone(),
            r.to.clone(),
        ]);
    }
    t.truncate("plan.json (training_runs)");
    t
}

/// Every detail table, in the order the report shows them.
pub fn all(plan: &PlanDoc) -> Vec<Table> {
    vec![
        deployments(plan),
        leases(plan),
        halls(plan),
        power_builds(plan),
        training_runs(plan),
        super::segments::segment_table(plan),
        super::segments::committed_capex_table(plan),
    ]
    .into_iter()
    .chain(super::segments::financing_table(plan))
    .collect()
}
