//! A scenario set's charts, from plan.json's `scenario_set` section: the NPV
//! distribution as a step CDF over the branches (each riser a branch, as tall
//! as its probability), the expected NPV and the CVaR marked; and the
//! lease/training split of each branch as a 100% bar.

use super::svg::{legend, nice_ticks, LegendItem, Mark, Svg, INK, WIDTH};
use super::{Chart, PALETTE};
use crate::doc::scenario_set::ScenarioSetDoc;
use crate::doc::PlanDoc;
use crate::report::scenario_set::{cvar_name, money_for};
use crate::units;

/// Chart ids of the set's charts: report.html shows them in the set's section.
pub const IDS: [&str; 2] = ["set-npv-distribution", "set-lease-split"];

const LEFT: f64 = 84.0;
const RIGHT: f64 = WIDTH - 24.0;
const MUTED: &str = "#555555";
const GRID: &str = "#e3e3e3";

/// The set's charts, none for a plan without a set.
pub fn charts(plan: &PlanDoc) -> Vec<Chart> {
    match &plan.scenario_set {
        None => Vec::new(),
        Some(doc) => vec![
            Chart {
                id: IDS[0],
                title: "NPV across the branches".into(),
                svg: npv_distribution(doc),
            },
            Chart {
                id: IDS[1],
                title: "Lease/training split by branch".into(),
                svg: lease_split(doc),
            },
        ],
    }
}

/// The branches in order of NPV (the set's order among equals), with the
/// cumulative probability at each.
fn cumulative(doc: &ScenarioSetDoc) -> Vec<(&str, f64, f64, f64)> {
    let mut b: Vec<(&str, f64, f64)> = doc
        .branches
        .iter()
        .map(|b| (b.name.as_str(), b.metrics.npv_usd, b.probability))
        .collect();
    b.sort_by(|x, y| x.1.total_cmp(&y.1));
    let mut cum = 0.0;
    b.into_iter()
        .map(|(n, v, p)| {
            cum += p;
            (n, v, p, cum)
        })
        .collect()
}

/// The step CDF of NPV.
fn npv_distribution(doc: &ScenarioSetDoc) -> String {
    let mut svg = Svg::new(
        IDS[0],
        "NPV across the branches",
        "the cumulative probability of the branches' blended NPVs, each step a branch; the expected NPV and the CVaR marked",
    );
    svg.subtitle(&format!(
        "each step is a branch, as tall as its probability; dashed: expected NPV; dotted: {} (mean of the worst {}%)",
        cvar_name(doc),
        units::fixed(100.0 * (1.0 - doc.cvar_alpha), 0)
    ));
    let steps = cumulative(doc);
    let (lo, hi) = steps
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), s| {
            (a.min(s.1), b.max(s.1))
        });
    let pad = ((hi - lo) * 0.08).max(hi.abs().max(1.0) * 0.01);
    let ticks = nice_ticks(lo - pad, hi + pad, 6);
    let plot = CdfPlot {
        x_lo: ticks[0],
        x_hi: *ticks.last().expect("ticks"),
        top: 90.0,
        bottom: 350.0,
    };
    let m = money_for(doc);
    draw_cdf_axes(&mut svg, &plot, &ticks);
    draw_cdf_steps(&mut svg, &plot, &steps, &m);
    mark(
        &mut svg,
        plot.x(doc.expected_npv_usd),
        plot.top,
        plot.bottom,
        "6 4",
        "start",
        &format!("E[NPV] {}", m(doc.expected_npv_usd)),
    );
    mark(
        &mut svg,
        plot.x(doc.cvar_npv_usd),
        plot.top,
        plot.bottom,
        "2 3",
        "end",
        &format!("{} {}", cvar_name(doc), m(doc.cvar_npv_usd)),
    );
    svg.set_height(plot.bottom + 52.0);
    svg.finish()
}

/// The NPV CDF's plot area: NPV from `x_lo` to `x_hi` across, cumulative
/// probability 0–1 from `bottom` up to `top`.
struct CdfPlot {
    x_lo: f64,
    x_hi: f64,
    top: f64,
    bottom: f64,
}

impl CdfPlot {
    fn x(&self, v: f64) -> f64 {
        LEFT + (v - self.x_lo) / (self.x_hi - self.x_lo) * (RIGHT - LEFT)
    }

    fn y(&self, p: f64) -> f64 {
        self.bottom - p * (self.bottom - self.top)
    }
}

/// The NPV ticks, the probability quarters and both axis titles.
fn draw_cdf_axes(svg: &mut Svg, plot: &CdfPlot, ticks: &[f64]) {
    let (top, bottom) = (plot.top, plot.bottom);
    let fmt = units::money_tick(plot.x_lo.abs().max(plot.x_hi.abs()));
    svg.group("axes");
    for t in ticks {
        svg.line(plot.x(*t), top, plot.x(*t), bottom, GRID, 1.0);
        svg.text(plot.x(*t), bottom + 18.0, "middle", 11.0, MUTED, &fmt(*t));
    }
    for p in [0.0, 0.25, 0.5, 0.75, 1.0] {
        svg.line(LEFT, plot.y(p), RIGHT, plot.y(p), GRID, 1.0);
        svg.text(
            LEFT - 8.0,
            plot.y(p) + 4.0,
            "end",
            11.0,
            MUTED,
            &units::pct(p),
        );
    }
    svg.line(LEFT, bottom, RIGHT, bottom, INK, 1.0);
    svg.text(
        (LEFT + RIGHT) / 2.0,
        bottom + 38.0,
        "middle",
        12.0,
        MUTED,
        "blended NPV (USD)",
    );
    svg.text(
        16.0,
        top - 8.0,
        "start",
        12.0,
        MUTED,
        "cumulative probability",
    );
    svg.end_group();
}

/// The step line, a step per branch (from [`cumulative`]), each with a
/// point and its name and probability, labelled towards the middle.
fn draw_cdf_steps(
    svg: &mut Svg,
    plot: &CdfPlot,
    steps: &[(&str, f64, f64, f64)],
    m: &dyn Fn(f64) -> String,
) {
    let mut points = vec![(LEFT, plot.y(0.0))];
    let mut below = 0.0;
    for (_, v, _, cum) in steps {
        points.push((plot.x(*v), plot.y(below)));
        points.push((plot.x(*v), plot.y(*cum)));
        below = *cum;
    }
    points.push((RIGHT, plot.y(below)));
    svg.polyline(&points, PALETTE[0], 2.5, "");
    let mid = (LEFT + RIGHT) / 2.0;
    for (name, v, p, cum) in steps {
        let (px, py) = (plot.x(*v), plot.y(cum - p / 2.0));
        let tip = format!("{name}: NPV {}, p {}", m(*v), units::pct(*p));
        svg.circle(px, plot.y(*cum), 3.5, PALETTE[0], &tip);
        let label = format!("{name} ({})", units::pct(*p));
        if px < mid {
            svg.text(px + 8.0, py + 4.0, "start", 11.0, INK, &label);
        } else {
            svg.text(px - 8.0, py + 4.0, "end", 11.0, INK, &label);
        }
    }
}

/// A vertical marker line with its label above the plot.
fn mark(svg: &mut Svg, x: f64, top: f64, bottom: f64, dash: &str, anchor: &str, label: &str) {
    svg.polyline(&[(x, top - 6.0), (x, bottom)], INK, 1.5, dash);
    let dx = if anchor == "start" { 4.0 } else { -4.0 };
    let dy = if anchor == "start" { -10.0 } else { 6.0 };
    svg.text(x + dx, top + dy, anchor, 11.0, INK, label);
}

const ROW: f64 = 30.0;
const LABEL_W: f64 = 200.0;

/// One 100% bar per branch: leased and internal shares of GPU-hours.
fn lease_split(doc: &ScenarioSetDoc) -> String {
    let mut svg = Svg::new(
        IDS[1],
        "Lease/training split by branch",
        "for each branch, the shares of its GPU-hours leased out and kept for internal use",
    );
    svg.subtitle("share of installed GPU-hours over the horizon; the branches share every decision before decide_by");
    let top = legend(
        &mut svg,
        &[
            LegendItem::new("leased", PALETTE[0], Mark::Swatch),
            LegendItem::new("internal (training, research)", PALETTE[1], Mark::Swatch),
        ],
        72.0,
    ) + 4.0;
    let (x0, x1) = (16.0 + LABEL_W, RIGHT - 150.0);
    for (i, b) in doc.branches.iter().enumerate() {
        let y = top + i as f64 * ROW;
        let s = b.metrics.leased_share.clamp(0.0, 1.0);
        let label = format!("{} ({})", b.name, units::pct(b.probability));
        svg.text(16.0, y + 15.0, "start", 12.0, INK, &label);
        let w = x1 - x0;
        svg.rect(
            x0,
            y + 3.0,
            w * s,
            18.0,
            PALETTE[0],
            &format!("{}: leased {}", b.name, units::pct(s)),
        );
        svg.rect(
            x0 + w * s,
            y + 3.0,
            w * (1.0 - s),
            18.0,
            PALETTE[1],
            &format!("{}: internal {}", b.name, units::pct(1.0 - s)),
        );
        svg.text(
            x1 + 8.0,
            y + 16.0,
            "start",
            11.0,
            INK,
            &format!(
                "{} leased · NPV {}",
                units::pct(s),
                money_for(doc)(b.metrics.npv_usd)
            ),
        );
    }
    svg.set_height(top + doc.branches.len() as f64 * ROW + 12.0);
    svg.finish()
}
