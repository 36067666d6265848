//! Property tests of the loader on hostile and damaged input: whatever the
//! bytes, `capplan::catalog::load_and_check` returns (no panic, no hang), and
//! a refusal always carries at least one error diagnostic.
//!
//! (a) random bytes and random YAML-ish text as a plan;
//! (b) small mutations of the shipped plans and catalogs (delete or duplicate a
//!     line, swap two characters, replace a number by `-1`, `.nan`, `1e400`, a
//!     string, …) in a temporary copy of the `catalogs/` + `plans/` layout.
//!
//! Each load runs on its own thread and is abandoned after [`HANG_GUARD`]: a
//! guard against hangs, not a performance bound. Case counts are modest so the
//! file runs in seconds in a debug build.

mod common;

use common::{copy_toy_catalogs, root, TOY_PLAN};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use proptest::prelude::*;

const HANG_GUARD: Duration = Duration::from_secs(20);

/// What one load came to, summarized on the loading thread.
#[derive(Debug)]
struct Outcome {
    accepted: bool,
    errors: usize,
    /// Diagnostics with no file to point at.
    unplaced: usize,
    rendered: String,
}

/// Loads and checks `plan` on a thread; on success also resolves the scenario
/// (the next thing `capplan validate` does). `Err` says it panicked or hung.
fn load_guarded(plan: &Path) -> Result<Outcome, String> {
    let plan = plan.to_path_buf();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let outcome = match capplan::catalog::load_and_check(&plan) {
            Ok((loaded, warnings)) => {
                let _ = capplan::scenario::resolve(&loaded);
                Outcome {
                    accepted: true,
                    errors: warnings.errors(),
                    unplaced: warnings.0.iter().filter(|d| d.file.is_none()).count(),
                    rendered: warnings.to_string(),
                }
            }
            Err(diags) => Outcome {
                accepted: false,
                errors: diags.errors(),
                unplaced: diags.0.iter().filter(|d| d.file.is_none()).count(),
                rendered: diags.to_string(),
            },
        };
        let _ = tx.send(outcome);
    });
    match rx.recv_timeout(HANG_GUARD) {
        Ok(o) => Ok(o),
        Err(RecvTimeoutError::Timeout) => Err(format!("no answer after {HANG_GUARD:?}")),
        Err(RecvTimeoutError::Disconnected) => Err("panicked (see stderr)".to_string()),
    }
}

/// The properties every load must have.
fn check(plan: &Path, input: &str) -> Result<(), TestCaseError> {
    let o = load_guarded(plan).map_err(|e| TestCaseError::fail(format!("{e}\ninput:\n{input}")))?;
    if !o.accepted {
        prop_assert!(
            o.errors > 0,
            "refused without an error diagnostic:\n{}\ninput:\n{input}",
            o.rendered
        );
    }
    prop_assert_eq!(
        o.unplaced,
        0,
        "diagnostics without a file:\n{}\ninput:\n{}",
        o.rendered,
        input
    );
    Ok(())
}

/// Cases per property: `default`, or `PROPTEST_CASES` for a longer hunt.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------
// (a) Random bytes and YAML-ish text as a plan.

/// Pieces of YAML: structure, the plan's own keys, odd scalars, tags, anchors.
const TOKENS: &[&str] = &[
    "\n",
    "\n",
    "\n",
    "  ",
    "  ",
    "    ",
    ": ",
    ": ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "#",
    "---\n",
    "...\n",
    "? ",
    "|\n",
    ">\n",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "!!str ",
    "!!int ",
    "!!map ",
    "!custom ",
    "%YAML 1.2\n",
    "\"",
    "'",
    "\\",
    "\t",
    "~",
    "null",
    "true",
    "no",
    "0",
    "-1",
    "1e400",
    ".nan",
    ".inf",
    "-.inf",
    "0x1F",
    "1_000",
    "18446744073709551616",
    "3.5",
    "2026Q1",
    "2026Q5",
    "2026-13",
    "2026-01",
    "3y",
    "0mo",
    "18mo",
    "2q",
    "name",
    "description",
    "catalogs",
    "nodes",
    "sites",
    "market",
    "horizon",
    "start",
    "end",
    "period",
    "quarter",
    "month",
    "skus",
    "allocation",
    "from",
    "units_per_period",
    "installed",
    "demand",
    "h100e",
    "training_runs",
    "gpus",
    "to",
    "id",
    "finance",
    "discount_rate_per_year",
    "internal_value_weight",
    "capex_budget",
    "usd_per_period",
    "policy",
    "min_leased_share",
    "max_leased_share",
    "lease",
    "halls",
    "power",
    "kind",
    "gas_turbine",
    "after",
    "include",
    "sources",
    "dry",
    "wet",
    "toy_air",
    "toy_liquid",
    "catalog/nodes.yaml",
    "catalog/sites.yaml",
    "catalog/market.yaml",
    "/dev/zero",
    "..",
    "é",
    "→",
    "\u{feff}",
    "\u{0}",
    "\r\n",
];

fn yamlish() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..160).prop_map(|t| t.concat())
}

/// A temp dir with the toy catalogs under `catalog/`; plans go at its top.
fn toy_dir() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_toy_catalogs(tmp.path());
    tmp
}

fn write_plan(dir: &Path, bytes: &[u8]) -> PathBuf {
    let plan = dir.join("plan.yaml");
    std::fs::write(&plan, bytes).expect("plan writes");
    plan
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_as_a_plan(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let tmp = toy_dir();
        let plan = write_plan(tmp.path(), &bytes);
        check(&plan, &String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn random_yamlish_text_as_a_plan(text in yamlish()) {
        let tmp = toy_dir();
        let plan = write_plan(tmp.path(), text.as_bytes());
        check(&plan, &text)?;
    }

    /// A valid plan with random text spliced in at a line boundary, so the
    /// catalogs load and the later stages see damage too.
    #[test]
    fn valid_plan_with_random_text_spliced_in(at in any::<usize>(), text in yamlish()) {
        let tmp = toy_dir();
        let lines: Vec<&str> = TOY_PLAN.lines().collect();
        let cut = at % (lines.len() + 1);
        let input = format!(
            "{}\n{text}\n{}\n",
            lines[..cut].join("\n"),
            lines[cut..].join("\n")
        );
        let plan = write_plan(tmp.path(), input.as_bytes());
        check(&plan, &input)?;
    }
}

// ---------------------------------------------------------------------------
// (b) Mutations of the shipped plans and catalogs.

const FILES: &[&str] = &[
    "catalogs/nodes.yaml",
    "catalogs/sites.yaml",
    "catalogs/market.yaml",
    "plans/colossus.yaml",
    "plans/greenfield-texas.yaml",
    "plans/neocloud-pivot.yaml",
    "plans/colossus-2.yaml",
    "plans/abilene-landlord.yaml",
];
const PLANS: &[&str] = &[
    "plans/colossus.yaml",
    "plans/greenfield-texas.yaml",
    "plans/neocloud-pivot.yaml",
    "plans/colossus-2.yaml",
    "plans/abilene-landlord.yaml",
];

/// What a number may be replaced by.
const REPLACEMENTS: &[&str] = &[
    "-1",
    ".nan",
    "1e400",
    "a string",
    ".inf",
    "-.inf",
    "0",
    "-0.0",
    "1e308",
    "18446744073709551616",
    "\"7\"",
    "~",
    "[]",
    "{}",
    "0.5",
    "2026Q1",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapChars(usize),
    ReplaceNumber(usize, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::SwapChars),
        (any::<usize>(), prop::sample::select(REPLACEMENTS))
            .prop_map(|(i, r)| Mutation::ReplaceNumber(i, r)),
    ]
}

/// Byte ranges of the plain numbers in `text` (`150`, `0.10`, not `2026Q1` or `h100`).
fn numbers(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'.';
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !word(b[i - 1])) {
            let mut j = i;
            while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'.') {
                j += 1;
            }
            if j == b.len() || !(b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                out.push((i, j));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

fn apply(text: &str, m: &Mutation) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    match m {
        Mutation::DeleteLine(i) if !lines.is_empty() => {
            let k = i % lines.len();
            let mut l = lines.clone();
            l.remove(k);
            l.concat()
        }
        Mutation::DuplicateLine(i) if !lines.is_empty() => {
            let k = i % lines.len();
            let mut l = lines.clone();
            l.insert(k, lines[k]);
            l.concat()
        }
        Mutation::SwapChars(i) => {
            let mut chars: Vec<char> = text.chars().collect();
            if chars.len() >= 2 {
                let k = i % (chars.len() - 1);
                chars.swap(k, k + 1);
            }
            chars.into_iter().collect()
        }
        Mutation::ReplaceNumber(i, with) => {
            let nums = numbers(text);
            if nums.is_empty() {
                return text.to_string();
            }
            let (a, b) = nums[i % nums.len()];
            format!("{}{with}{}", &text[..a], &text[b..])
        }
        _ => text.to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(128), ..ProptestConfig::default() })]

    #[test]
    fn mutated_shipped_inputs_never_panic(
        file in 0..FILES.len(),
        plan in 0..PLANS.len(),
        mutations in prop::collection::vec(mutation(), 1..=3),
    ) {
        let tmp = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(tmp.path().join("catalogs")).expect("dir");
        std::fs::create_dir(tmp.path().join("plans")).expect("dir");
        let mut damaged = String::new();
        for (k, f) in FILES.iter().enumerate() {
            let mut text = std::fs::read_to_string(root().join(f)).expect("shipped file reads");
            if k == file {
                for m in &mutations {
                    text = apply(&text, m);
                }
                damaged = format!("{f} after {mutations:?}");
            }
            std::fs::write(tmp.path().join(f), text).expect("copy writes");
        }
        // A damaged plan is loaded itself; a damaged catalog through a random plan.
        let target = if file >= 3 { FILES[file] } else { PLANS[plan] };
        check(&tmp.path().join(target), &damaged)?;
    }
}

#[test]
fn mutations_do_what_they_say() {
    let text = "a: 150\nb: 2026Q1\nc: 0.10\nd: h100_hgx\n";
    assert_eq!(numbers(text).len(), 2);
    let m = Mutation::ReplaceNumber(0, ".nan");
    assert!(apply(text, &m).starts_with("a: .nan\n"));
    let m = Mutation::DeleteLine(0);
    assert!(apply(text, &m).starts_with("b: "));
    let m = Mutation::SwapChars(0);
    assert!(apply(text, &m).starts_with(":a"));
}

/// The shipped inputs themselves load cleanly in the temp layout (so the
/// mutation test starts from valid files).
#[test]
fn unmutated_copies_load() {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(tmp.path().join("catalogs")).expect("dir");
    std::fs::create_dir(tmp.path().join("plans")).expect("dir");
    for f in FILES {
        std::fs::copy(root().join(f), tmp.path().join(f)).expect("copy");
    }
    for p in PLANS {
        let o = load_guarded(&tmp.path().join(p)).expect("no panic");
        assert!(o.accepted, "{p}:\n{}", o.rendered);
    }
}
