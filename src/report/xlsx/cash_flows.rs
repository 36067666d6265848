//! The Cash flows sheet: the inputs (rate, periods per year, internal value
//! weight), the NPV as a live formula, and the table of flows by category
//! per period with the net, the discount factor and the discounted net.

use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError};

use super::formats::Formats;
use super::{col_name, formula, CASH_FLOWS, NPV, PERIODS_PER_YEAR, RATE_PER_PERIOD};
use super::{RATE_PER_YEAR, WEIGHT};
use crate::doc::{CashFlow, PlanDoc};

/// Categories of a cash-flow row, in plan.json's order, with their headers.
const CATEGORIES: [&str; 11] = [
    "Hardware capex",
    "Hall capex",
    "Power capex",
    "Site capex",
    "Lease revenue",
    "Sales cost",
    "Internal value (unweighted)",
    "Energy",
    "Maintenance",
    "Salvage",
    "Residual value",
];
/// Index of internal value among the categories: weighted in the net.
const INTERNAL: usize = 6;
/// Columns: period, period number, the categories, net, factor, discounted.
const FIRST_CATEGORY: ColNum = 2;
pub(super) const NET: ColNum = FIRST_CATEGORY + CATEGORIES.len() as ColNum;
pub(super) const FACTOR: ColNum = NET + 1;
const DISCOUNTED: ColNum = NET + 2;

fn categories(c: &CashFlow) -> [f64; 11] {
    [
        c.capex_hardware_usd,
        c.capex_halls_usd,
        c.capex_power_usd,
        c.capex_sites_usd,
        c.lease_revenue_usd,
        c.sales_cost_usd,
        c.internal_value_usd,
        c.energy_usd,
        c.maintenance_usd,
        c.salvage_usd,
        c.residual_usd,
    ]
}

/// Where things are on Cash flows, and the figures its formulas give.
pub(super) struct CashLayout {
    pub(super) rate_year_row: RowNum,
    pub(super) ppy_row: RowNum,
    pub(super) rate_row: RowNum,
    pub(super) weight_row: RowNum,
    pub(super) npv_row: RowNum,
    header_row: RowNum,
    /// The annual rate equivalent to the plan's discount factors.
    rate_per_year: f64,
    periods_per_year: f64,
    rate_per_period: f64,
    /// Per period: net, discount factor, as the formulas give them.
    pub(super) net: Vec<f64>,
    pub(super) factor: Vec<f64>,
    npv: f64,
}

impl CashLayout {
    pub(super) fn new(plan: &PlanDoc) -> CashLayout {
        // Quarters (`2026Q1`) or months (`2026-03`).
        let periods_per_year = if plan.periods.first().is_some_and(|p| p.contains('Q')) {
            4.0
        } else {
            12.0
        };
        // The factor of period t is (1 + r)^-t, t from 1: r from the first.
        let rate_per_period = plan
            .cash_flows
            .first()
            .filter(|c| c.discount_factor > 0.0)
            .map(|c| 1.0 / c.discount_factor - 1.0)
            .unwrap_or(0.0);
        // The plan's rate was written per year; round away the float noise
        // of going through a factor and back.
        let annual = (1.0 + rate_per_period).powf(periods_per_year) - 1.0;
        let rate_per_year = (annual * 1e10).round() / 1e10;
        let rate_per_period = (1.0 + rate_per_year).powf(1.0 / periods_per_year) - 1.0;
        let w = plan.metrics.internal_value_weight;
        let net: Vec<f64> = plan.cash_flows.iter().map(|c| weighted_net(c, w)).collect();
        let factor: Vec<f64> = (1..=net.len())
            .map(|t| 1.0 / (1.0 + rate_per_period).powf(t as f64))
            .collect();
        let npv: f64 = net.iter().zip(&factor).map(|(n, f)| n * f).sum();
        CashLayout {
            rate_year_row: 2,
            ppy_row: 3,
            rate_row: 4,
            weight_row: 5,
            npv_row: 6,
            header_row: 8,
            rate_per_year,
            periods_per_year,
            rate_per_period,
            net,
            factor,
            npv,
        }
    }

    /// The sheet row of period `t` (0-based).
    pub(super) fn row_of(&self, t: usize) -> RowNum {
        self.header_row + 1 + t as RowNum
    }

    fn last_row(&self) -> RowNum {
        self.header_row + self.net.len() as RowNum
    }

    /// `$B$n` of a parameter row.
    pub(super) fn param(&self, row: RowNum) -> String {
        format!("$B${}", row + 1)
    }
}

/// The net of one period: every category, internal value at weight `w`.
fn weighted_net(c: &CashFlow, w: f64) -> f64 {
    let cats = categories(c);
    let others: f64 = cats
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != INTERNAL)
        .map(|(_, x)| x)
        .sum();
    others + w * cats[INTERNAL]
}

pub(super) fn cash_flows(
    ws: &mut Worksheet,
    fm: &Formats,
    plan: &PlanDoc,
    l: &CashLayout,
) -> Result<(), XlsxError> {
    ws.set_name(CASH_FLOWS)?;
    ws.write_string_with_format(
        0,
        0,
        "Cash flows by period, USD (inflows positive)",
        &fm.title,
    )?;
    ws.write_string_with_format(
        1,
        0,
        "Yellow cells are inputs: change the rate or the weight and the net, the discount factors and the NPV follow.",
        &fm.note,
    )?;
    inputs(ws, fm, plan, l)?;
    npv_cell(ws, fm, l)?;
    header(ws, fm, l)?;
    for (t, c) in plan.cash_flows.iter().enumerate() {
        period_row(ws, fm, l, t, c)?;
    }
    totals(ws, fm, plan, l)?;
    layout(ws, l)
}

/// The yellow input cells and the per-period rate that follows from them.
fn inputs(
    ws: &mut Worksheet,
    fm: &Formats,
    plan: &PlanDoc,
    l: &CashLayout,
) -> Result<(), XlsxError> {
    ws.write_string(l.rate_year_row, 0, RATE_PER_YEAR)?;
    ws.write_number_with_format(l.rate_year_row, 1, l.rate_per_year, &fm.input_pct)?;
    ws.write_string_with_format(
        l.rate_year_row,
        2,
        "the plan's finance.discount_rate_per_year",
        &fm.note,
    )?;
    ws.write_string(l.ppy_row, 0, PERIODS_PER_YEAR)?;
    ws.write_number(l.ppy_row, 1, l.periods_per_year)?;
    ws.write_string(l.rate_row, 0, RATE_PER_PERIOD)?;
    let rate = format!(
        "=(1+{})^(1/{})-1",
        l.param(l.rate_year_row),
        l.param(l.ppy_row)
    );
    ws.write_formula_with_format(
        l.rate_row,
        1,
        formula(rate, l.rate_per_period),
        &fm.rate_per_period,
    )?;
    ws.write_string_with_format(
        l.rate_row,
        2,
        "discount factor of period t = 1 / (1 + rate per period)^t",
        &fm.note,
    )?;
    ws.write_string(l.weight_row, 0, WEIGHT)?;
    let w = plan.metrics.internal_value_weight;
    ws.write_number_with_format(l.weight_row, 1, w, &fm.input_num)?;
    ws.write_string_with_format(
        l.weight_row,
        2,
        "share of internal value counted in the net",
        &fm.note,
    )?;
    Ok(())
}

/// The NPV: the net times the discount factor, summed over the periods.
fn npv_cell(ws: &mut Worksheet, fm: &Formats, l: &CashLayout) -> Result<(), XlsxError> {
    ws.write_string_with_format(l.npv_row, 0, NPV, &fm.label_total)?;
    let (first, last) = (l.row_of(0) + 1, l.last_row() + 1);
    let (n, f) = (col_name(NET), col_name(FACTOR));
    ws.write_formula_with_format(
        l.npv_row,
        1,
        formula(
            format!("=SUMPRODUCT({n}{first}:{n}{last},{f}{first}:{f}{last})"),
            l.npv,
        ),
        &fm.npv,
    )?;
    ws.write_string_with_format(
        l.npv_row,
        2,
        "sum of net × discount factor over the periods",
        &fm.note,
    )?;
    Ok(())
}

fn header(ws: &mut Worksheet, fm: &Formats, l: &CashLayout) -> Result<(), XlsxError> {
    let h = l.header_row;
    ws.write_string_with_format(h, 0, "Period", &fm.header)?;
    ws.write_string_with_format(h, 1, "Period number t", &fm.header_num)?;
    for (i, c) in CATEGORIES.iter().enumerate() {
        ws.write_string_with_format(h, FIRST_CATEGORY + i as ColNum, *c, &fm.header_num)?;
    }
    ws.write_string_with_format(h, NET, "Net (internal value weighted)", &fm.header_num)?;
    ws.write_string_with_format(h, FACTOR, "Discount factor", &fm.header_num)?;
    ws.write_string_with_format(h, DISCOUNTED, "Discounted net", &fm.header_num)?;
    ws.set_row_height(h, 45)?;
    Ok(())
}

/// Period `t`: its categories, then the net, the factor and the discounted
/// net as formulas of them and of the input cells.
fn period_row(
    ws: &mut Worksheet,
    fm: &Formats,
    l: &CashLayout,
    t: usize,
    c: &CashFlow,
) -> Result<(), XlsxError> {
    let row = l.row_of(t);
    let r = row + 1;
    ws.write_string(row, 0, &c.period)?;
    ws.write_number(row, 1, (t + 1) as f64)?;
    for (i, x) in categories(c).iter().enumerate() {
        ws.write_number_with_format(row, FIRST_CATEGORY + i as ColNum, *x, &fm.money)?;
    }
    let internal = FIRST_CATEGORY + INTERNAL as ColNum;
    let net = format!(
        "=SUM({}{r}:{}{r})+SUM({}{r}:{}{r})+{}*{}{r}",
        col_name(FIRST_CATEGORY),
        col_name(internal - 1),
        col_name(internal + 1),
        col_name(NET - 1),
        l.param(l.weight_row),
        col_name(internal),
    );
    ws.write_formula_with_format(row, NET, formula(net, l.net[t]), &fm.money)?;
    let factor = format!("=1/(1+{})^B{r}", l.param(l.rate_row));
    ws.write_formula_with_format(row, FACTOR, formula(factor, l.factor[t]), &fm.factor)?;
    let discounted = format!("={}{r}*{}{r}", col_name(NET), col_name(FACTOR));
    ws.write_formula_with_format(
        row,
        DISCOUNTED,
        formula(discounted, l.net[t] * l.factor[t]),
        &fm.money,
    )?;
    Ok(())
}

/// Totals: undiscounted by category and net; the discounted total is the NPV.
fn totals(
    ws: &mut Worksheet,
    fm: &Formats,
    plan: &PlanDoc,
    l: &CashLayout,
) -> Result<(), XlsxError> {
    let (first, last) = (l.row_of(0) + 1, l.last_row() + 1);
    let total = l.last_row() + 1;
    ws.write_string_with_format(total, 0, "Total", &fm.label_total)?;
    ws.write_blank(total, 1, &fm.label_total)?;
    ws.write_blank(total, FACTOR, &fm.label_total)?;
    for c in (FIRST_CATEGORY..=DISCOUNTED).filter(|&c| c != FACTOR) {
        let name = col_name(c);
        let sum: f64 = match c {
            NET => l.net.iter().sum(),
            DISCOUNTED => l.npv,
            _ => plan
                .cash_flows
                .iter()
                .map(|f| categories(f)[(c - FIRST_CATEGORY) as usize])
                .sum(),
        };
        ws.write_formula_with_format(
            total,
            c,
            formula(format!("=SUM({name}{first}:{name}{last})"), sum),
            &fm.money_total,
        )?;
    }
    ws.write_string_with_format(
        total + 2,
        0,
        "Capex, sales cost, energy and maintenance are outflows (negative). Internal value is \
         the value of compute kept for internal use; the net counts it at the weight above.",
        &fm.note,
    )?;
    Ok(())
}

fn layout(ws: &mut Worksheet, l: &CashLayout) -> Result<(), XlsxError> {
    ws.set_column_width(0, 26)?;
    // Wide enough for the inputs and the NPV above the table.
    ws.set_column_width(1, 17)?;
    for c in FIRST_CATEGORY..=DISCOUNTED {
        ws.set_column_width(c, 15)?;
    }
    ws.set_column_width(FACTOR, 10)?;
    let h = l.header_row;
    ws.set_freeze_panes(h + 1, 2)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(h, h)?;
    Ok(())
}
