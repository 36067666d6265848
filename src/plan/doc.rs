//! The plan graph in plan.json: node-link JSON with each action's schedule.
//! `capplan graph` reads it back, checks it and draws it.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Action, ActionKind, BuildoutGraph, Requires, Schedule};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct GraphDoc {
    /// Period labels: the horizon, then the periods actions run into past it.
    pub periods: Vec<String>,
    /// Periods in the horizon.
    pub horizon_periods: usize,
    pub nodes: Vec<NodeDoc>,
    /// "Requires" edges, from the action required to the one requiring it.
    pub edges: Vec<EdgeDoc>,
    /// Ids of the plan's critical path, first action first: the longest chain
    /// of zero-slack actions that ends at an earning action.
    pub critical_path: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct NodeDoc {
    pub id: String,
    pub kind: ActionKind,
    pub site: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    pub label: String,
    /// Planned start period.
    pub start: String,
    /// First period the result is there (equal to start for a milestone).
    pub finish: String,
    pub duration_periods: usize,
    /// The action's own window opens here (availability, lead time, a fixed date).
    pub not_before: String,
    pub quantity: f64,
    /// Unit of quantity: MW, units, GPUs, site.
    pub unit: String,
    /// Capital cost, USD.
    pub cost_usd: f64,
    /// Puts GPUs to work (installs, leases, training clusters).
    pub earns: bool,
    /// Earliest start given what it requires and its window.
    pub earliest_start: String,
    /// Latest start that delays no earning action (may lie past the horizon).
    pub latest_start: String,
    /// Periods the action can slip from its planned start; 0 is critical.
    pub slack_periods: i64,
    pub critical: bool,
    /// The critical predecessor that finishes exactly when this starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub driven_by: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, JsonSchema)]
pub struct EdgeDoc {
    pub from: String,
    pub to: String,
    pub requires: Requires,
}

/// A label for period index `i`, extending past the known labels by count.
fn label(periods: &[String], i: i64) -> String {
    match usize::try_from(i).ok().and_then(|i| periods.get(i)) {
        Some(p) => p.clone(),
        None if i < 0 => format!("{} - {}", periods.first().map_or("", |s| s), -i),
        None => format!(
            "{} + {}",
            periods.last().map_or("", |s| s),
            i + 1 - periods.len() as i64
        ),
    }
}

impl GraphDoc {
    pub fn new(g: &BuildoutGraph, s: &Schedule) -> GraphDoc {
        let p = &g.periods;
        let nodes = g
            .graph
            .node_indices()
            .map(|n| {
                let a = &g.graph[n];
                let i = n.index();
                NodeDoc {
                    id: a.id.clone(),
                    kind: a.kind,
                    site: a.site.clone(),
                    sku: a.sku.clone(),
                    label: a.label.clone(),
                    start: label(p, a.start as i64),
                    finish: label(p, a.finish as i64),
                    duration_periods: a.duration(),
                    not_before: label(p, a.not_before as i64),
                    quantity: (a.quantity * 1e6).round() / 1e6,
                    unit: a.unit.clone(),
                    cost_usd: (a.cost_usd * 100.0).round() / 100.0,
                    earns: a.kind.earns(),
                    earliest_start: label(p, s.earliest_start[i] as i64),
                    latest_start: label(p, s.latest_start[i]),
                    slack_periods: s.slack[i],
                    critical: s.is_critical(n),
                    driven_by: s.driver[i].map(|d| g.graph[d].id.clone()),
                }
            })
            .collect();
        let edges = g
            .graph
            .edge_indices()
            .map(|e| {
                let (u, v) = g.graph.edge_endpoints(e).expect("edge has endpoints");
                EdgeDoc {
                    from: g.graph[u].id.clone(),
                    to: g.graph[v].id.clone(),
                    requires: g.graph[e],
                }
            })
            .collect();
        GraphDoc {
            periods: p.clone(),
            horizon_periods: g.horizon,
            nodes,
            edges,
            critical_path: s
                .critical_path
                .iter()
                .map(|&n| g.graph[n].id.clone())
                .collect(),
        }
    }

    /// The graph back from its document, to check and re-schedule it.
    pub fn to_graph(&self) -> Result<BuildoutGraph, String> {
        let index: HashMap<&str, usize> = self
            .periods
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), i))
            .collect();
        let at = |what: &str, id: &str, p: &str| {
            index.get(p).copied().ok_or_else(|| {
                format!("graph.nodes[{id}].{what}: period `{p}` is not in graph.periods")
            })
        };
        let mut g = BuildoutGraph {
            periods: self.periods.clone(),
            horizon: self.horizon_periods,
            ..Default::default()
        };
        let mut ids = HashMap::new();
        for n in &self.nodes {
            let start = at("start", &n.id, &n.start)?;
            let finish = at("finish", &n.id, &n.finish)?;
            if finish < start {
                return Err(format!(
                    "graph.nodes[{}]: finish {} is before start {}",
                    n.id, n.finish, n.start
                ));
            }
            let node = g.add(Action {
                id: n.id.clone(),
                kind: n.kind,
                site: n.site.clone(),
                sku: n.sku.clone(),
                label: n.label.clone(),
                start,
                finish,
                not_before: at("not_before", &n.id, &n.not_before)?,
                quantity: n.quantity,
                unit: n.unit.clone(),
                cost_usd: n.cost_usd,
            });
            if ids.insert(n.id.as_str(), node).is_some() {
                return Err(format!("graph.nodes: id `{}` appears twice", n.id));
            }
        }
        for (i, e) in self.edges.iter().enumerate() {
            let end = |id: &str| {
                ids.get(id)
                    .copied()
                    .ok_or_else(|| format!("graph.edges[{i}]: no node has id `{id}`"))
            };
            let (u, v) = (end(&e.from)?, end(&e.to)?);
            g.graph.add_edge(u, v, e.requires);
        }
        Ok(g)
    }

    /// Number of actions of each kind, in kind order.
    pub fn counts(&self) -> Vec<(ActionKind, usize)> {
        ActionKind::ALL
            .iter()
            .map(|&k| (k, self.nodes.iter().filter(|n| n.kind == k).count()))
            .filter(|(_, c)| *c > 0)
            .collect()
    }
}
