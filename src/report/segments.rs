//! The two businesses and the money they need, for people: the segment
//! accounts and the capital requirements of plan.json (docs/model.md §9.1,
//! §9.2) as report tables, and the lines the terminal summary prints.

use crate::doc::{PlanDoc, SegmentAccount, SegmentYear};
use crate::units::{money, pct};

use super::table::Table;

fn margin(m: Option<f64>) -> String {
    m.map(pct).unwrap_or_else(|| "–".into())
}

/// Segment accounts: per year and the horizon, leasing then internal.
pub fn segment_table(plan: &PlanDoc) -> Table {
    let mut t = Table::new(
        "segments",
        "Segment accounts: leasing and internal training",
        &[
            ("year", false),
            ("segment", false),
            ("revenue", true),
            ("direct costs", true),
            ("EBITDA", true),
            ("margin", true),
            ("depreciation", true),
            ("disposals", true),
            ("EBIT", true),
            ("margin", true),
            ("capital", true),
            ("return", true),
        ],
    );
    for y in &plan.segments.years {
        for (name, a) in [("leasing", &y.leasing), ("internal", &y.internal)] {
            if *a == SegmentAccount::default() {
                continue;
            }
            t.rows.push(vec![
                y.year.clone(),
                name.into(),
                money(a.revenue_usd),
                money(a.direct_cost_usd),
                money(a.ebitda_usd),
                margin(a.ebitda_margin),
                money(a.depreciation_usd),
                money(a.disposal_gain_usd),
                money(a.ebit_usd),
                margin(a.ebit_margin),
                money(a.capital_employed_usd),
                margin(a.return_on_capital),
            ]);
        }
    }
    t.note = Some(
        "A segment with nothing in a year is left out; GPU-hours are in plan.json and plan.xlsx. \
         Internal revenue is internal compute at its value (unweighted), not cash. Energy, \
         maintenance, depreciation and capital are shared by GPU-hours used; idle GPUs follow \
         the used hours of their row, site or period. Depreciation is straight line (hardware \
         to its end-of-life value, halls and power to 0); disposals are units sold before the \
         end of their life at the model's value, less their book value. Capital (employed) is the \
         mean period-end book value; return (on capital) is EBIT per year over it; margins are \
         over revenue."
            .into(),
    );
    t
}

/// Capex by the quarter it is committed.
pub fn committed_capex_table(plan: &PlanDoc) -> Table {
    let mut t = Table::new(
        "committed-capex",
        "Capex by the quarter it is committed",
        &[
            ("quarter", false),
            ("hardware", true),
            ("halls", true),
            ("power", true),
            ("site development", true),
            ("total", true),
        ],
    );
    for c in &plan.capital.committed_capex {
        t.rows.push(vec![
            c.quarter.clone(),
            money(c.hardware_usd),
            money(c.halls_usd),
            money(c.power_usd),
            money(c.sites_usd),
            money(c.total_usd),
        ]);
    }
    t.note = Some(
        "Hardware is committed when ordered, a lead time before delivery; a hall's whole cost \
         when construction starts; power when ordered; a site when opened."
            .into(),
    );
    t
}

/// The whole horizon's accounts, if the plan has them (schema version 2).
pub fn horizon(plan: &PlanDoc) -> Option<&SegmentYear> {
    plan.segments.years.iter().find(|y| y.year == "horizon")
}

/// `EBITDA 76.9%, EBIT 11.7%, ROC 4.9%` for one segment, or `no revenue`.
pub fn margins_line(a: &SegmentAccount) -> String {
    if a.revenue_usd == 0.0 {
        return "no revenue".into();
    }
    format!(
        "EBITDA {}, EBIT {}, return on capital {}",
        margin(a.ebitda_margin),
        margin(a.ebit_margin),
        margin(a.return_on_capital)
    )
}

/// Peak funding (and when), payback, and the IRR with the installed fleet
/// charged, as label–value pairs.
pub fn capital_lines(plan: &PlanDoc) -> Vec<(String, String)> {
    let c = &plan.capital;
    let peak = match &c.peak_funding_period {
        Some(p) => format!("{} ({p})", money(c.peak_funding_usd)),
        None => "none (cash never below zero)".into(),
    };
    let charged = match c.opening_fleet_value_basis.as_str() {
        "model_value" => format!(
            "installed fleet charged at {} (its model value)",
            money(c.opening_fleet_value_usd)
        ),
        "plan" => format!(
            "installed fleet charged at {} (the plan's value)",
            money(c.opening_fleet_value_usd)
        ),
        _ => String::new(),
    };
    let mut lines = vec![
        (
            "peak funding need (cash only: internal compute brings none)".into(),
            peak,
        ),
        (
            "payback (net value, internal compute counted)".into(),
            c.payback_period
                .clone()
                .unwrap_or_else(|| "not within the horizon".into()),
        ),
    ];
    // Without an installed fleet this IRR is the headline IRR, shown already.
    if c.opening_fleet_value_basis != "none" {
        lines.push((
            format!("IRR, {charged}"),
            c.irr.map(pct).unwrap_or_else(|| "n/a".into()),
        ));
    }
    lines
}

/// Debt and tax by year, if the plan is financed: drawn, service, covered
/// revenue, coverage, tax and debt owed at the year's end.
pub fn financing_table(plan: &PlanDoc) -> Option<Table> {
    let f = plan.financing.as_ref()?;
    let mut t = Table::new(
        "financing",
        "Financing: debt and tax by year",
        &[
            ("year", false),
            ("debt drawn", true),
            ("debt service", true),
            ("covered revenue", true),
            ("coverage", true),
            ("tax", true),
            ("debt owed at year end", true),
        ],
    );
    for y in &f.years {
        let of_year = |p: &&crate::doc::FinancingPeriod| p.period.starts_with(&y.year);
        let drawn: f64 = f.periods.iter().filter(of_year).map(|p| p.draw_usd).sum();
        let owed = f
            .periods
            .iter()
            .rfind(of_year)
            .map_or(0.0, |p| p.debt_outstanding_usd);
        t.rows.push(vec![
            y.year.clone(),
            money(drawn),
            money(y.debt_service_usd),
            money(y.covered_revenue_usd),
            y.coverage
                .map(|c| format!("{c:.2}×"))
                .unwrap_or_else(|| "–".into()),
            money(y.tax_usd),
            money(owed),
        ]);
    }
    t.note = Some(format!(
        "{}. Debt service is interest and scheduled principal; what is owed at the horizon end is \
         repaid in its last period. Covered revenue: the year's lease revenue from leases signed \
         by its first period, plus the lenders' share of internal value.",
        financing_headline(plan)?
    ));
    Some(t)
}

/// The financed plan's equity figures in one sentence (no final stop): equity
/// NPV and IRR, peak funding and payback, each against the project's.
pub fn financing_headline(plan: &PlanDoc) -> Option<String> {
    let f = plan.financing.as_ref()?;
    let peak = match &f.equity_peak_funding_period {
        Some(p) => format!("{} in {p}", money(f.equity_peak_funding_usd)),
        None => "none (never below zero)".into(),
    };
    Some(format!(
        "Equity NPV {} (the project's {} with the debt's and tax's flows); equity IRR {}; \
         equity peak funding {peak} (the project's {} net of debt drawn, interest, repayments and tax); \
         equity payback {}",
        money(f.equity_npv_usd),
        money(plan.metrics.npv_usd),
        f.equity_irr.map(pct).unwrap_or_else(|| "n/a".into()),
        money(plan.capital.peak_funding_usd),
        f.equity_payback_period
            .as_deref()
            .unwrap_or("not within the horizon"),
    ))
}
