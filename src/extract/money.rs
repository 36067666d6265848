//! Money: the model's cash flows by category, the cash-flow table with its
//! discounting, and the plan's metrics.

use indexmap::IndexMap;

use super::{clean, Reader};
use crate::doc::{CashFlow, Metrics, PlanRow};
use crate::model::cash::Category;
use crate::units::cents;

/// Cash by period and category, as the model priced it.
pub(super) fn flows_by_category(r: &Reader) -> Vec<IndexMap<Category, f64>> {
    let mut flows = vec![IndexMap::<Category, f64>::new(); r.nt()];
    for f in &r.model.flows {
        let x = f.var.map(|v| r.val(v)).unwrap_or(1.0);
        *flows[f.period].entry(f.category).or_default() += x * f.usd;
    }
    flows
}

/// One row per period: every category, the net with internal value
/// weighted, the discount factor and the discounted net.
pub(super) fn cash_flows(r: &Reader, flows: &[IndexMap<Category, f64>]) -> Vec<CashFlow> {
    let sc = r.sc;
    let get = |t: usize, c: Category| flows[t].get(&c).copied().unwrap_or(0.0);
    let mut cash_flows = Vec::new();
    let w = sc.internal_value_weight;
    for t in 0..r.nt() {
        let cats = [
            Category::HardwareCapex,
            Category::HallCapex,
            Category::PowerCapex,
            Category::SiteCapex,
            Category::LeaseRevenue,
            Category::SalesCost,
            Category::Energy,
            Category::Maintenance,
            Category::Salvage,
            Category::Residual,
        ];
        let net: f64 =
            cats.iter().map(|c| get(t, *c)).sum::<f64>() + w * get(t, Category::InternalValue);
        cash_flows.push(CashFlow {
            period: r.label(t),
            capex_hardware_usd: cents(get(t, Category::HardwareCapex)),
            capex_halls_usd: cents(get(t, Category::HallCapex)),
            capex_power_usd: cents(get(t, Category::PowerCapex)),
            capex_sites_usd: cents(get(t, Category::SiteCapex)),
            lease_revenue_usd: cents(get(t, Category::LeaseRevenue)),
            sales_cost_usd: cents(get(t, Category::SalesCost)),
            internal_value_usd: cents(get(t, Category::InternalValue)),
            energy_usd: cents(get(t, Category::Energy)),
            maintenance_usd: cents(get(t, Category::Maintenance)),
            salvage_usd: cents(get(t, Category::Salvage)),
            residual_usd: cents(get(t, Category::Residual)),
            net_usd: cents(net),
            discount_factor: sc.discount[t],
            discounted_usd: cents(net * sc.discount[t]),
        });
    }
    cash_flows
}

/// The plan's metrics from its cash flows and rows.
pub(super) fn metrics(r: &Reader, cash_flows: &[CashFlow], rows: &[PlanRow]) -> Metrics {
    let (sc, nt) = (r.sc, r.nt());
    let label = |t: usize| r.label(t);
    let w = sc.internal_value_weight;
    let sum = |f: &dyn Fn(&CashFlow) -> f64| cash_flows.iter().map(f).sum::<f64>();
    let served: Vec<f64> = (0..nt)
        .map(|t| {
            rows.iter()
                .filter(|r| r.period == label(t))
                .map(|r| r.gpus_internal * sc.skus[sc.sku(&r.sku).unwrap()].h100e_per_gpu)
                .sum()
        })
        .collect();
    let penalty: f64 = (0..nt)
        .map(|t| {
            sc.discount[t]
                * sc.hours_per_period
                * sc.unmet_penalty_usd_per_h100e_hr
                * (sc.demand_h100e[t] - served[t])
        })
        .sum();
    let leased: f64 = rows.iter().map(|r| r.gpus_leased).sum();
    let gpus: f64 = rows
        .iter()
        .map(|r| r.units_installed * sc.skus[sc.sku(&r.sku).unwrap()].gpus_per_unit)
        .sum();
    let last = label(nt - 1);
    let end = |f: &dyn Fn(&PlanRow) -> f64| {
        rows.iter()
            .filter(|r| r.period == last)
            .map(f)
            .sum::<f64>()
            .round() as u64
    };
    Metrics {
        npv_usd: cents(sum(&|c| c.discounted_usd)),
        capex_usd: cents(-sum(&|c| {
            c.capex_hardware_usd + c.capex_halls_usd + c.capex_power_usd + c.capex_sites_usd
        })),
        lease_revenue_usd: cents(sum(&|c| c.lease_revenue_usd)),
        internal_value_usd: cents(sum(&|c| c.internal_value_usd)),
        opex_usd: cents(-sum(&|c| {
            c.energy_usd + c.maintenance_usd + c.sales_cost_usd
        })),
        residual_value_usd: cents(sum(&|c| c.salvage_usd + c.residual_usd)),
        unmet_demand_penalty_usd: cents(penalty),
        leased_share: if gpus > 0.0 {
            clean(leased / gpus)
        } else {
            0.0
        },
        irr: irr(
            &cash_flows.iter().map(|c| c.net_usd).collect::<Vec<_>>(),
            sc.period_months,
        ),
        internal_value_weight: w,
        gpus_end: end(&|r| r.units_installed * sc.skus[sc.sku(&r.sku).unwrap()].gpus_per_unit),
        gpus_leased_end: end(&|r| r.gpus_leased),
        gpus_internal_end: end(&|r| r.gpus_internal),
    }
}

/// Yearly IRR of per-period cash flows, by bisection on the per-period rate;
/// `None` when the flows do not change sign (no rate makes the NPV zero).
pub fn irr(flows: &[f64], period_months: i64) -> Option<f64> {
    let npv = |r: f64| {
        flows
            .iter()
            .enumerate()
            .map(|(t, c)| c / (1.0 + r).powi(t as i32 + 1))
            .sum::<f64>()
    };
    let has_neg = flows.iter().any(|c| *c < 0.0);
    let has_pos = flows.iter().any(|c| *c > 0.0);
    if !has_neg || !has_pos {
        return None;
    }
    let (mut lo, mut hi) = (-0.99_f64, 10.0_f64);
    let (flo, fhi) = (npv(lo), npv(hi));
    if flo.signum() == fhi.signum() {
        return None;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if npv(mid).signum() == flo.signum() {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let per = 0.5 * (lo + hi);
    let yearly = (1.0 + per).powf(12.0 / period_months as f64) - 1.0;
    Some((yearly * 1e6).round() / 1e6)
}
