//! Schedule analysis of the buildout graph: topological order, earliest and
//! latest starts, slack and critical paths (the critical path method, in
//! whole periods).
//!
//! - Earliest start: as soon as what an action requires allows, and not
//!   before its own window opens (`not_before`: site availability, an order
//!   window, an energization date).
//! - Latest start: as late as it can go without moving any earning action
//!   (installs, leases, clusters) off its planned start. Earning actions and
//!   retirements are anchored at their planned start; an action nothing
//!   earning needs can slip to the end of the horizon. A fixed date (a grid
//!   tranche) has slack too: how late it could come without costing anything.
//! - Slack: latest minus planned start, in periods; 0 is critical.
//! - The critical path to an action follows, backwards, the critical
//!   predecessor that finishes exactly when the action starts (its driver).
//!   The plan's critical path is the longest such chain.

use std::collections::VecDeque;
use std::fmt;

use petgraph::algo::{tarjan_scc, toposort};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use super::{ActionKind, BuildoutGraph, Requires};

/// The schedule of every action, indexed like the graph's nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// Actions in an order where each comes after everything it requires.
    pub order: Vec<NodeIndex>,
    pub earliest_start: Vec<usize>,
    pub latest_start: Vec<i64>,
    /// Latest minus planned start, periods.
    pub slack: Vec<i64>,
    /// The critical predecessor that holds each critical action back.
    pub driver: Vec<Option<NodeIndex>>,
    /// The longest chain of critical actions ending at an earning action,
    /// first action first.
    pub critical_path: Vec<NodeIndex>,
}

impl Schedule {
    pub fn is_critical(&self, n: NodeIndex) -> bool {
        self.slack[n.index()] == 0
    }

    /// The chain of drivers ending at `n`, first action first.
    pub fn path_to(&self, n: NodeIndex) -> Vec<NodeIndex> {
        let mut path = vec![n];
        let mut cur = n;
        while let Some(d) = self.driver[cur.index()] {
            if path.contains(&d) {
                break;
            }
            path.push(d);
            cur = d;
        }
        path.reverse();
        path
    }
}

/// The graph has a cycle: these actions require each other in a ring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleError {
    /// Ids of the actions on the cycle, in order; the first requires the last.
    pub actions: Vec<String>,
}

impl fmt::Display for CycleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the plan graph has a cycle: ")?;
        for a in &self.actions {
            write!(f, "{a} → ")?;
        }
        write!(
            f,
            "{} (each requires the one before it)",
            self.actions.first().map_or("", |s| s.as_str())
        )
    }
}

impl std::error::Error for CycleError {}

/// A cycle through `start`, which lies on one (from `toposort`).
fn cycle_through(g: &BuildoutGraph, start: NodeIndex) -> Vec<NodeIndex> {
    let scc = tarjan_scc(&g.graph)
        .into_iter()
        .find(|c| c.contains(&start))
        .unwrap_or_default();
    // Shortest path start → … → start inside the component.
    let mut prev = vec![None; g.graph.node_count()];
    let mut queue = VecDeque::from([start]);
    while let Some(u) = queue.pop_front() {
        for w in g.graph.neighbors_directed(u, Direction::Outgoing) {
            if !scc.contains(&w) {
                continue;
            }
            if w == start {
                let mut cycle = vec![u];
                let mut cur = u;
                while let Some(p) = prev[cur.index()] {
                    cycle.push(p);
                    cur = p;
                }
                cycle.reverse();
                return cycle;
            }
            if prev[w.index()].is_none() && w != start {
                prev[w.index()] = Some(u);
                queue.push_back(w);
            }
        }
    }
    vec![start]
}

fn anchored(kind: ActionKind) -> bool {
    kind.earns() || kind == ActionKind::RetireUnits
}

/// Orders and schedules the graph; a cycle is an error naming its actions.
pub fn schedule(g: &BuildoutGraph) -> Result<Schedule, CycleError> {
    let order = toposort(&g.graph, None).map_err(|c| CycleError {
        actions: cycle_through(g, c.node_id())
            .into_iter()
            .map(|n| g.graph[n].id.clone())
            .collect(),
    })?;
    let es = earliest_starts(g, &order);
    let ls = latest_starts(g, &order);
    let slack: Vec<i64> = g
        .graph
        .node_indices()
        .map(|v| ls[v.index()] - g.graph[v].start as i64)
        .collect();
    let driver = drivers(g, &slack);
    let mut sched = Schedule {
        order,
        earliest_start: es,
        latest_start: ls,
        slack,
        driver,
        critical_path: Vec::new(),
    };
    sched.critical_path = critical_path(g, &sched);
    Ok(sched)
}

/// Earliest start of each action: its own earliest, then what it requires
/// (forward pass over the topological order).
fn earliest_starts(g: &BuildoutGraph, order: &[NodeIndex]) -> Vec<usize> {
    let a = |i: NodeIndex| &g.graph[i];
    let mut es = vec![0usize; g.graph.node_count()];
    for &v in order {
        let mut t = a(v).not_before;
        for e in g.graph.edges_directed(v, Direction::Incoming) {
            let u = e.source();
            t = t.max(match e.weight() {
                Requires::FinishToStart => es[u.index()] + a(u).duration(),
                Requires::StartToStart => es[u.index()],
            });
        }
        es[v.index()] = t;
    }
    es
}

/// Latest start of each action without delaying what requires it or, for
/// actions not anchored, the horizon end (backward pass).
fn latest_starts(g: &BuildoutGraph, order: &[NodeIndex]) -> Vec<i64> {
    let mut ls = vec![0i64; g.graph.node_count()];
    for &v in order.iter().rev() {
        let act = &g.graph[v];
        let dur = act.duration() as i64;
        let mut t = if anchored(act.kind) {
            act.start as i64
        } else {
            (act.start as i64).max(g.horizon as i64 - dur)
        };
        for e in g.graph.edges_directed(v, Direction::Outgoing) {
            let w = e.target();
            t = t.min(match e.weight() {
                Requires::FinishToStart => ls[w.index()] - dur,
                Requires::StartToStart => ls[w.index()],
            });
        }
        ls[v.index()] = t;
    }
    ls
}

/// For each critical action, the critical predecessor that holds it back.
fn drivers(g: &BuildoutGraph, slack: &[i64]) -> Vec<Option<NodeIndex>> {
    let a = |i: NodeIndex| &g.graph[i];
    let mut driver = vec![None; g.graph.node_count()];
    for v in g.graph.node_indices() {
        if slack[v.index()] != 0 {
            continue;
        }
        let start = a(v).start;
        driver[v.index()] = g
            .graph
            .edges_directed(v, Direction::Incoming)
            .filter(|e| {
                let u = e.source();
                slack[u.index()] == 0
                    && match e.weight() {
                        Requires::FinishToStart => a(u).finish == start,
                        Requires::StartToStart => a(u).start == start,
                    }
            })
            .map(|e| e.source())
            // The longest predecessor holds it back most; ties by order built.
            .max_by(|&x, &y| {
                a(x).duration()
                    .cmp(&a(y).duration())
                    .then(y.index().cmp(&x.index()))
            });
    }
    driver
}

/// The plan's critical path: the chain with the longest lead (first start
/// to the earning action's start), then the most steps, then the earliest.
/// (lead, steps, -start) is compared; ties go to the chain built first.
fn critical_path(g: &BuildoutGraph, sched: &Schedule) -> Vec<NodeIndex> {
    let a = |i: NodeIndex| &g.graph[i];
    let mut best: Option<(usize, usize, usize, Vec<NodeIndex>)> = None;
    for v in g.graph.node_indices() {
        if !a(v).kind.earns() || !sched.is_critical(v) {
            continue;
        }
        let path = sched.path_to(v);
        let lead = a(v).start - a(path[0]).start;
        let key = (lead, path.len(), a(v).start);
        let better = match &best {
            None => true,
            Some((l, n, s, _)) => {
                (key.0, key.1) > (*l, *n) || ((key.0, key.1) == (*l, *n) && key.2 < *s)
            }
        };
        if better && path.len() > 1 {
            best = Some((lead, path.len(), a(v).start, path));
        }
    }
    best.map(|b| b.3).unwrap_or_default()
}
