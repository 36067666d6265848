//! The built program: variables with names, bounds and integrality; named rows;
//! the objective. Backend-neutral, so the same model goes to HiGHS, clarabel
//! or an MPS file with its names.
//!
//! Families build rows as good_lp [`Expression`]s; each row is stored as
//! coefficients sorted by column. good_lp keeps coefficients in a `HashMap`
//! whose order changes from run to run, and a solver fed rows in a different
//! order may return a different optimal vertex: sorting keeps "same input,
//! same output" true.

use std::collections::HashMap;

use super::family::{Family, RowName};
use good_lp::{Expression, IntoAffineExpression, ProblemVariables, Variable, VariableDefinition};

/// Direction of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    Le,
    Ge,
    Eq,
}

/// One named linear row: `Σ coef·x  sense  rhs`.
#[derive(Debug, Clone)]
pub struct Row {
    /// Stable name, `family[index,…]` (`power[memphis,2027Q2]`).
    pub name: String,
    /// The constraint family the row belongs to.
    pub family: Family,
    /// (column index, coefficient), sorted by column.
    pub coeffs: Vec<(usize, f64)>,
    pub sense: Sense,
    pub rhs: f64,
}

impl Row {
    /// The row's index, split: `power[memphis,2027Q2]` → `["memphis", "2027Q2"]`.
    pub fn index(&self) -> Vec<&str> {
        match self.name.split_once('[') {
            Some((_, rest)) => rest.trim_end_matches(']').split(',').collect(),
            None => Vec::new(),
        }
    }
}

/// Metadata of one column, kept alongside good_lp's.
#[derive(Debug, Clone)]
pub struct Column {
    pub var: Variable,
    pub name: String,
    pub lower: f64,
    pub upper: f64,
    pub integer: bool,
}

/// A linear program, maximised.
#[derive(Default, Clone)]
pub struct Lp {
    pub vars: ProblemVariables,
    pub columns: Vec<Column>,
    /// Column index of each variable.
    pub index: HashMap<Variable, usize>,
    pub rows: Vec<Row>,
    /// Objective coefficient of each column, $M per unit (see docs/model.md, "Scaling").
    pub objective: Vec<f64>,
    /// Constant part of the objective, $M (kept out of the solver's objective).
    pub objective_constant: f64,
}

impl Lp {
    /// Adds a column `lower ≤ x ≤ upper`, integer if asked.
    pub fn column(&mut self, name: String, lower: f64, upper: f64, integer: bool) -> Variable {
        let mut def = VariableDefinition::new().min(lower);
        if upper.is_finite() {
            def = def.max(upper);
        }
        if integer {
            def = def.integer();
        }
        let var = self.vars.add(def);
        self.index.insert(var, self.columns.len());
        self.columns.push(Column {
            var,
            name,
            lower,
            upper,
            integer,
        });
        var
    }

    fn sorted_coeffs(&self, expr: &Expression) -> Vec<(usize, f64)> {
        let mut c: Vec<(usize, f64)> = expr
            .linear_coefficients()
            .filter(|(_, a)| *a != 0.0)
            .map(|(v, a)| (self.index[&v], a))
            .collect();
        c.sort_unstable_by_key(|(i, _)| *i);
        c
    }

    /// Adds the row `expr sense rhs`, named `family[index]`; a constant in
    /// `expr` moves to the right-hand side.
    pub fn row(&mut self, name: RowName, expr: Expression, sense: Sense, rhs: f64) {
        let coeffs = self.sorted_coeffs(&expr);
        let rhs = rhs - expr.constant();
        self.rows.push(Row {
            name: name.full(),
            family: name.family,
            coeffs,
            sense,
            rhs,
        });
    }

    /// Sets the objective (maximised); its constant goes to `objective_constant`.
    pub fn set_objective(&mut self, expr: Expression, constant: f64) {
        self.objective = vec![0.0; self.columns.len()];
        for (i, a) in self.sorted_coeffs(&expr) {
            self.objective[i] = a;
        }
        self.objective_constant = constant + expr.constant();
    }

    /// Objective value of `values`, constant included, $M.
    pub fn objective_value(&self, values: &[f64]) -> f64 {
        self.objective
            .iter()
            .zip(values)
            .map(|(c, x)| c * x)
            .sum::<f64>()
            + self.objective_constant
    }

    /// The row as a good_lp expression (for backends fed through good_lp).
    pub fn row_expression(&self, row: &Row) -> Expression {
        let mut e = Expression::with_capacity(row.coeffs.len());
        for &(i, a) in &row.coeffs {
            e.add_mul(a, self.columns[i].var);
        }
        e
    }

    pub fn objective_expression(&self) -> Expression {
        let mut e = Expression::default();
        for (i, &a) in self.objective.iter().enumerate() {
            if a != 0.0 {
                e.add_mul(a, self.columns[i].var);
            }
        }
        e
    }

    pub fn num_integers(&self) -> usize {
        self.columns.iter().filter(|c| c.integer).count()
    }

    pub fn size(&self) -> ModelSize {
        ModelSize {
            variables: self.columns.len(),
            integers: self.num_integers(),
            constraints: self.rows.len(),
            nonzeros: self.rows.iter().map(|r| r.coeffs.len()).sum(),
        }
    }
}

/// The model's size, as reported in run.json and docs/performance.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ModelSize {
    pub variables: usize,
    pub integers: usize,
    pub constraints: usize,
    pub nonzeros: usize,
}
