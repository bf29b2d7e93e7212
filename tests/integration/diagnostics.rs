//! One case per class of bad input: a fixture file with one mistake (or several) introduced,
//! and a snapshot of every diagnostic it produces, as the user reads them.

use crate::support::{copy_dir, fixtures};
use hvadvisor::builtin;
use hvadvisor::criteria::{ProfileSource, load_profile};
use hvadvisor::diag::Code;
use hvadvisor::knowledge;
use hvadvisor::lang::Lang;
use hvadvisor::report::{self, Templates};

/// Loads the fixture base after replacing `from` by `to` in `file`; returns the rendered
/// diagnostics with the temporary folder shown as `kb`.
fn kb_case(file: &str, from: &str, to: &str) -> (Vec<Code>, String) {
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("kb");
    copy_dir(&fixtures().join("kb"), &kb);
    let path = kb.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    let files = builtin::knowledge_dir(&kb).unwrap();
    let (base, diags) = knowledge::load(&files);
    assert!(base.is_none(), "an invalid base must not load");
    let text = report::diagnostics(&Templates::builtin(), Lang::En, &diags);
    let prefix = format!("{}/", dir.path().display());
    (
        diags.iter().map(|d| d.code).collect(),
        text.replace(&prefix, ""),
    )
}

fn profile_case(from: &str, to: &str) -> (Vec<Code>, String) {
    let kb = crate::support::fixture_kb();
    let path = fixtures().join("profiles/small.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "small.yaml does not contain {from:?}");
    let source = ProfileSource {
        file: "profiles/small.yaml".into(),
        text: text.replacen(from, to, 1),
    };
    let resolver = builtin::parent_resolver(&source);
    let (p, diags) = load_profile(&kb.catalogue, &source, &resolver, &builtin::profile_names());
    assert!(p.is_none(), "an invalid profile must not load");
    let text = report::diagnostics(&Templates::builtin(), Lang::En, &diags);
    (diags.iter().map(|d| d.code).collect(), text)
}

#[test]
fn malformed_yaml() {
    let (codes, text) = kb_case(
        "hypervisors/alpha.yaml",
        "version: \"2.1\"",
        "version: [\"2.1\"",
    );
    assert_eq!(codes, [Code::YamlSyntax]);
    insta::assert_snapshot!(text);
}

#[test]
fn duplicate_key() {
    let (codes, text) = kb_case(
        "hypervisors/alpha.yaml",
        "vendor: Alpha Project\n",
        "vendor: Alpha Project\nvendor: Alpha\n",
    );
    assert_eq!(codes, [Code::DuplicateKey]);
    insta::assert_snapshot!(text);
}

#[test]
fn unknown_feature_with_suggestion() {
    let (codes, text) = kb_case(
        "hypervisors/alpha.yaml",
        "  storage.zfs:\n",
        "  storage.zsf:\n",
    );
    assert_eq!(codes, [Code::MissingFeature, Code::UnknownFeature]);
    assert!(text.contains("did you mean “storage.zfs”?"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn missing_language() {
    let (codes, text) = kb_case(
        "hypervisors/alpha.yaml",
        "note: { en: ZFS pools managed from the UI., fr: Pools ZFS gérés depuis l'interface. }",
        "note: { en: ZFS pools managed from the UI. }",
    );
    assert_eq!(codes, [Code::MissingLanguage]);
    insta::assert_snapshot!(text);
}

#[test]
fn value_without_source() {
    let (codes, text) = kb_case(
        "hypervisors/alpha.yaml",
        "Pools ZFS gérés depuis l'interface. }\n    sources: [guide]\n",
        "Pools ZFS gérés depuis l'interface. }\n",
    );
    assert_eq!(codes, [Code::MissingSource]);
    insta::assert_snapshot!(text);
}

#[test]
fn wrong_value_type() {
    let (codes, text) = kb_case("hypervisors/alpha.yaml", "value: 32", "value: thirty-two");
    assert_eq!(codes, [Code::ExpectedType]);
    insta::assert_snapshot!(text);
}

#[test]
fn text_cut_at_a_comma() {
    let (codes, text) = kb_case(
        "hypervisors/beta.yaml",
        "{ en: \"HA needs the central server, a paid licence.\"",
        "{ en: HA needs the central server, a paid licence.",
    );
    assert_eq!(codes, [Code::UnquotedComma]);
    insta::assert_snapshot!(text);
}

#[test]
fn every_problem_of_a_file_at_once() {
    let (codes, text) = kb_case(
        "hypervisors/gamma.yaml",
        "released: 2024-04-04\nas-of: 2026-06-01\nlicense: Apache-2.0\n",
        "released: 2024-02-30\nas-of: 2026-06-01\nlicence: Apache-2.0\n",
    );
    // The missing key is reported where the mapping starts, so it comes first.
    assert_eq!(
        codes,
        [Code::MissingKey, Code::InvalidDate, Code::UnknownKey]
    );
    assert!(text.contains("did you mean “license”?"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn unknown_support_level_and_source() {
    let (codes, text) = kb_case(
        "hypervisors/gamma.yaml",
        "support: partial\n    note: { en: \"Healing restarts instances on shared storage only.\", fr: \"La réparation ne redémarre que les instances sur stockage partagé.\" }\n    sources: [docs]",
        "support: partial-ish\n    note: { en: \"Healing restarts instances on shared storage only.\", fr: \"La réparation ne redémarre que les instances sur stockage partagé.\" }\n    sources: [doc]",
    );
    assert!(
        codes.contains(&Code::UnknownValue) && codes.contains(&Code::UnknownSource),
        "{codes:?}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn negative_weight() {
    let (codes, text) = profile_case("    weight: 2\n", "    weight: -2\n");
    assert_eq!(codes, [Code::InvalidNumber]);
    insta::assert_snapshot!(text);
}

#[test]
fn nan_weight() {
    let (codes, text) = profile_case("    weight: 2\n", "    weight: .nan\n");
    assert_eq!(codes, [Code::InvalidNumber], "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn all_zero_weights() {
    let kb = crate::support::fixture_kb();
    let text = std::fs::read_to_string(fixtures().join("profiles/small.yaml"))
        .unwrap()
        .replace("    weight: 2\n", "    weight: 0\n")
        .replace("    weight: 1\n", "    weight: 0\n");
    let source = ProfileSource {
        file: "profiles/small.yaml".into(),
        text,
    };
    let (p, diags) = load_profile(&kb.catalogue, &source, &|_| None, &[]);
    assert!(p.is_none());
    assert_eq!(
        diags.iter().map(|d| d.code).collect::<Vec<_>>(),
        [Code::AllZeroWeights]
    );
}

#[test]
fn unknown_parent_profile() {
    let (codes, text) = profile_case("id: small\n", "id: small\nextends: generl\n");
    assert_eq!(codes, [Code::UnknownProfile]);
    assert!(text.contains("did you mean “general”?"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn unknown_criterion_in_a_rule() {
    let (codes, text) = profile_case(
        "    treat: { experimental: none }\n",
        "    treat: { experimental: none }\n    weights: { costs: 2 }\n",
    );
    assert_eq!(codes, [Code::UnknownCriterion]);
    insta::assert_snapshot!(text);
}

#[test]
fn unknown_builtin_profile_name() {
    let d = builtin::resolve_profile("smee").unwrap_err();
    assert_eq!(d.code, Code::UnknownProfile);
    assert_eq!(d.suggestion.as_deref(), Some("sme"));
}

#[test]
fn french_diagnostics() {
    let (_, _) = kb_case("hypervisors/alpha.yaml", "value: 32", "value: thirty-two");
    let diag = hvadvisor::diag::Diagnostic::new(Code::UnknownFeature, "a.yaml", 3, 5)
        .arg("id", "cluster.hha")
        .suggest(Some("cluster.ha".into()));
    let text = report::diagnostics(&Templates::builtin(), Lang::Fr, &[diag]);
    assert_eq!(
        text,
        "a.yaml:3:5: erreur[E011]: «\u{202f}cluster.hha\u{202f}» n'est pas une fonction du catalogue (knowledge/features.yaml)\n  = aide\u{a0}: vouliez-vous dire «\u{202f}cluster.ha\u{202f}»\u{202f}?\n1 erreur, aucun avertissement\n"
    );
}

/// The YAML parser's usual complaints read in the user's language: each broken file below gets
/// the catalogue's sentence, not the parser's English; an unlisted one is quoted and labelled.
#[test]
fn yaml_syntax_errors_in_french() {
    let cases = [
        (
            "id: x\ntitle: \"open\n",
            "guillemet ouvert mais jamais fermé",
        ),
        ("id: x\ntitle: [a, b\n", "« [ » ouvert mais jamais fermé"),
        ("id: x\nt: {a: 1\n", "« { » ouvert mais jamais fermé"),
        ("id: x\n  title: y\n", "n'est pas permise ici"),
        ("id: x\n\ttitle: y\n", "YAML n'accepte que des espaces"),
        ("id: x\ntitle: [a: b: c]\n", "YAML invalide"),
    ];
    for (src, expected) in cases {
        let diag = hvadvisor::yaml::parse("p.yaml", src).expect_err(src);
        assert_eq!(diag.code, Code::YamlSyntax, "{src}");
        let text = report::diagnostics(&Templates::builtin(), Lang::Fr, &[diag]);
        let expected = expected
            .replace("« ", "«\u{202f}")
            .replace(" »", "\u{202f}»");
        assert!(text.contains(&expected), "{src:?}: {text}");
        assert!(!text.contains("message d'origine"), "{src:?}: {text}");
    }
    // A message the catalogues do not know stays the parser's, quoted and said to be English.
    let diag =
        hvadvisor::yaml::parse("p.yaml", "%YAML 1.2\n%YAML 1.2\n---\na: 1\n").expect_err("twice");
    let text = report::diagnostics(&Templates::builtin(), Lang::Fr, &[diag]);
    assert!(text.contains("message d'origine, en anglais"), "{text}");
}
