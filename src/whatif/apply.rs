//! Applying one edit to the resolved plan's YAML tree.
//!
//! The tree is the plan with its catalogs merged (see [`super::tree`]); an
//! edit finds every value its path addresses and changes it. A path that
//! addresses nothing is an error that names the first step that failed and
//! what was there instead.

use serde_yaml::{Mapping, Value};

use super::path::{EditPath, Step};
use crate::catalog::diagnostic::did_you_mean;
use crate::catalog::period::{Duration, Period};

/// What an edit does to the values its path addresses.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Replace the value (or add a missing field).
    Set(Value),
    /// Multiply a number.
    Scale(f64),
    /// Add to a number.
    Add(f64),
    /// Move a period (`energize`, `from`, …) or lengthen a duration.
    Shift(Duration),
    /// Remove a list item or a mapping key.
    Remove,
}

impl Op {
    /// The YAML key of the operation (`scale`, `shift`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Op::Set(_) => "set",
            Op::Scale(_) => "scale",
            Op::Add(_) => "add",
            Op::Shift(_) => "shift",
            Op::Remove => "remove",
        }
    }
}

/// Why an edit could not be applied.
#[derive(Debug, Clone, PartialEq)]
pub enum EditError {
    /// The path addresses nothing: `at` is where the walk got to, `hint` the
    /// did-you-mean or what was there.
    NoMatch {
        at: String,
        message: String,
        hint: String,
    },
    /// The path matched, but the operation does not apply to the value there.
    BadValue {
        at: String,
        message: String,
        hint: String,
    },
}

/// Fields that may be negative (as in the catalog checks).
const SIGNED_FIELDS: &[&str] = &["price_change_per_year"];

/// Applies `op` at `path` in `tree`; returns the concrete paths changed, in tree order.
///
/// # Complexity
/// O(size of the subtrees the path's wildcards range over).
pub fn apply(tree: &mut Value, path: &EditPath, op: &Op) -> Result<Vec<String>, EditError> {
    let mut walk = Walk {
        matched: Vec::new(),
        first_miss: None,
    };
    let steps = &path.steps;
    if *op == Op::Remove {
        let (last, parent) = steps.split_last().expect("paths have a step");
        walk.visit(tree, parent, String::new(), &mut |v, at, w| {
            remove_child(v, last, at, w)
        })?;
    } else {
        let (last, parent) = steps.split_last().expect("paths have a step");
        walk.visit(tree, parent, String::new(), &mut |v, at, w| {
            // `set` may add a field a mapping lacks (an optional field left out).
            if let (Op::Set(_), Step::Key(k), Value::Mapping(m)) = (op, last, &mut *v) {
                if !m.contains_key(k.as_str()) {
                    m.insert(Value::String(k.clone()), Value::Null);
                }
            }
            w.visit(v, std::slice::from_ref(last), at, &mut |leaf, at, w| {
                change(leaf, op, &at)?;
                w.matched.push(at);
                Ok(())
            })
        })?;
    }
    if walk.matched.is_empty() {
        return Err(walk.first_miss.unwrap_or(EditError::NoMatch {
            at: String::new(),
            message: format!("`{path}` matches nothing"),
            hint: "the wildcard ranges over an empty list".into(),
        }));
    }
    Ok(walk.matched)
}

type Leaf<'a> = dyn FnMut(&mut Value, String, &mut Walk) -> Result<(), EditError> + 'a;

struct Walk {
    matched: Vec<String>,
    first_miss: Option<EditError>,
}

impl Walk {
    fn miss(&mut self, e: EditError) {
        if self.first_miss.is_none() {
            self.first_miss = Some(e);
        }
    }

    fn visit(
        &mut self,
        v: &mut Value,
        steps: &[Step],
        at: String,
        leaf: &mut Leaf<'_>,
    ) -> Result<(), EditError> {
        let Some((step, rest)) = steps.split_first() else {
            return leaf(v, at, self);
        };
        match (step, v) {
            (Step::Key(k) | Step::Select(k), Value::Mapping(m)) => {
                let shown = child_path(&at, step, k);
                match m.get_mut(k.as_str()) {
                    Some(child) => self.visit(child, rest, shown, leaf),
                    None => {
                        self.miss(no_key(m, step, k, at));
                        Ok(())
                    }
                }
            }
            (Step::All, Value::Mapping(m)) => {
                for (key, child) in m.iter_mut() {
                    let key = key.as_str().unwrap_or_default().to_string();
                    self.visit(child, rest, format!("{at}[{key}]"), leaf)?;
                }
                Ok(())
            }
            (Step::All, Value::Sequence(items)) => {
                for (i, child) in items.iter_mut().enumerate() {
                    let label = item_label(child).unwrap_or_else(|| i.to_string());
                    self.visit(child, rest, format!("{at}[{label}]"), leaf)?;
                }
                Ok(())
            }
            (Step::Select(sel), Value::Sequence(items)) => {
                let labels: Vec<Option<String>> = items.iter().map(item_label).collect();
                let found = labels
                    .iter()
                    .position(|l| l.as_deref() == Some(sel.as_str()))
                    .or_else(|| sel.parse::<usize>().ok().filter(|&i| i < items.len()));
                match found {
                    Some(i) => self.visit(&mut items[i], rest, format!("{at}[{sel}]"), leaf),
                    None => {
                        self.miss(no_item(sel, items, &labels, at));
                        Ok(())
                    }
                }
            }
            (Step::Key(k), Value::Sequence(items)) => {
                self.miss(key_on_list(k, items, at));
                Ok(())
            }
            (step, other) => {
                self.miss(too_deep(step, other, at));
                Ok(())
            }
        }
    }
}

/// Mapping `m` at `at` has no key `k`: the nearest key, or the keys there.
fn no_key(m: &Mapping, step: &Step, k: &str, at: String) -> EditError {
    let keys = keys_of(m);
    let hint = match did_you_mean(k, keys.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!(
            "{} here: {}",
            if matches!(step, Step::Key(_)) {
                "fields"
            } else {
                "keys"
            },
            keys.join(", ")
        ),
    };
    EditError::NoMatch {
        message: format!("no `{k}` at `{}`", display_at(&at)),
        at,
        hint,
    }
}

/// The list at `at` has no item `sel`: the nearest id, the ids there, or
/// how to pick an item when they have none.
fn no_item(sel: &str, items: &[Value], labels: &[Option<String>], at: String) -> EditError {
    let ids: Vec<String> = labels.iter().flatten().cloned().collect();
    let hint = match did_you_mean(sel, ids.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `{best}`?"),
        None if ids.is_empty() => format!(
            "the list has {} item{}: pick one by position (`[0]`) or all with `[*]`",
            items.len(),
            if items.len() == 1 { "" } else { "s" }
        ),
        None => format!("items here: {}", ids.join(", ")),
    };
    EditError::NoMatch {
        message: format!("no item `{sel}` in `{}`", display_at(&at)),
        at,
        hint,
    }
}

/// `.k` on a list: pick an item first.
fn key_on_list(k: &str, items: &[Value], at: String) -> EditError {
    let example = items.first().and_then(item_label).unwrap_or("0".into());
    EditError::NoMatch {
        message: format!(
            "`{}` is a list, so `.{k}` addresses nothing",
            display_at(&at)
        ),
        hint: format!("pick an item first: `{at}[{example}].{k}`, or every item: `{at}[*].{k}`"),
        at,
    }
}

/// A step below a scalar (or a wildcard on one): the path goes too deep.
fn too_deep(step: &Step, other: &Value, at: String) -> EditError {
    let what = match step {
        Step::Key(k) => format!(".{k}"),
        Step::Select(s) => format!("[{s}]"),
        Step::All => "[*]".into(),
    };
    EditError::NoMatch {
        message: format!(
            "`{}` is {}, so `{what}` addresses nothing",
            display_at(&at),
            describe(other)
        ),
        hint: "the path goes one step too deep".into(),
        at,
    }
}

fn display_at(at: &str) -> &str {
    if at.is_empty() {
        "the plan"
    } else {
        at
    }
}

fn child_path(at: &str, step: &Step, key: &str) -> String {
    match step {
        Step::Key(_) if at.is_empty() => key.to_string(),
        Step::Key(_) => format!("{at}.{key}"),
        _ => format!("{at}[{key}]"),
    }
}

fn keys_of(m: &Mapping) -> Vec<String> {
    m.keys()
        .filter_map(|k| k.as_str().map(str::to_string))
        .collect()
}

/// How a list item is addressed: its `id`, else its `tenor` or `from`.
fn item_label(v: &Value) -> Option<String> {
    ["id", "tenor", "from"]
        .iter()
        .find_map(|k| v.get(*k))
        .and_then(|x| match x {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "empty".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text `{s}`"),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(_) => "a tagged value".into(),
    }
}

fn remove_child(v: &mut Value, last: &Step, at: String, w: &mut Walk) -> Result<(), EditError> {
    match (last, v) {
        (Step::Key(k) | Step::Select(k), Value::Mapping(m)) => {
            if m.remove(k.as_str()).is_some() {
                w.matched.push(child_path(&at, last, k));
            } else {
                let keys = keys_of(m);
                let hint = match did_you_mean(k, keys.iter().map(String::as_str)) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("keys here: {}", keys.join(", ")),
                };
                w.miss(EditError::NoMatch {
                    message: format!("no `{k}` at `{}` to remove", display_at(&at)),
                    at,
                    hint,
                });
            }
            Ok(())
        }
        (Step::All, Value::Mapping(m)) => {
            for k in keys_of(m) {
                w.matched.push(format!("{at}[{k}]"));
            }
            m.clear();
            Ok(())
        }
        (Step::All, Value::Sequence(items)) => {
            for (i, item) in items.iter().enumerate() {
                w.matched.push(format!(
                    "{at}[{}]",
                    item_label(item).unwrap_or(i.to_string())
                ));
            }
            items.clear();
            Ok(())
        }
        (Step::Select(sel), seq @ Value::Sequence(_)) => {
            let Value::Sequence(items) = seq else {
                unreachable!()
            };
            let pos = items
                .iter()
                .position(|x| item_label(x).as_deref() == Some(sel.as_str()))
                .or_else(|| sel.parse::<usize>().ok().filter(|&i| i < items.len()));
            match pos {
                Some(i) => {
                    items.remove(i);
                    w.matched.push(format!("{at}[{sel}]"));
                    Ok(())
                }
                None => {
                    // Reuse the walk's message for a missing item.
                    w.visit(seq, std::slice::from_ref(last), at, &mut |_, _, _| Ok(()))
                }
            }
        }
        (step, v) => w.visit(v, std::slice::from_ref(step), at, &mut |_, _, _| Ok(())),
    }
}

/// Applies a value-changing operation to one addressed value.
fn change(v: &mut Value, op: &Op, at: &str) -> Result<(), EditError> {
    let bad = |message: String, hint: &str| EditError::BadValue {
        at: at.to_string(),
        message,
        hint: hint.to_string(),
    };
    let key = at.rsplit(['.', '[']).next().unwrap_or_default();
    match op {
        Op::Set(new) => {
            *v = new.clone();
            if let Some(x) = v.as_f64() {
                check_number(x, key, at)?;
            }
            Ok(())
        }
        Op::Scale(by) | Op::Add(by) => {
            let Some(x) = v.as_f64() else {
                let hint = if v.as_str().is_some_and(|s| s.parse::<Period>().is_ok()) {
                    "this is a period: move it with `shift` (`by: +2q`)"
                } else if v.as_str().is_some_and(|s| s.parse::<Duration>().is_ok()) {
                    "this is a duration: lengthen it with `shift` (`by: +1q`)"
                } else {
                    "`scale` and `add` change numbers; `set` replaces any value"
                };
                return Err(bad(
                    format!("`{at}` is {}, not a number", describe(v)),
                    hint,
                ));
            };
            let y = if matches!(op, Op::Scale(_)) {
                x * by
            } else {
                x + by
            };
            check_number(y, key, at)?;
            *v = if v.is_u64() || v.is_i64() {
                // Whole-number fields (GPUs per unit, installed units) stay whole.
                Value::Number((y.round() as i64).into())
            } else {
                Value::Number(y.into())
            };
            Ok(())
        }
        Op::Shift(d) => {
            let Some(s) = v.as_str() else {
                return Err(bad(
                    format!("`{at}` is {}, not a period or a duration", describe(v)),
                    "`shift` moves periods (`2027Q1`) and lengthens durations (`4q`); `add` changes numbers",
                ));
            };
            if let Ok(p) = s.parse::<Period>() {
                if d.months % p.months() != 0 {
                    return Err(bad(
                        format!("cannot shift the quarter `{s}` by {d}"),
                        "shift quarters by whole quarters (`2q`, `1y`)",
                    ));
                }
                *v = Value::String(p.plus_months(d.months).to_string());
                Ok(())
            } else if let Ok(x) = s.parse::<Duration>() {
                let m = x.months + d.months;
                if m < 0 {
                    return Err(bad(
                        format!("`{at}` would become negative ({s} {d:+})"),
                        "a duration cannot be negative",
                    ));
                }
                *v = Value::String(Duration::from_months(m).to_string());
                Ok(())
            } else {
                Err(bad(
                    format!("`{at}` is {}, not a period or a duration", describe(v)),
                    "`shift` moves periods (`2027Q1`) and lengthens durations (`4q`)",
                ))
            }
        }
        Op::Remove => unreachable!("removal is handled at the parent"),
    }
}

fn check_number(y: f64, key: &str, at: &str) -> Result<(), EditError> {
    if !y.is_finite() {
        return Err(EditError::BadValue {
            at: at.into(),
            message: format!("`{at}` would become {y}"),
            hint: "numbers must stay finite".into(),
        });
    }
    if y < 0.0 && !SIGNED_FIELDS.contains(&key) {
        return Err(EditError::BadValue {
            at: at.into(),
            message: format!("`{at}` would become negative ({y})"),
            hint: "this field cannot be negative; use a smaller change".into(),
        });
    }
    Ok(())
}

/// Reads a duration with an optional sign: `+2q`, `-1q`, `6mo`.
pub fn parse_signed_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, s.strip_prefix('+').unwrap_or(s)),
    };
    rest.parse::<Duration>()
        .ok()
        .map(|d| Duration::from_months(sign * d.months))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(s: &str) -> Value {
        serde_yaml::from_str(s).unwrap()
    }

    fn run(tree: &str, path: &str, op: Op) -> Result<Value, EditError> {
        let mut t = yaml(tree);
        apply(&mut t, &EditPath::parse(path).unwrap(), &op)?;
        Ok(t)
    }

    #[test]
    fn scale_add_set_shift_remove() {
        let t = "sites: {m: {power: [{id: g1, mw: 10.0, energize: 2027Q1}, {id: g2, mw: 5.0}], lead_time: 4q}}";
        assert_eq!(run(t, "sites[m].power[*].mw", Op::Scale(2.0)).unwrap(), yaml("sites: {m: {power: [{id: g1, mw: 20.0, energize: 2027Q1}, {id: g2, mw: 10.0}], lead_time: 4q}}"));
        assert_eq!(
            run(t, "sites[m].power[g2].mw", Op::Add(1.5)).unwrap()["sites"]["m"]["power"][1]["mw"],
            yaml("6.5")
        );
        assert_eq!(
            run(
                t,
                "sites[m].power[g1].energize",
                Op::Shift(Duration::from_months(6))
            )
            .unwrap()["sites"]["m"]["power"][0]["energize"],
            yaml("2027Q3")
        );
        assert_eq!(
            run(t, "sites[m].lead_time", Op::Shift(Duration::from_months(3))).unwrap()["sites"]
                ["m"]["lead_time"],
            yaml("5q")
        );
        assert_eq!(
            run(t, "sites[m].power[g1]", Op::Remove).unwrap()["sites"]["m"]["power"]
                .as_sequence()
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            run(t, "sites[m].power[0].mw", Op::Set(yaml("1"))).unwrap()["sites"]["m"]["power"][0]
                ["mw"],
            yaml("1")
        );
        // `set` adds a missing field
        assert_eq!(
            run(t, "sites[m].power[g2].energize", Op::Set(yaml("2028Q1"))).unwrap()["sites"]["m"]
                ["power"][1]["energize"],
            yaml("2028Q1")
        );
    }

    #[test]
    fn integers_stay_integers() {
        assert_eq!(run("a: 3", "a", Op::Scale(1.5)).unwrap(), yaml("a: 5"));
    }

    #[test]
    fn misses_name_the_step_and_suggest() {
        let t = "sites: {memphis: {power: [{id: grid-1}]}}";
        let EditError::NoMatch { message, hint, .. } =
            run(t, "sites[memphsi].power", Op::Scale(2.0)).unwrap_err()
        else {
            panic!()
        };
        assert_eq!(message, "no `memphsi` at `sites`");
        assert_eq!(hint, "did you mean `memphis`?");
        let EditError::NoMatch { hint, .. } =
            run(t, "sites[memphis].power[grid-2].mw", Op::Scale(2.0)).unwrap_err()
        else {
            panic!()
        };
        assert_eq!(hint, "did you mean `grid-1`?");
        let EditError::NoMatch { hint, .. } =
            run(t, "sites[memphis].power.mw", Op::Scale(2.0)).unwrap_err()
        else {
            panic!()
        };
        assert!(hint.contains("sites[memphis].power[grid-1].mw"), "{hint}");
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(matches!(
            run("a: x", "a", Op::Scale(2.0)),
            Err(EditError::BadValue { .. })
        ));
        assert!(matches!(
            run("a: 1", "a", Op::Add(-2.0)),
            Err(EditError::BadValue { .. })
        ));
        assert!(matches!(
            run("a: 2027Q1", "a", Op::Shift(Duration::from_months(1))),
            Err(EditError::BadValue { .. })
        ));
        assert!(run(
            "price_change_per_year: 0.1",
            "price_change_per_year",
            Op::Add(-0.2)
        )
        .is_ok());
    }
}
