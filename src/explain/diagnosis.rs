//! An infeasible plan, explained: the elastic model's shortfalls (see
//! [`super::elastic`]) grouped by rule and place, each put in user terms and
//! pointed at the file, line and field that sets the limit, with what else
//! would fix it. Rendered as [`Diagnostic`]s, the house style of input errors.

use std::collections::BTreeMap;

use crate::catalog::load::{Entry, Loaded};
use crate::catalog::sku::Cooling;
use crate::catalog::{Diagnostic, Diagnostics};
use crate::scenario::Scenario;

use super::elastic::{Rule, Shortfall};
use super::period_ranges;
use crate::units::{count, money_exact, mw_unit};

/// Where the numbers of a scenario were written: plan or catalog, line, YAML path.
pub struct Where<'a> {
    pub l: &'a Loaded,
    pub sc: &'a Scenario,
}

impl<'a> Where<'a> {
    pub fn new(l: &'a Loaded, sc: &'a Scenario) -> Self {
        Where { l, sc }
    }

    fn entry_diag<T>(&self, entry: &Entry<T>, rel: &str, d: Diagnostic) -> Diagnostic {
        self.l.diag_in(entry, rel, d)
    }

    /// `rel` inside site `s` (`power[1].mw`), in the plan if it overrides it.
    pub fn site(&self, s: usize, rel: &str, d: Diagnostic) -> Diagnostic {
        self.entry_diag(&self.l.sites[&self.sc.sites[s].id], rel, d)
    }

    /// `rel` inside SKU `k` (`lead_time`).
    pub fn sku(&self, k: usize, rel: &str, d: Diagnostic) -> Diagnostic {
        self.entry_diag(&self.l.skus[&self.sc.skus[k].id], rel, d)
    }

    /// A path in the plan file.
    pub fn plan(&self, path: &str, d: Diagnostic) -> Diagnostic {
        self.l.plan_diag(d, path)
    }

    /// The firm source (grid or PPA) of site `s` to raise for period `t`: the
    /// largest energized by `t`, else the first to energize.
    pub fn firm_power(&self, s: usize, t: usize, d: Diagnostic) -> Diagnostic {
        let site = &self.sc.sites[s];
        let raw = &self.l.sites[&site.id].value.power;
        let energized = site
            .firm
            .iter()
            .filter(|f| f.from.is_some_and(|from| from <= t))
            .max_by(|a, b| a.mw.total_cmp(&b.mw));
        let (f, field) = match energized {
            Some(f) => (Some(f), "mw"),
            None => (site.firm.iter().min_by_key(|f| f.from), "energize"),
        };
        match f.and_then(|f| raw.iter().position(|p| p.id == f.id)) {
            Some(i) => self.site(s, &format!("power[{i}].{field}"), d),
            None => self.site(s, "power", d),
        }
    }

    /// The hall of cooling `c` at site `s` to enlarge: the largest of that type.
    pub fn hall(&self, s: usize, c: Cooling, d: Diagnostic) -> Diagnostic {
        let halls = &self.sc.sites[s].halls;
        let best = (0..halls.len())
            .filter(|&h| halls[h].cooling == c)
            .max_by(|&a, &b| halls[a].it_mw.total_cmp(&halls[b].it_mw));
        match best {
            Some(h) => self.site(s, &format!("halls[{h}].it_mw"), d),
            None => self.site(s, "halls", d),
        }
    }

    /// The allocation step of SKU `k` in force in period `t`.
    pub fn allocation(&self, k: usize, t: usize, d: Diagnostic) -> Diagnostic {
        let id = &self.sc.skus[k].id;
        let steps = &self.l.plan.skus[id].allocation;
        let p = self.sc.periods[t];
        match steps
            .iter()
            .rposition(|a| a.from.start_month <= p.start_month)
        {
            Some(i) => self.plan(&format!("skus.{id}.allocation[{i}].units_per_period"), d),
            None => self.plan(&format!("skus.{id}.allocation"), d),
        }
    }

    /// The capex budget step in force in period `t`.
    pub fn budget(&self, t: usize, d: Diagnostic) -> Diagnostic {
        let steps = &self.l.plan.finance.capex_budget;
        let p = self.sc.periods[t];
        match steps
            .iter()
            .rposition(|b| b.from.start_month <= p.start_month)
        {
            Some(i) => self.plan(&format!("finance.capex_budget[{i}].usd_per_period"), d),
            None => self.plan("finance.capex_budget", d),
        }
    }

    /// The internal demand step in force in period `t`.
    pub fn demand(&self, t: usize, d: Diagnostic) -> Diagnostic {
        let steps = &self.l.plan.demand.h100e;
        let p = self.sc.periods[t];
        match steps
            .iter()
            .rposition(|x| x.from.start_month <= p.start_month)
        {
            Some(i) => self.plan(&format!("demand.h100e[{i}].h100e"), d),
            None => self.plan("demand", d),
        }
    }

    /// Training run `r`'s field `rel` in the plan.
    pub fn run(&self, r: usize, rel: &str, d: Diagnostic) -> Diagnostic {
        self.plan(&format!("demand.training_runs[{r}].{rel}"), d)
    }
}

/// If no unit of any SKU in `skus` can be in service at site `s` (any site if
/// `None`) by period `t`: the SKU that arrives first, and when (`None`: never).
pub fn nothing_arrives_by(
    sc: &Scenario,
    skus: &[usize],
    s: Option<usize>,
    t: usize,
) -> Option<(usize, Option<usize>)> {
    let installed = |k: usize| {
        let sku = &sc.skus[k];
        t < sku.preinstalled_periods_left()
            && sku
                .installed_at_start
                .iter()
                .any(|&(site, n)| n > 0.0 && s.is_none_or(|x| x == site))
    };
    let site_start = s.map(|s| sc.sites[s].earliest_start).unwrap_or(0);
    let arrives = |k: usize| sc.skus[k].first_delivery.max(site_start);
    if skus.iter().any(|&k| installed(k) || arrives(k) <= t) {
        return None;
    }
    let k = *skus.iter().min_by_key(|&&k| arrives(k))?;
    let first = arrives(k);
    Some((k, (first < sc.num_periods()).then_some(first)))
}

/// A sentence on why nothing can be in service by `t`, with a pointer to the
/// lead time (or availability) of the SKU that would arrive first.
pub fn arrival_note(w: &Where, k: usize, first: Option<usize>) -> (String, Diagnostic) {
    let sc = w.sc;
    let sku = &sc.skus[k];
    let when = first
        .map(|f| format!("from {} at the earliest", sc.periods[f]))
        .unwrap_or_else(|| "not within the horizon".into());
    let field = if sku.lead_periods >= sku.first_delivery {
        "lead_time"
    } else {
        "available_from"
    };
    let lead = &w.l.skus[&sku.id].value.lead_time;
    let text = format!(
        "no {} can be in service before then: it arrives {when} ({field} {lead})",
        sku.id
    );
    let d = w.sku(k, field, Diagnostic::error("lead-time", text.clone()));
    (text, d)
}

/// Rows of one rule at one place (site, SKU, run…), over periods.
struct Group {
    family: Rule,
    /// Index arguments without the period.
    key: Vec<String>,
    /// (period index, shortfall, right-hand side).
    periods: Vec<(usize, f64, f64)>,
}

/// The shortfalls of the elastic model, as located diagnostics, one per rule
/// and place; ordered by rule (resources first), then place, then period.
pub fn diagnose(w: &Where, shortfalls: &[Shortfall]) -> Diagnostics {
    let sc = w.sc;
    let mut groups: BTreeMap<(Rule, Vec<String>), Group> = BTreeMap::new();
    for sf in shortfalls {
        let (key, t) = match sf.args.last().and_then(|p| period_index(sc, p)) {
            Some(t) => (sf.args[..sf.args.len() - 1].to_vec(), Some(t)),
            None => (sf.args.clone(), None),
        };
        let g = groups.entry((sf.family, key.clone())).or_insert(Group {
            family: sf.family,
            key,
            periods: Vec::new(),
        });
        g.periods.push((t.unwrap_or(usize::MAX), sf.amount, sf.rhs));
    }
    let mut out = Vec::new();
    for g in groups.values() {
        out.push(describe(w, g));
    }
    Diagnostics(out)
}

fn period_index(sc: &Scenario, label: &str) -> Option<usize> {
    sc.periods.iter().position(|p| p.to_string() == label)
}

/// What a group's message draws on: when it is short, by how much, against what.
struct Facts<'g> {
    g: &'g Group,
    /// ` in 2027Q1–2027Q3`, or nothing for a rule without periods.
    when: String,
    /// The first period short (0 for a rule without periods).
    t0: usize,
    /// The largest shortfall over the periods.
    most: f64,
    /// The right-hand side of the first row.
    rhs0: f64,
}

impl<'g> Facts<'g> {
    fn new(sc: &Scenario, g: &'g Group) -> Self {
        let ts: Vec<usize> = g
            .periods
            .iter()
            .map(|p| p.0)
            .filter(|&t| t != usize::MAX)
            .collect();
        let when = if ts.is_empty() {
            String::new()
        } else {
            format!(" in {}", period_ranges(sc, &ts))
        };
        let t0 = ts.first().copied().unwrap_or(0);
        let most = g.periods.iter().map(|p| p.1).fold(0.0, f64::max);
        let (_, _, rhs0) = g.periods[0];
        Facts {
            g,
            when,
            t0,
            most,
            rhs0,
        }
    }

    /// Index argument `i` of the rule (site, SKU, run…), or "" past the end.
    fn key(&self, i: usize) -> &'g str {
        self.g.key.get(i).map(String::as_str).unwrap_or("")
    }
}

fn describe(w: &Where, g: &Group) -> Diagnostic {
    let f = Facts::new(w.sc, g);
    match g.family {
        Rule::Power | Rule::Energy => power_short(w, &f),
        Rule::Halls => hall_space_short(w, &f),
        Rule::Shell => shell_short(w, &f),
        Rule::Supply => supply_short(w, &f),
        Rule::Budget => budget_short(w, &f),
        Rule::BudgetTotal => cumulative_budget_short(w, &f),
        Rule::DemandFloor => demand_floor_unmet(w, &f),
        Rule::DemandCap => demand_below_runs(w, &f),
        Rule::TrainingRun => training_run_short(w, &f),
        Rule::LeasedShareMin | Rule::LeasedShareMax => leased_share(w, &f),
    }
}

/// Power (peak) or energy (average) short at a site, pointed at its firm source.
fn power_short(w: &Where, f: &Facts) -> Diagnostic {
    let sc = w.sc;
    let (when, t0, most) = (&f.when, f.t0, f.most);
    let s = sc.site(f.key(0)).unwrap_or(0);
    let firm_mw = sc.sites[s].firm_mw_by(t0);
    let what = if f.g.family == Rule::Power {
        "of power (facility peak: IT × PUE)"
    } else {
        "of energy (average draw: load factor × peak, from grid, PPAs and generators)"
    };
    let d = Diagnostic::error(
        "power-short",
        format!(
            "site {} is {} short {what}{when}; it has {} of grid and PPA by {}",
            f.key(0),
            mw_unit(most),
            mw_unit(firm_mw),
            sc.periods[t0]
        ),
    )
    .with_hint(format!(
        "raise this source's MW by {}, energize a tranche sooner, or allow more gas or batteries (`max_mw`); or ask less of {}: a lower demand floor, a run moved elsewhere or later",
        mw_unit(most),
        f.key(0)
    ));
    w.firm_power(s, t0, d)
}

fn hall_space_short(w: &Where, f: &Facts) -> Diagnostic {
    let sc = w.sc;
    let (when, most) = (&f.when, f.most);
    let s = sc.site(f.key(0)).unwrap_or(0);
    let c = if f.key(1) == "liquid" {
        Cooling::Liquid
    } else {
        Cooling::Air
    };
    let d = Diagnostic::error(
        "hall-space-short",
        format!(
            "site {} is {} short of ready {} hall space (IT MW){when}",
            f.key(0),
            mw_unit(most),
            f.key(1)
        ),
    )
    .with_hint(format!(
        "enlarge a {} hall by {}, or let one be ready sooner (`ready`, `earliest_start`, `build_time`); or ask less of {}",
        f.key(1),
        mw_unit(most),
        f.key(0)
    ));
    w.hall(s, c, d)
}

fn shell_short(w: &Where, f: &Facts) -> Diagnostic {
    let s = w.sc.site(f.key(0)).unwrap_or(0);
    let d = Diagnostic::error(
        "shell-short",
        format!(
            "site {}'s shell is {} too small for the halls it needs",
            f.key(0),
            mw_unit(f.most)
        ),
    )
    .with_hint(format!("raise `shell_mw` by {}", mw_unit(f.most)));
    w.site(s, "shell_mw", d)
}

/// A SKU's allocation short, pointed at its allocation in the first period short.
fn supply_short(w: &Where, f: &Facts) -> Diagnostic {
    let (when, most) = (&f.when, f.most);
    let k = w.sc.sku(f.key(0)).unwrap_or(0);
    let d = Diagnostic::error(
        "supply-short",
        format!(
            "{} allocation is {} units short{when} (has {} a period)",
            f.key(0),
            count(most.ceil()),
            count(f.rhs0)
        ),
    )
    .with_hint(format!(
        "raise `units_per_period` by {}, or start the allocation sooner; or ask for fewer GPUs that early",
        count(most.ceil())
    ));
    w.allocation(k, f.t0, d)
}

/// The per-period capex budget short.
fn budget_short(w: &Where, f: &Facts) -> Diagnostic {
    let (when, most) = (&f.when, f.most);
    let d = Diagnostic::error(
        "budget-short",
        format!(
            "the capex budget is {} short{when} (has {} a period)",
            money_exact(most * 1e6),
            money_exact(f.rhs0 * 1e6)
        ),
    )
    .with_hint(format!(
        "raise `usd_per_period` by {}, or spread the buildout over more periods (a later run or floor)",
        money_exact(most * 1e6)
    ));
    w.budget(f.t0, d)
}

fn cumulative_budget_short(w: &Where, f: &Facts) -> Diagnostic {
    let most = f.most;
    let d = Diagnostic::error(
        "budget-short",
        format!(
            "the cumulative capex budget is {} short (has {})",
            money_exact(most * 1e6),
            money_exact(f.rhs0 * 1e6)
        ),
    )
    .with_hint(format!(
        "raise `cumulative_capex_usd` by {}",
        money_exact(most * 1e6)
    ));
    w.plan("finance.cumulative_capex_usd", d)
}

/// The internal demand floor unmet, with why nothing arrives in time if so.
fn demand_floor_unmet(w: &Where, f: &Facts) -> Diagnostic {
    let sc = w.sc;
    let when = &f.when;
    let all: Vec<usize> = (0..sc.skus.len()).collect();
    let mut msg = format!(
        "the internal demand floor cannot be met{when}: {} H100e short of the {} required",
        count(f.most.ceil()),
        count(f.rhs0)
    );
    if let Some((k, first)) = nothing_arrives_by(sc, &all, None, f.t0) {
        msg.push_str(&format!("; {}", arrival_note(w, k, first).0));
    }
    let d = Diagnostic::error("demand-floor-unmet", msg).with_hint(
        "lower `floor_fraction` or the demand in those periods, or make capacity arrive sooner",
    );
    w.plan("demand.floor_fraction", d)
}

/// Internal demand below what the training runs hold.
fn demand_below_runs(w: &Where, f: &Facts) -> Diagnostic {
    let (when, most) = (&f.when, f.most);
    let d = Diagnostic::error(
        "demand-below-runs",
        format!(
            "internal demand is {} H100e{when}, {} H100e less than the training runs need: run GPUs are internal compute and count against the demand",
            count(f.rhs0),
            count(most.ceil())
        ),
    )
    .with_hint(format!(
        "raise the demand (`h100e`) by {} H100e in those periods, or make the runs smaller",
        count(most.ceil())
    ));
    w.demand(f.t0, d)
}

/// A training run short of GPUs at its site: too early for any to arrive, or too big.
fn training_run_short(w: &Where, f: &Facts) -> Diagnostic {
    let sc = w.sc;
    let (when, t0) = (&f.when, f.t0);
    let r = sc.runs.iter().position(|r| r.id == f.key(0)).unwrap_or(0);
    let s = sc.site(f.key(1));
    let run = &sc.runs[r];
    let mut msg = format!(
        "training run `{}` is {} GPUs short of its {} at site {}{when}",
        run.id,
        count(f.most.ceil()),
        count(run.gpus),
        f.key(1)
    );
    let late = nothing_arrives_by(sc, &run.skus, s, t0);
    if let Some((k, first)) = late {
        msg.push_str(&format!("; {}", arrival_note(w, k, first).0));
    }
    let hint = match late.and_then(|(_, first)| first) {
        Some(first) => format!(
            "move the run to start in {} or later (`from`), or shorten the lead time",
            sc.periods[first]
        ),
        None => {
            "move the run later (`from`), make it smaller (`gpus`), or add capacity at the site"
                .into()
        }
    };
    let field = if late.is_some() { "from" } else { "gpus" };
    w.run(
        r,
        field,
        Diagnostic::error("training-run-short", msg).with_hint(hint),
    )
}

/// The policy's minimum or maximum leased share cannot hold.
fn leased_share(w: &Where, f: &Facts) -> Diagnostic {
    let (field, what) = if f.g.family == Rule::LeasedShareMin {
        ("policy.min_leased_share", "minimum")
    } else {
        ("policy.max_leased_share", "maximum")
    };
    let d = Diagnostic::error(
        "leased-share",
        format!(
            "the {what} leased share cannot hold: {} GPU-periods off",
            count(f.most.ceil())
        ),
    )
    .with_hint(format!("relax `{}`", field.trim_start_matches("policy.")));
    w.plan(field, d)
}
