//! A sweep's CSV: the header, one row per point, and the merge of shards'
//! files into the file one run of the whole grid writes.

use serde_yaml::Value;

use super::point::Outcome;
use super::Vary;
use crate::report::csv::line;
use crate::report::figures::Figures;
use crate::units::fixed;

/// The metric columns of a sweep CSV, after `point,points,<parameters>`.
pub const METRIC_COLUMNS: &[&str] = &[
    "status",
    "npv_usd",
    "irr",
    "capex_usd",
    "lease_revenue_usd",
    "internal_value_usd",
    "opex_usd",
    "leased_share",
    "gpus_end",
    "gpus_internal_end",
    "gpus_leased_end",
    "facility_mw_peak",
    "note",
];

/// The CSV header line; `band` the metrics of `--band`, each with three
/// columns before the note: `<metric>_optimum`, `<metric>_min`, `<metric>_max`.
pub fn header(varies: &[Vary], band: &[String]) -> String {
    let mut cols = vec!["point".to_string(), "points".to_string()];
    cols.extend(varies.iter().map(|v| v.label()));
    let (note, figures) = METRIC_COLUMNS.split_last().expect("columns");
    cols.extend(figures.iter().map(|c| c.to_string()));
    for m in band {
        cols.extend(["optimum", "min", "max"].map(|x| format!("{m}_{x}")));
    }
    cols.push(note.to_string());
    line(cols)
}

/// A band value as the sweep CSV writes it: shares to 6 decimals, dollars
/// whole, the rest to 3 decimals (relaxed plans have fractional GPUs).
fn band_value(unit: &str, x: f64) -> String {
    match unit {
        "share" => fixed(x, 6),
        "usd" => fixed(x, 0),
        _ => fixed(x, 3),
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// One CSV line: the point, its parameter values, its figures and the band
/// of each of `band`'s metrics (empty cells where none was found).
pub fn row(
    k: usize,
    points: usize,
    varies: &[Vary],
    idx: &[usize],
    out: &Outcome,
    band: &[String],
) -> String {
    let mut cols = vec![k.to_string(), points.to_string()];
    cols.extend(
        varies
            .iter()
            .zip(idx)
            .map(|(v, &i)| value_text(&v.values[i])),
    );
    cols.push(out.status.clone());
    match &out.plan {
        Some(p) => {
            let f = Figures::of(p);
            cols.extend([
                fixed(f.npv_usd, 0),
                f.irr.map(|x| fixed(x, 6)).unwrap_or_default(),
                fixed(f.capex_usd, 0),
                fixed(f.lease_revenue_usd, 0),
                fixed(f.internal_value_usd, 0),
                fixed(f.opex_usd, 0),
                fixed(f.leased_share, 6),
                fixed(f.gpus_end, 0),
                fixed(f.gpus_internal_end, 0),
                fixed(f.gpus_leased_end, 0),
                fixed(f.facility_mw_peak, 3),
            ]);
        }
        None => cols.extend(std::iter::repeat_n(String::new(), METRIC_COLUMNS.len() - 2)),
    }
    for m in band {
        match out.band.iter().find(|b| &b.metric == m) {
            Some(b) => cols.extend([b.optimum, b.min, b.max].map(|x| band_value(&b.unit, x))),
            None => cols.extend(std::iter::repeat_n(String::new(), 3)),
        }
    }
    cols.push(out.note.clone());
    line(cols)
}

/// A row of a shard's file: its point, the grid's size, the row as read
/// (re-quoted on writing), and the file it came from.
struct ShardRow<'a> {
    point: usize,
    points: usize,
    fields: csv::StringRecord,
    file: &'a str,
}

/// The records of one shard's CSV: its header and its rows.
fn read_shard<'a>(
    name: &'a str,
    text: &str,
) -> Result<(csv::StringRecord, Vec<ShardRow<'a>>), String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = r.records();
    let header = match records.next() {
        None => return Err(format!("{name} is empty")),
        Some(h) => h.map_err(|e| format!("{name}: {e}"))?,
    };
    if header.get(0) != Some("point") || header.get(1) != Some("points") {
        return Err(format!(
            "{name} is not a capplan sweep CSV (its header does not start with `point,points,`)"
        ));
    }
    let mut rows = Vec::new();
    for rec in records {
        let rec = rec.map_err(|e| format!("{name}: {e}"))?;
        let at = rec.position().map_or(0, |p| p.line());
        let number = |i: usize| rec.get(i).and_then(|x| x.parse::<usize>().ok());
        let (Some(point), Some(points)) = (number(0), number(1)) else {
            return Err(format!("{name}:{at}: not a sweep row (`point,points,…`)"));
        };
        rows.push(ShardRow {
            point,
            points,
            fields: rec,
            file: name,
        });
    }
    Ok((header, rows))
}

/// Joins shard CSVs into the file one run of the whole grid writes: same
/// header everywhere, every point exactly once, rows in point order.
pub fn merge(files: &[(String, String)]) -> Result<String, String> {
    let mut header: Option<(&str, csv::StringRecord)> = None;
    let mut rows: Vec<ShardRow> = Vec::new();
    for (name, text) in files {
        let (h, mut these) = read_shard(name, text)?;
        match &header {
            None => header = Some((name, h)),
            Some((first, fh)) if *fh != h => {
                let show = |r: &csv::StringRecord| line(r.iter()).trim_end().to_string();
                return Err(format!("{name} has a different header from {first}: they come from different sweeps\n  {first}: {}\n  {name}: {}", show(fh), show(&h)));
            }
            _ => {}
        }
        rows.append(&mut these);
    }
    let Some((_, h)) = header else {
        return Err("no files to merge".into());
    };
    let Some(first) = rows.first() else {
        return Err("the files have no rows".into());
    };
    let (total, first) = (first.points, first.file);
    if let Some(r) = rows.iter().find(|r| r.points != total) {
        return Err(format!(
            "{} says the grid has {} points, {first} says {total}: they come from different sweeps",
            r.file, r.points
        ));
    }
    rows.sort_by_key(|r| r.point);
    for w in rows.windows(2) {
        if w[0].point == w[1].point {
            return Err(format!(
                "point {} appears twice ({} and {}): a shard was given twice or the shards overlap",
                w[0].point, w[0].file, w[1].file
            ));
        }
    }
    let have: std::collections::HashSet<usize> = rows.iter().map(|r| r.point).collect();
    let missing: Vec<String> = (0..total)
        .filter(|k| !have.contains(k))
        .map(|k| k.to_string())
        .collect();
    if !missing.is_empty() {
        let shown: Vec<String> = missing.iter().take(10).cloned().collect();
        return Err(format!(
            "{} of {total} points are missing ({}{}): a shard is missing or did not finish",
            missing.len(),
            shown.join(", "),
            if missing.len() > 10 { ", …" } else { "" }
        ));
    }
    if let Some(r) = rows.iter().find(|r| r.point >= total) {
        return Err(format!(
            "{} has point {} of a {total}-point grid",
            r.file, r.point
        ));
    }
    let mut out = line(h.iter());
    for r in rows {
        out.push_str(&line(r.fields.iter()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_refuses_gaps_and_duplicates() {
        let a = (
            "a".to_string(),
            "point,points,x,status\n0,3,1,optimal\n2,3,3,optimal\n".to_string(),
        );
        let b = (
            "b".to_string(),
            "point,points,x,status\n1,3,2,optimal\n".to_string(),
        );
        assert_eq!(
            merge(&[b.clone(), a.clone()]).unwrap(),
            "point,points,x,status\n0,3,1,optimal\n1,3,2,optimal\n2,3,3,optimal\n"
        );
        assert!(merge(std::slice::from_ref(&a))
            .unwrap_err()
            .contains("missing"));
        assert!(merge(&[a.clone(), a.clone(), b.clone()])
            .unwrap_err()
            .contains("twice"));
        let c = (
            "c".to_string(),
            "point,points,y,status\n1,3,2,optimal\n".to_string(),
        );
        assert!(merge(&[a, c]).unwrap_err().contains("different header"));
    }

    #[test]
    fn merge_keeps_notes_with_commas_quotes_and_line_breaks() {
        let a = (
            "a".to_string(),
            "point,points,x,status,note\n0,2,1,infeasible,\"short of power, by 2 MW\nin 2027Q1 (\"\"dry\"\")\"\n".to_string(),
        );
        let b = (
            "b".to_string(),
            "point,points,x,status,note\n1,2,2,optimal,\n".to_string(),
        );
        let merged = merge(&[b, a.clone()]).unwrap();
        assert_eq!(
            merged,
            format!("{}1,2,2,optimal,\n", a.1),
            "the quoted note survives, whole"
        );
    }
}
