//! Rank acceptability near the machine's limit (issue 15): 1,000,000 samples of the weighted
//! sum over 11 systems × 9 criteria (the built-in base under the `general` profile without its
//! requirements, so that no system is eliminated, and its first nine criteria; weights only: no
//! fact or price uncertainty), on one thread and on every core, next
//! to a numpy implementation of the same sampling (`benches/smaa_numpy.py`) timed in the same
//! run. Prints the median of ten runs; `cargo bench --bench sampling`. Weights only: the batched
//! path (eight samples side by side) that `smaa` takes when no fact or price varies.

use hvadvisor::engine::robustness::{SmaaOptions, smaa_on};
use hvadvisor::engine::{Method, evaluate};
use std::io::Write;
use std::time::{Duration, Instant};

fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..10)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[5]
}

fn main() {
    let kb = hvadvisor::knowledge::load_files(&hvadvisor::builtin::knowledge())
        .0
        .expect("built-in base");
    let source = hvadvisor::builtin::profile("general").expect("general");
    let resolver = hvadvisor::builtin::parent_resolver(&source);
    let profile = hvadvisor::criteria::load_profile(
        &kb.catalogue,
        &source,
        &resolver,
        &hvadvisor::builtin::profile_names(),
    )
    .0
    .expect("general loads");
    let mut profile = profile;
    profile.requirements.clear();
    let full = evaluate(&kb, &profile).exact;
    let (n, m) = (full.rows(), 9);
    let mut matrix = full.clone();
    matrix.criteria.truncate(m);
    matrix.weights.truncate(m);
    let sum: f64 = matrix.weights.iter().sum();
    matrix.weights.iter_mut().for_each(|w| *w /= sum);
    matrix.scores = (0..n).flat_map(|i| full.row(i)[..m].to_vec()).collect();
    matrix.cost = None;
    matrix.facts = Vec::new();
    let opts = SmaaOptions {
        samples: 1_000_000,
        ..SmaaOptions::default()
    };
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let one = median(|| {
        std::hint::black_box(smaa_on(&matrix, Method::Wsm, &opts, 1));
    });
    let all = median(|| {
        std::hint::black_box(smaa_on(&matrix, Method::Wsm, &opts, cores));
    });
    let result = smaa_on(&matrix, Method::Wsm, &opts, cores);
    println!("sampling/smaa-1m/wsm-{n}x{m}");
    println!("  hvadvisor, 1 thread:   {:.1} ms", one.as_secs_f64() * 1e3);
    println!(
        "  hvadvisor, {cores} threads:  {:.1} ms",
        all.as_secs_f64() * 1e3
    );
    let firsts: Vec<f64> = result.iter().map(|a| a.ranks[0]).collect();
    println!("  first-rank shares: {firsts:?}");
    let spec = serde_json::json!({
        "scores": (0..n).map(|i| matrix.row(i).iter().map(|x| if x.is_nan() { serde_json::Value::Null } else { serde_json::json!(x) }).collect::<Vec<_>>()).collect::<Vec<_>>(),
        "weights": matrix.weights,
        "samples": opts.samples,
        "spread": opts.spread,
    });
    let python = std::env::var("HVADVISOR_PYTHON").unwrap_or_else(|_| "python3".into());
    let child = std::process::Command::new(&python)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/benches/smaa_numpy.py"
        ))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    match child {
        Ok(mut c) => {
            let text = serde_json::to_string(&spec).unwrap().replace("null", "NaN");
            c.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
            let out = c.wait_with_output().unwrap();
            let out = String::from_utf8_lossy(&out.stdout);
            let mut lines = out.lines();
            println!("  numpy ({python}):  {} ms", lines.next().unwrap_or("?"));
            println!("  numpy first-rank shares: {}", lines.next().unwrap_or("?"));
        }
        Err(e) => println!("  numpy: not run ({python}: {e})"),
    }
}
