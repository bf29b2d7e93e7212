//! Benchmarks on the built-in knowledge base (figures in the README):
//! - evaluating every hypervisor against one profile;
//! - the stochastic sensitivity analysis with 100,000 weight samples;
//! - `hvadvisor report` as a whole process (start, load, evaluate, render, exit).

use criterion::{Criterion, criterion_group, criterion_main};
use hvadvisor::builtin;
use hvadvisor::criteria::load_profile;
use hvadvisor::engine::robustness::{SmaaOptions, smaa};
use hvadvisor::engine::{Method, evaluate};
use hvadvisor::knowledge;
use std::hint::black_box;
use std::process::Command;
use std::time::Duration;

fn inputs() -> (knowledge::KnowledgeBase, hvadvisor::criteria::Profile) {
    let files = builtin::knowledge();
    let kb = knowledge::load_files(&files).0.expect("built-in base");
    let source = builtin::profile("sme").expect("sme profile");
    let resolver = builtin::parent_resolver(&source);
    let profile = load_profile(&kb.catalogue, &source, &resolver, &builtin::profile_names())
        .0
        .expect("sme loads");
    (kb, profile)
}

fn benches(c: &mut Criterion) {
    let (kb, profile) = inputs();
    c.bench_function("evaluate/sme/full-base", |b| {
        b.iter(|| evaluate(black_box(&kb), black_box(&profile)))
    });

    let eval = evaluate(&kb, &profile);
    let opts = SmaaOptions {
        samples: 100_000,
        ..SmaaOptions::default()
    };
    let mut group = c.benchmark_group("sensitivity");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for method in Method::ALL {
        group.bench_function(format!("smaa-100k/{}", method.name()), |b| {
            b.iter(|| smaa(black_box(&eval.exact), method, black_box(&opts)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("process");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("report/sme/fr", |b| {
        b.iter(|| {
            let out = Command::new(env!("CARGO_BIN_EXE_hvadvisor"))
                .args(["report", "--profile", "sme", "--lang", "fr"])
                .output()
                .expect("binary runs");
            assert!(out.status.success());
            out.stdout.len()
        })
    });
    group.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
