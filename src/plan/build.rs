//! Derives the buildout graph from a scenario and its solved plan.
//!
//! Actions come straight from plan.json (deliveries, halls, power builds,
//! leases, runs, site openings) and from the scenario (grid tranches, what
//! stands already, lead times). Like actions are merged where the plan has
//! several of them at once: deliveries of one SKU to one site in one period
//! are one order and one install; lease contracts of one SKU, site, start and
//! tenor are one signing.
//!
//! "Requires" edges name what an action cannot do without:
//! - an install requires its order, and the power and hall capacity its load
//!   needs at the site in that period: the sources online by then, oldest
//!   first, until their MW cover the site's facility load (likewise halls of
//!   the SKU's cooling against its IT load);
//! - a lease or a training cluster requires the cohorts of its SKU in service
//!   at the site when it starts, oldest first, until they cover the GPUs in
//!   use there;
//! - a hall requires the site's opening and, when it is a later phase, the
//!   start of the phase before it (start to start);
//! - a retirement requires the install of its cohort.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use petgraph::graph::NodeIndex;

use super::{Action, ActionKind, BuildoutGraph, Requires};
use crate::catalog::site::PowerKind;
use crate::catalog::sku::Cooling;
use crate::doc::PlanDoc;
use crate::scenario::Scenario;

/// Capacity one action brings, for choosing what a later action requires.
struct Supplier {
    node: NodeIndex,
    /// First period the capacity is there.
    from: usize,
    /// First period it is gone (`usize::MAX`: stays).
    until: usize,
    amount: f64,
}

/// The suppliers in service at `t`, oldest first, until their amounts cover
/// `need` (all of them in service if they never do).
fn needed(suppliers: &[Supplier], t: usize, need: f64) -> Vec<NodeIndex> {
    let mut out = Vec::new();
    let mut have = 0.0;
    for s in suppliers.iter().filter(|s| s.from <= t && t < s.until) {
        if have >= need - 1e-6 && !out.is_empty() {
            break;
        }
        out.push(s.node);
        have += s.amount;
    }
    out
}

/// Period labels to indices; a label outside the horizon maps to the horizon.
struct Periods<'a> {
    index: IndexMap<&'a str, usize>,
    horizon: usize,
}

impl Periods<'_> {
    fn at(&self, label: &str) -> usize {
        self.index.get(label).copied().unwrap_or(self.horizon)
    }
}

/// Loads per (site, period) and per (site, period, SKU), for what installs,
/// leases and clusters need.
struct Loads<'a> {
    facility: BTreeMap<(&'a str, usize), f64>,
    it_by_cooling: BTreeMap<(&'a str, usize, Cooling), f64>,
    gpus_in_use: BTreeMap<(&'a str, usize, &'a str), f64>,
}

fn loads<'a>(sc: &Scenario, plan: &'a PlanDoc, periods: &Periods) -> Loads<'a> {
    let at = |label: &str| periods.at(label);
    let mut facility: BTreeMap<(&str, usize), f64> = BTreeMap::new();
    for sp in &plan.site_periods {
        facility.insert((sp.site.as_str(), at(&sp.period)), sp.facility_load_mw);
    }
    let mut it_by_cooling: BTreeMap<(&str, usize, Cooling), f64> = BTreeMap::new();
    let mut gpus_in_use: BTreeMap<(&str, usize, &str), f64> = BTreeMap::new();
    let cooling_of = |sku: &str| sc.sku(sku).map(|k| sc.skus[k].cooling);
    for r in &plan.rows {
        let t = at(&r.period);
        if let Some(c) = cooling_of(&r.sku) {
            *it_by_cooling.entry((r.site.as_str(), t, c)).or_default() += r.it_load_mw;
        }
        *gpus_in_use
            .entry((r.site.as_str(), t, r.sku.as_str()))
            .or_default() += r.gpus_internal + r.gpus_leased;
    }
    Loads {
        facility,
        it_by_cooling,
        gpus_in_use,
    }
}

/// One site's share of the plan, while its actions are added to the graph.
struct SiteCx<'a> {
    sc: &'a Scenario,
    plan: &'a PlanDoc,
    periods: &'a Periods<'a>,
    loads: &'a Loads<'a>,
    /// The site's index in the scenario.
    s: usize,
    site: &'a crate::scenario::ScenarioSite,
    sid: &'a str,
}

impl SiteCx<'_> {
    fn at(&self, label: &str) -> usize {
        self.periods.at(label)
    }
}

/// Power and hall capacity at a site, each list oldest first.
struct Capacity {
    power: Vec<Supplier>,
    halls: BTreeMap<Cooling, Vec<Supplier>>,
}

fn sort_oldest_first(list: &mut [Supplier]) {
    list.sort_by(|a, b| a.from.cmp(&b.from).then(a.node.cmp(&b.node)));
}

/// Builds the graph of a solved plan.
pub fn build(sc: &Scenario, plan: &PlanDoc) -> BuildoutGraph {
    let horizon = plan.periods.len();
    let periods = Periods {
        index: plan
            .periods
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), i))
            .collect(),
        horizon,
    };
    let mut g = BuildoutGraph {
        horizon,
        ..Default::default()
    };
    let loads = loads(sc, plan, &periods);

    let in_play = |site: &str| {
        plan.rows.iter().any(|r| r.site == site)
            || plan
                .halls
                .iter()
                .any(|h| h.site == site && h.start.is_some())
            || plan.power_builds.iter().any(|b| b.site == site)
            || plan.sites_opened.iter().any(|o| o.site == site)
    };

    for (s, site) in sc.sites.iter().enumerate() {
        if !in_play(&site.id) {
            continue;
        }
        let cx = SiteCx {
            sc,
            plan,
            periods: &periods,
            loads: &loads,
            s,
            site,
            sid: site.id.as_str(),
        };
        let first_open = site_openings(&mut g, &cx);
        let capacity = Capacity {
            power: power_sources(&mut g, &cx, first_open),
            halls: hall_phases(&mut g, &cx, first_open),
        };
        let mut cohorts = installed_fleet(&mut g, &cx, &capacity);
        deliveries(&mut g, &cx, &capacity, &mut cohorts);
        for list in cohorts.values_mut() {
            sort_oldest_first(list);
        }
        leases(&mut g, &cx, &cohorts);
        training_clusters(&mut g, &cx, &cohorts);
    }

    period_labels(&mut g, sc, plan);
    g
}

/// Site development: one action per opening; returns the first.
fn site_openings(g: &mut BuildoutGraph, cx: &SiteCx) -> Option<NodeIndex> {
    let (sid, site) = (cx.sid, cx.site);
    let mut opens: Vec<NodeIndex> = Vec::new();
    for o in cx.plan.sites_opened.iter().filter(|o| o.site == sid) {
        let t = cx.at(&o.period);
        opens.push(g.add(Action {
            id: format!("open:{sid}:{}", o.period),
            kind: ActionKind::OpenSite,
            site: sid.into(),
            sku: None,
            label: format!("open {sid}"),
            start: t,
            finish: t,
            not_before: site.earliest_start,
            quantity: o.share,
            unit: "site".into(),
            cost_usd: site.development_capex_usd * o.share,
        }));
    }
    opens.first().copied()
}

/// Power: grid tranches and PPAs on their dates, then what was built; oldest
/// first.
fn power_sources(
    g: &mut BuildoutGraph,
    cx: &SiteCx,
    first_open: Option<NodeIndex>,
) -> Vec<Supplier> {
    let (sid, site, horizon) = (cx.sid, cx.site, cx.periods.horizon);
    let mut power: Vec<Supplier> = Vec::new();
    for f in &site.firm {
        let Some(t) = f.from.filter(|&t| t < horizon) else {
            continue;
        };
        let node = g.add(Action {
            id: format!("power:{sid}:{}", f.id),
            kind: ActionKind::EnergizeGrid,
            site: sid.into(),
            sku: None,
            label: format!("energize {} ({})", f.id, f.kind.as_str()),
            start: t,
            finish: t,
            not_before: t,
            quantity: f.mw,
            unit: "MW".into(),
            cost_usd: 0.0,
        });
        power.push(Supplier {
            node,
            from: t,
            until: usize::MAX,
            amount: f.mw,
        });
    }
    for b in cx.plan.power_builds.iter().filter(|b| b.site == sid) {
        let Some(spec) = site.builds.iter().find(|x| x.id == b.option) else {
            continue;
        };
        let (order, online) = (cx.at(&b.order), cx.at(&b.online));
        let kind = if spec.kind == PowerKind::Battery {
            ActionKind::CommissionBatteries
        } else {
            ActionKind::CommissionTurbines
        };
        let node = g.add(Action {
            id: format!("power:{sid}:{}:{}", b.option, b.order),
            kind,
            site: sid.into(),
            sku: None,
            label: format!("commission {} ({})", b.option, spec.kind.as_str()),
            start: order,
            finish: online,
            not_before: spec.earliest_order,
            quantity: b.mw,
            unit: "MW".into(),
            cost_usd: b.mw * spec.capex_usd_per_mw,
        });
        if let Some(o) = first_open.filter(|&o| g.graph[o].finish <= order) {
            g.require(o, node, Requires::FinishToStart);
        }
        power.push(Supplier {
            node,
            from: online,
            until: usize::MAX,
            amount: b.mw,
        });
    }
    sort_oldest_first(&mut power);
    power
}

/// Halls, by cooling, oldest first: those standing and the phases built.
fn hall_phases(
    g: &mut BuildoutGraph,
    cx: &SiteCx,
    first_open: Option<NodeIndex>,
) -> BTreeMap<Cooling, Vec<Supplier>> {
    let (sid, site, plan) = (cx.sid, cx.site, cx.plan);
    let mut halls: BTreeMap<Cooling, Vec<Supplier>> = BTreeMap::new();
    // The first part of each hall, for later phases to follow. An LP
    // relaxation may build a hall in parts started in different periods:
    // each part is an action, its id suffixed with its start.
    let mut hall_nodes: BTreeMap<&str, NodeIndex> = BTreeMap::new();
    let parts = |hall: &str| {
        plan.halls
            .iter()
            .filter(|x| x.site == sid && x.hall == hall)
            .count()
    };
    for h in plan.halls.iter().filter(|h| h.site == sid) {
        let Some((hi, spec)) = site.halls.iter().enumerate().find(|(_, x)| x.id == h.hall) else {
            continue;
        };
        let ready = cx.at(&h.ready);
        let node = match &h.start {
            None => g.add(Action {
                id: format!("hall:{sid}:{}", h.hall),
                kind: ActionKind::ExistingHall,
                site: sid.into(),
                sku: None,
                label: format!("hall {} (standing)", h.hall),
                start: ready,
                finish: ready,
                not_before: ready,
                quantity: h.it_mw,
                unit: "MW".into(),
                cost_usd: 0.0,
            }),
            Some(start) => {
                let id = if parts(&h.hall) > 1 {
                    format!("hall:{sid}:{}:{start}", h.hall)
                } else {
                    format!("hall:{sid}:{}", h.hall)
                };
                let node = g.add(Action {
                    id,
                    kind: ActionKind::BuildHall,
                    site: sid.into(),
                    sku: None,
                    label: format!("build hall {}", h.hall),
                    start: cx.at(start),
                    finish: ready,
                    not_before: spec.earliest_start,
                    quantity: h.it_mw,
                    unit: "MW".into(),
                    cost_usd: h.it_mw * spec.capex_usd_per_mw,
                });
                if let Some(o) = first_open {
                    g.require(o, node, Requires::FinishToStart);
                }
                if let Some(prev) = spec.after.map(|p| site.halls[p].id.as_str()) {
                    if let Some(&p) = hall_nodes.get(prev) {
                        g.require(p, node, Requires::StartToStart);
                    }
                }
                node
            }
        };
        hall_nodes.entry(&site.halls[hi].id).or_insert(node);
        let cooling = if h.cooling == "air" {
            Cooling::Air
        } else {
            Cooling::Liquid
        };
        halls.entry(cooling).or_default().push(Supplier {
            node,
            from: ready,
            until: usize::MAX,
            amount: h.it_mw,
        });
    }
    for list in halls.values_mut() {
        sort_oldest_first(list);
    }
    halls
}

/// An install (or the standing fleet) of SKU `sku` at `t` requires the power
/// and the halls its site's load needs then.
fn needs_power_and_hall(
    g: &mut BuildoutGraph,
    cx: &SiteCx,
    capacity: &Capacity,
    node: NodeIndex,
    sku: usize,
    t: usize,
) {
    let sid = cx.sid;
    let load = cx.loads.facility.get(&(sid, t)).copied().unwrap_or(0.0);
    for p in needed(&capacity.power, t, load) {
        g.require(p, node, Requires::FinishToStart);
    }
    let c = cx.sc.skus[sku].cooling;
    let it = cx
        .loads
        .it_by_cooling
        .get(&(sid, t, c))
        .copied()
        .unwrap_or(0.0);
    for h in needed(capacity.halls.get(&c).map_or(&[][..], |v| v), t, it) {
        g.require(h, node, Requires::FinishToStart);
    }
}

/// Hardware that stands at the start, with its retirement: the first cohorts
/// of each SKU.
fn installed_fleet<'a>(
    g: &mut BuildoutGraph,
    cx: &SiteCx<'a>,
    capacity: &Capacity,
) -> BTreeMap<&'a str, Vec<Supplier>> {
    let (sid, s, horizon) = (cx.sid, cx.s, cx.periods.horizon);
    let mut cohorts: BTreeMap<&str, Vec<Supplier>> = BTreeMap::new();
    for (k, sku) in cx.sc.skus.iter().enumerate() {
        let units: f64 = sku
            .installed_at_start
            .iter()
            .filter(|(si, _)| *si == s)
            .map(|(_, u)| u)
            .sum();
        if units <= 0.0 {
            continue;
        }
        let node = g.add(Action {
            id: format!("fleet:{sid}:{}", sku.id),
            kind: ActionKind::ExistingFleet,
            site: sid.into(),
            sku: Some(sku.id.clone()),
            label: format!("{} {}", ActionKind::ExistingFleet.title(), sku.id),
            start: 0,
            finish: 0,
            not_before: 0,
            quantity: units,
            unit: "units".into(),
            cost_usd: 0.0,
        });
        needs_power_and_hall(g, cx, capacity, node, k, 0);
        let left = sku.preinstalled_periods_left();
        if left < horizon {
            let r = g.add(Action {
                id: format!("retire:{sid}:{}:fleet", sku.id),
                kind: ActionKind::RetireUnits,
                site: sid.into(),
                sku: Some(sku.id.clone()),
                label: format!("retire {} (installed fleet)", sku.id),
                start: left,
                finish: left,
                not_before: left,
                quantity: units,
                unit: "units".into(),
                cost_usd: 0.0,
            });
            g.require(node, r, Requires::FinishToStart);
        }
        cohorts.entry(&sku.id).or_default().push(Supplier {
            node,
            from: 0,
            until: left,
            amount: units * sku.gpus_per_unit,
        });
    }
    cohorts
}

/// Deliveries: an order and an install per SKU and period, whatever their
/// retirement age, each install needing power and a hall; one cohort per
/// retirement period.
fn deliveries<'a>(
    g: &mut BuildoutGraph,
    cx: &SiteCx<'a>,
    capacity: &Capacity,
    cohorts: &mut BTreeMap<&'a str, Vec<Supplier>>,
) {
    let (sid, plan, sc) = (cx.sid, cx.plan, cx.sc);
    let mut retirements: BTreeMap<String, NodeIndex> = BTreeMap::new();
    let mut deliveries: BTreeMap<(usize, &str), Vec<&crate::doc::Delivery>> = BTreeMap::new();
    for d in plan.deliveries.iter().filter(|d| d.site == sid) {
        deliveries
            .entry((cx.at(&d.period), &d.sku))
            .or_default()
            .push(d);
    }
    for ((t, sku_id), ds) in &deliveries {
        let Some(k) = sc.sku(sku_id) else { continue };
        let sku = &sc.skus[k];
        let units: f64 = ds.iter().map(|d| d.units).sum();
        let period = &plan.periods[*t];
        let install = g.add(Action {
            id: format!("install:{sid}:{sku_id}:{period}"),
            kind: ActionKind::InstallUnits,
            site: sid.into(),
            sku: Some(sku_id.to_string()),
            label: format!("install {sku_id}"),
            start: *t,
            finish: *t,
            not_before: sku.first_delivery,
            quantity: units,
            unit: "units".into(),
            cost_usd: units * sku.capex_usd_per_unit,
        });
        if sku.lead_periods > 0 {
            let order = g.add(Action {
                id: format!("order:{sid}:{sku_id}:{period}"),
                kind: ActionKind::OrderHardware,
                site: sid.into(),
                sku: Some(sku_id.to_string()),
                label: format!("order {sku_id}"),
                start: t.saturating_sub(sku.lead_periods),
                finish: *t,
                not_before: sku.first_delivery.saturating_sub(sku.lead_periods),
                quantity: units,
                unit: "units".into(),
                cost_usd: 0.0,
            });
            g.require(order, install, Requires::FinishToStart);
        }
        needs_power_and_hall(g, cx, capacity, install, k, *t);
        // One cohort per retirement period.
        let mut retiring: BTreeMap<Option<usize>, f64> = BTreeMap::new();
        for d in ds {
            *retiring
                .entry(d.retires.as_deref().map(|l| cx.at(l)))
                .or_default() += d.units;
        }
        for (retires, u) in retiring {
            if let Some(r) = retires {
                let node = retirement(g, cx, &mut retirements, sku_id, r, u);
                g.require(install, node, Requires::FinishToStart);
            }
            cohorts.entry(sku_id).or_default().push(Supplier {
                node: install,
                from: *t,
                until: retires.unwrap_or(usize::MAX),
                amount: u * sku.gpus_per_unit,
            });
        }
    }
}

/// The retirement of `units` of SKU `sku_id` at `r`: added to the one
/// already there for that period, or a new action.
fn retirement(
    g: &mut BuildoutGraph,
    cx: &SiteCx,
    retirements: &mut BTreeMap<String, NodeIndex>,
    sku_id: &str,
    r: usize,
    units: f64,
) -> NodeIndex {
    let sid = cx.sid;
    let label = &cx.plan.periods[r.min(cx.periods.horizon - 1)];
    let id = format!("retire:{sid}:{sku_id}:{label}");
    match retirements.get(&id) {
        Some(&n) => {
            g.graph[n].quantity += units;
            n
        }
        None => {
            let n = g.add(Action {
                id: id.clone(),
                kind: ActionKind::RetireUnits,
                site: sid.into(),
                sku: Some(sku_id.to_string()),
                label: format!("retire {sku_id}"),
                start: r,
                finish: r,
                not_before: r,
                quantity: units,
                unit: "units".into(),
                cost_usd: 0.0,
            });
            retirements.insert(id, n);
            n
        }
    }
}

/// Leases: one signing per SKU, start and tenor, requiring the cohorts in
/// service that cover the GPUs in use.
fn leases(g: &mut BuildoutGraph, cx: &SiteCx, cohorts: &BTreeMap<&str, Vec<Supplier>>) {
    let (sid, plan) = (cx.sid, cx.plan);
    let mut leases: BTreeMap<(usize, &str, &str), (f64, usize)> = BTreeMap::new();
    for l in plan.leases.iter().filter(|l| l.site == sid) {
        let e = leases
            .entry((cx.at(&l.start), l.sku.as_str(), l.tenor.as_str()))
            .or_insert((0.0, l.tenor_periods));
        e.0 += l.gpus;
    }
    for ((t, sku_id, tenor), (gpus, periods)) in leases {
        let node = g.add(Action {
            id: format!("lease:{sid}:{sku_id}:{}:{tenor}", plan.periods[t]),
            kind: ActionKind::SignLease,
            site: sid.into(),
            sku: Some(sku_id.to_string()),
            label: format!("lease {sku_id} {tenor}"),
            start: t,
            finish: t + periods,
            not_before: 0,
            quantity: gpus,
            unit: "GPUs".into(),
            cost_usd: 0.0,
        });
        let need = cx
            .loads
            .gpus_in_use
            .get(&(sid, t, sku_id))
            .copied()
            .unwrap_or(gpus);
        for c in needed(cohorts.get(sku_id).map_or(&[][..], |v| v), t, need) {
            g.require(c, node, Requires::FinishToStart);
        }
    }
}

/// Training clusters placed at the site, requiring the cohorts of their SKUs
/// in service when they start.
fn training_clusters(g: &mut BuildoutGraph, cx: &SiteCx, cohorts: &BTreeMap<&str, Vec<Supplier>>) {
    let (sid, sc) = (cx.sid, cx.sc);
    for r in cx.plan.training_runs.iter().filter(|r| r.site == sid) {
        let Some(run) = sc.runs.iter().find(|x| x.id == r.id) else {
            continue;
        };
        let (from, to) = (cx.at(&r.from), cx.at(&r.to));
        let node = g.add(Action {
            id: format!("run:{}:{sid}", r.id),
            kind: ActionKind::FormCluster,
            site: sid.into(),
            sku: None,
            label: format!("training run {}", r.id),
            start: from,
            finish: to + 1,
            not_before: run.from,
            quantity: r.gpus * r.share,
            unit: "GPUs".into(),
            cost_usd: 0.0,
        });
        for &k in &run.skus {
            let sku_id = sc.skus[k].id.as_str();
            let Some(list) = cohorts.get(sku_id) else {
                continue;
            };
            let need = cx
                .loads
                .gpus_in_use
                .get(&(sid, from, sku_id))
                .copied()
                .unwrap_or(0.0);
            for c in needed(list, from, need) {
                g.require(c, node, Requires::FinishToStart);
            }
        }
    }
}

/// Labels for the periods actions reach into past the horizon.
fn period_labels(g: &mut BuildoutGraph, sc: &Scenario, plan: &PlanDoc) {
    let horizon = plan.periods.len();
    let last_finish = g.graph.node_weights().map(|a| a.finish).max().unwrap_or(0);
    g.periods = plan.periods.clone();
    if let Some(last) = sc.periods.last() {
        for k in 1..=last_finish.saturating_sub(horizon.saturating_sub(1)) {
            g.periods
                .push(last.plus_months(k as i64 * sc.period_months).to_string());
        }
    }
}
