//! Capex by period and category: a bar per period stacked by hardware, halls,
//! power and site development (spend shown positive).

use super::svg::{legend, LegendItem, Mark, Plot, Svg};
use super::Chart;
use crate::doc::{CashFlow, PlanDoc};
use crate::units::{money, money_tick};

pub const ID: &str = "capex-by-period";

/// A capex category: its name, its colour, and how to read it from a cash flow.
type Category = (&'static str, &'static str, fn(&CashFlow) -> f64);

/// Capex categories, their colours, and how to read each from a cash flow
/// (where spending is negative).
pub(crate) const CATEGORIES: [Category; 4] = [
    ("hardware", "#0072B2", |c| -c.capex_hardware_usd),
    ("halls", "#009E73", |c| -c.capex_halls_usd),
    ("power", "#E69F00", |c| -c.capex_power_usd),
    ("site development", "#CC79A7", |c| -c.capex_sites_usd),
];

pub fn chart(plan: &PlanDoc) -> Chart {
    let np = plan.periods.len();
    let mut by: Vec<[f64; 4]> = vec![[0.0; 4]; np];
    for c in &plan.cash_flows {
        if let Some(t) = super::period_index(plan, &c.period) {
            for (k, (_, _, f)) in CATEGORIES.iter().enumerate() {
                by[t][k] += f(c).max(0.0);
            }
        }
    }
    let totals: Vec<f64> = by.iter().map(|b| b.iter().sum()).collect();
    let peak = totals.iter().cloned().fold(0.0, f64::max);
    let all: f64 = totals.iter().sum();
    let per_cat: Vec<f64> = (0..4).map(|k| by.iter().map(|b| b[k]).sum()).collect();

    let title = "Capex by period and category";
    let mut svg = Svg::new(
        ID,
        title,
        "Capital spending per period, stacked by hardware, halls, power and site development, USD",
    );
    svg.subtitle(&format!(
        "{} over the horizon (undiscounted): {}",
        money(all),
        CATEGORIES
            .iter()
            .zip(&per_cat)
            .filter(|(_, v)| **v > 0.0)
            .map(|((name, _, _), v)| format!("{name} {}", money(*v)))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let items: Vec<LegendItem> = CATEGORIES
        .iter()
        .map(|(name, colour, _)| LegendItem::new(*name, colour, Mark::Swatch))
        .collect();
    let y = legend(&mut svg, &items, 74.0);
    let plot = Plot::full_width(y + 8.0, y + 8.0 + 260.0, &plan.periods);
    let (scale, ticks) = plot.y_scale(0.0, peak);
    let max_abs = ticks.iter().fold(0.0f64, |m, t| m.max(t.abs()));
    plot.axes(
        &mut svg,
        &scale,
        &ticks,
        &money_tick(max_abs),
        "capex (USD)",
    );
    svg.group("bars capex");
    for (t, b) in by.iter().enumerate() {
        let (x, w) = plot.bar(t);
        let mut base = 0.0;
        for (k, (name, colour, _)) in CATEGORIES.iter().enumerate() {
            if b[k] <= 0.0 {
                continue;
            }
            let (yt, yb) = (scale.y(base + b[k]), scale.y(base));
            svg.rect(
                x,
                yt,
                w,
                yb - yt,
                colour,
                &format!("{} · {name}: {}", plan.periods[t], money(b[k])),
            );
            base += b[k];
        }
    }
    svg.end_group();
    svg.set_height(plot.bottom + 36.0);
    Chart {
        id: ID,
        title: title.into(),
        svg: svg.finish(),
    }
}
