//! The Shadow prices sheet: every priced limit of the plan, one table.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::formats::Formats;
use super::tables::{table_sheet, Sheet};
use super::{text, Cell, Kind, SHADOW_PRICES};
use crate::doc::{PlanDoc, ShadowPrices};

pub(super) fn shadow_prices(
    ws: &mut Worksheet,
    fm: &Formats,
    plan: &PlanDoc,
) -> Result<(), XlsxError> {
    let sp = &plan.shadow_prices;
    use Kind::*;
    let sheet = Sheet {
        name: SHADOW_PRICES,
        table: "ShadowPrices",
        intro: Some(basis_note(sp.basis.as_deref()).into()),
        cols: vec![
            ("Limit", Text),
            ("On", Text),
            ("Period", Text),
            ("Shadow price", Rate),
            ("Unit", Text),
            ("Binds", Text),
        ],
        rows: rows(sp),
    };
    table_sheet(ws, fm, sheet)
}

/// The line above the table: what the prices are duals of.
fn basis_note(basis: Option<&str>) -> &'static str {
    match basis {
        Some("lp") => {
            "NPV gained per unit more of each limit (duals of the LP); filter Binds on yes for the limits that bind."
        }
        Some("fixed_binaries") => {
            "NPV gained per unit more of each limit (duals of the MILP's LP with its yes/no decisions fixed); filter Binds on yes for the limits that bind."
        }
        Some(_) => {
            "NPV gained per unit more of each limit; filter Binds on yes for the limits that bind."
        }
        None => "This solve gives no duals, so no shadow prices.",
    }
}

/// One row per priced limit: limit, what it is on, period, price, unit, binds.
fn rows(sp: &ShadowPrices) -> Vec<Vec<Cell>> {
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
        let (on, x) = (p.sku.clone(), p.usd_per_unit);
        push("Supply", on, &p.period, x, "USD per unit");
    }
    for p in &sp.halls {
        let on = format!("{} ({})", p.site, p.cooling);
        push("Hall space", on, &p.period, p.usd_per_mw, "USD per MW");
    }
    for p in &sp.budget {
        let period = p.period.as_deref().unwrap_or("whole horizon");
        push(
            "Capex budget",
            String::new(),
            period,
            p.usd_per_usd,
            "USD per USD",
        );
    }
    for p in &sp.market_depth {
        let on = format!("{} tier {}", p.sku, p.tier);
        push(
            "Lease market depth",
            on,
            &p.period,
            p.usd_per_gpu,
            "USD per GPU",
        );
    }
    for p in &sp.demand_floor {
        let x = p.usd_per_h100e;
        push(
            "Internal demand floor",
            String::new(),
            &p.period,
            x,
            "USD per H100e",
        );
    }
    for p in &sp.training_runs {
        let on = format!("{} at {}", p.run, p.site);
        push(
            "Training run cluster",
            on,
            &p.period,
            p.usd_per_gpu,
            "USD per GPU",
        );
    }
    rows
}
