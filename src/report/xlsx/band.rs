//! The Identity band sheet, written when band.json was found around this
//! plan (`capplan alternatives` puts it beside the optimum's plan.json):
//! each metric's least, optimum and most among the plans within the slack,
//! the plans that reached them and whether each was proven optimal or
//! stopped at a MIP gap; then every plan of the exploration.

use rust_xlsxwriter::{Format, RowNum, Worksheet, XlsxError};

use super::formats::Formats;
use super::tables::put_table;
use super::{text, Cell, Kind, IDENTITY_BAND};
use crate::doc::band::{BandDoc, BandRow};
use crate::report::band::extreme_found;
use crate::units::{excel, pct};

pub(super) fn band(ws: &mut Worksheet, fm: &Formats, doc: &BandDoc) -> Result<(), XlsxError> {
    ws.set_name(IDENTITY_BAND)?;
    let title = format!("Identity band of {}", doc.plan);
    ws.write_string_with_format(0, 0, title, &fm.title)?;
    ws.write_string_with_format(1, 0, lede(doc), &fm.note)?;
    let h: RowNum = 3;
    metric_table(ws, fm, h, doc)?;
    let plans_h = h + doc.band.len().max(1) as RowNum + 3;
    ws.write_string_with_format(plans_h - 1, 0, "Plans found", &fm.section)?;
    plan_table(ws, fm, plans_h, doc)?;
    ws.set_column_width(0, 34)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn lede(doc: &BandDoc) -> String {
    format!(
        "{} plans{} whose objective (NPV less the unmet-demand penalty) is within {} of the best (${:.0}), every one at least ${:.0}; {} solves. Where a range is wide the value is a choice, not an economic necessity.",
        doc.plans.len(),
        if doc.relaxed { " of the LP relaxation" } else { "" },
        pct(doc.slack),
        doc.best_objective_usd,
        doc.floor_usd,
        doc.solves
    )
}

/// How an extreme was found: `optimal`, or `at a 1.20% gap` when the solve
/// that sought it stopped short (it may lie further out).
fn found(doc: &BandDoc, b: &BandRow, least: bool) -> String {
    extreme_found(doc, b, least).unwrap_or_else(|| "optimal".into())
}

/// Metric, unit, least, optimum, most, where each extreme was found and how.
/// Each row's numbers in its metric's format: a share, USD, GPUs, MW.
fn metric_table(
    ws: &mut Worksheet,
    fm: &Formats,
    h: RowNum,
    doc: &BandDoc,
) -> Result<(), XlsxError> {
    use Kind::*;
    let rows: Vec<Vec<Cell>> = doc
        .band
        .iter()
        .map(|b| {
            vec![
                text(&b.label),
                text(&b.unit),
                Cell::Num(b.min),
                Cell::Num(b.optimum),
                Cell::Num(b.max),
                text(&b.min_plan),
                text(found(doc, b, true)),
                text(&b.max_plan),
                text(found(doc, b, false)),
            ]
        })
        .collect();
    let cols = [
        ("Metric", Text),
        ("Unit", Text),
        ("Least", Count),
        ("Optimum", Count),
        ("Most", Count),
        ("Least found in", Text),
        ("Least found", Text),
        ("Most found in", Text),
        ("Most found", Text),
    ];
    put_table(ws, fm, h, "IdentityBand", &cols, &rows)?;
    // Each metric in its own unit's format.
    for (i, b) in doc.band.iter().enumerate() {
        let row = h + 1 + i as RowNum;
        let f = unit_format(&b.unit);
        for (c, x) in [(2, b.min), (3, b.optimum), (4, b.max)] {
            ws.write_number_with_format(row, c, x, &f)?;
        }
    }
    for c in 2..=4 {
        ws.set_column_width(c, 18)?;
    }
    Ok(())
}

fn unit_format(unit: &str) -> Format {
    Format::new().set_num_format(match unit {
        "share" => excel::PCT,
        "usd" => excel::MONEY,
        "mw" => excel::MW,
        "sites" => excel::RATIO,
        _ => excel::COUNT,
    })
}

/// Every plan of the exploration: name, what it optimised, NPV, objective,
/// status, MIP gap, solves.
fn plan_table(ws: &mut Worksheet, fm: &Formats, h: RowNum, doc: &BandDoc) -> Result<(), XlsxError> {
    use Kind::*;
    let rows: Vec<Vec<Cell>> = doc
        .plans
        .iter()
        .map(|p| {
            vec![
                text(&p.name),
                text(p.metric.as_deref().unwrap_or("–")),
                text(p.sense.as_deref().unwrap_or("–")),
                Cell::Num(p.npv_usd),
                Cell::Num(p.objective_usd),
                text(&p.status),
                p.mip_gap.map(Cell::Num).unwrap_or_else(|| text("–")),
                Cell::Num(p.solves as f64),
            ]
        })
        .collect();
    let cols = [
        ("Plan", Text),
        ("Metric", Text),
        ("Sense", Text),
        ("NPV", Money),
        ("Objective", Money),
        ("Status", Text),
        ("MIP gap", Pct),
        ("Solves", Int),
    ];
    put_table(ws, fm, h, "BandPlans", &cols, &rows)
}
