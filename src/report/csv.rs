//! `plan.csv`: the per period × site × SKU rows, flat, for spreadsheets;
//! `shadow_prices.csv`; and [`line`], the one CSV writer of every capplan
//! CSV (plan, shadow prices, sweeps, comparisons).

use crate::doc::PlanDoc;
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
    let mut out = String::from(SHADOW_PRICES_HEADER);
    out.push('\n');
    let mut row =
        |family: &str, name: String, site: &str, sku: &str, period: &str, v: f64, unit: &str| {
            out.push_str(&format!(
                "{},{},{},{},{},{v},{}\n",
                field(family),
                field(&name),
                field(site),
                field(sku),
                field(period),
                field(unit)
            ));
        };
    for p in &sp.power {
        row(
            "power",
            Family::Power.at(format!("{},{}", p.site, p.period)).full(),
            &p.site,
            "",
            &p.period,
            p.usd_per_mw,
            "usd_per_mw",
        );
    }
    for p in &sp.supply {
        row(
            "supply",
            Family::Supply.at(format!("{},{}", p.sku, p.period)).full(),
            "",
            &p.sku,
            &p.period,
            p.usd_per_unit,
            "usd_per_unit",
        );
    }
    for p in &sp.halls {
        row(
            "halls",
            Family::ItCooling
                .at(format!("{},{},{}", p.site, p.cooling, p.period))
                .full(),
            &p.site,
            "",
            &p.period,
            p.usd_per_mw,
            "usd_per_mw",
        );
    }
    for p in &sp.budget {
        let (name, period) = match &p.period {
            Some(t) => (Family::Budget.at(t.as_str()).full(), t.as_str()),
            None => (Family::BudgetTotal.at("").full(), ""),
        };
        row("budget", name, "", "", period, p.usd_per_usd, "usd_per_usd");
    }
    for p in &sp.market_depth {
        row(
            "market_depth",
            Family::Depth
                .at(format!("{},tier{},{}", p.sku, p.tier, p.period))
                .full(),
            "",
            &p.sku,
            &p.period,
            p.usd_per_gpu,
            "usd_per_gpu",
        );
    }
    for p in &sp.demand_floor {
        row(
            "demand_floor",
            Family::DemandFloor.at(p.period.as_str()).full(),
            "",
            "",
            &p.period,
            p.usd_per_h100e,
            "usd_per_h100e",
        );
    }
    for p in &sp.training_runs {
        row(
            "training_run",
            Family::RunCluster
                .at(format!("{},{},{}", p.run, p.site, p.period))
                .full(),
            &p.site,
            &p.run,
            &p.period,
            p.usd_per_gpu,
            "usd_per_gpu",
        );
    }
    out
}
