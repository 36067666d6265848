//! `capplan generate`: write a synthetic plan and its catalogs of a given size.

use std::path::PathBuf;

use crate::error::Error;
use crate::flow::pipeline::load_scenario;
use crate::generate::{generate, Spec};
use crate::report::write_atomic;

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// Sites (copies of the shipped ones, resized and re-dated).
    #[arg(long, default_value_t = 5)]
    pub sites: usize,
    /// SKUs (the shipped ones, then variants of them).
    #[arg(long, default_value_t = 5)]
    pub skus: usize,
    /// Quarters, from 2026Q1.
    #[arg(long, default_value_t = 24)]
    pub periods: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output directory [default: out/generated-s<S>-k<K>-t<T>-seed<N>/]
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(args: &GenerateArgs) -> Result<(), Error> {
    for (name, v, lo, hi) in [
        ("--sites", args.sites, 1, 1000),
        ("--skus", args.skus, 1, 200),
        ("--periods", args.periods, 2, 200),
    ] {
        if !(lo..=hi).contains(&v) {
            return Err(Error::Usage(format!(
                "{name} {v}: give a number from {lo} to {hi}"
            )));
        }
    }
    let spec = Spec {
        sites: args.sites,
        skus: args.skus,
        periods: args.periods,
        seed: args.seed,
    };
    let g = generate(spec);
    let dir = args.out.clone().unwrap_or_else(|| {
        PathBuf::from("out").join(format!(
            "generated-s{}-k{}-t{}-seed{}",
            spec.sites, spec.skus, spec.periods, spec.seed
        ))
    });
    write_atomic(&dir.join("catalog/nodes.yaml"), g.nodes.as_bytes())?;
    write_atomic(&dir.join("catalog/sites.yaml"), g.sites.as_bytes())?;
    write_atomic(&dir.join("catalog/market.yaml"), g.market.as_bytes())?;
    let plan = dir.join("plan.yaml");
    write_atomic(&plan, g.plan.as_bytes())?;
    // What is generated must load and check like any plan.
    let (sc, _) = load_scenario(&plan)?;
    super::print_out(&format!(
        "wrote {} ({} sites, {} SKUs, {} quarters {}–{}) and its catalogs; it validates\n",
        plan.display(),
        sc.sites.len(),
        sc.skus.len(),
        sc.periods.len(),
        sc.periods
            .first()
            .map(|p| p.to_string())
            .unwrap_or_default(),
        sc.periods.last().map(|p| p.to_string()).unwrap_or_default(),
    ))
}
