//! Output files: plan.json, plan.csv, run.json, the report (report.md,
//! report.html, charts/*.svg), the workbook plan.xlsx and the terminal summary.
//! Every file is written atomically: to a temporary file in the same
//! directory, then renamed over the target.

pub mod bundle;
pub mod charts;
pub mod csv;
pub mod figures;
pub mod html;
pub mod markdown;
pub mod plan_graph;
pub mod run_json;
pub mod scenario_set;
pub mod segments;
pub mod summary;
pub mod table;
pub mod tables;
pub mod term;
pub mod xlsx;

use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// Writes `bytes` to `path` so that a reader sees the old file or the new one,
/// never half of one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    // A temporary file is private (0600); an output file is not.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(|e| Error::io(path, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// JSON with a trailing newline, keys in declaration order.
pub fn to_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(value).expect("plan documents serialize");
    v.push(b'\n');
    v
}
