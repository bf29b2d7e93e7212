//! Integration tests, in one binary (one link step instead of one per file).

mod ask;
mod bench;
mod catalogues;
mod cli;
mod cost;
mod diagnostics;
mod embed;
mod engine;
mod french;
mod fuzz;
mod knowledge;
mod lint;
mod page_one;
mod profiles;
mod properties;
mod readme;
mod report;
mod robustness;
mod scenarios;
mod schema;
mod serve;
mod support;
