//! Property test: small random plans on the toy catalog (tests/cases/catalog)
//! either solve — and `solve_plan` runs the independent verifier, so `Ok`
//! means verified — or are reported infeasible. Never a verification failure,
//! a solver error or a panic. And only a demand floor or a training run can
//! make one infeasible: without them, building nothing is a feasible plan.
//!
//! Each plan: 4–8 quarters; 1–2 sites (`dry`, `wet`) with random grid MW and
//! hall overrides (cooling, size, sometimes a second hall to build); 1–2 SKUs
//! with random allocations; random lease tenors (1q/2q/1y), prices and depth
//! tiers; random internal value, weight, demand and floor; an optional
//! budget; an optional training run; a random discount rate; and beyond
//! those, lead times (0–2q), sometimes the LP (`integer_units: false`) and
//! leased-share bounds. 48 cases.
//!
//! A failing case prints its YAML; proptest also records its seed in
//! `tests/proptest-regressions/` (commit that file to replay it).

use std::path::Path;

use capplan::error::Error;
use capplan::flow::pipeline::{solve_plan, PipelineOptions};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Value};

/// Cases per run; `CAPPLAN_RANDOM_PLANS=1000 cargo test --test random_plans`
/// searches deeper.
const CASES: u32 = 48;

fn cases() -> u32 {
    std::env::var("CAPPLAN_RANDOM_PLANS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CASES)
}
const SITES: [&str; 2] = ["dry", "wet"];
const SKUS: [(&str, bool); 2] = [("toy_air", false), ("toy_liquid", true)];
const TENORS: [&str; 3] = ["1q", "2q", "1y"];

/// Quarter label `offset` quarters after 2026Q1.
fn quarter(offset: usize) -> String {
    format!("{}Q{}", 2026 + offset / 4, offset % 4 + 1)
}

#[derive(Debug, Clone)]
struct HallGen {
    liquid: bool,
    it_mw: f64,
}

#[derive(Debug, Clone)]
struct SiteGen {
    grid_mw: f64,
    /// Overrides `hall-1` of the catalog site.
    hall: HallGen,
    /// A second hall that has to be built (capex, build time): a binary decision.
    new_hall: Option<(HallGen, f64, &'static str)>,
}

#[derive(Debug, Clone)]
struct LeaseGen {
    /// (tenor index, price $/GPU-hr); tenors distinct.
    tenors: Vec<(usize, f64)>,
    /// (GPUs, price factor), factors non-increasing from 1.0.
    depth: Vec<(f64, f64)>,
    price_change_per_year: f64,
}

#[derive(Debug, Clone)]
struct SkuGen {
    /// (from offset, units per period), offsets increasing from 0.
    allocation: Vec<(usize, f64)>,
    /// Order-to-delivery lead time, quarters.
    lead_quarters: usize,
    lease: LeaseGen,
}

#[derive(Debug, Clone)]
struct PlanGen {
    quarters: usize,
    sites: Vec<SiteGen>,
    /// Index into SKUS, then what it gets.
    skus: Vec<(usize, SkuGen)>,
    internal_value: f64,
    weight: f64,
    /// (from offset, H100e).
    demand: Vec<(usize, f64)>,
    floor: f64,
    penalty: f64,
    budget: Option<f64>,
    /// (GPUs, from offset, length in quarters).
    run: Option<(u64, usize, usize)>,
    discount: f64,
    /// Policy: whole units (MILP) or the LP; (min, max) leased share.
    integer_units: bool,
    leased_share: (f64, f64),
}

fn hall() -> impl Strategy<Value = HallGen> {
    (any::<bool>(), 0.1..3.0f64).prop_map(|(liquid, it_mw)| HallGen { liquid, it_mw })
}

fn site() -> impl Strategy<Value = SiteGen> {
    (
        0.1..2.0f64,
        hall(),
        prop::option::of((
            hall(),
            0.0..5e6f64,
            prop::sample::select(vec!["0q", "1q", "2q"]),
        )),
    )
        .prop_map(|(grid_mw, hall, new_hall)| SiteGen {
            grid_mw,
            hall,
            new_hall,
        })
}

fn lease() -> impl Strategy<Value = LeaseGen> {
    (
        prop::sample::subsequence(vec![0usize, 1, 2], 1..=3),
        prop::collection::vec(0.2..4.0f64, 3),
        prop::collection::vec((10.0..2000.0f64, 0.3..1.0f64), 0..3),
        -0.3..0.1f64,
    )
        .prop_map(|(tenors, prices, extra_tiers, price_change_per_year)| {
            let tenors = tenors.into_iter().map(|i| (i, prices[i])).collect();
            // The first tier at full price, then cheaper ones.
            let mut depth = vec![(50.0 + extra_tiers.len() as f64 * 100.0, 1.0)];
            let mut factor = 1.0;
            for (gpus, f) in extra_tiers {
                factor *= f;
                depth.push((gpus, factor));
            }
            LeaseGen {
                tenors,
                depth,
                price_change_per_year,
            }
        })
}

fn sku(quarters: usize) -> impl Strategy<Value = SkuGen> {
    (
        0.0..200.0f64,
        prop::option::of((1..quarters, 0.0..200.0f64)),
        0usize..=2,
        lease(),
    )
        .prop_map(|(first, second, lead_quarters, lease)| {
            let mut allocation = vec![(0, first.round())];
            if let Some((from, units)) = second {
                allocation.push((from, units.round()));
            }
            SkuGen {
                allocation,
                lead_quarters,
                lease,
            }
        })
}

fn plan() -> impl Strategy<Value = PlanGen> {
    (4usize..=8).prop_flat_map(|quarters| {
        (
            (
                Just(quarters),
                prop::collection::vec(site(), 1..=2),
                prop::sample::subsequence(vec![0usize, 1], 1..=2),
                prop::collection::vec(sku(quarters), 2),
            ),
            (0.0..5.0f64, 0.0..=1.0f64),
            (
                prop::collection::vec((0..quarters, 0.0..1500.0f64), 1..=2),
                prop_oneof![2 => Just(0.0), 1 => 0.0..=1.0f64],
                0.0..3.0f64,
            ),
            prop::option::of(1e5..5e6f64),
            prop::option::of((8u64..400, 0..quarters, 1..=quarters)),
            (
                0.0..0.3f64,
                prop::bool::weighted(0.8),
                prop_oneof![
                    2 => Just((0.0, 1.0)),
                    1 => (0.0..=1.0f64, 0.0..=1.0f64).prop_map(|(a, b)| (a.min(b), a.max(b))),
                ],
            ),
        )
            .prop_map(
                |(
                    (quarters, sites, sku_ids, skus),
                    (internal_value, weight),
                    (mut demand, floor, penalty),
                    budget,
                    run,
                    (discount, integer_units, leased_share),
                )| {
                    demand.sort_by_key(|d| d.0);
                    demand.dedup_by_key(|d| d.0);
                    demand[0].0 = 0;
                    PlanGen {
                        quarters,
                        sites,
                        skus: sku_ids.into_iter().zip(skus).collect(),
                        internal_value,
                        weight,
                        demand,
                        floor,
                        penalty,
                        budget,
                        run,
                        discount,
                        integer_units,
                        leased_share,
                    }
                },
            )
    })
}

fn cooling(liquid: bool) -> &'static str {
    if liquid {
        "liquid"
    } else {
        "air"
    }
}

/// The plan as YAML, next to a copy of the toy catalog in `catalog/`.
fn plan_yaml(p: &PlanGen) -> String {
    let (skus, lease) = skus_json(p);
    let plan: Value = json!({
        "name": "random",
        "catalogs": {
            "nodes": "catalog/nodes.yaml",
            "sites": "catalog/sites.yaml",
            "market": "catalog/market.yaml",
        },
        "horizon": { "start": quarter(0), "end": quarter(p.quarters - 1) },
        "sites": sites_json(p),
        "skus": skus,
        "market": {
            "internal_value_usd_per_h100e_hr": p.internal_value,
            "lease": lease,
        },
        "demand": demand_json(p),
        "finance": finance_json(p),
        "policy": {
            "integer_units": p.integer_units,
            "min_leased_share": p.leased_share.0,
            "max_leased_share": p.leased_share.1,
        },
    });
    serde_yaml::to_string(&plan).expect("YAML")
}

/// The plan's `sites:`, each with its halls and grid power.
fn sites_json(p: &PlanGen) -> serde_json::Map<String, Value> {
    let mut sites = serde_json::Map::new();
    for (i, s) in p.sites.iter().enumerate() {
        let mut halls = vec![json!({
            "id": "hall-1",
            "cooling": cooling(s.hall.liquid),
            "it_mw": s.hall.it_mw,
        })];
        if let Some((h, capex, build)) = &s.new_hall {
            halls.push(json!({
                "id": "hall-2",
                "cooling": cooling(h.liquid),
                "it_mw": h.it_mw,
                "capex_usd_per_mw": capex,
                "build_time": build,
            }));
        }
        if i == 0 {
            halls.extend(unserved_sku_halls(p));
        }
        sites.insert(
            SITES[i].into(),
            json!({
                "halls": halls,
                "power": [{ "id": "grid-1", "mw": s.grid_mw }],
            }),
        );
    }
    sites
}

/// Every SKU in play needs a hall of its cooling at some site: halls for the
/// first site, one for each SKU no generated hall can take.
fn unserved_sku_halls(p: &PlanGen) -> Vec<Value> {
    let mut halls = Vec::new();
    for (k, _) in &p.skus {
        let liquid = SKUS[*k].1;
        let served = p.sites.iter().any(|s| {
            s.hall.liquid == liquid
                || s.new_hall
                    .as_ref()
                    .is_some_and(|(h, _, _)| h.liquid == liquid)
        });
        if !served {
            halls.push(json!({
                "id": format!("hall-{}", cooling(liquid)),
                "cooling": cooling(liquid),
                "it_mw": 1.0,
                "capex_usd_per_mw": 0,
                "build_time": "0q",
                "ready": quarter(0),
            }));
        }
    }
    halls
}

/// The plan's `skus:` and the market's `lease:`, both keyed by SKU.
fn skus_json(
    p: &PlanGen,
) -> (
    serde_json::Map<String, Value>,
    serde_json::Map<String, Value>,
) {
    let mut skus = serde_json::Map::new();
    let mut lease = serde_json::Map::new();
    for (k, g) in &p.skus {
        let id = SKUS[*k].0;
        skus.insert(
            id.into(),
            json!({
                "allocation": g.allocation.iter().map(|&(t, u)| json!({
                    "from": quarter(t),
                    "units_per_period": u,
                })).collect::<Vec<_>>(),
                "lead_time": format!("{}q", g.lead_quarters),
            }),
        );
        lease.insert(
            id.into(),
            json!({
                "tenors": g.lease.tenors.iter().map(|&(i, price)| json!({
                    "tenor": TENORS[i],
                    "price_usd_per_gpu_hr": price,
                })).collect::<Vec<_>>(),
                "depth": g.lease.depth.iter().map(|&(gpus, f)| json!({
                    "gpus": gpus,
                    "price_factor": f,
                })).collect::<Vec<_>>(),
                "price_change_per_year": g.lease.price_change_per_year,
            }),
        );
    }
    (skus, lease)
}

/// The plan's `demand:`, with its training run if there is one.
fn demand_json(p: &PlanGen) -> Value {
    let mut demand = json!({
        "h100e": p.demand.iter().map(|&(t, h)| json!({
            "from": quarter(t),
            "h100e": h,
        })).collect::<Vec<_>>(),
        "floor_fraction": p.floor,
        "unmet_penalty_usd_per_h100e_hr": p.penalty,
    });
    if let Some((gpus, from, len)) = p.run {
        let to = (from + len - 1).min(p.quarters - 1);
        demand["training_runs"] = json!([{
            "id": "run",
            "gpus": gpus,
            "from": quarter(from),
            "to": quarter(to),
        }]);
    }
    demand
}

/// The plan's `finance:`, with its capex budget if there is one.
fn finance_json(p: &PlanGen) -> Value {
    let mut finance = json!({
        "discount_rate_per_year": p.discount,
        "internal_value_weight": p.weight,
    });
    if let Some(b) = p.budget {
        finance["capex_budget"] = json!([{ "from": quarter(0), "usd_per_period": b }]);
    }
    finance
}

/// How a random plan ended.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    Verified,
    Infeasible,
}

fn check(dir: &Path, n: usize, p: &PlanGen) -> Result<Outcome, TestCaseError> {
    let yaml = plan_yaml(p);
    let path = dir.join(format!("plan-{n}.yaml"));
    std::fs::write(&path, &yaml).expect("write plan");
    match solve_plan(&path, &PipelineOptions::default()) {
        Ok(s) => {
            let m = &s.plan.metrics;
            for (what, v) in [
                ("npv_usd", m.npv_usd),
                ("capex_usd", m.capex_usd),
                ("lease_revenue_usd", m.lease_revenue_usd),
                ("internal_value_usd", m.internal_value_usd),
                ("opex_usd", m.opex_usd),
                ("residual_value_usd", m.residual_value_usd),
                ("unmet_demand_penalty_usd", m.unmet_demand_penalty_usd),
                ("leased_share", m.leased_share),
                ("objective_usd", s.plan.solver.objective_usd),
            ] {
                prop_assert!(v.is_finite(), "{what} = {v}\n{yaml}");
            }
            if let Some(irr) = m.irr {
                prop_assert!(irr.is_finite(), "irr = {irr}\n{yaml}");
            }
            prop_assert!(
                (0.0..=1.0).contains(&m.leased_share),
                "leased_share = {}\n{yaml}",
                m.leased_share
            );
            Ok(Outcome::Verified)
        }
        // Building nothing is always feasible (leased-share bounds hold at
        // zero too) unless a demand floor or a training run asks for GPUs:
        // only those may make a plan infeasible.
        Err(Error::Infeasible(_)) if p.floor > 0.0 || p.run.is_some() => Ok(Outcome::Infeasible),
        Err(e) => Err(TestCaseError::fail(format!(
            "neither verified nor infeasible: {e}\n--- plan ---\n{yaml}"
        ))),
    }
}

#[test]
fn random_plans_solve_verified_or_are_infeasible() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cat = dir.path().join("catalog");
    std::fs::create_dir(&cat).expect("catalog dir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/catalog");
    for f in ["nodes.yaml", "sites.yaml", "market.yaml"] {
        std::fs::copy(src.join(f), cat.join(f)).expect("copy catalog");
    }
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/proptest-regressions/random_plans.txt"
            )),
        )),
        ..Config::default()
    });
    let counter = std::cell::Cell::new(0usize);
    let tally = std::cell::Cell::new((0usize, 0usize));
    let result = runner.run(&plan(), |p| {
        let n = counter.get();
        counter.set(n + 1);
        let outcome = check(dir.path(), n, &p)?;
        let (v, i) = tally.get();
        tally.set(match outcome {
            Outcome::Verified => (v + 1, i),
            Outcome::Infeasible => (v, i + 1),
        });
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (verified, infeasible) = tally.get();
    println!("{verified} random plans solved and verified, {infeasible} infeasible");
    // The generator is meant to reach both outcomes, mostly solvable plans.
    assert!(
        verified >= cases() as usize / 3,
        "only {verified} of {} random plans were feasible: the generator drifted",
        cases()
    );
}
