//! Criteria profiles: weighted criteria over catalogue features, context, rules and requirements.

pub mod ahp;
mod load;
mod model;
mod questionnaire;
mod write;

pub use load::{ProfileSource, check_against, load_profile};
pub use model::*;
pub use questionnaire::*;
pub use write::{answers_to_yaml, to_yaml};
