//! Aggregation methods, pairwise weights and sensitivity, through the command line.

use crate::support::fixtures;
use std::process::Output;

fn run(args: &[&str]) -> Output {
    crate::support::hvadvisor().args(args).output().unwrap()
}

fn fixture(args: &[&str], profile: &str) -> Output {
    let kb = fixtures().join("kb").display().to_string();
    let p = fixtures()
        .join("profiles")
        .join(format!("{profile}.yaml"))
        .display()
        .to_string();
    let mut all = args.to_vec();
    all.extend_from_slice(&["--knowledge", &kb, "--profile", &p]);
    run(&all)
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn every_method_ranks_and_exposes_the_decision_matrix() {
    for method in ["wsm", "wpm", "topsis"] {
        let v = json(&fixture(
            &["evaluate", "--format", "json", "--method", method],
            "small",
        ));
        assert_eq!(v["method"], method);
        assert_eq!(v["ranking"][0]["id"], "alpha");
        let score = v["ranking"][1]["score"].as_f64().unwrap();
        assert!(
            score.is_finite() && (0.0..=100.0).contains(&score),
            "{method}: {score}"
        );
        assert_eq!(v["matrix"][1]["id"], "beta");
        assert_eq!(v["matrix"][1]["scores"].as_array().unwrap().len(), 3);
    }
    // WPM: beta (its free edition: no budget) scores 1 on cost (weight 0.5), 0 on availability
    // (0.25, floored to 0.01) and 1/3 on platform (0.25): 100 × 1 × 0.01^0.25 × (1/3)^0.25.
    let v = json(&fixture(
        &["evaluate", "--format", "json", "--method", "wpm"],
        "small",
    ));
    let expected = 100.0 * 0.01f64.powf(0.25) * (1.0f64 / 3.0).powf(0.25);
    assert!((v["ranking"][1]["score"].as_f64().unwrap() - expected).abs() < 0.01);
}

#[test]
fn pairwise_weights_with_consistency_ratio_and_warning() {
    let o = fixture(&["weights", "--format", "json"], "pairwise");
    let v = json(&o);
    assert_eq!(v["ahp"]["random_index_table"], "saaty-1980");
    let cr = v["ahp"]["consistency_ratio"].as_f64().unwrap();
    assert!((cr - 0.141).abs() < 0.001, "{cr}");
    assert_eq!(v["ahp"]["most_inconsistent"][0]["a"], "cost");
    let w = &v["weights"];
    assert!(w["cost"].as_f64().unwrap() > w["platform"].as_f64().unwrap());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains(
            "warning[W004]: the pairwise judgements are inconsistent: consistency ratio 0.141"
        ),
        "{err}"
    );
    let md = fixture(&["weights", "--lang", "fr"], "pairwise");
    let text = String::from_utf8(md.stdout).unwrap();
    assert!(
        text.contains("Ratio de cohérence CR = CI / RI = 0,141, avec RI = 0,58 selon Saaty (1980)"),
        "{text}"
    );
}

#[test]
fn incomplete_pairwise_judgements_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("profiles/small.yaml"),
        dir.path().join("small.yaml"),
    )
    .unwrap();
    let p = dir.path().join("p.yaml");
    std::fs::write(&p, "id: p\nextends: small\npairwise:\n  judgements:\n    - [cost, availability, 3]\n    - [cost, costs, 2]\n    - [cost, platform, 12]\n").unwrap();
    let kb = fixtures().join("kb").display().to_string();
    let o = run(&[
        "weights",
        "--knowledge",
        &kb,
        "--profile",
        p.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("p.yaml:7:7: error[E038]"), "{err}");
    // Once the values are right, the criteria are checked against the merged profile.
    std::fs::write(
        &p,
        "id: p\nextends: small\npairwise:\n  judgements:\n    - [cost, availability, 3]\n    - [cost, costs, 2]\n",
    )
    .unwrap();
    let o = run(&[
        "weights",
        "--knowledge",
        &kb,
        "--profile",
        p.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("p.yaml:6:7: error[E019]: “costs” is not a criterion of this profile"),
        "{err}"
    );
    assert!(err.contains("did you mean “cost”?"), "{err}");
    assert!(
        err.contains("error[E037]: no judgement compares “cost” with “platform”"),
        "{err}"
    );
    assert!(
        err.contains("error[E037]: no judgement compares “availability” with “platform”"),
        "{err}"
    );
}

#[test]
fn sensitivity_is_seeded_and_shares_sum_to_one() {
    let args = [
        "sensitivity",
        "--format",
        "json",
        "--samples",
        "3000",
        "--seed",
        "42",
        "--spread",
        "50",
    ];
    let a = fixture(&args, "small");
    let b = fixture(&args, "small");
    assert_eq!(a.stdout, b.stdout, "same seed, same figures");
    let v = json(&a);
    let acc = v["robustness"]["acceptability"].as_array().unwrap();
    for rank in 0..2 {
        let sum: f64 = acc.iter().map(|x| x["ranks"][rank].as_f64().unwrap()).sum();
        assert!((sum - 1.0).abs() < 1e-3);
    }
    assert_eq!(v["robustness"]["smaa"]["samples"], 3000);
    let oat = v["robustness"]["one_at_a_time"].as_array().unwrap();
    assert_eq!(oat.len(), 3);
    // Alpha beats beta on every criterion: no weight change can overturn it.
    assert!(
        oat.iter()
            .all(|o| o["increase"].is_null() && o["decrease"].is_null())
    );
    let d = json(&fixture(
        &[
            "sensitivity",
            "--format",
            "json",
            "--dirichlet",
            "20",
            "--samples",
            "500",
        ],
        "small",
    ));
    assert_eq!(d["robustness"]["smaa"]["dirichlet"], 20.0);
    let bad = fixture(&["sensitivity", "--spread", "150"], "small");
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn report_names_the_method_and_shows_robustness() {
    let o = fixture(&["report", "--method", "topsis"], "small");
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("## How robust is this choice?"));
    assert!(text.contains("TOPSIS. Criterion scores as for the weighted sum"));
}

/// Robustness varies each uncertain fact within a band that contains its exact score, under the
/// profile's value functions too: a partial "3 hosts needed for HA" worth nothing under the
/// curve, or a node limit that is not published, must not be drawn from the level's plain band.
#[test]
fn fact_bands_contain_the_exact_scores_under_value_functions() {
    use crate::support::{builtin_kb, profile};
    let kb = builtin_kb();
    for name in hvadvisor::builtin::profile_names() {
        let p = profile(&kb, &name);
        let e = hvadvisor::engine::evaluate(&kb, &p);
        let m = &e.exact;
        let mut checked = 0;
        for (cell, bands) in m.facts.iter().enumerate() {
            let Some(b) = bands else { continue };
            let lo: f64 = b.certain + b.bands.iter().map(|(w, lo, _)| w * lo).sum::<f64>();
            let hi: f64 = b.certain + b.bands.iter().map(|(w, _, hi)| w * hi).sum::<f64>();
            // Criterion scores are kept to four decimals.
            let exact = m.scores[cell] * b.total;
            let tol = 1e-4 * b.total;
            assert!(
                lo - tol <= exact && exact <= hi + tol,
                "{name}: {} / {}: {exact} outside [{lo}, {hi}]",
                m.ids[cell / m.criteria.len()],
                m.criteria[cell % m.criteria.len()]
            );
            checked += 1;
        }
        assert!(checked > 0, "{name}: no uncertain fact");
    }
    // vSphere publishes no cluster limit here: its availability cell varies that value
    // between worthless and full (0 to 1 of the level's score) rather than keeping 0.5.
    let p = profile(&kb, "general");
    let e = hvadvisor::engine::evaluate(&kb, &p);
    let m = &e.exact;
    let row = m.ids.iter().position(|id| id == "vmware-esxi").unwrap();
    let col = m.criteria.iter().position(|c| c == "availability").unwrap();
    let b = m.facts[row * m.criteria.len() + col]
        .as_ref()
        .expect("an uncertain fact in vSphere's cluster criterion");
    assert!(
        b.bands.iter().any(|(_, lo, hi)| *lo == 0.0 && *hi == 1.0),
        "{b:?}"
    );
}
