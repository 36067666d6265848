//! Capex budget.
//!
//! - `budget[t]`: $\sum_{\mathrm{capex\ flows\ in}\ t} |c| \le B_t$ where the plan sets a budget.
//! - `budget_total`: $\sum_t \sum |c| \le B^{tot}$. USD (rows scaled to $M).

use super::family::Family;
use good_lp::Expression;

use super::cash::Flow;
use super::lp::Sense;
use super::Ctx;

pub fn capex_within_budget(cx: &mut Ctx, flows: &[Flow]) {
    let sc = cx.sc;
    let nt = sc.num_periods();
    let mut per_period: Vec<Expression> = vec![Expression::default(); nt];
    let mut constant = vec![0.0; nt];
    for f in flows.iter().filter(|f| f.category.is_capex()) {
        match f.var {
            Some(v) => per_period[f.period] += (-f.usd / 1e6) * v,
            None => constant[f.period] += -f.usd / 1e6,
        }
    }
    for t in 0..nt {
        if let Some(b) = sc.capex_budget_usd[t] {
            cx.lp.row(
                Family::Budget.at(cx.n.t(t).to_string()),
                per_period[t].clone(),
                Sense::Le,
                b / 1e6 - constant[t],
            );
        }
    }
    if let Some(total) = sc.cumulative_capex_usd {
        let e: Expression = per_period.into_iter().sum();
        cx.lp.row(
            Family::BudgetTotal.at(""),
            e,
            Sense::Le,
            total / 1e6 - constant.iter().sum::<f64>(),
        );
    }
}
