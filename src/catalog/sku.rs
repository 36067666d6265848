//! A GPU node or rack SKU: what one unit holds, draws, costs and lasts.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::period::{Duration, Period};

/// How a unit is cooled, and so which halls can take it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Cooling {
    /// Air-cooled: goes in air halls.
    Air,
    /// Direct liquid cooling: goes in liquid halls only.
    Liquid,
}

impl Cooling {
    pub const ALL: [Cooling; 2] = [Cooling::Air, Cooling::Liquid];

    pub fn as_str(&self) -> &'static str {
        match self {
            Cooling::Air => "air",
            Cooling::Liquid => "liquid",
        }
    }
}

/// Whether a unit is one server or one rack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitForm {
    Node,
    Rack,
}

/// One hardware SKU of the catalog (`catalogs/nodes.yaml`, under `skus:`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Sku {
    /// Human-readable name, e.g. "NVIDIA HGX H100 8-GPU".
    pub name: String,
    /// Vendor of the accelerator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// A node (server) or a rack.
    pub form: UnitForm,
    /// Accelerators in one unit.
    pub gpus_per_unit: u32,
    /// Design (maximum) IT power of one unit, kW.
    pub it_kw_per_unit: f64,
    /// Cooling the unit needs.
    pub cooling: Cooling,
    /// All-in capex of one unit, USD, including its share of scale-out networking and storage.
    pub capex_usd_per_unit: f64,
    /// Dense BF16 throughput per accelerator, TFLOPS.
    pub bf16_tflops_per_gpu: f64,
    /// Dense FP8 throughput per accelerator, TFLOPS.
    pub fp8_tflops_per_gpu: f64,
    /// HBM per accelerator, GB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hbm_gb_per_gpu: Option<f64>,
    /// Useful life: units retire when they reach it.
    pub useful_life: Duration,
    /// Maintenance and support opex per unit per year, USD.
    pub maintenance_usd_per_unit_year: f64,
    /// Time from order to delivery.
    pub lead_time: Duration,
    /// First period the SKU ships in volume.
    pub available_from: Period,
    /// Fraction of capex a unit is still worth at the end of its useful life.
    /// Value decays geometrically with age in between (see docs/model.md).
    pub residual_fraction_end_of_life: f64,
    /// Where each number comes from: field name → URL or document and date,
    /// or text starting with `estimate`. The key `default` covers every number
    /// without its own entry.
    pub sources: IndexMap<String, String>,
}

impl Sku {
    /// H100-equivalents per GPU, by dense BF16 throughput (H100 SXM = 989 TFLOPS).
    pub fn h100e_per_gpu(&self) -> f64 {
        self.bf16_tflops_per_gpu / H100_BF16_TFLOPS
    }
}

/// Dense BF16 TFLOPS of one H100 SXM, the unit of "H100-equivalents".
pub const H100_BF16_TFLOPS: f64 = 989.0;
