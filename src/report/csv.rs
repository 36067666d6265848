//! `plan.csv`: the per period × site × SKU rows, flat, for spreadsheets.

use super::plan_doc::PlanDoc;

pub const HEADER: &str = "period,site,sku,units_added,units_retired,units_installed,gpus_internal,gpus_leased,it_load_mw,facility_load_mw,power_available_mw,capex_usd,opex_usd,revenue_usd";

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
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
