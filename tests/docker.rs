//! The container image builds the way the README says capplan builds.
//!
//! Docker cannot run in this project's CI (no daemon, no registry), so this
//! checks the Dockerfile against the README as text: the build stage runs
//! the README's first step (`scripts/setup`) and a locked release build, the
//! image carries the binary with `plans/` and `catalogs/`, and the README
//! shows the commands that build and run it.

mod common;

use common::root;

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The Dockerfile's instructions, continuation lines joined.
fn instructions() -> Vec<String> {
    let text = read("Dockerfile");
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (body, more) = match line.strip_suffix('\\') {
            Some(b) => (b.trim(), true),
            None => (line, false),
        };
        if open {
            let last = out.last_mut().expect("a continued instruction");
            last.push(' ');
            last.push_str(body);
        } else {
            out.push(body.to_string());
        }
        open = more;
    }
    out
}

#[test]
fn the_image_builds_with_the_readmes_first_step() {
    let readme = read("README.md");
    let first = readme
        .lines()
        .find(|l| l.contains("cargo run --release -- solve"))
        .expect("the README's first command");
    let setup = first.split("&&").next().expect("a first step").trim();
    assert_eq!(setup, "scripts/setup", "README: {first}");
    let steps = instructions();
    let run = steps
        .iter()
        .find(|s| s.starts_with("RUN ") && s.contains("cargo build"))
        .expect("a RUN that builds capplan");
    assert!(
        run.starts_with(&format!("RUN {setup} &&")),
        "the build stage must run the README's `{setup}` first: {run}"
    );
    assert!(run.contains("cargo build --release --locked"), "{run}");
}

#[test]
fn the_image_carries_the_binary_plans_and_catalogs() {
    let steps = instructions();
    let froms = steps.iter().filter(|s| s.starts_with("FROM ")).count();
    assert_eq!(froms, 2, "a build stage and a slim run stage: {steps:#?}");
    for want in [
        "COPY --from=build /src/target/release/capplan /usr/local/bin/capplan",
        "COPY plans/ plans/",
        "COPY catalogs/ catalogs/",
        "ENTRYPOINT [\"capplan\"]",
    ] {
        assert!(
            steps.iter().any(|s| s == want),
            "missing `{want}`: {steps:#?}"
        );
    }
    // Everything the image copies exists in the repository.
    for dir in ["plans", "catalogs", "scripts/setup"] {
        assert!(root().join(dir).exists(), "{dir}");
    }
}

#[test]
fn the_readme_shows_how_to_build_and_run_the_image() {
    let readme = read("README.md");
    assert!(
        readme.contains("docker build -t capplan"),
        "README: docker build"
    );
    assert!(
        readme.contains("docker run") && readme.contains("solve plans/colossus.yaml"),
        "README: docker run … solve plans/colossus.yaml"
    );
    let scale_out = read("docs/scale-out.md");
    assert!(
        scale_out.contains("image: capplan:"),
        "docs/scale-out.md names the image"
    );
}
