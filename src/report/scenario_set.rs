//! A solved scenario set as people read it, from plan.json's `scenario_set`
//! section alone: the terminal summary ([`summary`]), and the figures,
//! tables and sentences report.html and report.md show ([`figures`],
//! [`branch_table`], [`here_and_now_table`], [`split_sentence`],
//! [`vss_sentence`]). The charts are in `charts::scenario_set`.

use std::collections::BTreeMap;

use super::table::Table;
use super::tables::Headline;
use crate::doc::scenario_set::{ScenarioSetDoc, VssDoc};
use crate::units;

/// Money as the set's size reads best: to the dollar for small plans (the
/// hand cases), in $M/$B for the shipped ones.
pub(crate) fn money_for(doc: &ScenarioSetDoc) -> impl Fn(f64) -> String {
    let big = doc
        .branches
        .iter()
        .any(|b| b.metrics.npv_usd.abs().max(b.objective_usd.abs()) >= 1e8);
    move |x| {
        if big {
            units::money(x)
        } else {
            units::money_exact(x)
        }
    }
}

/// `CVaR90`: the CVaR's name at the section's level.
pub fn cvar_name(doc: &ScenarioSetDoc) -> String {
    format!("CVaR{}", units::fixed(100.0 * doc.cvar_alpha, 0))
}

/// One line: what the set is and what was maximised.
pub fn heading(doc: &ScenarioSetDoc) -> String {
    format!(
        "{} × {}: {} branches, decisions before {} shared ({} ties), {}",
        doc.plan,
        doc.set,
        doc.branches.len(),
        doc.decide_by,
        doc.shared.rows,
        match &doc.risk {
            None => "maximising expected NPV".to_string(),
            Some(r) => format!(
                "maximising (1−{l})·E + {l}·CVaR{a} of the objective",
                l = r.lambda,
                a = r.alpha
            ),
        }
    )
}

/// The branches side by side: probability, NPV, how the GPUs split between
/// leasing and training, and each branch planned alone.
pub fn branch_table(doc: &ScenarioSetDoc) -> Table {
    let m = money_for(doc);
    let mut t = Table::new(
        "scenario-branches",
        "Branches",
        &[
            ("branch", false),
            ("p", true),
            ("NPV", true),
            ("objective", true),
            ("leased", true),
            ("GPUs leased", true),
            ("GPUs internal", true),
            ("lease revenue", true),
            ("internal value", true),
            ("capex", true),
            ("alone", true),
        ],
    );
    for b in &doc.branches {
        let x = &b.metrics;
        t.rows.push(vec![
            b.name.clone(),
            units::pct(b.probability),
            m(x.npv_usd),
            m(b.objective_usd),
            units::pct(x.leased_share),
            units::count(x.gpus_leased_end as f64),
            units::count(x.gpus_internal_end as f64),
            m(x.lease_revenue_usd),
            m(x.internal_value_usd),
            m(x.capex_usd),
            b.alone_objective_usd.map_or("—".into(), &m),
        ]);
    }
    t.note = Some(
        "Objective: NPV less the unmet-demand penalty. Leased: share of GPU-hours leased out. GPUs: at the horizon end. Alone: the branch's best objective, had it been known now. Each branch's own report: branches/<name>/report.html."
            .into(),
    );
    t
}

/// The set's value figures as cards: expected NPV, CVaR, EVPI, VSS.
pub fn figures(doc: &ScenarioSetDoc) -> Vec<Headline> {
    let m = money_for(doc);
    let worst = 100.0 * (1.0 - doc.cvar_alpha);
    let mut out = vec![
        Headline {
            label: "Expected NPV".into(),
            value: m(doc.expected_npv_usd),
            detail: format!("objective {}", m(doc.expected_objective_usd)),
        },
        Headline {
            label: format!("{} of NPV", cvar_name(doc)),
            value: m(doc.cvar_npv_usd),
            detail: format!("mean NPV of the worst {}%", units::fixed(worst, 0)),
        },
    ];
    if let Some(evpi) = doc.evpi_usd {
        out.push(Headline {
            label: "EVPI".into(),
            value: m(evpi),
            detail: format!(
                "what knowing the branch now would be worth{}",
                within_gap(doc, evpi)
            ),
        });
    }
    if let Some(v) = &doc.vss {
        out.push(Headline {
            label: "VSS".into(),
            value: v.vss_usd.map_or("n/a".into(), &m),
            detail: format!(
                "this plan against the average future's{}",
                v.vss_usd.map_or(String::new(), |x| within_gap(doc, x))
            ),
        });
    }
    out
}

/// ", within the MIP gap (±$1.2M) of 0" when a value is that small.
pub fn within_gap(doc: &ScenarioSetDoc, x: f64) -> String {
    match doc.gap_tolerance_usd {
        Some(t) if x.abs() <= t => format!(
            " (within the MIP gap's ±{} of 0: no difference to the solver's precision)",
            money_for(doc)(t)
        ),
        _ => String::new(),
    }
}

/// What VSS is here, or why there is none.
pub fn vss_sentence(doc: &ScenarioSetDoc, v: &VssDoc) -> String {
    let m = money_for(doc);
    match (v.vss_usd, v.expected_objective_usd) {
        (Some(vss), Some(ev)) => format!(
            "VSS {}{}: this plan's expected objective less that of the plan for the average future ({}), whose early decisions, fixed in each branch, expect {}.",
            m(vss),
            within_gap(doc, vss),
            v.definition,
            m(ev)
        ),
        _ if !v.infeasible_branches.is_empty() => format!(
            "VSS n/a: the average future's early decisions are infeasible in {} ({}).",
            v.infeasible_branches.join(", "),
            v.definition
        ),
        _ => format!("VSS n/a: {}.", v.definition),
    }
}

/// How the lease/training split moves from branch to branch, in a sentence.
pub fn split_sentence(doc: &ScenarioSetDoc) -> String {
    let by = |f: &dyn Fn(f64, f64) -> bool| {
        let mut best = &doc.branches[0];
        for b in &doc.branches {
            if f(b.metrics.leased_share, best.metrics.leased_share) {
                best = b;
            }
        }
        best
    };
    let (lo, hi) = (by(&|a, b| a < b), by(&|a, b| a > b));
    let expected: f64 = doc
        .branches
        .iter()
        .map(|b| b.probability * b.metrics.leased_share)
        .sum();
    format!(
        "Leased share of GPU-hours: {} ({}) to {} ({}), {} expected; GPUs leased at the end {} to {}.",
        units::pct(lo.metrics.leased_share),
        lo.name,
        units::pct(hi.metrics.leased_share),
        hi.name,
        units::pct(expected),
        units::count(lo.metrics.gpus_leased_end as f64),
        units::count(hi.metrics.gpus_leased_end as f64),
    )
}

/// The here-and-now decisions, summed per kind, site and what.
pub fn here_and_now_table(doc: &ScenarioSetDoc) -> Table {
    let mut t = Table::new(
        "here-and-now",
        "Here and now: decided before the branches part",
        &[
            ("decision", false),
            ("site", false),
            ("what", false),
            ("amount", true),
        ],
    );
    let h = &doc.here_and_now;
    let mut sums: BTreeMap<(&str, String, String), f64> = BTreeMap::new();
    for d in &h.deliveries {
        *sums
            .entry((
                "hardware ordered (units)",
                d.site.clone(),
                format!("{} delivered {}", d.sku, d.period),
            ))
            .or_default() += d.units;
    }
    for l in &h.leases {
        *sums
            .entry((
                "lease signed (GPUs)",
                l.site.clone(),
                format!("{} {} from {}", l.sku, l.tenor, l.start),
            ))
            .or_default() += l.gpus;
    }
    for x in &h.halls {
        let what = format!("{} started {}", x.hall, x.start.as_deref().unwrap_or("–"));
        *sums
            .entry(("hall (MW IT)", x.site.clone(), what))
            .or_default() += x.it_mw;
    }
    for s in &h.sites_opened {
        *sums
            .entry(("site opened", s.site.clone(), s.period.clone()))
            .or_default() += s.share;
    }
    for p in &h.power_builds {
        let what = format!("{} ordered {}", p.option, p.order);
        *sums
            .entry(("power (MW)", p.site.clone(), what))
            .or_default() += p.mw;
    }
    for r in &h.training_runs {
        *sums
            .entry(("training run placed", r.site.clone(), r.id.clone()))
            .or_default() += r.share;
    }
    for ((kind, site, what), x) in sums {
        t.rows
            .push(vec![kind.into(), site, what, units::quantity(x)]);
    }
    t.note = Some(format!(
        "The same in every branch (the verifier checks it); a delivery counts when its order, a lead time earlier, is before {}.",
        doc.decide_by
    ));
    t.truncate("plan.json (scenario_set.here_and_now)");
    t
}

/// An aligned plain-text table: first column left, the rest right.
fn text_table(t: &Table) -> String {
    let mut w: Vec<usize> = t.header.iter().map(|h| h.chars().count()).collect();
    for r in &t.rows {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = " ".repeat(w[i] - c.chars().count());
            if i == 0 {
                s.push_str(&format!("{c}{pad}"));
            } else {
                s.push_str(&format!("  {pad}{c}"));
            }
        }
        s.push('\n');
        s
    };
    let mut out = line(t.header.clone());
    for r in &t.rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

/// The terminal summary of the set.
pub fn summary(doc: &ScenarioSetDoc) -> String {
    let m = money_for(doc);
    let mut t = branch_table(doc);
    // The terminal is narrower than the report: no capex or internal value.
    for r in t.rows.iter_mut() {
        r.remove(9);
        r.remove(8);
    }
    t.header.remove(9);
    t.header.remove(8);
    let mut out = format!("{}\n\n{}\n", heading(doc), text_table(&t));
    out.push_str(&format!(
        "expected NPV {}   expected objective {}   {} of NPV {} (the worst {}%)\n",
        m(doc.expected_npv_usd),
        m(doc.expected_objective_usd),
        cvar_name(doc),
        m(doc.cvar_npv_usd),
        units::fixed(100.0 * (1.0 - doc.cvar_alpha), 0)
    ));
    if let Some(r) = &doc.risk {
        out.push_str(&format!(
            "CVaR{} of the objective {}   (VaR {})\n",
            r.alpha,
            m(r.cvar_usd),
            m(r.var_usd)
        ));
    }
    if let (Some(ws), Some(evpi)) = (doc.wait_and_see_objective_usd, doc.evpi_usd) {
        out.push_str(&format!(
            "EVPI {}{} (each branch planned alone: {} expected)\n",
            m(evpi),
            within_gap(doc, evpi),
            m(ws)
        ));
    }
    if let Some(v) = &doc.vss {
        out.push_str(&vss_sentence(doc, v));
        out.push('\n');
    }
    out.push_str(&split_sentence(doc));
    out.push('\n');
    let h = here_and_now_table(doc);
    out.push_str(&format!(
        "here and now (before {}): {} decisions, the same in every branch; plan.json shows branch `{}`\n",
        doc.decide_by,
        h.rows.len(),
        doc.shown_branch
    ));
    out
}
