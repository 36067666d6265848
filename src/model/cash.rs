//! Cash flows of every decision, per period and category, in USD per unit of
//! the variable. The objective discounts them; the capex budget caps their
//! capex part; the plan's cash-flow table sums them at the solution.
//!
//! | category | variable | flow (USD per unit) | when |
//! |---|---|---|---|
//! | hardware capex | $b_{s,k,a,t}$ | $-\mathrm{Capex}_k$ | delivery t |
//! | salvage | $b_{s,k,a,t}$ | $+V_k(A_a)$ | last period in service $t+A_a-1$, if before the last period |
//! | residual | $b_{s,k,a,t}$ | $+V_k(T-t)$ | last period, if still in service |
//! | maintenance | $u_{s,k,t}$ | $-\mathrm{Maint}_k$ per period | t |
//! | hall capex | $y_{s,h,\tau} = Z_{s,h,\tau} - Z_{s,h,\tau-1}$ | $-\mathrm{MW}_h\,\mathrm{Capex}_h / B_h$ | each build period |
//! | site capex | $o_{s,t} = O_{s,t} - O_{s,t-1}$ | $-\mathrm{Dev}_s$ | t |
//! | power capex | $m_{s,g,t} = M_{s,g,t} - M_{s,g,t-1}$ | $-\mathrm{block}_g\,\mathrm{Capex}_g$ | order t |
//! | residual (halls, power) | $y_{s,h,\tau}$, $m_{s,g,t}$ | $+C\,\max(0, 1 - (T - t_0)/L)$ | last period; $t_0$ the period it enters service, L its life |
//! | energy | $d_{s,f,t}, e_{s,g,t}$ | $-H\,p_f - \mathrm{DC}_f$ per MW | t |
//! | lease revenue | $q_{k,n,j,\tau}$ | $+H\,P_{k,n,\tau}\,\phi_j\,\mu_k$ | each period of the tenor within the horizon |
//! | sales cost | $q_{k,n,j,\tau}$ | $-\kappa_k$ × lease revenue | same |
//! | internal value | $g^{int}_{s,k,t}$ | $+H\,v\,h_k$ (unweighted) | t |
//!
//! with $V_k(a) = \mathrm{Capex}_k\, r_k^{a/\mathrm{Life}_k}$ the book value at age a
//! and H the hours per period. Units installed before the horizon carry no
//! capex; their residual value is a constant flow.

use good_lp::Variable;
use serde::Serialize;

use super::variables::{steps, Step};
use super::Ctx;
use crate::scenario::straight_line_residual;

/// What a cash flow is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    HardwareCapex,
    HallCapex,
    PowerCapex,
    SiteCapex,
    LeaseRevenue,
    SalesCost,
    InternalValue,
    Energy,
    Maintenance,
    Salvage,
    Residual,
    /// Debt drawn (debt.rs): in, not part of the project's net.
    DebtDraw,
    DebtInterest,
    DebtPrincipal,
    /// Tax on income after depreciation and interest (tax.rs).
    Tax,
}

impl Category {
    /// Debt and tax: the equity's flows beyond the project's.
    pub fn is_financing(&self) -> bool {
        matches!(
            self,
            Category::DebtDraw | Category::DebtInterest | Category::DebtPrincipal | Category::Tax
        )
    }

    pub fn is_capex(&self) -> bool {
        matches!(
            self,
            Category::HardwareCapex
                | Category::HallCapex
                | Category::PowerCapex
                | Category::SiteCapex
        )
    }
}

/// `usd` per unit of `var` (or a constant when `var` is `None`) in `period`.
#[derive(Debug, Clone, Copy)]
pub struct Flow {
    pub var: Option<Variable>,
    pub period: usize,
    pub category: Category,
    pub usd: f64,
}

pub fn cash_flows(cx: &Ctx) -> Vec<Flow> {
    let mut f = Flows::default();
    hardware(cx, &mut f);
    installed_fleet(cx, &mut f);
    maintenance(cx, &mut f);
    // Openings, hall starts and orders are the steps of cumulative variables.
    halls(cx, &mut f);
    openings(cx, &mut f);
    power_orders(cx, &mut f);
    energy(cx, &mut f);
    leases(cx, &mut f);
    internal_value(cx, &mut f);
    f.out
}

/// The flows so far, in the order they were pushed; zero flows left out.
#[derive(Default)]
struct Flows {
    out: Vec<Flow>,
}

impl Flows {
    fn push(&mut self, var: Option<Variable>, period: usize, category: Category, usd: f64) {
        if usd != 0.0 {
            self.out.push(Flow {
                var,
                period,
                category,
                usd,
            });
        }
    }

    /// A flow per unit of a cumulative variable's step in t: +usd on X_t
    /// and -usd on X_{t-1}.
    fn push_step(&mut self, step: Step, period: usize, category: Category, usd: f64) {
        self.push(Some(step.now), period, category, usd);
        if let Some(before) = step.before {
            self.push(Some(before), period, category, -usd);
        }
    }
}

/// Deliveries: capex, then salvage or residual value. A unit is sold at book
/// value at the end of its last period in service; one still in service at
/// the horizon end counts at its book value then.
fn hardware(cx: &Ctx, f: &mut Flows) {
    let (sc, nt) = (cx.sc, cx.sc.num_periods());
    for (&(_, k, a, t), &b) in super::leases::sorted(&cx.v.buy) {
        let sku = &sc.skus[k];
        let age = sku.retire_ages[a];
        f.push(Some(b), t, Category::HardwareCapex, -sku.capex_usd_per_unit);
        if t + age < nt {
            f.push(
                Some(b),
                t + age - 1,
                Category::Salvage,
                sku.value_at_age_usd(age),
            );
        } else {
            f.push(
                Some(b),
                nt - 1,
                Category::Residual,
                sku.value_at_age_usd(nt - t),
            );
        }
    }
}

/// Units installed before the horizon: their salvage or residual value, a
/// constant.
fn installed_fleet(cx: &Ctx, f: &mut Flows) {
    let (sc, nt) = (cx.sc, cx.sc.num_periods());
    for sku in &sc.skus {
        let left = sku.preinstalled_periods_left();
        for (_, n) in &sku.installed_at_start {
            if left == 0 {
                continue;
            }
            if left < nt {
                f.push(
                    None,
                    left - 1,
                    Category::Salvage,
                    n * sku.value_at_age_usd(sku.life_periods),
                );
            } else {
                f.push(
                    None,
                    nt - 1,
                    Category::Residual,
                    n * sku.value_at_age_usd(sku.installed_age_periods + nt),
                );
            }
        }
    }
}

fn maintenance(cx: &Ctx, f: &mut Flows) {
    for (&(_, k, t), &u) in super::leases::sorted(&cx.v.units) {
        f.push(
            Some(u),
            t,
            Category::Maintenance,
            -cx.sc.skus[k].maintenance_usd_per_unit_period,
        );
    }
}

/// Hall capex spread over the build periods, and the hall's residual value.
fn halls(cx: &Ctx, f: &mut Flows) {
    let (sc, nt) = (cx.sc, cx.sc.num_periods());
    for ((s, h, tau), y) in steps(&cx.v.hall_started_by) {
        let hall = &sc.sites[s].halls[h];
        let total = hall.it_mw * hall.capex_usd_per_mw;
        let b = hall.build_periods.max(1);
        for t in tau..(tau + b).min(nt) {
            f.push_step(y, t, Category::HallCapex, -total / b as f64);
        }
        let residual =
            straight_line_residual(total, tau + hall.build_periods, nt, hall.life_periods);
        f.push_step(y, nt - 1, Category::Residual, residual);
    }
}

fn openings(cx: &Ctx, f: &mut Flows) {
    for ((s, t), o) in steps(&cx.v.opened_by) {
        f.push_step(
            o,
            t,
            Category::SiteCapex,
            -cx.sc.sites[s].development_capex_usd,
        );
    }
}

/// Power capex at the order, and the build's residual value.
fn power_orders(cx: &Ctx, f: &mut Flows) {
    let (sc, nt) = (cx.sc, cx.sc.num_periods());
    for ((s, g, t), m) in steps(&cx.v.ordered_by) {
        let b = &sc.sites[s].builds[g];
        let capex = b.block_mw.unwrap_or(1.0) * b.capex_usd_per_mw;
        f.push_step(m, t, Category::PowerCapex, -capex);
        let residual = straight_line_residual(capex, t + b.lead_periods, nt, b.life_periods);
        f.push_step(m, nt - 1, Category::Residual, residual);
    }
}

/// Energy drawn from firm sources, then generated.
fn energy(cx: &Ctx, f: &mut Flows) {
    let (sc, hours) = (cx.sc, cx.sc.hours_per_period);
    for (&(s, fi, t), &d) in super::leases::sorted(&cx.v.draw_firm) {
        let firm = &sc.sites[s].firm[fi];
        f.push(
            Some(d),
            t,
            Category::Energy,
            -(hours * firm.price_usd_per_mwh + firm.demand_charge_usd_per_mw_period),
        );
    }
    for (&(s, g, t), &d) in super::leases::sorted(&cx.v.draw_gen) {
        f.push(
            Some(d),
            t,
            Category::Energy,
            -hours * sc.sites[s].builds[g].price_usd_per_mwh,
        );
    }
}

/// Lease revenue and its sales cost, each period of the tenor within the
/// horizon.
fn leases(cx: &Ctx, f: &mut Flows) {
    let (sc, nt, hours) = (cx.sc, cx.sc.num_periods(), cx.sc.hours_per_period);
    for (&(k, n, j, tau), &x) in super::leases::sorted(&cx.v.lease_tier) {
        let lease = sc.skus[k]
            .lease
            .as_ref()
            .expect("lease variables exist only for leasable SKUs");
        let tenor = &lease.tenors[n];
        let rate =
            hours * tenor.price_usd_per_gpu_hr[tau] * lease.tiers[j].1 * lease.billed_utilization;
        for t in tau..(tau + tenor.periods).min(nt) {
            f.push(Some(x), t, Category::LeaseRevenue, rate);
            f.push(
                Some(x),
                t,
                Category::SalesCost,
                -lease.sales_cost_fraction * rate,
            );
        }
    }
}

fn internal_value(cx: &Ctx, f: &mut Flows) {
    let sc = cx.sc;
    for (&(_, k, t), &g) in super::leases::sorted(&cx.v.internal) {
        f.push(
            Some(g),
            t,
            Category::InternalValue,
            sc.hours_per_period * sc.internal_value_usd_per_h100e_hr * sc.skus[k].h100e_per_gpu,
        );
    }
}
