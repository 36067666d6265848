//! `capplan compare PLAN --whatif A.yaml [--whatif B.yaml …]`: the base plan
//! and each what-if solved, side by side, with deltas against the base.

use std::fmt::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::solver_args::{JobsArgs, SolverArgs};
use crate::error::Error;
use crate::flow::pipeline::load_with_whatifs;
use crate::flow::sweep::point::{run_parallel, solve_resolved, Outcome};
use crate::report::csv::field;
use crate::report::figures::Figures;
use crate::report::write_atomic;
use crate::scenario;
use crate::units::{count, fixed};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal.
    Table,
    /// A Markdown table.
    Md,
    /// One row per figure, one column per scenario and delta.
    Csv,
    /// Every scenario's figures and deltas.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The plan YAML.
    pub plan: PathBuf,
    /// A what-if scenario (repeatable: one column each); `A.yaml,B.yaml`
    /// composes A then B into one scenario.
    #[arg(long = "whatif", required = true, value_name = "W.yaml")]
    pub whatif: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub solver: SolverArgs,
    #[command(flatten)]
    pub jobs: JobsArgs,
}

/// One column of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub scenario: String,
    pub whatifs: Vec<String>,
    pub status: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub figures: Option<Figures>,
}

pub fn run(args: &CompareArgs) -> Result<(), Error> {
    let opts = args.solver.options(false, None)?;
    let jobs = args.jobs.jobs()?;
    let mut sets: Vec<Vec<PathBuf>> = vec![vec![]];
    sets.extend(
        args.whatif
            .iter()
            .map(|w| w.split(',').map(|p| PathBuf::from(p.trim())).collect()),
    );
    // Load everything first: a bad what-if fails before any solve.
    let mut loaded = Vec::new();
    for set in &sets {
        loaded.push(load_with_whatifs(&args.plan, set)?.0);
    }
    let todo: Vec<usize> = (0..sets.len()).collect();
    let outcomes: Vec<Outcome> = run_parallel(&todo, jobs, false, |i| {
        solve_resolved(&scenario::resolve(&loaded[i]), &opts)
    });
    let base_name = loaded[0].plan.name.clone();
    let cols: Vec<Column> = loaded
        .iter()
        .zip(&sets)
        .zip(outcomes)
        .map(|((l, set), o)| Column {
            scenario: if set.is_empty() {
                "base".into()
            } else {
                l.plan
                    .name
                    .strip_prefix(&format!("{base_name}+"))
                    .unwrap_or(&l.plan.name)
                    .to_string()
            },
            whatifs: set.iter().map(|p| p.display().to_string()).collect(),
            status: o.status,
            note: o.note,
            figures: o.plan.as_ref().map(Figures::of),
        })
        .collect();
    let text = match args.format {
        Format::Json => json(&base_name, &cols),
        Format::Csv => csv(&cols),
        Format::Md => table(&base_name, &cols, true),
        Format::Table => table(
            &format!("{base_name}: base and what-ifs (Δ against base)"),
            &cols,
            false,
        ),
    };
    match &args.out {
        Some(p) => write_atomic(p, text.as_bytes()),
        None => super::print_out(&text),
    }
}

/// A figure of the comparison: its label in the tables, its key in the
/// CSV, its unit kind, and how to read it from a plan's figures (`None`
/// where the plan has none: an undefined IRR, a margin without revenue).
struct Line {
    label: String,
    key: String,
    kind: Kind,
    get: Getter,
}

/// How a line reads its value from a plan's figures.
type Getter = Box<dyn Fn(&Figures) -> Option<f64>>;

fn line(
    label: &str,
    key: &str,
    kind: Kind,
    get: impl Fn(&Figures) -> Option<f64> + 'static,
) -> Line {
    Line {
        label: label.into(),
        key: key.into(),
        kind,
        get: Box::new(get),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    MillionUsd,
    Percent,
    Count,
    Mw,
}

/// Every figure, in the order shown: value and returns, the capital and the
/// two businesses' margins, then the fleet. The equity's lines only when
/// some column is financed; a line per SKU any column holds at the end.
fn lines(cols: &[Column]) -> Vec<Line> {
    use Kind::*;
    let mut out = vec![
        line("NPV", "npv_usd", MillionUsd, |f| Some(f.npv_usd)),
        line("IRR", "irr", Percent, |f| f.irr),
        line("IRR, fleet charged", "irr_fleet_charged", Percent, |f| {
            f.irr_fleet_charged
        }),
    ];
    let figures = || cols.iter().filter_map(|c| c.figures.as_ref());
    if figures().any(|f| f.equity_npv_usd.is_some()) {
        out.push(line("equity NPV", "equity_npv_usd", MillionUsd, |f| {
            f.equity_npv_usd
        }));
        out.push(line("equity IRR", "equity_irr", Percent, |f| f.equity_irr));
    }
    out.extend([
        line("capex", "capex_usd", MillionUsd, |f| Some(f.capex_usd)),
        line("peak funding", "peak_funding_usd", MillionUsd, |f| {
            Some(f.peak_funding_usd)
        }),
        line("lease revenue", "lease_revenue_usd", MillionUsd, |f| {
            Some(f.lease_revenue_usd)
        }),
        line("internal value", "internal_value_usd", MillionUsd, |f| {
            Some(f.internal_value_usd)
        }),
        line("opex", "opex_usd", MillionUsd, |f| Some(f.opex_usd)),
        line(
            "leasing EBITDA margin",
            "leasing_ebitda_margin",
            Percent,
            |f| f.leasing_ebitda_margin,
        ),
        line(
            "internal EBITDA margin",
            "internal_ebitda_margin",
            Percent,
            |f| f.internal_ebitda_margin,
        ),
        line("leased share", "leased_share", Percent, |f| {
            Some(f.leased_share)
        }),
        line("GPUs at end", "gpus_at_end", Count, |f| Some(f.gpus_end)),
        line("  internal", "gpus_internal_end", Count, |f| {
            Some(f.gpus_internal_end)
        }),
        line("  leased", "gpus_leased_end", Count, |f| {
            Some(f.gpus_leased_end)
        }),
    ]);
    let mut skus: Vec<String> = figures()
        .flat_map(|f| f.gpus_end_by_sku.keys().cloned())
        .collect();
    skus.sort();
    skus.dedup();
    for s in skus {
        let key = s.clone();
        out.push(line(
            &format!("  {s}"),
            &format!("gpus_end_{s}"),
            Count,
            move |f| Some(f.gpus_end_by_sku.get(&key).copied().unwrap_or(0.0)),
        ));
    }
    out.push(line("facility MW at end", "facility_mw_at_end", Mw, |f| {
        Some(f.facility_mw_end)
    }));
    // The key as it has always been spelt, for scripts that read it.
    out.push(line("facility MW, peak", "facility_mw__peak", Mw, |f| {
        Some(f.facility_mw_peak)
    }));
    out
}

fn show(kind: Kind, x: f64, delta: bool) -> String {
    let body = match kind {
        Kind::MillionUsd => count(x / 1e6),
        Kind::Percent => fixed(x * 100.0, 1),
        Kind::Count => count(x),
        Kind::Mw => fixed(x, 0),
    };
    let body = if body
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        body.trim_start_matches('-').to_string()
    } else {
        body
    };
    let sign = if delta && x > 0.0 && body.chars().any(|c| ('1'..='9').contains(&c)) {
        "+"
    } else {
        ""
    };
    let unit = match kind {
        Kind::Percent if delta => " pt",
        Kind::Percent => "%",
        _ => "",
    };
    format!("{sign}{body}{unit}")
}

/// The side-by-side table, the first column the base of the deltas; `title`
/// heads the terminal table (Markdown has none). `alternatives` prints its
/// plans in this format too.
pub(super) fn table(title: &str, cols: &[Column], md: bool) -> String {
    let (header, rows) = cells(cols);
    let mut out = if md {
        markdown(&header, &rows)
    } else {
        format!("{title}\n\n{}", aligned(&header, &rows))
    };
    for c in cols.iter().filter(|c| !c.note.is_empty()) {
        let _ = writeln!(out, "\n{}: {} — {}", c.scenario, c.status, c.note);
    }
    out
}

/// The header (each scenario, and after the first its delta) and the rows:
/// the status, then every line's values and deltas as people read them.
fn cells(cols: &[Column]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut header = vec!["".to_string()];
    let mut status = vec!["status".to_string()];
    for (i, c) in cols.iter().enumerate() {
        header.push(c.scenario.clone());
        status.push(c.status.clone());
        if i > 0 {
            header.push(format!("Δ {}", c.scenario));
            status.push(String::new());
        }
    }
    let mut rows = vec![status];
    for Line {
        label, kind, get, ..
    } in lines(cols)
    {
        let unit = match kind {
            Kind::MillionUsd => " ($M)",
            _ => "",
        };
        let mut r = vec![format!("{label}{unit}")];
        let base = cols[0].figures.as_ref().and_then(&get);
        for (i, c) in cols.iter().enumerate() {
            let v = c.figures.as_ref().and_then(&get);
            r.push(v.map(|x| show(kind, x, false)).unwrap_or("—".into()));
            if i > 0 {
                r.push(match (v, base) {
                    (Some(x), Some(b)) => show(kind, x - b, true),
                    _ => "—".into(),
                });
            }
        }
        rows.push(r);
    }
    (header, rows)
}

fn markdown(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = format!("| {} |\n", header.join(" | "));
    let rule: Vec<&str> = (0..header.len())
        .map(|i| if i == 0 { "---" } else { "---:" })
        .collect();
    let _ = writeln!(out, "|{}|", rule.join("|"));
    for r in rows {
        let _ = writeln!(out, "| {} |", r.join(" | "));
    }
    out
}

/// Columns padded to their widest cell: labels left, figures right.
fn aligned(header: &[String], rows: &[Vec<String>]) -> String {
    let all = || std::iter::once(header).chain(rows.iter().map(|r| r.as_slice()));
    let width: Vec<usize> = (0..header.len())
        .map(|j| all().map(|r| r[j].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in all() {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(j, c)| {
                let pad = " ".repeat(width[j] - c.chars().count());
                if j == 0 {
                    format!("{c}{pad}")
                } else {
                    format!("{pad}{c}")
                }
            })
            .collect();
        let _ = writeln!(out, "{}", cells.join("  ").trim_end());
    }
    out
}

fn csv(cols: &[Column]) -> String {
    let mut out = String::from("figure");
    for (i, c) in cols.iter().enumerate() {
        let _ = write!(out, ",{}", field(&c.scenario));
        if i > 0 {
            let _ = write!(out, ",{}", field(&format!("delta {}", c.scenario)));
        }
    }
    out.push('\n');
    for Line { key, kind, get, .. } in lines(cols) {
        let _ = write!(out, "{}", field(&key));
        let base = cols[0].figures.as_ref().and_then(&get);
        let num = |x: f64| match kind {
            Kind::Percent => fixed(x, 6),
            Kind::Mw => fixed(x, 3),
            _ => fixed(x, 0),
        };
        for (i, c) in cols.iter().enumerate() {
            let v = c.figures.as_ref().and_then(&get);
            let _ = write!(out, ",{}", v.map(num).unwrap_or_default());
            if i > 0 {
                let _ = write!(
                    out,
                    ",{}",
                    v.zip(base).map(|(x, b)| num(x - b)).unwrap_or_default()
                );
            }
        }
        out.push('\n');
    }
    out
}

fn json(base_name: &str, cols: &[Column]) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        plan: &'a str,
        scenarios: &'a [Column],
        /// Each what-if's figures minus the base's (null where either failed).
        deltas: Vec<Option<serde_json::Value>>,
    }
    let base = cols[0]
        .figures
        .as_ref()
        .map(|f| serde_json::to_value(f).expect("figures serialize"));
    let deltas = cols[1..]
        .iter()
        .map(|c| {
            let (Some(b), Some(f)) = (&base, &c.figures) else {
                return None;
            };
            Some(diff(
                b,
                &serde_json::to_value(f).expect("figures serialize"),
            ))
        })
        .collect();
    String::from_utf8(crate::report::to_json(&Doc {
        plan: base_name,
        scenarios: cols,
        deltas,
    }))
    .expect("UTF-8")
}

fn diff(b: &serde_json::Value, f: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match (b, f) {
        (Value::Number(x), Value::Number(y)) => {
            let d = y.as_f64().unwrap_or(0.0) - x.as_f64().unwrap_or(0.0);
            serde_json::Number::from_f64((d * 1e6).round() / 1e6)
                .map(Value::Number)
                .unwrap_or(Value::Null)
        }
        (Value::Object(x), Value::Object(y)) => {
            let mut out = serde_json::Map::new();
            for (k, v) in y {
                out.insert(
                    k.clone(),
                    diff(x.get(k).unwrap_or(&Value::Number(0.into())), v),
                );
            }
            Value::Object(out)
        }
        _ => Value::Null,
    }
}
