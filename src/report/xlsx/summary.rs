//! The Summary sheet: the plan and its solver, the headline metrics (the NPV
//! a live link to Cash flows), the capital the plan needs (docs/model.md
//! §9.2) and, when financed, the financing headline (§16).

use rust_xlsxwriter::{Format, RowNum, Worksheet, XlsxError};

use super::cash_flows::CashLayout;
use super::financing::FinancingLayout;
use super::formats::Formats;
use super::{formula, CASH_FLOWS, FINANCING, SUMMARY};
use crate::doc::{Financing, PlanDoc};
use crate::units::excel;

/// Writes label / value / note lines down columns A–C from a running row.
struct Lines<'a> {
    ws: &'a mut Worksheet,
    fm: &'a Formats,
    row: RowNum,
}

impl Lines<'_> {
    fn section(&mut self, name: &str) -> Result<(), XlsxError> {
        let f = &self.fm.section;
        self.ws.write_string_with_format(self.row, 0, name, f)?;
        self.ws.write_blank(self.row, 1, f)?;
        self.ws.write_blank(self.row, 2, f)?;
        self.row += 1;
        Ok(())
    }

    /// A label and its note; the value is the caller's.
    fn label(&mut self, label: &str, note: &str) -> Result<RowNum, XlsxError> {
        self.ws.write_string(self.row, 0, label)?;
        if !note.is_empty() {
            self.ws
                .write_string_with_format(self.row, 2, note, &self.fm.note)?;
        }
        self.row += 1;
        Ok(self.row - 1)
    }

    fn text(&mut self, label: &str, value: &str, note: &str) -> Result<(), XlsxError> {
        let r = self.label(label, note)?;
        self.ws.write_string(r, 1, value)?;
        Ok(())
    }

    fn num(&mut self, label: &str, x: f64, f: &Format, note: &str) -> Result<(), XlsxError> {
        let r = self.label(label, note)?;
        self.ws.write_number_with_format(r, 1, x, f)?;
        Ok(())
    }

    /// A number, or `none` in words where it is undefined.
    fn maybe(
        &mut self,
        label: &str,
        x: Option<f64>,
        f: &Format,
        none: &str,
        note: &str,
    ) -> Result<(), XlsxError> {
        match x {
            Some(x) => self.num(label, x, f, note),
            None => self.text(label, none, note),
        }
    }

    /// A live formula with its result.
    fn formula(
        &mut self,
        label: &str,
        f: String,
        result: f64,
        format: &Format,
        note: &str,
    ) -> Result<(), XlsxError> {
        let r = self.label(label, note)?;
        self.ws
            .write_formula_with_format(r, 1, formula(f, result), format)?;
        Ok(())
    }
}

pub(super) fn summary(
    ws: &mut Worksheet,
    fm: &Formats,
    plan: &PlanDoc,
    cash: &CashLayout,
) -> Result<(), XlsxError> {
    ws.set_name(SUMMARY)?;
    ws.write_string_with_format(0, 0, format!("Capacity plan: {}", plan.scenario), &fm.title)?;
    if let Some(d) = &plan.description {
        ws.write_string_with_format(1, 0, d.trim(), &fm.subtitle)?;
    }
    let mut l = Lines { ws, fm, row: 3 };
    plan_and_solver(&mut l, plan)?;
    metrics(&mut l, plan, cash)?;
    capital(&mut l, plan)?;
    if let Some(f) = &plan.financing {
        financing(&mut l, f, cash)?;
    }
    let ws = l.ws;
    ws.set_column_width(0, 26)?;
    ws.set_column_width(1, 22)?;
    ws.set_column_width(2, 70)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn plan_and_solver(l: &mut Lines, plan: &PlanDoc) -> Result<(), XlsxError> {
    l.section("Plan and solver")?;
    let periods = match (plan.periods.first(), plan.periods.last()) {
        (Some(a), Some(b)) => format!("{a} to {b} ({} periods)", plan.periods.len()),
        _ => "none".into(),
    };
    let s = &plan.solver;
    l.text("Scenario", &plan.scenario, "")?;
    l.text("Periods", &periods, "")?;
    l.text("Solver", &s.backend, "")?;
    l.text("Solver status", &s.status, "")?;
    let relaxed = if s.relaxed {
        "yes (LP relaxation)"
    } else {
        "no"
    };
    l.text("Integrality relaxed", relaxed, "")?;
    l.maybe("MIP gap", s.mip_gap, &l.fm.pct, "none (an LP)", "")?;
    let note = "NPV less the unmet-demand penalty";
    l.num("Objective", s.objective_usd, &l.fm.money, note)?;
    l.row += 1;
    Ok(())
}

fn metrics(l: &mut Lines, plan: &PlanDoc, cash: &CashLayout) -> Result<(), XlsxError> {
    let m = &plan.metrics;
    let fm = l.fm;
    l.section("Metrics")?;
    l.formula(
        "NPV",
        format!("='{CASH_FLOWS}'!{}", cash.param(cash.npv_row)),
        m.npv_usd,
        &fm.npv,
        "discounted net cash flow, internal value weighted; from Cash flows, follows its rate",
    )?;
    l.ws.write_string_with_format(l.row - 1, 0, "NPV", &fm.label_total)?;
    let note = match m.irr {
        Some(_) => "of the net cash flows",
        None => "of the net cash flows; undefined here (an installed fleet has no capital charge: see Capital)",
    };
    l.maybe("IRR per year", m.irr, &fm.pct, "undefined", note)?;
    let money_rows: [(&str, f64, &str); 6] = [
        (
            "Capex",
            m.capex_usd,
            "hardware, halls, power and sites; undiscounted, as a positive sum",
        ),
        (
            "Lease revenue",
            m.lease_revenue_usd,
            "billed within the horizon; undiscounted",
        ),
        (
            "Internal value",
            m.internal_value_usd,
            "of compute served internally; undiscounted, unweighted",
        ),
        (
            "Opex",
            m.opex_usd,
            "energy, maintenance and sales cost; undiscounted, as a positive sum",
        ),
        (
            "Residual value",
            m.residual_value_usd,
            "salvage of retired units plus residual value at the horizon's end",
        ),
        (
            "Unmet demand penalty",
            m.unmet_demand_penalty_usd,
            "discounted penalty of internal demand left unmet",
        ),
    ];
    for (label, x, note) in money_rows {
        l.num(label, x, &fm.money, note)?;
    }
    l.num(
        "Internal value weight",
        m.internal_value_weight,
        &fm.weight,
        "",
    )?;
    let note = "leased GPU-hours over installed GPU-hours";
    l.num("Leased share", m.leased_share, &fm.pct, note)?;
    let whole = Format::new().set_num_format(excel::COUNT);
    for (label, x) in [
        ("GPUs at end", m.gpus_end),
        ("GPUs leased at end", m.gpus_leased_end),
        ("GPUs internal at end", m.gpus_internal_end),
    ] {
        l.num(label, x as f64, &whole, "")?;
    }
    l.row += 1;
    Ok(())
}

/// Labels of the capital lines, for tests and readers' lookups.
pub const PEAK_FUNDING: &str = "Peak funding";
pub const PEAK_FUNDING_PERIOD: &str = "Peak funding period";
pub const PAYBACK: &str = "Payback period";
pub const OPENING_FLEET: &str = "Opening fleet value";
pub const FLEET_BASIS: &str = "Opening fleet value basis";
pub const IRR_FLEET_CHARGED: &str = "IRR per year, fleet charged";

/// Peak funding and its period, payback, and the IRR with the installed
/// fleet charged at the start (docs/model.md §9.2).
fn capital(l: &mut Lines, plan: &PlanDoc) -> Result<(), XlsxError> {
    let c = &plan.capital;
    let fm = l.fm;
    l.section("Capital")?;
    let note = "deepest point of cumulative cash (capex, lease revenue, costs, salvage; not internal value, not the horizon-end residual)";
    l.num(PEAK_FUNDING, c.peak_funding_usd, &fm.money, note)?;
    let period = c.peak_funding_period.as_deref();
    l.text(
        PEAK_FUNDING_PERIOD,
        period.unwrap_or("never below zero"),
        "when the cumulative cash is lowest",
    )?;
    let note = "first period from whose end the cumulative flows stay at or above zero";
    let payback = c.payback_period.as_deref();
    l.text(PAYBACK, payback.unwrap_or("not within the horizon"), note)?;
    let note = "charged at the start of the horizon in the IRR below";
    l.num(OPENING_FLEET, c.opening_fleet_value_usd, &fm.money, note)?;
    l.text(
        FLEET_BASIS,
        &c.opening_fleet_value_basis,
        fleet_basis_note(&c.opening_fleet_value_basis),
    )?;
    let note = "of the opening fleet value at time 0, then the net cash flows";
    l.maybe(IRR_FLEET_CHARGED, c.irr, &fm.pct, "undefined", note)?;
    l.row += 1;
    Ok(())
}

fn fleet_basis_note(basis: &str) -> &'static str {
    match basis {
        "model_value" => {
            "the installed units at the model's value at their age (what it sells them at)"
        }
        "plan" => "the plan's finance.opening_fleet_value_usd",
        _ => "no fleet installed before the horizon: nothing charged",
    }
}

/// Labels of the financing headline.
pub const DEBT_DRAWN: &str = "Debt drawn";
pub const EQUITY_NPV: &str = "Equity NPV";
pub const EQUITY_IRR: &str = "Equity IRR per year";
pub const EQUITY_PEAK_FUNDING: &str = "Equity peak funding";
pub const EQUITY_PEAK_FUNDING_PERIOD: &str = "Equity peak funding period";
pub const EQUITY_PAYBACK: &str = "Equity payback period";
pub const MIN_COVERAGE: &str = "Minimum coverage";
pub const MIN_COVERAGE_YEAR: &str = "Minimum coverage year";

/// Debt drawn, the equity's NPV and IRR, and the tightest year's coverage
/// (docs/model.md §16); the sums are live links to the Financing sheet.
fn financing(l: &mut Lines, f: &Financing, cash: &CashLayout) -> Result<(), XlsxError> {
    let fm = l.fm;
    let at = FinancingLayout::new(f, cash);
    l.section("Financing")?;
    let drawn: f64 = f.periods.iter().map(|p| p.draw_usd).sum();
    let note = "hardware capex financed by debt, summed over the horizon; from Financing";
    l.formula(DEBT_DRAWN, at.total_of("draw"), drawn, &fm.money, note)?;
    let note = "the equity's cash discounted at the Cash flows rate; from Financing";
    l.formula(
        EQUITY_NPV,
        at.equity_npv_ref(),
        at.equity_npv,
        &fm.npv,
        note,
    )?;
    let note = "of the equity's cash, the installed fleet charged at time 0 as above";
    l.maybe(EQUITY_IRR, f.equity_irr, &fm.pct, "undefined", note)?;
    equity_funding(l, f)?;
    let tightest = f
        .years
        .iter()
        .filter_map(|y| y.coverage.map(|c| (c, y.year.as_str())))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let note = "covered revenue over debt service, the lowest year";
    l.maybe(
        MIN_COVERAGE,
        tightest.map(|t| t.0),
        &fm.ratio,
        "no debt service",
        note,
    )?;
    if let Some((_, year)) = tightest {
        l.text(MIN_COVERAGE_YEAR, year, "")?;
    }
    let note = format!("per period and per year on the {FINANCING} sheet");
    l.text("Schedule", "see Financing", &note)?;
    Ok(())
}

/// The equity's peak funding, its period, and its payback, as stored in
/// plan.json: the Financing sheet's equity column counts internal value and
/// the residual, which funding leaves out, so no formula of it gives these.
fn equity_funding(l: &mut Lines, f: &Financing) -> Result<(), XlsxError> {
    let fm = l.fm;
    let note = "stored value: deepest cumulative equity cash (Peak funding's cash plus draws, interest, principal and tax)";
    l.num(
        EQUITY_PEAK_FUNDING,
        f.equity_peak_funding_usd,
        &fm.money,
        note,
    )?;
    let period = f.equity_peak_funding_period.as_deref();
    l.text(
        EQUITY_PEAK_FUNDING_PERIOD,
        period.unwrap_or("never below zero"),
        "when the cumulative equity cash is lowest",
    )?;
    let note = "stored value: first period from whose end the equity's cumulative flows (without the residual) stay at or above zero";
    let payback = f.equity_payback_period.as_deref();
    l.text(
        EQUITY_PAYBACK,
        payback.unwrap_or("not within the horizon"),
        note,
    )
}
