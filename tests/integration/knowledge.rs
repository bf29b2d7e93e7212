use crate::support::builtin_kb;
use hvadvisor::builtin;
use hvadvisor::knowledge::{self, Support};

#[test]
fn builtin_knowledge_base_has_no_diagnostic() {
    let files = builtin::knowledge();
    let (_, diags) = knowledge::load(&files.catalogue, &files.hypervisors);
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn builtin_knowledge_base_is_complete_and_sourced() {
    let kb = builtin_kb();
    assert!(kb.hypervisors.len() >= 7);
    let mut unknown = 0;
    let mut total = 0;
    for hv in &kb.hypervisors {
        assert_eq!(hv.facts.len(), kb.catalogue.features.len(), "{}", hv.id);
        for fact in &hv.facts {
            total += 1;
            if fact.support == Support::Unknown {
                unknown += 1;
            } else {
                assert!(!fact.sources.is_empty(), "{} {}", hv.id, fact.feature);
            }
        }
    }
    assert!(
        unknown * 20 <= total,
        "{unknown} unknown of {total}: more than 5 %"
    );
}
