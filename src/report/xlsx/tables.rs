//! The sheets that each hold one Excel table with a filter on every column:
//! deployments, leases, halls, power builds, the segment accounts and
//! committed capex.

use rust_xlsxwriter::{ColNum, RowNum, Table, TableColumn, Worksheet, XlsxError};

use super::formats::Formats;
use super::{text, Cell, Kind};
use super::{COMMITTED_CAPEX, DEPLOYMENTS, HALLS, LEASES, POWER_BUILDS, SEGMENTS};
use crate::doc::PlanDoc;

/// One table's sheet: its name, the table's name, a line above the table,
/// the columns and the rows.
pub(super) struct Sheet {
    pub(super) name: &'static str,
    pub(super) table: &'static str,
    pub(super) intro: Option<String>,
    pub(super) cols: Vec<(&'static str, Kind)>,
    pub(super) rows: Vec<Vec<Cell>>,
}

/// Deployments, leases, halls, power builds, segments and committed capex.
pub(super) fn tables(plan: &PlanDoc) -> Vec<Sheet> {
    vec![
        deployments(plan),
        leases(plan),
        halls(plan),
        power_builds(plan),
        segments(plan),
        committed_capex(plan),
    ]
}

fn deployments(plan: &PlanDoc) -> Sheet {
    use Kind::*;
    let rows = plan.deliveries.iter().map(|d| {
        vec![
            text(&d.site),
            text(&d.sku),
            text(&d.period),
            Cell::Num(d.units),
            Cell::Num(d.retire_age_periods as f64),
            text(d.retires.as_deref().unwrap_or("after the horizon")),
        ]
    });
    Sheet {
        name: DEPLOYMENTS,
        table: "Deployments",
        intro: Some(
            "Hardware deliveries: each a cohort of units that retires at a set age.".into(),
        ),
        cols: vec![
            ("Site", Text),
            ("SKU", Text),
            ("Delivered", Text),
            ("Units", Count),
            ("Retire age (periods)", Int),
            ("Retires", Text),
        ],
        rows: rows.collect(),
    }
}

fn leases(plan: &PlanDoc) -> Sheet {
    use Kind::*;
    let rows = plan.leases.iter().map(|l| {
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
    });
    Sheet {
        name: LEASES,
        table: "Leases",
        intro: Some(
            "Leases signed: GPUs leased out for a tenor at a market-depth tier's price.".into(),
        ),
        cols: vec![
            ("SKU", Text),
            ("Site", Text),
            ("Start", Text),
            ("Tenor", Text),
            ("Tenor (periods)", Int),
            ("Tier", Int),
            ("GPUs", Count),
            ("Price (USD per GPU-hour)", Price),
        ],
        rows: rows.collect(),
    }
}

fn halls(plan: &PlanDoc) -> Sheet {
    use Kind::*;
    let rows = plan.halls.iter().map(|h| {
        vec![
            text(&h.site),
            text(&h.hall),
            text(&h.cooling),
            Cell::Num(h.it_mw),
            text(h.start.as_deref().unwrap_or("already standing")),
            text(&h.ready),
        ]
    });
    Sheet {
        name: HALLS,
        table: "Halls",
        intro: Some("Data halls: construction start and the period the hall is ready.".into()),
        cols: vec![
            ("Site", Text),
            ("Hall", Text),
            ("Cooling", Text),
            ("IT capacity (MW)", Mw),
            ("Construction start", Text),
            ("Ready", Text),
        ],
        rows: rows.collect(),
    }
}

fn power_builds(plan: &PlanDoc) -> Sheet {
    use Kind::*;
    let rows = plan.power_builds.iter().map(|p| {
        vec![
            text(&p.site),
            text(&p.option),
            text(&p.kind),
            text(&p.order),
            text(&p.online),
            Cell::Num(p.mw),
        ]
    });
    Sheet {
        name: POWER_BUILDS,
        table: "PowerBuilds",
        intro: Some("Power built: ordered in one period, online in a later one.".into()),
        cols: vec![
            ("Site", Text),
            ("Option", Text),
            ("Kind", Text),
            ("Ordered", Text),
            ("Online", Text),
            ("MW", Mw),
        ],
        rows: rows.collect(),
    }
}

/// The segment accounts (docs/model.md §9.1).
fn segments(plan: &PlanDoc) -> Sheet {
    use Kind::*;
    let opt = |x: Option<f64>| x.map(Cell::Num).unwrap_or_else(|| text("–"));
    let mut rows = Vec::new();
    for y in &plan.segments.years {
        for (name, a) in [("leasing", &y.leasing), ("internal", &y.internal)] {
            rows.push(vec![
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
    Sheet {
        name: SEGMENTS,
        table: "Segments",
        intro: Some(
            "Leasing and internal training per year and over the horizon (docs/model.md §9.1); \
             internal revenue is compute at its value, not cash."
                .into(),
        ),
        cols: vec![
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
        rows,
    }
}

/// Capex by the quarter it is committed (docs/model.md §9.2).
fn committed_capex(plan: &PlanDoc) -> Sheet {
    use Kind::*;
    let rows = plan.capital.committed_capex.iter().map(|c| {
        vec![
            text(&c.quarter),
            Cell::Num(c.hardware_usd),
            Cell::Num(c.halls_usd),
            Cell::Num(c.power_usd),
            Cell::Num(c.sites_usd),
            Cell::Num(c.total_usd),
        ]
    });
    Sheet {
        name: COMMITTED_CAPEX,
        table: "CommittedCapex",
        intro: Some("Capex by the quarter it is committed (docs/model.md §9.2).".into()),
        cols: vec![
            ("Quarter", Text),
            ("Hardware (USD)", Money),
            ("Halls (USD)", Money),
            ("Power (USD)", Money),
            ("Site development (USD)", Money),
            ("Total (USD)", Money),
        ],
        rows: rows.collect(),
    }
}

/// A sheet holding one Excel table with a filter on each column, its
/// header frozen; "none" where the plan has no rows.
pub(super) fn table_sheet(ws: &mut Worksheet, fm: &Formats, s: Sheet) -> Result<(), XlsxError> {
    ws.set_name(s.name)?;
    let h: RowNum = if let Some(intro) = &s.intro {
        ws.write_string_with_format(0, 0, intro, &fm.note)?;
        2
    } else {
        0
    };
    put_table(ws, fm, h, s.table, &s.cols, &s.rows)?;
    ws.set_freeze_panes(h + 1, 0)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(h, h)?;
    Ok(())
}

/// The table at header row `h`, with column widths to fit.
pub(super) fn put_table(
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
    // Every header formatted alike: LibreOffice does not draw Excel's
    // table styles.
    let header_format = |kind: Kind| {
        if kind == Kind::Text {
            &fm.header
        } else {
            &fm.header_num
        }
    };
    if rows.is_empty() {
        for (c, (header, kind)) in cols.iter().enumerate() {
            ws.write_string_with_format(h, c as ColNum, *header, header_format(*kind))?;
        }
        ws.write_string_with_format(h + 1, 0, "None in this plan.", &fm.note)?;
    } else {
        let columns: Vec<TableColumn> = cols
            .iter()
            .map(|(header, kind)| {
                TableColumn::new()
                    .set_header(*header)
                    .set_header_format(header_format(*kind).clone())
            })
            .collect();
        let table = Table::new().set_name(table_name).set_columns(&columns);
        let last_col = cols.len() as ColNum - 1;
        ws.add_table(h, 0, h + rows.len() as RowNum, last_col, &table)?;
    }
    fit_columns(ws, cols, rows)
}

/// Each column as wide as its widest cell or header, within 8–60.
fn fit_columns(
    ws: &mut Worksheet,
    cols: &[(&'static str, Kind)],
    rows: &[Vec<Cell>],
) -> Result<(), XlsxError> {
    for (c, (header, kind)) in cols.iter().enumerate() {
        let content = rows
            .iter()
            .map(|r| match &r[c] {
                Cell::Text(s) => s.chars().count(),
                Cell::Num(_) => match kind {
                    Kind::Rate => 18,
                    Kind::Price | Kind::Count | Kind::Mw | Kind::Money => 10,
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
