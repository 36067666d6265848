//! A scenario set (`plans/scenarios/*.yaml`): branches of one future, each
//! with a probability and the what-if overlays that make it, and the period
//! from which each branch decides on its own (docs/scenario-sets.md).
//!
//! ```yaml
//! name: lease-price-paths
//! decide_by: 2027Q1
//! branches:
//!   - name: stable
//!     probability: 0.4
//!     whatifs: []
//!   - name: crash
//!     probability: 0.6
//!     whatifs: [crash.yaml]      # relative to this file
//! ```
//!
//! Read with the same located diagnostics as plans (the file's types are
//! `catalog::scenario_set`'s): unknown keys with a did-you-mean, type errors
//! at their field, then the set's own rules — at least one branch, names
//! unique and usable as directory names, probabilities in (0, 1] summing to
//! 1 (±1e-9), every what-if file present. Whether `decide_by` lies in the
//! plan's horizon is checked where the plan is loaded (`flow::scenarios`),
//! at this file's `decide_by`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::catalog::diagnostic::Diagnostic;
use crate::catalog::load::{read_source, typed, SourceFile};
use crate::catalog::period::Period;
use crate::catalog::scenario_set::{ScenarioSetFile, PROBABILITY_TOLERANCE};

/// A read and checked scenario set.
#[derive(Debug, Clone)]
pub struct ScenarioSet {
    pub name: String,
    pub description: Option<String>,
    pub decide_by: Period,
    pub branches: Vec<Branch>,
    pub file: SourceFile,
}

/// A branch with its overlays resolved to paths.
#[derive(Debug, Clone)]
pub struct Branch {
    pub name: String,
    pub probability: f64,
    pub description: Option<String>,
    pub whatifs: Vec<PathBuf>,
}

impl ScenarioSet {
    /// A diagnostic at `yaml_path` of the set file.
    pub fn diag(&self, d: Diagnostic, yaml_path: &str) -> Diagnostic {
        self.file.diag(d, yaml_path)
    }
}

fn name_ok(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Reads a scenario set file; every problem comes back located.
pub fn read(path: &Path) -> Result<ScenarioSet, Vec<Diagnostic>> {
    let file = read_source(path).map_err(|d| vec![d])?;
    let (value, mut diags) = typed::<ScenarioSetFile>(&file);
    let Some(set) = value else {
        return Err(diags);
    };
    let err = |rule: &'static str, msg: String, hint: &str, at: &str| {
        file.diag(Diagnostic::error(rule, msg).with_hint(hint.to_string()), at)
    };
    if set.branches.is_empty() {
        diags.push(err(
            "set-no-branch",
            "a scenario set needs at least one branch".into(),
            "add `branches: [{name: base, probability: 1.0, whatifs: []}]`",
            "branches",
        ));
    }
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut seen = HashSet::new();
    let mut branches = Vec::new();
    let mut total = 0.0;
    let mut probabilities_ok = true;
    for (i, b) in set.branches.iter().enumerate() {
        let at = format!("branches[{i}]");
        if !name_ok(&b.name) {
            diags.push(err(
                "set-branch-name",
                format!("branch name `{}` cannot name a directory", b.name),
                "use letters, digits, `-`, `_` and `.` (`price-crash`)",
                &format!("{at}.name"),
            ));
        } else if !seen.insert(b.name.clone()) {
            diags.push(err(
                "set-duplicate-branch",
                format!("two branches are named `{}`", b.name),
                "branch names are unique within a set: each names its plan's directory",
                &format!("{at}.name"),
            ));
        }
        if !(b.probability.is_finite() && b.probability > 0.0 && b.probability <= 1.0) {
            probabilities_ok = false;
            diags.push(err(
                "set-probability",
                format!("probability {} is not in (0, 1]", b.probability),
                "a branch that cannot happen is left out of the set; probabilities are shares of 1",
                &format!("{at}.probability"),
            ));
        }
        total += b.probability;
        let mut whatifs = Vec::new();
        for (j, w) in b.whatifs.iter().enumerate() {
            let p = dir.join(w);
            if !p.is_file() {
                diags.push(err(
                    "set-missing-whatif",
                    format!("what-if file `{w}` does not exist ({})", p.display()),
                    "what-if paths are relative to the scenario set file",
                    &format!("{at}.whatifs[{j}]"),
                ));
            }
            whatifs.push(p);
        }
        branches.push(Branch {
            name: b.name.clone(),
            probability: b.probability,
            description: b.description.clone(),
            whatifs,
        });
    }
    if probabilities_ok && !set.branches.is_empty() && (total - 1.0).abs() > PROBABILITY_TOLERANCE {
        diags.push(err(
            "set-probabilities-sum",
            format!(
                "the branches' probabilities sum to {total}, not 1 ({})",
                set.branches
                    .iter()
                    .map(|b| format!("{}: {}", b.name, b.probability))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "probabilities are shares of one future; scale them so they sum to 1 (±1e-9)",
            "branches",
        ));
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok(ScenarioSet {
        name: set.name,
        description: set.description,
        decide_by: set.decide_by,
        branches,
        file,
    })
}
