//! A sweep's CSV: the header, one row per point, and the merge of shards'
//! files into the file one run of the whole grid writes.

use serde_yaml::Value;

use super::point::Outcome;
use super::Vary;
use crate::report::figures::Figures;
use crate::units::fixed;

/// A CSV cell, quoted when it must be.
pub fn cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

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

/// The CSV header line.
pub fn header(varies: &[Vary]) -> String {
    let mut cols = vec!["point".to_string(), "points".to_string()];
    cols.extend(varies.iter().map(|v| cell(&v.label())));
    cols.extend(METRIC_COLUMNS.iter().map(|c| c.to_string()));
    cols.join(",") + "\n"
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

/// One CSV line: the point, its parameter values and its figures.
pub fn row(k: usize, points: usize, varies: &[Vary], idx: &[usize], out: &Outcome) -> String {
    let mut cols = vec![k.to_string(), points.to_string()];
    cols.extend(
        varies
            .iter()
            .zip(idx)
            .map(|(v, &i)| cell(&value_text(&v.values[i]))),
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
    cols.push(cell(&out.note));
    cols.join(",") + "\n"
}

/// Joins shard CSVs into the file one run of the whole grid writes: same
/// header everywhere, every point exactly once, rows in point order.
pub fn merge(files: &[(String, String)]) -> Result<String, String> {
    let mut header: Option<(&str, &str)> = None;
    let mut rows: Vec<(usize, usize, &str, &str)> = Vec::new();
    for (name, text) in files {
        let mut lines = text.lines();
        let Some(h) = lines.next() else {
            return Err(format!("{name} is empty"));
        };
        if !h.starts_with("point,points,") {
            return Err(format!("{name} is not a capplan sweep CSV (its header does not start with `point,points,`)"));
        }
        match header {
            None => header = Some((name, h)),
            Some((first, fh)) if fh != h => {
                return Err(format!("{name} has a different header from {first}: they come from different sweeps\n  {first}: {fh}\n  {name}: {h}"))
            }
            _ => {}
        }
        for (n, line) in lines.enumerate().filter(|(_, l)| !l.is_empty()) {
            let mut it = line.splitn(3, ',');
            let k = it.next().and_then(|x| x.parse::<usize>().ok());
            let total = it.next().and_then(|x| x.parse::<usize>().ok());
            let (Some(k), Some(total)) = (k, total) else {
                return Err(format!(
                    "{name}:{}: not a sweep row (`point,points,…`)",
                    n + 2
                ));
            };
            rows.push((k, total, line, name));
        }
    }
    let Some((_, h)) = header else {
        return Err("no files to merge".into());
    };
    let Some(&(_, total, _, first)) = rows.first() else {
        return Err("the files have no rows".into());
    };
    if let Some(r) = rows.iter().find(|r| r.1 != total) {
        return Err(format!(
            "{} says the grid has {} points, {first} says {total}: they come from different sweeps",
            r.3, r.1
        ));
    }
    rows.sort_by_key(|r| r.0);
    for w in rows.windows(2) {
        if w[0].0 == w[1].0 {
            return Err(format!(
                "point {} appears twice ({} and {}): a shard was given twice or the shards overlap",
                w[0].0, w[0].3, w[1].3
            ));
        }
    }
    let have: std::collections::HashSet<usize> = rows.iter().map(|r| r.0).collect();
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
    if let Some(r) = rows.iter().find(|r| r.0 >= total) {
        return Err(format!("{} has point {} of a {total}-point grid", r.3, r.0));
    }
    let mut out = String::from(h);
    out.push('\n');
    for r in rows {
        out.push_str(r.2);
        out.push('\n');
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
}
