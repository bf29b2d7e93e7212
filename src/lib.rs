//! hvadvisor: a decision-support engine that compares hypervisors.
//!
//! The pipeline has one type per stage:
//! YAML files → [`yaml::Node`] trees → validated models ([`knowledge::KnowledgeBase`],
//! [`criteria::Profile`]) → [`engine::Evaluation`] → rendered reports ([`report`]).
//! Only [`cli`] touches the terminal; every other module is silent.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod advice;
pub mod bench;
pub mod builtin;
pub mod cli;
pub mod criteria;
pub mod date;
pub mod diag;
pub mod embed;
pub mod engine;
pub mod hash;
pub mod knowledge;
pub mod lang;
pub mod report;
pub mod schema;
pub mod web;
pub mod yaml;
pub mod yaml_tree;

/// Version of the machine-readable outputs (`kb export`, `evaluate --format json`).
pub const SCHEMA_VERSION: u32 = 1;

/// Version of this tool, as recorded in every report.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");
