//! Why the plan is what it is: shadow prices in user units, the constraints
//! that bind, and — when nothing fits — a diagnosis of the smallest shortfalls
//! that make the plan feasible, each traced to the file, line and field that
//! sets it.
//!
//! - [`shadow_prices`]: duals → plan.json `shadow_prices`, shadow_prices.csv.
//! - [`binding`]: the "what is binding" section of the summary.
//! - [`precheck`]: obvious impossibilities caught before solving.
//! - [`elastic`]: the elastic model (penalized slack per constraint family).
//! - [`diagnosis`]: its slacks in user terms, with source locations.
//! - [`prose`]: `capplan explain`: both, put into sentences.

pub mod binding;
pub mod diagnosis;
pub mod elastic;
pub mod precheck;
pub mod prose;
pub mod shadow_prices;

/// Period indices as ranges of labels: `2026Q1–2026Q3, 2027Q1`.
pub(crate) fn period_ranges(sc: &crate::scenario::Scenario, ts: &[usize]) -> String {
    let mut ts = ts.to_vec();
    ts.sort_unstable();
    ts.dedup();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < ts.len() {
        let mut j = i;
        while j + 1 < ts.len() && ts[j + 1] == ts[j] + 1 {
            j += 1;
        }
        if i == j {
            parts.push(sc.periods[ts[i]].to_string());
        } else {
            parts.push(format!("{}–{}", sc.periods[ts[i]], sc.periods[ts[j]]));
        }
        i = j + 1;
    }
    parts.join(", ")
}
