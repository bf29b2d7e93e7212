use crate::support::{fixture_kb, profile};
use hvadvisor::criteria::UnknownPolicy;
use hvadvisor::engine::evaluate;
use hvadvisor::knowledge::Support;

/// Criterion scores keep full precision (issue 15): compared with the exact fraction.
fn assert_close(got: f64, want: f64) {
    assert!((got - want).abs() < 1e-12, "{got} is not {want}");
}

fn score_of(eval: &hvadvisor::engine::Evaluation, id: &str) -> f64 {
    eval.ranking
        .iter()
        .find(|r| r.id == id)
        .expect("ranked")
        .score
}

#[test]
fn weighted_sum_with_editions_rules_and_requirements() {
    let kb = fixture_kb();
    let p = profile(&kb, "small");
    let eval = evaluate(&kb, &p);
    // No budget: only free editions are eligible. Alpha's community edition has everything: 100.
    // Beta's free edition lacks the central server, so its HA and clustering (Enterprise only)
    // count as absent: cost 1 (weight 0.5), availability 0 (0.25), platform 1/3 (0.25) → 58.33.
    assert_eq!(score_of(&eval, "alpha"), 100.0);
    assert_eq!(score_of(&eval, "beta"), 58.33);
    assert_eq!(eval.rules_applied, vec!["no-budget"]);
    let beta = &eval.ranking[1];
    assert_eq!(beta.edition.id, "essentials");
    let enterprise = &beta.edition.options[1];
    assert_eq!(enterprise.unfit, vec![hvadvisor::engine::Unfit::Budget]);
    let ha = &beta.criteria[1].reasons[0];
    assert_eq!(ha.feature, "cluster.ha");
    // Shown as `paid` (it needs a priced edition), scored as absent in the edition chosen.
    assert_eq!((ha.support, ha.effective), (Support::Paid, Support::None));
    assert_eq!(ha.edition.as_deref(), Some("enterprise"));
    assert!(!ha.in_edition);
    assert_eq!(ha.rule, None);
    assert_eq!(ha.sources.len(), 2);
    // Gamma's Windows support is only partial: the requirement eliminates it, with the reason.
    assert_eq!(eval.eliminated.len(), 1);
    let gone = &eval.eliminated[0];
    assert_eq!(gone.id, "gamma");
    assert_eq!(gone.reasons[0].requirement, "windows");
    assert_eq!(gone.reasons[0].effective, Support::Partial);
    assert_eq!(gone.reasons[0].reason.en, "Windows guests are required.");
}

#[test]
fn weights_are_normalised_and_contributions_add_up() {
    let kb = fixture_kb();
    let eval = evaluate(&kb, &profile(&kb, "small"));
    let sum: f64 = eval.weights.0.iter().map(|(_, w)| w).sum();
    assert!((sum - 1.0).abs() < 1e-9);
    assert_eq!(eval.weights.0[0], ("cost".to_owned(), 0.5));
    for r in &eval.ranking {
        let total: f64 = r.criteria.iter().map(|c| c.contribution).sum();
        assert!(
            (total - r.score).abs() < 0.02,
            "{}: {total} vs {}",
            r.id,
            r.score
        );
    }
}

#[test]
fn extends_merges_weights_context_and_rules() {
    let kb = fixture_kb();
    let p = profile(&kb, "child");
    assert_eq!(p.extends, vec!["small"]);
    assert_eq!(p.criteria.len(), 3);
    assert_eq!(p.criteria[0].weight, 0.0);
    // The child restated only the weight: label and features are inherited.
    assert_eq!(p.criteria[0].label.en, "Cost");
    let eval = evaluate(&kb, &p);
    assert_eq!(eval.rules_applied, vec!["enterprise"]);
    // Enterprise budget, cost weight 0: Beta Enterprise brings HA and clustering → availability 1
    // (weight doubled by the rule), platform 1/3: (2 × 1 + 1/3) / 3.
    assert_eq!(score_of(&eval, "beta"), 77.78);
    let beta = eval.ranking.iter().find(|r| r.id == "beta").unwrap();
    assert_eq!(beta.edition.id, "enterprise");
    assert_eq!(eval.eliminated[0].id, "gamma");
}

#[test]
fn unknown_policy_changes_only_unknown_facts() {
    let kb = fixture_kb();
    let mut p = profile(&kb, "small");
    p.requirements.clear();
    let platform = |p: &hvadvisor::criteria::Profile| {
        let eval = evaluate(&kb, p);
        let gamma = eval.ranking.iter().find(|r| r.id == "gamma").unwrap();
        assert_eq!(eval.unknowns.len(), 1);
        gamma.criteria[2].score
    };
    // Gamma: ZFS unknown, backup built in (1), web UI add-on (0.7).
    p.unknown = UnknownPolicy::Absent;
    assert_close(platform(&p).unwrap(), 1.7 / 3.0);
    p.unknown = UnknownPolicy::Neutral;
    assert_close(platform(&p).unwrap(), 2.2 / 3.0);
    p.unknown = UnknownPolicy::Exclude;
    assert_eq!(platform(&p), Some(0.85));
}

#[test]
fn a_criterion_with_only_unknown_facts_is_left_out_under_exclude() {
    let kb = fixture_kb();
    let mut p = profile(&kb, "small");
    p.requirements.clear();
    p.unknown = UnknownPolicy::Exclude;
    p.criteria[2].features = vec![("storage.zfs".into(), 1.0)];
    let eval = evaluate(&kb, &p);
    let gamma = eval.ranking.iter().find(|r| r.id == "gamma").unwrap();
    assert_eq!(gamma.criteria[2].score, None);
    assert_eq!(gamma.criteria[2].contribution, 0.0);
    // Cost (weight 2) and availability (weight 1) are renormalised over 3: (2×1 + 1×0.5×2/3…)
    let total: f64 = gamma.criteria.iter().map(|c| c.contribution).sum();
    assert!((total - gamma.score).abs() < 0.02);
    assert!(gamma.score.is_finite());
}

#[test]
fn equal_scores_break_ties_by_id() {
    let mut kb = fixture_kb();
    let mut twin = kb.hypervisor("alpha").unwrap().clone();
    twin.id = "aardvark".into();
    kb.hypervisors.push(twin);
    let eval = evaluate(&kb, &profile(&kb, "small"));
    let ids: Vec<_> = eval
        .ranking
        .iter()
        .map(|r| (r.id.as_str(), r.rank))
        .collect();
    assert_eq!(ids[..2], [("aardvark", 1), ("alpha", 2)]);
}

#[test]
fn evaluation_is_deterministic_and_hashes_track_inputs() {
    let kb = fixture_kb();
    let p = profile(&kb, "small");
    let a = serde_json::to_string(&evaluate(&kb, &p)).unwrap();
    let b = serde_json::to_string(&evaluate(&kb, &p)).unwrap();
    assert_eq!(a, b);
    let mut p2 = p.clone();
    p2.criteria[0].weight = 3.0;
    let e1 = evaluate(&kb, &p);
    let e2 = evaluate(&kb, &p2);
    assert_eq!(e1.inputs.knowledge_hash, e2.inputs.knowledge_hash);
    assert_ne!(e1.inputs.profile_hash, e2.inputs.profile_hash);
    assert_eq!(e1.inputs.knowledge_hash.len(), 12);
}

#[test]
fn value_functions_score_what_a_fact_says() {
    use hvadvisor::criteria::ValueFunction;
    let kb = fixture_kb();
    let mut p = profile(&kb, "small");
    p.requirements.clear();
    // Alpha documents 32 nodes; Gamma clusters with no published limit.
    p.values.push((
        "cluster.multi-node".into(),
        ValueFunction::Linear {
            worst: 0.0,
            best: 64.0,
        },
    ));
    let availability = |p: &hvadvisor::criteria::Profile, id: &str| {
        let eval = evaluate(&kb, p);
        let r = eval.ranking.iter().find(|r| r.id == id).unwrap();
        r.criteria[1].score.unwrap()
    };
    // Alpha: HA 1 (weight 2), 32 of 64 nodes: 0.5 (weight 1) → 2.5 / 3.
    assert_close(availability(&p, "alpha"), 2.5 / 3.0);
    // Gamma: HA partial 0.5; no published limit follows the unknown policy (absent: 0), so
    // "no limit" does not score as the best.
    assert_close(availability(&p, "gamma"), 1.0 / 3.0);
    p.unknown = UnknownPolicy::Neutral;
    assert_eq!(availability(&p, "gamma"), 0.5);
}

/// Multiplying every weight by a constant changes nothing, however large or small the constant
/// (weights near 1.7e308 used to overflow their sum: every score 0.0, alphabetical order).
#[test]
fn scaling_all_weights_changes_nothing() {
    let kb = crate::support::builtin_kb();
    let base = crate::support::profile(&kb, "sme");
    let reference = hvadvisor::engine::evaluate(&kb, &base);
    for k in [1e307, 1e-300, 7.0] {
        let mut p = base.clone();
        for c in &mut p.criteria {
            c.weight *= k;
            for (_, s) in &mut c.features {
                *s *= k;
            }
        }
        let e = hvadvisor::engine::evaluate(&kb, &p);
        let scores = |e: &hvadvisor::engine::Evaluation| -> Vec<(String, f64)> {
            e.ranking.iter().map(|r| (r.id.clone(), r.score)).collect()
        };
        assert_eq!(scores(&e), scores(&reference), "×{k}");
    }
}
