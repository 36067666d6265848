//! Segment accounts: the plan's two businesses, leasing and internal
//! training, side by side, per calendar year and over the horizon
//! (docs/model.md §9.1). Computed from the plan alone (its rows, cash flows
//! and decisions) and the scenario's prices; nothing here reads the solver.
//!
//! - Revenue: lease billings to leasing; internal compute at its value
//!   (unweighted) to internal.
//! - Direct costs: sales cost to leasing; each row's energy and maintenance
//!   split by its GPU-hours, leased against internal.
//! - Depreciation, straight line: a hardware cohort from its capex to the
//!   model's end-of-life value ρ·capex over its life; halls and power to 0
//!   over theirs from the period they enter service (so their book value at
//!   the horizon end is the model's residual); site development to 0 at the
//!   horizon end (the model gives it no residual). A unit sold before the end
//!   of its life fetches the model's book value V(a); the difference from its
//!   straight-line book value is a disposal gain (a loss, as V is convex).
//! - Capital employed: book value at each period's end (construction in
//!   progress at cost paid), hardware split like its row, site assets like
//!   the site's GPU-hours that period.
//!
//! Idle GPUs have no segment: their costs and capital follow the used
//! GPU-hours of the same row; where a row, site or period used none, the
//! split of the site-period, the period, the horizon (in that order) is
//! taken, and an even split if the plan never used a GPU.

use std::collections::HashMap;

use super::assets::Track;
use super::clean;
use crate::doc::{PlanDoc, SegmentAccount, SegmentYear, Segments};
use crate::scenario::Scenario;
use crate::units::cents;

/// Leased and internal GPUs: a row's, a site-period's or a period's.
#[derive(Debug, Clone, Copy, Default)]
struct Use {
    leased: f64,
    internal: f64,
}

impl Use {
    fn add(&mut self, other: Use) {
        self.leased += other.leased;
        self.internal += other.internal;
    }

    /// Leasing's share, if any GPU was used.
    fn leasing_share(&self) -> Option<f64> {
        let used = self.leased + self.internal;
        (used > 0.0).then(|| self.leased / used)
    }
}

/// Where the GPUs went, at every level the split falls back through.
struct Shares {
    row: HashMap<(usize, usize, usize), Use>,
    site: Vec<Vec<Use>>,
    period: Vec<Use>,
    horizon: Use,
}

impl Shares {
    fn new(sc: &Scenario, plan: &PlanDoc, index: &HashMap<&str, usize>) -> Shares {
        let nt = sc.num_periods();
        let mut out = Shares {
            row: HashMap::new(),
            site: vec![vec![Use::default(); nt]; sc.sites.len()],
            period: vec![Use::default(); nt],
            horizon: Use::default(),
        };
        for row in &plan.rows {
            let (Some(&t), Some(s), Some(k)) = (
                index.get(row.period.as_str()),
                sc.site(&row.site),
                sc.sku(&row.sku),
            ) else {
                continue;
            };
            let u = Use {
                leased: row.gpus_leased,
                internal: row.gpus_internal,
            };
            out.row.entry((s, k, t)).or_default().add(u);
            out.site[s][t].add(u);
            out.period[t].add(u);
            out.horizon.add(u);
        }
        out
    }

    fn of_period(&self, t: usize) -> f64 {
        self.period[t]
            .leasing_share()
            .or(self.horizon.leasing_share())
            .unwrap_or(0.5)
    }

    fn of_site(&self, s: usize, t: usize) -> f64 {
        self.site[s][t]
            .leasing_share()
            .unwrap_or_else(|| self.of_period(t))
    }

    fn of_row(&self, s: usize, k: usize, t: usize) -> f64 {
        self.row
            .get(&(s, k, t))
            .and_then(Use::leasing_share)
            .unwrap_or_else(|| self.of_site(s, t))
    }
}

/// Per period figures of one segment, USD (GPU-hours for `gpu_hours`).
#[derive(Debug, Clone, Default)]
struct Ledger {
    gpu_hours: Vec<f64>,
    revenue: Vec<f64>,
    direct_cost: Vec<f64>,
    depreciation: Vec<f64>,
    disposal_gain: Vec<f64>,
    book: Vec<f64>,
}

impl Ledger {
    fn new(nt: usize) -> Ledger {
        let z = vec![0.0; nt];
        Ledger {
            gpu_hours: z.clone(),
            revenue: z.clone(),
            direct_cost: z.clone(),
            depreciation: z.clone(),
            disposal_gain: z.clone(),
            book: z,
        }
    }
}

/// The plan's segment accounts: every calendar year, then the horizon.
pub fn segments(sc: &Scenario, plan: &PlanDoc) -> Segments {
    let nt = sc.num_periods();
    let index: HashMap<&str, usize> = plan
        .periods
        .iter()
        .enumerate()
        .map(|(t, p)| (p.as_str(), t))
        .collect();
    let shares = Shares::new(sc, plan, &index);
    let (mut leasing, mut internal) = (Ledger::new(nt), Ledger::new(nt));
    operations(sc, plan, &index, &shares, &mut leasing, &mut internal);
    for ((s, k), track) in super::assets::hardware(sc, plan, &index) {
        split(
            &track,
            |t| shares.of_row(s, k, t),
            &mut leasing,
            &mut internal,
        );
    }
    for (s, track) in super::assets::site_assets(sc, plan, &index) {
        split(
            &track,
            |t| shares.of_site(s, t),
            &mut leasing,
            &mut internal,
        );
    }
    let mut years = Vec::new();
    let mut t = 0;
    while t < nt {
        let year = sc.periods[t].year();
        let end = (t..nt)
            .find(|&u| sc.periods[u].year() != year)
            .unwrap_or(nt);
        years.push(year_of(sc, year.to_string(), t..end, &leasing, &internal));
        t = end;
    }
    years.push(year_of(sc, "horizon".into(), 0..nt, &leasing, &internal));
    Segments { years }
}

/// Revenue, GPU-hours and direct costs of both segments, per period.
fn operations(
    sc: &Scenario,
    plan: &PlanDoc,
    index: &HashMap<&str, usize>,
    shares: &Shares,
    leasing: &mut Ledger,
    internal: &mut Ledger,
) {
    let h = sc.hours_per_period;
    let mut on_rows = vec![0.0; sc.num_periods()];
    for row in &plan.rows {
        let (Some(&t), Some(s), Some(k)) = (
            index.get(row.period.as_str()),
            sc.site(&row.site),
            sc.sku(&row.sku),
        ) else {
            continue;
        };
        let a = shares.of_row(s, k, t);
        leasing.gpu_hours[t] += row.gpus_leased * h;
        internal.gpu_hours[t] += row.gpus_internal * h;
        leasing.direct_cost[t] += a * row.opex_usd;
        internal.direct_cost[t] += (1.0 - a) * row.opex_usd;
        on_rows[t] += row.opex_usd;
    }
    for (t, c) in plan.cash_flows.iter().enumerate().take(sc.num_periods()) {
        leasing.revenue[t] += c.lease_revenue_usd;
        internal.revenue[t] += c.internal_value_usd;
        leasing.direct_cost[t] -= c.sales_cost_usd;
        // Energy or maintenance no row carries (a site drawing with no load).
        let rest = -(c.energy_usd + c.maintenance_usd) - on_rows[t];
        let a = shares.of_period(t);
        leasing.direct_cost[t] += a * rest;
        internal.direct_cost[t] += (1.0 - a) * rest;
    }
}

/// An asset's depreciation, disposal gain and book value shared between the
/// segments, period by period, leasing taking `leasing_share(t)`.
fn split(
    track: &Track,
    leasing_share: impl Fn(usize) -> f64,
    leasing: &mut Ledger,
    internal: &mut Ledger,
) {
    for t in 0..track.book.len() {
        let (d, g, b) = (track.depreciation[t], track.disposal_gain[t], track.book[t]);
        if d == 0.0 && g == 0.0 && b == 0.0 {
            continue;
        }
        let a = leasing_share(t);
        leasing.depreciation[t] += a * d;
        leasing.disposal_gain[t] += a * g;
        leasing.book[t] += a * b;
        internal.depreciation[t] += (1.0 - a) * d;
        internal.disposal_gain[t] += (1.0 - a) * g;
        internal.book[t] += (1.0 - a) * b;
    }
}

fn year_of(
    sc: &Scenario,
    year: String,
    periods: std::ops::Range<usize>,
    leasing: &Ledger,
    internal: &Ledger,
) -> SegmentYear {
    let length_years = periods.len() as f64 * sc.period_months as f64 / 12.0;
    SegmentYear {
        year,
        length_years: clean(length_years),
        leasing: account(leasing, periods.clone(), length_years),
        internal: account(internal, periods, length_years),
    }
}

/// A segment's accounts over `periods`.
fn account(l: &Ledger, periods: std::ops::Range<usize>, length_years: f64) -> SegmentAccount {
    let n = periods.len().max(1) as f64;
    let sum = |v: &[f64]| v[periods.clone()].iter().sum::<f64>();
    let revenue = sum(&l.revenue);
    let direct_cost = sum(&l.direct_cost);
    let ebitda = revenue - direct_cost;
    let depreciation = sum(&l.depreciation);
    let disposal_gain = sum(&l.disposal_gain);
    let ebit = ebitda - depreciation + disposal_gain;
    let capital = sum(&l.book) / n;
    // A margin over less than a dollar of revenue (an interior point's dust
    // of leasing) says nothing: null, as with none.
    let ratio = |x: f64, over: f64| (over.abs() >= 1.0).then(|| clean(x / over));
    SegmentAccount {
        gpu_hours: clean(sum(&l.gpu_hours)),
        revenue_usd: cents(revenue),
        direct_cost_usd: cents(direct_cost),
        ebitda_usd: cents(ebitda),
        ebitda_margin: ratio(ebitda, revenue),
        depreciation_usd: cents(depreciation),
        disposal_gain_usd: cents(disposal_gain),
        ebit_usd: cents(ebit),
        ebit_margin: ratio(ebit, revenue),
        capital_employed_usd: cents(capital),
        return_on_capital: ratio(ebit / length_years.max(1e-9), capital),
    }
}
