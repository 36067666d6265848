//! Power available versus used, per site over time: one panel per site (two
//! columns when there are several), facility load (IT load × PUE) as bars,
//! the power the site has as a step line.

use super::svg::{legend, LegendItem, Mark, Plot, Svg, INK, WIDTH};
use super::{sites_in_order, Chart};
use crate::doc::PlanDoc;
use crate::units::count;

pub const ID: &str = "power-by-site";
/// Facility load bars.
const LOAD: &str = "#56B4E9";
/// The power-available line.
const AVAILABLE: &str = "#000000";
const PANEL_H: f64 = 170.0;
/// Most site panels drawn; a plan with more shows those with the highest peak load.
const MAX_SITES: usize = 12;

/// The sites to draw: all, or the [`MAX_SITES`] with the highest peak facility
/// load (kept in plan order).
fn sites_shown(plan: &PlanDoc) -> Vec<String> {
    let sites = sites_in_order(plan);
    if sites.len() <= MAX_SITES {
        return sites;
    }
    let peak = |site: &str| {
        plan.site_periods
            .iter()
            .filter(|s| s.site == site)
            .map(|s| s.facility_load_mw)
            .fold(0.0, f64::max)
    };
    let mut ranked: Vec<(usize, f64)> = sites
        .iter()
        .enumerate()
        .map(|(i, s)| (i, peak(s)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut keep: Vec<usize> = ranked.iter().take(MAX_SITES).map(|r| r.0).collect();
    keep.sort();
    keep.into_iter().map(|i| sites[i].clone()).collect()
}

pub fn chart(plan: &PlanDoc) -> Chart {
    let all_sites = sites_in_order(plan).len();
    let sites = sites_shown(plan);
    let title = "Power available and used per site";
    let mut svg = Svg::new(
        ID,
        title,
        "Per site and period: facility load (IT load times PUE) against the power the site has, MW",
    );
    let mut sub = String::from(
        "Facility load = design IT load × PUE; power available = grid, PPAs, generation and batteries online, times the site's peak usable share (1 unless set).",
    );
    if sites.len() < all_sites {
        sub.push_str(&format!(
            " The {} of {all_sites} sites with the highest peak load.",
            sites.len()
        ));
    }
    svg.subtitle(&sub);
    let y0 = legend(
        &mut svg,
        &[
            LegendItem::new("facility load (MW)", LOAD, Mark::Swatch),
            LegendItem::new("power available (MW)", AVAILABLE, Mark::Line),
        ],
        74.0,
    );
    let cols = if sites.len() > 1 { 2 } else { 1 };
    let col_w = WIDTH / cols as f64;
    let row_h = PANEL_H + 70.0;
    for (i, site) in sites.iter().enumerate() {
        let (col, row) = (i % cols, i / cols);
        let top = y0 + row as f64 * row_h + 18.0;
        let mut plot = Plot::full_width(top, top + PANEL_H, &plan.periods);
        plot.left = col as f64 * col_w + 84.0;
        plot.right = (col + 1) as f64 * col_w - 24.0;
        draw_site_panel(&mut svg, &plot, top, plan, site);
    }
    let rows = sites.len().div_ceil(cols).max(1);
    svg.set_height(y0 + rows as f64 * row_h - 12.0);
    Chart {
        id: ID,
        title: title.into(),
        svg: svg.finish(),
    }
}

/// A site's facility load and power available in each period, MW.
fn load_and_available(plan: &PlanDoc, site: &str) -> (Vec<f64>, Vec<f64>) {
    let np = plan.periods.len();
    let mut load = vec![0.0; np];
    let mut avail = vec![0.0; np];
    for sp in plan.site_periods.iter().filter(|s| s.site == site) {
        if let Some(t) = super::period_index(plan, &sp.period) {
            load[t] = sp.facility_load_mw;
            avail[t] = sp.power_available_mw;
        }
    }
    (load, avail)
}

/// One site's panel in `plot` (whose top is `top`): its title with the peaks,
/// the load bars and the power-available step line.
fn draw_site_panel(svg: &mut Svg, plot: &Plot, top: f64, plan: &PlanDoc, site: &str) {
    let (load, avail) = load_and_available(plan, site);
    let peak_load = load.iter().cloned().fold(0.0, f64::max);
    let peak_avail = avail.iter().cloned().fold(0.0, f64::max);
    svg.text(
        plot.left,
        top - 10.0,
        "start",
        13.0,
        INK,
        &format!(
            "{site} — peak load {} MW of {} MW available",
            count(peak_load),
            count(peak_avail)
        ),
    );
    let (scale, ticks) = plot.y_scale(0.0, peak_load.max(peak_avail));
    plot.axes(svg, &scale, &ticks, &count, "MW");
    svg.group("bars load");
    for t in 0..plan.periods.len() {
        let (x, w) = plot.bar(t);
        let (yt, yb) = (scale.y(load[t]), scale.y(0.0));
        svg.rect(
            x,
            yt,
            w,
            yb - yt,
            LOAD,
            &format!(
                "{} · {site}: load {:.1} MW of {:.1} MW",
                plan.periods[t], load[t], avail[t]
            ),
        );
    }
    svg.end_group();
    // A step line: flat across each period's band.
    let mut pts = Vec::with_capacity(2 * avail.len());
    for (t, a) in avail.iter().enumerate() {
        let y = scale.y(*a);
        pts.push((plot.x0(t), y));
        pts.push((plot.x0(t) + plot.band(), y));
    }
    svg.group("line available");
    svg.polyline(&pts, AVAILABLE, 2.0, "");
    svg.end_group();
}
