use crate::support::builtin_kb;
use hvadvisor::builtin;
use hvadvisor::knowledge::{self, Support};

#[test]
fn builtin_knowledge_base_has_no_diagnostic() {
    let files = builtin::knowledge();
    let (_, diags) = knowledge::load(&files);
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

#[test]
fn the_precomputed_hash_of_the_builtin_base_is_the_hash_of_its_files() {
    let files = builtin::knowledge();
    let fast = knowledge::load_files(&files).0.unwrap();
    let slow = knowledge::load(&files).0.unwrap();
    assert_eq!(fast.content_hash(), slow.content_hash());
    // A copy of the base in a folder hashes the same.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("hypervisors")).unwrap();
    std::fs::write(dir.path().join("features.yaml"), &files.catalogue.text).unwrap();
    for h in &files.hypervisors {
        let name = std::path::Path::new(&h.file).file_name().unwrap();
        std::fs::write(dir.path().join("hypervisors").join(name), &h.text).unwrap();
    }
    let rates = files.currencies.as_ref().expect("built-in rates");
    std::fs::write(dir.path().join("currencies.yaml"), &rates.text).unwrap();
    let copy = knowledge::load_files(&builtin::knowledge_dir(dir.path()).unwrap())
        .0
        .unwrap();
    assert_eq!(copy.content_hash(), fast.content_hash());
}
