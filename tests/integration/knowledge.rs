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

/// The coding rules of knowledge/README.md that a program can check, on every built-in file.
#[test]
fn coding_rules_hold_in_every_file() {
    use hvadvisor::knowledge::{Support, SupportHours};
    let kb = crate::support::builtin_kb();
    let mut broken = Vec::new();
    for h in &kb.hypervisors {
        let fact = |id: &str| h.fact(id).expect("every feature has a fact");
        let free_production = h
            .editions
            .iter()
            .any(|e| e.prices.is_empty() && e.production);
        let fpu = fact("license.free-production-use").support;
        if free_production != (fpu != Support::None) {
            broken.push(format!(
                "{}: free production use is {fpu:?}, but an edition free for production {}",
                h.id,
                if free_production {
                    "exists"
                } else {
                    "does not exist"
                }
            ));
        }
        let paid_core = [
            "cluster.ha",
            "cluster.live-migration",
            "cluster.multi-node",
            "management.web-ui",
        ]
        .iter()
        .any(|id| {
            fact(id)
                .edition
                .as_deref()
                .and_then(|e| h.edition(e))
                .is_some_and(|e| !e.prices.is_empty())
        });
        if paid_core && fpu == Support::Native {
            broken.push(format!(
                "{}: free production use is native but core features need a paid edition",
                h.id
            ));
        }
        for f in &h.facts {
            if f.edition.as_deref() == h.editions.first().map(|e| e.id.as_str())
                && h.editions[0].prices.is_empty()
            {
                broken.push(format!(
                    "{}: {} is gated on the first, free edition",
                    h.id, f.feature
                ));
            }
        }
        let sells_support = h.editions.iter().any(|e| {
            e.support == SupportHours::Unknown || e.best_support() >= SupportHours::BusinessHours
        });
        if fact("license.commercial-support").support == Support::Native && !sells_support {
            broken.push(format!(
                "{}: commercial support is native but no edition sells support",
                h.id
            ));
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// Every catalogue feature is scored by a built-in profile, or marked descriptive.
#[test]
fn no_catalogue_feature_goes_unused() {
    let kb = crate::support::builtin_kb();
    let mut used: Vec<String> = Vec::new();
    for name in hvadvisor::builtin::profile_names() {
        let p = crate::support::profile(&kb, &name);
        for c in &p.criteria {
            used.extend(
                c.features
                    .iter()
                    .filter(|(_, w)| *w > 0.0)
                    .map(|(f, _)| f.clone()),
            );
        }
        used.extend(p.requirements.iter().map(|r| r.feature.clone()));
        used.extend(p.values.iter().map(|(f, _)| f.clone()));
    }
    let unused: Vec<&str> = kb
        .catalogue
        .features
        .iter()
        .filter(|f| !f.descriptive && !used.contains(&f.id))
        .map(|f| f.id.as_str())
        .collect();
    assert!(unused.is_empty(), "scored by no profile: {unused:?}");
}
