//! Figures of a plan as linear expressions over a built model's columns, and
//! the rows that hold a model near its optimum: what `flow::alternatives`
//! minimises and maximises to find near-optimal alternatives (MGA,
//! docs/model.md "MGA: near-optimal alternatives").
//!
//! | metric | expression | note |
//! |---|---|---|
//! | `leased_share` | $L / G$, $L = \sum_{s,k,t} \ell_{s,k,t}$, $G = \sum_{s,k,t} \mathrm{GPU}_k u_{s,k,t}$ | a ratio: optimised by Dinkelbach's method on $L - \sigma G$ |
//! | `capex` | $\sum_{\mathrm{capex\ flows}} -c$, USD, undiscounted | |
//! | `gpus_at_<site>` | $\sum_k \mathrm{GPU}_k u_{s,k,T}$ | installed at the end of the horizon |
//! | `gpus_of_<sku>` | $\sum_s \mathrm{GPU}_k u_{s,k,T}$ | installed at the end of the horizon |
//! | `sites_opened` | $\sum_s O_{s,T}$ | sites opened within the horizon (not pre-existing ones) |
//! | `peak_mw` | $\max_t \sum_s F_{s,t}$, facility load | min: an auxiliary $P \ge F_t$; max: per period |

use good_lp::{Expression, Variable};

use super::cash::Flow;
use super::family::Family;
use super::lp::{Lp, Sense};
use super::power::facility_load_mw_of;
use super::variables::Vars;
use crate::scenario::Scenario;

/// A figure of a plan that near-optimal alternatives explore.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Leased share of installed GPU-hours.
    LeasedShare,
    /// Capex, USD, undiscounted.
    Capex,
    /// GPUs installed at site s at the end of the horizon.
    SiteGpus(usize),
    /// GPUs of SKU k installed at the end of the horizon, all sites.
    SkuGpus(usize),
    /// Sites opened within the horizon.
    SitesOpened,
    /// Largest facility load of any period, all sites, MW.
    PeakMw,
}

/// What `--metric` accepts, for messages.
pub const METRIC_NAMES: &str =
    "leased_share, capex, gpus_at (every site), gpus_at_<site>, gpus_of (every SKU), gpus_of_<sku>, sites_opened, peak_mw";

impl Metric {
    /// Every metric of `sc`, in the order they are reported.
    pub fn all(sc: &Scenario) -> Vec<Metric> {
        let mut out = vec![Metric::LeasedShare, Metric::Capex];
        out.extend((0..sc.sites.len()).map(Metric::SiteGpus));
        out.extend((0..sc.skus.len()).map(Metric::SkuGpus));
        out.push(Metric::SitesOpened);
        out.push(Metric::PeakMw);
        out
    }

    /// Stable name: `leased_share`, `gpus_at_abilene`, `gpus_of_b200_hgx`, ….
    pub fn name(self, sc: &Scenario) -> String {
        match self {
            Metric::LeasedShare => "leased_share".into(),
            Metric::Capex => "capex".into(),
            Metric::SiteGpus(s) => format!("gpus_at_{}", sc.sites[s].id),
            Metric::SkuGpus(k) => format!("gpus_of_{}", sc.skus[k].id),
            Metric::SitesOpened => "sites_opened".into(),
            Metric::PeakMw => "peak_mw".into(),
        }
    }

    /// For people: `leased share`, `GPUs at abilene`, ….
    pub fn label(self, sc: &Scenario) -> String {
        match self {
            Metric::LeasedShare => "leased share".into(),
            Metric::Capex => "capex".into(),
            Metric::SiteGpus(s) => format!("GPUs at {}", sc.sites[s].id),
            Metric::SkuGpus(k) => format!("GPUs of {}", sc.skus[k].id),
            Metric::SitesOpened => "sites opened".into(),
            Metric::PeakMw => "peak facility MW".into(),
        }
    }

    /// The metrics `name` stands for: one metric's name, or `gpus_at` /
    /// `gpus_of` for every site / every SKU.
    pub fn parse(name: &str, sc: &Scenario) -> Option<Vec<Metric>> {
        match name {
            "gpus_at" => return Some((0..sc.sites.len()).map(Metric::SiteGpus).collect()),
            "gpus_of" => return Some((0..sc.skus.len()).map(Metric::SkuGpus).collect()),
            _ => {}
        }
        Metric::all(sc)
            .into_iter()
            .find(|m| m.name(sc) == name)
            .map(|m| vec![m])
    }

    /// The metric as one linear expression, where it is one (`None` for the
    /// leased share, a ratio, and the peak, a maximum).
    pub fn linear(self, sc: &Scenario, v: &Vars, flows: &[Flow]) -> Option<Expression> {
        let last = sc.num_periods() - 1;
        let mut e = Expression::default();
        match self {
            Metric::LeasedShare | Metric::PeakMw => return None,
            Metric::Capex => e = capex_usd(flows),
            Metric::SiteGpus(s) => {
                for (k, sku) in sc.skus.iter().enumerate() {
                    if let Some(&u) = v.units.get(&(s, k, last)) {
                        e += sku.gpus_per_unit * u;
                    }
                }
            }
            Metric::SkuGpus(k) => {
                for s in 0..sc.sites.len() {
                    if let Some(&u) = v.units.get(&(s, k, last)) {
                        e += sc.skus[k].gpus_per_unit * u;
                    }
                }
            }
            Metric::SitesOpened => {
                for s in 0..sc.sites.len() {
                    if let Some(o) = v.opened(s, last) {
                        e += o;
                    }
                }
            }
        }
        Some(e)
    }
}

/// Capex, USD, undiscounted: every capex flow (docs/model.md §7) as spent.
pub fn capex_usd(flows: &[Flow]) -> Expression {
    let mut e = Expression::default();
    for f in flows.iter().filter(|f| f.category.is_capex()) {
        match f.var {
            Some(x) => e += -f.usd * x,
            None => e += -f.usd,
        }
    }
    e
}

/// GPU-periods under lease, $L = \sum_{s,k,t} \ell_{s,k,t}$.
pub fn leased_gpu_periods(v: &Vars) -> Expression {
    let mut e = Expression::default();
    for (_, &l) in super::leases::sorted(&v.leased) {
        e += l;
    }
    e
}

/// Installed GPU-periods, $G = \sum_{s,k,t} \mathrm{GPU}_k u_{s,k,t}$.
pub fn installed_gpu_periods(sc: &Scenario, v: &Vars) -> Expression {
    let mut e = Expression::default();
    for (&(_, k, _), &u) in super::leases::sorted(&v.units) {
        e += sc.skus[k].gpus_per_unit * u;
    }
    e
}

/// Facility load of every site in period t, MW.
pub fn facility_load_mw(sc: &Scenario, v: &Vars, t: usize) -> Expression {
    let mut e = Expression::default();
    for s in 0..sc.sites.len() {
        e += facility_load_mw_of(sc, v, s, t);
    }
    e
}

/// `npv_floor`: the program's own objective (the blended NPV less the
/// unmet-demand penalty, $M, constant included) at least `floor_musd`. Add
/// it before replacing the objective.
pub fn add_npv_floor(lp: &mut Lp, floor_musd: f64) {
    let npv = lp.objective_expression();
    let rhs = floor_musd - lp.objective_constant;
    lp.row(Family::NpvFloor.at(""), npv, Sense::Ge, rhs);
}

/// A column `peak_mw` at least every period's facility load (`peak_mw[t]`:
/// $F_t - P \le 0$); minimising it minimises the peak.
pub fn add_peak_mw(lp: &mut Lp, sc: &Scenario, v: &Vars) -> Variable {
    let p = lp.column("peak_mw".into(), 0.0, f64::INFINITY, false);
    for t in 0..sc.num_periods() {
        let load = facility_load_mw(sc, v, t);
        if super::is_empty(&load) {
            continue;
        }
        lp.row(
            Family::PeakMw.at(sc.periods[t].to_string()),
            load - p,
            Sense::Le,
            0.0,
        );
    }
    p
}
