//! Properties the engine must keep whatever the data (issue 13), checked with proptest on the
//! built-in knowledge base and profiles. The number of cases follows `PROPTEST_CASES` (proptest
//! reads it), 64 by default so that CI stays quick.

use crate::support::builtin_kb;
use hvadvisor::builtin;
use hvadvisor::criteria::{Profile, load_profile};
use hvadvisor::engine::{Evaluation, Method, evaluate_with};
use hvadvisor::knowledge::{self, KnowledgeBase, Support};
use proptest::prelude::*;
use std::sync::OnceLock;

const PROFILES: [&str; 7] = [
    "general",
    "sme",
    "homelab",
    "datacenter",
    "education",
    "devops-lab",
    "production-critical",
];

/// Support levels from least to most; `paid` and `unknown` are not on this scale.
const LADDER: [Support; 6] = [
    Support::None,
    Support::Deprecated,
    Support::Experimental,
    Support::Partial,
    Support::Plugin,
    Support::Native,
];

fn kb() -> &'static KnowledgeBase {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    KB.get_or_init(builtin_kb)
}

fn profiles() -> &'static Vec<Profile> {
    static P: OnceLock<Vec<Profile>> = OnceLock::new();
    P.get_or_init(|| {
        PROFILES
            .iter()
            .map(|name| {
                let source = builtin::resolve_profile(name).expect("built-in profile");
                let resolver = builtin::parent_resolver(&source);
                let (p, _) = load_profile(
                    &kb().catalogue,
                    &source,
                    &resolver,
                    &builtin::profile_names(),
                );
                p.expect("built-in profile loads")
            })
            .collect()
    })
}

fn config() -> ProptestConfig {
    crate::support::proptest_config()
}

fn score(eval: &Evaluation, id: &str) -> Option<f64> {
    eval.ranking.iter().find(|r| r.id == id).map(|r| r.score)
}

proptest! {
    #![proptest_config(config())]

    /// Raising one fact's support level (on the scale none < deprecated < … < native) never
    /// lowers that system's weighted-sum score, and never gets it eliminated.
    #[test]
    fn raising_support_never_lowers_the_score(
        profile in 0..PROFILES.len(),
        hv in 0..11usize,
        fact in 0..200usize,
        steps in 1..6usize,
    ) {
        let kb0 = kb();
        let hv = hv % kb0.hypervisors.len();
        let h = &kb0.hypervisors[hv];
        let fact = fact % h.facts.len();
        let f = &h.facts[fact];
        let Some(at) = LADDER.iter().position(|s| *s == f.support) else {
            return Ok(());
        };
        let feature = kb0.catalogue.feature(&f.feature).expect("catalogued");
        // A supported fact of a feature that needs a value would have none.
        prop_assume!(!(f.support == Support::None && feature.value_required));
        prop_assume!(at + 1 < LADDER.len());
        let to = LADDER[(at + steps).min(LADDER.len() - 1)];
        let mut kb1 = kb0.clone();
        kb1.hypervisors[hv].facts[fact].support = to;
        let p = &profiles()[profile];
        let before = evaluate_with(kb0, p, Method::Wsm);
        let after = evaluate_with(&kb1, p, Method::Wsm);
        if let Some(b) = score(&before, &h.id) {
            let a = score(&after, &h.id);
            prop_assert!(a.is_some(), "{} eliminated by raising {} to {:?}", h.id, f.feature, to);
            prop_assert!(
                a.unwrap() >= b,
                "{} under {}: {} -> {} after raising {} from {:?} to {:?}",
                h.id, PROFILES[profile], b, a.unwrap(), f.feature, f.support, to
            );
        }
    }

    /// Multiplying every criterion weight by the same constant changes no score and no order,
    /// under every method.
    #[test]
    fn scaling_all_weights_changes_nothing(
        profile in 0..PROFILES.len(),
        k in prop_oneof![0.001f64..0.1, 0.1f64..10.0, 10.0f64..1000.0],
        method in 0..3usize,
    ) {
        let p = &profiles()[profile];
        let mut q = p.clone();
        for c in &mut q.criteria {
            c.weight *= k;
        }
        let method = Method::ALL[method];
        let a = evaluate_with(kb(), p, method);
        let b = evaluate_with(kb(), &q, method);
        let ids = |e: &Evaluation| e.ranking.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        for (x, y) in a.ranking.iter().zip(&b.ranking) {
            // Scores are rounded to 0.01: a product may land on the other side of a half.
            prop_assert!((x.score - y.score).abs() <= 0.011, "{} {} vs {}", x.id, x.score, y.score);
        }
        // Systems whose scores differ by more than rounding keep their order.
        for (i, x) in a.ranking.iter().enumerate() {
            for y in &a.ranking[i + 1..] {
                if x.score - y.score > 0.02 {
                    let (px, py) = (
                        ids(&b).iter().position(|id| *id == x.id),
                        ids(&b).iter().position(|id| *id == y.id),
                    );
                    prop_assert!(px < py, "{} and {} swapped", x.id, y.id);
                }
            }
        }
    }

    /// A copy of a system with some facts lowered (same editions and prices) is dominated by
    /// it: it never ranks above the original, under any method.
    #[test]
    fn a_dominated_system_never_outranks_the_one_dominating_it(
        profile in 0..PROFILES.len(),
        hv in 0..11usize,
        lowered in prop::collection::vec((0..200usize, 1..6usize), 1..8),
        method in 0..3usize,
    ) {
        let kb0 = kb();
        let hv = hv % kb0.hypervisors.len();
        let mut kb1 = kb0.clone();
        let mut copy = kb0.hypervisors[hv].clone();
        copy.id = format!("{}-dominated", copy.id);
        copy.name = format!("{} (dominated)", copy.name);
        for (fact, steps) in lowered {
            let fact = fact % copy.facts.len();
            let f = &mut copy.facts[fact];
            let Some(at) = LADDER.iter().position(|s| *s == f.support) else { continue };
            let to = LADDER[at.saturating_sub(steps)];
            // `none` takes no value; only flags (no value) are lowered that far.
            if to == Support::None && f.value.is_some() {
                continue;
            }
            f.support = to;
        }
        kb1.hypervisors.push(copy.clone());
        let eval = evaluate_with(&kb1, &profiles()[profile], Method::ALL[method]);
        let rank = |id: &str| eval.ranking.iter().position(|r| r.id == id);
        let (orig, dom) = (rank(&kb0.hypervisors[hv].id), rank(&copy.id));
        if let Some(d) = dom {
            prop_assert!(orig.is_some(), "the original is eliminated, not its dominated copy");
            let (o, d) = (orig.unwrap(), d);
            let so = eval.ranking[o].score;
            let sd = eval.ranking[d].score;
            prop_assert!(so >= sd, "{}: {} below its dominated copy's {}", copy.id, so, sd);
        }
    }

    /// The order in which the knowledge folder lists its files changes nothing: same base
    /// hash, same evaluation.
    #[test]
    fn file_order_in_the_knowledge_folder_changes_nothing(
        order in Just((0..builtin::knowledge().hypervisors.len()).collect::<Vec<_>>()).prop_shuffle(),
        profile in 0..PROFILES.len(),
    ) {
        let files = builtin::knowledge();
        let mut shuffled = builtin::knowledge();
        shuffled.hash = None;
        shuffled.hypervisors = order
            .iter()
            .filter(|i| **i < files.hypervisors.len())
            .map(|i| files.hypervisors[*i].clone())
            .collect();
        let mut sorted = builtin::knowledge();
        sorted.hash = None;
        let (a, _) = knowledge::load(&sorted);
        let (b, _) = knowledge::load(&shuffled);
        let (a, b) = (a.expect("loads"), b.expect("loads"));
        prop_assert_eq!(&a.hash, &b.hash);
        let p = &profiles()[profile];
        let ea = serde_json::to_string(&evaluate_with(&a, p, Method::Wsm)).unwrap();
        let eb = serde_json::to_string(&evaluate_with(&b, p, Method::Wsm)).unwrap();
        prop_assert_eq!(ea, eb);
    }
}
