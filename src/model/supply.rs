//! Supply allocation: deliveries of a SKU in a period stay within what the
//! vendor allocates.
//!
//! $$\sum_{s,a} b_{s,k,a,t} \le \mathrm{Alloc}_{k,t}$$  (units) for every SKU k and period t
//! with a delivery possible. Rows `supply[k,t]`; the dual is the value of one
//! more unit of allocation.

use super::family::Family;
use good_lp::Expression;

use super::lp::Sense;
use super::Ctx;

pub fn deliveries_within_allocation(cx: &mut Ctx) {
    let sc = cx.sc;
    for (k, sku) in sc.skus.iter().enumerate() {
        for t in 0..sc.num_periods() {
            let mut e = Expression::default();
            let mut any = false;
            for s in 0..sc.sites.len() {
                for a in 0..sku.retire_ages.len() {
                    if let Some(&b) = cx.v.buy.get(&(s, k, a, t)) {
                        e += b;
                        any = true;
                    }
                }
            }
            if any {
                let name = Family::Supply.at(format!("{},{}", cx.n.k(k), cx.n.t(t)));
                cx.lp.row(name, e, Sense::Le, sku.allocation_units[t]);
            }
        }
    }
}
