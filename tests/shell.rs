//! `capplan completions bash|zsh|fish` and `capplan man`: each names every
//! subcommand `capplan --help` lists, and the scripts parse in their shell
//! where that shell is installed (`bash -n`, `zsh -n`, `fish -n`).

mod common;

use std::process::{Command, Output};

use common::root;

fn capplan(args: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_capplan"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("capplan runs");
    assert!(
        o.status.success(),
        "capplan {args:?}: exit {:?}\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// The subcommands `capplan --help` lists (without `help`).
fn subcommands() -> Vec<String> {
    let help = String::from_utf8(capplan(&["--help"]).stdout).unwrap();
    let list: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    assert!(list.len() >= 10, "{list:?}");
    assert!(list.iter().any(|c| c == "completions") && list.iter().any(|c| c == "man"));
    list
}

/// Runs `shell -n FILE` if the shell is installed; None if it is not.
fn parses(shell: &str, script: &[u8]) -> Option<Output> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("capplan.completion");
    std::fs::write(&file, script).unwrap();
    Command::new(shell).arg("-n").arg(&file).output().ok()
}

#[test]
fn completions_name_every_subcommand_and_parse() {
    let subs = subcommands();
    for shell in ["bash", "zsh", "fish"] {
        let o = capplan(&["completions", shell]);
        let script = String::from_utf8(o.stdout.clone()).expect("UTF-8");
        assert!(
            script.contains("capplan"),
            "{shell}: no capplan in the script"
        );
        for s in &subs {
            assert!(script.contains(s.as_str()), "{shell}: no {s}");
        }
        // Options of a subcommand are completed too.
        assert!(script.contains("relax"), "{shell}: no --relax");
        match parses(shell, &o.stdout) {
            Some(p) => assert!(
                p.status.success(),
                "{shell} -n: {}",
                String::from_utf8_lossy(&p.stderr)
            ),
            None => eprintln!("{shell} not installed: script not parsed"),
        }
    }
    let o = Command::new(env!("CARGO_BIN_EXE_capplan"))
        .args(["completions", "powershell-7"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn man_page_is_roff_naming_every_subcommand() {
    let o = capplan(&["man"]);
    let page = String::from_utf8(o.stdout).expect("UTF-8");
    assert!(
        page.starts_with(".ie") || page.contains(".TH capplan"),
        "{page}"
    );
    assert!(page.contains(".TH capplan 1"), "no title header");
    assert!(page.contains(".SH NAME") && page.contains(".SH SYNOPSIS"));
    for s in subcommands() {
        assert!(page.contains(&s), "man page lacks {s}");
    }
}
