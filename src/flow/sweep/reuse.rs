//! Model reuse across the points of a one-parameter sweep.
//!
//! When the varied number enters the model only through coefficients
//! (objective, right-hand sides, bounds, matrix entries) and does so
//! affinely — lease prices, energy prices, capex, MW of a tranche — every
//! point's program is `numbers(a) + (x − a)·slope` on one fixed structure.
//! [`Reuse::prepare`] builds the model at three values of the parameter (the
//! first, last and middle of the sweep), checks that the structure is the same
//! and that the middle build lies on the line through the other two (to
//! 1e-9 relative), and keeps the first build with the slope. Each point then
//! patches a copy instead of building, and an LP starts HiGHS from the first
//! point's optimal basis (a warm start) instead of from scratch.
//!
//! What is not reused: each point's plan is still edited, typed, checked
//! and resolved (the verifier needs its scenario, and that is what makes a
//! patched model safe: a wrong coefficient would fail verification), and
//! HiGHS gets a fresh instance per point, so that the result of a point does
//! not depend on which points a thread solved before it (same CSV whatever
//! `--jobs` and `--shard`).

use super::point::{point_scenario, Base};
use super::{Vary, VaryOp};
use crate::flow::pipeline::PipelineOptions;
use crate::model::{self, Lp, Model};
use crate::solve::{self, Basis};
use crate::whatif::apply::Op;
use crate::whatif::path::EditPath;

/// A model built once and the slope of its numbers in the parameter.
pub struct Reuse {
    model: Model,
    at: f64,
    numbers: Vec<f64>,
    slope: Vec<f64>,
    /// Optimal basis of the first point's LP, to start the others from.
    pub basis: Option<Basis>,
}

/// Every number of the model (the program and the cash flows it prices), in a fixed order.
fn numbers(m: &Model) -> Vec<f64> {
    let mut v = lp_numbers(&m.lp);
    v.extend(m.flows.iter().map(|f| f.usd));
    v
}

fn set_numbers(m: &mut Model, v: &[f64]) {
    let n = v.len() - m.flows.len();
    set_lp_numbers(&mut m.lp, &v[..n]);
    for (f, x) in m.flows.iter_mut().zip(&v[n..]) {
        f.usd = *x;
    }
}

fn same_structure(a: &Model, b: &Model) -> bool {
    same_lp_structure(&a.lp, &b.lp)
        && a.flows.len() == b.flows.len()
        && a.flows
            .iter()
            .zip(&b.flows)
            .all(|(x, y)| x.var == y.var && x.period == y.period && x.category == y.category)
}

fn lp_numbers(lp: &Lp) -> Vec<f64> {
    let mut v = Vec::with_capacity(lp.columns.len() * 3 + lp.rows.len() * 4);
    v.extend(&lp.objective);
    v.push(lp.objective_constant);
    for c in &lp.columns {
        v.push(c.lower);
        v.push(c.upper);
    }
    for r in &lp.rows {
        v.push(r.rhs);
        v.extend(r.coeffs.iter().map(|&(_, a)| a));
    }
    v
}

fn set_lp_numbers(lp: &mut Lp, v: &[f64]) {
    let mut it = v.iter().copied();
    for o in lp.objective.iter_mut() {
        *o = it.next().expect("same structure");
    }
    lp.objective_constant = it.next().expect("same structure");
    for c in lp.columns.iter_mut() {
        c.lower = it.next().expect("same structure");
        c.upper = it.next().expect("same structure");
    }
    for r in lp.rows.iter_mut() {
        r.rhs = it.next().expect("same structure");
        for (_, a) in r.coeffs.iter_mut() {
            *a = it.next().expect("same structure");
        }
    }
}

/// Same columns (names, integrality), rows (names, senses, sparsity).
fn same_lp_structure(a: &Lp, b: &Lp) -> bool {
    a.columns.len() == b.columns.len()
        && a.rows.len() == b.rows.len()
        && a.columns
            .iter()
            .zip(&b.columns)
            .all(|(x, y)| x.name == y.name && x.integer == y.integer)
        && a.rows.iter().zip(&b.rows).all(|(x, y)| {
            x.name == y.name
                && x.sense == y.sense
                && x.coeffs.len() == y.coeffs.len()
                && x.coeffs.iter().zip(&y.coeffs).all(|(p, q)| p.0 == q.0)
        })
}

fn close(x: f64, y: f64) -> bool {
    x == y || (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
}

impl Reuse {
    /// Prepares reuse for a sweep of one numeric parameter.
    ///
    /// # Returns
    /// The reusable model, or why the sweep must build each point (more than
    /// one parameter, a non-numeric one, a structure or a slope that changes).
    ///
    /// # Complexity
    /// Three model builds and one solve.
    pub fn prepare(base: &Base, varies: &[Vary], opts: &PipelineOptions) -> Result<Reuse, String> {
        let [vary] = varies else {
            return Err("more than one parameter varies".into());
        };
        let xs: Vec<f64> = (0..vary.values.len())
            .filter_map(|i| vary.number(i))
            .collect();
        if xs.len() != vary.values.len() || vary.op == VaryOp::Add && xs.is_empty() {
            return Err("the parameter is not a number".into());
        }
        if xs.len() < 3 {
            return Err("fewer than three points".into());
        }
        let (a, b, c) = (xs[0], xs[xs.len() - 1], xs[xs.len() / 2]);
        if a == b {
            return Err("the parameter takes one value".into());
        }
        let build = |x: f64| -> Result<Model, String> {
            let op = match vary.op {
                VaryOp::Set => Op::Set(serde_yaml::Value::Number(x.into())),
                VaryOp::Scale => Op::Scale(x),
                VaryOp::Add => Op::Add(x),
            };
            let edits: Vec<(EditPath, Op)> = vec![(vary.path.clone(), op)];
            let sc =
                point_scenario(base, &edits).map_err(|m| format!("point {x} is invalid: {m}"))?;
            Ok(model::build(&sc, opts.relax))
        };
        let ma = build(a)?;
        let mb = build(b)?;
        let mc = build(c)?;
        if !same_structure(&ma, &mb) || !same_structure(&ma, &mc) {
            return Err("the model's structure changes with the parameter".into());
        }
        let (na, nb, nc) = (numbers(&ma), numbers(&mb), numbers(&mc));
        let mut slope = Vec::with_capacity(na.len());
        for i in 0..na.len() {
            let s = if na[i] == nb[i] {
                0.0
            } else {
                (nb[i] - na[i]) / (b - a)
            };
            if !s.is_finite() || !close(na[i] + s * (c - a), nc[i]) {
                return Err(
                    "the model's numbers do not move in proportion to the parameter".into(),
                );
            }
            slope.push(s);
        }
        let basis = if ma.lp.num_integers() == 0 {
            solve::solve_warm(&ma.lp, &opts.solve, None)
                .ok()
                .and_then(|(_, b)| b)
        } else {
            None
        };
        Ok(Reuse {
            model: ma,
            at: a,
            numbers: na,
            slope,
            basis,
        })
    }

    /// The model at parameter value `x`: the first build, patched.
    pub fn model_at(&self, x: f64) -> Model {
        let mut m = self.model.clone();
        if x != self.at {
            let v: Vec<f64> = self
                .numbers
                .iter()
                .zip(&self.slope)
                .map(|(n, s)| if *s == 0.0 { *n } else { n + s * (x - self.at) })
                .collect();
            set_numbers(&mut m, &v);
        }
        m
    }
}
