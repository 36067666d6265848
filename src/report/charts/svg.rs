//! The shared parts of every chart: the SVG document, a title, a legend, a
//! plot area with a period (band) x axis and a linear y axis with units.
//!
//! Coordinates are printed with one decimal and nothing depends on fonts
//! being measured, so the same plan gives the same bytes on every machine.

use std::fmt::Write;

/// Canvas width of every chart, px; charts scale to their container in HTML.
pub(crate) const WIDTH: f64 = 960.0;
/// Left margin: room for y tick labels and the rotated axis title.
const LEFT: f64 = 84.0;
const RIGHT: f64 = 24.0;

pub(crate) const FONT: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
/// Text, axis and grid colours.
pub(crate) const INK: &str = "#222222";
const MUTED: &str = "#555555";
const GRID: &str = "#e3e3e3";

/// `&`, `<`, `>`, quotes escaped for XML text and attributes.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One decimal, no `-0.0`.
pub(crate) fn n(x: f64) -> String {
    let s = format!("{x:.1}");
    if s == "-0.0" {
        "0.0".into()
    } else {
        s
    }
}

/// An SVG document being written.
pub(crate) struct Svg {
    pub buf: String,
    id: String,
    height: f64,
}

impl Svg {
    /// Opens a chart `id` (also its element id in report.html) with its title
    /// and a one-line description (the `<desc>`, for screen readers).
    pub fn new(id: &str, title: &str, desc: &str) -> Self {
        let mut buf = String::new();
        let _ = writeln!(buf, "<title id=\"{id}-title\">{}</title>", esc(title));
        let _ = writeln!(buf, "<desc>{}</desc>", esc(desc));
        let _ = writeln!(
            buf,
            "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"100%\" fill=\"#ffffff\"/>",
            n(WIDTH)
        );
        let _ = writeln!(
            buf,
            "<text class=\"chart-title\" x=\"16.0\" y=\"28.0\" font-size=\"18\" font-weight=\"600\" fill=\"{INK}\">{}</text>",
            esc(title)
        );
        Svg {
            buf,
            id: id.to_string(),
            height: 0.0,
        }
    }

    /// A line of smaller text under the title.
    pub fn subtitle(&mut self, text: &str) {
        let _ = writeln!(
            self.buf,
            "<text x=\"16.0\" y=\"48.0\" font-size=\"12\" fill=\"{MUTED}\">{}</text>",
            esc(text)
        );
    }

    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64) {
        let _ = writeln!(
            self.buf,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
            n(x1),
            n(y1),
            n(x2),
            n(y2),
            n(width)
        );
    }

    /// A filled rectangle; `tip` becomes its tooltip (`<title>`).
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, tip: &str) {
        if w <= 0.0 || h <= 0.0 {
            return;
        }
        let _ = writeln!(
            self.buf,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"><title>{}</title></rect>",
            n(x),
            n(y),
            n(w),
            n(h),
            esc(tip)
        );
    }

    pub fn text(&mut self, x: f64, y: f64, anchor: &str, size: f64, fill: &str, text: &str) {
        let _ = writeln!(
            self.buf,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" font-size=\"{}\" fill=\"{fill}\">{}</text>",
            n(x),
            n(y),
            n(size),
            esc(text)
        );
    }

    /// A polyline through `points`; `dash` like `"6 4"` or empty.
    pub fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, width: f64, dash: &str) {
        if points.is_empty() {
            return;
        }
        let pts: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{},{}", n(*x), n(*y)))
            .collect();
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        let _ = writeln!(
            self.buf,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{}\" stroke-linejoin=\"round\"{dash}/>",
            pts.join(" "),
            n(width)
        );
    }

    pub fn circle(&mut self, x: f64, y: f64, r: f64, fill: &str, tip: &str) {
        let _ = writeln!(
            self.buf,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\"><title>{}</title></circle>",
            n(x),
            n(y),
            n(r),
            esc(tip)
        );
    }

    /// Groups what follows under a class (`<g class="…">`) until [`Svg::end_group`].
    pub fn group(&mut self, class: &str) {
        let _ = writeln!(self.buf, "<g class=\"{class}\">");
    }

    pub fn end_group(&mut self) {
        self.buf.push_str("</g>\n");
    }

    /// Sets the canvas height, px.
    pub fn set_height(&mut self, h: f64) {
        self.height = h;
    }

    /// The finished document.
    pub fn finish(self) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"chart\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-title\" font-family=\"{FONT}\" font-size=\"12\">\n{body}</svg>\n",
            id = self.id,
            w = n(WIDTH),
            h = n(self.height),
            body = self.buf
        )
    }
}

/// How a legend entry is drawn.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Mark {
    /// A filled square (bars, areas).
    Swatch,
    /// A line segment (lines).
    Line,
}

pub(crate) struct LegendItem {
    pub label: String,
    pub colour: String,
    pub mark: Mark,
}

impl LegendItem {
    pub fn new(label: impl Into<String>, colour: &str, mark: Mark) -> Self {
        LegendItem {
            label: label.into(),
            colour: colour.to_string(),
            mark,
        }
    }
}

/// Draws a legend from `y` across the chart, wrapping lines; returns the y
/// below it. Widths are estimated from character counts (7 px each at 12 px),
/// not measured, to stay deterministic.
pub(crate) fn legend(svg: &mut Svg, items: &[LegendItem], y: f64) -> f64 {
    svg.group("legend");
    let (mut x, mut y) = (LEFT, y);
    for item in items {
        let w = 22.0 + 7.0 * item.label.chars().count() as f64 + 18.0;
        if x + w > WIDTH - RIGHT && x > LEFT {
            x = LEFT;
            y += 20.0;
        }
        match item.mark {
            Mark::Swatch => svg.rect(x, y - 10.0, 14.0, 14.0, &item.colour, &item.label),
            Mark::Line => svg.line(x, y - 3.0, x + 16.0, y - 3.0, &item.colour, 2.5),
        }
        svg.text(x + 20.0, y + 1.0, "start", 12.0, INK, &item.label);
        x += w;
    }
    svg.end_group();
    y + 18.0
}

/// The "nice" step (1, 2, 2.5 or 5 × 10^k) that cuts `span` into at most
/// about `count` pieces.
pub(crate) fn nice_step(span: f64, count: usize) -> f64 {
    let raw = span / count.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

/// "Nice" tick values (1, 2, 2.5 or 5 × 10^k) covering `[lo, hi]`, about `count` of them.
pub(crate) fn nice_ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    let (lo, hi) = if hi - lo < 1e-9 {
        (lo.min(0.0), lo.max(0.0) + 1.0)
    } else {
        (lo, hi)
    };
    let step = nice_step(hi - lo, count);
    let first = (lo / step).floor() as i64;
    let last = (hi / step).ceil() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// A linear y scale onto a plot area's pixel rows.
#[derive(Clone, Copy)]
pub(crate) struct YScale {
    pub lo: f64,
    pub hi: f64,
    pub top: f64,
    pub bottom: f64,
}

impl YScale {
    pub fn y(&self, v: f64) -> f64 {
        self.bottom - (v - self.lo) / (self.hi - self.lo) * (self.bottom - self.top)
    }
}

/// A plot area with one band per period.
pub(crate) struct Plot {
    pub top: f64,
    pub bottom: f64,
    pub left: f64,
    pub right: f64,
    pub periods: Vec<String>,
}

impl Plot {
    /// A plot spanning the chart's width between `top` and `bottom`.
    pub fn full_width(top: f64, bottom: f64, periods: &[String]) -> Self {
        Plot {
            top,
            bottom,
            left: LEFT,
            right: WIDTH - RIGHT,
            periods: periods.to_vec(),
        }
    }

    pub fn band(&self) -> f64 {
        (self.right - self.left) / self.periods.len().max(1) as f64
    }

    /// Left edge of period `i`'s band.
    pub fn x0(&self, i: usize) -> f64 {
        self.left + i as f64 * self.band()
    }

    pub fn centre(&self, i: usize) -> f64 {
        self.x0(i) + self.band() / 2.0
    }

    /// A bar's left edge and width inside period `i`'s band.
    pub fn bar(&self, i: usize) -> (f64, f64) {
        let w = self.band() * 0.72;
        (self.centre(i) - w / 2.0, w)
    }

    /// A y scale covering `[lo, hi]` (and 0) with nice ticks; returns it and the ticks.
    pub fn y_scale(&self, lo: f64, hi: f64) -> (YScale, Vec<f64>) {
        let ticks = nice_ticks(lo.min(0.0), hi.max(0.0), 5);
        let scale = YScale {
            lo: ticks[0],
            hi: *ticks.last().expect("at least one tick"),
            top: self.top,
            bottom: self.bottom,
        };
        (scale, ticks)
    }

    /// Grid lines, y tick labels (`fmt`), the rotated y axis title (with its
    /// unit), the x axis with period labels, and the zero line.
    pub fn axes(
        &self,
        svg: &mut Svg,
        scale: &YScale,
        ticks: &[f64],
        fmt: &dyn Fn(f64) -> String,
        y_title: &str,
    ) {
        svg.group("axes");
        for t in ticks {
            let y = scale.y(*t);
            svg.line(self.left, y, self.right, y, GRID, 1.0);
            svg.text(self.left - 8.0, y + 4.0, "end", 11.0, MUTED, &fmt(*t));
        }
        let mid = (self.top + self.bottom) / 2.0;
        let _ = writeln!(
            svg.buf,
            "<text class=\"axis-title\" x=\"{x}\" y=\"{y}\" text-anchor=\"middle\" font-size=\"12\" fill=\"{MUTED}\" transform=\"rotate(-90 {x} {y})\">{t}</text>",
            x = n(self.left - 70.0),
            y = n(mid),
            t = esc(y_title)
        );
        // The x axis: a tick per period, labels on a subset that fits.
        svg.line(self.left, self.bottom, self.right, self.bottom, INK, 1.0);
        let labelled = labelled_periods(&self.periods, self.right - self.left);
        for (i, p) in self.periods.iter().enumerate() {
            let x = self.x0(i);
            let long = labelled.contains(&i);
            svg.line(
                x,
                self.bottom,
                x,
                self.bottom + if long { 6.0 } else { 3.0 },
                INK,
                1.0,
            );
            if long {
                svg.text(self.centre(i), self.bottom + 18.0, "middle", 11.0, MUTED, p);
            }
        }
        svg.line(
            self.right,
            self.bottom,
            self.right,
            self.bottom + 6.0,
            INK,
            1.0,
        );
        if scale.lo < 0.0 {
            let y0 = scale.y(0.0);
            svg.line(self.left, y0, self.right, y0, INK, 1.0);
        }
        svg.end_group();
    }
}

/// Which periods get a label on an x axis `width` px wide: every one if they
/// fit (about 52 px a label), else the first of each year if those fit, else
/// every k-th.
pub(crate) fn labelled_periods(periods: &[String], width: f64) -> Vec<usize> {
    let fit = (width / 52.0).floor().max(1.0) as usize;
    if periods.len() <= fit {
        return (0..periods.len()).collect();
    }
    let year_starts: Vec<usize> = periods
        .iter()
        .enumerate()
        .filter(|(_, p)| p.ends_with("Q1") || p.ends_with("-01"))
        .map(|(i, _)| i)
        .collect();
    if !year_starts.is_empty() && year_starts.len() <= fit {
        return year_starts;
    }
    let k = periods.len().div_ceil(fit);
    (0..periods.len()).step_by(k).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(
            nice_ticks(0.0, 200_000.0, 5),
            vec![0.0, 50_000.0, 100_000.0, 150_000.0, 200_000.0]
        );
        let t = nice_ticks(-2.9e9, 6.1e9, 5);
        assert!(t[0] <= -2.9e9 && *t.last().unwrap() >= 6.1e9, "{t:?}");
        let flat = nice_ticks(0.0, 0.0, 5);
        assert!(flat.len() >= 2 && flat[0] == 0.0, "{flat:?}");
    }

    #[test]
    fn quarters_are_labelled_by_year_when_they_do_not_all_fit() {
        let periods: Vec<String> = (2026..2033)
            .flat_map(|y| (1..=4).map(move |q| format!("{y}Q{q}")))
            .collect();
        let l = labelled_periods(&periods, 852.0);
        assert_eq!(l, vec![0, 4, 8, 12, 16, 20, 24]);
        assert_eq!(labelled_periods(&periods[..8], 852.0).len(), 8);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("a<b & 'c'"), "a&lt;b &amp; &#39;c&#39;");
    }
}
