//! Constraint families as a type. Every row of the model belongs to one
//! [`Family`] and is named `family[index]` (`power[memphis,2027Q2]`); the
//! families that read rows back (shadow prices, the elastic diagnosis, the
//! CSV of duals) match on this enum exhaustively, so a family added here
//! must be placed there too, or the build fails.

use std::fmt;

/// A family of rows, in the order `model::build` adds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// `fleet[s,k,t]`: installed units follow deliveries and retirements (fleet.rs).
    Fleet,
    /// `supply[k,t]`: deliveries within the allocation (supply.rs).
    Supply,
    /// `opened_by_grows[s,t]`: a site once open stays open (halls.rs).
    OpenedByGrows,
    /// `hall_started_by_grows[s,h,t]`: a hall once started stays started (halls.rs).
    HallStartedByGrows,
    /// `hall_needs_site[s,h,t]`: halls only on open sites (halls.rs).
    HallNeedsSite,
    /// `hall_phase[s,h,t]`: a later phase after the earlier one (halls.rs).
    HallPhase,
    /// `shell[s]`: the site's shell limit (halls.rs).
    Shell,
    /// `it_cooling[s,c,t]`: IT load within ready hall capacity, per cooling (halls.rs).
    ItCooling,
    /// `power[s,t]`: facility load within the power the site has (power.rs).
    Power,
    /// `energy[s,t]`: energy drawn, by source (power.rs).
    Energy,
    /// `ordered_by_grows[s,b,t]`: generation once ordered stays ordered (power.rs).
    OrderedByGrows,
    /// `gen_cap[s,b,t]`: generation within what was built (power.rs).
    GenCap,
    /// `lease_stock[s,k,t]`: leases hold their GPUs for the tenor (leases.rs).
    LeaseStock,
    /// `lease_tiers[k,n,t]`: what sites sign is sold at the market's tiers (leases.rs).
    LeaseTiers,
    /// `tier_stock[k,tier,t]`: tier stock over the tenor (leases.rs).
    TierStock,
    /// `depth[k,tier,t]`: the market's depth per price tier (leases.rs).
    Depth,
    /// `gpus[s,k,t]`: leased plus internal GPUs within installed GPUs (leases.rs).
    Gpus,
    /// `leased_share_min`: the policy's least leased share (leases.rs).
    LeasedShareMin,
    /// `leased_share_max`: the policy's largest leased share (leases.rs).
    LeasedShareMax,
    /// `demand_cap[t]`: internal use up to the demand (demand.rs).
    DemandCap,
    /// `demand_floor[t]`: the hard floor of internal demand (demand.rs).
    DemandFloor,
    /// `run_once[r]`: each flagship run at exactly one site (demand.rs).
    RunOnce,
    /// `run_cluster[r,s,t]`: the run's GPUs on one site's fabric (demand.rs).
    RunCluster,
    /// `runs_share[s,k,t]`: overlapping runs share a site's internal GPUs (demand.rs).
    RunsShare,
    /// `budget[t]`: capex within the period's budget (budget.rs).
    Budget,
    /// `budget_total`: capex within the cumulative funding (budget.rs).
    BudgetTotal,
    /// `debt_ltv[t]`: debt drawn in t within the loan-to-value share of
    /// t's hardware capex (debt.rs).
    DebtLtv,
    /// `debt_coverage[y]`: year y's debt service × coverage ratio within
    /// contracted lease revenue (and a share of internal value) (debt.rs).
    DebtCoverage,
    /// `tax[y]`: year y's tax at least the rate × income after depreciation
    /// and interest (tax.rs).
    Tax,
    /// `nonanticipative[b:column]`: a decision made before a scenario set's
    /// `decide_by` is the same in branch b as in the first branch (extensive.rs).
    NonAnticipativity,
    /// `cvar_shortfall[b]`: branch b's shortfall below the CVaR threshold η,
    /// $s_b \ge \eta - Z_b$ (extensive.rs).
    CvarShortfall,
    /// `npv_floor`: the blended NPV within the slack of the best, added only
    /// when exploring near-optimal alternatives (metrics.rs).
    NpvFloor,
    /// `peak_mw[t]`: the peak facility load at least period t's, added only
    /// when the peak is minimised among alternatives (metrics.rs).
    PeakMw,
}

impl Family {
    pub const ALL: [Family; 33] = [
        Family::Fleet,
        Family::Supply,
        Family::OpenedByGrows,
        Family::HallStartedByGrows,
        Family::HallNeedsSite,
        Family::HallPhase,
        Family::Shell,
        Family::ItCooling,
        Family::Power,
        Family::Energy,
        Family::OrderedByGrows,
        Family::GenCap,
        Family::LeaseStock,
        Family::LeaseTiers,
        Family::TierStock,
        Family::Depth,
        Family::Gpus,
        Family::LeasedShareMin,
        Family::LeasedShareMax,
        Family::DemandCap,
        Family::DemandFloor,
        Family::RunOnce,
        Family::RunCluster,
        Family::RunsShare,
        Family::Budget,
        Family::BudgetTotal,
        Family::DebtLtv,
        Family::DebtCoverage,
        Family::Tax,
        Family::NonAnticipativity,
        Family::CvarShortfall,
        Family::NpvFloor,
        Family::PeakMw,
    ];

    /// The stable name rows of this family carry before their index.
    pub fn name(self) -> &'static str {
        match self {
            Family::Fleet => "fleet",
            Family::Supply => "supply",
            Family::OpenedByGrows => "opened_by_grows",
            Family::HallStartedByGrows => "hall_started_by_grows",
            Family::HallNeedsSite => "hall_needs_site",
            Family::HallPhase => "hall_phase",
            Family::Shell => "shell",
            Family::ItCooling => "it_cooling",
            Family::Power => "power",
            Family::Energy => "energy",
            Family::OrderedByGrows => "ordered_by_grows",
            Family::GenCap => "gen_cap",
            Family::LeaseStock => "lease_stock",
            Family::LeaseTiers => "lease_tiers",
            Family::TierStock => "tier_stock",
            Family::Depth => "depth",
            Family::Gpus => "gpus",
            Family::LeasedShareMin => "leased_share_min",
            Family::LeasedShareMax => "leased_share_max",
            Family::DemandCap => "demand_cap",
            Family::DemandFloor => "demand_floor",
            Family::RunOnce => "run_once",
            Family::RunCluster => "run_cluster",
            Family::RunsShare => "runs_share",
            Family::Budget => "budget",
            Family::BudgetTotal => "budget_total",
            Family::DebtLtv => "debt_ltv",
            Family::DebtCoverage => "debt_coverage",
            Family::Tax => "tax",
            Family::NonAnticipativity => "nonanticipative",
            Family::CvarShortfall => "cvar_shortfall",
            Family::NpvFloor => "npv_floor",
            Family::PeakMw => "peak_mw",
        }
    }

    /// The row of this family at `index` (`"memphis,2027Q2"`; empty for a
    /// family of one row).
    pub fn at(self, index: impl Into<String>) -> RowName {
        RowName {
            family: self,
            index: index.into(),
        }
    }

    /// The family of a full row name (`power[memphis,2027Q2]` → `Power`).
    pub fn of_name(name: &str) -> Option<Family> {
        let head = name.split('[').next().unwrap_or(name);
        Family::ALL.into_iter().find(|f| f.name() == head)
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A row's family and index, before it becomes the row's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowName {
    pub family: Family,
    /// Comma-separated index (`memphis,2027Q2`), empty for a one-row family.
    pub index: String,
}

impl RowName {
    /// `power[memphis,2027Q2]`, or `budget_total` for a one-row family.
    pub fn full(&self) -> String {
        if self.index.is_empty() {
            self.family.name().to_string()
        } else {
            format!("{}[{}]", self.family.name(), self.index)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_reads_back_from_its_name() {
        for f in Family::ALL {
            assert_eq!(Family::of_name(&f.at("a,b").full()), Some(f));
            assert_eq!(Family::of_name(f.name()), Some(f));
        }
        assert_eq!(Family::of_name("nonsense[x]"), None);
        assert_eq!(Family::Power.at("m,2027Q2").full(), "power[m,2027Q2]");
        assert_eq!(Family::BudgetTotal.at("").full(), "budget_total");
    }
}
