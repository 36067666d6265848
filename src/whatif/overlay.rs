//! A what-if overlay file (`plans/whatifs/*.yaml`): a name, a description and
//! edits, read with located diagnostics.
//!
//! ```yaml
//! name: power-delay
//! description: The abilene grid-2 tranche energizes two quarters late.
//! edits:
//!   - shift: sites[abilene].power[grid-2].energize
//!     by: +2q
//!   - scale: market.lease[*].tenors[*].price_usd_per_gpu_hr
//!     by: 0.6
//!   - add: finance.discount_rate_per_year
//!     by: 0.02
//!   - set: policy.max_leased_share
//!     to: 0.5
//!   - remove: sites[memphis].power[turbines]
//! ```

use std::path::Path;

use serde_yaml::{Mapping, Value};

use super::apply::{parse_signed_duration, Op};
use super::path::EditPath;
use crate::catalog::diagnostic::{did_you_mean, Diagnostic};
use crate::catalog::load::{read_source, SourceFile};
use crate::catalog::source_map::Span;

/// One edit and where it was written.
#[derive(Debug, Clone)]
pub struct Edit {
    pub path: EditPath,
    pub op: Op,
    /// YAML path of the edit in its file (`edits[2]`).
    pub at: String,
}

/// A read what-if file.
#[derive(Debug, Clone)]
pub struct Overlay {
    pub name: String,
    pub description: Option<String>,
    pub edits: Vec<Edit>,
    pub file: SourceFile,
}

const OPS: [&str; 5] = ["set", "scale", "add", "shift", "remove"];
const TOP_KEYS: [&str; 3] = ["name", "description", "edits"];

impl Overlay {
    /// A diagnostic at `yaml_path` in this overlay's file.
    pub fn diag(&self, d: Diagnostic, yaml_path: &str) -> Diagnostic {
        self.file.diag(d, yaml_path)
    }
}

/// Reads a what-if file; every problem comes back located.
pub fn read(path: &Path) -> Result<Overlay, Vec<Diagnostic>> {
    let file = read_source(path).map_err(|d| vec![d])?;
    let value: Value = serde_yaml::from_str(&file.text).unwrap_or(Value::Null);
    let mut diags = Vec::new();
    let shape = |msg: String, hint: &str| {
        Diagnostic::error("whatif-shape", msg).with_hint(hint.to_string())
    };
    let Some(top) = value.as_mapping() else {
        return Err(vec![file
            .diag(
                shape(
                    "a what-if file is a mapping with `name`, `description` and `edits`".into(),
                    "see docs/whatifs.md",
                ),
                "",
            )
            .in_file(
                &file.path,
                &file.text,
                Some(Span {
                    line: 1,
                    col: 1,
                    len: 1,
                }),
            )]);
    };
    for k in top.keys() {
        let k = k.as_str().unwrap_or_default();
        if !TOP_KEYS.contains(&k) {
            let hint = match did_you_mean(k, TOP_KEYS) {
                Some(b) => format!("did you mean `{b}`?"),
                None => "a what-if file has `name`, `description` and `edits`".into(),
            };
            diags.push(file.diag_key(
                Diagnostic::error("unknown-field", format!("unknown field `{k}`")).with_hint(hint),
                k,
            ));
        }
    }
    let name = match top.get("name").and_then(Value::as_str) {
        Some(n) => n.to_string(),
        None => {
            diags.push(file.diag(
                shape(
                    "a what-if needs a `name` (text)".into(),
                    "add `name: lease-price-crash`; it is appended to the plan's name",
                ),
                "name",
            ));
            String::new()
        }
    };
    let description = top
        .get("description")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut edits = Vec::new();
    match top.get("edits").and_then(Value::as_sequence) {
        None => diags.push(file.diag(
            shape(
                "a what-if needs `edits:`, a list of edits".into(),
                "e.g. `edits: [{scale: market.lease[*].tenors[*].price_usd_per_gpu_hr, by: 0.6}]`",
            ),
            "edits",
        )),
        Some(list) => {
            for (i, e) in list.iter().enumerate() {
                match read_edit(&file, e, &format!("edits[{i}]")) {
                    Ok(edit) => edits.push(edit),
                    Err(d) => diags.push(d),
                }
            }
        }
    }
    if diags.is_empty() {
        Ok(Overlay {
            name,
            description,
            edits,
            file,
        })
    } else {
        Err(diags)
    }
}

/// Reads one edit: one operation key with its path, and `by:` or `to:`.
// A diagnostic is the error: built once per bad edit.
#[allow(clippy::result_large_err)]
fn read_edit(file: &SourceFile, e: &Value, at: &str) -> Result<Edit, Diagnostic> {
    let Some(m) = e.as_mapping() else {
        return Err(located_error(
            file,
            "whatif-shape",
            "an edit is a mapping: an operation with its path, and `by:` or `to:`".into(),
            "e.g. `- shift: sites[abilene].power[grid-2].energize` then `  by: +2q`".into(),
            at,
        ));
    };
    let op_key = operation_key(file, m, at)?;
    let path = edit_path(file, m, op_key, at)?;
    let op = read_op(file, m, op_key, at)?;
    refuse_extra_argument(file, m, &op, op_key, at)?;
    Ok(Edit {
        path,
        op,
        at: at.to_string(),
    })
}

/// An error with a hint, located at YAML path `p` of `file`.
fn located_error(
    file: &SourceFile,
    rule: &'static str,
    msg: String,
    hint: String,
    p: &str,
) -> Diagnostic {
    file.diag(Diagnostic::error(rule, msg).with_hint(hint), p)
}

/// The edit's one operation key (`set`, `scale`…), refusing unknown keys,
/// none or several.
#[allow(clippy::result_large_err)]
fn operation_key<'m>(file: &SourceFile, m: &'m Mapping, at: &str) -> Result<&'m str, Diagnostic> {
    let bad = |rule: &'static str, msg: String, hint: String, p: &str| {
        located_error(file, rule, msg, hint, p)
    };
    let keys: Vec<&str> = m.keys().filter_map(Value::as_str).collect();
    let ops: Vec<&str> = keys.iter().copied().filter(|k| OPS.contains(k)).collect();
    for k in &keys {
        if !OPS.contains(k) && *k != "by" && *k != "to" {
            let hint = match did_you_mean(k, OPS.iter().copied().chain(["by", "to"])) {
                Some(b) => format!("did you mean `{b}`?"),
                None => format!(
                    "an edit has one of {} with a path, and `by:` or `to:`",
                    OPS.join(", ")
                ),
            };
            return Err(file.diag_key(
                Diagnostic::error("unknown-field", format!("unknown field `{k}`")).with_hint(hint),
                &format!("{at}.{k}"),
            ));
        }
    }
    match ops.as_slice() {
        [one] => Ok(*one),
        [] => Err(bad(
            "whatif-shape",
            "the edit has no operation".into(),
            format!("start it with one of {}: `- scale: PATH`", OPS.join(", ")),
            at,
        )),
        _ => Err(bad(
            "whatif-shape",
            format!("the edit has {} operations ({})", ops.len(), ops.join(", ")),
            "one operation per edit; split it into several edits".into(),
            at,
        )),
    }
}

/// The path under the operation key, parsed; a parse error points at the
/// character it stopped at.
#[allow(clippy::result_large_err)]
fn edit_path(
    file: &SourceFile,
    m: &Mapping,
    op_key: &str,
    at: &str,
) -> Result<EditPath, Diagnostic> {
    let key_at = format!("{at}.{op_key}");
    let Some(path_text) = m.get(op_key).and_then(Value::as_str) else {
        return Err(located_error(
            file,
            "whatif-shape",
            format!("`{op_key}:` takes a path"),
            "e.g. `sites[memphis].power[grid-2].energize`".into(),
            &key_at,
        ));
    };
    EditPath::parse(path_text).map_err(|e| {
        let mut d = Diagnostic::error("bad-edit-path", format!("invalid path: {}", e.message))
            .with_hint(
                "paths look like `sites[memphis].power[grid-2].energize`; `[*]` takes every item",
            )
            .at_path(key_at.clone());
        let span = file.map.locate(&key_at).map(|s| {
            let line = file.text.lines().nth(s.line - 1).unwrap_or_default();
            let quoted = matches!(line.chars().nth(s.col - 1), Some('"' | '\''));
            Span {
                line: s.line,
                col: s.col + e.offset + usize::from(quoted),
                len: 1,
            }
        });
        d = d.in_file(&file.path, &file.text, span);
        d
    })
}

/// The operation with its argument: `to:` for `set`, a number or a signed
/// duration in `by:` for the others, nothing for `remove`.
#[allow(clippy::result_large_err)]
fn read_op(file: &SourceFile, m: &Mapping, op_key: &str, at: &str) -> Result<Op, Diagnostic> {
    let bad = |rule: &'static str, msg: String, hint: String, p: &str| {
        located_error(file, rule, msg, hint, p)
    };
    let key_at = format!("{at}.{op_key}");
    let arg = |k: &str| m.get(k);
    let by_at = format!("{at}.by");
    let want = |k: &str, what: &str| {
        bad(
            "whatif-shape",
            format!("`{op_key}` needs `{k}:` {what}"),
            format!("add `{k}:` under the `{op_key}:` line"),
            &key_at,
        )
    };
    let number = |v: &Value| -> Result<f64, Diagnostic> {
        v.as_f64().filter(|x| x.is_finite()).ok_or_else(|| {
            bad(
                "bad-edit-value",
                format!("`by:` of `{op_key}` must be a number"),
                "e.g. `by: 0.6`".into(),
                &by_at,
            )
        })
    };
    Ok(match op_key {
        "set" => Op::Set(
            arg("to")
                .cloned()
                .ok_or_else(|| want("to", "the new value"))?,
        ),
        "scale" => Op::Scale(number(arg("by").ok_or_else(|| want("by", "a factor"))?)?),
        "add" => Op::Add(number(
            arg("by").ok_or_else(|| want("by", "a number to add"))?,
        )?),
        "shift" => {
            let v = arg("by").ok_or_else(|| want("by", "a duration like `+2q`"))?;
            let text = match v {
                Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            };
            Op::Shift(parse_signed_duration(&text).ok_or_else(|| {
                bad(
                    "bad-edit-value",
                    format!("`{text}` is not a duration"),
                    "write a signed duration: `+2q`, `-1q`, `+6mo`, `+1y`".into(),
                    &by_at,
                )
            })?)
        }
        _ => Op::Remove,
    })
}

/// Refuses an argument the operation does not take (`by:` on `set`, `to:` on `scale`…).
#[allow(clippy::result_large_err)]
fn refuse_extra_argument(
    file: &SourceFile,
    m: &Mapping,
    op: &Op,
    op_key: &str,
    at: &str,
) -> Result<(), Diagnostic> {
    let arg = |k: &str| m.get(k);
    let extra = match op {
        Op::Set(_) => arg("by").map(|_| "by"),
        Op::Remove => arg("by").map(|_| "by").or(arg("to").map(|_| "to")),
        _ => arg("to").map(|_| "to"),
    };
    match extra {
        Some(x) => Err(file.diag_key(
            Diagnostic::error("whatif-shape", format!("`{op_key}` takes no `{x}:`")).with_hint(
                match op_key {
                    "set" => "`set` takes `to: VALUE`".to_string(),
                    "remove" => "`remove` takes only its path".to_string(),
                    _ => format!("`{op_key}` takes `by:`"),
                },
            ),
            &format!("{at}.{x}"),
        )),
        None => Ok(()),
    }
}
