//! The terminal summary of a solved scenario set: one line per branch
//! (probability, NPV, objective, leased share, GPUs at the end), then the
//! expected NPV, the risk measure, EVPI and VSS.

use crate::doc::scenario_set::ScenarioSetDoc;
use crate::units;

/// The summary of `doc`, plain text.
pub fn summary(doc: &ScenarioSetDoc) -> String {
    // Small plans (the hand cases) read better to the dollar.
    let big = doc
        .branches
        .iter()
        .any(|b| b.npv_usd.abs().max(b.objective_usd.abs()) >= 1e8);
    let m = |x: f64| {
        if big {
            units::money(x)
        } else {
            units::money_exact(x)
        }
    };
    let mut out = format!(
        "{} × {}: {} branches, decisions before {} shared ({} ties), {}\n\n",
        doc.plan,
        doc.set,
        doc.branches.len(),
        doc.decide_by,
        doc.shared.rows,
        match &doc.risk {
            None => "maximising expected NPV".to_string(),
            Some(r) => format!(
                "maximising (1−{l})·E + {l}·CVaR{a}",
                l = r.lambda,
                a = r.alpha
            ),
        }
    );
    let rows: Vec<[String; 7]> = doc
        .branches
        .iter()
        .map(|b| {
            [
                b.name.clone(),
                units::pct(b.probability),
                m(b.npv_usd),
                m(b.objective_usd),
                units::pct(b.leased_share),
                units::count(b.gpus_end as f64),
                b.alone_objective_usd.map_or("—".into(), m),
            ]
        })
        .collect();
    let head = [
        "branch",
        "p",
        "NPV",
        "objective",
        "leased",
        "GPUs end",
        "alone",
    ];
    let mut w: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(c.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = w[i] - c.chars().count();
            if i == 0 {
                s.push_str(&format!("{c}{}", " ".repeat(pad)));
            } else {
                s.push_str(&format!("  {}{c}", " ".repeat(pad)));
            }
        }
        s.push('\n');
        s
    };
    out.push_str(&line(head.to_vec()));
    for r in &rows {
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out.push_str(&format!(
        "\nexpected NPV {}   expected objective {}\n",
        m(doc.expected_npv_usd),
        m(doc.expected_objective_usd)
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
            "EVPI {} (each branch planned alone: {} expected)\n",
            m(evpi),
            m(ws)
        ));
    }
    if let Some(v) = &doc.vss {
        match (v.vss_usd, v.expected_objective_usd) {
            (Some(vss), Some(ev)) => out.push_str(&format!(
                "VSS {} (the average future's early decisions, re-solved per branch: {} expected)\n",
                m(vss),
                m(ev)
            )),
            _ if !v.infeasible_branches.is_empty() => out.push_str(&format!(
                "VSS: the average future's early decisions are infeasible in {}\n",
                v.infeasible_branches.join(", ")
            )),
            _ => out.push_str(&format!("VSS: {}\n", v.definition)),
        }
    }
    out
}
