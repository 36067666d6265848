//! The verifier's own arithmetic on the scenario's parameters.
//!
//! The verifier must not share a derived value with the model builder: a
//! mistake made once in a helper both use would be made twice and caught
//! never. So every derived quantity it checks (discount factors, hours per
//! period, book values, PUE by cooling, which sites stand already, which
//! power options are batteries, how long the fleet installed before the
//! horizon serves) is computed here, from the
//! raw fields of [`Scenario`](crate::scenario::Scenario) and its parts,
//! written from the formulas of `docs/model.md` rather than from the
//! builder's code. Lookups by id and the fields themselves are read directly.

use crate::catalog::site::PowerKind;
use crate::catalog::sku::Cooling;
use crate::scenario::{ScenarioBuild, ScenarioSite, ScenarioSku};

/// Hours in one period of `period_months` months (docs/model.md §2:
/// `H = 8760 · m/12`, a year of 365 days).
pub(super) fn hours_per_period(period_months: i64) -> f64 {
    365.0 * 24.0 * period_months as f64 / 12.0
}

/// Discount factor of each of `periods` periods of `period_months` months at
/// a yearly rate `rate_per_year` (docs/model.md §2: `δ_t = (1+r)^−(t+1)` with
/// the per-period rate `r = (1+r_y)^(m/12) − 1`, the end-of-period
/// convention). Written as one power of the yearly growth: a flow of period
/// `t` falls `(t+1)·m` months, `(t+1)·m/12` years, after the start.
pub(super) fn discount_factors(rate_per_year: f64, period_months: i64, periods: usize) -> Vec<f64> {
    (0..periods)
        .map(|t| {
            let years = ((t + 1) as i64 * period_months) as f64 / 12.0;
            1.0 / (1.0 + rate_per_year).powf(years)
        })
        .collect()
}

/// Book value of one unit of `sku` that is `age` periods old, USD.
///
/// docs/model.md §6.1, "Book value of units": geometric decay from the capex
/// at age 0 to the residual fraction ρ of it at the end of the life,
/// `V(a) = Capex · ρ^(a / Life)`, with ρ floored at 10⁻⁹ (so a zero residual
/// still decays smoothly). A life of 0 periods is read as 1, as the scenario
/// never holds one.
pub(super) fn unit_value_usd(sku: &ScenarioSku, age: usize) -> f64 {
    let rho = if sku.residual_fraction_end_of_life > 1e-9 {
        sku.residual_fraction_end_of_life
    } else {
        1e-9
    };
    let life = if sku.life_periods == 0 {
        1.0
    } else {
        sku.life_periods as f64
    };
    let share_of_life_used = age as f64 / life;
    sku.capex_usd_per_unit * rho.powf(share_of_life_used)
}

/// Book value left at the end of a horizon of `horizon` periods of an asset
/// that cost `cost` and entered service in period `in_service`, with a
/// depreciation life of `life` periods, USD.
///
/// docs/model.md §6.1, "Halls, turbines, batteries":
/// `SL(C, t₀, Life) = C · max(0, 1 − (T − t₀) / Life)` for `t₀ < T`, and 0
/// for an asset that enters service only at or after the horizon end
/// (`t₀ ≥ T`). `T − t₀` is the number of periods it served within the
/// horizon. A life of 0 periods is read as 1.
pub(super) fn straight_line_value_usd(
    cost: f64,
    in_service: usize,
    horizon: usize,
    life: usize,
) -> f64 {
    if in_service >= horizon {
        return 0.0;
    }
    let served = (horizon - in_service) as f64;
    let life = life.max(1) as f64;
    let remaining_share = if served >= life {
        0.0
    } else {
        (life - served) / life
    };
    cost * remaining_share
}

/// Periods the units of `sku` installed before the horizon still serve: in
/// service for `t` below this, retired then.
///
/// docs/model.md §6.1 / §10: they retire at the end of their life, never at a
/// refresh age; being `A⁰` periods old at the start, `Life − A⁰` remain
/// (none if they are older than their life).
pub(super) fn preinstalled_periods_left(sku: &ScenarioSku) -> usize {
    sku.life_periods.saturating_sub(sku.installed_age_periods)
}

/// PUE of `site` for IT of cooling `c` (docs/model.md §2: PUE per site and
/// cooling type).
pub(super) fn pue(site: &ScenarioSite, c: Cooling) -> f64 {
    match c {
        Cooling::Liquid => site.pue_liquid,
        Cooling::Air => site.pue_air,
    }
}

/// Whether `site` stands already: one of its halls is ready without being
/// built (docs/model.md: such a site is never opened and costs no
/// development capex).
pub(super) fn site_stands(site: &ScenarioSite) -> bool {
    site.halls.iter().any(|h| h.ready_at.is_some())
}

/// Whether power option `b` is a battery: peak MW but no energy.
pub(super) fn is_battery(b: &ScenarioBuild) -> bool {
    matches!(b.kind, PowerKind::Battery)
}

#[cfg(test)]
mod tests {
    use super::super::fixture::scenario;
    use super::*;

    #[test]
    fn discount_and_hours_by_hand() {
        // Quarters at 10%/yr: 1.1^−¼ = 0.976454…, 1.1^−1 = 1/1.1 after a year.
        let d = discount_factors(0.1, 3, 4);
        assert!((d[0] - 0.976_454_089_676).abs() < 1e-12, "{d:?}");
        assert!((d[3] - 1.0 / 1.1).abs() < 1e-12, "{d:?}");
        // Months at 0%: all 1.
        assert_eq!(discount_factors(0.0, 1, 3), vec![1.0; 3]);
        assert_eq!(hours_per_period(3), 2190.0);
        assert_eq!(hours_per_period(1), 730.0);
    }

    #[test]
    fn unit_value_by_hand() {
        // $1,000 rack, 2-period life, 25% left at the end of it.
        let mut sku = scenario().skus.remove(0);
        assert_eq!(unit_value_usd(&sku, 0), 1000.0);
        // Halfway: 1000 × 0.25^(1/2) = 500.
        assert!((unit_value_usd(&sku, 1) - 500.0).abs() < 1e-9);
        // End of life: 1000 × 0.25 = 250 (salvage of a cohort retired at 2).
        assert!((unit_value_usd(&sku, 2) - 250.0).abs() < 1e-9);
        // Past it the decay goes on: 1000 × 0.25^2 = 62.5.
        assert!((unit_value_usd(&sku, 4) - 62.5).abs() < 1e-9);
        // A 12-period life with 10% left, at 3 periods: 80,000 × 0.1^(1/4)
        // = 80,000 × 0.562341325… = 44,987.306…
        sku.capex_usd_per_unit = 80_000.0;
        sku.life_periods = 12;
        sku.residual_fraction_end_of_life = 0.1;
        assert!((unit_value_usd(&sku, 3) - 44_987.306).abs() < 1e-3);
        // A zero residual still decays from the capex: 80,000 × 1e-9 at the life.
        sku.residual_fraction_end_of_life = 0.0;
        assert!((unit_value_usd(&sku, 12) - 80_000e-9).abs() < 1e-12);
    }

    #[test]
    fn straight_line_value_by_hand() {
        // $2M hall ready in period 2 of 8, 20-period life: 6 periods served,
        // 14/20 left = $1.4M.
        assert!((straight_line_value_usd(2e6, 2, 8, 20) - 1.4e6).abs() < 1e-6);
        // Served its whole life or more: nothing left.
        assert_eq!(straight_line_value_usd(2e6, 0, 8, 8), 0.0);
        assert_eq!(straight_line_value_usd(2e6, 0, 8, 4), 0.0);
        // Enters service at or after the end: no value within the horizon.
        assert_eq!(straight_line_value_usd(2e6, 8, 8, 20), 0.0);
        // Last period: one period served of 40.
        assert!((straight_line_value_usd(4e6, 7, 8, 40) - 3.9e6).abs() < 1e-6);
    }

    #[test]
    fn preinstalled_life_left() {
        let mut sku = scenario().skus.remove(0);
        assert_eq!(preinstalled_periods_left(&sku), 2);
        sku.installed_age_periods = 1;
        assert_eq!(preinstalled_periods_left(&sku), 1);
        sku.installed_age_periods = 5;
        assert_eq!(preinstalled_periods_left(&sku), 0);
    }
}
