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
use crate::catalog::scenario_set::{BranchFile, ScenarioSetFile, PROBABILITY_TOLERANCE};

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
    if set.branches.is_empty() {
        diags.push(located(
            &file,
            "set-no-branch",
            "a scenario set needs at least one branch".into(),
            "add `branches: [{name: base, probability: 1.0, whatifs: []}]`",
            "branches",
        ));
    }
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut seen = HashSet::new();
    let branches = (set.branches.iter().enumerate())
        .map(|(i, b)| read_branch(&file, dir, i, b, &mut seen, &mut diags))
        .collect();
    diags.extend(probabilities_not_summing_to_1(&file, &set.branches));
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

/// An error of rule `rule` at `at` in the set file.
fn located(file: &SourceFile, rule: &'static str, msg: String, hint: &str, at: &str) -> Diagnostic {
    file.diag(Diagnostic::error(rule, msg).with_hint(hint.to_string()), at)
}

/// Whether a branch's probability is a share of 1 a branch can have.
fn probability_ok(p: f64) -> bool {
    p.is_finite() && p > 0.0 && p <= 1.0
}

/// Branch `i` of the set file, its what-ifs resolved against `dir`; its
/// name (unique among those `seen`), probability and what-if files checked.
fn read_branch(
    file: &SourceFile,
    dir: &Path,
    i: usize,
    b: &BranchFile,
    seen: &mut HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Branch {
    let at = format!("branches[{i}]");
    if !name_ok(&b.name) {
        diags.push(located(
            file,
            "set-branch-name",
            format!("branch name `{}` cannot name a directory", b.name),
            "use letters, digits, `-`, `_` and `.` (`price-crash`)",
            &format!("{at}.name"),
        ));
    } else if !seen.insert(b.name.clone()) {
        diags.push(located(
            file,
            "set-duplicate-branch",
            format!("two branches are named `{}`", b.name),
            "branch names are unique within a set: each names its plan's directory",
            &format!("{at}.name"),
        ));
    }
    if !probability_ok(b.probability) {
        diags.push(located(
            file,
            "set-probability",
            format!("probability {} is not in (0, 1]", b.probability),
            "a branch that cannot happen is left out of the set; probabilities are shares of 1",
            &format!("{at}.probability"),
        ));
    }
    let mut whatifs = Vec::new();
    for (j, w) in b.whatifs.iter().enumerate() {
        let p = dir.join(w);
        if !p.is_file() {
            diags.push(located(
                file,
                "set-missing-whatif",
                format!("what-if file `{w}` does not exist ({})", p.display()),
                "what-if paths are relative to the scenario set file",
                &format!("{at}.whatifs[{j}]"),
            ));
        }
        whatifs.push(p);
    }
    Branch {
        name: b.name.clone(),
        probability: b.probability,
        description: b.description.clone(),
        whatifs,
    }
}

/// Probabilities that are each valid but do not sum to 1 (±1e-9); an
/// invalid one is reported on its own, not again in the sum.
fn probabilities_not_summing_to_1(
    file: &SourceFile,
    branches: &[BranchFile],
) -> Option<Diagnostic> {
    let total = branches.iter().fold(0.0, |s, b| s + b.probability);
    let all_ok = branches.iter().all(|b| probability_ok(b.probability));
    if !all_ok || branches.is_empty() || (total - 1.0).abs() <= PROBABILITY_TOLERANCE {
        return None;
    }
    Some(located(
        file,
        "set-probabilities-sum",
        format!(
            "the branches' probabilities sum to {total}, not 1 ({})",
            branches
                .iter()
                .map(|b| format!("{}: {}", b.name, b.probability))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        "probabilities are shares of one future; scale them so they sum to 1 (±1e-9)",
        "branches",
    ))
}
