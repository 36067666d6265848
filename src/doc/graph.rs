//! The plan graph in plan.json: node-link JSON with each action's schedule.
//! Built by `plan` from its petgraph; read back by `capplan graph`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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

impl GraphDoc {
    /// Number of actions of each kind, in kind order.
    pub fn counts(&self) -> Vec<(ActionKind, usize)> {
        ActionKind::ALL
            .iter()
            .map(|&k| (k, self.nodes.iter().filter(|n| n.kind == k).count()))
            .filter(|(_, c)| *c > 0)
            .collect()
    }
}
