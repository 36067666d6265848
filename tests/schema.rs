//! The JSON Schemas committed under schema/ are the ones `capplan schema`
//! generates from the types that load the files, and every shipped plan and
//! catalog uses only properties the schemas know.

use std::path::Path;

use capplan::catalog::schema::SchemaKind;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn committed_schemas_match_the_types() {
    for kind in SchemaKind::ALL {
        let path = root()
            .join("schema")
            .join(format!("{}.schema.json", kind.name()));
        let committed =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let generated = String::from_utf8(capplan::report::to_json(&kind.schema())).unwrap();
        assert!(
            committed == generated,
            "{} is stale: run `cargo run -- schema --out-dir schema`",
            path.display()
        );
    }
}

#[test]
fn schemas_are_draft_2020_12_and_closed() {
    let plan = SchemaKind::Plan.schema();
    assert_eq!(
        plan["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        plan["additionalProperties"], false,
        "unknown keys must be flagged by editors too"
    );
    for field in ["name", "catalogs", "horizon", "sites", "skus", "finance"] {
        assert!(
            plan["required"]
                .as_array()
                .unwrap()
                .iter()
                .any(|v| v == field),
            "{field}"
        );
    }
    let sites = SchemaKind::Sites.schema();
    let fields = capplan::catalog::schema::fields_at(&sites, "sites.memphis.halls[0]");
    for f in [
        "id",
        "cooling",
        "it_mw",
        "capex_usd_per_mw",
        "build_time",
        "useful_life",
    ] {
        assert!(fields.contains(&f.to_string()), "{f} not in {fields:?}");
    }
}
