//! The strategic-identity frontier as an SVG: leased share and NPV against
//! the swept parameter, in two panels that share the x axis. Hand-written
//! SVG, no dependencies; deterministic text for the same points.

use std::fmt::Write;

/// One solved point of the frontier.
#[derive(Debug, Clone, Copy)]
pub struct FrontierPoint {
    pub x: f64,
    /// 0–1.
    pub leased_share: f64,
    pub npv_usd: f64,
}

const W: f64 = 720.0;
const LEFT: f64 = 80.0;
const RIGHT: f64 = 30.0;
const PANEL_H: f64 = 200.0;

/// Round tick steps covering `lo..hi` in about `n` steps.
fn ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let step = crate::report::charts::svg::nice_step((hi - lo).abs().max(1e-12), n);
    let first = (lo / step).ceil() * step;
    (0..=n * 2 + 2)
        .map(|i| first + i as f64 * step)
        .take_while(|t| *t <= hi + step * 1e-9)
        .map(|t| if t.abs() < step * 1e-9 { 0.0 } else { t })
        // 0.6, not 0.6000000000000001.
        .map(|t| {
            let decimals = (-step.log10().floor()).max(0.0) as usize + 1;
            format!("{t:.decimals$}").parse().unwrap_or(t)
        })
        .collect()
}

fn num(t: f64) -> String {
    let s = format!("{:.3}", t);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
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
pub fn frontier_svg(title: &str, x_label: &str, points: &[FrontierPoint]) -> String {
    let h = 60.0 + 2.0 * PANEL_H + 50.0 + 50.0;
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
    for (i, panel) in panels(points).iter().enumerate() {
        write_panel(&mut s, i, panel, points, &x);
    }
    write_x_axis(&mut s, &x, x_label);
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

/// One panel: its series' name, axis label, y range, values and colour.
struct Panel<'a> {
    name: &'a str,
    unit: &'a str,
    lo: f64,
    hi: f64,
    ys: Vec<f64>,
    color: &'a str,
}

/// Leased share (0–100%) above, NPV in $B (a range that includes 0) below.
fn panels(points: &[FrontierPoint]) -> [Panel<'static>; 2] {
    let npv_b: Vec<f64> = points.iter().map(|p| p.npv_usd / 1e9).collect();
    let (nlo, nhi) = npv_b
        .iter()
        .fold((0.0f64, 0.0f64), |(a, b), v| (a.min(*v), b.max(*v)));
    let (nlo, nhi) = if nhi > nlo {
        (nlo, nhi)
    } else {
        (nlo - 1.0, nhi + 1.0)
    };
    [
        Panel {
            name: "leased share of GPU-hours",
            unit: "leased share, %",
            lo: 0.0,
            hi: 100.0,
            ys: points.iter().map(|p| p.leased_share * 100.0).collect(),
            color: "#1f77b4",
        },
        Panel {
            name: "blended NPV",
            unit: "NPV, $B",
            lo: nlo,
            hi: nhi,
            ys: npv_b,
            color: "#d62728",
        },
    ]
}

/// Panel `i` (0 on top): its frame and grid, then its series.
fn write_panel(s: &mut String, i: usize, panel: &Panel, points: &[FrontierPoint], x: &XAxis) {
    let (lo, hi) = (panel.lo, panel.hi);
    let top = 50.0 + i as f64 * (PANEL_H + 25.0);
    let bottom = top + PANEL_H - 20.0;
    let py = |y: f64| bottom - (y - lo) / (hi - lo) * (bottom - top - 10.0);
    write_panel_frame(s, i, panel, top, bottom, &py);
    write_series(s, panel, points, x, top, &py);
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
    for t in ticks(lo, hi, 5) {
        let y = py(t);
        let _ = writeln!(
            s,
            r##"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#eee"/><text x="{}" y="{:.1}" text-anchor="end">{}</text>"##,
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            num(t)
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
        esc(panel.unit)
    );
}

/// The panel's line through the points, a dot on each, and its legend
/// (which closes the panel's group).
fn write_series(
    s: &mut String,
    panel: &Panel,
    points: &[FrontierPoint],
    x: &XAxis,
    top: f64,
    py: &dyn Fn(f64) -> f64,
) {
    let color = panel.color;
    let path: Vec<String> = points
        .iter()
        .zip(&panel.ys)
        .map(|(p, y)| format!("{:.1},{:.1}", x.px(p.x), py(*y)))
        .collect();
    let _ = writeln!(
        s,
        r#"<polyline points="{}" fill="none" stroke="{color}" stroke-width="2"/>"#,
        path.join(" ")
    );
    for (p, y) in points.iter().zip(&panel.ys) {
        let _ = writeln!(
            s,
            r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{color}"/>"#,
            x.px(p.x),
            py(*y)
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
        esc(panel.name)
    );
}

/// The x tick labels under the bottom panel, and the swept parameter's name.
fn write_x_axis(s: &mut String, x: &XAxis, x_label: &str) {
    let axis_y = 50.0 + 2.0 * PANEL_H + 25.0 - 20.0;
    for t in ticks(x.lo, x.hi, 8) {
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
            x.px(t),
            axis_y + 16.0,
            num(t)
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
            ticks(0.0, 100.0, 5),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
        assert_eq!(ticks(0.5, 1.5, 5), vec![0.6, 0.8, 1.0, 1.2, 1.4]);
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
        let svg = frontier_svg("t", "lease price (×)", &pts);
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(
            svg.contains("leased share, %")
                && svg.contains("NPV, $B")
                && svg.contains("lease price (×)")
        );
    }
}
