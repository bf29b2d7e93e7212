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
    // issue 13: 2,000 blocks (ranking and score, four profiles, two languages) in one document,
    // regenerated from empty blocks each time.
    let mut doc = String::new();
    for i in 0..2000 {
        let profile = ["sme", "homelab", "datacenter", "general"][i % 4];
        let lang = ["en", "fr"][(i / 4) % 2];
        if i % 3 == 0 {
            let hv = ["proxmox-ve", "xcp-ng", "incus", "vmware-esxi"][i % 4];
            doc.push_str(&format!(
                "<!-- hvadvisor score profile={profile} hypervisor={hv} lang={lang} -->\n<!-- /hvadvisor -->\n\n"
            ));
        } else {
            doc.push_str(&format!(
                "<!-- hvadvisor ranking profile={profile} lang={lang} -->\n<!-- /hvadvisor -->\n\n"
            ));
        }
    }
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("doc.md");
    group.bench_function("embed/2000-blocks", |b| {
        b.iter(|| {
            std::fs::write(&path, &doc).expect("write the document");
            let out = Command::new(env!("CARGO_BIN_EXE_hvadvisor"))
                .arg("embed")
                .arg(&path)
                .output()
                .expect("binary runs");
            assert!(out.status.success());
        })
    });
    group.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
