//! The strategic-identity frontier as an SVG: leased share and NPV against
//! the swept parameter, in two panels that share the x axis; with
//! `sweep --band`, each metric's identity band as a shaded area around its
//! line (the leased share's in the top panel, any other metric in a panel of
//! its own below the NPV). Tick labels through `units::scaled_tick` (`$2.5M`,
//! `3M`, `0.75`); the x axis keeps as many ticks as fit without two labels
//! touching. Hand-written SVG, no dependencies; deterministic text for the
//! same points.

use std::fmt::Write;

use crate::units::scaled_tick;

/// One solved point of the frontier.
#[derive(Debug, Clone, Copy)]
pub struct FrontierPoint {
    pub x: f64,
    /// 0–1.
    pub leased_share: f64,
    pub npv_usd: f64,
}

/// One metric's band at one solved point, in the metric's unit.
#[derive(Debug, Clone, Copy)]
pub struct BandAt {
    pub x: f64,
    pub optimum: f64,
    pub min: f64,
    pub max: f64,
}

/// A metric's band along the sweep (`sweep --band`).
#[derive(Debug, Clone)]
pub struct BandSeries {
    /// `leased_share`, `capex`, `gpus_at_abilene`, …
    pub metric: String,
    /// The panel's axis label, unit included (`capex, $B`).
    pub axis: String,
    /// The legend of its line (`capex`).
    pub name: String,
    /// Multiplies the values for the axis (1e-9 for $B).
    pub scale: f64,
    pub points: Vec<BandAt>,
}

const W: f64 = 720.0;
const LEFT: f64 = 80.0;
const RIGHT: f64 = 30.0;
const PANEL_H: f64 = 200.0;

/// Round tick values covering `lo..hi` in about `n` steps, and their step.
fn ticks(lo: f64, hi: f64, n: usize) -> (f64, Vec<f64>) {
    let step = crate::report::charts::svg::nice_step((hi - lo).abs().max(1e-12), n);
    let first = (lo / step).ceil() * step;
    let values = (0..=n * 2 + 2)
        .map(|i| first + i as f64 * step)
        .take_while(|t| *t <= hi + step * 1e-9)
        .map(|t| if t.abs() < step * 1e-9 { 0.0 } else { t })
        // 0.6, not 0.6000000000000001.
        .map(|t| {
            let decimals = (-step.log10().floor()).max(0.0) as usize + 1;
            format!("{t:.decimals$}").parse().unwrap_or(t)
        })
        .collect();
    (step, values)
}

/// The ticks of `lo..hi` (about `n`) with their labels, through
/// `units::scaled_tick`.
fn labelled_ticks(lo: f64, hi: f64, n: usize, prefix: &'static str) -> Vec<(f64, String)> {
    let (step, values) = ticks(lo, hi, n);
    let max_abs = values.iter().fold(0.0f64, |m, t| m.max(t.abs()));
    let label = scaled_tick(max_abs, step, prefix);
    values.into_iter().map(|t| (t, label(t))).collect()
}

/// A tick label's width at 12 px sans-serif, over-estimated: 0.6 em a
/// character (digits and `$` are 0.556 em in Helvetica and Arial).
fn label_width_px(label: &str) -> f64 {
    label.chars().count() as f64 * 0.6 * 12.0
}

/// Space between two neighbouring labels, px.
const LABEL_GAP: f64 = 6.0;

/// The x axis's ticks: eight or fewer, as many as fit without two labels
/// touching or one leaving the chart; in USD (`$2.5M`) when the swept
/// parameter is a USD figure, else as a plain quantity (`3M`, `0.75`).
fn x_ticks(x: &XAxis, x_label: &str) -> Vec<(f64, String)> {
    let prefix = if is_usd(x_label) { "$" } else { "" };
    let fits = |ticks: &[(f64, String)]| {
        let inside = ticks.iter().all(|(t, s)| {
            let half = label_width_px(s) / 2.0;
            x.px(*t) - half >= 0.0 && x.px(*t) + half <= W
        });
        inside
            && ticks.windows(2).all(|p| {
                let room = (label_width_px(&p[0].1) + label_width_px(&p[1].1)) / 2.0;
                x.px(p[1].0) - x.px(p[0].0) >= room + LABEL_GAP && p[0].1 != p[1].1
            })
    };
    (2..=8)
        .rev()
        .map(|n| labelled_ticks(x.lo, x.hi, n, prefix))
        .find(|t| fits(t))
        .unwrap_or_else(|| {
            // Two round ticks always fit 600 px: keep the ends' labels at worst.
            let mut t = labelled_ticks(x.lo, x.hi, 2, prefix);
            t.truncate(2);
            t
        })
}

/// Whether the swept parameter is in dollars: its last field names USD
/// (`capex_usd`, `usd_per_period`, `price_usd_per_gpu_hr`) and it is set
/// or shifted (`path`, `path (+)`), not scaled (`path (×)` is a factor).
fn is_usd(x_label: &str) -> bool {
    if x_label.ends_with(" (×)") {
        return false;
    }
    let path = x_label.strip_suffix(" (+)").unwrap_or(x_label);
    let field = path.rsplit(['.', ']']).next().unwrap_or("");
    field.split('_').any(|w| w == "usd")
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The chart, as SVG text.
///
/// # Arguments
/// * `title` — the chart's title (plan name and what varies).
/// * `x_label` — the swept parameter with its unit.
/// * `points` — the solved points, in x order.
/// * `bands` — the metrics' bands (none without `--band`) and the legend of
///   the shaded areas (`within 2% of the best NPV`).
pub fn frontier_svg(
    title: &str,
    x_label: &str,
    points: &[FrontierPoint],
    bands: &[BandSeries],
    band_legend: &str,
) -> String {
    let panels = panels(points, bands);
    let h = panel_bottom(panels.len() - 1) + 105.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{h}" viewBox="0 0 {W} {h}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, r#"<rect width="{W}" height="{h}" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="{}" y="24" text-anchor="middle" font-size="15" font-weight="bold">{}</text>"#,
        W / 2.0,
        esc(title)
    );
    let x = XAxis::over(points);
    for (i, panel) in panels.iter().enumerate() {
        write_panel(&mut s, i, panel, &x, band_legend);
    }
    write_x_axis(&mut s, &x, x_label, panel_bottom(panels.len() - 1));
    s.push_str("</svg>\n");
    s
}

/// The x range the points span (0–1 when they span none).
struct XAxis {
    lo: f64,
    hi: f64,
}

impl XAxis {
    fn over(points: &[FrontierPoint]) -> Self {
        let (xlo, xhi) = points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                (a.min(p.x), b.max(p.x))
            });
        let (lo, hi) = if xlo.is_finite() && xhi > xlo {
            (xlo, xhi)
        } else {
            (0.0, 1.0)
        };
        XAxis { lo, hi }
    }

    /// Pixel x of value `x`.
    fn px(&self, x: f64) -> f64 {
        LEFT + (x - self.lo) / (self.hi - self.lo) * (W - LEFT - RIGHT)
    }
}

/// One panel: its series' name, axis label, y range, line (x, y), shaded
/// band (x, least, most; empty for none) and colour.
struct Panel {
    name: String,
    unit: String,
    lo: f64,
    hi: f64,
    line: Vec<(f64, f64)>,
    band: Vec<(f64, f64, f64)>,
    color: &'static str,
}

/// Colours of the panels after leased share and NPV.
const MORE_COLORS: [&str; 4] = ["#2ca02c", "#9467bd", "#8c564b", "#ff7f0e"];

/// Leased share (0–100%) above, NPV in $B (a range that includes 0) below,
/// then a panel for each band but the leased share's.
fn panels(points: &[FrontierPoint], bands: &[BandSeries]) -> Vec<Panel> {
    let npv_b: Vec<(f64, f64)> = points.iter().map(|p| (p.x, p.npv_usd / 1e9)).collect();
    let (nlo, nhi) = padded_range(npv_b.iter().map(|p| p.1));
    let band_of = |b: &BandSeries| -> Vec<(f64, f64, f64)> {
        b.points
            .iter()
            .map(|p| (p.x, p.min * b.scale, p.max * b.scale))
            .collect()
    };
    let share_band = bands
        .iter()
        .find(|b| b.metric == "leased_share")
        .map(|b| {
            band_of(&BandSeries {
                scale: 100.0,
                ..b.clone()
            })
        })
        .unwrap_or_default();
    let mut out = vec![
        Panel {
            name: "leased share of GPU-hours".into(),
            unit: "leased share, %".into(),
            lo: 0.0,
            hi: 100.0,
            line: points
                .iter()
                .map(|p| (p.x, p.leased_share * 100.0))
                .collect(),
            band: share_band,
            color: "#1f77b4",
        },
        Panel {
            name: "blended NPV".into(),
            unit: "NPV, $B".into(),
            lo: nlo,
            hi: nhi,
            line: npv_b,
            band: Vec::new(),
            color: "#d62728",
        },
    ];
    for (i, b) in bands
        .iter()
        .filter(|b| b.metric != "leased_share")
        .enumerate()
    {
        let band = band_of(b);
        let (lo, hi) = padded_range(band.iter().flat_map(|p| [p.1, p.2]));
        out.push(Panel {
            name: b.name.clone(),
            unit: b.axis.clone(),
            lo,
            hi,
            line: b
                .points
                .iter()
                .map(|p| (p.x, p.optimum * b.scale))
                .collect(),
            band,
            color: MORE_COLORS[i % MORE_COLORS.len()],
        });
    }
    out
}

/// The range of `ys` and 0, widened by 1 either side when it is a point.
fn padded_range(ys: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = ys.fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
    if hi > lo {
        (lo, hi)
    } else {
        (lo - 1.0, hi + 1.0)
    }
}

/// The top of panel `i` (0 on top).
fn panel_top(i: usize) -> f64 {
    50.0 + i as f64 * (PANEL_H + 25.0)
}

/// The bottom of panel `i`'s plot area.
fn panel_bottom(i: usize) -> f64 {
    panel_top(i) + PANEL_H - 20.0
}

/// Panel `i` (0 on top): its frame and grid, then its band and series.
fn write_panel(s: &mut String, i: usize, panel: &Panel, x: &XAxis, band_legend: &str) {
    let (lo, hi) = (panel.lo, panel.hi);
    let (top, bottom) = (panel_top(i), panel_bottom(i));
    let py = |y: f64| bottom - (y - lo) / (hi - lo) * (bottom - top - 10.0);
    write_panel_frame(s, i, panel, top, bottom, &py);
    write_band(s, panel, x, top, &py, band_legend);
    write_series(s, panel, x, top, &py);
}

/// The panel's band as a shaded polygon (the most, left to right, then the
/// least, right to left) under its line, with a legend entry.
fn write_band(
    s: &mut String,
    panel: &Panel,
    x: &XAxis,
    top: f64,
    py: &dyn Fn(f64) -> f64,
    legend: &str,
) {
    if panel.band.is_empty() {
        return;
    }
    let upper = panel.band.iter().map(|p| (p.0, p.2));
    let lower = panel.band.iter().rev().map(|p| (p.0, p.1));
    let pts: Vec<String> = upper
        .chain(lower)
        .map(|(a, y)| format!("{:.1},{:.1}", x.px(a), py(y)))
        .collect();
    let color = panel.color;
    let _ = writeln!(
        s,
        r#"<polygon class="band" points="{}" fill="{color}" fill-opacity="0.18" stroke="{color}" stroke-opacity="0.4" stroke-width="0.5"/>"#,
        pts.join(" ")
    );
    let _ = writeln!(
        s,
        r#"<rect x="{}" y="{}" width="20" height="10" fill="{color}" fill-opacity="0.18"/><text x="{}" y="{}">{}</text>"#,
        LEFT + 10.0,
        top + 26.0,
        LEFT + 36.0,
        top + 35.0,
        esc(legend)
    );
}

/// The panel's box, y ticks with grid lines, the zero line (and on the top
/// panel the 50% lease-majority line), and its rotated axis label.
fn write_panel_frame(
    s: &mut String,
    i: usize,
    panel: &Panel,
    top: f64,
    bottom: f64,
    py: &dyn Fn(f64) -> f64,
) {
    let (lo, hi) = (panel.lo, panel.hi);
    let _ = writeln!(
        s,
        r##"<g><rect x="{LEFT}" y="{top}" width="{}" height="{}" fill="none" stroke="#999"/>"##,
        W - LEFT - RIGHT,
        bottom - top
    );
    for (t, label) in labelled_ticks(lo, hi, 5, "") {
        let y = py(t);
        let _ = writeln!(
            s,
            r##"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#eee"/><text x="{}" y="{:.1}" text-anchor="end">{}</text>"##,
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            label
        );
    }
    if lo < 0.0 && hi > 0.0 {
        let _ = writeln!(
            s,
            r##"<line x1="{LEFT}" x2="{}" y1="{:.1}" y2="{:.1}" stroke="#666" stroke-dasharray="4 3"/>"##,
            W - RIGHT,
            py(0.0),
            py(0.0)
        );
    }
    if i == 0 {
        let _ = writeln!(
            s,
            r##"<line x1="{LEFT}" x2="{}" y1="{:.1}" y2="{:.1}" stroke="#666" stroke-dasharray="4 3"/><text x="{}" y="{:.1}" text-anchor="end" fill="#666">lease-majority above</text>"##,
            W - RIGHT,
            py(50.0),
            py(50.0),
            W - RIGHT - 4.0,
            py(50.0) - 4.0
        );
    }
    let _ = writeln!(
        s,
        r#"<text transform="translate({},{:.1}) rotate(-90)" text-anchor="middle">{}</text>"#,
        22.0,
        (top + bottom) / 2.0,
        esc(&panel.unit)
    );
}

/// The panel's line through the points, a dot on each, and its legend
/// (which closes the panel's group).
fn write_series(s: &mut String, panel: &Panel, x: &XAxis, top: f64, py: &dyn Fn(f64) -> f64) {
    let color = panel.color;
    let path: Vec<String> = panel
        .line
        .iter()
        .map(|&(a, y)| format!("{:.1},{:.1}", x.px(a), py(y)))
        .collect();
    let _ = writeln!(
        s,
        r#"<polyline points="{}" fill="none" stroke="{color}" stroke-width="2"/>"#,
        path.join(" ")
    );
    for &(a, y) in &panel.line {
        let _ = writeln!(
            s,
            r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{color}"/>"#,
            x.px(a),
            py(y)
        );
    }
    // Legend.
    let _ = writeln!(
        s,
        r#"<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{color}" stroke-width="2"/><text x="{}" y="{}">{}</text></g>"#,
        LEFT + 10.0,
        LEFT + 30.0,
        top + 14.0,
        top + 14.0,
        LEFT + 36.0,
        top + 18.0,
        esc(&panel.name)
    );
}

/// The x tick labels under the bottom panel, and the swept parameter's name.
fn write_x_axis(s: &mut String, x: &XAxis, x_label: &str, axis_y: f64) {
    for (t, label) in x_ticks(x, x_label) {
        let _ = writeln!(
            s,
            r#"<text class="x-tick" x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
            x.px(t),
            axis_y + 16.0,
            esc(&label)
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
        LEFT + (W - LEFT - RIGHT) / 2.0,
        axis_y + 38.0,
        esc(x_label)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(
            ticks(0.0, 100.0, 5).1,
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(ticks(0.5, 1.5, 5).1, vec![0.6, 0.8, 1.0, 1.2, 1.4]);
    }

    /// The test's own estimate of a label's width at 12 px sans-serif:
    /// the widest glyph a tick uses is a digit or `$`, 0.556 em in
    /// Helvetica and Arial (`,` and `.` are 0.278 em).
    fn test_width_px(label: &str) -> f64 {
        label
            .chars()
            .map(|c| if c == ',' || c == '.' { 0.278 } else { 0.556 })
            .sum::<f64>()
            * 12.0
    }

    /// The x tick labels of an SVG: (centre x, text).
    fn x_ticks(svg: &str) -> Vec<(f64, String)> {
        svg.lines()
            .filter(|l| l.contains(r#"class="x-tick""#))
            .map(|l| {
                let x = l
                    .split(r#" x=""#)
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap();
                let text = l.split('>').nth(1).unwrap().split('<').next().unwrap();
                (x.parse().unwrap(), text.to_string())
            })
            .collect()
    }

    #[test]
    fn x_tick_labels_never_overlap_and_read_their_values() {
        let ranges = [
            (0.0, 3_000_000.0, "finance.capex_budget_usd"),
            (2_000_000.0, 3_000_000.0, "finance.capex_budget_usd"),
            (0.0, 3_000_000.0, "sites[abilene].power[grid].mw"),
            (2_990_000.0, 3_000_000.0, "demand.h100e"),
            (1e9, 4e9, "finance.capex_budget_usd"),
            (
                0.5,
                1.5,
                "market.lease[*].tenors[*].price_usd_per_gpu_hr (×)",
            ),
            (
                1.4,
                2.5,
                "market.lease[toy].tenors[1q].price_usd_per_gpu_hr",
            ),
            (-250.0, 250.0, "sites[a].power[g].mw (+)"),
            (0.0, 123_456_789.0, "supply.units"),
            (0.0, 3e10, "sites[a].power[g].mw"),
            (-3e9, 3e9, "finance.capex_budget_usd (+)"),
            (
                2_999_000.0,
                3_000_000.0,
                "finance.capex_budget[0].usd_per_period",
            ),
            // Labels of 12 characters: only thinned ticks fit.
            (2_999_999.0, 3_000_000.0, "demand.h100e"),
        ];
        for (lo, hi, label) in ranges {
            let pts: Vec<FrontierPoint> = (0..12)
                .map(|i| FrontierPoint {
                    x: lo + (hi - lo) * i as f64 / 11.0,
                    leased_share: 0.5,
                    npv_usd: 1e9,
                })
                .collect();
            let svg = frontier_svg("t", label, &pts, &[], "");
            let ticks = x_ticks(&svg);
            assert!(ticks.len() >= 2, "{label} {lo}..{hi}: {ticks:?}");
            for pair in ticks.windows(2) {
                let ((x0, a), (x1, b)) = (&pair[0], &pair[1]);
                let room = (test_width_px(a) + test_width_px(b)) / 2.0;
                assert!(
                    x1 - x0 >= room,
                    "{label} {lo}..{hi}: {a:?} at {x0} and {b:?} at {x1} overlap ({room:.1} px needed): {ticks:?}"
                );
                assert_ne!(a, b, "{label} {lo}..{hi}: two ticks read alike: {ticks:?}");
            }
            for (x, t) in &ticks {
                let half = test_width_px(t) / 2.0;
                assert!(
                    x - half >= 0.0 && x + half <= W,
                    "{t} at {x} leaves the chart"
                );
                // The label reads the value at its place (to the 0.1 px the
                // SVG is written to), in dollars where the parameter is USD.
                let at = lo + (x - LEFT) / (W - LEFT - RIGHT) * (hi - lo);
                let usd = !label.contains('×') && label.contains("usd");
                assert_eq!(t.contains('$'), usd, "{t}");
                let (mult, body) = match t.chars().last() {
                    Some('k') => (1e3, &t[..t.len() - 1]),
                    Some('M') => (1e6, &t[..t.len() - 1]),
                    Some('B') => (1e9, &t[..t.len() - 1]),
                    _ => (1.0, &t[..]),
                };
                let read: f64 = body.replace('$', "").parse::<f64>().unwrap() * mult;
                let tol = 0.06 * (hi - lo) / (W - LEFT - RIGHT) + 1e-9 * hi.abs();
                assert!(
                    (read - at).abs() <= tol,
                    "{label}: {t} at {x} reads {read}, not {at}"
                );
            }
        }
    }

    #[test]
    fn the_chart_has_both_curves_and_labels() {
        let pts: Vec<FrontierPoint> = (0..5)
            .map(|i| FrontierPoint {
                x: 0.5 + i as f64 * 0.25,
                leased_share: i as f64 / 4.0,
                npv_usd: 1e9 * i as f64,
            })
            .collect();
        let svg = frontier_svg("t", "lease price (×)", &pts, &[], "");
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(
            svg.contains("leased share, %")
                && svg.contains("NPV, $B")
                && svg.contains("lease price (×)")
        );
    }
}
