//! The knowledge base: a feature catalogue and one set of sourced facts per hypervisor.

mod export;
mod load;
mod model;

pub use export::{Export, export};
pub(crate) use load::{EDITION_KEYS, FACT_KEYS, HYPERVISOR_KEYS, PRICE_KEYS, QUOTE_KEYS};
pub use load::{
    HypervisorSource, KnowledgeFiles, PriceOverride, apply_prices, load, load_files, load_prices,
    stale_facts,
};
pub use model::*;
