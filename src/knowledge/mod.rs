//! The knowledge base: a feature catalogue and one set of sourced facts per hypervisor.

mod export;
mod load;
mod model;

pub use export::{Export, export};
pub use load::{HypervisorSource, KnowledgeFiles, load, load_files, stale_facts};
pub use model::*;
