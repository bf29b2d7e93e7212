//! The knowledge base: a feature catalogue and one set of sourced facts per hypervisor.

mod export;
mod load;
mod model;

pub use export::{Export, export};
pub use load::{
    HypervisorSource, KnowledgeFiles, PriceOverride, apply_prices, load, load_files, load_prices,
    stale_facts,
};
pub use model::*;
