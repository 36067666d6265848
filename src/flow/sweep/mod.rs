//! Sweeps: a grid of edits (`--vary PATH=FROM:TO:STEP`, parsed here),
//! solved in parallel, one CSV row per point in grid order.
//!
//! | file | holds |
//! |---|---|
//! | [`grid`] | every combination of the varies' values, the first slowest |
//! | [`shard`] | which points a run of a job array solves |
//! | [`point`] | one point's plan, solved through `flow::pipeline`; the threads |
//! | [`csv`] | header, rows, the merge of shards' CSVs |
//! | [`reuse`] | one built model patched from point to point |
//! | [`chart`] | the frontier: leased share and NPV against the swept value |

pub mod chart;
pub mod csv;
pub mod grid;
pub mod point;
pub mod reuse;
pub mod shard;

pub use csv::{header, row};
pub use grid::grid;
pub use point::{run_parallel, solve_point, Base, Outcome};
pub use shard::Shard;

use serde_yaml::Value;

use crate::whatif::apply::{parse_signed_duration, Op};
use crate::whatif::path::EditPath;

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
    let Some(eq) = first_eq_outside_brackets(spec) else {
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
    let values = if rhs.contains(':') && !rhs.contains(',') {
        range_values(spec, rhs)?
    } else {
        list_values(rhs)
    };
    if values.is_empty() || values.iter().any(|v| v.is_null()) {
        return Err(format!("--vary {spec}: give at least one value"));
    }
    values_fit_operator(spec, op, &values)?;
    Ok(Vary { path, op, values })
}

/// Where the `=` of `PATH=…` is: the first outside brackets, so
/// `sites[id=x]` is part of the path.
fn first_eq_outside_brackets(spec: &str) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in spec.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            '=' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// The values of a range `FROM:TO:STEP`, `to` included, at most 100000.
fn range_values(spec: &str, rhs: &str) -> Result<Vec<Value>, String> {
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
    Ok((0..n)
        .map(|i| Value::Number(tidy(from + i as f64 * step).into()))
        .collect())
}

/// The values of a list `v1,v2,…`, each read as YAML (a word stays a string).
fn list_values(rhs: &str) -> Vec<Value> {
    rhs.split(',')
        .map(|v| {
            serde_yaml::from_str::<Value>(v.trim()).unwrap_or(Value::String(v.trim().to_string()))
        })
        .collect()
}

/// `*=` takes numbers, `+=` numbers or durations (`+1q`), `=` anything.
fn values_fit_operator(spec: &str, op: VaryOp, values: &[Value]) -> Result<(), String> {
    for v in values {
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
    Ok(())
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
}
