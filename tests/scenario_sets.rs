//! Scenario sets (docs/scenario-sets.md): the hand case
//! tests/cases/scenario-sets/flex-or-commit.yaml checked to 1e-6 (expected
//! NPV, EVPI, VSS, CVaR), metamorphic checks against plain solves, every
//! branch verified, and bad set files refused with located messages (exit 2).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use capplan::flow::pipeline::{solve_plan, PipelineOptions};
use capplan::flow::scenarios::{solve_set, SetOptions, SetSolved};
use capplan::model::extensive::Cvar;

fn case(name: &str) -> PathBuf {
    common::root().join("tests/cases/scenario-sets").join(name)
}

fn close(what: &str, got: f64, want: f64, rel: f64) {
    let err = (got - want).abs() / want.abs().max(1.0);
    assert!(
        err <= rel,
        "{what}: got {got}, want {want} (rel err {err:e})"
    );
}

fn solve(plan: &Path, set: &Path, risk: Option<Cvar>, values: bool) -> SetSolved {
    let so = SetOptions {
        pipeline: PipelineOptions::default(),
        risk,
        whatifs: Vec::new(),
        values,
    };
    solve_set(plan, set, &so).unwrap_or_else(|e| panic!("{}: {e}", set.display()))
}

fn branch<'a>(s: &'a SetSolved, name: &str) -> &'a capplan::doc::scenario_set::BranchDoc {
    s.doc.branches.iter().find(|b| b.name == name).expect(name)
}

/// Writes a set file into `dir` and returns its path.
fn write_set(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("set file");
    p
}

#[test]
fn hand_case_flex_or_commit() {
    let s = solve(
        &case("flex-or-commit.yaml"),
        &case("flex-or-commit.set.yaml"),
        None,
        true,
    );
    assert_eq!(s.doc.solver.status, "optimal");
    close(
        "boom NPV",
        branch(&s, "boom").metrics.npv_usd,
        2_803_200.0,
        1e-6,
    );
    close(
        "bust NPV",
        branch(&s, "bust").metrics.npv_usd,
        963_600.0,
        1e-6,
    );
    close("expected NPV", s.doc.expected_npv_usd, 1_423_500.0, 1e-6);
    close(
        "expected objective",
        s.doc.expected_objective_usd,
        1_423_500.0,
        1e-6,
    );
    close(
        "extensive objective",
        s.doc.solver.objective_usd,
        1_423_500.0,
        1e-6,
    );
    close(
        "boom alone",
        branch(&s, "boom").alone_objective_usd.unwrap(),
        2_803_200.0,
        1e-6,
    );
    close(
        "bust alone",
        branch(&s, "bust").alone_objective_usd.unwrap(),
        1_051_200.0,
        1e-6,
    );
    close("EVPI", s.doc.evpi_usd.unwrap(), 65_700.0, 1e-6);
    let vss = s.doc.vss.as_ref().expect("VSS");
    close(
        "average future's plan, expected",
        vss.expected_objective_usd.expect("feasible"),
        1_051_200.0,
        1e-6,
    );
    close("VSS", vss.vss_usd.unwrap(), 372_300.0, 1e-6);
    // The shared decisions: both branches take 10 nodes in 2026Q1 and sign
    // no 1y lease in 2026Q1.
    for b in &s.branches {
        let q1_long: f64 = b
            .plan
            .leases
            .iter()
            .filter(|l| l.start == "2026Q1" && l.tenor == "1y")
            .map(|l| l.gpus)
            .sum();
        assert!(q1_long.abs() < 1e-6, "{}: {q1_long}", b.name);
    }
    assert!(s.doc.shared.rows > 0);
}

#[test]
fn cvar_moves_the_plan_towards_the_bad_branch() {
    let plan = case("flex-or-commit.yaml");
    let set = case("flex-or-commit.set.yaml");
    let neutral = solve(&plan, &set, None, false);
    let mut last_cvar = f64::NEG_INFINITY;
    for (lambda, e, c) in [
        (0.0, 1_423_500.0, 963_600.0),
        (0.5, 1_423_500.0, 963_600.0),
        (1.0, 1_051_200.0, 1_051_200.0),
    ] {
        let s = solve(&plan, &set, Some(Cvar { alpha: 0.5, lambda }), false);
        let r = s.doc.risk.as_ref().expect("risk");
        close(
            &format!("E at λ={lambda}"),
            s.doc.expected_objective_usd,
            e,
            1e-6,
        );
        close(&format!("CVaR at λ={lambda}"), r.cvar_usd, c, 1e-6);
        // Metamorphic: risk aversion never raises the expected objective
        // above the risk-neutral one, and raising λ never lowers the CVaR.
        assert!(s.doc.expected_objective_usd <= neutral.doc.expected_objective_usd + 1e-3);
        assert!(r.cvar_usd >= last_cvar - 1e-3, "λ={lambda}");
        last_cvar = r.cvar_usd;
    }
}

#[test]
fn one_branch_of_probability_one_is_a_plain_solve() {
    let dir = tempfile::tempdir().expect("temp dir");
    for plan in [
        "lead-time.yaml",
        "lease-holds-for-tenor.yaml",
        "overlapping-runs.yaml",
    ] {
        let plan = common::root().join("tests/cases").join(plan);
        let plain = solve_plan(&plan, &PipelineOptions::default()).expect("plain solve");
        let set = write_set(
            dir.path(),
            "one.yaml",
            "name: one\ndecide_by: 2026Q2\nbranches:\n  - { name: only, probability: 1.0 }\n",
        );
        let s = solve(&plan, &set, None, true);
        let got = s.doc.expected_objective_usd;
        let want = plain.plan.solver.objective_usd;
        close(&format!("{}: objective", plan.display()), got, want, 1e-9);
        close("EVPI is zero", s.doc.evpi_usd.unwrap(), 0.0, 1e-9);
        // The branch's plan is the plain plan's, metric for metric.
        assert_eq!(
            s.branches[0].plan.metrics,
            plain.plan.metrics,
            "{}",
            plan.display()
        );
    }
}

#[test]
fn identical_branches_are_a_plain_solve() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = case("flex-or-commit.yaml");
    let plain = solve_plan(&plan, &PipelineOptions::default()).expect("plain solve");
    let set = write_set(
        dir.path(),
        "same.yaml",
        "name: same\ndecide_by: 2026Q3\nbranches:\n  - { name: a, probability: 0.3 }\n  - { name: b, probability: 0.3 }\n  - { name: c, probability: 0.4 }\n",
    );
    let s = solve(&plan, &set, None, true);
    close(
        "expected objective",
        s.doc.expected_objective_usd,
        plain.plan.solver.objective_usd,
        1e-9,
    );
    for b in &s.doc.branches {
        close(
            &b.name,
            b.objective_usd,
            plain.plan.solver.objective_usd,
            1e-9,
        );
    }
    close("EVPI", s.doc.evpi_usd.unwrap(), 0.0, 1e-9);
}

fn capplan() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_capplan"));
    c.env("NO_COLOR", "1");
    c
}

/// `capplan solve` of the hand case with its scenario set, writing to `out`.
fn set_solve(out: &Path) -> Command {
    let mut c = capplan();
    c.arg("solve")
        .arg(case("flex-or-commit.yaml"))
        .arg("--scenarios")
        .arg(case("flex-or-commit.set.yaml"))
        .arg("--out")
        .arg(out);
    c
}

/// Runs `c` and fails with its stderr unless it exits 0.
fn run_ok(c: &mut Command) -> Output {
    let out = c.output().expect("capplan runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn bad_set_files_exit_2_located() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(case("bust.yaml"), dir.path().join("bust.yaml")).expect("copy");
    let plan = case("flex-or-commit.yaml");
    let cases = [
        (
            "sum.yaml",
            "name: s\ndecide_by: 2026Q2\nbranches:\n  - { name: a, probability: 0.5 }\n  - { name: b, probability: 0.4, whatifs: [bust.yaml] }\n",
            vec!["set-probabilities-sum", "sum to 0.9", "sum.yaml:3:", "branches"],
        ),
        (
            "dup.yaml",
            "name: s\ndecide_by: 2026Q2\nbranches:\n  - name: a\n    probability: 0.5\n  - name: a\n    probability: 0.5\n",
            vec!["set-duplicate-branch", "dup.yaml:6:", "branches[1].name"],
        ),
        (
            "missing.yaml",
            "name: s\ndecide_by: 2026Q2\nbranches:\n  - name: a\n    probability: 1\n    whatifs: [nope.yaml]\n",
            vec!["set-missing-whatif", "missing.yaml:6:", "branches[0].whatifs[0]", "relative to the scenario set file"],
        ),
        (
            "empty.yaml",
            "name: s\ndecide_by: 2026Q2\nbranches: []\n",
            vec!["set-no-branch", "empty.yaml:3:"],
        ),
        (
            "typo.yaml",
            "name: s\ndecide_by: 2026Q2\nbranches:\n  - name: a\n    probabilty: 1\n",
            vec!["probabilty", "typo.yaml:5:", "did you mean `probability`"],
        ),
        (
            "horizon.yaml",
            "name: s\ndecide_by: 2031Q1\nbranches:\n  - { name: a, probability: 1 }\n",
            vec!["set-decide-by", "horizon.yaml:2:", "2026Q1–2026Q4"],
        ),
        (
            "negative.yaml",
            "name: s\ndecide_by: 2026Q2\nbranches:\n  - { name: a, probability: -0.5 }\n  - { name: b, probability: 1.5 }\n",
            vec!["set-probability", "branches[0].probability"],
        ),
    ];
    for (file, text, wants) in cases {
        let set = write_set(dir.path(), file, text);
        let out = capplan()
            .args(["solve"])
            .arg(&plan)
            .arg("--scenarios")
            .arg(&set)
            .arg("--out")
            .arg(dir.path().join("out"))
            .output()
            .expect("capplan runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}: {err}");
        for w in wants {
            assert!(err.contains(w), "{file}: `{w}` not in\n{err}");
        }
    }
}

#[test]
fn cli_writes_every_branch_and_the_set() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run_ok(&mut set_solve(dir.path()));
    let text = String::from_utf8_lossy(&out.stdout);
    for w in [
        "boom",
        "bust",
        "expected NPV $1,423,500",
        "EVPI $65,700",
        "VSS $372,300",
    ] {
        assert!(text.contains(w), "`{w}` not in\n{text}");
    }
    for b in ["boom", "bust"] {
        for f in ["plan.json", "plan.csv", "report.html"] {
            let p = dir.path().join("branches").join(b).join(f);
            assert!(p.is_file(), "{}", p.display());
        }
        // Every branch's plan.json reads back and passes the verifier against
        // its own scenario (the plan with the branch's what-ifs).
        let doc = capplan::doc::read_plan(&dir.path().join("branches").join(b).join("plan.json"))
            .expect("plan.json reads");
        let whatifs: Vec<PathBuf> = if b == "bust" {
            vec![case("bust.yaml")]
        } else {
            vec![]
        };
        let (sc, _) =
            capplan::flow::pipeline::load_scenario_with(&case("flex-or-commit.yaml"), &whatifs)
                .expect("loads");
        assert!(capplan::verify::verify(&sc, &doc).is_empty(), "{b}");
    }
    // The top-level plan.json: the most probable branch (bust, p 0.75) with
    // the set's section, read back through the one reader.
    let top = capplan::doc::read_plan(dir.path()).expect("plan.json reads");
    assert_eq!(top.schema_version, 2);
    let set = top.scenario_set.as_ref().expect("scenario_set section");
    assert_eq!(set.shown_branch, "bust");
    assert_eq!(set.branches.len(), 2);
    assert_eq!(top.metrics, set.branches[1].metrics);
    close(
        "CVaR90 of NPV (the bust branch)",
        set.cvar_npv_usd,
        963_600.0,
        1e-9,
    );
    // Here and now (before 2026Q2): the 10 nodes delivered in 2026Q1 and
    // the 80 GPUs on one-quarter leases; no 1y lease.
    let h = &set.here_and_now;
    assert_eq!(h.deliveries.len(), 1);
    close("units delivered", h.deliveries[0].units, 10.0, 1e-9);
    let q1: f64 = h.leases.iter().map(|l| l.gpus).sum();
    close("GPUs leased 2026Q1", q1, 80.0, 1e-9);
    assert!(h.leases.iter().all(|l| l.tenor == "1q"), "{:?}", h.leases);
    assert!(!dir.path().join("scenarios.json").exists());
    assert!(dir.path().join("run.json").is_file());
    for f in [
        "report.html",
        "charts/set-npv-distribution.svg",
        "charts/set-lease-split.svg",
    ] {
        assert!(dir.path().join(f).is_file(), "{f}");
    }
}

/// `capplan report DIR` redraws the set's section from plan.json alone: the
/// same report.html, report.md and set charts as `solve` wrote.
#[test]
fn report_redraws_the_set_from_plan_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    run_ok(set_solve(dir.path()).arg("-q"));
    let files = [
        "report.html",
        "report.md",
        "charts/set-npv-distribution.svg",
        "charts/set-lease-split.svg",
    ];
    let solved = files.map(|f| std::fs::read(dir.path().join(f)).expect(f));
    let again = tempfile::tempdir().expect("temp dir");
    std::fs::copy(dir.path().join("plan.json"), again.path().join("plan.json")).expect("copy");
    run_ok(capplan().arg("report").arg(again.path()));
    for (f, want) in files.iter().zip(&solved) {
        let got = std::fs::read(again.path().join(f)).expect(f);
        assert!(&got == want, "{f} differs when redrawn from plan.json");
    }
    let html = String::from_utf8_lossy(&solved[0]);
    for w in [
        "Scenario set boom-or-bust",
        "Expected NPV",
        "$1,423,500",
        "CVaR90 of NPV",
        "EVPI",
        "$65,700",
        "VSS",
        "$372,300",
        "Leased share of GPU-hours: 25.0% (boom) to 100.0% (bust)",
        "Here and now",
        "Headline of branch bust",
    ] {
        assert!(html.contains(w), "`{w}` not in report.html");
    }
    // The NPV distribution: a step CDF with a riser per branch (2 + 2·2
    // vertices) and the expected NPV and the CVaR marked.
    let svg = String::from_utf8_lossy(&solved[2]);
    let cdf = svg
        .lines()
        .find(|l| l.contains("<polyline") && l.contains("stroke-width=\"2.5\""))
        .expect("the CDF");
    let points = cdf
        .split("points=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert_eq!(points.split(' ').count(), 6, "{cdf}");
    assert!(
        svg.contains("E[NPV] $1,423,500") && svg.contains("CVaR90 $963,600"),
        "{svg}"
    );
    assert!(
        svg.contains("boom (25.0%)") && svg.contains("bust (75.0%)"),
        "{svg}"
    );
}

/// plan.json of schema version 1 (before the set's section) still reads; a
/// version this capplan does not know is refused, located.
#[test]
fn plan_json_versions_1_and_2_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    run_ok(
        &mut capplan()
            .arg("solve")
            .arg(case("flex-or-commit.yaml"))
            .arg("--out")
            .arg(dir.path())
            .arg("-q"),
    );
    let text = std::fs::read_to_string(dir.path().join("plan.json")).expect("plan.json");
    assert!(text.contains("\"schema_version\": 2") && !text.contains("scenario_set"));
    for (v, ok) in [(1, true), (2, true), (3, false)] {
        let p = dir.path().join(format!("v{v}.json"));
        std::fs::write(
            &p,
            text.replace("\"schema_version\": 2", &format!("\"schema_version\": {v}")),
        )
        .expect("write");
        let read = capplan::doc::read_plan(&p);
        assert_eq!(
            read.is_ok(),
            ok,
            "version {v}: {:?}",
            read.err().map(|e| e.to_string())
        );
    }
}

/// Same input, same output: the top-level plan.json and every branch's plan.json are
/// the same bytes from run to run (timings go to run.json only).
#[test]
fn the_set_files_are_the_same_byte_for_byte() {
    let run = || {
        let dir = tempfile::tempdir().expect("temp dir");
        run_ok(set_solve(dir.path()).arg("-q"));
        [
            "plan.json",
            "branches/boom/plan.json",
            "branches/bust/plan.json",
        ]
        .map(|f| std::fs::read(dir.path().join(f)).unwrap_or_else(|e| panic!("{f}: {e}")))
    };
    assert_eq!(run(), run());
}

/// VSS for a set whose branches shift a date: the average future takes the
/// most probable date (docs/scenario-sets.md). flex-or-commit.yaml with the
/// lab's demand a quarter late (from 2026Q3) in branch `late`. Per GPU
/// (H = 2,190 h a quarter): in `late`, flex is a 1q lease in Q1 and Q2
/// (2 × 2,190) and training in Q3–Q4 (2 × 10,950) = $26,280, against
/// $13,140 committed (a 1y lease from Q1), so both branches flex whatever
/// the date: expected NPV 0.25 × 80 × 35,040 + 0.75 × 80 × 26,280 =
/// 700,800 + 1,576,800 = $2,277,600, and the average future (late, the
/// more probable) flexes too: VSS 0. The definition names the date chosen.
#[test]
fn vss_with_a_shifted_date_takes_the_most_probable_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("late.yaml"),
        "name: late\nedits:\n  - shift: demand.h100e[2026Q2].from\n    by: +1q\n",
    )
    .expect("what-if");
    std::fs::write(
        dir.path().join("two.yaml"),
        "name: two\nedits:\n  - set: market.internal_value_usd_per_h100e_hr\n    to: 2\n",
    )
    .expect("what-if");
    std::fs::copy(case("bust.yaml"), dir.path().join("bust.yaml")).expect("copy");
    let plan = case("flex-or-commit.yaml");
    for (p_late, chosen) in [
        (0.75, "demand.h100e[2026Q2].from shifted by 1q (p 75.0%)"),
        (0.25, "demand.h100e[2026Q2].from as in the plan (p 75.0%)"),
    ] {
        let set = write_set(
            dir.path(),
            "late-set.yaml",
            &format!(
                "name: l\ndecide_by: 2026Q2\nbranches:\n  - {{ name: boom, probability: {} }}\n  - {{ name: late, probability: {p_late}, whatifs: [late.yaml] }}\n",
                1.0 - p_late
            ),
        );
        let s = solve(&plan, &set, None, true);
        let vss = s.doc.vss.as_ref().expect("VSS");
        assert!(vss.definition.contains(chosen), "{}", vss.definition);
        close(
            &format!("VSS at p(late) {p_late}"),
            vss.vss_usd.expect("defined"),
            0.0,
            1e-6,
        );
        if p_late == 0.75 {
            close("expected NPV", s.doc.expected_npv_usd, 2_277_600.0, 1e-6);
            close(
                "late NPV",
                branch(&s, "late").metrics.npv_usd,
                2_102_400.0,
                1e-6,
            );
        }
    }
    // A number scaled in one branch and set in another has no average: n/a, said why.
    let set = write_set(
        dir.path(),
        "mixed.yaml",
        "name: m\ndecide_by: 2026Q2\nbranches:\n  - { name: a, probability: 0.5, whatifs: [bust.yaml] }\n  - { name: b, probability: 0.5, whatifs: [two.yaml] }\n",
    );
    let s = solve(&plan, &set, None, true);
    let vss = s.doc.vss.as_ref().expect("VSS");
    assert!(vss.vss_usd.is_none());
    assert!(
        vss.definition.contains(
            "market.internal_value_usd_per_h100e_hr is edited as a number in one branch and set"
        ),
        "{}",
        vss.definition
    );
}

/// The shipped set's `late-abilene` branch gives nearly the plan of
/// `stable` (docs/scenario-sets.md, "Why late-abilene looks like stable"):
/// not because its what-if is lost — Abilene has 200 MW in 2027Q1–Q2 in
/// that branch and 600 MW in `stable` — but because hall space, not power,
/// binds at Abilene. Metamorphic: less power never raises a branch's
/// objective when the early decisions are shared.
#[test]
fn late_abilene_has_its_tranche_late_and_never_gains() {
    let so = SetOptions {
        pipeline: PipelineOptions {
            relax: true,
            ..Default::default()
        },
        risk: None,
        whatifs: Vec::new(),
        values: false,
    };
    let root = common::root();
    let s = solve_set(
        &root.join("plans/neocloud-pivot.yaml"),
        &root.join("plans/scenarios/lease-price-paths.yaml"),
        &so,
    )
    .expect("the shipped set solves");
    let plan = |name: &str| &s.branches.iter().find(|b| b.name == name).expect(name).plan;
    let power = |name: &str, period: &str| {
        plan(name)
            .site_periods
            .iter()
            .find(|p| p.site == "abilene" && p.period == period)
            .expect("abilene period")
            .power_available_mw
    };
    for (period, stable, late) in [
        ("2026Q4", 200.0, 200.0),
        ("2027Q1", 600.0, 200.0),
        ("2027Q2", 600.0, 200.0),
        ("2027Q3", 600.0, 600.0),
    ] {
        close(
            &format!("stable {period}"),
            power("stable", period),
            stable,
            1e-9,
        );
        close(
            &format!("late-abilene {period}"),
            power("late-abilene", period),
            late,
            1e-9,
        );
    }
    assert!(
        plan("late-abilene").solver.objective_usd <= plan("stable").solver.objective_usd + 1.0,
        "a late tranche raised the objective"
    );
}

fn supply_price(s: &SetSolved, b: &str, period: &str) -> Option<f64> {
    let plan = &s.branches.iter().find(|x| x.name == b).expect(b).plan;
    plan.shadow_prices
        .supply
        .iter()
        .find(|p| p.period == period)
        .map(|p| p.usd_per_unit)
}

/// Branch shadow prices under a MILP and under CVaR: the extensive form's
/// duals (of its LP with the yes/no columns fixed, for a MILP) divided by the
/// branch's weight in the objective, (1 − λ)·p_b + μ_b. With λ = 0 they are
/// the risk-neutral prices. With λ = 1 and α = 0.5 the objective is `bust`
/// alone (weight 1, `boom` 0: no prices): the plan commits, and one more
/// node in 2026Q1 is 8 more GPUs on a 1y lease, 8 × 4 × $3,285 = $105,120.
#[test]
fn branch_shadow_prices_under_milp_and_cvar() {
    let plan = case("flex-or-commit.yaml");
    let set = case("flex-or-commit.set.yaml");
    let neutral = solve(&plan, &set, None, false);
    let zero = solve(
        &plan,
        &set,
        Some(Cvar {
            alpha: 0.5,
            lambda: 0.0,
        }),
        false,
    );
    for b in ["boom", "bust"] {
        let basis = |s: &SetSolved| {
            s.branches
                .iter()
                .find(|x| x.name == b)
                .unwrap()
                .plan
                .shadow_prices
                .basis
                .clone()
        };
        assert_eq!(basis(&neutral).as_deref(), Some("fixed_binaries"), "{b}");
        for t in ["2026Q1", "2026Q2", "2026Q3", "2026Q4"] {
            let (n, z) = (supply_price(&neutral, b, t), supply_price(&zero, b, t));
            close(
                &format!("{b} {t}: λ = 0 prices"),
                z.expect("priced"),
                n.expect("priced"),
                1e-9,
            );
        }
    }
    let one = solve(
        &plan,
        &set,
        Some(Cvar {
            alpha: 0.5,
            lambda: 1.0,
        }),
        false,
    );
    close(
        "bust's 2026Q1 supply price at λ = 1",
        supply_price(&one, "bust", "2026Q1").expect("priced"),
        105_120.0,
        1e-6,
    );
    assert_eq!(
        supply_price(&one, "boom", "2026Q1"),
        None,
        "boom has weight 0"
    );
}

/// A MILP's EVPI or VSS smaller than its gap tolerance is said to be 0 to
/// the solver's precision, not printed bare (a VSS of -$1.0M at a 0.01% gap
/// on $12B is no loss). The hand case: 1e-4 × $1,423,500 = $142.35.
#[test]
fn values_within_the_mip_gap_are_said_to_be() {
    let mut s = solve(
        &case("flex-or-commit.yaml"),
        &case("flex-or-commit.set.yaml"),
        None,
        true,
    );
    close(
        "tolerance",
        s.doc.gap_tolerance_usd.expect("a MILP"),
        142.35,
        1e-9,
    );
    let v = s.doc.vss.clone().expect("VSS");
    let said = capplan::report::scenario_set::vss_sentence(&s.doc, &v);
    assert!(!said.contains("within the MIP gap"), "{said}");
    s.doc.gap_tolerance_usd = Some(400_000.0);
    let said = capplan::report::scenario_set::vss_sentence(&s.doc, &v);
    assert!(
        said.contains("VSS $372,300 (within the MIP gap's ±$400,000 of 0"),
        "{said}"
    );
}
