//! Criteria profiles: weighted criteria over catalogue features, context, rules and requirements.

mod load;
mod model;

pub use load::{ProfileSource, load_profile};
pub use model::*;
