//! The two businesses' margins by year: EBIT margin (solid) and EBITDA
//! margin (dashed) of leasing and of internal training, from plan.json's
//! segment accounts. A year where a segment has no revenue has no point.

use super::svg::{legend, LegendItem, Mark, Plot, Svg};
use super::Chart;
use crate::doc::{PlanDoc, SegmentAccount};
use crate::units::pct;

pub const ID: &str = "segment-margins";
const LEASING: &str = "#0072B2";
const INTERNAL: &str = "#E69F00";

type Series = (
    &'static str,
    &'static str,
    &'static str,
    fn(&SegmentAccount) -> Option<f64>,
);

/// Which margin of which segment, its colour and its dash.
const SERIES: [(&str, Series); 4] = [
    (
        "leasing",
        ("leasing EBIT margin", LEASING, "", |a| a.ebit_margin),
    ),
    (
        "leasing",
        ("leasing EBITDA margin (dashed)", LEASING, "6 4", |a| {
            a.ebitda_margin
        }),
    ),
    (
        "internal",
        ("internal EBIT margin", INTERNAL, "", |a| a.ebit_margin),
    ),
    (
        "internal",
        ("internal EBITDA margin (dashed)", INTERNAL, "6 4", |a| {
            a.ebitda_margin
        }),
    ),
];

pub fn chart(plan: &PlanDoc) -> Chart {
    let years: Vec<_> = plan
        .segments
        .years
        .iter()
        .filter(|y| y.year != "horizon")
        .collect();
    let labels: Vec<String> = years.iter().map(|y| y.year.clone()).collect();
    let values: Vec<Vec<Option<f64>>> = SERIES
        .iter()
        .map(|(seg, (_, _, _, f))| {
            years
                .iter()
                .map(|y| {
                    f(if *seg == "leasing" {
                        &y.leasing
                    } else {
                        &y.internal
                    })
                })
                .collect()
        })
        .collect();
    let all = values.iter().flatten().flatten();
    let lo = all.clone().cloned().fold(0.0, f64::min).max(-2.0);
    let hi = all.cloned().fold(0.0, f64::max).min(2.0);

    let title = "Margins of the two businesses by year";
    let mut svg = Svg::new(
        ID,
        title,
        "EBIT and EBITDA margins of leasing and of internal training, per calendar year",
    );
    let subtitle = match crate::report::segments::horizon(plan) {
        Some(h) => format!(
            "Over the horizon: leasing EBIT margin {}, internal {} (internal revenue is compute at its value).",
            h.leasing.ebit_margin.map(pct).unwrap_or_else(|| "–".into()),
            h.internal.ebit_margin.map(pct).unwrap_or_else(|| "–".into()),
        ),
        None => "No segment accounts in this plan.json (schema version 1).".into(),
    };
    svg.subtitle(&subtitle);
    let items: Vec<LegendItem> = SERIES
        .iter()
        .map(|(_, (name, colour, _, _))| LegendItem::new(*name, colour, Mark::Line))
        .collect();
    let y = legend(&mut svg, &items, 74.0);
    let plot = Plot::full_width(y + 8.0, y + 8.0 + 240.0, &labels);
    let (scale, ticks) = plot.y_scale(lo, hi);
    plot.axes(&mut svg, &scale, &ticks, &|v| pct(v), "margin (of revenue)");
    for ((_, (name, colour, dash, _)), series) in SERIES.iter().zip(&values) {
        svg.group(&format!("line {}", name.replace(' ', "-")));
        let pts: Vec<(f64, f64, usize)> = series
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (plot.centre(i), scale.y(v.clamp(lo, hi)), i)))
            .collect();
        svg.polyline(
            &pts.iter().map(|(x, y, _)| (*x, *y)).collect::<Vec<_>>(),
            colour,
            2.0,
            dash,
        );
        for (x, y, i) in &pts {
            let tip = format!("{} · {name} {}", labels[*i], pct(series[*i].unwrap_or(0.0)));
            svg.circle(*x, *y, 3.0, colour, &tip);
        }
        svg.end_group();
    }
    svg.set_height(plot.bottom + 36.0);
    Chart {
        id: ID,
        title: title.into(),
        svg: svg.finish(),
    }
}
