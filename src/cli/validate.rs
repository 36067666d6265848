//! `capplan validate PLAN`: check everything, then a one-screen summary.

use std::fmt::Write;
use std::path::PathBuf;

use crate::error::Error;
use crate::scenario::Scenario;
use crate::units::{count, money};

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// The plan YAML.
    pub plan: PathBuf,
    /// What-if overlay to apply before checking (repeatable, in order).
    #[arg(long = "whatif", value_name = "W.yaml")]
    pub whatif: Vec<PathBuf>,
    /// Print a summary of the plan as JSON (name, horizon, sites, SKUs).
    #[arg(long)]
    pub json: bool,
    /// Print nothing but errors; the exit code says whether the plan is valid.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: &ValidateArgs) -> Result<(), Error> {
    let (sc, warnings) = crate::flow::pipeline::load_scenario_with(&args.plan, &args.whatif)?;
    if !args.quiet && !warnings.0.is_empty() {
        eprintln!("{warnings}");
    }
    if args.json {
        let text = serde_json::to_string_pretty(&describe_json(&sc)).expect("JSON");
        return super::print_out(&format!("{text}\n"));
    }
    if args.quiet {
        return Ok(());
    }
    super::print_out(&describe(&sc))
}

/// What `--json` prints: the plan's shape, for scripts.
fn describe_json(sc: &Scenario) -> serde_json::Value {
    serde_json::json!({
        "name": sc.name,
        "valid": true,
        "periods": sc.periods.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
        "discount_rate_per_year": sc.discount_rate_per_year,
        "internal_value_weight": sc.internal_value_weight,
        "sites": sc.sites.iter().enumerate().map(|(s, site)| serde_json::json!({
            "id": site.id,
            "max_power_mw": max_power_mw(sc, s),
            "max_gpus": max_gpus(sc, s).floor(),
        })).collect::<Vec<_>>(),
        "skus": sc.skus.iter().map(|k| serde_json::json!({
            "id": k.id,
            "gpus_per_unit": k.gpus_per_unit,
            "it_kw_per_unit": k.it_kw_per_unit,
            "capex_usd_per_unit": k.capex_usd_per_unit,
        })).collect::<Vec<_>>(),
        "training_runs": sc.runs.iter().map(|r| r.id.clone()).collect::<Vec<_>>(),
    })
}

/// Most MW a site can have by the horizon end: firm power energized plus every build at its max.
pub fn max_power_mw(sc: &Scenario, s: usize) -> f64 {
    let site = &sc.sites[s];
    site.firm
        .iter()
        .filter(|f| f.from.is_some())
        .map(|f| f.mw)
        .sum::<f64>()
        + site
            .builds
            .iter()
            .filter(|b| b.earliest_order + b.lead_periods < sc.num_periods())
            .map(|b| b.max_mw)
            .sum::<f64>()
}

/// Upper bound on GPUs the site can hold: its power usable at peak (nameplate
/// times `peak_usable_share`) and its halls, with the SKU in play that packs
/// the most GPUs per facility kW.
pub fn max_gpus(sc: &Scenario, s: usize) -> f64 {
    let site = &sc.sites[s];
    let power = max_power_mw(sc, s) * site.peak_usable_share;
    sc.skus
        .iter()
        .filter(|k| site.halls.iter().any(|h| h.cooling == k.cooling))
        .map(|k| {
            let kw_per_gpu = k.it_kw_per_unit / k.gpus_per_unit;
            let hall_mw: f64 = site
                .halls
                .iter()
                .filter(|h| h.cooling == k.cooling)
                .map(|h| h.it_mw)
                .sum::<f64>()
                .min(site.shell_mw);
            (power / site.pue(k.cooling)).min(hall_mw) * 1000.0 / kw_per_gpu
        })
        .fold(0.0, f64::max)
}

pub fn describe(sc: &Scenario) -> String {
    let mut o = String::new();
    horizon(&mut o, sc);
    sites_table(&mut o, sc);
    skus_table(&mut o, sc);
    lease_market(&mut o, sc);
    demand(&mut o, sc);
    o
}

/// The plan's name, description and horizon.
fn horizon(o: &mut String, sc: &Scenario) {
    let first = sc.periods[0];
    let last = *sc.periods.last().expect("at least one period");
    let _ = writeln!(o, "plan `{}`: valid", sc.name);
    if let Some(d) = &sc.description {
        for line in wrap(d.trim(), 78) {
            let _ = writeln!(o, "  {line}");
        }
    }
    let _ = writeln!(
        o,
        "horizon {first}–{last}: {} period{} of {} months; discount {:.1}%/yr; internal value weight {}",
        sc.num_periods(),
        if sc.num_periods() == 1 { "" } else { "s" },
        sc.period_months,
        100.0 * sc.discount_rate_per_year,
        sc.internal_value_weight
    );
}

/// Per site, firm power energized by each year end, buildable MW and the
/// most GPUs it can hold.
fn sites_table(o: &mut String, sc: &Scenario) {
    let first = sc.periods[0];
    let last = *sc.periods.last().expect("at least one period");
    let years: Vec<i64> = (first.year()..=last.year()).collect();
    let _ = writeln!(
        o,
        "\nsites — firm power energized by year end (MW), then buildable generation and batteries"
    );
    let _ = writeln!(
        o,
        "  {:<18} {}  {:>10}  {:>10}",
        "site",
        years
            .iter()
            .map(|y| format!("{y:>6}"))
            .collect::<Vec<_>>()
            .join(""),
        "build max",
        "GPUs ≤"
    );
    for (s, site) in sc.sites.iter().enumerate() {
        let ramp: Vec<String> = years
            .iter()
            .map(|y| {
                let t_end = sc.periods.iter().rposition(|p| p.year() == *y).unwrap_or(0);
                let mw = site.firm_mw_by(t_end);
                if mw.fract().abs() > 1e-9 && mw < 100.0 {
                    format!("{:>6.1}", mw)
                } else {
                    format!("{:>6.0}", mw + 0.0)
                }
            })
            .collect();
        let build: f64 = site.builds.iter().map(|b| b.max_mw).sum::<f64>() + 0.0;
        let _ = writeln!(
            o,
            "  {:<18} {}  {:>10.0}  {:>10}",
            site.id,
            ramp.join(""),
            build,
            count(max_gpus(sc, s))
        );
    }
}

fn skus_table(o: &mut String, sc: &Scenario) {
    let _ = writeln!(o, "\nSKUs in play");
    let _ = writeln!(
        o,
        "  {:<16} {:>5} {:>8} {:>8} {:>11} {:>10} {:>12}",
        "sku", "GPUs", "kW/unit", "cooling", "capex/unit", "first", "alloc/period"
    );
    for k in &sc.skus {
        let first = if k.first_delivery < sc.num_periods() {
            sc.periods[k.first_delivery].to_string()
        } else {
            "never".into()
        };
        let alloc = k.allocation_units.iter().cloned().fold(0.0, f64::max);
        let _ = writeln!(
            o,
            "  {:<16} {:>5} {:>8.1} {:>8} {:>11} {:>10} {:>12}",
            k.id,
            k.gpus_per_unit,
            k.it_kw_per_unit,
            k.cooling.as_str(),
            money(k.capex_usd_per_unit),
            first,
            format!("≤{}", count(alloc))
        );
    }
}

/// Lease prices by tenor and depth tiers in the first period.
fn lease_market(o: &mut String, sc: &Scenario) {
    let first = sc.periods[0];
    let _ = writeln!(
        o,
        "\nlease market at {first} ($/GPU-hr by tenor; depth tiers in GPUs)"
    );
    for k in &sc.skus {
        match &k.lease {
            Some(l) => {
                let tenors: Vec<String> = l
                    .tenors
                    .iter()
                    .map(|t| format!("{} ${:.2}", t.label, t.price_usd_per_gpu_hr[0]))
                    .collect();
                let tiers: Vec<String> = l
                    .tiers
                    .iter()
                    .map(|(g, f)| format!("{}@{:.0}%", count(*g), 100.0 * f))
                    .collect();
                let _ = writeln!(
                    o,
                    "  {:<16} {}; depth {}",
                    k.id,
                    tenors.join(", "),
                    tiers.join(", ")
                );
            }
            None => {
                let _ = writeln!(o, "  {:<16} not leasable (no market entry)", k.id);
            }
        }
    }
}

/// Internal demand and the training runs.
fn demand(o: &mut String, sc: &Scenario) {
    let peak = sc.demand_h100e.iter().cloned().fold(0.0, f64::max);
    let _ = writeln!(
        o,
        "\ninternal demand: {} → {} H100e (peak {}); floor {:.0}%; unmet penalty ${:.2}/H100e-hr; value ${:.2}/H100e-hr",
        count(sc.demand_h100e[0]),
        count(*sc.demand_h100e.last().unwrap_or(&0.0)),
        count(peak),
        100.0 * sc.demand_floor_fraction,
        sc.unmet_penalty_usd_per_h100e_hr,
        sc.internal_value_usd_per_h100e_hr
    );
    for r in &sc.runs {
        let _ = writeln!(
            o,
            "  run {}: {} GPUs on one fabric, {}–{}",
            r.id,
            count(r.gpus),
            sc.periods[r.from],
            sc.periods[r.to]
        );
    }
}

/// Greedy word wrap at `width` columns.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
