//! plan.xlsx: the plan as a finance workbook, drawn from plan.json (and
//! band.json when it sits beside it) alone so `solve` and `capplan report
//! DIR` write the same bytes.
//!
//! Sheets: Summary (the headline metrics, capital needs and, when financed,
//! the financing headline), Cash flows (quarterly by category, with the net,
//! the discount factors, the discounted net and the NPV as live formulas
//! from a rate cell a reader can change), Deployments, Leases, Halls, Power
//! builds, Segments and Committed capex (Excel tables with filters),
//! Financing (when the plan has `financing`), Scenario set (when it has
//! `scenario_set`), Identity band (when band.json was found around this
//! plan), and Shadow prices.
//!
//! Every formula carries its result as computed here, so a reader that does
//! not recalculate (a viewer, LibreOffice's default for xlsx) shows the plan's
//! figures; Excel recalculates on opening. The creation date is fixed: the
//! same plan gives the same bytes.

mod band;
mod cash_flows;
mod financing;
mod formats;
mod scenario_set;
mod shadow_prices;
mod summary;
mod tables;

use rust_xlsxwriter::{ColNum, DocProperties, ExcelDateTime, Formula, Workbook, XlsxError};

use crate::doc::band::BandDoc;
use crate::doc::PlanDoc;
use cash_flows::CashLayout;
use formats::Formats;

/// The workbook's file name, next to plan.json.
pub const FILE: &str = "plan.xlsx";

/// Sheet names, in order.
pub const SUMMARY: &str = "Summary";
pub const CASH_FLOWS: &str = "Cash flows";
pub const DEPLOYMENTS: &str = "Deployments";
pub const LEASES: &str = "Leases";
pub const HALLS: &str = "Halls";
pub const POWER_BUILDS: &str = "Power builds";
pub const SEGMENTS: &str = "Segments";
pub const COMMITTED_CAPEX: &str = "Committed capex";
pub const FINANCING: &str = "Financing";
pub const SCENARIO_SET: &str = "Scenario set";
pub const IDENTITY_BAND: &str = "Identity band";
pub const SHADOW_PRICES: &str = "Shadow prices";

/// Labels in column A of Cash flows, above the table: the inputs and the NPV.
pub const RATE_PER_YEAR: &str = "Discount rate per year";
pub const PERIODS_PER_YEAR: &str = "Periods per year";
pub const RATE_PER_PERIOD: &str = "Discount rate per period";
pub const WEIGHT: &str = "Internal value weight";
pub const NPV: &str = "NPV";

/// The workbook of `plan`, as the bytes of an .xlsx file; `band` is the
/// identity band found around it, if any (band.json beside plan.json).
pub fn plan_xlsx(plan: &PlanDoc, band: Option<&BandDoc>) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let fm = Formats::new(plan.solver.relaxed);
    let cash = CashLayout::new(plan);
    summary::summary(wb.add_worksheet(), &fm, plan, &cash)?;
    cash_flows::cash_flows(wb.add_worksheet(), &fm, plan, &cash)?;
    for s in tables::tables(plan) {
        tables::table_sheet(wb.add_worksheet(), &fm, s)?;
    }
    if let Some(f) = &plan.financing {
        financing::financing(wb.add_worksheet(), &fm, f, &cash)?;
    }
    if let Some(set) = &plan.scenario_set {
        scenario_set::scenario_set(wb.add_worksheet(), &fm, set)?;
    }
    if let Some(b) = band {
        band::band(wb.add_worksheet(), &fm, b)?;
    }
    shadow_prices::shadow_prices(wb.add_worksheet(), &fm, plan)?;
    define_names(&mut wb, &cash)?;
    let props = DocProperties::new()
        .set_title(format!("capplan plan: {}", plan.scenario))
        .set_comment("Drawn by capplan from plan.json")
        // Fixed, so the same plan gives the same bytes (run.json has the time).
        .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?);
    wb.set_properties(&props);
    wb.save_to_buffer()
}

/// Names a finance reader can use in their own formulas.
fn define_names(wb: &mut Workbook, cash: &CashLayout) -> Result<(), XlsxError> {
    let cf = format!("'{CASH_FLOWS}'");
    for (name, row) in [
        ("RatePerYear", cash.rate_year_row),
        ("PeriodsPerYear", cash.ppy_row),
        ("RatePerPeriod", cash.rate_row),
        ("InternalValueWeight", cash.weight_row),
        ("PlanNPV", cash.npv_row),
    ] {
        wb.define_name(name, &format!("={cf}!$B${}", row + 1))?;
    }
    Ok(())
}

/// How a column's numbers are formatted.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Price,
    Rate,
    Mw,
    Count,
    /// A small whole number: a tier, a number of periods.
    Int,
    /// USD.
    Money,
    /// A share or margin, as a percentage.
    Pct,
}

enum Cell {
    Text(String),
    Num(f64),
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// A formula with the result it has on these cells, for readers that do not
/// recalculate.
fn formula(f: impl AsRef<str>, result: f64) -> Formula {
    Formula::new(f.as_ref()).set_result(format!("{result}"))
}

/// Excel's name of column `c` (0-based): A, B, …, Z, AA, …
fn col_name(c: ColNum) -> String {
    let mut c = c as u32 + 1;
    let mut s = Vec::new();
    while c > 0 {
        let r = (c - 1) % 26;
        s.push(b'A' + r as u8);
        c = (c - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

#[cfg(test)]
mod tests {
    use super::col_name;

    #[test]
    fn column_names() {
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(27), "AB");
    }
}
