//! The graph as drawn: like actions of one site, kind and start period merged
//! into one box (a plan can sign dozens of leases in a quarter), the critical
//! path marked. DOT, Mermaid and the gantt chart all draw this view.
//!
//! Of the edges into a box, only the latest of each class (power, hall,
//! hardware) is drawn: what the action waited for last. An install needs
//! every power source online before it, but drawing them all would bury the
//! picture; plan.json keeps every edge.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::ActionKind;
use crate::doc::graph::{GraphDoc, NodeDoc};
use crate::units::{money_short, quantity};

pub struct View<'a> {
    /// Sites in the order their first action appears.
    pub sites: Vec<&'a str>,
    pub groups: Vec<Group<'a>>,
    pub edges: Vec<ViewEdge>,
}

pub struct Group<'a> {
    pub site: &'a str,
    pub kind: ActionKind,
    pub members: Vec<&'a NodeDoc>,
    /// Every member has zero slack.
    pub critical: bool,
    /// A member lies on the plan's critical path.
    pub on_path: bool,
}

pub struct ViewEdge {
    pub from: usize,
    pub to: usize,
    pub on_path: bool,
}

/// Classes of predecessor: of each, a box shows only the latest.
fn class(kind: ActionKind) -> Option<u8> {
    match kind {
        ActionKind::EnergizeGrid
        | ActionKind::CommissionTurbines
        | ActionKind::CommissionBatteries => Some(0),
        ActionKind::ExistingHall | ActionKind::BuildHall => Some(1),
        ActionKind::ExistingFleet | ActionKind::InstallUnits => Some(2),
        _ => None,
    }
}

/// Kinds that come in numbers and are merged per site and start period.
fn merges(kind: ActionKind) -> bool {
    matches!(
        kind,
        ActionKind::OrderHardware
            | ActionKind::InstallUnits
            | ActionKind::SignLease
            | ActionKind::RetireUnits
    )
}

impl<'a> View<'a> {
    pub fn new(doc: &'a GraphDoc) -> View<'a> {
        let on_path: BTreeSet<&str> = doc.critical_path.iter().map(|s| s.as_str()).collect();
        let mut sites: Vec<&str> = Vec::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut key_of: HashMap<(&str, ActionKind, &str), usize> = HashMap::new();
        let mut group_of: HashMap<&str, usize> = HashMap::new();
        for n in &doc.nodes {
            if !sites.contains(&n.site.as_str()) {
                sites.push(&n.site);
            }
            // Orders merge by delivery, to match the installs they feed.
            let when = if n.kind == ActionKind::OrderHardware {
                n.finish.as_str()
            } else {
                n.start.as_str()
            };
            let key = (n.site.as_str(), n.kind, when);
            let g = match key_of.get(&key) {
                Some(&g) if merges(n.kind) => g,
                _ => {
                    groups.push(Group {
                        site: &n.site,
                        kind: n.kind,
                        members: Vec::new(),
                        critical: true,
                        on_path: false,
                    });
                    key_of.insert(key, groups.len() - 1);
                    groups.len() - 1
                }
            };
            let grp = &mut groups[g];
            grp.members.push(n);
            grp.critical &= n.critical;
            grp.on_path |= on_path.contains(n.id.as_str());
            group_of.insert(&n.id, g);
        }
        let path_edges: BTreeSet<(&str, &str)> = doc
            .critical_path
            .windows(2)
            .map(|w| (w[0].as_str(), w[1].as_str()))
            .collect();
        let mut edges: BTreeMap<(usize, usize), bool> = BTreeMap::new();
        for e in &doc.edges {
            let (Some(&u), Some(&v)) = (group_of.get(e.from.as_str()), group_of.get(e.to.as_str()))
            else {
                continue;
            };
            if u == v {
                continue;
            }
            *edges.entry((u, v)).or_default() |=
                path_edges.contains(&(e.from.as_str(), e.to.as_str()));
        }
        // The latest predecessor of each class per box, and the critical path.
        let finish = |g: usize| {
            groups[g]
                .members
                .iter()
                .map(|m| m.finish.as_str())
                .max()
                .unwrap_or("")
        };
        let mut latest: BTreeMap<(usize, u8), usize> = BTreeMap::new();
        for &(u, v) in edges.keys() {
            let Some(class) = class(groups[u].kind) else {
                continue;
            };
            let e = latest.entry((v, class)).or_insert(u);
            if (finish(u), u) > (finish(*e), *e) {
                *e = u;
            }
        }
        edges.retain(|&(u, v), on_path| match class(groups[u].kind) {
            Some(c) => *on_path || latest.get(&(v, c)) == Some(&u),
            None => true,
        });
        View {
            sites,
            groups,
            edges: edges
                .into_iter()
                .map(|((from, to), on_path)| ViewEdge { from, to, on_path })
                .collect(),
        }
    }
}

impl Group<'_> {
    pub fn first(&self) -> &NodeDoc {
        self.members[0]
    }

    /// Title line: the action, or the kind and count of a merged box.
    pub fn title(&self) -> String {
        if self.members.len() == 1 {
            return self.first().label.clone();
        }
        let skus: BTreeSet<&str> = self
            .members
            .iter()
            .filter_map(|m| m.sku.as_deref())
            .collect();
        let skus: Vec<&str> = skus.into_iter().collect();
        format!(
            "{} ×{}: {}",
            self.kind.title(),
            self.members.len(),
            skus.join(", ")
        )
    }

    /// Quantity (summed per unit) and capital cost.
    pub fn amount(&self) -> String {
        let mut by_unit: BTreeMap<&str, f64> = BTreeMap::new();
        for m in &self.members {
            *by_unit.entry(m.unit.as_str()).or_default() += m.quantity;
        }
        let mut parts: Vec<String> = by_unit
            .into_iter()
            .filter(|(u, _)| *u != "site")
            .map(|(u, q)| match u.strip_suffix('s') {
                Some(one) if (q - 1.0).abs() < 1e-9 => format!("1 {one}"),
                _ => format!("{} {u}", quantity(q)),
            })
            .collect();
        let cost: f64 = self.members.iter().map(|m| m.cost_usd).sum();
        if cost > 0.0 {
            parts.push(money_short(cost));
        }
        parts.join(" · ")
    }

    /// First start and last finish of the members (period labels sort in
    /// time order).
    pub fn span(&self) -> (&str, &str) {
        let start = self.members.iter().map(|m| m.start.as_str()).min();
        let finish = self.members.iter().map(|m| m.finish.as_str()).max();
        (start.unwrap_or(""), finish.unwrap_or(""))
    }

    /// Periods: one for a milestone, `start → finish` otherwise, and the slack.
    pub fn when(&self) -> String {
        let (start, finish) = self.span();
        let mut s = if finish == start {
            start.to_string()
        } else {
            format!("{start} → {finish}")
        };
        let slack = self
            .members
            .iter()
            .map(|m| m.slack_periods)
            .min()
            .unwrap_or(0);
        if slack > 0 {
            s.push_str(&format!(" · slack {slack}"));
        }
        s
    }
}

/// Fill colour per kind (Okabe–Ito, colour-blind safe), text colour.
pub fn colours(kind: ActionKind) -> (&'static str, &'static str) {
    match kind {
        ActionKind::OpenSite => ("#BBBBBB", "#000000"),
        ActionKind::EnergizeGrid => ("#F0E442", "#000000"),
        ActionKind::CommissionTurbines => ("#E69F00", "#000000"),
        ActionKind::CommissionBatteries => ("#F5C26B", "#000000"),
        ActionKind::ExistingHall => ("#CFE8F7", "#000000"),
        ActionKind::BuildHall => ("#56B4E9", "#000000"),
        ActionKind::ExistingFleet => ("#D6E4F0", "#000000"),
        ActionKind::OrderHardware => ("#E8C4DA", "#000000"),
        ActionKind::InstallUnits => ("#0072B2", "#FFFFFF"),
        ActionKind::SignLease => ("#009E73", "#FFFFFF"),
        ActionKind::FormCluster => ("#CC79A7", "#000000"),
        ActionKind::RetireUnits => ("#EEEEEE", "#555555"),
    }
}

/// The colour of the critical path.
pub const CRITICAL: &str = "#C0392B";
