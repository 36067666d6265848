//! The report as files — report.md, report.html, `charts/*.svg` and the
//! finance workbook plan.xlsx — drawn
//! from plan.json alone, so `solve` and `capplan report DIR` write the same
//! bytes. Everything is rendered in memory first and only then written, each
//! file atomically: an error leaves no partial report.

use std::path::Path;

use super::charts;
use super::plan_graph::{plan_graph_section, PlanGraphSection, GRAPH_SVG};
use super::{band, html, markdown, write_atomic, xlsx};
use crate::doc::band::{read_band, BandDoc};
use crate::doc::PlanDoc;
use crate::error::Error;

/// One output file, its path relative to the report's directory.
pub struct ReportFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Every file of the report, in the order written (charts first, so the
/// documents that link them come last).
pub fn report_files(
    plan: &PlanDoc,
    graph: Option<&PlanGraphSection>,
    band: Option<&BandDoc>,
) -> Result<Vec<ReportFile>, Error> {
    let charts = charts::all(plan);
    let mut files: Vec<ReportFile> = charts
        .iter()
        .map(|c| ReportFile {
            path: c.file(),
            bytes: c.svg.clone().into_bytes(),
        })
        .collect();
    if let Some(g) = graph {
        files.push(ReportFile {
            path: GRAPH_SVG.into(),
            bytes: g.file_bytes.clone(),
        });
    }
    let band_svg = band.map(band::band_chart);
    if let Some(svg) = &band_svg {
        files.push(ReportFile {
            path: band::BAND_SVG.into(),
            bytes: svg.clone().into_bytes(),
        });
    }
    let band_md = band.map(band::band_md);
    let band_html = band
        .zip(band_svg.as_deref())
        .map(|(b, s)| band::band_html(b, s));
    files.push(ReportFile {
        path: "report.md".into(),
        bytes: markdown::report_md(plan, &charts, graph.is_some(), band_md.as_deref()).into_bytes(),
    });
    files.push(ReportFile {
        path: "report.html".into(),
        bytes: html::report_html(plan, &charts, graph, band_html.as_deref()).into_bytes(),
    });
    files.push(ReportFile {
        path: xlsx::FILE.into(),
        bytes: xlsx::plan_xlsx(plan, band)
            .map_err(|e| Error::io(xlsx::FILE, std::io::Error::other(format!("workbook: {e}"))))?,
    });
    Ok(files)
}

/// Writes the report of `plan` into `out`, taking the plan graph (graph.svg)
/// and the identity band (band.json, when it was found around this plan)
/// from `from` if they are there; returns the paths written, relative to
/// `out`.
pub fn write_report(plan: &PlanDoc, from: &Path, out: &Path) -> Result<Vec<String>, Error> {
    let graph = plan_graph_section(from);
    let band = read_band(from)?.filter(|b| b.is_around(plan));
    let files = report_files(plan, graph.as_ref(), band.as_ref())?;
    let same_dir = from == out;
    let mut written = Vec::with_capacity(files.len());
    for f in &files {
        if same_dir && f.path == GRAPH_SVG {
            // Already there: it is where the graph was read from.
            continue;
        }
        write_atomic(&out.join(&f.path), &f.bytes)?;
        written.push(f.path.clone());
    }
    Ok(written)
}
