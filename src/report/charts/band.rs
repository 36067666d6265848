//! The identity band of near-optimal alternatives: one row per metric, the
//! range its plans within the slack cover as a bar on the metric's own axis
//! (from 0 to the most it reaches), the optimum as a tick.

use super::svg::{Svg, INK, WIDTH};
use super::PALETTE;

/// One metric's row.
pub struct BandBar {
    pub label: String,
    pub min: f64,
    pub max: f64,
    pub optimum: f64,
    /// The three values as people read them (`31.0%`, `$4.2B`, `180,000`).
    pub min_text: String,
    pub max_text: String,
    pub optimum_text: String,
}

const ROW: f64 = 34.0;
const TOP: f64 = 70.0;
const LABEL_W: f64 = 230.0;
const TEXT_W: f64 = 150.0;

/// The band chart, `band.svg`.
pub fn band_svg(title: &str, subtitle: &str, bars: &[BandBar]) -> String {
    let mut svg = Svg::new(
        "band",
        title,
        "for each metric, its least and most among plans within the slack of the best NPV, and the optimum's value",
    );
    svg.subtitle(subtitle);
    let (x0, x1) = (16.0 + LABEL_W, WIDTH - TEXT_W);
    for (i, b) in bars.iter().enumerate() {
        let y = TOP + i as f64 * ROW;
        let lo = b.min.min(0.0);
        let hi = b.max.max(b.optimum).max(lo + 1e-12);
        let x = |v: f64| x0 + (v - lo) / (hi - lo) * (x1 - x0);
        svg.text(16.0, y + 14.0, "start", 12.0, INK, &b.label);
        svg.line(x0, y + 10.0, x1, y + 10.0, "#e3e3e3", 1.0);
        let (a, c) = (x(b.min), x(b.max));
        svg.rect(
            a,
            y + 3.0,
            (c - a).max(2.0),
            14.0,
            PALETTE[0],
            &format!("{}: {} to {}", b.label, b.min_text, b.max_text),
        );
        let o = x(b.optimum);
        svg.line(o, y, o, y + 20.0, INK, 2.0);
        svg.text(
            x1 + 8.0,
            y + 14.0,
            "start",
            11.0,
            INK,
            &if b.min_text == b.max_text {
                b.min_text.clone()
            } else {
                format!("{} – {}", b.min_text, b.max_text)
            },
        );
        svg.text(
            o,
            y + 30.0,
            "middle",
            10.0,
            "#555555",
            &format!("opt. {}", b.optimum_text),
        );
    }
    svg.set_height(TOP + bars.len() as f64 * ROW + 16.0);
    svg.finish()
}
