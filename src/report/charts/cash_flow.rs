//! Cash flow and cumulative NPV: net cash flow per period as bars (green in,
//! vermillion out; internal value weighted as in the objective), and the
//! running sum of discounted net cash flow as a line, ending at the NPV.

use super::svg::{legend, LegendItem, Mark, Plot, Svg, YScale};
use super::Chart;
use crate::doc::PlanDoc;
use crate::units::{money, money_tick};

pub const ID: &str = "cash-flow";
const INFLOW: &str = "#009E73";
const OUTFLOW: &str = "#D55E00";
const CUMULATIVE: &str = "#000000";

pub fn chart(plan: &PlanDoc) -> Chart {
    let (net, cumulative) = net_and_cumulative(plan);
    let lo = net.iter().chain(&cumulative).cloned().fold(0.0, f64::min);
    let hi = net.iter().chain(&cumulative).cloned().fold(0.0, f64::max);
    let payback = payback(&cumulative);

    let title = "Cash flow and cumulative NPV";
    let mut svg = Svg::new(
        ID,
        title,
        "Net cash flow per period and the cumulative discounted net cash flow, USD",
    );
    svg.subtitle(&format!(
        "Blended NPV {} (internal value weight {}); cumulative NPV positive from {}.",
        money(plan.metrics.npv_usd),
        plan.metrics.internal_value_weight,
        payback
            .map(|t| plan.periods[t].clone())
            .unwrap_or_else(|| "— (never within the horizon)".into())
    ));
    let y = legend(
        &mut svg,
        &[
            LegendItem::new("net cash flow in", INFLOW, Mark::Swatch),
            LegendItem::new("net cash flow out", OUTFLOW, Mark::Swatch),
            LegendItem::new("cumulative NPV (discounted)", CUMULATIVE, Mark::Line),
        ],
        74.0,
    );
    let plot = Plot::full_width(y + 8.0, y + 8.0 + 280.0, &plan.periods);
    let (scale, ticks) = plot.y_scale(lo, hi);
    let max_abs = ticks.iter().fold(0.0f64, |m, t| m.max(t.abs()));
    plot.axes(
        &mut svg,
        &scale,
        &ticks,
        &money_tick(max_abs),
        "USD per period",
    );
    draw_net_bars(&mut svg, &plot, &scale, &plan.periods, &net);
    draw_cumulative_line(&mut svg, &plot, &scale, &plan.periods, &cumulative);
    svg.set_height(plot.bottom + 36.0);
    Chart {
        id: ID,
        title: title.into(),
        svg: svg.finish(),
    }
}

/// Net cash flow per period, and the running sum of discounted net cash flow.
fn net_and_cumulative(plan: &PlanDoc) -> (Vec<f64>, Vec<f64>) {
    let np = plan.periods.len();
    let mut net = vec![0.0; np];
    let mut disc = vec![0.0; np];
    for c in &plan.cash_flows {
        if let Some(t) = super::period_index(plan, &c.period) {
            net[t] += c.net_usd;
            disc[t] += c.discounted_usd;
        }
    }
    let cumulative: Vec<f64> = disc
        .iter()
        .scan(0.0, |s, d| {
            *s += d;
            Some(*s)
        })
        .collect();
    (net, cumulative)
}

/// The first period where the cumulative NPV turns positive for good.
fn payback(cumulative: &[f64]) -> Option<usize> {
    (0..cumulative.len())
        .find(|&t| cumulative[t..].iter().all(|c| *c >= 0.0))
        .filter(|_| cumulative.last().is_some_and(|c| *c > 0.0))
}

/// One bar per period, up and green for net inflow, down and vermillion for
/// net outflow.
fn draw_net_bars(svg: &mut Svg, plot: &Plot, scale: &YScale, periods: &[String], net: &[f64]) {
    svg.group("bars net");
    for (t, v) in net.iter().enumerate() {
        let (x, w) = plot.bar(t);
        let (a, b) = (scale.y(*v), scale.y(0.0));
        svg.rect(
            x,
            a.min(b),
            w,
            (a - b).abs(),
            if *v >= 0.0 { INFLOW } else { OUTFLOW },
            &format!("{} · net cash flow {}", periods[t], money(*v)),
        );
    }
    svg.end_group();
}

/// The cumulative NPV as a line with a point per period.
fn draw_cumulative_line(
    svg: &mut Svg,
    plot: &Plot,
    scale: &YScale,
    periods: &[String],
    cumulative: &[f64],
) {
    let pts: Vec<(f64, f64)> = cumulative
        .iter()
        .enumerate()
        .map(|(t, c)| (plot.centre(t), scale.y(*c)))
        .collect();
    svg.group("line cumulative");
    svg.polyline(&pts, CUMULATIVE, 2.0, "");
    for (t, (x, y)) in pts.iter().enumerate() {
        svg.circle(
            *x,
            *y,
            3.0,
            CUMULATIVE,
            &format!("{} · cumulative NPV {}", periods[t], money(cumulative[t])),
        );
    }
    svg.end_group();
}
