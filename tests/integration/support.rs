//! Loading the test fixtures.

use hvadvisor::builtin;
use hvadvisor::criteria::{Profile, load_profile};
use hvadvisor::knowledge::{self, KnowledgeBase};
use std::path::{Path, PathBuf};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The small fixture knowledge base (alpha, beta, gamma).
pub fn fixture_kb() -> KnowledgeBase {
    let files = builtin::knowledge_dir(&fixtures().join("kb")).expect("fixture readable");
    let (kb, diags) = knowledge::load(&files);
    assert!(diags.is_empty(), "fixture has diagnostics: {diags:?}");
    kb.expect("fixture loads")
}

/// The built-in knowledge base.
pub fn builtin_kb() -> KnowledgeBase {
    let files = builtin::knowledge();
    let (kb, diags) = knowledge::load(&files);
    assert!(
        !diags.iter().any(|d| d.is_error()),
        "built-in base has errors: {diags:?}"
    );
    kb.expect("built-in base loads")
}

/// A profile file from the fixtures, or a built-in profile by name.
pub fn profile(kb: &KnowledgeBase, name: &str) -> Profile {
    let path = fixtures().join("profiles").join(format!("{name}.yaml"));
    let arg = if path.is_file() {
        path.display().to_string()
    } else {
        name.to_owned()
    };
    let source = builtin::resolve_profile(&arg).expect("profile found");
    let resolver = builtin::parent_resolver(&source);
    let (p, diags) = load_profile(&kb.catalogue, &source, &resolver, &builtin::profile_names());
    assert!(
        diags.is_empty(),
        "profile {name} has diagnostics: {diags:?}"
    );
    p.expect("profile loads")
}

/// Copies a folder tree (a knowledge base to break in a temporary folder).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The binary, with no language taken from the environment (HVADVISOR_LANG, LC_ALL,
/// LC_MESSAGES, LANG): tests pass `--lang` when they want French, whatever the machine's locale.
pub fn hvadvisor() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_hvadvisor"));
    for var in ["HVADVISOR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        c.env_remove(var);
    }
    c
}

/// Property tests and fuzzers run `PROPTEST_CASES` cases, 64 by default (quick in `cargo test`).
pub fn proptest_config() -> proptest::prelude::ProptestConfig {
    proptest::prelude::ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(64),
        ..proptest::prelude::ProptestConfig::default()
    }
}

/// Runs `cmd`, requires exit code 0 (its standard error as the message otherwise) and returns
/// its standard output.
pub fn stdout_of(cmd: &mut std::process::Command) -> String {
    let o = cmd.output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}
