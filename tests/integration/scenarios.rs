//! The decision scenarios of `tests/scenarios/`: the recommendation for each situation must be one
//! of the winners written down beforehand from the vendors' documentation.

use crate::support::builtin_kb;
use hvadvisor::builtin;
use hvadvisor::criteria::{Profile, load_answers, load_profile, load_questionnaire};
use hvadvisor::engine::evaluate;
use hvadvisor::engine::robustness::{SmaaOptions, analyse};
use hvadvisor::engine::verdict::verdict;
use hvadvisor::knowledge::KnowledgeBase;
use std::path::Path;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    why: String,
    acceptable: Vec<String>,
    #[allow(dead_code)]
    answers: serde_json::Value,
}

/// The profile the questionnaire builds from a scenario's answers.
fn profile_from(kb: &KnowledgeBase, file: &str, text: &str) -> Profile {
    let answers_text = text
        .split_once("\nanswers:\n")
        .expect("an answers section")
        .1
        .lines()
        .map(|l| l.strip_prefix("  ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let names = builtin::profile_names();
    let base = |name: &str| -> Option<Profile> {
        let src = builtin::profile(name)?;
        let resolver = builtin::parent_resolver(&src);
        load_profile(&kb.catalogue, &src, &resolver, &names).0
    };
    let source = builtin::questionnaire();
    let (q, diags) = load_questionnaire(&kb.catalogue, &source.file, &source.text, &base);
    let q = q.unwrap_or_else(|| panic!("questionnaire: {diags:?}"));
    let (answers, diags) = load_answers(&q, file, &answers_text);
    let answers = answers.unwrap_or_else(|| panic!("{file}: {diags:?}"));
    assert!(!diags.iter().any(|d| d.is_error()), "{file}: {diags:?}");
    let base = base(&q.base).expect("base profile");
    q.apply(&base, &q.complete(&answers))
}

#[test]
fn every_scenario_recommends_an_acceptable_winner() {
    let kb = builtin_kb();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 12, "at least twelve scenarios");
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let scenario: Scenario =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!scenario.why.is_empty());
        for id in &scenario.acceptable {
            assert!(
                kb.hypervisor(id).is_some(),
                "{name}: unknown hypervisor {id}"
            );
        }
        let profile = profile_from(&kb, &name, &text);
        let eval = evaluate(&kb, &profile);
        let Some(first) = eval.ranking.first() else {
            failures.push(format!("{name}: every hypervisor was eliminated"));
            continue;
        };
        let r = analyse(&eval.exact, eval.method, &SmaaOptions::default());
        let v = verdict(&eval, &r.acceptability).expect("a ranking");
        if !scenario.acceptable.contains(&first.id) {
            failures.push(format!(
                "{name}: recommended {} ({}), acceptable {:?}; ranking {:?}",
                first.id,
                if v.tie { "tie" } else { "clear" },
                scenario.acceptable,
                eval.ranking
                    .iter()
                    .take(4)
                    .map(|r| format!("{} {:.1}", r.id, r.score))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
