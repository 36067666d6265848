//! The plan graph to and from its node-link form in plan.json
//! ([`GraphDoc`], defined with the rest of the document in `doc`):
//! `capplan graph` reads it back, checks it and draws it.

use std::collections::HashMap;

use super::{Action, BuildoutGraph, Schedule};
use crate::doc::graph::{EdgeDoc, GraphDoc, NodeDoc};

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
}
