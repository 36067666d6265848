//! The Financing sheet (docs/model.md §16), written when the plan has
//! `financing`: per period the debt drawn, interest, principal, tax, the
//! debt outstanding and the equity's cash, with the project's net and the
//! discount factor linked from Cash flows so the equity NPV follows the rate
//! cell there; per year the debt service, the revenue that covers it and
//! the coverage.

use rust_xlsxwriter::{ColNum, Formula, RowNum, Worksheet, XlsxError};

use super::cash_flows::{CashLayout, FACTOR, NET};
use super::formats::Formats;
use super::{col_name, formula, CASH_FLOWS, FINANCING};
use crate::doc::{Financing, FinancingPeriod, FinancingYear};

/// The per-period table's columns.
const PERIOD_COLUMNS: [&str; 10] = [
    "Period",
    "Project net (from Cash flows)",
    "Debt drawn",
    "Interest",
    "Principal",
    "Tax",
    "Debt outstanding",
    "Equity cash",
    "Discount factor (from Cash flows)",
    "Discounted equity cash",
];
const NET_COL: ColNum = 1;
const DRAW: ColNum = 2;
const INTEREST: ColNum = 3;
const PRINCIPAL: ColNum = 4;
const TAX: ColNum = 5;
const OWED: ColNum = 6;
const EQUITY: ColNum = 7;
const FACTOR_COL: ColNum = 8;
const DISCOUNTED: ColNum = 9;

/// The per-year table's columns.
const YEAR_COLUMNS: [&str; 5] = [
    "Year",
    "Debt service",
    "Covered revenue",
    "Coverage",
    "Tax paid",
];

/// Label of the equity NPV's row, above the tables.
pub const EQUITY_NPV: &str = "Equity NPV";
/// Heading of the per-year table.
pub const PER_YEAR: &str = "Coverage per year";

/// Where things are on Financing, and the figures its formulas give.
pub(super) struct FinancingLayout {
    npv_row: RowNum,
    header_row: RowNum,
    periods: usize,
    /// Per period, as the formulas give them.
    net: Vec<f64>,
    owed: Vec<f64>,
    equity: Vec<f64>,
    pub(super) equity_npv: f64,
}

impl FinancingLayout {
    pub(super) fn new(f: &Financing, cash: &CashLayout) -> FinancingLayout {
        let mut owed = Vec::with_capacity(f.periods.len());
        let mut running = 0.0;
        let mut equity = Vec::with_capacity(f.periods.len());
        let net: Vec<f64> = (0..f.periods.len())
            .map(|t| cash.net.get(t).copied().unwrap_or(0.0))
            .collect();
        for (p, n) in f.periods.iter().zip(&net) {
            running += p.draw_usd + p.principal_usd;
            owed.push(running);
            equity.push(n + p.draw_usd + p.interest_usd + p.principal_usd + p.tax_usd);
        }
        let equity_npv = equity.iter().zip(&cash.factor).map(|(e, d)| e * d).sum();
        FinancingLayout {
            npv_row: 3,
            header_row: 5,
            periods: f.periods.len(),
            net,
            owed,
            equity,
            equity_npv,
        }
    }

    fn row_of(&self, t: usize) -> RowNum {
        self.header_row + 1 + t as RowNum
    }

    fn total_row(&self) -> RowNum {
        self.row_of(self.periods)
    }

    fn year_header_row(&self) -> RowNum {
        self.total_row() + 3
    }

    /// `'Financing'!$C$n`: the total of a column (`draw`).
    pub(super) fn total_of(&self, column: &str) -> String {
        let c = match column {
            "draw" => DRAW,
            _ => EQUITY,
        };
        format!("='{FINANCING}'!${}${}", col_name(c), self.total_row() + 1)
    }

    pub(super) fn equity_npv_ref(&self) -> String {
        format!("='{FINANCING}'!$B${}", self.npv_row + 1)
    }
}

pub(super) fn financing(
    ws: &mut Worksheet,
    fm: &Formats,
    f: &Financing,
    cash: &CashLayout,
) -> Result<(), XlsxError> {
    ws.set_name(FINANCING)?;
    let l = FinancingLayout::new(f, cash);
    ws.write_string_with_format(
        0,
        0,
        "Financing by period, USD (inflows positive)",
        &fm.title,
    )?;
    ws.write_string_with_format(
        1,
        0,
        "Debt outstanding and the equity's cash are formulas of the cells; the project's net and the discount factors follow Cash flows' inputs.",
        &fm.note,
    )?;
    equity_npv(ws, fm, &l)?;
    header(ws, fm, l.header_row, &PERIOD_COLUMNS)?;
    for (t, p) in f.periods.iter().enumerate() {
        period_row(ws, fm, &l, cash, t, p)?;
    }
    totals(ws, fm, &l, f)?;
    ws.write_string_with_format(l.year_header_row() - 1, 0, PER_YEAR, &fm.section)?;
    header(ws, fm, l.year_header_row(), &YEAR_COLUMNS)?;
    for (i, y) in f.years.iter().enumerate() {
        year_row(ws, fm, l.year_header_row() + 1 + i as RowNum, y)?;
    }
    layout(ws, &l)
}

fn equity_npv(ws: &mut Worksheet, fm: &Formats, l: &FinancingLayout) -> Result<(), XlsxError> {
    let (first, last) = (l.row_of(0) + 1, l.total_row());
    let (e, d) = (col_name(EQUITY), col_name(FACTOR_COL));
    ws.write_string_with_format(l.npv_row, 0, EQUITY_NPV, &fm.label_total)?;
    ws.write_formula_with_format(
        l.npv_row,
        1,
        formula(
            format!("=SUMPRODUCT({e}{first}:{e}{last},{d}{first}:{d}{last})"),
            l.equity_npv,
        ),
        &fm.npv,
    )?;
    ws.write_string_with_format(
        l.npv_row,
        2,
        "sum of equity cash × discount factor over the periods",
        &fm.note,
    )?;
    Ok(())
}

fn header(ws: &mut Worksheet, fm: &Formats, h: RowNum, cols: &[&str]) -> Result<(), XlsxError> {
    for (c, name) in cols.iter().enumerate() {
        let f = if c == 0 { &fm.header } else { &fm.header_num };
        ws.write_string_with_format(h, c as ColNum, *name, f)?;
    }
    ws.set_row_height(h, 45)?;
    Ok(())
}

/// Period `t`: the debt's flows as numbers, the rest as formulas.
fn period_row(
    ws: &mut Worksheet,
    fm: &Formats,
    l: &FinancingLayout,
    cash: &CashLayout,
    t: usize,
    p: &FinancingPeriod,
) -> Result<(), XlsxError> {
    let row = l.row_of(t);
    let r = row + 1;
    let c = cash.row_of(t) + 1;
    let col = col_name;
    ws.write_string(row, 0, &p.period)?;
    let net = format!("='{CASH_FLOWS}'!{}{c}", col(NET));
    ws.write_formula_with_format(row, NET_COL, formula(net, l.net[t]), &fm.money)?;
    for (k, x) in [
        (DRAW, p.draw_usd),
        (INTEREST, p.interest_usd),
        (PRINCIPAL, p.principal_usd),
        (TAX, p.tax_usd),
    ] {
        ws.write_number_with_format(row, k, x, &fm.money)?;
    }
    let before = if t == 0 {
        String::new()
    } else {
        format!("{}{}+", col(OWED), r - 1)
    };
    let owed = format!("={before}{}{r}+{}{r}", col(DRAW), col(PRINCIPAL));
    ws.write_formula_with_format(row, OWED, formula(owed, l.owed[t]), &fm.money)?;
    let equity = format!("=SUM({}{r}:{}{r})", col(NET_COL), col(TAX));
    ws.write_formula_with_format(row, EQUITY, formula(equity, l.equity[t]), &fm.money)?;
    let factor = format!("='{CASH_FLOWS}'!{}{c}", col(FACTOR));
    let d = cash.factor.get(t).copied().unwrap_or(0.0);
    ws.write_formula_with_format(row, FACTOR_COL, formula(factor, d), &fm.factor)?;
    let disc = format!("={}{r}*{}{r}", col(EQUITY), col(FACTOR_COL));
    ws.write_formula_with_format(row, DISCOUNTED, formula(disc, l.equity[t] * d), &fm.money)?;
    Ok(())
}

/// Sums of the flows; the discounted total is the equity NPV.
fn totals(
    ws: &mut Worksheet,
    fm: &Formats,
    l: &FinancingLayout,
    f: &Financing,
) -> Result<(), XlsxError> {
    let total = l.total_row();
    let (first, last) = (l.row_of(0) + 1, total);
    ws.write_string_with_format(total, 0, "Total", &fm.label_total)?;
    let sum_of = |get: fn(&FinancingPeriod) -> f64| f.periods.iter().map(get).sum::<f64>();
    let sums: [(ColNum, f64); 7] = [
        (NET_COL, l.net.iter().sum()),
        (DRAW, sum_of(|p| p.draw_usd)),
        (INTEREST, sum_of(|p| p.interest_usd)),
        (PRINCIPAL, sum_of(|p| p.principal_usd)),
        (TAX, sum_of(|p| p.tax_usd)),
        (EQUITY, l.equity.iter().sum()),
        (DISCOUNTED, l.equity_npv),
    ];
    for (c, sum) in sums {
        let n = col_name(c);
        let f = formula(format!("=SUM({n}{first}:{n}{last})"), sum);
        ws.write_formula_with_format(total, c, f, &fm.money_total)?;
    }
    for c in [OWED, FACTOR_COL] {
        ws.write_blank(total, c, &fm.label_total)?;
    }
    Ok(())
}

/// One year: service and covered revenue as numbers, the coverage their
/// ratio (none without service, as plan.json has it: under $1 due).
fn year_row(
    ws: &mut Worksheet,
    fm: &Formats,
    row: RowNum,
    y: &FinancingYear,
) -> Result<(), XlsxError> {
    let r = row + 1;
    ws.write_string(row, 0, &y.year)?;
    ws.write_number_with_format(row, 1, y.debt_service_usd, &fm.money)?;
    ws.write_number_with_format(row, 2, y.covered_revenue_usd, &fm.money)?;
    let f = format!("=IF(B{r}>=1,C{r}/B{r},\"none\")");
    let coverage = match y.coverage {
        Some(_) => {
            Formula::new(&f).set_result(format!("{}", y.covered_revenue_usd / y.debt_service_usd))
        }
        None => Formula::new(&f).set_result("none"),
    };
    ws.write_formula_with_format(row, 3, coverage, &fm.ratio)?;
    ws.write_number_with_format(row, 4, y.tax_usd, &fm.money)?;
    Ok(())
}

fn layout(ws: &mut Worksheet, l: &FinancingLayout) -> Result<(), XlsxError> {
    ws.set_column_width(0, 22)?;
    for c in 1..=DISCOUNTED {
        ws.set_column_width(c, 16)?;
    }
    ws.set_column_width(FACTOR_COL, 12)?;
    ws.set_freeze_panes(l.header_row + 1, 1)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}
