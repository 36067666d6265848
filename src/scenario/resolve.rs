//! Loaded YAML → [`Scenario`]: periods to indices, durations to whole periods,
//! step functions to per-period vectors.

use crate::catalog::files::Granularity;
use crate::catalog::load::Loaded;
use crate::catalog::period::Period;
use crate::catalog::site::PowerKind;

use super::*;

/// The plan's periods, and how dates and durations map onto them.
struct Horizon {
    period_months: i64,
    start: Period,
    count: usize,
    periods: Vec<Period>,
}

impl Horizon {
    fn new(plan: &crate::catalog::files::PlanFile) -> Horizon {
        let period_months = match plan.horizon.period {
            Granularity::Quarter => 3,
            Granularity::Month => 1,
        };
        let start = plan.horizon.start;
        let count = ((plan.horizon.end.start_month - start.start_month) / period_months + 1).max(1)
            as usize;
        let periods: Vec<Period> = (0..count)
            .map(|t| start.plus_months(t as i64 * period_months))
            .collect();
        Horizon {
            period_months,
            start,
            count,
            periods,
        }
    }

    /// Index of the period holding `p`; before the horizon → 0, after → None.
    fn index_of(&self, p: Period) -> Option<usize> {
        let d = p.start_month - self.start.start_month;
        if d < 0 {
            Some(0)
        } else {
            let i = (d / self.period_months) as usize;
            (i < self.count).then_some(i)
        }
    }

    /// Index of the period holding `p`, or the horizon's length if after it.
    fn index_or_end(&self, p: Period) -> usize {
        self.index_of(p).unwrap_or(self.count)
    }

    fn periods_of(&self, d: crate::catalog::period::Duration) -> usize {
        d.periods(self.period_months)
    }
}

/// Resolves a checked plan. The checks guarantee references resolve.
pub fn resolve(l: &Loaded) -> Scenario {
    let plan = &l.plan;
    let h = Horizon::new(plan);
    let period_months = h.period_months;
    let count = h.count;
    let r_period =
        (1.0 + plan.finance.discount_rate_per_year).powf(period_months as f64 / 12.0) - 1.0;
    let discount: Vec<f64> = (0..count)
        .map(|t| (1.0 + r_period).powi(-(t as i32 + 1)))
        .collect();
    let hours_per_period = HOURS_PER_YEAR * period_months as f64 / 12.0;

    let site_ids: Vec<&String> = plan.sites.keys().collect();
    let market = &l.market.value;

    let skus: Vec<ScenarioSku> = plan
        .skus
        .iter()
        .map(|(id, play)| sku(l, &h, &site_ids, id, play))
        .collect();
    let sites: Vec<ScenarioSite> = plan.sites.keys().map(|id| site(l, &h, id)).collect();
    let runs = runs(plan, &h);

    let demand_h100e = step_function(
        &plan
            .demand
            .h100e
            .iter()
            .map(|d| (d.from, d.h100e))
            .collect::<Vec<_>>(),
        &h.periods,
        0.0,
    );
    let budget: Vec<f64> = step_function(
        &plan
            .finance
            .capex_budget
            .iter()
            .map(|b| (b.from, b.usd_per_period))
            .collect::<Vec<_>>(),
        &h.periods,
        f64::INFINITY,
    );

    Scenario {
        name: plan.name.clone(),
        description: plan.description.clone(),
        periods: h.periods,
        period_months,
        hours_per_period,
        discount_rate_per_year: plan.finance.discount_rate_per_year,
        discount,
        internal_value_weight: plan.finance.internal_value_weight,
        internal_value_usd_per_h100e_hr: market.internal_value_usd_per_h100e_hr,
        skus,
        sites,
        demand_h100e,
        demand_floor_fraction: plan.demand.floor_fraction,
        unmet_penalty_usd_per_h100e_hr: plan.demand.unmet_penalty_usd_per_h100e_hr,
        runs,
        capex_budget_usd: budget
            .into_iter()
            .map(|b| b.is_finite().then_some(b))
            .collect(),
        cumulative_capex_usd: plan.finance.cumulative_capex_usd,
        opening_fleet_value_usd: plan.finance.opening_fleet_value_usd,
        tax_rate: plan.finance.tax_rate.unwrap_or(0.0),
        debt: plan.finance.debt.as_ref().map(|d| super::ScenarioDebt {
            loan_to_value: d.loan_to_value,
            rate_per_year: d.rate_per_year,
            rate_per_period: (1.0 + d.rate_per_year).powf(period_months as f64 / 12.0) - 1.0,
            term_periods: d.term.periods(period_months).max(1),
            bullet: d.amortization == crate::catalog::files::Amortization::Bullet,
            coverage_ratio: d.coverage_ratio,
            internal_value_share: d.internal_value_share,
        }),
        integer_units: plan.policy.integer_units,
        min_leased_share: plan.policy.min_leased_share,
        max_leased_share: plan.policy.max_leased_share,
        load_factor: plan.policy.load_factor,
    }
}

/// One SKU in play: its catalog entry in periods, its allocation and its
/// lease market.
fn sku(
    l: &Loaded,
    h: &Horizon,
    site_ids: &[&String],
    id: &String,
    play: &crate::catalog::files::SkuInPlay,
) -> ScenarioSku {
    let (plan, period_months) = (&l.plan, h.period_months);
    let s = &l.skus[id].value;
    let life = h.periods_of(s.useful_life).max(1);
    let mut retire_ages: Vec<usize> = plan
        .policy
        .early_retirement_ages
        .iter()
        .map(|d| h.periods_of(*d))
        .filter(|a| *a > 0 && *a < life)
        .collect();
    retire_ages.sort_unstable();
    retire_ages.dedup();
    retire_ages.push(life);
    let lead = h.periods_of(s.lead_time);
    let avail = h.index_or_end(s.available_from);
    let allocation_units = step_function(
        &play
            .allocation
            .iter()
            .map(|a| (a.from, a.units_per_period))
            .collect::<Vec<_>>(),
        &h.periods,
        0.0,
    );
    ScenarioSku {
        id: id.clone(),
        name: s.name.clone(),
        gpus_per_unit: s.gpus_per_unit as f64,
        it_kw_per_unit: s.it_kw_per_unit,
        cooling: s.cooling,
        capex_usd_per_unit: s.capex_usd_per_unit,
        h100e_per_gpu: s.h100e_per_gpu(),
        life_periods: life,
        retire_ages,
        maintenance_usd_per_unit_period: s.maintenance_usd_per_unit_year * period_months as f64
            / 12.0,
        lead_periods: lead,
        first_delivery: avail.max(lead),
        allocation_units,
        residual_fraction_end_of_life: s.residual_fraction_end_of_life,
        installed_age_periods: play
            .installed_since
            .map(|p| ((h.start.start_month - p.start_month).max(0) / period_months) as usize)
            .unwrap_or(0),
        installed_at_start: play
            .installed
            .iter()
            .filter_map(|(site, n)| {
                site_ids
                    .iter()
                    .position(|x| *x == site)
                    .map(|i| (i, *n as f64))
            })
            .collect(),
        lease: lease(&l.market.value, h, id),
    }
}

/// The SKU's lease market, its tenor prices per period.
fn lease(market: &crate::catalog::market::Market, h: &Horizon, id: &str) -> Option<ScenarioLease> {
    market.lease.get(id).map(|m| {
        let years_from_ref =
            |p: Period| (p.start_month - market.reference_period.start_month) as f64 / 12.0;
        ScenarioLease {
            tenors: m
                .tenors
                .iter()
                .map(|t| ScenarioTenor {
                    label: t.tenor.to_string(),
                    periods: h.periods_of(t.tenor).max(1),
                    price_usd_per_gpu_hr: h
                        .periods
                        .iter()
                        .map(|p| {
                            t.price_usd_per_gpu_hr
                                * (1.0 + m.price_change_per_year).powf(years_from_ref(*p))
                        })
                        .collect(),
                })
                .collect(),
            billed_utilization: m.billed_utilization,
            sales_cost_fraction: m.sales_cost_fraction,
            tiers: m.depth.iter().map(|t| (t.gpus, t.price_factor)).collect(),
        }
    })
}

/// One site: its halls, firm power and power it may build.
fn site(l: &Loaded, h: &Horizon, id: &String) -> ScenarioSite {
    let s = &l.sites[id].value;
    let earliest = h.index_or_end(s.earliest_start);
    ScenarioSite {
        id: id.clone(),
        name: s.name.clone(),
        earliest_start: earliest,
        shell_mw: s.shell_mw,
        max_cluster_gpus: s.max_cluster_gpus as f64,
        pue_air: s.pue.air,
        pue_liquid: s.pue.liquid,
        development_capex_usd: s.development_capex_usd,
        peak_usable_share: s.peak_usable_share.unwrap_or(1.0),
        halls: halls(s, h, earliest),
        firm: firm(s, h),
        builds: builds(s, h, earliest),
    }
}

fn halls(s: &crate::catalog::site::Site, h: &Horizon, earliest: usize) -> Vec<ScenarioHall> {
    s.halls
        .iter()
        .map(|x| ScenarioHall {
            id: x.id.clone(),
            cooling: x.cooling,
            it_mw: x.it_mw,
            capex_usd_per_mw: x.capex_usd_per_mw,
            build_periods: h.periods_of(x.build_time),
            earliest_start: x
                .earliest_start
                .map(|p| h.index_or_end(p))
                .unwrap_or(earliest)
                .max(earliest),
            after: x
                .after
                .as_ref()
                .and_then(|a| s.halls.iter().position(|y| &y.id == a)),
            ready_at: x.ready.map(|p| h.index_or_end(p)),
            life_periods: x
                .useful_life
                .unwrap_or(crate::catalog::period::Duration::from_months(
                    DEFAULT_HALL_LIFE_MONTHS,
                ))
                .periods(h.period_months)
                .max(1),
        })
        .collect()
}

/// Grid tranches and PPAs.
fn firm(s: &crate::catalog::site::Site, h: &Horizon) -> Vec<ScenarioFirm> {
    s.power
        .iter()
        .filter(|p| matches!(p.kind, PowerKind::Grid | PowerKind::Ppa))
        .map(|p| ScenarioFirm {
            id: p.id.clone(),
            kind: p.kind,
            mw: p.mw.unwrap_or(0.0),
            from: p.energize.and_then(|e| h.index_of(e)),
            price_usd_per_mwh: p.price_usd_per_mwh.unwrap_or(0.0),
            demand_charge_usd_per_mw_period: p.demand_charge_usd_per_mw_month.unwrap_or(0.0)
                * h.period_months as f64,
        })
        .collect()
}

/// Gas turbines and batteries the plan may build.
fn builds(s: &crate::catalog::site::Site, h: &Horizon, earliest: usize) -> Vec<ScenarioBuild> {
    s.power
        .iter()
        .filter(|p| matches!(p.kind, PowerKind::GasTurbine | PowerKind::Battery))
        .map(|p| ScenarioBuild {
            id: p.id.clone(),
            kind: p.kind,
            max_mw: p.max_mw.unwrap_or(0.0),
            block_mw: p.block_mw,
            capex_usd_per_mw: p.capex_usd_per_kw.unwrap_or(0.0) * 1000.0,
            lead_periods: p.lead_time.map(|d| h.periods_of(d)).unwrap_or(0),
            earliest_order: p
                .earliest_order
                .map(|e| h.index_or_end(e))
                .unwrap_or(earliest)
                .max(earliest),
            life_periods: p
                .useful_life
                .unwrap_or(crate::catalog::period::Duration::from_months(
                    if p.kind == PowerKind::Battery {
                        DEFAULT_BATTERY_LIFE_MONTHS
                    } else {
                        DEFAULT_GAS_LIFE_MONTHS
                    },
                ))
                .periods(h.period_months)
                .max(1),
            price_usd_per_mwh: if p.kind == PowerKind::Battery {
                0.0
            } else {
                p.price_usd_per_mwh.unwrap_or(0.0)
            },
        })
        .collect()
}

/// Training runs, their windows as period indices and their SKUs as indices.
fn runs(plan: &crate::catalog::files::PlanFile, h: &Horizon) -> Vec<ScenarioRun> {
    let sku_ids: Vec<&String> = plan.skus.keys().collect();
    plan.demand
        .training_runs
        .iter()
        .map(|r| ScenarioRun {
            id: r.id.clone(),
            gpus: r.gpus as f64,
            from: h.index_of(r.from).unwrap_or(0),
            to: h.index_of(r.to).unwrap_or(h.count - 1),
            skus: if r.skus.is_empty() {
                (0..sku_ids.len()).collect()
            } else {
                r.skus
                    .iter()
                    .filter_map(|k| sku_ids.iter().position(|x| *x == k))
                    .collect()
            },
        })
        .collect()
}

/// Value per period of a step function given as (from, value) steps; `before`
/// before the first step.
fn step_function(steps: &[(Period, f64)], periods: &[Period], before: f64) -> Vec<f64> {
    periods
        .iter()
        .map(|p| {
            steps
                .iter()
                .take_while(|(from, _)| from.start_month <= p.start_month)
                .last()
                .map(|(_, v)| *v)
                .unwrap_or(before)
        })
        .collect()
}
