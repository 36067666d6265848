//! The segment accounts of plan.json (docs/model.md §9.1), recomputed from
//! the scenario and the plan's rows, cash flows and decisions with this
//! module's own arithmetic: each asset's depreciation and book value in a
//! period are closed forms of its age (no running ledger), and the split
//! between the segments is worked out per period from the rows.
//!
//! Rule `segments`.

use std::collections::HashMap;

use super::arithmetic::{preinstalled_periods_left, unit_value_usd};
use super::money::PeriodMoney;
use super::{close_m, usd, Ctx, Out};
use crate::doc::{SegmentAccount, SegmentYear};

/// A straight-line asset: `cost` down to `floor` over `life` periods,
/// `age0` old when it starts serving in `from`, serving until `until`
/// (exclusive), sold at the end of `until − 1` for `sale` if set.
#[derive(Debug, Clone, Copy)]
struct Asset {
    cost: f64,
    floor: f64,
    life: usize,
    age0: usize,
    from: usize,
    until: usize,
    sale: Option<f64>,
    /// Construction in progress: periods `[paid_from, from)` carry the cost
    /// paid so far, `paid_per_period` a period up to `cost`.
    paid_from: usize,
    paid_per_period: f64,
}

impl Asset {
    /// Age at the end of period `t`, if in service then.
    fn age(&self, t: usize) -> Option<usize> {
        (self.from <= t && t < self.until).then(|| self.age0 + t - self.from + 1)
    }

    fn depreciation(&self, t: usize) -> f64 {
        match self.age(t) {
            Some(a) if a <= self.life => (self.cost - self.floor) / self.life as f64,
            _ => 0.0,
        }
    }

    /// Book value at the end of period `t` (before a sale at that end).
    fn book(&self, t: usize) -> f64 {
        if let Some(a) = self.age(t) {
            let used = a.min(self.life) as f64 / self.life as f64;
            return self.cost - (self.cost - self.floor) * used;
        }
        if self.paid_from <= t && t < self.from {
            return (self.paid_per_period * (t - self.paid_from + 1) as f64).min(self.cost);
        }
        0.0
    }

    fn disposal_gain(&self, t: usize) -> f64 {
        match self.sale {
            Some(p) if t + 1 == self.until => p - self.book(t),
            _ => 0.0,
        }
    }
}

/// Hardware assets keyed by (site, SKU).
type Hardware = Vec<((usize, usize), Asset)>;

/// The plan's assets: hardware keyed by (site, SKU), the rest by site.
fn assets(cx: &Ctx) -> (Hardware, Vec<(usize, Asset)>) {
    let (sc, tn) = (cx.sc, cx.tn);
    let mut hw = Vec::new();
    for d in &cx.plan.deliveries {
        let (Some(t0), Some(s), Some(k)) = (cx.period(&d.period), sc.site(&d.site), sc.sku(&d.sku))
        else {
            continue;
        };
        let sku = &sc.skus[k];
        let cost = d.units * sku.capex_usd_per_unit;
        let until = t0 + d.retire_age_periods;
        hw.push((
            (s, k),
            Asset {
                cost,
                floor: cost * sku.residual_fraction_end_of_life,
                life: sku.life_periods.max(1),
                age0: 0,
                from: t0,
                until: until.min(tn),
                sale: (until <= tn).then(|| d.units * unit_value_usd(sku, d.retire_age_periods)),
                paid_from: t0,
                paid_per_period: 0.0,
            },
        ));
    }
    for (k, sku) in sc.skus.iter().enumerate() {
        let left = preinstalled_periods_left(sku);
        for &(s, units) in sku.installed_at_start.iter().filter(|(_, u)| *u > 0.0) {
            if left == 0 {
                continue;
            }
            let cost = units * sku.capex_usd_per_unit;
            hw.push((
                (s, k),
                Asset {
                    cost,
                    floor: cost * sku.residual_fraction_end_of_life,
                    life: sku.life_periods.max(1),
                    age0: sku.installed_age_periods,
                    from: 0,
                    until: left.min(tn),
                    sale: (left <= tn).then(|| units * unit_value_usd(sku, sku.life_periods)),
                    paid_from: 0,
                    paid_per_period: 0.0,
                },
            ));
        }
    }
    (hw, site_assets(cx))
}

fn site_assets(cx: &Ctx) -> Vec<(usize, Asset)> {
    let (sc, tn) = (cx.sc, cx.tn);
    let serving = |cost: f64, life: usize, from: usize, paid_from: usize, per: f64| Asset {
        cost,
        floor: 0.0,
        life: life.max(1),
        age0: 0,
        from,
        until: tn,
        sale: None,
        paid_from,
        paid_per_period: per,
    };
    let mut out = Vec::new();
    for h in &cx.plan.halls {
        let (Some(start), Some(ready), Some(s)) = (
            h.start.as_deref().and_then(|p| cx.period(p)),
            cx.period(&h.ready),
            sc.site(&h.site),
        ) else {
            continue;
        };
        if let Some(spec) = sc.sites[s].halls.iter().find(|x| x.id == h.hall) {
            let cost = h.it_mw * spec.capex_usd_per_mw;
            let per = cost / spec.build_periods.max(1) as f64;
            out.push((s, serving(cost, spec.life_periods, ready, start, per)));
        }
    }
    for b in &cx.plan.power_builds {
        let (Some(order), Some(online), Some(s)) =
            (cx.period(&b.order), cx.period(&b.online), sc.site(&b.site))
        else {
            continue;
        };
        if let Some(spec) = sc.sites[s].builds.iter().find(|g| g.id == b.option) {
            let cost = b.mw * spec.capex_usd_per_mw;
            out.push((s, serving(cost, spec.life_periods, online, order, cost)));
        }
    }
    for o in &cx.plan.sites_opened {
        if let (Some(t0), Some(s)) = (cx.period(&o.period), sc.site(&o.site)) {
            let cost = o.share * sc.sites[s].development_capex_usd;
            out.push((s, serving(cost, tn - t0, t0, t0, 0.0)));
        }
    }
    out
}

/// Leasing's share of used GPUs in a row, a site-period, a period, the
/// horizon; an even split if nothing was ever used.
struct Split {
    row: HashMap<(usize, usize, usize), (f64, f64)>,
    site: HashMap<(usize, usize), (f64, f64)>,
    period: Vec<(f64, f64)>,
    all: (f64, f64),
}

fn share((l, i): (f64, f64)) -> Option<f64> {
    (l + i > 0.0).then(|| l / (l + i))
}

impl Split {
    fn new(cx: &Ctx) -> Split {
        let mut sp = Split {
            row: HashMap::new(),
            site: HashMap::new(),
            period: vec![(0.0, 0.0); cx.tn],
            all: (0.0, 0.0),
        };
        for (&(t, s, k), r) in &cx.rows {
            let (l, i) = (r.gpus_leased, r.gpus_internal);
            for e in [
                sp.row.entry((s, k, t)).or_default(),
                sp.site.entry((s, t)).or_default(),
                &mut sp.period[t],
                &mut sp.all,
            ] {
                e.0 += l;
                e.1 += i;
            }
        }
        sp
    }

    fn at_period(&self, t: usize) -> f64 {
        share(self.period[t]).or(share(self.all)).unwrap_or(0.5)
    }

    fn at_site(&self, s: usize, t: usize) -> f64 {
        match self.site.get(&(s, t)).copied().and_then(share) {
            Some(a) => a,
            None => self.at_period(t),
        }
    }

    fn at_row(&self, s: usize, k: usize, t: usize) -> f64 {
        match self.row.get(&(s, k, t)).copied().and_then(share) {
            Some(a) => a,
            None => self.at_site(s, t),
        }
    }
}

/// Per period, per segment (0 leasing, 1 internal): revenue, direct cost,
/// depreciation, disposal gain, book value, GPU-hours.
type Book = Vec<[[f64; 6]; 2]>;

fn book(cx: &Ctx, money: &[PeriodMoney]) -> Book {
    let split = Split::new(cx);
    let mut b: Book = vec![[[0.0; 6]; 2]; cx.tn];
    let mut on_rows = vec![0.0; cx.tn];
    for (&(t, s, k), r) in &cx.rows {
        let a = split.at_row(s, k, t);
        b[t][0][1] += a * r.opex_usd;
        b[t][1][1] += (1.0 - a) * r.opex_usd;
        b[t][0][5] += r.gpus_leased * cx.hours;
        b[t][1][5] += r.gpus_internal * cx.hours;
        on_rows[t] += r.opex_usd;
    }
    for (t, c) in money.iter().enumerate().take(cx.tn) {
        let a = split.at_period(t);
        let rest = c.energy_and_maintenance - on_rows[t];
        b[t][0][0] += c.lease;
        b[t][1][0] += c.internal;
        b[t][0][1] += a * rest + c.sales_cost;
        b[t][1][1] += (1.0 - a) * rest;
    }
    let (hw, site) = assets(cx);
    let charge = |b: &mut Book, asset: &Asset, a: &dyn Fn(usize) -> f64| {
        for (t, row) in b.iter_mut().enumerate() {
            let v = [asset.depreciation(t), asset.disposal_gain(t), asset.book(t)];
            if v.iter().all(|x| *x == 0.0) {
                continue;
            }
            let a = a(t);
            for (j, x) in v.iter().enumerate() {
                row[0][2 + j] += a * x;
                row[1][2 + j] += (1.0 - a) * x;
            }
        }
    };
    for ((s, k), asset) in &hw {
        charge(&mut b, asset, &|t| split.at_row(*s, *k, t));
    }
    for (s, asset) in &site {
        charge(&mut b, asset, &|t| split.at_site(*s, t));
    }
    b
}

/// Depreciation less disposal gains of every asset, per period, USD: the
/// tax deduction of docs/model.md §16.
pub(super) fn deductions(cx: &Ctx, money: &[PeriodMoney]) -> Vec<f64> {
    book(cx, money)
        .iter()
        .map(|p| p[0][2] + p[1][2] - p[0][3] - p[1][3])
        .collect()
}

/// Every year and the horizon of `plan.segments` against a recomputation.
pub(super) fn check(cx: &Ctx, money: &[PeriodMoney], out: &mut Out) {
    let years = &cx.plan.segments.years;
    if years.is_empty() {
        // A document without the section (the unit tests' hand-written
        // fixture) is checked for everything else.
        return;
    }
    let b = book(cx, money);
    let mut want: Vec<(String, Vec<usize>)> = Vec::new();
    for t in 0..cx.tn {
        let y = cx.sc.periods[t].year().to_string();
        match want.last_mut() {
            Some((yy, ts)) if *yy == y => ts.push(t),
            _ => want.push((y, vec![t])),
        }
    }
    want.push(("horizon".into(), (0..cx.tn).collect()));
    if years.len() != want.len() {
        out.push(
            "segments",
            format!(
                "{} years of segment accounts, expected {}",
                years.len(),
                want.len()
            ),
        );
    }
    for (y, (label, ts)) in years.iter().zip(&want) {
        if y.year != *label {
            out.push(
                "segments",
                format!("segment year {}, expected {label}", y.year),
            );
            continue;
        }
        let slack: f64 = ts.iter().map(|&t| money[t].slack).sum();
        check_year(cx, y, (&b, slack), ts, out);
    }
}

fn check_year(cx: &Ctx, y: &SegmentYear, (b, slack): (&Book, f64), ts: &[usize], out: &mut Out) {
    let years = ts.len() as f64 * cx.sc.period_months as f64 / 12.0;
    for (seg, name, stated) in [(0, "leasing", &y.leasing), (1, "internal", &y.internal)] {
        let sum = |j: usize| ts.iter().map(|&t| b[t][seg][j]).sum::<f64>();
        let (rev, cost, dep, gain) = (sum(0), sum(1), sum(2), sum(3));
        let capital = sum(4) / ts.len().max(1) as f64;
        let ebit = rev - cost - dep + gain;
        let figures = [
            ("revenue_usd", stated.revenue_usd, rev),
            ("direct_cost_usd", stated.direct_cost_usd, cost),
            ("ebitda_usd", stated.ebitda_usd, rev - cost),
            ("depreciation_usd", stated.depreciation_usd, dep),
            ("disposal_gain_usd", stated.disposal_gain_usd, gain),
            ("ebit_usd", stated.ebit_usd, ebit),
            ("capital_employed_usd", stated.capital_employed_usd, capital),
        ];
        for (field, got, want) in figures {
            let scale = rev.abs() + cost.abs() + dep.abs();
            if !close_m(got, want, 1e-6 * scale + slack) {
                out.push(
                    "segments",
                    format!(
                        "{} {name} {field} is {}, recomputed {}",
                        y.year,
                        usd(got),
                        usd(want)
                    ),
                );
            }
        }
        check_ratios(
            y,
            name,
            stated,
            (rev, rev - cost, ebit, capital),
            (years, slack),
            out,
        );
        let hours = sum(5);
        if (stated.gpu_hours - hours).abs() > 1e-3 + 1e-6 * hours {
            out.push(
                "segments",
                format!(
                    "{} {name} gpu_hours is {}, recomputed {hours}",
                    y.year, stated.gpu_hours
                ),
            );
        }
    }
}

/// Margins and return on capital, each a ratio of the recomputed figures,
/// within 1e-5 and what the figures may be off by (their cents and slack)
/// over the denominator. No ratio over less than a dollar (near $1 either).
fn check_ratios(
    y: &SegmentYear,
    name: &str,
    a: &SegmentAccount,
    (rev, ebitda, ebit, capital): (f64, f64, f64, f64),
    (years, slack): (f64, f64),
    out: &mut Out,
) {
    let ratios = [
        ("ebitda_margin", a.ebitda_margin, ebitda, rev),
        ("ebit_margin", a.ebit_margin, ebit, rev),
        (
            "return_on_capital",
            a.return_on_capital,
            ebit / years,
            capital,
        ),
    ];
    for (field, got, num, den) in ratios {
        let want = (den.abs() >= 1.0).then(|| num / den);
        let off = (0.02 + slack) * (1.0 + want.unwrap_or(0.0).abs()) / den.abs().max(1e-9);
        let ok = match (got, want) {
            _ if (den.abs() - 1.0).abs() <= 0.01 + slack => true,
            (Some(g), Some(w)) => (g - w).abs() <= 1e-5 * w.abs().max(1.0) + off,
            (None, None) => true,
            _ => false,
        };
        if !ok {
            out.push(
                "segments",
                format!("{} {name} {field} is {got:?}, recomputed {want:?}", y.year),
            );
        }
    }
}
