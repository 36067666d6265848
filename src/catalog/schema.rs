//! JSON Schema (draft 2020-12) of every input file, generated from the types
//! that load them, and lookups in it for did-you-mean hints.

use schemars::JsonSchema;
use serde_json::Value;

use super::files::{NodeCatalog, PlanFile, SiteCatalog};
use super::market::Market;
use super::scenario_set::ScenarioSetFile;

/// The schema of `T` as JSON.
pub fn schema_json<T: JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).expect("schemas serialize")
}

/// Which input file a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    Plan,
    Nodes,
    Sites,
    Market,
    /// A scenario set (`plans/scenarios/*.yaml`).
    ScenarioSet,
}

impl SchemaKind {
    pub const ALL: [SchemaKind; 5] = [
        SchemaKind::Plan,
        SchemaKind::Nodes,
        SchemaKind::Sites,
        SchemaKind::Market,
        SchemaKind::ScenarioSet,
    ];

    pub fn name(&self) -> &'static str {
        match self {
            SchemaKind::Plan => "plan",
            SchemaKind::Nodes => "nodes",
            SchemaKind::Sites => "sites",
            SchemaKind::Market => "market",
            SchemaKind::ScenarioSet => "scenario-set",
        }
    }

    pub fn schema(&self) -> Value {
        let mut v = match self {
            SchemaKind::Plan => schema_json::<PlanFile>(),
            SchemaKind::Nodes => schema_json::<NodeCatalog>(),
            SchemaKind::Sites => schema_json::<SiteCatalog>(),
            SchemaKind::Market => schema_json::<Market>(),
            SchemaKind::ScenarioSet => schema_json::<ScenarioSetFile>(),
        };
        if let Value::Object(m) = &mut v {
            m.insert(
                "$id".into(),
                Value::String(format!(
                    "https://capplan.dev/schema/{}.schema.json",
                    self.name()
                )),
            );
        }
        v
    }
}

fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..32 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.rsplit('/').next().unwrap_or_default();
                match root.get("$defs").and_then(|d| d.get(name)) {
                    Some(n) => node = n,
                    None => return node,
                }
            }
            None => return node,
        }
    }
    node
}

/// Sub-schemas a node may be: itself, or its `anyOf`/`oneOf`/`allOf` branches.
fn branches<'a>(root: &'a Value, node: &'a Value) -> Vec<&'a Value> {
    let node = resolve(root, node);
    let mut out = vec![node];
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(list) = node.get(key).and_then(Value::as_array) {
            for b in list {
                out.extend(branches(root, b));
            }
        }
    }
    out
}

/// Property names valid at the YAML path `path` (`sites.memphis.power[1]`) of a
/// document described by `root`.
pub fn fields_at(root: &Value, path: &str) -> Vec<String> {
    let mut nodes = vec![root];
    for seg in segments(path) {
        let mut next = Vec::new();
        for n in nodes {
            for b in branches(root, n) {
                match &seg {
                    Seg::Index => {
                        if let Some(items) = b.get("items") {
                            next.push(items);
                        }
                    }
                    Seg::Key(k) => {
                        if let Some(p) = b.get("properties").and_then(|p| p.get(k.as_str())) {
                            next.push(p);
                        } else if let Some(a) =
                            b.get("additionalProperties").filter(|a| a.is_object())
                        {
                            next.push(a);
                        }
                    }
                }
            }
        }
        nodes = next;
    }
    let mut fields: Vec<String> = nodes
        .into_iter()
        .flat_map(|n| branches(root, n))
        .filter_map(|b| b.get("properties").and_then(Value::as_object))
        .flat_map(|p| p.keys().cloned())
        .collect();
    fields.sort();
    fields.dedup();
    fields
}

enum Seg {
    Key(String),
    Index,
}

fn segments(path: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|s| !s.is_empty()) {
        let (key, rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Seg::Key(key.to_string()));
        }
        for _ in rest.matches('[') {
            out.push(Seg::Index);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_found_through_maps_and_lists() {
        let root = SchemaKind::Sites.schema();
        let f = fields_at(&root, "sites.memphis.power[1]");
        assert!(f.contains(&"mw".to_string()), "{f:?}");
        assert!(f.contains(&"energize".to_string()));
        let f = fields_at(&root, "sites.memphis");
        assert!(f.contains(&"halls".to_string()));
    }
}
