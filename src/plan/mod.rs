//! The buildout plan graph: a solved plan as a program of work.
//!
//! Nodes are actions — energize a grid tranche, commission turbines or
//! batteries, build a hall, order hardware, install it, sign a lease, form a
//! training cluster, retire units — each with its site, periods, quantity and
//! cost. Edges say "requires": power and a hall before an install, the order
//! before the delivery, installed hardware before a lease or a cluster.
//!
//! Stages: [`build`] derives the graph from the scenario and the solved plan;
//! [`schedule`] orders it, computes earliest and latest starts, slack and the
//! critical path; [`doc`] is its node-link form in plan.json; [`dot`],
//! [`mermaid`] and [`gantt`] draw it.

pub mod build;
pub mod doc;
pub mod dot;
pub mod gantt;
pub mod mermaid;
pub mod schedule;
pub mod view;

use petgraph::graph::{DiGraph, NodeIndex};

pub use crate::doc::graph::{ActionKind, EdgeDoc, GraphDoc, NodeDoc, Requires};
pub use build::build;
pub use schedule::{schedule, CycleError, Schedule};

/// One action of the buildout. Periods are indices into the horizon;
/// `finish` is the first period the result is available (a hall's ready
/// period, a delivery, the first period after a lease), so an action lasts
/// `finish - start` periods and a milestone has `finish == start`. Indices
/// past the horizon are allowed (a lease running beyond it).
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// Stable, readable identifier: `hall:abilene:bldg-3`.
    pub id: String,
    pub kind: ActionKind,
    pub site: String,
    /// SKU of hardware actions, leases and clusters.
    pub sku: Option<String>,
    /// What a person reads: `build hall bldg-3`.
    pub label: String,
    pub start: usize,
    pub finish: usize,
    /// The earliest period the action may start whatever else happens: site
    /// availability, an order window, a fixed energization date.
    pub not_before: usize,
    pub quantity: f64,
    /// Unit of `quantity`: MW, units, GPUs.
    pub unit: String,
    /// Capital cost, USD (0 for leases, clusters and retirements).
    pub cost_usd: f64,
}

impl Action {
    pub fn duration(&self) -> usize {
        self.finish - self.start
    }
}

/// The buildout as a DAG of actions; edges point from what is required to
/// what requires it.
#[derive(Debug, Clone, Default)]
pub struct BuildoutGraph {
    pub graph: DiGraph<Action, Requires>,
    /// Period labels: the horizon, then as many periods after it as actions
    /// reach into.
    pub periods: Vec<String>,
    /// Periods in the horizon.
    pub horizon: usize,
}

impl BuildoutGraph {
    pub fn add(&mut self, action: Action) -> NodeIndex {
        self.graph.add_node(action)
    }

    /// Records that `successor` requires `predecessor`; a repeated edge is
    /// kept once.
    pub fn require(&mut self, predecessor: NodeIndex, successor: NodeIndex, how: Requires) {
        if predecessor != successor && self.graph.find_edge(predecessor, successor).is_none() {
            self.graph.add_edge(predecessor, successor, how);
        }
    }

    pub fn period(&self, index: usize) -> &str {
        &self.periods[index.min(self.periods.len() - 1)]
    }
}
