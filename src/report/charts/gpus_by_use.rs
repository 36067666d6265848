//! GPUs by use over time: two panels on one y scale — kept for internal
//! training above, leased out below — each a bar per period stacked by SKU.

use super::svg::{legend, LegendItem, Mark, Plot, Svg, INK};
use super::{sku_colour, skus_in_order, Chart};
use crate::doc::PlanDoc;
use crate::units::count;

pub const ID: &str = "gpus-by-use";
const PANEL_H: f64 = 190.0;

pub fn chart(plan: &PlanDoc) -> Chart {
    let skus = skus_in_order(plan);
    let np = plan.periods.len();
    // [use][sku][period] GPUs, summed over sites; use 0 internal, 1 leased.
    let mut gpus = vec![vec![vec![0.0; np]; skus.len()]; 2];
    for r in &plan.rows {
        let (Some(k), Some(t)) = (
            skus.iter().position(|s| *s == r.sku),
            super::period_index(plan, &r.period),
        ) else {
            continue;
        };
        gpus[0][k][t] += r.gpus_internal;
        gpus[1][k][t] += r.gpus_leased;
    }
    let total = |u: usize, t: usize| -> f64 { gpus[u].iter().map(|s| s[t]).sum() };
    let peak = (0..np)
        .flat_map(|t| [total(0, t), total(1, t)])
        .fold(0.0, f64::max);

    let title = "GPUs by use over time";
    let mut svg = Svg::new(
        ID,
        title,
        "GPUs kept for internal training and GPUs leased out, per period, stacked by SKU",
    );
    let last = np.saturating_sub(1);
    svg.subtitle(&format!(
        "At {}: {} GPUs internal, {} leased. Bars stacked by SKU; both panels on the same scale.",
        plan.periods.get(last).map(String::as_str).unwrap_or("–"),
        count(if np > 0 { total(0, last) } else { 0.0 }),
        count(if np > 0 { total(1, last) } else { 0.0 }),
    ));
    let items: Vec<LegendItem> = skus
        .iter()
        .enumerate()
        .map(|(k, s)| LegendItem::new(s.clone(), sku_colour(k), Mark::Swatch))
        .collect();
    let mut y = legend(&mut svg, &items, 74.0);

    for (u, name) in ["Internal training", "Leased out"].iter().enumerate() {
        svg.text(84.0, y + 8.0, "start", 13.0, INK, name);
        let plot = Plot::full_width(y + 18.0, y + 18.0 + PANEL_H, &plan.periods);
        let (scale, ticks) = plot.y_scale(0.0, peak);
        plot.axes(&mut svg, &scale, &ticks, &count, "GPUs");
        svg.group(if u == 0 {
            "bars internal"
        } else {
            "bars leased"
        });
        for (t, period) in plan.periods.iter().enumerate() {
            let (x, w) = plot.bar(t);
            let mut base = 0.0;
            for (k, sku) in skus.iter().enumerate() {
                let v = gpus[u][k][t];
                if v <= 0.0 {
                    continue;
                }
                let (y_top, y_bot) = (scale.y(base + v), scale.y(base));
                svg.rect(
                    x,
                    y_top,
                    w,
                    y_bot - y_top,
                    sku_colour(k),
                    &format!(
                        "{} · {} · {}: {} GPUs",
                        period,
                        sku,
                        if u == 0 { "internal" } else { "leased" },
                        count(v)
                    ),
                );
                base += v;
            }
        }
        svg.end_group();
        y = plot.bottom + 44.0;
    }
    svg.set_height(y - 10.0);
    Chart {
        id: ID,
        title: title.into(),
        svg: svg.finish(),
    }
}
