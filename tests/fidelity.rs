//! Right about the world: each shipped plan modelled on a real site is solved
//! and its headline figures are checked against the public ones, within
//! ±25%. The public figures, their sources and the period each is read at
//! live in `tests/fidelity/figures.yaml`, so that a catalog edit that drifts
//! from the world fails here. docs/fidelity.md is the same table, with why
//! the figures differ where they do.
//!
//! Figures read from the plan (docs/fidelity.md, "How the plan's figures are
//! read"), at the site and period `at` of each entry:
//! - `gpus`: GPUs installed (units × GPUs per unit, leased, internal or idle);
//! - `facility_mw`: the nameplate power the site's design load needs, i.e.
//!   design IT × PUE / `peak_usable_share` (the load itself where the share is 1);
//! - `capex_usd`: undiscounted capex (hardware, halls, power, sites) in the
//!   periods up to and including `at`;
//! - `months_to_first`: from the site's `earliest_start` to the first period
//!   with GPUs installed there;
//! - `months_to_gw`: from `earliest_start` to the first period whose
//!   `facility_mw` is 1,000 or more;
//! - and the ratios `gpus_per_facility_mw`, `capex_usd_per_facility_mw`.
//!
//! Entries with `relax: true` are solved as LP relaxations: their figures are
//! sums over tens of thousands of GPUs or whole halls whose integrality moves
//! them by well under 1% (the entry's `why_relax` says which), and the LP
//! keeps the test fast. The others are solved as the MILPs they are.
#![cfg(feature = "highs")]

use std::collections::BTreeMap;
use std::path::Path;

use capplan::doc::PlanDoc;
use capplan::flow::pipeline::{solve_plan, PipelineOptions};
use capplan::scenario::Scenario;
use serde::Deserialize;

/// How far a plan's figure may be from the public one, as a share of it.
const TOLERANCE: f64 = 0.25;

/// One GW of facility power, MW.
const GW_MW: f64 = 1000.0;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    plan: String,
    site: String,
    /// Period the figures (other than the times) are read at.
    at: String,
    #[serde(default)]
    relax: bool,
    #[serde(default)]
    why_relax: Option<String>,
    figures: BTreeMap<String, Public>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Public {
    public: f64,
    source: String,
    /// A wider band than ±25%, for a known difference between plan and
    /// world; `why_wider` must say what it is (docs/fidelity.md too).
    #[serde(default)]
    tolerance: Option<f64>,
    #[serde(default)]
    why_wider: Option<String>,
}

fn entries() -> Vec<Entry> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fidelity/figures.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The plan's figures at `site` in period `at`.
fn plan_figures(sc: &Scenario, plan: &PlanDoc, site: &str, at: &str) -> BTreeMap<String, f64> {
    let s = sc.site(site).unwrap_or_else(|| panic!("no site {site}"));
    let t_at = plan
        .periods
        .iter()
        .position(|p| p == at)
        .unwrap_or_else(|| panic!("no period {at}"));
    let share = sc.sites[s].peak_usable_share;
    let gpus_in = |t: usize| -> f64 {
        plan.rows
            .iter()
            .filter(|r| r.site == site && r.period == plan.periods[t])
            .map(|r| r.units_installed * sc.skus[sc.sku(&r.sku).unwrap()].gpus_per_unit)
            .sum()
    };
    let nameplate_in = |t: usize| -> f64 {
        plan.site_periods
            .iter()
            .find(|p| p.site == site && p.period == plan.periods[t])
            .map_or(0.0, |p| p.facility_load_mw / share)
    };
    let capex: f64 = plan.cash_flows[..=t_at]
        .iter()
        .map(|c| {
            -(c.capex_hardware_usd + c.capex_halls_usd + c.capex_power_usd + c.capex_sites_usd)
        })
        .sum();
    let months =
        |t: usize| ((t as f64) - sc.sites[s].earliest_start as f64) * sc.period_months as f64;
    let mut f = BTreeMap::new();
    let (gpus, mw) = (gpus_in(t_at), nameplate_in(t_at));
    f.insert("gpus".into(), gpus);
    f.insert("facility_mw".into(), mw);
    f.insert("gpus_per_facility_mw".into(), gpus / mw);
    f.insert("capex_usd".into(), capex);
    f.insert("capex_usd_per_facility_mw".into(), capex / mw);
    let nt = plan.periods.len();
    if let Some(t) = (0..nt).find(|&t| gpus_in(t) >= 1.0) {
        f.insert("months_to_first".into(), months(t));
    }
    if let Some(t) = (0..nt).find(|&t| nameplate_in(t) >= GW_MW - 1e-6) {
        f.insert("months_to_gw".into(), months(t));
    }
    f
}

#[test]
fn figures_file_is_sourced_and_covers_the_plans_modelled_on_real_sites() {
    let entries = entries();
    let plans: Vec<&str> = entries.iter().map(|e| e.plan.as_str()).collect();
    for p in [
        "plans/colossus.yaml",
        "plans/colossus-2.yaml",
        "plans/abilene-landlord.yaml",
    ] {
        assert!(plans.contains(&p), "{p} has no public figures");
    }
    for e in &entries {
        assert!(!e.figures.is_empty(), "{}: no figures", e.plan);
        assert!(
            !e.relax || e.why_relax.as_deref().is_some_and(|w| !w.trim().is_empty()),
            "{}: relaxed without saying why",
            e.plan
        );
        for (name, p) in &e.figures {
            assert!(
                p.public.is_finite() && p.public > 0.0,
                "{} {name}: public {}",
                e.plan,
                p.public
            );
            assert!(p.source.trim().len() > 10, "{} {name}: no source", e.plan);
            if let Some(tol) = p.tolerance {
                assert!(
                    tol > TOLERANCE && tol <= 0.5,
                    "{} {name}: a tolerance of {tol} is no wider band",
                    e.plan
                );
                assert!(
                    p.why_wider.as_deref().is_some_and(|w| w.trim().len() > 10),
                    "{} {name}: a wider band without the reason",
                    e.plan
                );
            }
        }
    }
}

#[test]
fn plans_modelled_on_real_sites_are_within_a_quarter_of_the_public_figures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    for e in entries() {
        let opts = PipelineOptions {
            relax: e.relax,
            ..Default::default()
        };
        let solved = solve_plan(&root.join(&e.plan), &opts)
            .unwrap_or_else(|err| panic!("{}: {err}", e.plan));
        assert_eq!(solved.plan.solver.status, "optimal", "{}", e.plan);
        let got = plan_figures(&solved.scenario, &solved.plan, &e.site, &e.at);
        for (name, p) in &e.figures {
            let Some(&v) = got.get(name) else {
                failures.push(format!(
                    "{} {name}: the plan has no such figure (never reached?)",
                    e.plan
                ));
                continue;
            };
            let off = v / p.public - 1.0;
            println!(
                "{:<28} {:<26} plan {:>16.1}  public {:>16.1}  {:+6.1}%",
                e.plan,
                name,
                v,
                p.public,
                100.0 * off
            );
            let tol = p.tolerance.unwrap_or(TOLERANCE);
            if off.abs() > tol {
                failures.push(format!(
                    "{} {name}: plan {v:.1} vs public {} ({:+.1}%, more than ±{:.0}%); source: {}",
                    e.plan,
                    p.public,
                    100.0 * off,
                    100.0 * tol,
                    p.source
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "figures drifted from the world:\n{}",
        failures.join("\n")
    );
}
