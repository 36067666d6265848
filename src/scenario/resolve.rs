//! Loaded YAML → [`Scenario`]: periods to indices, durations to whole periods,
//! step functions to per-period vectors.

use crate::catalog::files::Granularity;
use crate::catalog::load::Loaded;
use crate::catalog::period::Period;
use crate::catalog::site::PowerKind;

use super::*;

/// Resolves a checked plan. The checks guarantee references resolve.
pub fn resolve(l: &Loaded) -> Scenario {
    let plan = &l.plan;
    let period_months = match plan.horizon.period {
        Granularity::Quarter => 3,
        Granularity::Month => 1,
    };
    let start = plan.horizon.start;
    let count =
        ((plan.horizon.end.start_month - start.start_month) / period_months + 1).max(1) as usize;
    let periods: Vec<Period> = (0..count)
        .map(|t| start.plus_months(t as i64 * period_months))
        .collect();
    // Index of the period holding `p`; before the horizon → 0 (or None if strict), after → None.
    let index_of = |p: Period| -> Option<usize> {
        let d = p.start_month - start.start_month;
        if d < 0 {
            Some(0)
        } else {
            let i = (d / period_months) as usize;
            (i < count).then_some(i)
        }
    };
    let periods_of = |d: crate::catalog::period::Duration| d.periods(period_months);
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
        .map(|(id, play)| {
            let s = &l.skus[id].value;
            let life = periods_of(s.useful_life).max(1);
            let mut retire_ages: Vec<usize> = plan
                .policy
                .early_retirement_ages
                .iter()
                .map(|d| periods_of(*d))
                .filter(|a| *a > 0 && *a < life)
                .collect();
            retire_ages.sort_unstable();
            retire_ages.dedup();
            retire_ages.push(life);
            let lead = periods_of(s.lead_time);
            let avail = index_of(s.available_from).unwrap_or(count);
            let allocation_units = step_function(
                &play
                    .allocation
                    .iter()
                    .map(|a| (a.from, a.units_per_period))
                    .collect::<Vec<_>>(),
                &periods,
                0.0,
            );
            let lease = market.lease.get(id).map(|m| {
                let years_from_ref =
                    |p: Period| (p.start_month - market.reference_period.start_month) as f64 / 12.0;
                ScenarioLease {
                    tenors: m
                        .tenors
                        .iter()
                        .map(|t| ScenarioTenor {
                            label: t.tenor.to_string(),
                            periods: periods_of(t.tenor).max(1),
                            price_usd_per_gpu_hr: periods
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
            });
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
                maintenance_usd_per_unit_period: s.maintenance_usd_per_unit_year
                    * period_months as f64
                    / 12.0,
                lead_periods: lead,
                first_delivery: avail.max(lead),
                allocation_units,
                residual_fraction_end_of_life: s.residual_fraction_end_of_life,
                installed_age_periods: play
                    .installed_since
                    .map(|p| ((start.start_month - p.start_month).max(0) / period_months) as usize)
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
                lease,
            }
        })
        .collect();

    let sites: Vec<ScenarioSite> = plan
        .sites
        .keys()
        .map(|id| {
            let s = &l.sites[id].value;
            let earliest = index_of(s.earliest_start).unwrap_or(count);
            let halls = s
                .halls
                .iter()
                .map(|h| ScenarioHall {
                    id: h.id.clone(),
                    cooling: h.cooling,
                    it_mw: h.it_mw,
                    capex_usd_per_mw: h.capex_usd_per_mw,
                    build_periods: periods_of(h.build_time),
                    earliest_start: h
                        .earliest_start
                        .map(|p| index_of(p).unwrap_or(count))
                        .unwrap_or(earliest)
                        .max(earliest),
                    after: h
                        .after
                        .as_ref()
                        .and_then(|a| s.halls.iter().position(|x| &x.id == a)),
                    ready_at: h.ready.map(|p| index_of(p).unwrap_or(count)),
                    life_periods: h
                        .useful_life
                        .unwrap_or(crate::catalog::period::Duration::from_months(
                            DEFAULT_HALL_LIFE_MONTHS,
                        ))
                        .periods(period_months)
                        .max(1),
                })
                .collect();
            let firm = s
                .power
                .iter()
                .filter(|p| matches!(p.kind, PowerKind::Grid | PowerKind::Ppa))
                .map(|p| ScenarioFirm {
                    id: p.id.clone(),
                    kind: p.kind,
                    mw: p.mw.unwrap_or(0.0),
                    from: p.energize.and_then(index_of),
                    price_usd_per_mwh: p.price_usd_per_mwh.unwrap_or(0.0),
                    demand_charge_usd_per_mw_period: p
                        .demand_charge_usd_per_mw_month
                        .unwrap_or(0.0)
                        * period_months as f64,
                })
                .collect();
            let builds = s
                .power
                .iter()
                .filter(|p| matches!(p.kind, PowerKind::GasTurbine | PowerKind::Battery))
                .map(|p| ScenarioBuild {
                    id: p.id.clone(),
                    kind: p.kind,
                    max_mw: p.max_mw.unwrap_or(0.0),
                    block_mw: p.block_mw,
                    capex_usd_per_mw: p.capex_usd_per_kw.unwrap_or(0.0) * 1000.0,
                    lead_periods: p.lead_time.map(periods_of).unwrap_or(0),
                    earliest_order: p
                        .earliest_order
                        .map(|e| index_of(e).unwrap_or(count))
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
                        .periods(period_months)
                        .max(1),
                    price_usd_per_mwh: if p.kind == PowerKind::Battery {
                        0.0
                    } else {
                        p.price_usd_per_mwh.unwrap_or(0.0)
                    },
                })
                .collect();
            ScenarioSite {
                id: id.clone(),
                name: s.name.clone(),
                earliest_start: earliest,
                shell_mw: s.shell_mw,
                max_cluster_gpus: s.max_cluster_gpus as f64,
                pue_air: s.pue.air,
                pue_liquid: s.pue.liquid,
                development_capex_usd: s.development_capex_usd,
                halls,
                firm,
                builds,
            }
        })
        .collect();

    let sku_ids: Vec<&String> = plan.skus.keys().collect();
    let runs = plan
        .demand
        .training_runs
        .iter()
        .map(|r| ScenarioRun {
            id: r.id.clone(),
            gpus: r.gpus as f64,
            from: index_of(r.from).unwrap_or(0),
            to: index_of(r.to).unwrap_or(count - 1),
            skus: if r.skus.is_empty() {
                (0..sku_ids.len()).collect()
            } else {
                r.skus
                    .iter()
                    .filter_map(|k| sku_ids.iter().position(|x| *x == k))
                    .collect()
            },
        })
        .collect();

    let demand_h100e = step_function(
        &plan
            .demand
            .h100e
            .iter()
            .map(|d| (d.from, d.h100e))
            .collect::<Vec<_>>(),
        &periods,
        0.0,
    );
    let budget: Vec<f64> = step_function(
        &plan
            .finance
            .capex_budget
            .iter()
            .map(|b| (b.from, b.usd_per_period))
            .collect::<Vec<_>>(),
        &periods,
        f64::INFINITY,
    );

    Scenario {
        name: plan.name.clone(),
        description: plan.description.clone(),
        periods,
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
        integer_units: plan.policy.integer_units,
        min_leased_share: plan.policy.min_leased_share,
        max_leased_share: plan.policy.max_leased_share,
        load_factor: plan.policy.load_factor,
    }
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
