//! Tax with depreciation's shield (docs/model.md §16).
//!
//! - `tax[y]`, each calendar year y, with a column $X_y \ge 0$ (`tax[y]`, \$M):
//!   $X_y - \tau\,(\text{Lease}_y - \text{Sales}_y - \text{Energy}_y - \text{Maint}_y - \text{Dep}_y + \text{Gain}_y - \text{Interest}_y) \ge 0$,
//!
//! paid in y's last period. Maximising NPV makes $X_y = \max(0, \tau\,I_y)$:
//! a loss-making year pays nothing and its loss is not carried forward (a
//! conservative reading). Internal value is not income. Depreciation and
//! disposal gains are §9.1's straight line: a hardware cohort from its capex
//! to ρ·capex over its life (sold early at the model's V(a), the difference
//! a gain or loss), halls and power to 0 over theirs from entering service,
//! site development to 0 at the horizon end.

use good_lp::Expression;

use super::cash::{Category, Flow};
use super::family::Family;
use super::lp::Sense;
use super::variables::steps;
use super::Ctx;

/// Depreciation less disposal gains per period, \$M, as expressions in the
/// decisions plus a constant (the fleet installed before the horizon).
fn deductions(cx: &Ctx) -> (Vec<Expression>, Vec<f64>) {
    let (sc, nt) = (cx.sc, cx.sc.num_periods());
    let mut e = vec![Expression::default(); nt];
    let mut c = vec![0.0; nt];
    for (&(_, k, a, t0), &b) in super::leases::sorted(&cx.v.buy) {
        let sku = &sc.skus[k];
        let (cost, life) = (sku.capex_usd_per_unit, sku.life_periods.max(1));
        let per = cost * (1.0 - sku.residual_fraction_end_of_life) / life as f64;
        let age = sku.retire_ages[a];
        for e_t in &mut e[t0..(t0 + age).min(nt)] {
            *e_t += (per / 1e6) * b;
        }
        if t0 + age <= nt {
            let book = cost - per * age.min(life) as f64;
            let gain = sku.value_at_age_usd(age) - book;
            e[t0 + age - 1] += (-gain / 1e6) * b;
        }
    }
    for sku in &sc.skus {
        let left = sku.preinstalled_periods_left().min(nt);
        let per = sku.capex_usd_per_unit * (1.0 - sku.residual_fraction_end_of_life)
            / sku.life_periods.max(1) as f64;
        for (_, n) in &sku.installed_at_start {
            for ct in c.iter_mut().take(left) {
                *ct += n * per / 1e6;
            }
        }
    }
    let mut straight = |step: super::variables::Step, from: usize, cost: f64, life: usize| {
        for et in e.iter_mut().take(nt).skip(from) {
            *et += (cost / life.max(1) as f64 / 1e6) * step.now;
            if let Some(before) = step.before {
                *et += (-cost / life.max(1) as f64 / 1e6) * before;
            }
        }
    };
    for ((s, h, tau), y) in steps(&cx.v.hall_started_by) {
        let hall = &sc.sites[s].halls[h];
        let ready = tau + hall.build_periods;
        straight(
            y,
            ready,
            hall.it_mw * hall.capex_usd_per_mw,
            hall.life_periods,
        );
    }
    for ((s, g, t), m) in steps(&cx.v.ordered_by) {
        let b = &sc.sites[s].builds[g];
        let cost = b.block_mw.unwrap_or(1.0) * b.capex_usd_per_mw;
        straight(m, t + b.lead_periods, cost, b.life_periods);
    }
    for ((s, t), o) in steps(&cx.v.opened_by) {
        straight(o, t, sc.sites[s].development_capex_usd, nt - t);
    }
    (e, c)
}

/// `tax[y]` rows and columns, and the tax's cash flows.
pub fn tax_on_income_after_depreciation(cx: &mut Ctx, flows: &mut Vec<Flow>) {
    let rate = cx.sc.tax_rate;
    if rate <= 0.0 {
        return;
    }
    let nt = cx.sc.num_periods();
    let mut income: Vec<Expression> = vec![Expression::default(); nt];
    let mut constant = vec![0.0; nt];
    for f in flows.iter() {
        let taxable = matches!(
            f.category,
            Category::LeaseRevenue
                | Category::SalesCost
                | Category::Energy
                | Category::Maintenance
                | Category::DebtInterest
        );
        if taxable {
            match f.var {
                Some(v) => income[f.period] += (f.usd / 1e6) * v,
                None => constant[f.period] += f.usd / 1e6,
            }
        }
    }
    let (dep, dep_constant) = deductions(cx);
    for (year, ts) in super::debt::years(cx.sc) {
        let mut i = Expression::default();
        let mut k = 0.0;
        for &t in &ts {
            i += income[t].clone() - dep[t].clone();
            k += constant[t] - dep_constant[t];
        }
        let last = *ts.last().expect("a year has periods");
        let x = cx
            .lp
            .column(format!("tax[{year}]"), 0.0, f64::INFINITY, false);
        cx.v.tax.insert(year, x);
        cx.lp.row(
            Family::Tax.at(year.to_string()),
            x - rate * i,
            Sense::Ge,
            rate * k,
        );
        flows.push(Flow {
            var: Some(x),
            period: last,
            category: Category::Tax,
            usd: -1e6,
        });
    }
}
