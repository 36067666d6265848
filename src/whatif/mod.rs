//! What-ifs: overlays of edits on a resolved plan.
//!
//! An overlay (`plans/whatifs/*.yaml`, [`overlay`]) lists edits, each a path
//! into the resolved plan ([`path`]) and an operation ([`apply::Op`]): set,
//! scale, add, shift, remove. Edits apply to the plan with its catalogs merged
//! ([`tree`]), in the order given, overlay after overlay; the edited plan is
//! typed and checked again, so an edit cannot produce a plan the loader would
//! refuse. Comparisons and sweeps, which solve edited plans, are in
//! `flow`.

pub mod apply;
pub mod overlay;
pub mod path;
pub mod set;
pub mod tree;

use serde_yaml::Value;

use crate::catalog::load::Loaded;
use crate::catalog::Diagnostic;
use apply::{EditError, Op};
use overlay::{Edit, Overlay};
use path::EditPath;

/// Why one edit failed: the path or value, or the plan it left behind.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    Edit(EditError),
    /// The edited plan no longer types (a wrong kind of value, an unknown field).
    Type(String),
}

impl Failure {
    /// One line for a CSV note or a terminal.
    pub fn message(&self) -> String {
        match self {
            Failure::Edit(EditError::NoMatch { message, hint, .. })
            | Failure::Edit(EditError::BadValue { message, hint, .. }) => {
                format!("{message} ({hint})")
            }
            Failure::Type(m) => m.clone(),
        }
    }
}

/// Applies one edit to `tree` and checks that the result still types.
pub fn apply_one(
    base: &Loaded,
    tree: &mut Value,
    path: &EditPath,
    op: &Op,
) -> Result<Vec<String>, Failure> {
    let changed = apply::apply(tree, path, op).map_err(Failure::Edit)?;
    tree::from_tree(base, tree).map_err(Failure::Type)?;
    Ok(changed)
}

/// A diagnostic for a failed edit, in the overlay's file: a path that matches
/// nothing at the path, a bad value at `by:`/`to:`.
pub fn edit_diag(o: &Overlay, e: &Edit, f: &Failure) -> Diagnostic {
    let op_at = format!("{}.{}", e.at, e.op.name());
    let arg_at = match e.op {
        Op::Set(_) => format!("{}.to", e.at),
        Op::Remove => op_at.clone(),
        _ => format!("{}.by", e.at),
    };
    match f {
        Failure::Edit(EditError::NoMatch { message, hint, .. }) => o.diag(
            Diagnostic::error(
                "no-such-path",
                format!("`{}` matches nothing: {message}", e.path),
            )
            .with_hint(hint.clone()),
            &op_at,
        ),
        Failure::Edit(EditError::BadValue { message, hint, .. }) => o.diag(
            Diagnostic::error("bad-edit-value", message.clone()).with_hint(hint.clone()),
            &arg_at,
        ),
        Failure::Type(m) => o.diag(
            Diagnostic::error("bad-edit-value", format!("after this edit, {m}"))
                .with_hint("`capplan schema` lists every field with its type"),
            &arg_at,
        ),
    }
}

/// Applies `overlays` in order to `base`. The plan's name gains `+<overlay name>`
/// for each overlay (unless an edit sets `name`).
pub fn apply_overlays(base: &Loaded, overlays: &[Overlay]) -> Result<Loaded, Vec<Diagnostic>> {
    let mut t = tree::to_tree(base);
    let mut diags = Vec::new();
    for o in overlays {
        let name_before = t["name"].clone();
        for e in &o.edits {
            if let Err(f) = apply_one(base, &mut t, &e.path, &e.op) {
                diags.push(edit_diag(o, e, &f));
            }
        }
        if t["name"] == name_before {
            let name = format!("{}+{}", name_before.as_str().unwrap_or_default(), o.name);
            t["name"] = Value::String(name);
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    tree::from_tree(base, &t).map_err(|m| vec![Diagnostic::error("bad-edit-value", m)])
}
