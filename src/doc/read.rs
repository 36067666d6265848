//! The one reader of plan.json: `report`, `graph` and `explain` redraw from it.

use std::path::Path;

use super::{PlanDoc, READABLE_SCHEMA_VERSIONS, SCHEMA_VERSION};
use crate::error::Error;

/// DIR/plan.json (or a plan.json given directly) as a plan; a missing or
/// malformed file is an input error (exit 2) that names the file, the line
/// and column, and what to do. `report`, `graph` and `explain` read it so.
pub fn read_plan(dir: &Path) -> Result<PlanDoc, Error> {
    let path = if dir.is_file() {
        dir.to_path_buf()
    } else {
        dir.join("plan.json")
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            return Err(Error::PlanJson {
                path,
                location: None,
                message: match e.kind() {
                    std::io::ErrorKind::NotFound => "no such file".into(),
                    _ => e.to_string(),
                },
                hint: format!(
                    "give a directory `capplan solve PLAN.yaml --out {}` wrote",
                    dir.display()
                ),
            })
        }
    };
    let plan: PlanDoc = serde_json::from_str(&text).map_err(|e| Error::PlanJson {
        path: path.clone(),
        location: (e.line() > 0).then(|| (e.line(), e.column())),
        // serde_json ends its message with "at line L column C": said above.
        message: match e.to_string() {
            m if e.line() > 0 => m
                .rsplit_once(" at line ")
                .map(|(head, _)| head.to_string())
                .unwrap_or(m),
            m => m,
        },
        hint: "plan.json is written by `capplan solve`; solve the plan again to rewrite it".into(),
    })?;
    if !READABLE_SCHEMA_VERSIONS.contains(&plan.schema_version) {
        return Err(Error::PlanJson {
            path,
            location: None,
            message: format!(
                "schema_version {} (this capplan reads versions 1 to {SCHEMA_VERSION})",
                plan.schema_version
            ),
            hint: "solve the plan again with this capplan".into(),
        });
    }
    Ok(plan)
}
