//! The figures a comparison or a sweep reports for one solved plan.

use indexmap::IndexMap;

use crate::doc::PlanDoc;

/// The figures a comparison or sweep reports for one solved plan.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Figures {
    pub npv_usd: f64,
    pub irr: Option<f64>,
    /// The IRR with the installed fleet charged at the start (plan.json's
    /// `capital.irr`); defined where `irr` is not, on plans with a fleet.
    pub irr_fleet_charged: Option<f64>,
    /// The equity's NPV and IRR when the plan is financed (`financing`);
    /// null otherwise.
    pub equity_npv_usd: Option<f64>,
    pub equity_irr: Option<f64>,
    pub capex_usd: f64,
    /// The deepest point of cumulative cash, as a positive need, USD.
    pub peak_funding_usd: f64,
    pub lease_revenue_usd: f64,
    pub internal_value_usd: f64,
    pub opex_usd: f64,
    /// EBITDA over revenue over the horizon, of the leasing and of the
    /// internal-training segment; null without revenue.
    pub leasing_ebitda_margin: Option<f64>,
    pub internal_ebitda_margin: Option<f64>,
    pub leased_share: f64,
    pub gpus_end: f64,
    pub gpus_internal_end: f64,
    pub gpus_leased_end: f64,
    /// GPUs installed in the last period, by SKU.
    pub gpus_end_by_sku: IndexMap<String, f64>,
    /// Facility load in the last period, all sites, MW.
    pub facility_mw_end: f64,
    /// Largest facility load of any period, all sites, MW.
    pub facility_mw_peak: f64,
}

impl Figures {
    pub fn of(plan: &PlanDoc) -> Figures {
        let m = &plan.metrics;
        let last = plan.periods.last().cloned().unwrap_or_default();
        let mut by_sku: IndexMap<String, f64> = IndexMap::new();
        let (mut internal, mut leased) = (0.0, 0.0);
        for r in plan.rows.iter().filter(|r| r.period == last) {
            *by_sku.entry(r.sku.clone()).or_default() += r.gpus_internal + r.gpus_leased;
            internal += r.gpus_internal;
            leased += r.gpus_leased;
        }
        by_sku.sort_keys();
        let mut per_period: IndexMap<&str, f64> = IndexMap::new();
        for sp in &plan.site_periods {
            *per_period.entry(sp.period.as_str()).or_default() += sp.facility_load_mw;
        }
        let horizon = plan.segments.years.iter().find(|y| y.year == "horizon");
        Figures {
            npv_usd: m.npv_usd,
            irr: m.irr,
            irr_fleet_charged: plan.capital.irr,
            equity_npv_usd: plan.financing.as_ref().map(|f| f.equity_npv_usd),
            equity_irr: plan.financing.as_ref().and_then(|f| f.equity_irr),
            capex_usd: m.capex_usd,
            peak_funding_usd: plan.capital.peak_funding_usd,
            lease_revenue_usd: m.lease_revenue_usd,
            internal_value_usd: m.internal_value_usd,
            opex_usd: m.opex_usd,
            leasing_ebitda_margin: horizon.and_then(|y| y.leasing.ebitda_margin),
            internal_ebitda_margin: horizon.and_then(|y| y.internal.ebitda_margin),
            leased_share: m.leased_share,
            gpus_end: internal + leased,
            gpus_internal_end: internal,
            gpus_leased_end: leased,
            gpus_end_by_sku: by_sku,
            facility_mw_end: per_period.get(last.as_str()).copied().unwrap_or(0.0),
            facility_mw_peak: per_period.values().copied().fold(0.0, f64::max),
        }
    }
}
