//! The plan's assets on the books: each hardware cohort, hall, power build
//! and site opening, with its straight-line depreciation, disposal gain and
//! book value per period (docs/model.md §9.1). Read from the plan's
//! decisions and the scenario's prices.

use std::collections::{BTreeMap, HashMap};

use crate::doc::PlanDoc;
use crate::scenario::Scenario;

/// Hardware by (site, SKU): the cohorts delivered within the horizon and the
/// units installed before it.
pub(super) fn hardware(
    sc: &Scenario,
    plan: &PlanDoc,
    index: &HashMap<&str, usize>,
) -> BTreeMap<(usize, usize), Track> {
    let nt = sc.num_periods();
    let mut out: BTreeMap<(usize, usize), Track> = BTreeMap::new();
    for d in &plan.deliveries {
        let (Some(&t0), Some(s), Some(k)) = (
            index.get(d.period.as_str()),
            sc.site(&d.site),
            sc.sku(&d.sku),
        ) else {
            continue;
        };
        let sku = &sc.skus[k];
        let cost = d.units * sku.capex_usd_per_unit;
        let age = d.retire_age_periods;
        let sold = (t0 + age <= nt).then(|| d.units * sku.value_at_age_usd(age));
        out.entry((s, k))
            .or_insert_with(|| Track::new(nt))
            .straight_line(
                cost,
                cost * sku.residual_fraction_end_of_life,
                sku.life_periods,
                0,
            )
            .serve(t0, t0 + age, sold);
    }
    for (k, sku) in sc.skus.iter().enumerate() {
        let left = sku.preinstalled_periods_left();
        for &(s, units) in &sku.installed_at_start {
            if units <= 0.0 || left == 0 {
                continue;
            }
            let cost = units * sku.capex_usd_per_unit;
            let sold = (left <= nt).then(|| units * sku.value_at_age_usd(sku.life_periods));
            out.entry((s, k))
                .or_insert_with(|| Track::new(nt))
                .straight_line(
                    cost,
                    cost * sku.residual_fraction_end_of_life,
                    sku.life_periods,
                    sku.installed_age_periods,
                )
                .serve(0, left, sold);
        }
    }
    out
}

/// Halls built, power ordered and sites opened, by site: construction in
/// progress at the capex paid so far, then straight line to 0 from the
/// period the asset enters service (site development: to the horizon end).
pub(super) fn site_assets(
    sc: &Scenario,
    plan: &PlanDoc,
    index: &HashMap<&str, usize>,
) -> BTreeMap<usize, Track> {
    let nt = sc.num_periods();
    let mut out: BTreeMap<usize, Track> = BTreeMap::new();
    let at = |p: &str| index.get(p).copied();
    for hall in &plan.halls {
        let (Some(start), Some(ready), Some(s)) = (
            hall.start.as_deref().and_then(at),
            at(&hall.ready),
            sc.site(&hall.site),
        ) else {
            continue;
        };
        let Some(spec) = sc.sites[s].halls.iter().find(|h| h.id == hall.hall) else {
            continue;
        };
        let cost = hall.it_mw * spec.capex_usd_per_mw;
        let track = out.entry(s).or_insert_with(|| Track::new(nt));
        let build = spec.build_periods.max(1);
        for t in start..ready.min(nt) {
            track.book[t] += cost * ((t - start + 1) as f64 / build as f64).min(1.0);
        }
        track
            .straight_line(cost, 0.0, spec.life_periods, 0)
            .serve(ready, nt, None);
    }
    for b in &plan.power_builds {
        let (Some(order), Some(online), Some(s)) = (at(&b.order), at(&b.online), sc.site(&b.site))
        else {
            continue;
        };
        let Some(spec) = sc.sites[s].builds.iter().find(|g| g.id == b.option) else {
            continue;
        };
        let cost = b.mw * spec.capex_usd_per_mw;
        let track = out.entry(s).or_insert_with(|| Track::new(nt));
        for t in order..online.min(nt) {
            track.book[t] += cost;
        }
        track
            .straight_line(cost, 0.0, spec.life_periods, 0)
            .serve(online, nt, None);
    }
    for o in &plan.sites_opened {
        let (Some(t0), Some(s)) = (at(&o.period), sc.site(&o.site)) else {
            continue;
        };
        let cost = o.share * sc.sites[s].development_capex_usd;
        out.entry(s)
            .or_insert_with(|| Track::new(nt))
            .straight_line(cost, 0.0, nt - t0, 0)
            .serve(t0, nt, None);
    }
    out
}

/// What the units installed before the horizon are worth at the start in
/// the model: their book value V(age) (docs/model.md §6.1), USD.
pub(super) fn opening_fleet_model_value_usd(sc: &Scenario) -> f64 {
    sc.skus
        .iter()
        .filter(|k| k.preinstalled_periods_left() > 0)
        .map(|k| {
            let units: f64 = k.installed_at_start.iter().map(|(_, u)| u).sum();
            units * k.value_at_age_usd(k.installed_age_periods)
        })
        .sum()
}

/// One asset's depreciation, disposal gain and book value at each period's end.
#[derive(Debug, Clone)]
pub(super) struct Track {
    pub depreciation: Vec<f64>,
    pub disposal_gain: Vec<f64>,
    pub book: Vec<f64>,
}

impl Track {
    pub fn new(nt: usize) -> Track {
        Track {
            depreciation: vec![0.0; nt],
            disposal_gain: vec![0.0; nt],
            book: vec![0.0; nt],
        }
    }

    /// Straight line from `cost` to `end_value` over `life` periods, for an
    /// asset `age0` periods old when it starts serving ([`Line::serve`]).
    pub fn straight_line(
        &mut self,
        cost: f64,
        end_value: f64,
        life: usize,
        age0: usize,
    ) -> Line<'_> {
        Line {
            track: self,
            cost,
            end_value,
            life: life.max(1),
            age0,
        }
    }
}

pub(super) struct Line<'a> {
    track: &'a mut Track,
    cost: f64,
    end_value: f64,
    life: usize,
    age0: usize,
}

impl Line<'_> {
    /// In service from period `from` up to `until` (exclusive); sold at the
    /// end of period `until - 1` for `sale`, if any.
    pub fn serve(self, from: usize, until: usize, sale: Option<f64>) {
        let per_period = (self.cost - self.end_value) / self.life as f64;
        let until = until.min(self.track.book.len());
        for t in from..until {
            let age = self.age0 + (t - from) + 1;
            if age <= self.life {
                self.track.depreciation[t] += per_period;
            }
            let book = self.cost - per_period * age.min(self.life) as f64;
            self.track.book[t] += book;
            if t + 1 == until {
                if let Some(price) = sale {
                    self.track.disposal_gain[t] += price - book;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Track;

    #[test]
    fn straight_line_with_an_early_sale_by_hand() {
        // $1,000 unit, 4-period life to a floor of $250 (ρ = 0.25): $187.50 a
        // period. Bought in period 1, sold after 2 periods (end of period 2)
        // for the model's V(2) = 1,000 × 0.25^(2/4) = $500; its book value
        // then is 1,000 − 2 × 187.5 = $625, so a disposal loss of $125.
        let mut t = Track::new(5);
        t.straight_line(1000.0, 250.0, 4, 0)
            .serve(1, 3, Some(500.0));
        assert_eq!(t.depreciation, vec![0.0, 187.5, 187.5, 0.0, 0.0]);
        assert_eq!(t.book, vec![0.0, 812.5, 625.0, 0.0, 0.0]);
        assert_eq!(t.disposal_gain, vec![0.0, 0.0, -125.0, 0.0, 0.0]);
    }

    #[test]
    fn an_old_asset_stops_depreciating_at_its_life() {
        // 3 periods old of a 4-period life at the start: one more period of
        // depreciation, then held at its floor until the horizon ends.
        let mut t = Track::new(3);
        t.straight_line(800.0, 0.0, 4, 3).serve(0, 3, None);
        assert_eq!(t.depreciation, vec![200.0, 0.0, 0.0]);
        assert_eq!(t.book, vec![0.0, 0.0, 0.0]);
        assert_eq!(t.disposal_gain, vec![0.0; 3]);
    }
}
