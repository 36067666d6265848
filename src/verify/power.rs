//! Halls, sites and power: what is built and when it is ready, the IT load
//! each cooling kind's halls carry, the facility peak against power on hand,
//! and the average draw against what each source can deliver.

use super::arithmetic::{is_battery, pue, site_stands};
use super::*;

pub(super) fn check(cx: &mut Ctx, out: &mut Out) {
    halls(cx, out);
    sites_opened(cx, out);
    power_builds(cx, out);
    site_periods(cx, out);
    loads(cx, out);
}

/// Existing halls as they stand; built halls once each, in order, in time.
fn halls(cx: &mut Ctx, out: &mut Out) {
    let plan = cx.plan;
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    for h in &plan.halls {
        hall_entry(cx, h, &mut seen, out);
    }
    hall_totals(cx, &seen, out);
    hall_order(cx, out);
    shells(cx, out);
}

/// One entry of the plan's halls: it resolves, is listed once (unless a
/// relaxed plan builds it in parts), has the scenario's cooling and size, and
/// is either a standing hall or one built in time (recorded in `built_halls`).
fn hall_entry(cx: &mut Ctx, h: &HallBuilt, seen: &mut HashSet<(usize, usize)>, out: &mut Out) {
    let sc = cx.sc;
    let site = sc.site(&h.site);
    let hall = site.and_then(|s| sc.sites[s].halls.iter().position(|x| x.id == h.hall));
    let [s, hi] = match resolve([
        ("site", &h.site, Ref::of(site)),
        ("hall", &h.hall, Ref::within(site, hall)),
    ]) {
        Ok(i) => i,
        Err(e) => {
            out.push("halls", format!("hall {} at {}: {e}", h.hall, h.site));
            return;
        }
    };
    let at = format!("{} hall {}", h.site, h.hall);
    let sh = &sc.sites[s].halls[hi];
    // A relaxed plan may build a hall in fractions, started in several periods.
    let whole = sh.ready_at.is_some() || cx.integers;
    if !seen.insert((s, hi)) && whole {
        out.push("halls", format!("{at}: listed more than once"));
        return;
    }
    hall_size(h, sh, whole, &at, out);
    match sh.ready_at {
        Some(r) => standing_hall(cx, h, r, &at, out),
        None => {
            if let Some(start) = hall_start(cx, h, sh, &at, out) {
                cx.built_halls.push(BuiltHall {
                    site: s,
                    hall: hi,
                    start,
                    it_mw: h.it_mw,
                });
            }
        }
    }
}

/// A hall entry's cooling, and its IT MW: the scenario's for a whole hall,
/// within 0 and the scenario's for a part of one.
fn hall_size(h: &HallBuilt, sh: &ScenarioHall, whole: bool, at: &str, out: &mut Out) {
    if !h.cooling.eq_ignore_ascii_case(sh.cooling.as_str()) {
        out.push(
            "halls",
            format!(
                "{at}: cooling `{}`, the scenario says {}",
                h.cooling,
                sh.cooling.as_str()
            ),
        );
    }
    if whole && !eq_q(h.it_mw, sh.it_mw) {
        out.push(
            "halls",
            format!(
                "{at}: {} MW IT, the scenario says {} MW",
                num(h.it_mw),
                num(sh.it_mw)
            ),
        );
    }
    if !whole && (!le_q(0.0, h.it_mw) || !le_q(h.it_mw, sh.it_mw)) {
        out.push(
            "halls",
            format!(
                "{at}: {} MW IT built, outside 0–{} MW",
                num(h.it_mw),
                num(sh.it_mw)
            ),
        );
    }
}

/// A hall that stands already (ready from `r`): no construction start, ready when it stands.
fn standing_hall(cx: &Ctx, h: &HallBuilt, r: usize, at: &str, out: &mut Out) {
    if let Some(start) = &h.start {
        out.push(
            "halls",
            format!("{at}: already stands, yet has a construction start {start}"),
        );
    }
    if h.ready != cx.label(r) {
        out.push(
            "halls",
            format!(
                "{at}: ready {}, but it stands from {}",
                h.ready,
                cx.label(r)
            ),
        );
    }
}

/// A hall the plan builds: its start, not before its earliest start, and
/// its ready period, within the horizon. The start period, if it resolves.
fn hall_start(
    cx: &Ctx,
    h: &HallBuilt,
    sh: &ScenarioHall,
    at: &str,
    out: &mut Out,
) -> Option<usize> {
    let Some(label) = &h.start else {
        out.push(
            "halls",
            format!("{at}: not pre-existing, yet has no construction start"),
        );
        return None;
    };
    let Some(start) = cx.period(label) else {
        out.push("halls", format!("{at}: unknown period `{label}`"));
        return None;
    };
    if start < sh.earliest_start {
        out.push(
            "halls",
            format!(
                "{at}: started {label}, before its earliest start {}",
                cx.label(sh.earliest_start)
            ),
        );
    }
    let ready = start + sh.build_periods;
    if ready >= cx.tn {
        out.push(
            "halls",
            format!("{at}: started {label}, it would be ready only after the horizon"),
        );
    } else if h.ready != cx.labels[ready] {
        out.push(
            "halls",
            format!(
                "{at}: ready {}, but started {label} with {} build periods it is ready {}",
                h.ready, sh.build_periods, cx.labels[ready]
            ),
        );
    }
    Some(start)
}

/// Each hall built at most once in all, and every hall standing within the
/// horizon listed.
fn hall_totals(cx: &Ctx, seen: &HashSet<(usize, usize)>, out: &mut Out) {
    for (s, site) in cx.sc.sites.iter().enumerate() {
        for (hi, sh) in site.halls.iter().enumerate() {
            let built: f64 = cx
                .built_halls
                .iter()
                .filter(|b| b.site == s && b.hall == hi)
                .map(|b| b.it_mw)
                .sum();
            if !le_q(built, sh.it_mw) {
                out.push(
                    "halls",
                    format!(
                        "{} hall {}: {} MW built in all, more than its {} MW",
                        site.id,
                        sh.id,
                        num(built),
                        num(sh.it_mw)
                    ),
                );
            }
            if let Some(r) = sh.ready_at {
                if r < cx.tn && !seen.contains(&(s, hi)) {
                    out.push(
                        "halls",
                        format!(
                            "{} hall {}: stands from {} but is missing from the plan's halls",
                            site.id, sh.id, cx.labels[r]
                        ),
                    );
                }
            }
        }
    }
}

/// Phasing: a hall with an `after` starts no earlier than that hall (or that
/// hall stands already).
fn hall_order(cx: &Ctx, out: &mut Out) {
    for b in &cx.built_halls {
        let site = &cx.sc.sites[b.site];
        let sh = &site.halls[b.hall];
        if let Some(a) = sh.after {
            let ok = site.halls.get(a).is_some_and(|x| x.ready_at.is_some())
                || cx
                    .built_halls
                    .iter()
                    .any(|x| x.site == b.site && x.hall == a && x.start <= b.start);
            if !ok {
                let after = site.halls.get(a).map(|x| x.id.as_str()).unwrap_or("?");
                out.push("halls", format!("{} hall {}: started {} but hall {after}, which must come first, was not started by then", site.id, sh.id, cx.labels[b.start]));
            }
        }
    }
}

/// Standing and built halls of each site within its shell.
fn shells(cx: &Ctx, out: &mut Out) {
    for (s, site) in cx.sc.sites.iter().enumerate() {
        let existing: f64 = site
            .halls
            .iter()
            .filter(|h| h.ready_at.is_some())
            .map(|h| h.it_mw)
            .sum();
        let built: f64 = cx
            .built_halls
            .iter()
            .filter(|b| b.site == s)
            .map(|b| b.it_mw)
            .sum();
        if !le_q(existing + built, site.shell_mw) {
            out.push(
                "halls",
                format!(
                    "{}: {} MW of halls exceed the shell of {} MW",
                    site.id,
                    num(existing + built),
                    num(site.shell_mw)
                ),
            );
        }
    }
}

/// Sites opened once, not before their earliest start, before any hall is started.
fn sites_opened(cx: &mut Ctx, out: &mut Out) {
    let plan = cx.plan;
    for o in &plan.sites_opened {
        opening_entry(cx, o, out);
    }
    let sc = cx.sc;
    for (s, site) in sc.sites.iter().enumerate() {
        let opens: Vec<usize> = cx
            .opened
            .iter()
            .filter(|(x, _, _)| *x == s)
            .map(|(_, t, _)| *t)
            .collect();
        site_openings(cx, s, site, &opens, out);
        if !site_stands(site) {
            halls_after_opening(cx, s, site, &opens, out);
        }
    }
}

/// One entry of `sites_opened`: it resolves and its share is 1 (integer
/// plan) or in (0, 1] (relaxed); recorded in `opened`.
fn opening_entry(cx: &mut Ctx, o: &SiteOpened, out: &mut Out) {
    let [s, t] = match resolve([
        ("site", &o.site, Ref::of(cx.sc.site(&o.site))),
        ("period", &o.period, Ref::of(cx.period(&o.period))),
    ]) {
        Ok(i) => i,
        Err(e) => {
            out.push("halls", format!("site {} opened {}: {e}", o.site, o.period));
            return;
        }
    };
    if !(o.share > 0.0 && le_q(o.share, 1.0)) || (cx.integers && !eq_q(o.share, 1.0)) {
        out.push(
            "halls",
            format!(
                "site {} opened {}: share {} is not {}",
                o.site,
                o.period,
                num(o.share),
                if cx.integers {
                    "1 in an integer plan"
                } else {
                    "in (0, 1]"
                }
            ),
        );
    }
    cx.opened.push((s, t, o.share));
}

/// A site's openings (periods `opens`): shares up to 1, once in an integer
/// plan, never for a site that stands, not before its earliest start.
fn site_openings(cx: &Ctx, s: usize, site: &ScenarioSite, opens: &[usize], out: &mut Out) {
    let opened_share: f64 = cx
        .opened
        .iter()
        .filter(|(x, _, _)| *x == s)
        .map(|(_, _, f)| f)
        .sum();
    if !le_q(opened_share, 1.0) {
        out.push(
            "halls",
            format!(
                "{}: opened shares add up to {}, more than 1",
                site.id,
                num(opened_share)
            ),
        );
    }
    if opens.len() > 1 && cx.integers {
        out.push(
            "halls",
            format!("{}: opened {} times", site.id, opens.len()),
        );
    }
    if site_stands(site) && !opens.is_empty() {
        out.push(
            "halls",
            format!(
                "{}: already stands, yet is opened in {}",
                site.id, cx.labels[opens[0]]
            ),
        );
    }
    for &t in opens {
        if t < site.earliest_start {
            out.push(
                "halls",
                format!(
                    "{}: opened {}, before its earliest start {}",
                    site.id,
                    cx.labels[t],
                    cx.label(site.earliest_start)
                ),
            );
        }
    }
}

/// Every hall built at a site that does not stand starts in or after the
/// site's first opening.
fn halls_after_opening(cx: &Ctx, s: usize, site: &ScenarioSite, opens: &[usize], out: &mut Out) {
    let first = opens.iter().min().copied();
    for b in cx.built_halls.iter().filter(|b| b.site == s) {
        match first {
            None => out.push(
                "halls",
                format!(
                    "{} hall {}: started {} at a site that is never opened",
                    site.id, site.halls[b.hall].id, cx.labels[b.start]
                ),
            ),
            Some(o) if o > b.start => out.push(
                "halls",
                format!(
                    "{} hall {}: started {}, before the site opens in {}",
                    site.id, site.halls[b.hall].id, cx.labels[b.start], cx.labels[o]
                ),
            ),
            _ => {}
        }
    }
}

/// Generation and batteries: option, order window, lead, size, blocks.
fn power_builds(cx: &mut Ctx, out: &mut Out) {
    let plan = cx.plan;
    for p in &plan.power_builds {
        power_build_entry(cx, p, out);
    }
    power_build_totals(cx, out);
}

/// One entry of `power_builds`: it resolves, and its kind, order window,
/// online period, MW and blocks agree with the option; recorded in `builds`.
fn power_build_entry(cx: &mut Ctx, p: &PowerBuilt, out: &mut Out) {
    let sc = cx.sc;
    let site = sc.site(&p.site);
    let opt = site.and_then(|s| sc.sites[s].builds.iter().position(|b| b.id == p.option));
    let refs = [
        ("site", p.site.as_str(), Ref::of(site)),
        ("power option", p.option.as_str(), Ref::within(site, opt)),
        ("period", p.order.as_str(), Ref::of(cx.period(&p.order))),
    ];
    let [s, bi, t] = match resolve(refs) {
        Ok(i) => i,
        Err(e) => {
            out.push(
                "power",
                format!("power build {} at {}: {e}", p.option, p.site),
            );
            return;
        }
    };
    let b = &sc.sites[s].builds[bi];
    let at = format!("{} {} ordered {}", p.site, p.option, p.order);
    if !p.kind.eq_ignore_ascii_case(b.kind.as_str()) {
        out.push(
            "power",
            format!(
                "{at}: kind `{}`, the scenario says {}",
                p.kind,
                b.kind.as_str()
            ),
        );
    }
    power_build_timing(cx, p, b, t, &at, out);
    power_build_size(cx, p, b, &at, out);
    cx.builds.push(Build {
        site: s,
        opt: bi,
        order: t,
        mw: p.mw,
    });
}

/// A power build ordered in `t`: not before its earliest order, online after
/// its lead within the horizon, in the period the entry says.
fn power_build_timing(
    cx: &Ctx,
    p: &PowerBuilt,
    b: &ScenarioBuild,
    t: usize,
    at: &str,
    out: &mut Out,
) {
    if t < b.earliest_order {
        out.push(
            "power",
            format!(
                "{at}: ordered before its earliest order {}",
                cx.label(b.earliest_order)
            ),
        );
    }
    let online = t + b.lead_periods;
    if online >= cx.tn {
        out.push(
            "power",
            format!(
                "{at}: with a lead of {} periods it comes online only after the horizon",
                b.lead_periods
            ),
        );
    } else if p.online != cx.labels[online] {
        out.push(
            "power",
            format!(
                "{at}: online {}, but with a lead of {} periods it is online {}",
                p.online, b.lead_periods, cx.labels[online]
            ),
        );
    }
}

/// A power build's MW: finite, not negative, whole blocks in an integer plan.
fn power_build_size(cx: &Ctx, p: &PowerBuilt, b: &ScenarioBuild, at: &str, out: &mut Out) {
    if !p.mw.is_finite() || p.mw < -tol_q(p.mw, 0.0) {
        out.push("power", format!("{at}: {} MW built", num(p.mw)));
    }
    if let Some(block) = b.block_mw {
        if cx.integers && block > 0.0 {
            let n = p.mw / block;
            if (n - n.round()).abs() > 1e-6 {
                out.push(
                    "power",
                    format!(
                        "{at}: {} MW is not a whole number of {} MW blocks",
                        num(p.mw),
                        num(block)
                    ),
                );
            }
        }
    }
}

/// MW built of each option, over all its orders, within the option's maximum.
fn power_build_totals(cx: &Ctx, out: &mut Out) {
    for (s, site) in cx.sc.sites.iter().enumerate() {
        for (bi, b) in site.builds.iter().enumerate() {
            let total: f64 = cx
                .builds
                .iter()
                .filter(|x| x.site == s && x.opt == bi)
                .map(|x| x.mw)
                .sum();
            if !le_q(total, b.max_mw) {
                out.push(
                    "power",
                    format!(
                        "{} {}: {} MW built, more than the {} MW the option allows",
                        site.id,
                        b.id,
                        num(total),
                        num(b.max_mw)
                    ),
                );
            }
        }
    }
}

fn site_periods(cx: &mut Ctx, out: &mut Out) {
    let sc = cx.sc;
    for sp in &cx.plan.site_periods {
        let [s, t] = match resolve([
            ("site", &sp.site, Ref::of(sc.site(&sp.site))),
            ("period", &sp.period, Ref::of(cx.period(&sp.period))),
        ]) {
            Ok(i) => i,
            Err(e) => {
                out.push(
                    "site_periods",
                    format!("site period {} {}: {e}", sp.site, sp.period),
                );
                continue;
            }
        };
        if cx.site_periods.insert((t, s), sp).is_some() {
            out.push(
                "site_periods",
                format!("{} {}: listed more than once", sp.site, sp.period),
            );
        }
    }
}

/// MW of build option `bi` at site `s` online in period `t`.
fn online_mw(cx: &Ctx, s: usize, bi: usize, t: usize) -> f64 {
    let lead = cx.sc.sites[s].builds[bi].lead_periods;
    cx.builds
        .iter()
        .filter(|b| b.site == s && b.opt == bi && b.order + lead <= t)
        .map(|b| b.mw)
        .sum()
}

/// Power the facility peak may use at site `s` in `t`: the site's usable
/// share of its nameplate, energized firm power plus generation and
/// batteries online.
pub(super) fn available_mw(cx: &Ctx, s: usize, t: usize) -> f64 {
    let site = &cx.sc.sites[s];
    let firm: f64 = site
        .firm
        .iter()
        .filter(|f| f.from.is_some_and(|from| from <= t))
        .map(|f| f.mw)
        .sum();
    let built: f64 = (0..site.builds.len())
        .map(|bi| online_mw(cx, s, bi, t))
        .sum();
    site.peak_usable_share * (firm + built)
}

/// MW of halls of cooling `c` ready at site `s` in `t`.
fn hall_mw(cx: &Ctx, s: usize, c: Cooling, t: usize) -> f64 {
    let site = &cx.sc.sites[s];
    let existing: f64 = site
        .halls
        .iter()
        .filter(|h| h.cooling == c && h.ready_at.is_some_and(|r| r <= t))
        .map(|h| h.it_mw)
        .sum();
    let built: f64 = cx
        .built_halls
        .iter()
        .filter(|b| b.site == s)
        .map(|b| (b, &site.halls[b.hall]))
        .filter(|(b, h)| h.cooling == c && b.start + h.build_periods <= t)
        .map(|(b, _)| b.it_mw)
        .sum();
    existing + built
}

/// IT within halls, facility peak within power, average draw within sources,
/// and the document's own load and power figures.
fn loads(cx: &Ctx, out: &mut Out) {
    let sc = cx.sc;
    for (s, site) in sc.sites.iter().enumerate() {
        for t in 0..cx.tn {
            let at = format!("{} {}", site.id, cx.labels[t]);
            let load = site_load(cx, s, t);
            it_within_halls(&load, &at, out);
            if !le_qs(load.facility, load.available, load.facility_e) {
                out.push(
                    "power",
                    format!(
                        "{at}: facility load {} MW exceeds {} MW available",
                        num(load.facility),
                        num(load.available)
                    ),
                );
            }
            average_draw(cx, s, t, &load, &at, out);
            row_loads(cx, s, t, load.available, &at, out);
        }
    }
}

/// A site's loads and capacity in one period, recomputed from the fleet, the
/// halls and the power builds; `_e` fields are how far the value may be off
/// (see `unit_slack`). Per-cooling arrays are indexed by [`ci`].
struct SiteLoad {
    it: [f64; 2],
    it_e: [f64; 2],
    /// Facility peak: IT × PUE of its cooling, summed.
    facility: f64,
    facility_e: f64,
    /// MW of ready halls by cooling.
    halls: [f64; 2],
    /// Firm power energized plus generation and batteries online.
    available: f64,
}

fn site_load(cx: &Ctx, s: usize, t: usize) -> SiteLoad {
    let site = &cx.sc.sites[s];
    let (mut it, mut it_e) = ([0.0f64; 2], [0.0f64; 2]);
    for (k, sku) in cx.sc.skus.iter().enumerate() {
        it[ci(sku.cooling)] += cx.installed.at(t, s, k) * sku.it_kw_per_unit / 1000.0;
        it_e[ci(sku.cooling)] += cx.unit_slack.at(t, s, k) * sku.it_kw_per_unit / 1000.0;
    }
    let (mut facility, mut facility_e) = (0.0, 0.0);
    let mut halls = [0.0f64; 2];
    for c in Cooling::ALL {
        halls[ci(c)] = hall_mw(cx, s, c, t);
        facility += pue(site, c) * it[ci(c)];
        facility_e += pue(site, c) * it_e[ci(c)];
    }
    SiteLoad {
        it,
        it_e,
        facility,
        facility_e,
        halls,
        available: available_mw(cx, s, t),
    }
}

/// IT load of each cooling within the ready halls of that cooling.
fn it_within_halls(load: &SiteLoad, at: &str, out: &mut Out) {
    for c in Cooling::ALL {
        if !le_qs(load.it[ci(c)], load.halls[ci(c)], load.it_e[ci(c)]) {
            out.push(
                "it",
                format!(
                    "{at}: {} IT load {} MW exceeds {} MW of ready {} halls",
                    c.as_str(),
                    num(load.it[ci(c)]),
                    num(load.halls[ci(c)]),
                    c.as_str()
                ),
            );
        }
    }
}

/// The average facility draw (load factor × peak) covered by what the site
/// period draws from its sources, and the site period's own figures.
fn average_draw(cx: &Ctx, s: usize, t: usize, load: &SiteLoad, at: &str, out: &mut Out) {
    let lf = cx.sc.load_factor;
    let avg = lf * load.facility;
    let it_total = load.it[0] + load.it[1];
    let mut drawn = 0.0;
    match cx.site_periods.get(&(t, s)) {
        None => {
            if !eq_qs(it_total, 0.0, load.it_e[0] + load.it_e[1]) {
                out.push(
                    "site_periods",
                    format!("{at}: {} MW of IT load but no site period", num(it_total)),
                );
            }
        }
        Some(sp) => {
            drawn = draws(cx, s, t, sp, at, out);
            site_period_figures(sp, load, avg, lf, at, out);
        }
    }
    if !le_qs(avg, drawn, lf * load.facility_e) {
        out.push(
            "energy",
            format!(
                "{at}: average facility draw {} MW exceeds the {} MW drawn from its sources",
                num(avg),
                num(drawn)
            ),
        );
    }
}

/// Each draw of a site period from a source the site has, energized or
/// online, within its MW (batteries give none). The MW drawn in all.
fn draws(cx: &Ctx, s: usize, t: usize, sp: &SitePeriod, at: &str, out: &mut Out) -> f64 {
    let site = &cx.sc.sites[s];
    let mut drawn = 0.0;
    for (key, &mw) in &sp.draw_mw {
        if !mw.is_finite() || mw < -tol_q(mw, 0.0) {
            out.push("energy", format!("{at}: draws {} MW from {key}", num(mw)));
        }
        if let Some(f) = site.firm.iter().find(|f| &f.id == key) {
            drawn += mw;
            if f.from.is_none_or(|from| from > t) {
                if !eq_q(mw, 0.0) {
                    let when = f
                        .from
                        .map(|x| cx.label(x))
                        .unwrap_or_else(|| "after the horizon".into());
                    out.push(
                        "energy",
                        format!(
                            "{at}: draws {} MW from {key}, which is energized only from {when}",
                            num(mw)
                        ),
                    );
                }
            } else if !le_q(mw, f.mw) {
                out.push(
                    "energy",
                    format!(
                        "{at}: draws {} MW from {key}, more than its {} MW",
                        num(mw),
                        num(f.mw)
                    ),
                );
            }
        } else if let Some(bi) = site.builds.iter().position(|b| &b.id == key) {
            if is_battery(&site.builds[bi]) {
                if !eq_q(mw, 0.0) {
                    out.push("energy", format!("{at}: draws {} MW of energy from battery {key}, which stores and adds none", num(mw)));
                }
            } else {
                drawn += mw;
                let on = online_mw(cx, s, bi, t);
                if !le_q(mw, on) {
                    out.push(
                        "energy",
                        format!(
                            "{at}: draws {} MW from {key}, more than the {} MW of it online",
                            num(mw),
                            num(on)
                        ),
                    );
                }
            }
        } else {
            out.push(
                "energy",
                format!(
                    "{at}: draws {} MW from `{key}`, which is no power source of the site",
                    num(mw)
                ),
            );
        }
    }
    drawn
}

/// The site period's loads, power and hall MW against the recomputed ones
/// (`avg`: the average facility draw; `lf`: the load factor).
fn site_period_figures(
    sp: &SitePeriod,
    load: &SiteLoad,
    avg: f64,
    lf: f64,
    at: &str,
    out: &mut Out,
) {
    for (field, stated, recomputed, slack) in [
        (
            "it_load_mw",
            sp.it_load_mw,
            load.it[0] + load.it[1],
            load.it_e[0] + load.it_e[1],
        ),
        (
            "facility_load_mw",
            sp.facility_load_mw,
            load.facility,
            load.facility_e,
        ),
        (
            "facility_avg_mw",
            sp.facility_avg_mw,
            avg,
            lf * load.facility_e,
        ),
        (
            "power_available_mw",
            sp.power_available_mw,
            load.available,
            0.0,
        ),
        (
            "hall_mw_air",
            sp.hall_mw_air,
            load.halls[ci(Cooling::Air)],
            0.0,
        ),
        (
            "hall_mw_liquid",
            sp.hall_mw_liquid,
            load.halls[ci(Cooling::Liquid)],
            0.0,
        ),
    ] {
        if !eq_qs(stated, recomputed, slack) {
            out.push(
                "site_periods",
                format!(
                    "{at}: {field} is {}, recomputed {}",
                    num(stated),
                    num(recomputed)
                ),
            );
        }
    }
}

/// The rows' IT load, facility load and power available at site `s` in `t`.
fn row_loads(cx: &Ctx, s: usize, t: usize, available: f64, at: &str, out: &mut Out) {
    let site = &cx.sc.sites[s];
    for (k, sku) in cx.sc.skus.iter().enumerate() {
        let Some(r) = cx.rows.get(&(t, s, k)) else {
            continue;
        };
        let it_k = cx.installed.at(t, s, k) * sku.it_kw_per_unit / 1000.0;
        let e_k = cx.unit_slack.at(t, s, k) * sku.it_kw_per_unit / 1000.0;
        let pue_k = pue(site, sku.cooling);
        for (field, stated, recomputed, slack) in [
            ("it_load_mw", r.it_load_mw, it_k, e_k),
            (
                "facility_load_mw",
                r.facility_load_mw,
                it_k * pue_k,
                e_k * pue_k,
            ),
            ("power_available_mw", r.power_available_mw, available, 0.0),
        ] {
            if !eq_qs(stated, recomputed, slack) {
                out.push(
                    "rows",
                    format!(
                        "{at} {}: row says {field} {}, recomputed {}",
                        sku.id,
                        num(stated),
                        num(recomputed)
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{plan, rules, scenario, show};
    use super::super::verify;

    #[test]
    fn over_power_is_caught() {
        let mut sc = scenario();
        // 0.4 MW grid + 0.5 MW gas = 0.9 MW < 0.96 MW facility load in Q3.
        sc.sites[0].firm[0].mw = 0.4;
        let v = verify(&sc, &plan());
        assert!(
            v.iter().any(|x| x.rule == "power"
                && x.message == "alpha 2026Q3: facility load 0.96 MW exceeds 0.9 MW available"),
            "{}",
            show(&v)
        );
    }

    #[test]
    fn load_over_the_usable_share_is_caught() {
        let mut sc = scenario();
        // 1 MW grid + 0.5 MW gas = 1.5 MW of nameplate; at a usable share of
        // 0.6 only 0.9 MW may carry the 0.96 MW facility load of Q3.
        sc.sites[0].peak_usable_share = 0.6;
        let v = verify(&sc, &plan());
        assert!(
            v.iter().any(|x| x.rule == "power"
                && x.message == "alpha 2026Q3: facility load 0.96 MW exceeds 0.9 MW available"),
            "{}",
            show(&v)
        );
    }

    #[test]
    fn energy_short_is_caught() {
        let mut p = plan();
        p.site_periods[1].draw_mw["grid"] = 0.2;
        let v = verify(&scenario(), &p);
        assert!(
            v.iter().any(|x| x.rule == "energy"
                && x.message
                    .contains("alpha 2026Q2: average facility draw 0.3 MW")),
            "{}",
            show(&v)
        );
    }

    #[test]
    fn draw_before_energization_is_caught() {
        let mut p = plan();
        p.site_periods[0].draw_mw.insert("grid".into(), 0.1);
        let v = verify(&scenario(), &p);
        assert!(
            v.iter()
                .any(|x| x.rule == "energy" && x.message.contains("energized only from 2026Q2")),
            "{}",
            show(&v)
        );
    }

    #[test]
    fn it_over_halls_is_caught() {
        let mut sc = scenario();
        sc.sites[0].halls[0].it_mw = 0.5;
        let mut p = plan();
        p.halls[0].it_mw = 0.5;
        let v = verify(&sc, &p);
        assert!(
            v.iter().any(|x| x.rule == "it"
                && x.message
                    .contains("alpha 2026Q3: liquid IT load 0.8 MW exceeds 0.5 MW")),
            "{}",
            show(&v)
        );
    }

    #[test]
    fn hall_before_site_opens_is_caught() {
        let mut p = plan();
        p.sites_opened[0].period = "2026Q2".into();
        let v = verify(&scenario(), &p);
        assert!(
            v.iter()
                .any(|x| x.rule == "halls" && x.message.contains("before the site opens")),
            "{}",
            show(&v)
        );
    }

    #[test]
    fn hall_ready_label_and_power_blocks_are_checked() {
        let mut p = plan();
        p.halls[0].ready = "2026Q3".into();
        p.power_builds[0].mw = 0.7;
        let v = verify(&scenario(), &p);
        assert!(rules(&v).contains("halls"), "{}", show(&v));
        assert!(
            v.iter()
                .any(|x| x.rule == "power" && x.message.contains("blocks")),
            "{}",
            show(&v)
        );
    }
}
