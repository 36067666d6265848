//! "What is binding": the constraints whose shadow prices are not zero, the
//! dearest first within each family, in user units. Drawn from plan.json's
//! `shadow_prices` alone, so `capplan explain` can print it from a file.

use std::fmt::Write;

use crate::doc::{PlanDoc, ShadowPrices};

use crate::units::money_exact;

/// Prices below this (USD per unit) are solver noise.
const EPS: f64 = 0.005;

/// The rules plan.json prices (its `shadow_prices` sections), in the order
/// they are listed. `shadow_prices` maps the model's row families onto these
/// exhaustively; here each is named and described exhaustively, so a new one
/// cannot be printed under another's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priced {
    Power,
    Halls,
    Supply,
    Budget,
    MarketDepth,
    DemandFloor,
    TrainingRun,
}

impl Priced {
    pub fn name(self) -> &'static str {
        match self {
            Priced::Power => "power",
            Priced::Halls => "halls",
            Priced::Supply => "supply",
            Priced::Budget => "budget",
            Priced::MarketDepth => "market depth",
            Priced::DemandFloor => "demand floor",
            Priced::TrainingRun => "training run",
        }
    }
}

/// One binding constraint: its family, where, and its price in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub family: Priced,
    /// `memphis 2027Q2`.
    pub place: String,
    /// NPV gained per unit of relaxing it, USD.
    pub value: f64,
    /// `per MW`, `per unit`, `per USD`…
    pub unit: &'static str,
}

const PER_MW: &str = "per MW";
const PER_NAMEPLATE_MW: &str = "per MW of nameplate";

/// Whether `site`'s power row counts nameplate MW (its `peak_usable_share`
/// is below 1), so a MW more of it is a MW of nameplate.
pub fn is_nameplate(sp: &ShadowPrices, site: &str) -> bool {
    sp.power
        .iter()
        .any(|p| p.site == site && p.peak_usable_share.is_some())
}

/// Every binding constraint, grouped by family (power, halls, supply, budget,
/// market depth, demand floor, training runs), dearest first within each.
pub fn bindings(sp: &ShadowPrices) -> Vec<Binding> {
    let mut out = Vec::new();
    let mut family = |name: Priced, unit: &'static str, mut items: Vec<(String, f64)>| {
        items.retain(|(_, v)| v.abs() > EPS);
        items.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out.extend(items.into_iter().map(|(place, value)| Binding {
            family: name,
            place,
            value,
            unit,
        }));
    };
    family(
        Priced::Power,
        PER_MW,
        sp.power
            .iter()
            .map(|p| (format!("{} {}", p.site, p.period), p.usd_per_mw))
            .collect(),
    );
    family(
        Priced::Halls,
        "per MW of hall",
        sp.halls
            .iter()
            .map(|p| {
                (
                    format!("{} {} {}", p.site, p.cooling, p.period),
                    p.usd_per_mw,
                )
            })
            .collect(),
    );
    family(
        Priced::Supply,
        "per unit",
        sp.supply
            .iter()
            .map(|p| (format!("{} {}", p.sku, p.period), p.usd_per_unit))
            .collect(),
    );
    family(
        Priced::Budget,
        "per USD",
        sp.budget
            .iter()
            .map(|p| {
                (
                    p.period.clone().unwrap_or_else(|| "cumulative".into()),
                    p.usd_per_usd,
                )
            })
            .collect(),
    );
    family(
        Priced::MarketDepth,
        "per GPU",
        sp.market_depth
            .iter()
            .map(|p| {
                (
                    format!("{} tier {} {}", p.sku, p.tier, p.period),
                    p.usd_per_gpu,
                )
            })
            .collect(),
    );
    family(
        Priced::DemandFloor,
        "per H100e",
        sp.demand_floor
            .iter()
            .map(|p| (p.period.clone(), p.usd_per_h100e))
            .collect(),
    );
    family(
        Priced::TrainingRun,
        "per GPU",
        sp.training_runs
            .iter()
            .map(|p| {
                (
                    format!("{} at {} {}", p.run, p.site, p.period),
                    p.usd_per_gpu,
                )
            })
            .collect(),
    );
    for b in out.iter_mut().filter(|b| b.family == Priced::Power) {
        let site = b.place.split(' ').next().unwrap_or("");
        if is_nameplate(sp, site) {
            b.unit = PER_NAMEPLATE_MW;
        }
    }
    out
}

/// Families with a price in the plan and none binding.
pub fn slack_families(sp: &ShadowPrices) -> Vec<&'static str> {
    let b = bindings(sp);
    let present = [
        (Priced::Power, !sp.power.is_empty()),
        (Priced::Halls, !sp.halls.is_empty()),
        (Priced::Supply, !sp.supply.is_empty()),
        (Priced::Budget, !sp.budget.is_empty()),
        (Priced::MarketDepth, !sp.market_depth.is_empty()),
        (Priced::DemandFloor, !sp.demand_floor.is_empty()),
        (Priced::TrainingRun, !sp.training_runs.is_empty()),
    ];
    present
        .into_iter()
        .filter(|(f, has)| *has && !b.iter().any(|x| x.family == *f))
        .map(|(f, _)| f.name())
        .collect()
}

/// Price as text: USD per USD keeps its decimals, the rest are whole dollars.
pub fn price(b: &Binding) -> String {
    if b.unit == "per USD" {
        format!("${:.4} {}", b.value, b.unit)
    } else {
        format!("{} {}", money_exact(b.value), b.unit)
    }
}

/// The "what is binding" section of the terminal summary: at most `per_family`
/// lines per family, or a line saying nothing binds.
pub fn binding_section(plan: &PlanDoc, per_family: usize) -> String {
    let sp = &plan.shadow_prices;
    let mut out = String::new();
    let basis = match sp.basis.as_deref() {
        Some("fixed_binaries") => "LP with the yes/no decisions fixed",
        Some(_) => "LP",
        None => {
            let _ = writeln!(
                out,
                "\nWhat is binding: no shadow prices (the dual re-solve failed)"
            );
            return out;
        }
    };
    let _ = writeln!(
        out,
        "\nWhat is binding (shadow prices: NPV per unit more, {basis})"
    );
    let all = bindings(sp);
    if all.is_empty() {
        let _ = writeln!(out, "  nothing: every limit has room to spare");
        return out;
    }
    let mut rows: Vec<[String; 3]> = Vec::new();
    let mut fams: Vec<Priced> = all.iter().map(|b| b.family).collect();
    fams.dedup();
    for f in fams {
        let of: Vec<&Binding> = all.iter().filter(|b| b.family == f).collect();
        for b in of.iter().take(per_family) {
            rows.push([f.name().to_string(), b.place.clone(), price(b)]);
        }
        if of.len() > per_family {
            rows.push([
                String::new(),
                format!("… {} more", of.len() - per_family),
                String::new(),
            ]);
        }
    }
    let w0 = rows.iter().map(|r| r[0].chars().count()).max().unwrap_or(0);
    let w1 = rows.iter().map(|r| r[1].chars().count()).max().unwrap_or(0);
    for r in rows {
        let line = format!("  {:<w0$}  {:<w1$}  {}", r[0], r[1], r[2]);
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let slack = slack_families(sp);
    if !slack.is_empty() {
        let _ = writeln!(out, "  slack: {}", slack.join(", "));
    }
    out
}
