//! The extensive form of a scenario set: every branch's model in one program,
//! built generically from the branches' [`Lp`]s (docs/model.md, "Scenario sets").
//!
//! - **Columns and rows** of branch b are branch b's, offset, and named
//!   `b:name` (`crash:buy[abilene,gb200,ret20,2027Q1]`), so exports stay readable.
//! - **Objective**: $\max \sum_b p_b Z_b$, constants included, or with risk
//!   $(1-\lambda)\sum_b p_b Z_b + \lambda\big(\eta - \frac{1}{1-\alpha}\sum_b p_b s_b\big)$
//!   with `cvar_shortfall[b]`: $s_b \ge \eta - Z_b$, $s_b \ge 0$, η free (the
//!   standard linear CVaR of Rockafellar and Uryasev, on the objective $Z_b$).
//! - **Non-anticipativity** (`nonanticipative[b:column]`): every decision
//!   column whose *decision period* ([`decision_periods`]) is before
//!   `decide_by` equals the same-named column of the first branch that has it.
//!   A decision before `decide_by` that some branch cannot make (its column is
//!   absent there, say an overlay moved a site's earliest start) is fixed to 0
//!   in every branch: the here-and-now plan is one plan, made in every branch.
//!
//! This is above `model::build` and below `solve`: it knows the model's
//! variables (to date each decision) but nothing of files or what-ifs
//! (`flow::scenarios` loads the branches).

use std::collections::{BTreeMap, HashMap, HashSet};

use super::family::Family;
use super::lp::{Lp, Row, Sense};
use super::Model;
use crate::scenario::Scenario;

/// One branch going into the extensive form.
pub struct BranchModel<'a> {
    pub name: &'a str,
    pub probability: f64,
    pub sc: &'a Scenario,
    pub model: &'a Model,
}

/// Risk aversion: maximise $(1-\lambda)E[Z] + \lambda\,\mathrm{CVaR}_\alpha(Z)$.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cvar {
    /// CVaR is the mean of the worst $1-\alpha$ of outcomes, α in [0, 1).
    pub alpha: f64,
    /// Weight on CVaR, in [0, 1].
    pub lambda: f64,
}

/// The extensive form and where each branch sits in it.
pub struct Extensive {
    pub lp: Lp,
    /// First column of each branch; branch b holds `col_start[b]..col_start[b] + n_b`.
    pub col_start: Vec<usize>,
    /// First row of each branch.
    pub row_start: Vec<usize>,
    /// `nonanticipative` rows added.
    pub tied: usize,
    /// Decision columns fixed to 0 because some branch lacks them.
    pub fixed_absent: usize,
    /// Column of η and of each branch's shortfall, with risk.
    pub cvar_columns: Option<(usize, Vec<usize>)>,
}

impl Extensive {
    /// Branch b's slice of `values` (its own columns, in its own order).
    pub fn branch_values<'v>(&self, b: usize, model: &Model, values: &'v [f64]) -> &'v [f64] {
        let s = self.col_start[b];
        &values[s..s + model.lp.columns.len()]
    }

    /// Branch b's slice of the row duals.
    pub fn branch_duals<'v>(&self, b: usize, model: &Model, duals: &'v [f64]) -> &'v [f64] {
        let s = self.row_start[b];
        &duals[s..s + model.lp.rows.len()]
    }
}

/// The period each column's decision is made in, where the column is a
/// decision (not a stock, a use or a draw): `opened_by[s,t]`,
/// `hall_started_by[s,h,t]`, `ordered_by[s,g,t]`, `lease[s,k,n,t]` and
/// `lease_tier[k,n,j,t]` in t; `buy[s,k,a,t]` in $t - L_k$ (hardware is
/// ordered a lead time before it is delivered; before the horizon is
/// negative); `run_site[r,s]` in the run's first period.
pub fn decision_periods(sc: &Scenario, model: &Model) -> Vec<Option<i64>> {
    let lp = &model.lp;
    let v = &model.vars;
    let mut out = vec![None; lp.columns.len()];
    let mut put = |var: &good_lp::Variable, t: i64| out[lp.index[var]] = Some(t);
    for (&(_, t), var) in &v.opened_by {
        put(var, t as i64);
    }
    for (&(_, _, t), var) in &v.hall_started_by {
        put(var, t as i64);
    }
    for (&(_, _, t), var) in &v.ordered_by {
        put(var, t as i64);
    }
    for (&(_, k, _, t), var) in &v.buy {
        put(var, t as i64 - sc.skus[k].lead_periods as i64);
    }
    for (&(_, _, _, t), var) in &v.lease {
        put(var, t as i64);
    }
    for (&(_, _, _, t), var) in &v.lease_tier {
        put(var, t as i64);
    }
    for (&(r, _), var) in &v.run_site {
        put(var, sc.runs[r].from as i64);
    }
    out
}

/// The extensive form of `branches` with decisions before period index
/// `decide_by` shared; `risk` adds the CVaR rows.
pub fn build(branches: &[BranchModel], decide_by: usize, risk: Option<Cvar>) -> Extensive {
    let mut lp = Lp::default();
    let neutral = 1.0 - risk.map_or(0.0, |r| r.lambda);
    let (col_start, early) = early_decisions(branches, decide_by);
    let absent = absent_somewhere(&early);
    let (mut objective, constant) =
        copy_branch_columns(&mut lp, branches, &col_start, &absent, neutral);
    let row_start = copy_branch_rows(&mut lp, branches, &col_start);
    let tied = tie_early_decisions(&mut lp, branches, &early);
    let cvar_columns =
        risk.map(|risk| add_cvar_rows(&mut lp, &mut objective, branches, &col_start, risk));
    lp.objective = objective;
    lp.objective_constant = constant;
    Extensive {
        lp,
        col_start,
        row_start,
        tied,
        fixed_absent: absent.len(),
        cvar_columns,
    }
}

/// Early decisions by column name, each with its column in every branch
/// (`None` where the branch has no such column).
type EarlyDecisions = BTreeMap<String, Vec<Option<usize>>>;

/// Where each branch's columns start in the extensive form, and its
/// decisions dated before `decide_by`.
fn early_decisions(branches: &[BranchModel], decide_by: usize) -> (Vec<usize>, EarlyDecisions) {
    let mut col_start = Vec::new();
    let mut early = EarlyDecisions::new();
    let mut off = 0;
    for (b, br) in branches.iter().enumerate() {
        col_start.push(off);
        for (j, d) in decision_periods(br.sc, br.model).into_iter().enumerate() {
            if d.is_some_and(|d| d < decide_by as i64) {
                early
                    .entry(br.model.lp.columns[j].name.clone())
                    .or_insert_with(|| vec![None; branches.len()])[b] = Some(off + j);
            }
        }
        off += br.model.lp.columns.len();
    }
    (col_start, early)
}

/// The columns of early decisions some branch cannot make: these are fixed
/// to 0 everywhere.
fn absent_somewhere(early: &EarlyDecisions) -> HashSet<usize> {
    early
        .values()
        .filter(|cols| cols.iter().any(Option::is_none))
        .flat_map(|cols| cols.iter().flatten().copied())
        .collect()
}

/// Every branch's columns, named `branch:column`, with the `absent` ones
/// bounded to 0 (bounds are set as the columns are made, so every backend
/// sees them). Returns the probability-weighted objective and its constant.
fn copy_branch_columns(
    lp: &mut Lp,
    branches: &[BranchModel],
    col_start: &[usize],
    absent: &HashSet<usize>,
    neutral: f64,
) -> (Vec<f64>, f64) {
    let mut objective = Vec::new();
    let mut constant = 0.0;
    for (b, br) in branches.iter().enumerate() {
        for (j, c) in br.model.lp.columns.iter().enumerate() {
            let upper = if absent.contains(&(col_start[b] + j)) {
                c.lower.max(0.0)
            } else {
                c.upper
            };
            lp.column(format!("{}:{}", br.name, c.name), c.lower, upper, c.integer);
        }
        objective.extend(
            br.model
                .lp
                .objective
                .iter()
                .map(|a| neutral * br.probability * a),
        );
        constant += neutral * br.probability * br.model.lp.objective_constant;
    }
    (objective, constant)
}

/// Every branch's rows, named `branch:row`, over its offset columns.
/// Returns the first row of each branch.
fn copy_branch_rows(lp: &mut Lp, branches: &[BranchModel], col_start: &[usize]) -> Vec<usize> {
    let mut row_start = Vec::new();
    for (b, br) in branches.iter().enumerate() {
        row_start.push(lp.rows.len());
        let off = col_start[b];
        for r in &br.model.lp.rows {
            lp.rows.push(Row {
                name: format!("{}:{}", br.name, r.name),
                family: r.family,
                coeffs: r.coeffs.iter().map(|&(i, a)| (off + i, a)).collect(),
                sense: r.sense,
                rhs: r.rhs,
            });
        }
    }
    row_start
}

/// `nonanticipative[b:column]`: each early decision every branch can make
/// equals the first branch's. Returns how many rows it added.
fn tie_early_decisions(lp: &mut Lp, branches: &[BranchModel], early: &EarlyDecisions) -> usize {
    let mut tied = 0;
    for (name, cols) in early {
        let Some(first) = cols.iter().all(Option::is_some).then(|| cols[0]).flatten() else {
            continue;
        };
        for (b, c) in cols.iter().enumerate().skip(1) {
            let c = c.expect("present in every branch");
            lp.rows.push(Row {
                name: format!(
                    "{}[{}:{}]",
                    Family::NonAnticipativity.name(),
                    branches[b].name,
                    name
                ),
                family: Family::NonAnticipativity,
                coeffs: vec![(first, -1.0), (c, 1.0)],
                sense: Sense::Eq,
                rhs: 0.0,
            });
            tied += 1;
        }
    }
    tied
}

/// η, each branch's shortfall $s_b$ and the `cvar_shortfall[b]` rows
/// $s_b \ge \eta - Z_b$, with their terms of the objective. Returns the
/// column of η and of each shortfall.
fn add_cvar_rows(
    lp: &mut Lp,
    objective: &mut Vec<f64>,
    branches: &[BranchModel],
    col_start: &[usize],
    risk: Cvar,
) -> (usize, Vec<usize>) {
    let eta = lp.columns.len();
    lp.column("cvar_eta".into(), f64::NEG_INFINITY, f64::INFINITY, false);
    objective.push(risk.lambda);
    let mut short = Vec::new();
    for (b, br) in branches.iter().enumerate() {
        let s = lp.columns.len();
        lp.column(
            format!("cvar_shortfall[{}]", br.name),
            0.0,
            f64::INFINITY,
            false,
        );
        objective.push(-risk.lambda * br.probability / (1.0 - risk.alpha));
        short.push(s);
        // s_b − η + Σ c_j x_j ≥ −Z0_b, i.e. s_b ≥ η − Z_b.
        let off = col_start[b];
        let mut coeffs: Vec<(usize, f64)> = br
            .model
            .lp
            .objective
            .iter()
            .enumerate()
            .filter(|(_, a)| **a != 0.0)
            .map(|(j, &a)| (off + j, a))
            .collect();
        coeffs.push((eta, -1.0));
        coeffs.push((s, 1.0));
        coeffs.sort_unstable_by_key(|(i, _)| *i);
        lp.rows.push(Row {
            name: format!("{}[{}]", Family::CvarShortfall.name(), br.name),
            family: Family::CvarShortfall,
            coeffs,
            sense: Sense::Ge,
            rhs: -br.model.lp.objective_constant,
        });
    }
    (eta, short)
}

/// A copy of `lp` (one branch's program) with every decision column dated
/// before `decide_by` fixed to its value in `plan` (column name → value; 0
/// where absent): the re-solve of a branch with another plan's here-and-now
/// decisions. Returns the copy and how many columns it fixed.
pub fn with_early_fixed(
    lp: &Lp,
    periods: &[Option<i64>],
    decide_by: usize,
    plan: &HashMap<String, f64>,
) -> (Lp, usize) {
    let mut out = Lp::default();
    let mut n = 0;
    for (c, d) in lp.columns.iter().zip(periods) {
        let (mut lo, mut up) = (c.lower, c.upper);
        if d.is_some_and(|d| d < decide_by as i64) {
            let x = plan.get(&c.name).copied().unwrap_or(0.0);
            let x = if c.integer { x.round() } else { x };
            let x = x.clamp(c.lower, c.upper);
            (lo, up) = (x, x);
            n += 1;
        }
        out.column(c.name.clone(), lo, up, c.integer);
    }
    out.rows = lp.rows.clone();
    out.objective = lp.objective.clone();
    out.objective_constant = lp.objective_constant;
    (out, n)
}
