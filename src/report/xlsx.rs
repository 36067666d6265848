//! plan.xlsx: the plan as a finance workbook, drawn from plan.json alone so
//! `solve` and `capplan report DIR` write the same bytes.
//!
//! Sheets: Summary (the headline metrics), Cash flows (quarterly by category,
//! with the net, the discount factors, the discounted net and the NPV as live
//! formulas from a rate cell a reader can change), Deployments, Leases, Halls
//! and Power builds (Excel tables with filters), and Shadow prices.
//!
//! Every formula carries its result as computed here, so a reader that does
//! not recalculate (a viewer, LibreOffice's default for xlsx) shows the plan's
//! figures; Excel recalculates on opening. The creation date is fixed: the
//! same plan gives the same bytes.

use rust_xlsxwriter::{
    ColNum, Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula,
    RowNum, Table, TableColumn, Workbook, Worksheet, XlsxError,
};

use crate::doc::PlanDoc;
use crate::units::excel;

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
pub const SHADOW_PRICES: &str = "Shadow prices";

/// Labels in column A of Cash flows, above the table: the inputs and the NPV.
pub const RATE_PER_YEAR: &str = "Discount rate per year";
pub const PERIODS_PER_YEAR: &str = "Periods per year";
pub const RATE_PER_PERIOD: &str = "Discount rate per period";
pub const WEIGHT: &str = "Internal value weight";
pub const NPV: &str = "NPV";

/// The workbook of `plan`, as the bytes of an .xlsx file.
pub fn plan_xlsx(plan: &PlanDoc) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let fm = Formats::new(plan.solver.relaxed);
    let cash = CashLayout::new(plan);
    summary(wb.add_worksheet(), &fm, plan, &cash)?;
    cash_flows(wb.add_worksheet(), &fm, plan, &cash)?;
    for (name, table, intro, cols, rows) in tables(plan) {
        table_sheet(wb.add_worksheet(), &fm, name, table, intro, &cols, rows)?;
    }
    shadow_prices(wb.add_worksheet(), &fm, plan)?;
    // Names a finance reader can use in their own formulas.
    let cf = format!("'{CASH_FLOWS}'");
    wb.define_name(
        "RatePerYear",
        &format!("={cf}!$B${}", cash.rate_year_row + 1),
    )?;
    wb.define_name("PeriodsPerYear", &format!("={cf}!$B${}", cash.ppy_row + 1))?;
    wb.define_name("RatePerPeriod", &format!("={cf}!$B${}", cash.rate_row + 1))?;
    wb.define_name(
        "InternalValueWeight",
        &format!("={cf}!$B${}", cash.weight_row + 1),
    )?;
    wb.define_name("PlanNPV", &format!("={cf}!$B${}", cash.npv_row + 1))?;
    let props = DocProperties::new()
        .set_title(format!("capplan plan: {}", plan.scenario))
        .set_comment("Drawn by capplan from plan.json")
        // Fixed, so the same plan gives the same bytes (run.json has the time).
        .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?);
    wb.set_properties(&props);
    wb.save_to_buffer()
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

struct Formats {
    title: Format,
    subtitle: Format,
    section: Format,
    header: Format,
    header_num: Format,
    note: Format,
    text: Format,
    input_pct: Format,
    input_num: Format,
    pct: Format,
    money: Format,
    money_total: Format,
    label_total: Format,
    npv: Format,
    price: Format,
    rate: Format,
    mw: Format,
    count: Format,
    int: Format,
    factor: Format,
    weight: Format,
}

impl Formats {
    fn new(relaxed: bool) -> Formats {
        let input = Format::new()
            .set_background_color(Color::RGB(0xFFF2CC))
            .set_font_color(Color::RGB(0x1F4E9A))
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF));
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border_bottom(FormatBorder::Thin);
        let total = Format::new().set_bold().set_border_top(FormatBorder::Thin);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            subtitle: Format::new().set_italic(),
            section: Format::new()
                .set_bold()
                .set_border_bottom(FormatBorder::Thin),
            header_num: header.clone().set_align(FormatAlign::Right),
            header,
            note: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            text: Format::new(),
            input_pct: input.clone().set_num_format(excel::PCT),
            input_num: input.set_num_format("0.00"),
            pct: Format::new().set_num_format(excel::PCT),
            money: Format::new().set_num_format(excel::MONEY),
            money_total: total.clone().set_num_format(excel::MONEY),
            label_total: total,
            npv: Format::new()
                .set_bold()
                .set_num_format(excel::MONEY)
                .set_border(FormatBorder::Thin),
            price: Format::new().set_num_format(excel::PRICE),
            rate: Format::new().set_num_format(excel::RATE),
            mw: Format::new().set_num_format(excel::MW),
            count: Format::new().set_num_format(if relaxed {
                excel::COUNT_FRACTIONAL
            } else {
                excel::COUNT
            }),
            int: Format::new()
                .set_num_format("0")
                .set_align(FormatAlign::Center),
            factor: Format::new().set_num_format(excel::FACTOR),
            weight: Format::new().set_num_format("0.00"),
        }
    }

    fn of(&self, k: Kind) -> &Format {
        match k {
            Kind::Text => &self.text,
            Kind::Price => &self.price,
            Kind::Rate => &self.rate,
            Kind::Mw => &self.mw,
            Kind::Count => &self.count,
            Kind::Int => &self.int,
            Kind::Money => &self.money,
            Kind::Pct => &self.pct,
        }
    }
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

// ---------------------------------------------------------------------------
// Cash flows

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
const NET: ColNum = FIRST_CATEGORY + CATEGORIES.len() as ColNum;
const FACTOR: ColNum = NET + 1;
const DISCOUNTED: ColNum = NET + 2;

fn categories(c: &crate::doc::CashFlow) -> [f64; 11] {
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
struct CashLayout {
    rate_year_row: RowNum,
    ppy_row: RowNum,
    rate_row: RowNum,
    weight_row: RowNum,
    npv_row: RowNum,
    header_row: RowNum,
    /// The annual rate equivalent to the plan's discount factors.
    rate_per_year: f64,
    periods_per_year: f64,
    rate_per_period: f64,
    /// Per period: net, discount factor, discounted net, as the formulas give them.
    net: Vec<f64>,
    factor: Vec<f64>,
    npv: f64,
}

impl CashLayout {
    fn new(plan: &PlanDoc) -> CashLayout {
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
        let net: Vec<f64> = plan
            .cash_flows
            .iter()
            .map(|c| {
                let cats = categories(c);
                let others: f64 = cats
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != INTERNAL)
                    .map(|(_, x)| x)
                    .sum();
                others + w * cats[INTERNAL]
            })
            .collect();
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

    fn first_row(&self) -> RowNum {
        self.header_row + 1
    }

    fn last_row(&self) -> RowNum {
        self.header_row + self.net.len() as RowNum
    }

    /// `$B$n` of a parameter row.
    fn param(&self, row: RowNum) -> String {
        format!("$B${}", row + 1)
    }
}

fn cash_flows(
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
    ws.write_formula_with_format(
        l.rate_row,
        1,
        formula(
            format!(
                "=(1+{})^(1/{})-1",
                l.param(l.rate_year_row),
                l.param(l.ppy_row)
            ),
            l.rate_per_period,
        ),
        &Format::new().set_num_format("0.0000%"),
    )?;
    ws.write_string_with_format(
        l.rate_row,
        2,
        "discount factor of period t = 1 / (1 + rate per period)^t",
        &fm.note,
    )?;
    ws.write_string(l.weight_row, 0, WEIGHT)?;
    ws.write_number_with_format(
        l.weight_row,
        1,
        plan.metrics.internal_value_weight,
        &fm.input_num,
    )?;
    ws.write_string_with_format(
        l.weight_row,
        2,
        "share of internal value counted in the net",
        &fm.note,
    )?;
    ws.write_string_with_format(l.npv_row, 0, NPV, &fm.label_total)?;
    let (first, last) = (l.first_row() + 1, l.last_row() + 1);
    let net_col = col_name(NET);
    let factor_col = col_name(FACTOR);
    ws.write_formula_with_format(
        l.npv_row,
        1,
        formula(
            format!(
                "=SUMPRODUCT({net_col}{first}:{net_col}{last},{factor_col}{first}:{factor_col}{last})"
            ),
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

    // The table.
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
    let weight = l.param(l.weight_row);
    let rate = l.param(l.rate_row);
    let internal = col_name(FIRST_CATEGORY + INTERNAL as ColNum);
    let before = (
        col_name(FIRST_CATEGORY),
        col_name(FIRST_CATEGORY + INTERNAL as ColNum - 1),
    );
    let after = (
        col_name(FIRST_CATEGORY + INTERNAL as ColNum + 1),
        col_name(NET - 1),
    );
    for (t, c) in plan.cash_flows.iter().enumerate() {
        let row = l.first_row() + t as RowNum;
        let r = row + 1;
        ws.write_string(row, 0, &c.period)?;
        ws.write_number(row, 1, (t + 1) as f64)?;
        for (i, x) in categories(c).iter().enumerate() {
            ws.write_number_with_format(row, FIRST_CATEGORY + i as ColNum, *x, &fm.money)?;
        }
        ws.write_formula_with_format(
            row,
            NET,
            formula(
                format!(
                    "=SUM({}{r}:{}{r})+SUM({}{r}:{}{r})+{weight}*{internal}{r}",
                    before.0, before.1, after.0, after.1
                ),
                l.net[t],
            ),
            &fm.money,
        )?;
        ws.write_formula_with_format(
            row,
            FACTOR,
            formula(format!("=1/(1+{rate})^B{r}"), l.factor[t]),
            &fm.factor,
        )?;
        ws.write_formula_with_format(
            row,
            DISCOUNTED,
            formula(
                format!("={net_col}{r}*{factor_col}{r}"),
                l.net[t] * l.factor[t],
            ),
            &fm.money,
        )?;
    }
    // Totals: undiscounted by category and net; the discounted total is the NPV.
    let total = l.last_row() + 1;
    ws.write_string_with_format(total, 0, "Total", &fm.label_total)?;
    ws.write_blank(total, 1, &fm.label_total)?;
    for c in FIRST_CATEGORY..=DISCOUNTED {
        let name = col_name(c);
        let sum: f64 = match c {
            NET => l.net.iter().sum(),
            DISCOUNTED => l.npv,
            FACTOR => {
                ws.write_blank(total, c, &fm.label_total)?;
                continue;
            }
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

    ws.set_column_width(0, 26)?;
    // Wide enough for the inputs and the NPV above the table.
    ws.set_column_width(1, 17)?;
    for c in FIRST_CATEGORY..=DISCOUNTED {
        ws.set_column_width(c, 15)?;
    }
    ws.set_column_width(FACTOR, 10)?;
    ws.set_freeze_panes(h + 1, 2)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(h, h)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Summary

fn summary(
    ws: &mut Worksheet,
    fm: &Formats,
    plan: &PlanDoc,
    cash: &CashLayout,
) -> Result<(), XlsxError> {
    ws.set_name(SUMMARY)?;
    let m = &plan.metrics;
    ws.write_string_with_format(0, 0, format!("Capacity plan: {}", plan.scenario), &fm.title)?;
    if let Some(d) = &plan.description {
        ws.write_string_with_format(1, 0, d.trim(), &fm.subtitle)?;
    }
    let mut row: RowNum = 3;
    let section = |ws: &mut Worksheet, row: &mut RowNum, name: &str| {
        let r = ws
            .write_string_with_format(*row, 0, name, &fm.section)
            .and_then(|ws| ws.write_blank(*row, 1, &fm.section))
            .and_then(|ws| ws.write_blank(*row, 2, &fm.section))
            .map(|_| ());
        *row += 1;
        r
    };
    section(ws, &mut row, "Plan and solver")?;
    let periods = match (plan.periods.first(), plan.periods.last()) {
        (Some(a), Some(b)) => format!("{a} to {b} ({} periods)", plan.periods.len()),
        _ => "none".into(),
    };
    let s = &plan.solver;
    let mut put_text = |ws: &mut Worksheet, label: &str, value: &str| -> Result<(), XlsxError> {
        ws.write_string(row, 0, label)?;
        ws.write_string(row, 1, value)?;
        row += 1;
        Ok(())
    };
    put_text(ws, "Scenario", &plan.scenario)?;
    put_text(ws, "Periods", &periods)?;
    put_text(ws, "Solver", &s.backend)?;
    put_text(ws, "Solver status", &s.status)?;
    put_text(
        ws,
        "Integrality relaxed",
        if s.relaxed {
            "yes (LP relaxation)"
        } else {
            "no"
        },
    )?;
    ws.write_string(row, 0, "MIP gap")?;
    match s.mip_gap {
        Some(g) => ws.write_number_with_format(row, 1, g, &fm.pct)?,
        None => ws.write_string(row, 1, "none (an LP)")?,
    };
    row += 1;
    ws.write_string(row, 0, "Objective")?;
    ws.write_number_with_format(row, 1, s.objective_usd, &fm.money)?;
    ws.write_string_with_format(row, 2, "NPV less the unmet-demand penalty", &fm.note)?;
    row += 2;

    section(ws, &mut row, "Metrics")?;
    ws.write_string_with_format(row, 0, "NPV", &fm.label_total)?;
    ws.write_formula_with_format(
        row,
        1,
        formula(
            format!("='{CASH_FLOWS}'!{}", cash.param(cash.npv_row)),
            m.npv_usd,
        ),
        &fm.npv,
    )?;
    ws.write_string_with_format(
        row,
        2,
        "discounted net cash flow, internal value weighted; from Cash flows, follows its rate",
        &fm.note,
    )?;
    row += 1;
    ws.write_string(row, 0, "IRR per year")?;
    match m.irr {
        Some(x) => ws.write_number_with_format(row, 1, x, &fm.pct)?,
        None => ws.write_string(row, 1, "undefined")?,
    };
    ws.write_string_with_format(row, 2, "of the net cash flows", &fm.note)?;
    row += 1;
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
        ws.write_string(row, 0, label)?;
        ws.write_number_with_format(row, 1, x, &fm.money)?;
        ws.write_string_with_format(row, 2, note, &fm.note)?;
        row += 1;
    }
    ws.write_string(row, 0, "Internal value weight")?;
    ws.write_number_with_format(row, 1, m.internal_value_weight, &fm.weight)?;
    row += 1;
    ws.write_string(row, 0, "Leased share")?;
    ws.write_number_with_format(row, 1, m.leased_share, &fm.pct)?;
    ws.write_string_with_format(
        row,
        2,
        "leased GPU-hours over installed GPU-hours",
        &fm.note,
    )?;
    row += 1;
    let whole = Format::new().set_num_format(excel::COUNT);
    for (label, x) in [
        ("GPUs at end", m.gpus_end),
        ("GPUs leased at end", m.gpus_leased_end),
        ("GPUs internal at end", m.gpus_internal_end),
    ] {
        ws.write_string(row, 0, label)?;
        ws.write_number_with_format(row, 1, x as f64, &whole)?;
        row += 1;
    }
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 22)?;
    ws.set_column_width(2, 70)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

// ---------------------------------------------------------------------------
// Tables

type Columns = Vec<(&'static str, Kind)>;
type Sheet = (
    &'static str,
    &'static str,
    Option<String>,
    Columns,
    Vec<Vec<Cell>>,
);

/// Deployments, leases, halls and power builds: name, table name, a line
/// above the table, columns and rows.
fn tables(plan: &PlanDoc) -> Vec<Sheet> {
    let deployments = plan
        .deliveries
        .iter()
        .map(|d| {
            vec![
                text(&d.site),
                text(&d.sku),
                text(&d.period),
                Cell::Num(d.units),
                Cell::Num(d.retire_age_periods as f64),
                text(d.retires.as_deref().unwrap_or("after the horizon")),
            ]
        })
        .collect();
    let leases = plan
        .leases
        .iter()
        .map(|l| {
            vec![
                text(&l.sku),
                text(&l.site),
                text(&l.start),
                text(&l.tenor),
                Cell::Num(l.tenor_periods as f64),
                Cell::Num(l.tier as f64),
                Cell::Num(l.gpus),
                Cell::Num(l.price_usd_per_gpu_hr),
            ]
        })
        .collect();
    let halls = plan
        .halls
        .iter()
        .map(|h| {
            vec![
                text(&h.site),
                text(&h.hall),
                text(&h.cooling),
                Cell::Num(h.it_mw),
                text(h.start.as_deref().unwrap_or("already standing")),
                text(&h.ready),
            ]
        })
        .collect();
    let power = plan
        .power_builds
        .iter()
        .map(|p| {
            vec![
                text(&p.site),
                text(&p.option),
                text(&p.kind),
                text(&p.order),
                text(&p.online),
                Cell::Num(p.mw),
            ]
        })
        .collect();
    use Kind::*;
    let mut sheets = vec![
        (
            DEPLOYMENTS,
            "Deployments",
            Some("Hardware deliveries: each a cohort of units that retires at a set age.".into()),
            vec![
                ("Site", Text),
                ("SKU", Text),
                ("Delivered", Text),
                ("Units", Count),
                ("Retire age (periods)", Int),
                ("Retires", Text),
            ],
            deployments,
        ),
        (
            LEASES,
            "Leases",
            Some(
                "Leases signed: GPUs leased out for a tenor at a market-depth tier's price.".into(),
            ),
            vec![
                ("SKU", Text),
                ("Site", Text),
                ("Start", Text),
                ("Tenor", Text),
                ("Tenor (periods)", Int),
                ("Tier", Int),
                ("GPUs", Count),
                ("Price (USD per GPU-hour)", Price),
            ],
            leases,
        ),
        (
            HALLS,
            "Halls",
            Some("Data halls: construction start and the period the hall is ready.".into()),
            vec![
                ("Site", Text),
                ("Hall", Text),
                ("Cooling", Text),
                ("IT capacity (MW)", Mw),
                ("Construction start", Text),
                ("Ready", Text),
            ],
            halls,
        ),
        (
            POWER_BUILDS,
            "PowerBuilds",
            Some("Power built: ordered in one period, online in a later one.".into()),
            vec![
                ("Site", Text),
                ("Option", Text),
                ("Kind", Text),
                ("Ordered", Text),
                ("Online", Text),
                ("MW", Mw),
            ],
            power,
        ),
    ];
    sheets.extend(finance_tables(plan));
    sheets
}

/// The segment accounts and committed capex (docs/model.md §9.1, §9.2).
fn finance_tables(plan: &PlanDoc) -> Vec<Sheet> {
    use Kind::*;
    let opt = |x: Option<f64>| x.map(Cell::Num).unwrap_or_else(|| text("–"));
    let mut segments = Vec::new();
    for y in &plan.segments.years {
        for (name, a) in [("leasing", &y.leasing), ("internal", &y.internal)] {
            segments.push(vec![
                text(&y.year),
                text(name),
                Cell::Num(a.gpu_hours),
                Cell::Num(a.revenue_usd),
                Cell::Num(a.direct_cost_usd),
                Cell::Num(a.ebitda_usd),
                opt(a.ebitda_margin),
                Cell::Num(a.depreciation_usd),
                Cell::Num(a.disposal_gain_usd),
                Cell::Num(a.ebit_usd),
                opt(a.ebit_margin),
                Cell::Num(a.capital_employed_usd),
                opt(a.return_on_capital),
            ]);
        }
    }
    let committed = plan
        .capital
        .committed_capex
        .iter()
        .map(|c| {
            vec![
                text(&c.quarter),
                Cell::Num(c.hardware_usd),
                Cell::Num(c.halls_usd),
                Cell::Num(c.power_usd),
                Cell::Num(c.sites_usd),
                Cell::Num(c.total_usd),
            ]
        })
        .collect();
    vec![
        (
            SEGMENTS,
            "Segments",
            Some(
                "Leasing and internal training per year and over the horizon (docs/model.md §9.1); \
                 internal revenue is compute at its value, not cash."
                    .into(),
            ),
            vec![
                ("Year", Text),
                ("Segment", Text),
                ("GPU-hours", Count),
                ("Revenue (USD)", Money),
                ("Direct costs (USD)", Money),
                ("EBITDA (USD)", Money),
                ("EBITDA margin", Pct),
                ("Depreciation (USD)", Money),
                ("Disposal gains (USD)", Money),
                ("EBIT (USD)", Money),
                ("EBIT margin", Pct),
                ("Capital employed (USD)", Money),
                ("Return on capital", Pct),
            ],
            segments,
        ),
        (
            COMMITTED_CAPEX,
            "CommittedCapex",
            Some("Capex by the quarter it is committed (docs/model.md §9.2).".into()),
            vec![
                ("Quarter", Text),
                ("Hardware (USD)", Money),
                ("Halls (USD)", Money),
                ("Power (USD)", Money),
                ("Site development (USD)", Money),
                ("Total (USD)", Money),
            ],
            committed,
        ),
    ]
}

/// A sheet holding one Excel table with a filter on each column, its
/// header frozen; "none" where the plan has no rows.
fn table_sheet(
    ws: &mut Worksheet,
    fm: &Formats,
    name: &str,
    table_name: &str,
    intro: Option<String>,
    cols: &[(&'static str, Kind)],
    rows: Vec<Vec<Cell>>,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let h: RowNum = if let Some(intro) = &intro {
        ws.write_string_with_format(0, 0, intro, &fm.note)?;
        2
    } else {
        0
    };
    put_table(ws, fm, h, table_name, cols, &rows)?;
    ws.set_freeze_panes(h + 1, 0)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(h, h)?;
    Ok(())
}

/// The table at header row `h`, with column widths to fit.
fn put_table(
    ws: &mut Worksheet,
    fm: &Formats,
    h: RowNum,
    table_name: &str,
    cols: &[(&'static str, Kind)],
    rows: &[Vec<Cell>],
) -> Result<(), XlsxError> {
    for (r, cells) in rows.iter().enumerate() {
        let row = h + 1 + r as RowNum;
        for (c, cell) in cells.iter().enumerate() {
            let f = fm.of(cols[c].1);
            match cell {
                Cell::Text(s) => ws.write_string_with_format(row, c as ColNum, s, f)?,
                Cell::Num(x) => ws.write_number_with_format(row, c as ColNum, *x, f)?,
            };
        }
    }
    let last_col = cols.len() as ColNum - 1;
    if rows.is_empty() {
        for (c, (header, kind)) in cols.iter().enumerate() {
            let f = if *kind == Kind::Text {
                &fm.header
            } else {
                &fm.header_num
            };
            ws.write_string_with_format(h, c as ColNum, *header, f)?;
        }
        ws.write_string_with_format(h + 1, 0, "None in this plan.", &fm.note)?;
    } else {
        let columns: Vec<TableColumn> = cols
            .iter()
            .map(|(header, kind)| {
                // Every header formatted alike: LibreOffice does not draw
                // Excel's table styles.
                let f = if *kind == Kind::Text {
                    &fm.header
                } else {
                    &fm.header_num
                };
                TableColumn::new()
                    .set_header(*header)
                    .set_header_format(f.clone())
            })
            .collect();
        let table = Table::new().set_name(table_name).set_columns(&columns);
        ws.add_table(h, 0, h + rows.len() as RowNum, last_col, &table)?;
    }
    for (c, (header, kind)) in cols.iter().enumerate() {
        let content = rows
            .iter()
            .map(|r| match &r[c] {
                Cell::Text(s) => s.chars().count(),
                Cell::Num(_) => match kind {
                    Kind::Rate => 18,
                    Kind::Price | Kind::Count | Kind::Mw => 10,
                    _ => 6,
                },
            })
            .max()
            .unwrap_or(0);
        // Room for the header and its filter button.
        let width = content.max(header.chars().count() + 4).clamp(8, 60);
        ws.set_column_width(c as ColNum, width as f64 + 1.0)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Shadow prices

fn shadow_prices(ws: &mut Worksheet, fm: &Formats, plan: &PlanDoc) -> Result<(), XlsxError> {
    let sp = &plan.shadow_prices;
    let basis = match sp.basis.as_deref() {
        Some("lp") => {
            "NPV gained per unit more of each limit (duals of the LP); filter Binds on yes for the limits that bind."
        }
        Some("fixed_binaries") => {
            "NPV gained per unit more of each limit (duals of the MILP's LP with its yes/no decisions fixed); filter Binds on yes for the limits that bind."
        }
        Some(_) => "NPV gained per unit more of each limit; filter Binds on yes for the limits that bind.",
        None => "This solve gives no duals, so no shadow prices.",
    };
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut push = |limit: &str, on: String, period: &str, x: f64, unit: &str| {
        // A price under a cent in its unit is a limit with room.
        let binds = if x.abs() >= 0.005 { "yes" } else { "no" };
        rows.push(vec![
            text(limit),
            text(on),
            text(period),
            Cell::Num(x),
            text(unit),
            text(binds),
        ])
    };
    for p in &sp.power {
        push(
            "Power",
            p.site.clone(),
            &p.period,
            p.usd_per_mw,
            "USD per MW",
        );
    }
    for p in &sp.supply {
        push(
            "Supply",
            p.sku.clone(),
            &p.period,
            p.usd_per_unit,
            "USD per unit",
        );
    }
    for p in &sp.halls {
        push(
            "Hall space",
            format!("{} ({})", p.site, p.cooling),
            &p.period,
            p.usd_per_mw,
            "USD per MW",
        );
    }
    for p in &sp.budget {
        push(
            "Capex budget",
            String::new(),
            p.period.as_deref().unwrap_or("whole horizon"),
            p.usd_per_usd,
            "USD per USD",
        );
    }
    for p in &sp.market_depth {
        push(
            "Lease market depth",
            format!("{} tier {}", p.sku, p.tier),
            &p.period,
            p.usd_per_gpu,
            "USD per GPU",
        );
    }
    for p in &sp.demand_floor {
        push(
            "Internal demand floor",
            String::new(),
            &p.period,
            p.usd_per_h100e,
            "USD per H100e",
        );
    }
    for p in &sp.training_runs {
        push(
            "Training run cluster",
            format!("{} at {}", p.run, p.site),
            &p.period,
            p.usd_per_gpu,
            "USD per GPU",
        );
    }
    use Kind::*;
    table_sheet(
        ws,
        fm,
        SHADOW_PRICES,
        "ShadowPrices",
        Some(basis.into()),
        &[
            ("Limit", Text),
            ("On", Text),
            ("Period", Text),
            ("Shadow price", Rate),
            ("Unit", Text),
            ("Binds", Text),
        ],
        rows,
    )
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
