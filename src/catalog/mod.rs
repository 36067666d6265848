//! The input language: YAML catalogs of hardware, sites, power and market, and
//! plans that put them to work. Loading, typed with locations, and the
//! semantic checks.

pub mod checks;
pub mod diagnostic;
pub mod files;
pub mod load;
pub mod market;
pub mod period;
pub mod scenario_set;
pub mod schema;
pub mod site;
pub mod sku;
pub mod source_map;

use std::path::Path;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use load::Loaded;

/// Loads a plan with its catalogs and runs every check.
///
/// Returns the loaded plan with its warnings, or every problem found.
pub fn load_and_check(plan: &Path) -> Result<(Loaded, Diagnostics), Diagnostics> {
    let (loaded, mut diags) = load::load(plan).map_err(|d| {
        let mut d = Diagnostics(d);
        d.sort();
        d
    })?;
    diags.extend(checks::check_all(&loaded));
    let mut diags = Diagnostics(diags);
    diags.sort();
    if diags.errors() > 0 {
        Err(diags)
    } else {
        Ok((loaded, diags))
    }
}
