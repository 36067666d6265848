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
    let (xlo, xhi) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.x), b.max(p.x))
        });
    let (xlo, xhi) = if xlo.is_finite() && xhi > xlo {
        (xlo, xhi)
    } else {
        (0.0, 1.0)
    };
    let px = |x: f64| LEFT + (x - xlo) / (xhi - xlo) * (W - LEFT - RIGHT);
    let npv_b: Vec<f64> = points.iter().map(|p| p.npv_usd / 1e9).collect();
    let (nlo, nhi) = npv_b
        .iter()
        .fold((0.0f64, 0.0f64), |(a, b), v| (a.min(*v), b.max(*v)));
    let (nlo, nhi) = if nhi > nlo {
        (nlo, nhi)
    } else {
        (nlo - 1.0, nhi + 1.0)
    };
    // (title, axis label, low, high, values, colour) of each panel.
    type Panel<'a> = (&'a str, &'a str, f64, f64, Vec<f64>, &'a str);
    let panels: [Panel; 2] = [
        (
            "leased share of GPU-hours",
            "leased share, %",
            0.0,
            100.0,
            points.iter().map(|p| p.leased_share * 100.0).collect(),
            "#1f77b4",
        ),
        ("blended NPV", "NPV, $B", nlo, nhi, npv_b, "#d62728"),
    ];
    for (i, (name, unit, lo, hi, ys, color)) in panels.iter().enumerate() {
        let top = 50.0 + i as f64 * (PANEL_H + 25.0);
        let bottom = top + PANEL_H - 20.0;
        let py = |y: f64| bottom - (y - lo) / (hi - lo) * (bottom - top - 10.0);
        let _ = writeln!(
            s,
            r##"<g><rect x="{LEFT}" y="{top}" width="{}" height="{}" fill="none" stroke="#999"/>"##,
            W - LEFT - RIGHT,
            bottom - top
        );
        for t in ticks(*lo, *hi, 5) {
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
        if *lo < 0.0 && *hi > 0.0 {
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
            esc(unit)
        );
        let path: Vec<String> = points
            .iter()
            .zip(ys)
            .map(|(p, y)| format!("{:.1},{:.1}", px(p.x), py(*y)))
            .collect();
        let _ = writeln!(
            s,
            r#"<polyline points="{}" fill="none" stroke="{color}" stroke-width="2"/>"#,
            path.join(" ")
        );
        for (p, y) in points.iter().zip(ys) {
            let _ = writeln!(
                s,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{color}"/>"#,
                px(p.x),
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
            esc(name)
        );
    }
    let axis_y = 50.0 + 2.0 * PANEL_H + 25.0 - 20.0;
    for t in ticks(xlo, xhi, 8) {
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
            px(t),
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
    s.push_str("</svg>\n");
    s
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
