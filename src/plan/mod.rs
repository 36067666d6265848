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
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use build::build;
pub use doc::GraphDoc;
pub use schedule::{schedule, CycleError, Schedule};

/// What an action is. The order here is the order kinds are listed in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// Develop a greenfield site (land, permits, substation).
    OpenSite,
    /// A grid tranche or PPA starts delivering (a date set outside the plan).
    EnergizeGrid,
    /// Order on-site generation; online after its lead time.
    CommissionTurbines,
    /// Order batteries; online after their lead time.
    CommissionBatteries,
    /// A hall that stands already.
    ExistingHall,
    /// Build a hall phase, from construction start to ready.
    BuildHall,
    /// Units installed before the plan starts.
    ExistingFleet,
    /// Order hardware, from order to delivery (the SKU's lead time).
    OrderHardware,
    /// Install delivered units.
    InstallUnits,
    /// Sign lease contracts: GPUs held from start to the end of the tenor.
    SignLease,
    /// Form a flagship training cluster on one site's fabric.
    FormCluster,
    /// Retire a cohort of units.
    RetireUnits,
}

impl ActionKind {
    pub const ALL: [ActionKind; 12] = [
        ActionKind::OpenSite,
        ActionKind::EnergizeGrid,
        ActionKind::CommissionTurbines,
        ActionKind::CommissionBatteries,
        ActionKind::ExistingHall,
        ActionKind::BuildHall,
        ActionKind::ExistingFleet,
        ActionKind::OrderHardware,
        ActionKind::InstallUnits,
        ActionKind::SignLease,
        ActionKind::FormCluster,
        ActionKind::RetireUnits,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            ActionKind::OpenSite => "open_site",
            ActionKind::EnergizeGrid => "energize_grid",
            ActionKind::CommissionTurbines => "commission_turbines",
            ActionKind::CommissionBatteries => "commission_batteries",
            ActionKind::ExistingHall => "existing_hall",
            ActionKind::BuildHall => "build_hall",
            ActionKind::ExistingFleet => "existing_fleet",
            ActionKind::OrderHardware => "order_hardware",
            ActionKind::InstallUnits => "install_units",
            ActionKind::SignLease => "sign_lease",
            ActionKind::FormCluster => "form_cluster",
            ActionKind::RetireUnits => "retire_units",
        }
    }

    /// A short verb phrase for labels and legends.
    pub fn title(&self) -> &'static str {
        match self {
            ActionKind::OpenSite => "open site",
            ActionKind::EnergizeGrid => "energize",
            ActionKind::CommissionTurbines => "turbines",
            ActionKind::CommissionBatteries => "batteries",
            ActionKind::ExistingHall => "hall (standing)",
            ActionKind::BuildHall => "build hall",
            ActionKind::ExistingFleet => "fleet (installed)",
            ActionKind::OrderHardware => "order",
            ActionKind::InstallUnits => "install",
            ActionKind::SignLease => "lease",
            ActionKind::FormCluster => "training cluster",
            ActionKind::RetireUnits => "retire",
        }
    }

    /// Actions that earn: GPUs put to work, leases, training clusters. The
    /// critical path is traced back from each of them.
    pub fn earns(&self) -> bool {
        matches!(
            self,
            ActionKind::InstallUnits | ActionKind::SignLease | ActionKind::FormCluster
        )
    }

    /// Actions whose date is set outside the plan (a utility's energization
    /// date, what stands already): they cannot move.
    pub fn fixed(&self) -> bool {
        matches!(
            self,
            ActionKind::EnergizeGrid | ActionKind::ExistingHall | ActionKind::ExistingFleet
        )
    }
}

/// How one action requires another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Requires {
    /// The successor starts once the predecessor has finished.
    FinishToStart,
    /// The successor starts no earlier than the predecessor starts (a hall
    /// phase that may start only after an earlier phase has started).
    StartToStart,
}

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
