//! The objective: blended NPV in $M, maximised.
//!
//! $$\max \sum_{\mathrm{flows}} \delta_t\, w_c\, c \;+\; \sum_{t} \delta_t\, H\, \pi \big(\textstyle\sum_{s,k} h_k g^{int}_{s,k,t} - D_t\big)$$
//!
//! where $\delta_t$ is the discount factor, $w_c = w$ (the internal-value weight)
//! for internal value and 1 for every other cash flow, and π the penalty per
//! H100e-hour of unmet demand. The penalty term is a constant $-\pi H D_t$
//! plus a bonus π per H100e-hour served (the demand cap keeps served ≤ $D_t$).

use good_lp::Expression;

use super::cash::{Category, Flow};
use super::Ctx;

pub fn blended_npv(cx: &mut Ctx, flows: &[Flow]) {
    let sc = cx.sc;
    let mut obj = Expression::default();
    let mut constant = 0.0;
    for f in flows {
        let weight = if f.category == Category::InternalValue {
            sc.internal_value_weight
        } else {
            1.0
        };
        let c = sc.discount[f.period] * weight * f.usd / 1e6;
        match f.var {
            Some(v) => obj += c * v,
            None => constant += c,
        }
    }
    let pi = sc.unmet_penalty_usd_per_h100e_hr;
    if pi > 0.0 {
        for t in 0..sc.num_periods() {
            let d = sc.discount[t] * sc.hours_per_period * pi / 1e6;
            constant -= d * sc.demand_h100e[t];
            for s in 0..sc.sites.len() {
                for (k, sku) in sc.skus.iter().enumerate() {
                    if let Some(&g) = cx.v.internal.get(&(s, k, t)) {
                        obj += d * sku.h100e_per_gpu * g;
                    }
                }
            }
        }
    }
    cx.lp.set_objective(obj, constant);
}
