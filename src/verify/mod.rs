//! Independent verifier: rechecks a solved plan (`plan.json`) against the
//! resolved [`Scenario`] alone.
//!
//! Why: the model builder turns the scenario into a MILP, and a mistake there
//! (a missing constraint, a wrong coefficient, an off-by-one in a lifetime)
//! gives a plan that is optimal for the wrong problem. This module shares no
//! code with the builder, not even the scenario's derived-value helpers (book
//! values, PUE by cooling…: its own are in `arithmetic.rs`, written from
//! docs/model.md): it reads only the scenario's fields and the plan document,
//! rebuilds the fleet from the deliveries, the halls, power and leases from
//! their entries, re-applies every rule and recomputes every cash flow and
//! headline metric from first principles. An empty result means the plan is
//! feasible and its money adds up, within solver tolerances (quantities:
//! 1e-4 absolute + 1e-6 relative; money: $1 + 1e-6 relative).
//!
//! Tolerances carry through: the document rounds its quantities and leaves
//! out entries that round to zero, so a figure derived from quantities (GPUs
//! from units, MW from units, dollars from units, MW or GPUs) is allowed the
//! quantity tolerance of each quantity behind it, scaled by what it
//! multiplies (its *slack*), on top of its own tolerance.
//!
//! A relaxed plan (`solver.relaxed`, or a scenario without integer units)
//! may hold fractional units, power blocks, halls (a hall's `it_mw` is then
//! the part built, and a hall may be started in parts), sites and run
//! placements. Integrality is not checked; as the document gives no site
//! opening fraction or per-site run share, site capex is only bounded by the
//! listed openings and training runs are checked against all sites pooled.
//!
//! Rules (the `rule` of a [`Violation`]):
//! - `doc`: schema version, scenario name, period labels, solver status;
//! - `deliveries`: cohort retire ages, first delivery, site start, cooling, integrality;
//! - `rows`: units added/retired/installed, loads and lease figures of each row;
//! - `supply`: deliveries within the allocation of each SKU and period;
//! - `halls`: existing and built halls, build order, site opening, shell;
//! - `it`: IT load within the ready hall capacity of each cooling;
//! - `power`: facility peak within firm power plus built generation and batteries;
//!   power builds (lead, order, max MW, blocks);
//! - `energy`: average draw covered by what the sources can deliver;
//! - `site_periods`: the per-site loads and power figures of the document;
//! - `leases`: markets, tenors, tiers, prices; `depth`: market depth per tier;
//! - `gpu_use`: internal plus leased GPUs within installed GPUs;
//! - `demand`: internal demand cap and floor; `runs`: training run placement;
//! - `leased_share`: policy bounds on leased GPU-hours;
//! - `budget`: capex budget per period and over the horizon;
//! - `cash_flows`: each period's flows by category; `metrics`: headline
//!   metrics and the solver objective;
//! - `segments`: the leasing and internal accounts per year and horizon;
//! - `capital`: running cash, peak funding, payback, committed capex, the
//!   opening fleet value and the IRR with it charged;
//! - `financing`: the debt schedule from the draws, loan-to-value, each
//!   year's coverage and tax, the equity's flows, NPV and IRR.

mod arithmetic;
mod capital;
mod demand;
mod financing;
mod fleet;
mod leases;
mod money;
mod power;
mod segments;
pub mod shared;

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::catalog::sku::Cooling;
use crate::doc::{
    CashFlow, Delivery, HallBuilt, LeaseSigned, PlanDoc, PlanRow, PowerBuilt, RunPlaced,
    SiteOpened, SitePeriod, SCHEMA_VERSION,
};
use crate::scenario::{Scenario, ScenarioBuild, ScenarioHall, ScenarioLease, ScenarioSite};

/// One broken rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub rule: &'static str,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.rule, self.message)
    }
}

/// Violations listed per rule before the rest are summed up in one line.
const MAX_PER_RULE: usize = 50;

/// Rechecks `plan` against `sc`; empty means the plan passes.
pub fn verify(sc: &Scenario, plan: &PlanDoc) -> Vec<Violation> {
    let mut out = Out::default();
    let mut cx = Ctx::new(sc, plan);
    doc(&cx, &mut out);
    fleet::check(&mut cx, &mut out);
    power::check(&mut cx, &mut out);
    leases::check(&mut cx, &mut out);
    demand::check(&cx, &mut out);
    let money = money::check(&cx, &mut out);
    segments::check(&cx, &money, &mut out);
    capital::check(&cx, &money, &mut out);
    financing::check(&cx, &money, &mut out);
    out.finish()
}

// ---------------------------------------------------------------------------
// Tolerances and formatting.

const QTY_ABS: f64 = 1e-4;
const QTY_REL: f64 = 1e-6;
const MONEY_ABS: f64 = 1.0;
const MONEY_REL: f64 = 1e-6;

fn tol_q(a: f64, b: f64) -> f64 {
    QTY_ABS + QTY_REL * a.abs().max(b.abs())
}

/// `|a − b| ≤ tol` (false if either is NaN).
fn within(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

/// `a ≤ b` within quantity tolerance (false if either is NaN).
fn le_q(a: f64, b: f64) -> bool {
    a <= b + tol_q(a, b)
}

/// `a ≤ b` within quantity tolerance plus `slack` from the quantities behind `a`.
fn le_qs(a: f64, b: f64, slack: f64) -> bool {
    a <= b + tol_q(a, b) + slack
}

/// `a == b` within quantity tolerance plus `slack`.
fn eq_qs(a: f64, b: f64, slack: f64) -> bool {
    within(a, b, tol_q(a, b) + slack)
}

/// `a == b` within quantity tolerance.
fn eq_q(a: f64, b: f64) -> bool {
    (a - b).abs() <= tol_q(a, b)
}

/// `a == b` within money tolerance, relative to the larger of the two and
/// `scale` (the size of the terms a sum was made of).
fn eq_m(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= MONEY_ABS + MONEY_REL * a.abs().max(b.abs()).max(scale.abs())
}

/// How far a money term `x × price` may be off because the plan states the
/// quantity `x` only within quantity tolerance (plan documents round).
fn slack(x: f64, price: f64) -> f64 {
    tol_q(x, x) * price.abs()
}

/// `a == b` within money tolerance plus `slack` from the quantities behind them.
fn close_m(a: f64, b: f64, slack: f64) -> bool {
    within(a, b, MONEY_ABS + MONEY_REL * a.abs().max(b.abs()) + slack)
}

/// `a ≤ b` within money tolerance.
fn le_m(a: f64, b: f64) -> bool {
    a <= b + MONEY_ABS + MONEY_REL * a.abs().max(b.abs())
}

/// A quantity for messages: up to 4 decimals, at least one (`163.2`, `150.0`).
fn num(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0');
    let s = if s.ends_with('.') {
        format!("{s}0")
    } else {
        s.to_string()
    };
    if s == "-0.0" {
        "0.0".into()
    } else {
        s
    }
}

/// Money for messages: `-$1,234,567` (cents below $100).
fn usd(x: f64) -> String {
    if !x.is_finite() {
        return format!("${x}");
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let a = x.abs();
    if a < 100.0 {
        return format!("{sign}${a:.2}");
    }
    let digits = format!("{a:.0}");
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}")
}

/// Index of a cooling kind in per-cooling arrays.
fn ci(c: Cooling) -> usize {
    match c {
        Cooling::Air => 0,
        Cooling::Liquid => 1,
    }
}

/// The indices of what a plan entry names — one `(kind, label, index)` per
/// reference — or, if any did not resolve, "unknown site `x`, unknown period
/// `y`". A reference inside an unknown one (the hall of an unknown site) is not
/// reported on its own: pass `Skipped` for it when its parent is unknown.
fn resolve<const N: usize>(refs: [(&str, &str, Ref); N]) -> Result<[usize; N], String> {
    let unknown: Vec<String> = refs
        .iter()
        .filter(|(_, _, r)| matches!(r, Ref::Unknown))
        .map(|(kind, label, _)| format!("unknown {kind} `{label}`"))
        .collect();
    if !unknown.is_empty() || refs.iter().any(|(_, _, r)| matches!(r, Ref::Skipped)) {
        return Err(if unknown.is_empty() {
            "unresolved reference".into()
        } else {
            unknown.join(", ")
        });
    }
    Ok(refs.map(|(_, _, r)| match r {
        Ref::At(i) => i,
        _ => unreachable!("checked above"),
    }))
}

/// One reference of a plan entry, for [`resolve`].
#[derive(Clone, Copy)]
enum Ref {
    /// Resolved to this index.
    At(usize),
    /// Not found.
    Unknown,
    /// Not looked up because its parent is unknown (reported there).
    Skipped,
}

impl Ref {
    fn of(index: Option<usize>) -> Ref {
        index.map_or(Ref::Unknown, Ref::At)
    }

    /// A reference looked up inside `parent`: `Skipped` when the parent is unknown.
    fn within(parent: Option<usize>, index: Option<usize>) -> Ref {
        match parent {
            None => Ref::Skipped,
            Some(_) => Ref::of(index),
        }
    }
}

// ---------------------------------------------------------------------------
// Output.

/// Collects violations: each distinct one once, at most [`MAX_PER_RULE`] per rule.
#[derive(Default)]
struct Out {
    list: Vec<Violation>,
    seen: HashSet<(&'static str, String)>,
}

impl Out {
    fn push(&mut self, rule: &'static str, message: String) {
        if self.seen.insert((rule, message.clone())) {
            self.list.push(Violation { rule, message });
        }
    }

    /// Grouped by rule in order of first appearance, each group capped.
    fn finish(self) -> Vec<Violation> {
        let mut order: Vec<&'static str> = Vec::new();
        let mut groups: HashMap<&'static str, Vec<Violation>> = HashMap::new();
        for v in self.list {
            if !groups.contains_key(v.rule) {
                order.push(v.rule);
            }
            groups.entry(v.rule).or_default().push(v);
        }
        let mut res = Vec::new();
        for rule in order {
            let mut g = groups.remove(rule).unwrap_or_default();
            let extra = g.len().saturating_sub(MAX_PER_RULE);
            g.truncate(MAX_PER_RULE);
            res.extend(g);
            if extra > 0 {
                res.push(Violation {
                    rule,
                    message: format!("… and {extra} more"),
                });
            }
        }
        res
    }
}

// ---------------------------------------------------------------------------
// Shared state: what the plan resolves to, and what is recomputed from it.

/// Dense period × site × k array (k: SKU, cooling, …).
#[derive(Debug, Clone)]
struct Grid {
    s: usize,
    k: usize,
    v: Vec<f64>,
}

impl Grid {
    fn new(t: usize, s: usize, k: usize) -> Grid {
        Grid {
            s,
            k,
            v: vec![0.0; t * s * k],
        }
    }

    fn at(&self, t: usize, s: usize, k: usize) -> f64 {
        self.v[(t * self.s + s) * self.k + k]
    }

    fn add(&mut self, t: usize, s: usize, k: usize, x: f64) {
        self.v[(t * self.s + s) * self.k + k] += x;
    }
}

/// A delivery that resolved: `units` of SKU `sku`, delivered
/// in period `t`, retiring at age `age` (in service for `t..t+age`).
struct Cohort {
    sku: usize,
    t: usize,
    units: f64,
    age: usize,
}

/// A hall built in the plan (not pre-existing), started in `start`.
struct BuiltHall {
    site: usize,
    hall: usize,
    start: usize,
    /// IT MW built: the hall's, or a fraction of it in a relaxed plan.
    it_mw: f64,
}

/// A power build that resolved: `mw` of option `opt` ordered in `order`.
struct Build {
    site: usize,
    opt: usize,
    order: usize,
    mw: f64,
}

/// A lease that resolved. `periods` and `price` come from the scenario where
/// the tenor and tier resolve, else from the document.
struct Lease {
    sku: usize,
    t: usize,
    periods: usize,
    /// 0-based tier, if valid.
    tier: Option<usize>,
    gpus: f64,
    price: f64,
}

struct Ctx<'a> {
    sc: &'a Scenario,
    plan: &'a PlanDoc,
    /// Number of periods T.
    tn: usize,
    labels: Vec<String>,
    period_idx: HashMap<String, usize>,
    /// Whether whole units (and power blocks) are required of this plan.
    integers: bool,
    /// Discount factor of each period and hours in a period, from the
    /// scenario's rate and period length (see `arithmetic.rs`).
    discount: Vec<f64>,
    hours: f64,

    // fleet (fleet.rs)
    cohorts: Vec<Cohort>,
    installed: Grid,
    /// How far `installed` may be off: the document states each cohort's
    /// units only within tolerance, and may leave out cohorts that round to
    /// zero. Loads and GPU counts derived from units carry it, scaled.
    unit_slack: Grid,
    added: Grid,
    retired: Grid,
    /// GPUs kept internal, from the rows (the only place they are stated).
    internal: Grid,
    rows: HashMap<(usize, usize, usize), &'a PlanRow>,

    // halls and power (power.rs)
    built_halls: Vec<BuiltHall>,
    /// Every resolved `sites_opened` entry: (site, period, share opened).
    opened: Vec<(usize, usize, f64)>,
    builds: Vec<Build>,
    site_periods: HashMap<(usize, usize), &'a SitePeriod>,

    // leases (leases.rs)
    leases: Vec<Lease>,
    leased: Grid,
    lease_revenue: Grid,
    sales_cost: Grid,
    /// How far `lease_revenue` and `sales_cost` may be off (see [`slack`]).
    lease_slack: Grid,
    sales_slack: Grid,
}

impl<'a> Ctx<'a> {
    fn new(sc: &'a Scenario, plan: &'a PlanDoc) -> Ctx<'a> {
        let tn = sc.periods.len();
        let labels: Vec<String> = sc.periods.iter().map(|p| p.to_string()).collect();
        let period_idx = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.clone(), i))
            .collect();
        let (ns, nk) = (sc.sites.len(), sc.skus.len());
        Ctx {
            sc,
            plan,
            tn,
            labels,
            period_idx,
            integers: sc.integer_units && !plan.solver.relaxed,
            discount: arithmetic::discount_factors(sc.discount_rate_per_year, sc.period_months, tn),
            hours: arithmetic::hours_per_period(sc.period_months),
            cohorts: Vec::new(),
            installed: Grid::new(tn, ns, nk),
            unit_slack: Grid::new(tn, ns, nk),
            added: Grid::new(tn, ns, nk),
            retired: Grid::new(tn, ns, nk),
            internal: Grid::new(tn, ns, nk),
            rows: HashMap::new(),
            built_halls: Vec::new(),
            opened: Vec::new(),
            builds: Vec::new(),
            site_periods: HashMap::new(),
            leases: Vec::new(),
            leased: Grid::new(tn, ns, nk),
            lease_revenue: Grid::new(tn, ns, nk),
            sales_cost: Grid::new(tn, ns, nk),
            lease_slack: Grid::new(tn, ns, nk),
            sales_slack: Grid::new(tn, ns, nk),
        }
    }

    fn period(&self, label: &str) -> Option<usize> {
        self.period_idx.get(label).copied()
    }

    /// Label of period `t`, or a description of a period past the horizon.
    fn label(&self, t: usize) -> String {
        match self.labels.get(t) {
            Some(l) => l.clone(),
            None => format!("period #{t} (past the horizon)"),
        }
    }

    fn site_id(&self, s: usize) -> &str {
        &self.sc.sites[s].id
    }

    fn sku_id(&self, k: usize) -> &str {
        &self.sc.skus[k].id
    }
}

/// The document's header: layout version, scenario, periods, solver status.
fn doc(cx: &Ctx, out: &mut Out) {
    let plan = cx.plan;
    if plan.schema_version != SCHEMA_VERSION {
        out.push(
            "doc",
            format!(
                "schema_version {} is not {SCHEMA_VERSION}",
                plan.schema_version
            ),
        );
    }
    if plan.scenario != cx.sc.name {
        out.push(
            "doc",
            format!(
                "plan is of scenario `{}`, not `{}`",
                plan.scenario, cx.sc.name
            ),
        );
    }
    if plan.periods != cx.labels {
        out.push(
            "doc",
            format!(
                "periods [{}] are not the scenario's [{}]",
                plan.periods.join(", "),
                cx.labels.join(", ")
            ),
        );
    }
    if plan.solver.status != "optimal" && plan.solver.status != "feasible" {
        out.push(
            "doc",
            format!(
                "solver status `{}` is neither optimal nor feasible",
                plan.solver.status
            ),
        );
    }
    if plan.metrics.internal_value_weight != cx.sc.internal_value_weight {
        out.push(
            "metrics",
            format!(
                "internal_value_weight {} is not the scenario's {}",
                num(plan.metrics.internal_value_weight),
                num(cx.sc.internal_value_weight)
            ),
        );
    }
    for p in &plan.shadow_prices.power {
        if let Err(e) = resolve([
            ("site", &p.site, Ref::of(cx.sc.site(&p.site))),
            ("period", &p.period, Ref::of(cx.period(&p.period))),
        ]) {
            out.push("doc", format!("power shadow price: {e}"));
        }
    }
    for p in &plan.shadow_prices.supply {
        if let Err(e) = resolve([
            ("SKU", &p.sku, Ref::of(cx.sc.sku(&p.sku))),
            ("period", &p.period, Ref::of(cx.period(&p.period))),
        ]) {
            out.push("doc", format!("supply shadow price: {e}"));
        }
    }
}

// ---------------------------------------------------------------------------
// Test fixture: a tiny scenario and a plan for it worked out by hand.

#[cfg(test)]
pub(crate) mod fixture {
    //! One site (`alpha`) with one liquid hall to build, one SKU (`rack`),
    //! four quarters of 2026, one lease tenor (`6mo`).
    //!
    //! The plan: open the site and start the 1 MW hall in Q1 (ready Q2), order
    //! 0.5 MW of gas in Q1 (online Q2); the grid (1 MW) energizes in Q2.
    //! Deliver 5 racks in Q2 (retire at age 2, in Q4) and 3 in Q3 (retire past
    //! the horizon). Lease 20 GPUs for 6 months from Q2. Installed racks:
    //! 0, 5, 8, 3 → GPUs 0, 50, 80, 30; internal 0, 30, 60, 30.

    use std::collections::BTreeSet;

    use indexmap::IndexMap;

    use crate::catalog::period::Period;
    use crate::catalog::site::PowerKind;
    use crate::catalog::sku::Cooling;
    use crate::doc::*;
    use crate::scenario::*;

    use super::Violation;

    pub const H: f64 = 2190.0;

    /// Discount factors at 10%/yr by quarter, 1.1^−(t+1)/4.
    pub const DF: [f64; 4] = [
        0.976_454_089_676_310_5,
        0.953_462_589_245_592_2,
        0.931_012_444_622_222_8,
        0.909_090_909_090_909_1,
    ];

    /// The one SKU: a 10-GPU liquid rack, $1,000, two-period life, 25% left at
    /// its end, leasable for 6 months in two depth tiers.
    fn sku() -> ScenarioSku {
        ScenarioSku {
            id: "rack".into(),
            name: "Test rack".into(),
            gpus_per_unit: 10.0,
            it_kw_per_unit: 100.0,
            cooling: Cooling::Liquid,
            capex_usd_per_unit: 1000.0,
            h100e_per_gpu: 2.0,
            life_periods: 2,
            retire_ages: vec![1, 2],
            maintenance_usd_per_unit_period: 10.0,
            lead_periods: 0,
            first_delivery: 0,
            allocation_units: vec![10.0; 4],
            residual_fraction_end_of_life: 0.25,
            installed_at_start: vec![],
            installed_age_periods: 0,
            lease: Some(ScenarioLease {
                tenors: vec![ScenarioTenor {
                    label: "6mo".into(),
                    periods: 2,
                    price_usd_per_gpu_hr: vec![2.0; 4],
                }],
                billed_utilization: 0.9,
                sales_cost_fraction: 0.1,
                tiers: vec![(30.0, 1.0), (100.0, 0.8)],
            }),
        }
    }

    /// The one site: a 1 MW liquid hall to build, 1 MW of grid from Q2, up to
    /// 1 MW of gas in 0.5 MW blocks.
    fn site() -> ScenarioSite {
        ScenarioSite {
            id: "alpha".into(),
            name: "Alpha".into(),
            earliest_start: 0,
            shell_mw: 10.0,
            max_cluster_gpus: 1000.0,
            pue_air: 1.5,
            pue_liquid: 1.2,
            development_capex_usd: 5000.0,
            peak_usable_share: 1.0,
            halls: vec![ScenarioHall {
                id: "h1".into(),
                cooling: Cooling::Liquid,
                it_mw: 1.0,
                capex_usd_per_mw: 2000.0,
                build_periods: 1,
                earliest_start: 0,
                after: None,
                ready_at: None,
                // A one-period life leaves no book value at the end,
                // keeping the hand-computed cash flows free of residuals.
                life_periods: 1,
            }],
            firm: vec![ScenarioFirm {
                id: "grid".into(),
                kind: PowerKind::Grid,
                mw: 1.0,
                from: Some(1),
                price_usd_per_mwh: 50.0,
                demand_charge_usd_per_mw_period: 100.0,
            }],
            builds: vec![ScenarioBuild {
                id: "gas".into(),
                kind: PowerKind::GasTurbine,
                max_mw: 1.0,
                block_mw: Some(0.5),
                capex_usd_per_mw: 3000.0,
                lead_periods: 1,
                earliest_order: 0,
                price_usd_per_mwh: 80.0,
                life_periods: 1,
            }],
        }
    }

    pub fn scenario() -> Scenario {
        let periods: Vec<Period> = (0..4)
            .map(|t| Period {
                start_month: 2026 * 12 + 3 * t,
                quarter: true,
            })
            .collect();
        Scenario {
            name: "tiny".into(),
            description: None,
            periods,
            period_months: 3,
            hours_per_period: H,
            discount_rate_per_year: 0.1,
            discount: DF.to_vec(),
            internal_value_weight: 1.0,
            internal_value_usd_per_h100e_hr: 1.0,
            skus: vec![sku()],
            sites: vec![site()],
            demand_h100e: vec![0.0, 100.0, 120.0, 80.0],
            demand_floor_fraction: 0.5,
            unmet_penalty_usd_per_h100e_hr: 5.0,
            runs: vec![ScenarioRun {
                id: "train1".into(),
                gpus: 50.0,
                from: 2,
                to: 2,
                skus: vec![0],
            }],
            capex_budget_usd: vec![None; 4],
            cumulative_capex_usd: None,
            opening_fleet_value_usd: None,
            tax_rate: 0.0,
            debt: None,
            integer_units: true,
            min_leased_share: 0.0,
            max_leased_share: 0.5,
            load_factor: 0.5,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn row(
        t: &str,
        added: f64,
        retired: f64,
        installed: f64,
        internal: f64,
        leased: f64,
        revenue: f64,
    ) -> PlanRow {
        PlanRow {
            period: t.into(),
            site: "alpha".into(),
            sku: "rack".into(),
            units_added: added,
            units_retired: retired,
            units_installed: installed,
            gpus_internal: internal,
            gpus_leased: leased,
            it_load_mw: installed * 0.1,
            facility_load_mw: installed * 0.1 * 1.2,
            power_available_mw: 1.5,
            capex_usd: -added * 1000.0,
            opex_usd: 0.0,
            revenue_usd: revenue,
        }
    }

    fn site_period(t: &str, it: f64, pa: f64, hall: f64, draws: &[(&str, f64)]) -> SitePeriod {
        SitePeriod {
            period: t.into(),
            site: "alpha".into(),
            it_load_mw: it,
            facility_load_mw: it * 1.2,
            facility_avg_mw: it * 1.2 * 0.5,
            power_available_mw: pa,
            hall_mw_air: 0.0,
            hall_mw_liquid: hall,
            draw_mw: draws
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect::<IndexMap<_, _>>(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn flow(
        t: &str,
        df: f64,
        hw: f64,
        halls: f64,
        power: f64,
        sites: f64,
        lease: f64,
        internal: f64,
        energy: f64,
        maint: f64,
        salvage: f64,
        residual: f64,
        net: f64,
    ) -> CashFlow {
        CashFlow {
            period: t.into(),
            capex_hardware_usd: hw,
            capex_halls_usd: halls,
            capex_power_usd: power,
            capex_sites_usd: sites,
            lease_revenue_usd: lease,
            sales_cost_usd: -0.1 * lease,
            internal_value_usd: internal,
            energy_usd: energy,
            maintenance_usd: maint,
            salvage_usd: salvage,
            residual_usd: residual,
            net_usd: net,
            discount_factor: df,
            discounted_usd: net * df,
        }
    }

    /// The headline metrics of [`plan`].
    fn metrics() -> Metrics {
        Metrics {
            npv_usd: 505_811.31,
            capex_usd: 16_500.0,
            lease_revenue_usd: 157_680.0,
            internal_value_usd: 525_600.0,
            opex_usd: 126_392.0,
            residual_value_usd: 2_000.0,
            // Unmet 40 H100e in Q2 and 20 in Q4: δ₁ × 2190 × 5 × 40 + δ₃ × 2190 × 5 × 20.
            unmet_demand_penalty_usd: 616_707.52,
            leased_share: 0.25,
            irr: None,
            internal_value_weight: 1.0,
            gpus_end: 30,
            gpus_leased_end: 0,
            gpus_internal_end: 30,
        }
    }

    /// 5 racks in Q2 retiring at age 2 (in Q4), 3 in Q3 retiring past the horizon.
    fn deliveries() -> Vec<Delivery> {
        vec![
            Delivery {
                site: "alpha".into(),
                sku: "rack".into(),
                period: "2026Q2".into(),
                units: 5.0,
                retire_age_periods: 2,
                retires: Some("2026Q4".into()),
            },
            Delivery {
                site: "alpha".into(),
                sku: "rack".into(),
                period: "2026Q3".into(),
                units: 3.0,
                retire_age_periods: 2,
                retires: None,
            },
        ]
    }

    /// The cash flows of [`plan`] by period.
    fn cash_flows() -> Vec<CashFlow> {
        // Lease revenue Q2, Q3: 20 GPUs × 2190 h × $2.0 × 0.9 = 78,840; sales cost 7,884.
        // Internal value: GPUs × 2190 × $1 × 2 H100e = 131,400 (30 GPUs), 262,800 (60).
        // Energy: grid draw × (2190 × 50 + 100) = × 109,600; gas draw × 2190 × 80.
        //   Q2 0.3 MW grid → 32,880; Q3 0.4 grid + 0.08 gas → 43,840 + 14,016; Q4 0.18 grid → 19,728.
        // Salvage at the end of Q3, their last quarter in service: 5 racks at age 2 × $250;
        // residual: 3 racks aged 2 × $250.
        vec![
            flow(
                "2026Q1", DF[0], 0.0, -2000.0, -1500.0, -5000.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                -8500.0,
            ),
            flow(
                "2026Q2", DF[1], -5000.0, 0.0, 0.0, 0.0, 78_840.0, 131_400.0, -32_880.0, -50.0,
                0.0, 0.0, 164_426.0,
            ),
            flow(
                "2026Q3", DF[2], -3000.0, 0.0, 0.0, 0.0, 78_840.0, 262_800.0, -57_856.0, -80.0,
                1250.0, 0.0, 274_070.0,
            ),
            flow(
                "2026Q4", DF[3], 0.0, 0.0, 0.0, 0.0, 0.0, 131_400.0, -19_728.0, -30.0, 0.0, 750.0,
                112_392.0,
            ),
        ]
    }

    /// The valid plan, numbers worked out by hand (see the module doc).
    pub fn plan() -> PlanDoc {
        PlanDoc {
            schema_version: SCHEMA_VERSION,
            scenario: "tiny".into(),
            description: None,
            periods: vec![
                "2026Q1".into(),
                "2026Q2".into(),
                "2026Q3".into(),
                "2026Q4".into(),
            ],
            solver: SolverInfo {
                backend: "highs".into(),
                status: "optimal".into(),
                objective_usd: 505_811.31 - 616_707.52,
                mip_gap: Some(0.0),
                relaxed: false,
                heuristic: false,
            },
            metrics: metrics(),
            rows: vec![
                row("2026Q2", 5.0, 0.0, 5.0, 30.0, 20.0, 78_840.0),
                row("2026Q3", 3.0, 0.0, 8.0, 60.0, 20.0, 78_840.0),
                row("2026Q4", 0.0, 5.0, 3.0, 30.0, 0.0, 0.0),
            ],
            site_periods: vec![
                site_period("2026Q1", 0.0, 0.0, 0.0, &[]),
                site_period("2026Q2", 0.5, 1.5, 1.0, &[("grid", 0.3)]),
                site_period("2026Q3", 0.8, 1.5, 1.0, &[("grid", 0.4), ("gas", 0.08)]),
                site_period("2026Q4", 0.3, 1.5, 1.0, &[("grid", 0.18)]),
            ],
            deliveries: deliveries(),
            leases: vec![LeaseSigned {
                sku: "rack".into(),
                site: "alpha".into(),
                start: "2026Q2".into(),
                tenor: "6mo".into(),
                tenor_periods: 2,
                tier: 1,
                gpus: 20.0,
                price_usd_per_gpu_hr: 2.0,
            }],
            halls: vec![HallBuilt {
                site: "alpha".into(),
                hall: "h1".into(),
                cooling: "liquid".into(),
                it_mw: 1.0,
                start: Some("2026Q1".into()),
                ready: "2026Q2".into(),
            }],
            sites_opened: vec![SiteOpened {
                site: "alpha".into(),
                period: "2026Q1".into(),
                share: 1.0,
            }],
            power_builds: vec![PowerBuilt {
                site: "alpha".into(),
                option: "gas".into(),
                kind: "gas_turbine".into(),
                order: "2026Q1".into(),
                online: "2026Q2".into(),
                mw: 0.5,
            }],
            training_runs: vec![RunPlaced {
                id: "train1".into(),
                site: "alpha".into(),
                gpus: 50.0,
                from: "2026Q3".into(),
                to: "2026Q3".into(),
                share: 1.0,
            }],
            cash_flows: cash_flows(),
            shadow_prices: ShadowPrices::default(),
            graph: Default::default(),
            segments: Default::default(),
            capital: Default::default(),
            financing: None,
            scenario_set: None,
        }
    }

    /// The distinct rules among `v`.
    pub fn rules(v: &[Violation]) -> BTreeSet<&'static str> {
        v.iter().map(|x| x.rule).collect()
    }

    /// All messages, one per line, for assertion failures.
    pub fn show(v: &[Violation]) -> String {
        v.iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::{plan, rules, scenario, show};
    use super::*;

    #[test]
    fn valid_plan_passes() {
        let v = verify(&scenario(), &plan());
        assert!(v.is_empty(), "unexpected violations:\n{}", show(&v));
    }

    #[test]
    fn display_names_the_rule() {
        let v = Violation {
            rule: "power",
            message: "alpha 2026Q3: too much".into(),
        };
        assert_eq!(v.to_string(), "[power] alpha 2026Q3: too much");
    }

    #[test]
    fn wrong_periods_are_a_doc_violation() {
        let mut p = plan();
        p.periods.pop();
        p.schema_version += 1;
        let v = verify(&scenario(), &p);
        assert_eq!(
            rules(&v).into_iter().collect::<Vec<_>>(),
            vec!["doc"],
            "{}",
            show(&v)
        );
        assert_eq!(v.len(), 2);
    }

    #[test]
    fn output_is_capped_per_rule() {
        let mut p = plan();
        let bad = p.deliveries[0].clone();
        for i in 0..70 {
            let mut d = bad.clone();
            d.site = format!("nowhere{i}");
            p.deliveries.push(d);
        }
        let v = verify(&scenario(), &p);
        let d: Vec<_> = v.iter().filter(|x| x.rule == "deliveries").collect();
        assert_eq!(d.len(), MAX_PER_RULE + 1, "{}", show(&v));
        assert_eq!(d.last().unwrap().message, "… and 20 more");
    }

    #[test]
    fn formats() {
        assert_eq!(num(163.2), "163.2");
        assert_eq!(num(150.0), "150.0");
        assert_eq!(num(-0.00001), "0.0");
        assert_eq!(usd(-1_234_567.4), "-$1,234,567");
        assert_eq!(usd(12.5), "$12.50");
        assert_eq!(usd(100.0), "$100");
    }
}
