//! `plan.csv`: the per period × site × SKU rows, flat, for spreadsheets;
//! `shadow_prices.csv`; and [`line`], the one CSV writer of every capplan
//! CSV (plan, shadow prices, sweeps, comparisons).

use crate::doc::PlanDoc;
use crate::doc::{
    BudgetPrice, DemandFloorPrice, DepthPrice, HallPrice, PowerPrice, RunPrice, SupplyPrice,
};
use crate::model::family::Family;

pub const HEADER: &str = "period,site,sku,units_added,units_retired,units_installed,gpus_internal,gpus_leased,it_load_mw,facility_load_mw,power_available_mw,capex_usd,opex_usd,revenue_usd";

/// One CSV line of `fields`, ending in `\n`, each field quoted only where it
/// must be (it holds a comma, a quote or a line break: RFC 4180, by the csv
/// crate).
pub fn line<I, T>(fields: I) -> String
where
    I: IntoIterator<Item = T>,
    T: AsRef<[u8]>,
{
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(fields).expect("writing to memory");
    let bytes = w.into_inner().expect("writing to memory");
    String::from_utf8(bytes).expect("fields are UTF-8")
}

/// One CSV field, quoted where it must be (for a line built by hand). An
/// empty field stays empty (the csv crate quotes a record's only field when
/// it is empty, to tell it from a blank line).
pub fn field(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    line([s]).trim_end_matches('\n').to_string()
}

pub fn plan_csv(plan: &PlanDoc) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for r in &plan.rows {
        let nums = [
            r.units_added,
            r.units_retired,
            r.units_installed,
            r.gpus_internal,
            r.gpus_leased,
            r.it_load_mw,
            r.facility_load_mw,
            r.power_available_mw,
            r.capex_usd,
            r.opex_usd,
            r.revenue_usd,
        ];
        let nums: Vec<String> = nums.iter().map(|x| format!("{x}")).collect();
        out.push_str(&format!(
            "{},{},{},{}\n",
            field(&r.period),
            field(&r.site),
            field(&r.sku),
            nums.join(",")
        ));
    }
    out
}

pub const SHADOW_PRICES_HEADER: &str = "family,constraint,site,sku,period,value_usd,unit";

/// `shadow_prices.csv`: one row per priced constraint, in plan.json's order:
/// family, the row's name, site, SKU (or run), period, NPV per unit of
/// relaxing it (USD), and the unit.
pub fn shadow_prices_csv(plan: &PlanDoc) -> String {
    let sp = &plan.shadow_prices;
    let rows = (sp.power.iter().map(PriceLine::power))
        .chain(sp.supply.iter().map(PriceLine::supply))
        .chain(sp.halls.iter().map(PriceLine::halls))
        .chain(sp.budget.iter().map(PriceLine::budget))
        .chain(sp.market_depth.iter().map(PriceLine::market_depth))
        .chain(sp.demand_floor.iter().map(PriceLine::demand_floor))
        .chain(sp.training_runs.iter().map(PriceLine::training_run));
    let mut out = String::from(SHADOW_PRICES_HEADER);
    out.push('\n');
    for r in rows {
        out.push_str(&r.line());
    }
    out
}

/// One line of `shadow_prices.csv`: a price and the row it prices.
struct PriceLine<'a> {
    family: &'static str,
    /// The row's name, `power[memphis,2027Q2]`.
    name: String,
    site: &'a str,
    /// The SKU, or the training run.
    sku: &'a str,
    period: &'a str,
    value_usd: f64,
    unit: &'static str,
}

impl<'a> PriceLine<'a> {
    fn line(&self) -> String {
        format!(
            "{},{},{},{},{},{},{}\n",
            field(self.family),
            field(&self.name),
            field(self.site),
            field(self.sku),
            field(self.period),
            self.value_usd,
            field(self.unit)
        )
    }

    fn power(p: &'a PowerPrice) -> Self {
        PriceLine {
            family: "power",
            name: Family::Power.at(format!("{},{}", p.site, p.period)).full(),
            site: &p.site,
            sku: "",
            period: &p.period,
            value_usd: p.usd_per_mw,
            unit: "usd_per_mw",
        }
    }

    fn supply(p: &'a SupplyPrice) -> Self {
        PriceLine {
            family: "supply",
            name: Family::Supply.at(format!("{},{}", p.sku, p.period)).full(),
            site: "",
            sku: &p.sku,
            period: &p.period,
            value_usd: p.usd_per_unit,
            unit: "usd_per_unit",
        }
    }

    fn halls(p: &'a HallPrice) -> Self {
        PriceLine {
            family: "halls",
            name: Family::ItCooling
                .at(format!("{},{},{}", p.site, p.cooling, p.period))
                .full(),
            site: &p.site,
            sku: "",
            period: &p.period,
            value_usd: p.usd_per_mw,
            unit: "usd_per_mw",
        }
    }

    /// A period's budget, or the whole horizon's (no period).
    fn budget(p: &'a BudgetPrice) -> Self {
        let (name, period) = match &p.period {
            Some(t) => (Family::Budget.at(t.as_str()).full(), t.as_str()),
            None => (Family::BudgetTotal.at("").full(), ""),
        };
        PriceLine {
            family: "budget",
            name,
            site: "",
            sku: "",
            period,
            value_usd: p.usd_per_usd,
            unit: "usd_per_usd",
        }
    }

    fn market_depth(p: &'a DepthPrice) -> Self {
        PriceLine {
            family: "market_depth",
            name: Family::Depth
                .at(format!("{},tier{},{}", p.sku, p.tier, p.period))
                .full(),
            site: "",
            sku: &p.sku,
            period: &p.period,
            value_usd: p.usd_per_gpu,
            unit: "usd_per_gpu",
        }
    }

    fn demand_floor(p: &'a DemandFloorPrice) -> Self {
        PriceLine {
            family: "demand_floor",
            name: Family::DemandFloor.at(p.period.as_str()).full(),
            site: "",
            sku: "",
            period: &p.period,
            value_usd: p.usd_per_h100e,
            unit: "usd_per_h100e",
        }
    }

    /// A training run's cluster row: the run goes in the SKU column.
    fn training_run(p: &'a RunPrice) -> Self {
        PriceLine {
            family: "training_run",
            name: Family::RunCluster
                .at(format!("{},{},{}", p.run, p.site, p.period))
                .full(),
            site: &p.site,
            sku: &p.run,
            period: &p.period,
            value_usd: p.usd_per_gpu,
            unit: "usd_per_gpu",
        }
    }
}
