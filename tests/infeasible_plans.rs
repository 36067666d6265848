//! Infeasible plans: every `tests/infeasible/*.yaml` is a valid plan that no
//! buildout can meet (its first comment says why). `capplan solve` must exit 3,
//! write nothing, and name on stderr the rule, the site (or SKU, run or budget)
//! and the period that fail, with the file and line that set the limit; stderr
//! is snapshotted (`tests/snapshots/infeasible_plans__<case>.snap`). The
//! elastic diagnosis is also run directly on each case — including those the
//! pre-solve check catches — and must name the same rule, place and period.
//!
//! After a deliberate change of wording: `INSTA_UPDATE=always cargo test --test
//! infeasible_plans`, then read every changed `.snap` before committing it.

mod common;

use std::process::Command;
use std::time::Instant;

use capplan::flow::pipeline::{diagnose_infeasible, solve_scenario, PipelineOptions};
use common::root;

struct Case {
    file: &'static str,
    /// Rule `capplan solve` names (pre-solve check or elastic model) and text it must show.
    cli_rule: &'static str,
    cli_shows: &'static [&'static str],
    /// Rule the elastic model names and text it must show.
    elastic_rule: &'static str,
    elastic_shows: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        file: "floor-above-power",
        cli_rule: "power-short",
        cli_shows: &[
            "site dry",
            "2026Q1",
            "catalog/sites.yaml:",
            "sites.dry.power[0].mw",
        ],
        elastic_rule: "power-short",
        elastic_shows: &[
            "site dry is 0.10 MW short",
            "2026Q1–2026Q4",
            "sites.dry.power[0].mw",
        ],
    },
    Case {
        file: "run-before-lead-time",
        cli_rule: "lead-time",
        cli_shows: &[
            "early-run",
            "2026Q1",
            "from 2026Q3",
            "tests/infeasible/run-before-lead-time.yaml:",
            "skus.toy_air.lead_time",
        ],
        elastic_rule: "training-run-short",
        elastic_shows: &[
            "`early-run`",
            "site dry in 2026Q1–2026Q2",
            "from 2026Q3",
            "start in 2026Q3",
        ],
    },
    Case {
        file: "budget-below-floor",
        cli_rule: "budget-short",
        cli_shows: &[
            "$3,000,000 short in 2026Q1",
            "finance.capex_budget[0].usd_per_period",
            "budget-below-floor.yaml:",
        ],
        elastic_rule: "budget-short",
        elastic_shows: &["$3,000,000 short in 2026Q1"],
    },
    Case {
        file: "overlapping-runs-over-power",
        cli_rule: "power-short",
        cli_shows: &[
            "site dry is 0.25 MW short",
            "2026Q2–2026Q4",
            "sites.dry.power[0].mw",
        ],
        elastic_rule: "power-short",
        elastic_shows: &["site dry is 0.25 MW short", "2026Q2–2026Q4"],
    },
    Case {
        file: "hall-too-late",
        cli_rule: "hall-space-short",
        cli_shows: &[
            "soon-run",
            "site slow",
            "2026Q2",
            "sites.slow.halls[0].it_mw",
        ],
        elastic_rule: "hall-space-short",
        elastic_shows: &["site slow is", "air hall space", "in 2026Q2"],
    },
    Case {
        file: "supply-short-for-run",
        cli_rule: "supply-short",
        cli_shows: &[
            "big-run",
            "2026Q2",
            "skus.toy_air.allocation[0].units_per_period",
        ],
        elastic_rule: "supply-short",
        elastic_shows: &["toy_air allocation is 10 units short in 2026Q2"],
    },
    Case {
        file: "hall-too-small",
        cli_rule: "hall-space-short",
        cli_shows: &["site tight", "2026Q1", "sites.tight.halls[0].it_mw"],
        elastic_rule: "hall-space-short",
        elastic_shows: &["site tight is 0.20 MW short", "2026Q1–2026Q4"],
    },
    Case {
        file: "run-above-demand",
        cli_rule: "demand-below-runs",
        cli_shows: &[
            "big-run",
            "2026Q2",
            "demand.h100e[1].h100e",
            "run-above-demand.yaml:",
        ],
        elastic_rule: "demand-below-runs",
        elastic_shows: &[
            "internal demand is 200 H100e in 2026Q2–2026Q3, 100 H100e less",
            "demand.h100e[1].h100e",
        ],
    },
];

fn path(case: &Case) -> String {
    format!("tests/infeasible/{}.yaml", case.file)
}

#[test]
fn every_case_file_is_listed() {
    let listed: Vec<String> = CASES.iter().map(|c| format!("{}.yaml", c.file)).collect();
    for f in common::yaml_files("tests/infeasible") {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        assert!(listed.contains(&name), "{name} has no entry in CASES");
    }
}

#[test]
fn solve_names_rule_place_and_period_and_exits_3() {
    for case in CASES {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out");
        let o = Command::new(env!("CARGO_BIN_EXE_capplan"))
            .current_dir(root())
            .args(["solve", &path(case), "--out", out.to_str().unwrap()])
            .output()
            .expect("capplan runs");
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(3), "{}: {err}", case.file);
        assert!(o.stdout.is_empty(), "{}: stdout", case.file);
        assert!(!out.exists(), "{}: wrote {}", case.file, out.display());
        assert!(!err.contains("panicked"), "{}: {err}", case.file);
        assert!(
            err.starts_with("the plan is infeasible"),
            "{}: {err}",
            case.file
        );
        let tag = format!("error[{}]", case.cli_rule);
        assert!(err.contains(&tag), "{}: no {tag} in\n{err}", case.file);
        for s in case.cli_shows {
            assert!(err.contains(s), "{}: no `{s}` in\n{err}", case.file);
        }
        insta::with_settings!({ description => case.file, omit_expression => true }, {
            insta::assert_snapshot!(case.file, err);
        });
    }
}

#[test]
fn elastic_model_names_rule_place_and_period() {
    for case in CASES {
        let p = root().join(path(case));
        let (loaded, _) = capplan::catalog::load_and_check(&p).expect("valid input");
        let sc = capplan::scenario::resolve(&loaded);
        let opts = PipelineOptions::default();
        assert!(
            matches!(
                solve_scenario(sc.clone(), &opts),
                Err(capplan::Error::Infeasible(_))
            ),
            "{}: not infeasible",
            case.file
        );
        let t = Instant::now();
        let d = diagnose_infeasible(&loaded, &sc, &opts).expect("a diagnosis");
        let took = t.elapsed();
        let text = d.to_string();
        eprintln!(
            "{}: elastic diagnosis in {:.3}s",
            case.file,
            took.as_secs_f64()
        );
        let tag = format!("error[{}]", case.elastic_rule);
        assert!(text.contains(&tag), "{}: no {tag} in\n{text}", case.file);
        for s in case.elastic_shows {
            assert!(text.contains(s), "{}: no `{s}` in\n{text}", case.file);
        }
    }
}
