//! Sweeps: a grid of edits (`--vary PATH=FROM:TO:STEP`), solved in parallel,
//! one CSV row per point in grid order; shards of the grid for job arrays,
//! and the merge of their CSVs.
//!
//! Point `k` (0-based, grid order: the first `--vary` slowest) belongs to
//! shard `k mod N + 1` of `N`: round robin, so neighbouring points (of
//! similar difficulty) spread over the shards.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use indexmap::IndexMap;
use serde_yaml::Value;

use super::apply::{parse_signed_duration, Op};
use super::path::EditPath;
use super::reuse::Reuse;
use crate::catalog::load::Loaded;
use crate::catalog::{checks, Diagnostic};
use crate::error::Error;
use crate::model;
use crate::pipeline::PipelineOptions;
use crate::report::plan_doc::PlanDoc;
use crate::scenario;
use crate::solve::{self, Basis};
use crate::verify;

/// How a varied value is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VaryOp {
    /// `PATH=…`: set the value.
    Set,
    /// `PATH*=…`: multiply it.
    Scale,
    /// `PATH+=…`: add to it (a duration shifts a period).
    Add,
}

/// One `--vary`: a path, how it changes, and the values it takes.
#[derive(Debug, Clone)]
pub struct Vary {
    pub path: EditPath,
    pub op: VaryOp,
    pub values: Vec<Value>,
}

impl Vary {
    /// The CSV column name: the path, with `(×)` or `(+)` for scale and add.
    pub fn label(&self) -> String {
        match self.op {
            VaryOp::Set => self.path.text.clone(),
            VaryOp::Scale => format!("{} (×)", self.path.text),
            VaryOp::Add => format!("{} (+)", self.path.text),
        }
    }

    /// The edit that gives this parameter its `i`-th value.
    pub fn edit(&self, i: usize) -> Op {
        let v = &self.values[i];
        match self.op {
            VaryOp::Set => Op::Set(v.clone()),
            VaryOp::Scale => Op::Scale(v.as_f64().expect("scale values are numbers")),
            VaryOp::Add => match v.as_f64() {
                Some(x) => Op::Add(x),
                None => Op::Shift(
                    parse_signed_duration(v.as_str().unwrap_or_default())
                        .expect("add values are numbers or durations"),
                ),
            },
        }
    }

    /// The `i`-th value as a number, where it is one.
    pub fn number(&self, i: usize) -> Option<f64> {
        self.values[i].as_f64()
    }
}

/// Rounds away the binary noise of `from + i·step` (0.1·3 = 0.30000000000000004).
fn tidy(x: f64) -> f64 {
    let r = (x * 1e9).round() / 1e9;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Parses `PATH=FROM:TO:STEP`, `PATH=v1,v2,…`, with `*=` (scale) or `+=` (add).
pub fn parse_vary(spec: &str) -> Result<Vary, String> {
    // The first `=` outside brackets.
    let mut depth = 0;
    let mut eq = None;
    for (i, c) in spec.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            '=' if depth == 0 => {
                eq = Some(i);
                break;
            }
            _ => {}
        }
    }
    let Some(eq) = eq else {
        return Err(format!(
            "--vary {spec}: expected PATH=FROM:TO:STEP or PATH=v1,v2,… (`*=` scales, `+=` adds)"
        ));
    };
    let (lhs, rhs) = (&spec[..eq], &spec[eq + 1..]);
    let (path_text, op) = if let Some(p) = lhs.strip_suffix('*') {
        (p, VaryOp::Scale)
    } else if let Some(p) = lhs.strip_suffix('+') {
        (p, VaryOp::Add)
    } else {
        (lhs, VaryOp::Set)
    };
    let path = EditPath::parse(path_text.trim()).map_err(|e| {
        format!(
            "--vary {spec}: invalid path at character {}: {}",
            e.offset + 1,
            e.message
        )
    })?;
    let rhs = rhs.trim();
    let values: Vec<Value> = if rhs.contains(':') && !rhs.contains(',') {
        let parts: Vec<&str> = rhs.split(':').collect();
        let nums: Vec<f64> = parts
            .iter()
            .filter_map(|p| p.trim().parse::<f64>().ok())
            .filter(|x| x.is_finite())
            .collect();
        let [from, to, step] = nums[..] else {
            return Err(format!(
                "--vary {spec}: a range is FROM:TO:STEP, three numbers, e.g. 0.5:1.5:0.1"
            ));
        };
        if parts.len() != 3 || step <= 0.0 || to < from {
            return Err(format!(
                "--vary {spec}: a range needs FROM ≤ TO and a positive STEP"
            ));
        }
        let n = ((to - from) / step + 1e-9).floor() as usize + 1;
        if n > 100_000 {
            return Err(format!(
                "--vary {spec}: {n} values; a sweep takes at most 100000 per parameter"
            ));
        }
        (0..n)
            .map(|i| Value::Number(tidy(from + i as f64 * step).into()))
            .collect()
    } else {
        rhs.split(',')
            .map(|v| {
                serde_yaml::from_str::<Value>(v.trim())
                    .unwrap_or(Value::String(v.trim().to_string()))
            })
            .collect()
    };
    if values.is_empty() || values.iter().any(|v| v.is_null()) {
        return Err(format!("--vary {spec}: give at least one value"));
    }
    for v in &values {
        let ok = match op {
            VaryOp::Set => true,
            VaryOp::Scale => v.as_f64().is_some(),
            VaryOp::Add => {
                v.as_f64().is_some() || v.as_str().and_then(parse_signed_duration).is_some()
            }
        };
        if !ok {
            let what = if op == VaryOp::Scale {
                "factors (numbers)"
            } else {
                "numbers or durations like `+1q`"
            };
            return Err(format!(
                "--vary {spec}: `{}` is not valid here; `{}` takes {what}",
                serde_yaml::to_string(v).unwrap_or_default().trim(),
                if op == VaryOp::Scale { "*=" } else { "+=" }
            ));
        }
    }
    Ok(Vary { path, op, values })
}

/// The grid: every combination of the varies' values, the first vary slowest.
///
/// # Returns
/// For each point, the index of its value in each vary.
pub fn grid(varies: &[Vary]) -> Vec<Vec<usize>> {
    let mut points = vec![vec![]];
    for v in varies {
        points = points
            .into_iter()
            .flat_map(|p| {
                (0..v.values.len()).map(move |i| {
                    let mut q = p.clone();
                    q.push(i);
                    q
                })
            })
            .collect();
    }
    points
}

/// Which part of the grid this run solves: shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    /// Parses `I/N`.
    pub fn parse(s: &str) -> Result<Shard, String> {
        let bad = || format!("--shard {s}: expected I/N with 1 ≤ I ≤ N, e.g. 2/8");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let (i, n) = (
            i.trim().parse::<usize>().map_err(|_| bad())?,
            n.trim().parse::<usize>().map_err(|_| bad())?,
        );
        if i == 0 || n == 0 || i > n {
            return Err(bad());
        }
        Ok(Shard { index: i, count: n })
    }

    /// The shard from a job array's environment: Slurm
    /// (`SLURM_ARRAY_TASK_ID` − `SLURM_ARRAY_TASK_MIN` of `SLURM_ARRAY_TASK_COUNT`)
    /// or a Kubernetes Indexed Job (`JOB_COMPLETION_INDEX` of `CAPPLAN_SHARDS`).
    ///
    /// # Returns
    /// The shard and the variables it came from, or `None` outside a job array.
    pub fn from_env(
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<(Shard, String)>, String> {
        let num = |k: &str| -> Result<Option<usize>, String> {
            match get(k) {
                None => Ok(None),
                Some(v) => v
                    .trim()
                    .parse::<usize>()
                    .map(Some)
                    .map_err(|_| format!("{k}={v} is not a whole number")),
            }
        };
        if let Some(id) = num("SLURM_ARRAY_TASK_ID")? {
            let count = num("SLURM_ARRAY_TASK_COUNT")?
                .ok_or("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not")?;
            let min = num("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let index = id
                .checked_sub(min)
                .ok_or("SLURM_ARRAY_TASK_ID is below SLURM_ARRAY_TASK_MIN")?
                + 1;
            if count == 0 || index > count {
                return Err(format!("SLURM_ARRAY_TASK_ID={id} (min {min}) is outside {count} tasks; use a contiguous --array=0-{}", count.max(1) - 1));
            }
            return Ok(Some((Shard { index, count }, "SLURM_ARRAY_TASK_ID".into())));
        }
        if let Some(idx) = num("JOB_COMPLETION_INDEX")? {
            let count = num("CAPPLAN_SHARDS")?.ok_or("JOB_COMPLETION_INDEX is set: set CAPPLAN_SHARDS to the Job's `completions` too (or pass --shard I/N)")?;
            if idx >= count {
                return Err(format!(
                    "JOB_COMPLETION_INDEX={idx} is not below CAPPLAN_SHARDS={count}"
                ));
            }
            return Ok(Some((
                Shard {
                    index: idx + 1,
                    count,
                },
                "JOB_COMPLETION_INDEX".into(),
            )));
        }
        Ok(None)
    }

    /// Whether grid point `k` (0-based) is this shard's.
    pub fn has(&self, k: usize) -> bool {
        k % self.count == self.index - 1
    }
}

/// The base plan, loaded, checked and turned into a tree once for every point.
pub struct Base {
    pub loaded: Loaded,
    pub tree: Value,
}

impl Base {
    pub fn new(loaded: Loaded) -> Base {
        let tree = super::tree::to_tree(&loaded);
        Base { loaded, tree }
    }
}

/// What solving one point gave.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// `optimal`, `feasible`, `infeasible`, `no_solution`, `invalid` or `error`.
    pub status: String,
    pub plan: Option<PlanDoc>,
    pub note: String,
}

impl Outcome {
    fn failed(status: &str, note: String) -> Outcome {
        Outcome {
            status: status.into(),
            plan: None,
            note,
        }
    }
}

/// The point's plan: the base with `edits` applied, typed, checked, resolved.
pub fn point_scenario(base: &Base, edits: &[(EditPath, Op)]) -> Result<scenario::Scenario, String> {
    let mut t = base.tree.clone();
    for (p, op) in edits {
        super::apply::apply(&mut t, p, op).map_err(|e| super::Failure::Edit(e).message())?;
    }
    let l = super::tree::from_tree(&base.loaded, &t)?;
    let diags = checks::check_all(&l);
    if let Some(d) = diags.iter().find(|d| d.is_error()) {
        return Err(first_line(d));
    }
    Ok(scenario::resolve(&l))
}

fn first_line(d: &Diagnostic) -> String {
    format!(
        "{} ({}{})",
        d.message,
        d.rule,
        if d.path.is_empty() {
            String::new()
        } else {
            format!(" at {}", d.path)
        }
    )
}

/// Solves one point: from `reuse`'s patched model and warm start when given,
/// else a model built afresh. Shadow prices are left out; the plan is verified.
pub fn solve_point(
    base: &Base,
    edits: &[(EditPath, Op)],
    opts: &PipelineOptions,
    reuse: Option<(&Reuse, f64)>,
) -> Outcome {
    let sc = match point_scenario(base, edits) {
        Ok(sc) => sc,
        Err(m) => return Outcome::failed("invalid", m),
    };
    let (model, basis): (model::Model, Option<&Basis>) = match reuse {
        Some((r, x)) => (r.model_at(x), r.basis.as_ref()),
        None => (model::build(&sc, opts.relax), None),
    };
    solve_built(&sc, &model, opts, basis)
}

/// Solves a resolved scenario (built afresh), verified, without shadow prices.
pub fn solve_resolved(sc: &scenario::Scenario, opts: &PipelineOptions) -> Outcome {
    solve_built(sc, &model::build(sc, opts.relax), opts, None)
}

fn solve_built(
    sc: &scenario::Scenario,
    model: &model::Model,
    opts: &PipelineOptions,
    basis: Option<&Basis>,
) -> Outcome {
    let relaxed = opts.relax || !sc.integer_units;
    let sol = match solve::solve_warm(&model.lp, &opts.solve, basis) {
        Ok((s, _)) => s,
        Err(Error::Infeasible(m)) => return Outcome::failed("infeasible", m),
        Err(Error::NoSolution(m)) => return Outcome::failed("no_solution", m),
        Err(e) => return Outcome::failed("error", e.to_string()),
    };
    let plan = model::extract::plan_doc(sc, model, &sol, relaxed);
    let violations = verify::verify(sc, &plan);
    if let Some(v) = violations.first() {
        return Outcome::failed("error", format!("the verifier refused the plan: {v}"));
    }
    Outcome {
        status: plan.solver.status.clone(),
        plan: Some(plan),
        note: String::new(),
    }
}

/// Runs `f` on every index of `todo` on `jobs` threads; results come back in
/// `todo`'s order whatever the threads did. `progress` prints `[done/total]`
/// lines to stderr.
pub fn run_parallel<R: Send, F: Fn(usize) -> R + Sync>(
    todo: &[usize],
    jobs: usize,
    progress: bool,
    f: F,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..todo.len()).map(|_| None).collect());
    let start = Instant::now();
    let total = todo.len();
    std::thread::scope(|s| {
        for _ in 0..jobs.clamp(1, total.max(1)) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= total {
                    break;
                }
                let r = f(todo[i]);
                results.lock().expect("no worker panics holding the lock")[i] = Some(r);
                let d = done.fetch_add(1, Ordering::SeqCst) + 1;
                if progress {
                    eprint!(
                        "\r[{d}/{total}] {:.1} s elapsed",
                        start.elapsed().as_secs_f64()
                    );
                    if d == total {
                        eprintln!();
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .expect("workers finished")
        .into_iter()
        .map(|r| r.expect("every point ran"))
        .collect()
}

/// The figures a comparison or sweep reports for one solved plan.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Figures {
    pub npv_usd: f64,
    pub irr: Option<f64>,
    pub capex_usd: f64,
    pub lease_revenue_usd: f64,
    pub internal_value_usd: f64,
    pub opex_usd: f64,
    pub leased_share: f64,
    pub gpus_end: f64,
    pub gpus_internal_end: f64,
    pub gpus_leased_end: f64,
    /// GPUs installed in the last period, by SKU.
    pub gpus_end_by_sku: IndexMap<String, f64>,
    /// Facility load in the last period, all sites, MW.
    pub facility_mw_end: f64,
    /// Largest facility load of any period, all sites, MW.
    pub facility_mw_peak: f64,
}

impl Figures {
    pub fn of(plan: &PlanDoc) -> Figures {
        let m = &plan.metrics;
        let last = plan.periods.last().cloned().unwrap_or_default();
        let mut by_sku: IndexMap<String, f64> = IndexMap::new();
        let (mut internal, mut leased) = (0.0, 0.0);
        for r in plan.rows.iter().filter(|r| r.period == last) {
            *by_sku.entry(r.sku.clone()).or_default() += r.gpus_internal + r.gpus_leased;
            internal += r.gpus_internal;
            leased += r.gpus_leased;
        }
        by_sku.sort_keys();
        let mut per_period: IndexMap<&str, f64> = IndexMap::new();
        for sp in &plan.site_periods {
            *per_period.entry(sp.period.as_str()).or_default() += sp.facility_load_mw;
        }
        Figures {
            npv_usd: m.npv_usd,
            irr: m.irr,
            capex_usd: m.capex_usd,
            lease_revenue_usd: m.lease_revenue_usd,
            internal_value_usd: m.internal_value_usd,
            opex_usd: m.opex_usd,
            leased_share: m.leased_share,
            gpus_end: internal + leased,
            gpus_internal_end: internal,
            gpus_leased_end: leased,
            gpus_end_by_sku: by_sku,
            facility_mw_end: per_period.get(last.as_str()).copied().unwrap_or(0.0),
            facility_mw_peak: per_period.values().copied().fold(0.0, f64::max),
        }
    }
}

/// `x` with `decimals` decimals, without a `-0`.
pub fn fixed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s.trim_start_matches('-').to_string()
    } else {
        s
    }
}

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
    fn ranges_lists_and_operators_parse() {
        let v = parse_vary("market.lease[*].tenors[*].price_usd_per_gpu_hr*=0.5:1.5:0.1").unwrap();
        assert_eq!(v.op, VaryOp::Scale);
        assert_eq!(v.values.len(), 11);
        assert_eq!(v.values[3].as_f64(), Some(0.8));
        let v = parse_vary("sites[abilene].power[grid-2].energize+=0q,+1q,+2q").unwrap();
        assert_eq!(v.op, VaryOp::Add);
        assert!(matches!(v.edit(2), Op::Shift(d) if d.months == 6));
        let v = parse_vary("finance.internal_value_weight=0,0.5,1").unwrap();
        assert_eq!(v.op, VaryOp::Set);
        assert!(parse_vary("a=1:0:1").is_err());
        assert!(parse_vary("a*=x,y").is_err());
        assert!(parse_vary("a").is_err());
    }

    #[test]
    fn the_grid_runs_the_first_vary_slowest() {
        let a = parse_vary("a=1,2").unwrap();
        let b = parse_vary("b=1,2,3").unwrap();
        let g = grid(&[a, b]);
        assert_eq!(g.len(), 6);
        assert_eq!(g[0], vec![0, 0]);
        assert_eq!(g[1], vec![0, 1]);
        assert_eq!(g[3], vec![1, 0]);
    }

    #[test]
    fn shards_partition_the_grid() {
        let shards: Vec<Shard> = (1..=3)
            .map(|i| Shard::parse(&format!("{i}/3")).unwrap())
            .collect();
        for k in 0..20 {
            assert_eq!(shards.iter().filter(|s| s.has(k)).count(), 1);
        }
        assert!(Shard::parse("0/3").is_err());
        assert!(Shard::parse("4/3").is_err());
    }

    #[test]
    fn job_array_environments_give_the_shard() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|p| p.0 == k).map(|p| p.1.to_string())
        };
        let s = Shard::from_env(env(&[
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(s.0, Shard { index: 3, count: 4 });
        let s = Shard::from_env(env(&[
            ("SLURM_ARRAY_TASK_ID", "4"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(s.0, Shard { index: 4, count: 4 });
        let s = Shard::from_env(env(&[
            ("JOB_COMPLETION_INDEX", "0"),
            ("CAPPLAN_SHARDS", "5"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(s.0, Shard { index: 1, count: 5 });
        assert!(Shard::from_env(env(&[("JOB_COMPLETION_INDEX", "0")])).is_err());
        assert_eq!(Shard::from_env(env(&[])).unwrap(), None);
    }

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
