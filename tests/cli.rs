//! The command line as a user meets it, run as the real binary from the crate
//! root: snapshots of what `validate`, `solve` and `--help` print
//! (`tests/snapshots/cli__*.snap`; temp paths and timings redacted), the JSON
//! Schema, exit codes (2 usage or input, 3 infeasible, 4 no plan in time),
//! byte-identical plan.json across runs with timings only in run.json, and a
//! quiet exit when stdout is closed early (`capplan schema | head`).
//!
//! After a deliberate change of output: `INSTA_UPDATE=always cargo test --test
//! cli`, then read every changed `.snap` before committing it.

mod common;

use common::root;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn capplan() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_capplan"));
    c.current_dir(root());
    c
}

fn run(args: &[&str]) -> Output {
    capplan().args(args).output().expect("capplan runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts the exit code, and that nothing panicked.
fn assert_code(o: &Output, code: i32, what: &str) {
    let err = stderr(o);
    assert_eq!(
        o.status.code(),
        Some(code),
        "{what}: exit code\n--- stdout ---\n{}\n--- stderr ---\n{err}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(!err.contains("panicked"), "{what}: {err}");
}

/// Replaces every `solved in 1.23s` figure with `solved in [TIME]`.
fn redact_times(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("solved in ") {
        let (head, tail) = rest.split_at(i + "solved in ".len());
        out.push_str(head);
        let n = tail
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(tail.len());
        if n > 0 && tail[n..].starts_with('s') {
            out.push_str("[TIME]");
            rest = &tail[n + 1..];
        } else {
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------
// Snapshots

#[test]
fn validate_prints_a_summary_of_colossus() {
    let o = run(&["validate", "plans/colossus.yaml"]);
    assert_code(&o, 0, "validate");
    assert!(stderr(&o).is_empty(), "warnings: {}", stderr(&o));
    insta::assert_snapshot!("validate_colossus", stdout(&o));
}

#[test]
fn solve_prints_a_summary_of_power_bound() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let out_str = out.to_str().expect("UTF-8 temp path");
    let o = run(&["solve", "tests/cases/power-bound.yaml", "--out", out_str]);
    assert_code(&o, 0, "solve");
    assert!(stderr(&o).is_empty(), "stderr: {}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.contains(out_str),
        "the summary names no output dir:\n{text}"
    );
    let text = redact_times(&text.replace(out_str, "[OUT]"));
    assert!(
        text.contains("solved in [TIME]"),
        "timing not redacted:\n{text}"
    );
    insta::assert_snapshot!("solve_power_bound", text);
    for f in ["plan.json", "plan.csv", "run.json"] {
        assert!(out.join(f).is_file(), "{f} not written");
    }
}

#[test]
fn explain_puts_a_solved_plan_into_prose() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let out_str = out.to_str().expect("UTF-8 temp path");
    let o = run(&[
        "solve",
        "tests/cases/power-bound.yaml",
        "--out",
        out_str,
        "-q",
    ]);
    assert_code(&o, 0, "solve");
    let csv = std::fs::read_to_string(out.join("shadow_prices.csv")).expect("shadow_prices.csv");
    assert!(
        csv.contains("power,\"power[dry,2026Q1]\",dry,,2026Q1,1752000,usd_per_mw"),
        "{csv}"
    );
    let o = run(&["explain", out_str]);
    assert_code(&o, 0, "explain");
    let text = stdout(&o);
    assert!(
        text.contains("One more MW at dry in 2026Q1 is worth $1,752,000 of NPV"),
        "{text}"
    );
    insta::assert_snapshot!("explain_power_bound", text);
}

#[test]
fn help_lists_the_commands() {
    let o = run(&["--help"]);
    assert_code(&o, 0, "--help");
    insta::assert_snapshot!("help", stdout(&o));
}

#[test]
fn solve_help_lists_its_options() {
    let o = run(&["solve", "--help"]);
    assert_code(&o, 0, "solve --help");
    insta::assert_snapshot!("solve_help", stdout(&o));
}

// ---------------------------------------------------------------------------
// Schema

#[test]
fn schema_is_draft_2020_12_json_and_lists_the_horizon() {
    let o = run(&["schema"]);
    assert_code(&o, 0, "schema");
    let schema: serde_json::Value =
        serde_json::from_slice(&o.stdout).expect("capplan schema prints JSON");
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "{schema:#}"
    );
    let props = schema["properties"]
        .as_object()
        .expect("the plan schema has properties");
    assert!(props.contains_key("horizon"), "{:?}", props.keys());
    let required: Vec<&str> = schema["required"]
        .as_array()
        .expect("required fields listed")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(required.contains(&"horizon"), "{required:?}");
}

// ---------------------------------------------------------------------------
// Exit codes

#[test]
fn a_missing_plan_file_exits_2() {
    for cmd in ["validate", "solve", "export"] {
        let mut args = vec![cmd, "tests/cases/no-such-plan.yaml"];
        let dir = tempfile::tempdir().expect("temp dir");
        let mps = dir.path().join("m.mps");
        if cmd == "export" {
            args.extend(["--mps", mps.to_str().unwrap()]);
        }
        if cmd == "solve" {
            args.extend(["--out", dir.path().to_str().unwrap()]);
        }
        let o = run(&args);
        assert_code(&o, 2, cmd);
        assert!(o.stdout.is_empty(), "{cmd}: {}", stdout(&o));
        assert!(
            stderr(&o).contains("no-such-plan.yaml"),
            "{cmd}: the error does not name the file:\n{}",
            stderr(&o)
        );
    }
}

#[test]
fn a_usage_error_exits_2() {
    let o = run(&["solve"]);
    assert_code(&o, 2, "solve without a plan");
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
    assert!(stderr(&o).contains("Usage"), "{}", stderr(&o));
    let o = run(&[
        "solve",
        "tests/cases/power-bound.yaml",
        "--time-limit",
        "-1",
    ]);
    assert_code(&o, 2, "negative time limit");
    let o = run(&["frobnicate"]);
    assert_code(&o, 2, "unknown command");
}

#[test]
fn an_infeasible_plan_exits_3() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let o = run(&[
        "solve",
        "tests/cases/infeasible-floor.yaml",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_code(&o, 3, "infeasible-floor");
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
    assert!(stderr(&o).contains("infeasible"), "{}", stderr(&o));
    assert!(!out.exists(), "an infeasible solve wrote {}", out.display());
    // Valid input all the same.
    let o = run(&["validate", "tests/cases/infeasible-floor.yaml"]);
    assert_code(&o, 0, "validate infeasible-floor");
}

/// A time limit far too short for neocloud-pivot: HiGHS stops either with no
/// plan (exit 4) or with an incumbent (exit 0, status `feasible`, verified).
#[test]
fn a_tiny_time_limit_exits_4_or_gives_a_feasible_plan() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let o = run(&[
        "solve",
        "plans/neocloud-pivot.yaml",
        "--time-limit",
        "0.05",
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    match o.status.code() {
        Some(4) => {
            assert!(err.contains("--time-limit"), "no hint to raise it: {err}");
            assert!(!out.join("plan.json").exists(), "exit 4 wrote a plan");
        }
        Some(0) => {
            let plan: serde_json::Value =
                serde_json::from_slice(&std::fs::read(out.join("plan.json")).unwrap()).unwrap();
            let status = &plan["solver"]["status"];
            assert!(status == "feasible" || status == "optimal", "{status}");
            let run: serde_json::Value =
                serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
            assert_eq!(run["time_limit_s"], 0.05);
        }
        other => panic!("exit {other:?}, expected 4 or 0:\n{err}"),
    }
}

// ---------------------------------------------------------------------------
// Outputs: determinism, and timings kept out of plan.json

fn solve_into(plan: &str, out: &Path) {
    let o = run(&["solve", plan, "--out", out.to_str().unwrap(), "--quiet"]);
    assert_code(&o, 0, plan);
}

/// Every key in a JSON tree, with its path.
fn keys(v: &serde_json::Value, path: &str, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                let p = format!("{path}.{k}");
                out.push(p.clone());
                keys(v, &p, out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                keys(v, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn plan_json_is_byte_identical_across_runs_and_has_no_timings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    solve_into("plans/colossus.yaml", &a);
    solve_into("plans/colossus.yaml", &b);
    for f in [
        "plan.json",
        "plan.csv",
        "graph.dot",
        "graph.mmd",
        "gantt.mmd",
    ] {
        let (x, y) = (
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
        );
        assert!(x == y, "{f} differs between two runs of the same solve");
    }

    let text = std::fs::read_to_string(a.join("plan.json")).unwrap();
    let plan: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut all = Vec::new();
    keys(&plan, "", &mut all);
    let timing = |k: &str| {
        let last = k.rsplit('.').next().unwrap_or(k);
        last.ends_with("_s")
            || ["time", "timing", "elapsed", "duration", "seconds", "memory"]
                .iter()
                .any(|w| last.contains(w) && !last.ends_with("_periods"))
            || (last.contains("version") && last != "schema_version")
    };
    let bad: Vec<&String> = all.iter().filter(|k| timing(k)).collect();
    assert!(
        bad.is_empty(),
        "plan.json has timing or version fields: {bad:?}"
    );
    assert!(
        !text.contains(dir.path().to_str().unwrap()),
        "plan.json contains the output path"
    );
}

#[test]
fn run_json_has_timings_and_model_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = run(&[
        "solve",
        "tests/cases/power-bound.yaml",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_code(&o, 0, "solve");
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("run.json")).unwrap())
            .expect("run.json is JSON");
    let timings = run["timings"].as_object().expect("run.json has timings");
    for stage in ["load_s", "build_s", "solve_s", "verify_s", "write_s"] {
        let t = timings
            .get(stage)
            .and_then(|v| v.as_f64())
            .unwrap_or_else(|| panic!("no timings.{stage}: {run:#}"));
        assert!(t >= 0.0 && t.is_finite(), "{stage} = {t}");
    }
    let total = run["total_s"].as_f64().expect("total_s");
    let sum: f64 = timings.values().filter_map(|v| v.as_f64()).sum();
    assert!(total + 1e-3 >= sum, "total_s {total} < sum of stages {sum}");
    // The model size, as the summary prints it:
    // "model: 28 variables (4 integer), 41 constraints; …".
    let model = &run["model"];
    let line = format!(
        "model: {} variables ({} integer), {} constraints;",
        model["variables"], model["integers"], model["constraints"]
    );
    assert!(
        stdout(&o).contains(&line),
        "`{line}` not in the summary:\n{}",
        stdout(&o)
    );
    assert!(model["integers"].as_u64().is_some_and(|n| n > 0), "{run:#}");
    assert!(model["nonzeros"].as_u64().is_some_and(|n| n > 0), "{run:#}");
    assert_eq!(run["solver"], "highs");
    assert_eq!(run["status"], "optimal");
}

// ---------------------------------------------------------------------------
// A closed stdout

/// `capplan schema | head -c 10`: the reader goes away; capplan ends quietly.
#[test]
fn schema_into_a_pipe_closed_after_10_bytes_exits_quietly() {
    let mut child = capplan()
        .arg("schema")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("capplan starts");
    let mut first = [0u8; 10];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .expect("10 bytes");
    assert_eq!(&first[..1], b"{");
    drop(child.stdout.take());
    let o = child.wait_with_output().expect("capplan ends");
    assert_code(&o, 0, "schema | head -c 10");
    assert!(o.stderr.is_empty(), "stderr: {}", stderr(&o));
}

/// The schema (~10 kB) fits a pipe's buffer, so the test above may finish
/// writing before the reader goes: here the reader is gone before capplan
/// writes a byte, so the write itself fails with EPIPE.
#[test]
fn schema_into_a_pipe_already_closed_exits_quietly() {
    let mut child = capplan()
        .arg("schema")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("capplan starts");
    drop(child.stdout.take());
    let o = child.wait_with_output().expect("capplan ends");
    assert_code(&o, 0, "schema | (closed)");
    assert!(o.stderr.is_empty(), "stderr: {}", stderr(&o));
}
