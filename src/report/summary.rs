//! The terminal summary of a solved plan: headline money, leased share by
//! year, GPUs by site and use at the horizon end, power per site.
//!
//! Plain text by default; [`summary_styled`] adds colour (headings, the sign of
//! the NPV) for a terminal — see [`Style`].

use std::collections::BTreeMap;
use std::fmt::Write;

use super::term::Style;
use crate::doc::PlanDoc;
use crate::units::{count, money, mw, pct};

/// Which cells to colour, and how: `Some(true)` good news, `Some(false)` bad.
type Tone<'a> = &'a dyn Fn(usize, usize) -> Option<bool>;

fn table(out: &mut String, style: Style, header: &[&str], rows: &[Vec<String>]) {
    table_toned(out, style, header, rows, &|_, _| None);
}

/// An aligned table: first column left, the rest right; colour (if any) is
/// applied after padding so escape codes never shift a column.
fn table_toned(out: &mut String, style: Style, header: &[&str], rows: &[Vec<String>], tone: Tone) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let line = |cells: &[String], row: Option<usize>, out: &mut String| {
        let last = cells.len().saturating_sub(1);
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let padded = if i == 0 && i == last {
                    c.clone()
                } else if i == 0 {
                    format!("{c:<w$}", w = widths[i])
                } else {
                    format!("{c:>w$}", w = widths[i])
                };
                match row.map(|r| tone(r, i)) {
                    None => style.dim(&padded),
                    Some(Some(true)) => style.good(&padded),
                    Some(Some(false)) => style.bad(&padded),
                    Some(None) => padded,
                }
            })
            .collect();
        let _ = writeln!(out, "  {}", parts.join("  ").trim_end());
    };
    line(
        &header.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
        None,
        out,
    );
    let _ = writeln!(
        out,
        "  {}",
        style.dim(
            &widths
                .iter()
                .map(|w| "─".repeat(*w))
                .collect::<Vec<_>>()
                .join("  ")
        )
    );
    for (r, cells) in rows.iter().enumerate() {
        line(cells, Some(r), out);
    }
}

/// The summary as plain text.
pub fn summary(plan: &PlanDoc) -> String {
    summary_styled(plan, Style::PLAIN)
}

/// `highs optimal, gap 0.01%` or `highs optimal (LP relaxation)`.
pub(crate) fn solver_status(plan: &PlanDoc) -> String {
    let gap = plan
        .solver
        .mip_gap
        .map(|g| format!(", gap {:.2}%", 100.0 * g))
        .unwrap_or_default();
    let relaxed = if plan.solver.relaxed {
        " (LP relaxation)"
    } else {
        ""
    };
    let rounded = if plan.solver.heuristic {
        " (rounded plan, gap against the best bound)"
    } else {
        ""
    };
    format!(
        "{} {}{gap}{relaxed}{rounded}",
        plan.solver.backend, plan.solver.status
    )
}

/// The summary, coloured if `style` says so.
pub fn summary_styled(plan: &PlanDoc, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {}",
        style.heading(&plan.scenario),
        solver_status(plan)
    );
    let _ = writeln!(out);
    write_headline(&mut out, plan, style);
    write_segments(&mut out, plan, style);
    write_capital(&mut out, plan, style);
    write_gpus_by_year(&mut out, plan, style);
    write_horizon_end(&mut out, plan, style);
    out.push_str(&crate::explain::binding::binding_section(plan, 3));
    out
}

/// The headline money table (NPV toned by its sign), and why the IRR is n/a if it is.
fn write_headline(out: &mut String, plan: &PlanDoc, style: Style) {
    let m = &plan.metrics;
    let irr = m.irr.map(pct).unwrap_or_else(|| "n/a".into());
    let npv_tone = m.npv_usd >= 0.0;
    table_toned(
        out,
        style,
        &["metric", "value"],
        &[
            vec!["blended NPV".into(), money(m.npv_usd)],
            vec!["IRR (per year)".into(), irr],
            vec!["capex".into(), money(m.capex_usd)],
            vec!["lease revenue".into(), money(m.lease_revenue_usd)],
            vec![
                format!("internal value (weight {})", m.internal_value_weight),
                money(m.internal_value_usd),
            ],
            vec![
                "opex (energy, maintenance, sales)".into(),
                money(m.opex_usd),
            ],
            vec!["salvage + residual".into(), money(m.residual_value_usd)],
            vec!["leased share of GPU-hours".into(), pct(m.leased_share)],
        ],
        &|r, c| (r == 0 && c == 1).then_some(npv_tone),
    );

    if m.irr.is_none() && plan.capital.irr.is_none() {
        let _ = writeln!(
            out,
            "  (IRR n/a: the net cash flows do not turn from negative to positive exactly once,\n   e.g. a fleet installed before the horizon earns from the first period)"
        );
    }
}

/// Leased share by year: averages over the periods of each year in the horizon.
fn write_gpus_by_year(out: &mut String, plan: &PlanDoc, style: Style) {
    let mut by_year: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for r in &plan.rows {
        let e = by_year
            .entry(r.period.chars().take(4).collect())
            .or_default();
        e.0 += r.gpus_leased;
        e.1 += r.gpus_internal;
    }
    let periods_in = |year: &str| {
        plan.periods
            .iter()
            .filter(|p| p.starts_with(year))
            .count()
            .max(1) as f64
    };
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        style.heading("GPUs by year (average over the year's periods)")
    );
    let rows: Vec<Vec<String>> = by_year
        .iter()
        .map(|(y, (l, i))| {
            let share = if l + i > 0.0 {
                pct(l / (l + i))
            } else {
                "–".into()
            };
            let n = periods_in(y);
            vec![y.clone(), count(l / n), count(i / n), share]
        })
        .collect();
    table(
        out,
        style,
        &["year", "leased", "internal", "leased/used"],
        &rows,
    );
}

/// GPUs by site and use at the end, with power used and available and the units installed.
fn write_horizon_end(out: &mut String, plan: &PlanDoc, style: Style) {
    let last = plan.periods.last().cloned().unwrap_or_default();
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        style.heading(&format!("At the horizon end ({last})"))
    );
    let mut rows = Vec::new();
    for sp in plan.site_periods.iter().filter(|s| s.period == last) {
        let (mut l, mut i, mut units) = (0.0, 0.0, BTreeMap::<String, f64>::new());
        for r in plan
            .rows
            .iter()
            .filter(|r| r.period == last && r.site == sp.site)
        {
            l += r.gpus_leased;
            i += r.gpus_internal;
            *units.entry(r.sku.clone()).or_default() += r.units_installed;
        }
        let skus = units
            .iter()
            .filter(|(_, u)| **u > 0.0)
            .map(|(k, u)| format!("{} {}", count(*u), k))
            .collect::<Vec<_>>()
            .join(", ");
        rows.push(vec![
            sp.site.clone(),
            count(l),
            count(i),
            format!("{}/{}", mw(sp.facility_load_mw), mw(sp.power_available_mw)),
            if skus.is_empty() { "–".into() } else { skus },
        ]);
    }
    table(
        out,
        style,
        &[
            "site",
            "GPUs leased",
            "GPUs internal",
            "MW used/avail",
            "units",
        ],
        &rows,
    );
}

/// The two businesses over the horizon, then their margins year by year.
fn write_segments(out: &mut String, plan: &PlanDoc, style: Style) {
    let Some(h) = super::segments::horizon(plan) else {
        return;
    };
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        style.heading("Two businesses (segment accounts over the horizon)")
    );
    let margin = |m: Option<f64>| m.map(pct).unwrap_or_else(|| "–".into());
    let rows: Vec<Vec<String>> = [("leasing", &h.leasing), ("internal", &h.internal)]
        .iter()
        .map(|(name, a)| {
            vec![
                name.to_string(),
                money(a.revenue_usd),
                money(a.ebitda_usd),
                margin(a.ebitda_margin),
                money(a.ebit_usd),
                margin(a.ebit_margin),
                money(a.capital_employed_usd),
                margin(a.return_on_capital),
            ]
        })
        .collect();
    table(
        out,
        style,
        &[
            "segment", "revenue", "EBITDA", "margin", "EBIT", "margin", "capital", "return",
        ],
        &rows,
    );
    let years: Vec<Vec<String>> = plan
        .segments
        .years
        .iter()
        .filter(|y| y.year != "horizon")
        .map(|y| {
            vec![
                y.year.clone(),
                margin(y.leasing.ebitda_margin),
                margin(y.leasing.ebit_margin),
                margin(y.internal.ebitda_margin),
                margin(y.internal.ebit_margin),
            ]
        })
        .collect();
    let _ = writeln!(out);
    table(
        out,
        style,
        &[
            "year",
            "leasing EBITDA",
            "leasing EBIT",
            "internal EBITDA",
            "internal EBIT",
        ],
        &years,
    );
    let _ = writeln!(
        out,
        "  (internal revenue is compute at its value, not cash; costs, depreciation and capital\n   shared by GPU-hours; return = EBIT per year / mean book value)"
    );
}

/// Peak funding, payback and the IRR with the installed fleet charged.
fn write_capital(out: &mut String, plan: &PlanDoc, style: Style) {
    if super::segments::horizon(plan).is_none() {
        return;
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", style.heading("Capital"));
    let rows: Vec<Vec<String>> = super::segments::capital_lines(plan)
        .into_iter()
        .map(|(l, v)| vec![l, v])
        .collect();
    table(out, style, &["figure", "value"], &rows);
    if let Some(t) = super::segments::financing_table(plan) {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", style.heading(t.title));
        table(out, style, &t.header, &t.rows);
        if let Some(h) = super::segments::financing_headline(plan) {
            let _ = writeln!(out, "  ({h})");
        }
    }
}
