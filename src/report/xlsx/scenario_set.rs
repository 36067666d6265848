//! The Scenario set sheet (docs/scenario-sets.md), written when the plan has
//! `scenario_set`: each branch with its probability, NPV, objective and
//! leased share, then the set's figures — the expected NPV and objective
//! and the EVPI as live formulas of the branch rows, the CVaR and the VSS as
//! plan.json has them.

use rust_xlsxwriter::{ColNum, Format, RowNum, Worksheet, XlsxError};

use super::formats::Formats;
use super::{col_name, formula, SCENARIO_SET};
use crate::doc::scenario_set::ScenarioSetDoc;

/// The branch table's columns.
const COLUMNS: [&str; 7] = [
    "Branch",
    "Probability",
    "Scenario",
    "NPV",
    "Objective",
    "Leased share",
    "Objective alone (perfect information)",
];
const P: ColNum = 1;
const NPV: ColNum = 3;
const OBJECTIVE: ColNum = 4;
const ALONE: ColNum = 6;
const HEADER: RowNum = 3;

/// Labels of the set's figures in column A.
pub const EXPECTED_NPV: &str = "Expected NPV";
pub const EXPECTED_OBJECTIVE: &str = "Expected objective";
pub const WAIT_AND_SEE: &str = "Wait-and-see objective";
pub const EVPI: &str = "EVPI";
pub const VSS: &str = "VSS";

pub(super) fn scenario_set(
    ws: &mut Worksheet,
    fm: &Formats,
    doc: &ScenarioSetDoc,
) -> Result<(), XlsxError> {
    ws.set_name(SCENARIO_SET)?;
    let title = format!("Scenario set {} on {}", doc.set, doc.plan);
    ws.write_string_with_format(0, 0, title, &fm.title)?;
    ws.write_string_with_format(1, 0, lede(doc), &fm.note)?;
    for (c, name) in COLUMNS.iter().enumerate() {
        let f = if c == 0 || c == 2 {
            &fm.header
        } else {
            &fm.header_num
        };
        ws.write_string_with_format(HEADER, c as ColNum, *name, f)?;
    }
    ws.set_row_height(HEADER, 30)?;
    for (i, b) in doc.branches.iter().enumerate() {
        let row = HEADER + 1 + i as RowNum;
        ws.write_string(row, 0, &b.name)?;
        ws.write_number_with_format(row, P, b.probability, &fm.pct)?;
        ws.write_string(row, 2, &b.scenario)?;
        ws.write_number_with_format(row, NPV, b.metrics.npv_usd, &fm.money)?;
        ws.write_number_with_format(row, OBJECTIVE, b.objective_usd, &fm.money)?;
        ws.write_number_with_format(row, 5, b.metrics.leased_share, &fm.pct)?;
        if let Some(a) = b.alone_objective_usd {
            ws.write_number_with_format(row, ALONE, a, &fm.money)?;
        }
    }
    figures(ws, fm, doc)?;
    ws.set_column_width(0, 26)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(2, 40)?;
    for c in NPV..=ALONE {
        ws.set_column_width(c, 18)?;
    }
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// What was maximised, and when the branches part.
fn lede(doc: &ScenarioSetDoc) -> String {
    let objective = match &doc.risk {
        None => "expected NPV".to_string(),
        Some(r) => format!(
            "(1 − {l})·E + {l}·CVaR{a} of the objective",
            l = r.lambda,
            a = r.alpha
        ),
    };
    format!(
        "{} branches; decisions before {} are one plan for all; maximising {objective}. The rest of this workbook is branch {}.",
        doc.branches.len(),
        doc.decide_by,
        doc.shown_branch
    )
}

/// Σ p·x over the branch rows of column `c`: a formula and its result.
fn expectation(doc: &ScenarioSetDoc, c: ColNum, x: impl Fn(usize) -> f64) -> (String, f64) {
    let (first, last) = (HEADER + 2, HEADER + 1 + doc.branches.len() as RowNum);
    let (p, v) = (col_name(P), col_name(c));
    let result = (0..doc.branches.len())
        .map(|i| doc.branches[i].probability * x(i))
        .sum();
    (
        format!("=SUMPRODUCT({p}{first}:{p}{last},{v}{first}:{v}{last})"),
        result,
    )
}

/// The set's figures under the branches: label, value, note.
fn figures(ws: &mut Worksheet, fm: &Formats, doc: &ScenarioSetDoc) -> Result<(), XlsxError> {
    let mut row = HEADER + 2 + doc.branches.len() as RowNum;
    let mut put =
        |label: &str, value: Value, f: &Format, note: &str| -> Result<RowNum, XlsxError> {
            ws.write_string(row, 0, label)?;
            match value {
                Value::Formula(s, x) => ws.write_formula_with_format(row, 1, formula(s, x), f)?,
                Value::Num(x) => ws.write_number_with_format(row, 1, x, f)?,
                Value::Text(s) => ws.write_string(row, 1, s)?,
            };
            ws.write_string_with_format(row, 2, note, &fm.note)?;
            row += 1;
            Ok(row - 1)
        };
    let b = &doc.branches;
    let (f, x) = expectation(doc, NPV, |i| b[i].metrics.npv_usd);
    let note = "Σ probability × NPV over the branches";
    put(EXPECTED_NPV, Value::Formula(f, x), &fm.npv, note)?;
    let (f, x) = expectation(doc, OBJECTIVE, |i| b[i].objective_usd);
    let note = "Σ probability × objective (NPV less the unmet-demand penalty)";
    let e_row = put(EXPECTED_OBJECTIVE, Value::Formula(f, x), &fm.money, note)?;
    let cvar = format!(
        "CVaR{} of NPV",
        crate::units::fixed(100.0 * doc.cvar_alpha, 0)
    );
    let note = format!(
        "mean NPV of the worst {}% of the probability",
        crate::units::fixed(100.0 * (1.0 - doc.cvar_alpha), 0)
    );
    put(&cvar, Value::Num(doc.cvar_npv_usd), &fm.money, &note)?;
    let all_alone = b.iter().all(|x| x.alone_objective_usd.is_some());
    if all_alone && doc.evpi_usd.is_some() {
        let (f, ws_x) = expectation(doc, ALONE, |i| b[i].alone_objective_usd.unwrap_or(0.0));
        let note = "Σ probability × each branch planned alone";
        let ws_row = put(WAIT_AND_SEE, Value::Formula(f, ws_x), &fm.money, note)?;
        let f = format!("=B{}-B{}", ws_row + 1, e_row + 1);
        let note = "expected value of perfect information: wait-and-see less expected objective";
        put(EVPI, Value::Formula(f, ws_x - x), &fm.money, note)?;
    } else {
        let note = "not computed for this solve";
        put(EVPI, Value::Text("not computed".into()), &fm.money, note)?;
    }
    let (vss, note) = vss(doc);
    put(VSS, vss, &fm.money, &note)?;
    if let Some(t) = doc.gap_tolerance_usd {
        let note = "EVPI or VSS smaller than this is 0 to the solver's precision";
        put("MIP gap tolerance", Value::Num(t), &fm.money, note)?;
    }
    Ok(())
}

enum Value {
    Formula(String, f64),
    Num(f64),
    Text(String),
}

/// The value of the stochastic solution and what it means, or why there is none.
fn vss(doc: &ScenarioSetDoc) -> (Value, String) {
    match &doc.vss {
        None => (Value::Text("not computed".into()), "not computed for this solve".into()),
        Some(v) => match v.vss_usd {
            Some(x) => (
                Value::Num(x),
                format!(
                    "this plan's expected objective less that of the plan made for the average future ({})",
                    v.definition
                ),
            ),
            None => (
                Value::Text("n/a".into()),
                format!(
                    "the average future's early decisions are infeasible in {}",
                    v.infeasible_branches.join(", ")
                ),
            ),
        },
    }
}
