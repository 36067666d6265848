//! The layer order of docs/architecture.md, held: every module of `src/` may
//! use only the modules below it, and no two files use each other, directly
//! or round a circle.
//!
//! The test reads the source, not the compiler: every `crate::…`, `super::…`
//! and `self::…` path outside comments, the groups of `use crate::{a, b::c}`,
//! and `use child::…` lines naming a child module. A failure names the file,
//! the line and the rule it breaks.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use petgraph::algo::tarjan_scc;
use petgraph::graph::DiGraph;

/// Top-level modules, lowest first: each may use only those before it.
/// Keep in step with docs/architecture.md.
const LAYERS: &[&str] = &[
    "units", "catalog", "error", "whatif", "scenario", "generate", "doc", "model", "solve",
    "extract", "verify", "plan", "explain", "report", "flow", "cli",
];

/// Files that wire the crate together and may name any module.
const ROOTS: &[&str] = &["lib.rs", "main.rs"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `src/a/b.rs` → `["a", "b"]`; `src/a/mod.rs` → `["a"]`; `src/lib.rs` → `[]`.
fn module_path(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).expect("a file under src/");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    match last.as_str() {
        "mod.rs" | "lib.rs" | "main.rs" => {}
        other => parts.push(other.trim_end_matches(".rs").to_string()),
    }
    parts
}

/// The file that holds module `path` (or its longest existing prefix).
fn file_of(path: &[String]) -> Option<PathBuf> {
    let mut dir = src();
    let mut found = None;
    for seg in path {
        let file = dir.join(format!("{seg}.rs"));
        let sub = dir.join(seg);
        if file.is_file() {
            found = Some(file);
        } else if sub.join("mod.rs").is_file() {
            found = Some(sub.join("mod.rs"));
        } else {
            break;
        }
        dir = sub;
    }
    found
}

/// The code of a line without its `//` comment (strings holding `//` are rare
/// enough in this crate not to matter; a URL in a string only ends a line early).
fn code(line: &str) -> &str {
    match line.find("//") {
        Some(i) => &line[..i],
        None => line,
    }
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The module paths a `prefix::` path starting at `rest` names: one for
/// `a::b::C`, several for `{a::b, c}` (first-level groups only).
fn paths_after(rest: &str) -> Vec<Vec<String>> {
    if let Some(group) = rest.strip_prefix('{') {
        let mut depth = 0;
        let mut item = String::new();
        let mut out = Vec::new();
        for c in group.chars() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    out.extend(paths_after(item.trim()));
                    item.clear();
                    continue;
                }
                _ => {}
            }
            item.push(c);
        }
        out.extend(paths_after(item.trim()));
        return out;
    }
    let mut segs = Vec::new();
    let mut s = rest;
    loop {
        let end = s.find(|c: char| !is_ident(c)).unwrap_or(s.len());
        if end == 0 {
            break;
        }
        segs.push(s[..end].to_string());
        match s[end..].strip_prefix("::") {
            Some(next) if !next.starts_with('{') => s = next,
            _ => break,
        }
    }
    if segs.is_empty() {
        vec![]
    } else {
        vec![segs]
    }
}

/// A use of another module: where it is written and the module path it names,
/// absolute from the crate root.
struct Use {
    line: usize,
    text: String,
    target: Vec<String>,
}

fn uses(file: &Path) -> Vec<Use> {
    let text = std::fs::read_to_string(file).expect("source is readable");
    let here = module_path(file);
    let is_mod_file = file
        .file_name()
        .is_some_and(|n| n == "mod.rs" || n == "lib.rs" || n == "main.rs");
    // The module `self` names: the file's own module.
    let self_path = here.clone();
    let mut out = Vec::new();
    // Joined lines of a multi-line `use` statement, keyed by its first line.
    let mut pending: Option<(usize, String)> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = code(raw);
        let (n, stmt) = match pending.take() {
            Some((n, mut s)) => {
                s.push_str(line.trim());
                (n, s)
            }
            None => (i + 1, line.to_string()),
        };
        let trimmed = stmt.trim_start();
        let is_use = trimmed.starts_with("use ")
            || trimmed.starts_with("pub use ")
            || trimmed.starts_with("pub(crate) use ");
        if is_use && !stmt.contains(';') {
            pending = Some((n, stmt));
            continue;
        }
        for (prefix, base) in [
            ("crate::", Vec::new()),
            ("super::", {
                let mut p = self_path.clone();
                p.pop();
                p
            }),
            ("self::", self_path.clone()),
        ] {
            let mut at = 0;
            while let Some(k) = stmt[at..].find(prefix) {
                let start = at + k;
                at = start + prefix.len();
                if start > 0 && stmt[..start].ends_with(|c: char| is_ident(c) || c == ':') {
                    continue; // `super::super::` or `x::crate::` (not a root path)
                }
                let mut rest = &stmt[at..];
                let mut base = base.clone();
                while let Some(r) = rest.strip_prefix("super::") {
                    base.pop();
                    rest = r;
                }
                for p in paths_after(rest) {
                    let mut target = base.clone();
                    target.extend(p);
                    out.push(Use {
                        line: n,
                        text: stmt.trim().to_string(),
                        target,
                    });
                }
            }
        }
        // `use child::…` in a module file: a path relative to this module.
        if is_use && is_mod_file {
            let body = trimmed
                .trim_start_matches("pub(crate) ")
                .trim_start_matches("pub ")
                .trim_start_matches("use ");
            let first: String = body.chars().take_while(|&c| is_ident(c)).collect();
            if !first.is_empty()
                && !["crate", "super", "self", "std", "core"].contains(&first.as_str())
            {
                let mut child = here.clone();
                child.push(first.clone());
                if file_of(&child).is_some_and(|f| f != file)
                    && module_path(&file_of(&child).unwrap()) == child
                {
                    for p in paths_after(body) {
                        let mut target = here.clone();
                        target.extend(p);
                        out.push(Use {
                            line: n,
                            text: stmt.trim().to_string(),
                            target,
                        });
                    }
                }
            }
        }
    }
    out
}

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|&m| m == module)
}

fn all_files() -> Vec<PathBuf> {
    common::rust_files(&src())
}

fn rel(p: &Path) -> String {
    p.strip_prefix(src().parent().unwrap())
        .unwrap()
        .display()
        .to_string()
}

#[test]
fn every_module_of_src_has_a_layer() {
    let mut missing = Vec::new();
    for f in all_files() {
        let m = module_path(&f);
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        if m.is_empty() && ROOTS.contains(&name.as_str()) {
            continue;
        }
        if rank(&m[0]).is_none() {
            missing.push(format!("{}: module `{}` is in no layer", rel(&f), m[0]));
        }
    }
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "add each to LAYERS in tests/layers.rs and to docs/architecture.md:\n{}",
        missing.join("\n")
    );
}

#[test]
fn no_module_uses_a_module_above_it() {
    let mut bad = Vec::new();
    for f in all_files() {
        let from = module_path(&f);
        let Some(from_top) = from.first() else {
            continue; // lib.rs, main.rs
        };
        let Some(from_rank) = rank(from_top) else {
            continue; // reported by every_module_of_src_has_a_layer
        };
        for u in uses(&f) {
            let Some(to_top) = u.target.first() else {
                continue;
            };
            if to_top == from_top {
                continue;
            }
            match rank(to_top) {
                Some(r) if r < from_rank => {}
                Some(_) => bad.push(format!(
                    "{}:{}: `{from_top}` uses `{to_top}`, which is above it in the layer order\n    {}",
                    rel(&f),
                    u.line,
                    u.text
                )),
                None => {}
            }
        }
    }
    assert!(
        bad.is_empty(),
        "imports against the layer order of docs/architecture.md ({}):\n{}",
        LAYERS.join(" < "),
        bad.join("\n")
    );
}

#[test]
fn no_two_files_use_each_other() {
    let files = all_files();
    let mut g = DiGraph::<PathBuf, (usize, String)>::new();
    let mut node = BTreeMap::new();
    for f in &files {
        node.insert(f.clone(), g.add_node(f.clone()));
    }
    for f in &files {
        let from_mod = module_path(f);
        for u in uses(f) {
            let Some(to) = file_of(&u.target) else {
                continue;
            };
            if &to == f {
                continue;
            }
            // A module file wiring its own children (`mod x; x::build(…)`) is
            // the module's front door, not a dependency of the child's.
            let to_mod = module_path(&to);
            let child_of_from = to_mod.len() == from_mod.len() + 1 && to_mod.starts_with(&from_mod);
            let is_front_door = f
                .file_name()
                .is_some_and(|n| n == "mod.rs" || n == "lib.rs" || n == "main.rs");
            if is_front_door && child_of_from {
                continue;
            }
            g.add_edge(node[f], node[&to], (u.line, u.text.clone()));
        }
    }
    let mut circles = Vec::new();
    for scc in tarjan_scc(&g) {
        if scc.len() < 2 {
            continue;
        }
        let mut lines = Vec::new();
        for &a in &scc {
            for e in g.edges(a) {
                use petgraph::visit::EdgeRef;
                if scc.contains(&e.target()) {
                    let (line, text) = e.weight();
                    lines.push(format!(
                        "    {}:{line} uses {}: {text}",
                        rel(&g[a]),
                        rel(&g[e.target()])
                    ));
                }
            }
        }
        lines.sort();
        lines.dedup();
        circles.push(lines.join("\n"));
    }
    assert!(
        circles.is_empty(),
        "files that use each other, directly or round a circle:\n{}",
        circles.join("\n\n")
    );
}

/// The reader above must see what it claims to see, or the rules hold vacuously.
#[test]
fn the_reader_finds_grouped_nested_and_relative_uses() {
    assert_eq!(
        paths_after("{a::b, c::{d, e}}"),
        vec![
            vec!["a".to_string(), "b".to_string()],
            vec!["c".to_string()],
        ]
    );
    let csv = uses(&src().join("report/csv.rs"));
    let names = |u: &Use| u.target.join("::");
    assert!(
        csv.iter().any(|u| names(u) == "doc::PlanDoc"),
        "a plain use"
    );
    assert!(csv.iter().any(|u| names(u) == "model::family::Family"));
    // `use super::{…}` in a child file names modules of its parent.
    let tables = uses(&src().join("report/charts/capex.rs"));
    assert!(
        tables
            .iter()
            .any(|u| names(u).starts_with("report::charts::svg")),
        "a relative use"
    );
    let total: usize = all_files().iter().map(|f| uses(f).len()).sum();
    assert!(total > 300, "only {total} uses found in src/");
}
