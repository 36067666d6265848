//! The resolved plan as one YAML tree, and back.
//!
//! Edits address the plan with its catalogs merged, the way the model sees
//! it: `name`, `description`, `horizon`, `demand`, `finance`, `policy` from
//! the plan; `sites.<id>` (each site in play, catalog entry with the plan's
//! overrides); `skus.<id>` (each SKU in play: the catalog entry with the
//! plan's overrides plus its `allocation`, `installed`, `installed_since`);
//! `market` (the market catalog with the plan's overrides).

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use crate::catalog::files::SkuInPlay;
use crate::catalog::load::Loaded;

/// Keys of a SKU in the tree that belong to the plan, not the catalog.
const PLAY_KEYS: [&str; 3] = ["allocation", "installed", "installed_since"];

fn to_value<T: serde::Serialize>(t: &T) -> Value {
    serde_yaml::to_value(t).expect("input types serialize")
}

/// The resolved plan as a tree.
pub fn to_tree(l: &Loaded) -> Value {
    let p = &l.plan;
    let mut root = Mapping::new();
    root.insert("name".into(), p.name.clone().into());
    if let Some(d) = &p.description {
        root.insert("description".into(), d.clone().into());
    }
    root.insert("horizon".into(), to_value(&p.horizon));
    let mut sites = Mapping::new();
    for id in p.sites.keys() {
        sites.insert(id.clone().into(), to_value(&l.sites[id].value));
    }
    root.insert("sites".into(), Value::Mapping(sites));
    let mut skus = Mapping::new();
    for (id, play) in &p.skus {
        let mut v = to_value(&l.skus[id].value);
        if let (Value::Mapping(m), Value::Mapping(pm)) = (&mut v, to_value(play)) {
            for k in PLAY_KEYS {
                if let Some(x) = pm.get(k) {
                    m.insert(k.into(), x.clone());
                }
            }
        }
        skus.insert(id.clone().into(), v);
    }
    root.insert("skus".into(), Value::Mapping(skus));
    root.insert("market".into(), to_value(&l.market.value));
    root.insert("demand".into(), to_value(&p.demand));
    root.insert("finance".into(), to_value(&p.finance));
    root.insert("policy".into(), to_value(&p.policy));
    Value::Mapping(root)
}

/// Types `v` (found at `at` in the tree), refusing fields the type lacks.
fn typed<T: DeserializeOwned>(v: &Value, at: &str) -> Result<T, String> {
    let mut unknown = Vec::new();
    let mut on_unknown = |p: serde_ignored::Path| unknown.push(p.to_string());
    let de = serde_ignored::Deserializer::new(v.clone(), &mut on_unknown);
    let out: Result<T, _> = serde_path_to_error::deserialize(de);
    let join = |rel: &str| {
        if rel.is_empty() || rel == "." {
            at.to_string()
        } else {
            format!("{at}.{rel}")
        }
    };
    match out {
        Err(e) => {
            let rel = e.path().to_string();
            let msg = e.into_inner().to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            Err(format!("`{}`: {msg}", join(&rel)))
        }
        Ok(_) if !unknown.is_empty() => Err(format!(
            "`{}` is not a field capplan knows",
            join(&unknown[0])
        )),
        Ok(t) => Ok(t),
    }
}

fn field<'a>(root: &'a Value, key: &str) -> Result<&'a Value, String> {
    root.get(key)
        .ok_or_else(|| format!("`{key}` was removed; the plan needs it"))
}

/// The tree typed back into a [`Loaded`] based on `base` (files, catalog
/// entries not in play). Errors name the tree path of the first bad value.
pub fn from_tree(base: &Loaded, tree: &Value) -> Result<Loaded, String> {
    let mut l = base.clone();
    let p = &mut l.plan;
    p.name = typed(field(tree, "name")?, "name")?;
    p.description = match tree.get("description") {
        Some(v) => typed(v, "description")?,
        None => None,
    };
    p.horizon = typed(field(tree, "horizon")?, "horizon")?;
    p.demand = typed(field(tree, "demand")?, "demand")?;
    p.finance = typed(field(tree, "finance")?, "finance")?;
    p.policy = typed(field(tree, "policy")?, "policy")?;

    let sites = field(tree, "sites")?
        .as_mapping()
        .ok_or("`sites` must stay a mapping of sites by id")?;
    let mut in_play = indexmap::IndexMap::new();
    for (k, v) in sites {
        let id = k.as_str().unwrap_or_default().to_string();
        let entry = l
            .sites
            .get_mut(&id)
            .ok_or_else(|| format!("no site `{id}` in the catalogs: an edit can change sites in play, not add new ones"))?;
        entry.value = typed(v, &format!("sites[{id}]"))?;
        entry.overridden = true;
        in_play.insert(id.clone(), p.sites.get(&id).cloned().unwrap_or(Value::Null));
    }
    p.sites = in_play;

    let skus = field(tree, "skus")?
        .as_mapping()
        .ok_or("`skus` must stay a mapping of SKUs by id")?;
    let mut in_play = indexmap::IndexMap::new();
    for (k, v) in skus {
        let id = k.as_str().unwrap_or_default().to_string();
        let at = format!("skus[{id}]");
        let mut catalog = v
            .as_mapping()
            .cloned()
            .ok_or(format!("`{at}` must stay a mapping"))?;
        let mut play = Mapping::new();
        for key in PLAY_KEYS {
            if let Some(x) = catalog.remove(key) {
                play.insert(key.into(), x);
            }
        }
        let entry = l.skus.get_mut(&id).ok_or_else(|| {
            format!(
                "no SKU `{id}` in the catalogs: an edit can change SKUs in play, not add new ones"
            )
        })?;
        entry.value = typed(&Value::Mapping(catalog), &at)?;
        entry.overridden = true;
        let mut sp: SkuInPlay = typed(&Value::Mapping(play), &at)?;
        if let Some(old) = p.skus.get(&id) {
            sp.overrides = old.overrides.clone();
        }
        in_play.insert(id, sp);
    }
    p.skus = in_play;

    l.market.value = typed(field(tree, "market")?, "market")?;
    l.market.overridden = true;
    Ok(l)
}
