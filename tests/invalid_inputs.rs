//! Invalid inputs: every `tests/invalid/*.yaml` is a plan with one kind of
//! mistake (its first comment says which). `capplan validate` must refuse each
//! one with exit code 2, print nothing on stdout, never panic, finish quickly,
//! and explain the problem on stderr; stderr is snapshotted
//! (`tests/snapshots/invalid_inputs__<case>.snap`).
//!
//! A new file in `tests/invalid/` is picked up automatically: run
//! `INSTA_UPDATE=always cargo test --test invalid_inputs`, then read the new
//! `.snap` file before committing it.
//!
//! Helper catalogs that the cases point at live in `tests/invalid/support/`.

mod common;

use common::{copy_toy_catalogs, root, TOY_PLAN};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A case still running after this long is killed and fails: a hang guard, not
/// a performance bound (cases take milliseconds).
const HANG_GUARD: Duration = Duration::from_secs(20);

/// Rules that must each be shown by at least one case. Together with the scan
/// of `src/catalog/` in [`rules_in_source`], this keeps every rule covered.
const EXPECTED_RULES: &[&str] = &[
    // load.rs: reading, parsing and typing
    "unreadable-file",
    "file-too-large",
    "not-utf8",
    "yaml-syntax",
    "too-deep",
    "alias-bomb",
    "unknown-field",
    "missing-field",
    "unknown-variant",
    "bad-time",
    "invalid-type",
    "duplicate-key",
    "include-cycle",
    "duplicate-id",
    "unknown-id",
    // checks.rs: one or more per check_* function
    "not-finite",
    "negative",
    "unsourced-number",
    "granularity",
    "horizon-backwards",
    "horizon-too-long",
    "outside-horizon",
    "steps-out-of-order",
    "pue-out-of-range",
    "not-a-fraction",
    "min-above-max",
    "field-not-for-kind",
    "bad-block",
    "no-halls",
    "zero-capacity",
    "shell-exceeded",
    "phase-cycle",
    "no-tenors",
    "zero-tenor",
    "no-depth",
    "bad-tier",
    "tenor-too-long",
    "no-hall-for-cooling",
    "never-available",
    "cluster-too-large",
    "run-backwards",
    "must-be-positive",
];

/// Cases whose diagnostics are known to lack a `file:line:col`, a `= at:` YAML
/// path or a `= hint:` (see the reports on the loader). The test fails if a
/// case listed here becomes complete (so the list can only shrink) or if any
/// other case is incomplete.
const KNOWN_INCOMPLETE: &[&str] = &[
    // The whole document is the wrong shape: there is no YAML path to name.
    "plan-is-a-list",
    "empty-plan",
    // The file is not text or not YAML: a place in the file, but no YAML path.
    "not-utf8",
    "tab-indentation",
    "too-deep",
    "yaml-syntax-error",
];

struct Output {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs `capplan validate <plan>` in `dir`, killing it after [`HANG_GUARD`].
fn validate(dir: &Path, plan: &str) -> Output {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_capplan"))
        .args(["validate", plan])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("capplan starts");
    // Drain both pipes on threads so a chatty child never blocks on a full pipe.
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("piped stdout")));
    let err = drain(Box::new(child.stderr.take().expect("piped stderr")));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for capplan") {
            break status;
        }
        if start.elapsed() > HANG_GUARD {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`capplan validate {plan}` still running after {HANG_GUARD:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let elapsed = start.elapsed();
    Output {
        code: status.code(),
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
        elapsed,
    }
}

/// Case names (file stems) of `tests/invalid/*.yaml`, sorted.
fn case_names() -> Vec<String> {
    let dir = root().join("tests/invalid");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/invalid exists")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The comment block a case file starts with (what is wrong), without `# `.
fn header_comment(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("case file reads");
    let text = String::from_utf8_lossy(&bytes);
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One rendered diagnostic, as far as this test cares.
#[derive(Debug)]
struct Rendered {
    rule: String,
    header: String,
    /// `-->` followed by `file:line:col`.
    located: bool,
    at: bool,
    hint: bool,
}

impl Rendered {
    fn complete(&self) -> bool {
        self.located && self.at && self.hint
    }

    fn missing(&self) -> String {
        let mut m = Vec::new();
        if !self.located {
            m.push("file:line:col");
        }
        if !self.at {
            m.push("YAML path (= at:)");
        }
        if !self.hint {
            m.push("hint");
        }
        format!("{} lacks {}", self.header, m.join(", "))
    }
}

/// Splits stderr into its diagnostics.
fn parse_diagnostics(stderr: &str) -> Vec<Rendered> {
    let mut out: Vec<Rendered> = Vec::new();
    for line in stderr.lines() {
        if line.starts_with("error[") || line.starts_with("warning[") {
            let rule = line
                .split_once('[')
                .and_then(|(_, r)| r.split_once(']'))
                .map(|(r, _)| r.to_string())
                .unwrap_or_default();
            out.push(Rendered {
                rule,
                header: line.to_string(),
                located: false,
                at: false,
                hint: false,
            });
            continue;
        }
        let Some(d) = out.last_mut() else { continue };
        let t = line.trim_start();
        if let Some(loc) = t.strip_prefix("--> ") {
            // file:line:col, the file possibly containing ':' itself.
            let mut parts = loc.rsplitn(3, ':');
            let col = parts.next().unwrap_or("");
            let ln = parts.next().unwrap_or("");
            let file = parts.next().unwrap_or("");
            d.located = !file.is_empty()
                && ln.parse::<usize>().is_ok_and(|n| n > 0)
                && col.parse::<usize>().is_ok_and(|n| n > 0);
        } else if t.starts_with("= at: ") {
            d.at = true;
        } else if t.starts_with("= hint: ") {
            d.hint = true;
        }
    }
    out
}

/// Checks one run against the contract; returns the diagnostics it printed.
fn check_output(case: &str, out: &Output) -> Result<Vec<Rendered>, String> {
    let mut problems = Vec::new();
    if out.code != Some(2) {
        problems.push(format!("exit code {:?}, want 2", out.code));
    }
    if !out.stdout.is_empty() {
        problems.push(format!("stdout not empty:\n{}", out.stdout));
    }
    if out.stderr.contains("panicked") {
        problems.push("panicked".to_string());
    }
    let diags = parse_diagnostics(&out.stderr);
    if !diags.iter().any(|d| d.header.starts_with("error[")) {
        problems.push("no error diagnostic on stderr".to_string());
    }
    if problems.is_empty() {
        Ok(diags)
    } else {
        Err(format!(
            "{case}: {}\n--- stderr ---\n{}",
            problems.join("; "),
            out.stderr
        ))
    }
}

fn snapshot(name: &str, description: &str, input: Option<&Path>, stderr: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_description(description);
    settings.set_omit_expression(true);
    if let Some(input) = input {
        settings.set_input_file(input);
    }
    settings.bind(|| insta::assert_snapshot!(name, stderr));
}

/// Every rule name written literally as `Diagnostic::error("…"` in src/catalog/.
fn rules_in_source() -> BTreeSet<String> {
    let mut rules = BTreeSet::new();
    let dir = root().join("src/catalog");
    for entry in std::fs::read_dir(dir).expect("src/catalog exists") {
        let path = entry.expect("directory entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("source reads");
        for marker in ["Diagnostic::error(", "Diagnostic::warning("] {
            for (i, _) in text.match_indices(marker) {
                let rest = text[i + marker.len()..].trim_start();
                if let Some(lit) = rest.strip_prefix('"') {
                    if let Some(end) = lit.find('"') {
                        rules.insert(lit[..end].to_string());
                    }
                }
            }
        }
    }
    rules
}

#[test]
fn every_invalid_input_is_refused_with_a_located_explanation() {
    let names = case_names();
    assert!(
        names.len() >= 30,
        "only {} cases in tests/invalid",
        names.len()
    );
    let mut failures = Vec::new();
    let mut incomplete = Vec::new();
    let mut seen_rules = BTreeSet::new();
    let mut timings = Vec::new();
    for name in &names {
        let rel = format!("tests/invalid/{name}.yaml");
        let path = root().join(&rel);
        let description = header_comment(&path);
        if description.is_empty() {
            failures.push(format!(
                "{name}: the file must start with a `#` comment saying what is wrong"
            ));
        }
        let result = std::panic::catch_unwind(|| {
            let out = validate(root(), &rel);
            let diags = check_output(name, &out)?;
            snapshot(name, &description, Some(&path), &out.stderr);
            Ok::<_, String>((diags, out.elapsed))
        });
        match result {
            Ok(Ok((diags, elapsed))) => {
                timings.push((elapsed, name.clone()));
                seen_rules.extend(diags.iter().map(|d| d.rule.clone()));
                let missing: Vec<String> = diags
                    .iter()
                    .filter(|d| !d.complete())
                    .map(Rendered::missing)
                    .collect();
                let known = KNOWN_INCOMPLETE.contains(&name.as_str());
                if !missing.is_empty() && !known {
                    incomplete.push(format!("{name}:\n    {}", missing.join("\n    ")));
                } else if missing.is_empty() && known {
                    incomplete.push(format!(
                        "{name}: every diagnostic is now complete; remove it from KNOWN_INCOMPLETE"
                    ));
                }
            }
            Ok(Err(msg)) => failures.push(msg),
            Err(panic) => failures.push(format!(
                "{name}: {}",
                panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("assertion failed (see above)")
            )),
        }
    }
    timings.sort();
    let slowest: Vec<String> = timings
        .iter()
        .rev()
        .take(5)
        .map(|(t, n)| format!("{n} {:.0} ms", t.as_secs_f64() * 1e3))
        .collect();
    eprintln!("{} cases; slowest: {}", timings.len(), slowest.join(", "));
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
    assert!(
        incomplete.is_empty(),
        "diagnostics without file:line:col, YAML path or hint:\n{}",
        incomplete.join("\n")
    );

    // Cases generated at test time (see below) cover file-too-large.
    seen_rules.insert("file-too-large".to_string());
    let missing: Vec<&str> = EXPECTED_RULES
        .iter()
        .copied()
        .filter(|r| !seen_rules.contains(*r))
        .collect();
    assert!(
        missing.is_empty(),
        "no case in tests/invalid shows these rules: {missing:?}"
    );
    let uncovered: Vec<String> = rules_in_source()
        .into_iter()
        .filter(|r| !seen_rules.contains(r))
        .collect();
    assert!(
        uncovered.is_empty(),
        "src/catalog/ reports rules no case in tests/invalid shows: {uncovered:?}; add a case"
    );
}

/// Writes a file just over the 4 MiB limit: a valid plan padded with comments.
fn write_large(path: &Path, head: &str) {
    let mut text = String::from(head);
    let line = format!("# {}\n", "padding ".repeat(12));
    while text.len() as u64 <= capplan::catalog::load::MAX_FILE_BYTES {
        text.push_str(&line);
    }
    std::fs::write(path, text).expect("temp file writes");
}

/// Inputs over 4 MiB are refused before they are parsed. The files are made in
/// a temporary directory (not committed); capplan runs there so the paths in
/// the snapshot do not depend on where the directory is.
#[test]
fn files_over_the_size_limit_are_refused() {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_toy_catalogs(tmp.path());

    // The plan itself is too large.
    write_large(
        &tmp.path().join("file-too-large.yaml"),
        &format!("# This plan is padded with comments to over 4 MiB.\n{TOY_PLAN}"),
    );
    let out = validate(tmp.path(), "file-too-large.yaml");
    check_output("file-too-large", &out).unwrap_or_else(|e| panic!("{e}"));
    snapshot(
        "file-too-large",
        "A plan padded with comments to just over 4 MiB (generated at test time).",
        None,
        &out.stderr,
    );

    // A catalog it names is too large.
    let nodes = std::fs::read_to_string(root().join("tests/cases/catalog/nodes.yaml"))
        .expect("toy nodes read");
    write_large(&tmp.path().join("catalog/huge-nodes.yaml"), &nodes);
    std::fs::write(
        tmp.path().join("catalog-too-large.yaml"),
        TOY_PLAN.replace("catalog/nodes.yaml", "catalog/huge-nodes.yaml"),
    )
    .expect("plan writes");
    let out = validate(tmp.path(), "catalog-too-large.yaml");
    check_output("catalog-too-large", &out).unwrap_or_else(|e| panic!("{e}"));
    snapshot(
        "catalog-too-large",
        "The node catalog a plan names is padded to just over 4 MiB (generated at test time).",
        None,
        &out.stderr,
    );
}

/// A plan path that is missing, or a directory, is refused like any bad input.
#[test]
fn missing_or_unreadable_plan_paths_are_refused() {
    for (name, path, description) in [
        (
            "plan-file-missing",
            "tests/invalid/no-such-plan.yaml",
            "The plan file does not exist.",
        ),
        (
            "plan-path-is-directory",
            "tests/invalid",
            "The plan path is a directory.",
        ),
    ] {
        let out = validate(root(), path);
        check_output(name, &out).unwrap_or_else(|e| panic!("{e}"));
        snapshot(name, description, None, &out.stderr);
    }
}
