//! `hvadvisor embed`, the mdBook preprocessor, and the HTML/CSV formats.

use crate::support::fixtures;
use hvadvisor::embed::{find_blocks, splice};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_hvadvisor")
}

fn fixture_kb() -> String {
    fixtures().join("kb").display().to_string()
}

/// A folder holding a document and the fixture profile `small.yaml` beside it.
fn doc(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("profiles/small.yaml"),
        dir.path().join("small.yaml"),
    )
    .unwrap();
    let path = dir.path().join("doc.md");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn embed(path: &Path, extra: &[&str]) -> Output {
    let kb = fixture_kb();
    let mut args = vec!["embed", path.to_str().unwrap(), "--knowledge", kb.as_str()];
    args.extend_from_slice(extra);
    crate::support::hvadvisor().args(&args).output().unwrap()
}

fn embedded(block: &str) -> String {
    let (_dir, path) = doc(&format!(
        "# Doc\n\nBefore.\n\n{block}\n<!-- /hvadvisor -->\n\nAfter.\n"
    ));
    let o = embed(&path, &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::read_to_string(&path).unwrap()
}

#[test]
fn snippet_ranking() {
    insta::assert_snapshot!(embedded(
        "<!-- hvadvisor ranking profile=small.yaml lang=fr -->"
    ));
}

#[test]
fn snippet_score() {
    insta::assert_snapshot!(embedded(
        "<!-- hvadvisor score profile=small.yaml hypervisor=beta -->"
    ));
}

#[test]
fn snippet_score_of_an_eliminated_hypervisor() {
    let text = embedded("<!-- hvadvisor score profile=small.yaml hypervisor=gamma lang=fr -->");
    assert!(text.contains("**Gamma** est éliminé pour le profil Petit profil de test\u{a0}: Les invités Windows sont obligatoires."), "{text}");
}

#[test]
fn snippet_matrix() {
    insta::assert_snapshot!(embedded(
        "<!-- hvadvisor matrix categories=cluster,storage hypervisors=gamma,alpha -->"
    ));
}

#[test]
fn snippet_ports() {
    insta::assert_snapshot!(embedded("<!-- hvadvisor ports hypervisor=beta lang=fr -->"));
}

#[test]
fn snippet_report() {
    let text = embedded("<!-- hvadvisor report profile=small.yaml -->");
    // Under the document's "# Doc", the report's title becomes a second-level heading.
    assert!(
        text.contains("\n## Hypervisor comparison: Small test profile\n"),
        "{text}"
    );
    assert!(!text.contains("\n# Hypervisor comparison"));
    assert!(text.ends_with("<!-- /hvadvisor -->\n\nAfter.\n"));
}

#[test]
fn snippet_memo_from_answers_beside_the_document() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("answers.yaml"),
        "hosts: 1\nbudget: none\nwindows: \"no\"\n",
    )
    .unwrap();
    let path = dir.path().join("doc.md");
    std::fs::write(
        &path,
        "<!-- hvadvisor memo answers=answers.yaml lang=fr -->\n<!-- /hvadvisor -->\n",
    )
    .unwrap();
    crate::support::stdout_of(crate::support::hvadvisor().args(["embed", path.to_str().unwrap()]));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("# Note de décision\u{a0}: quel hyperviseur\u{202f}?"));
    assert!(text.contains(
        "| Combien d'hôtes physiques feront tourner des machines virtuelles\u{202f}? | 1 |"
    ));
}

#[test]
fn embedding_twice_changes_nothing_and_check_agrees() {
    let (_dir, path) = doc(
        "Intro\r\n\r\n<!-- hvadvisor ranking profile=small.yaml -->\r\nold\r\n<!-- /hvadvisor -->\r\nEnd\r\n",
    );
    let stale = embed(&path, &["--check"]);
    assert_eq!(stale.status.code(), Some(1));
    let diff = String::from_utf8(stale.stdout).unwrap();
    assert!(
        diff.contains("-old\r\n") && diff.contains("+| 1 | Alpha VE | 2.1 | 100.0 |\r\n"),
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(&path)
            .unwrap()
            .matches("old")
            .count(),
        1,
        "--check wrote"
    );
    assert_eq!(embed(&path, &[]).status.code(), Some(0));
    let once = std::fs::read(&path).unwrap();
    assert!(
        String::from_utf8_lossy(&once).starts_with(
            "Intro\r\n\r\n<!-- hvadvisor ranking profile=small.yaml -->\r\n\r\n| Rank |"
        )
    );
    assert_eq!(embed(&path, &[]).status.code(), Some(0));
    assert_eq!(std::fs::read(&path).unwrap(), once);
    let fresh = embed(&path, &["--check"]);
    assert_eq!(fresh.status.code(), Some(0));
    assert!(fresh.stdout.is_empty());
    // No temporary file is left beside the document.
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn malformed_blocks_are_reported_with_lines_and_leave_the_file_untouched() {
    let text = "# Doc\n\n<!-- hvadvisor rankng profile=small.yaml -->\n<!-- /hvadvisor -->\n\n<!-- hvadvisor score profile=small.yaml hypervisor=alfa -->\n<!-- /hvadvisor -->\n\n<!-- hvadvisor ports hypervisor=alpha colour=red -->\n<!-- /hvadvisor -->\n\n<!-- hvadvisor ranking profile=small.yaml\n";
    let (_dir, path) = doc(text);
    let o = embed(&path, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    let err = String::from_utf8(o.stderr).unwrap();
    let name = path.display().to_string();
    for expected in [
        format!("{name}:3: error[E031]: unknown snippet kind “rankng”"),
        format!("{name}:6: error[E025]: there is no hypervisor “alfa”"),
        format!("{name}:9: error[E032]: the ports snippet has no option “colour”"),
        format!("{name}:12: error[E036]: this line looks like an hvadvisor marker"),
    ] {
        assert!(err.contains(&expected), "missing {expected}\n{err}");
    }
}

#[test]
fn markers_in_code_are_not_blocks() {
    let text = "```\n<!-- hvadvisor ranking profile=small.yaml -->\n<!-- /hvadvisor -->\n```\n\n    <!-- hvadvisor ranking profile=small.yaml -->\n";
    let (_dir, path) = doc(text);
    assert_eq!(embed(&path, &[]).status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

/// Markdown pieces that close themselves, so a marker after them is still a marker.
fn piece() -> impl Strategy<Value = String> {
    let word = "[a-zA-Zéà0-9]{1,8}";
    prop_oneof![
        prop::collection::vec(word, 1..8).prop_map(|w| w.join(" ")),
        prop::collection::vec(word, 1..4).prop_map(|w| format!("# {}", w.join(" "))),
        prop::collection::vec(word, 1..4).prop_map(|w| format!("- {}\n- `{}`", w.join(" "), w[0])),
        prop::collection::vec(word, 1..4).prop_map(|w| format!(
            "```\n{}\n<!-- hvadvisor ranking profile=x -->\n```",
            w.join("\n")
        )),
        prop::collection::vec(word, 2..4)
            .prop_map(|w| format!("| {} |\n| --- |\n| {} |", w[0], w[1])),
        Just("<!-- a comment -->".to_owned()),
        Just("> quoted *text*".to_owned()),
        Just(String::new()),
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..6).prop_map(|p| p.join("\n\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever surrounds the markers, embedding changes only what is between them, and
    /// embedding the result again changes nothing.
    #[test]
    fn embed_changes_only_block_contents_and_is_idempotent(
        before in document(),
        old in document(),
        after in document(),
        new in "[a-z |\\n]{0,40}",
    ) {
        let open = "<!-- hvadvisor ranking profile=sme -->\n";
        let close = "<!-- /hvadvisor -->\n";
        let src = format!("{before}\n\n{open}{old}\n{close}\n{after}");
        let blocks = find_blocks("p.md", &src).unwrap();
        prop_assert_eq!(blocks.len(), 1);
        let out = splice(&src, &blocks, std::slice::from_ref(&new));
        let head = format!("{before}\n\n{open}");
        let tail = format!("{close}\n{after}");
        prop_assert!(out.starts_with(&head));
        prop_assert!(out.ends_with(&tail));
        let again = find_blocks("p.md", &out).unwrap();
        prop_assert_eq!(splice(&out, &again, &[new]), out);
    }
}

#[test]
fn report_as_standalone_html() {
    let html = crate::support::stdout_of(crate::support::hvadvisor().args([
        "report",
        "--knowledge",
        &fixture_kb(),
        "--profile",
        &fixtures().join("profiles/small.yaml").display().to_string(),
        "--format",
        "html",
        "--lang",
        "fr",
        "--detail",
        "full",
    ]));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    assert!(
        html.contains("<title>Comparaison d&#x27;hyperviseurs\u{a0}: Petit profil de test</title>")
            || html
                .contains("<title>Comparaison d'hyperviseurs\u{a0}: Petit profil de test</title>"),
        "{}",
        &html[..600]
    );
    assert!(html.contains("<table>"));
    // The | inside a knowledge-base note stays text inside its cell.
    assert!(
        html.contains("Paquet d'interface séparé | servi sur 8443.")
            || html.contains("Paquet d&#x27;interface séparé | servi sur 8443.")
    );
    assert!(html.contains("@media print"));
    insta::assert_snapshot!(html);
}

#[test]
fn evaluation_as_csv() {
    let o = crate::support::hvadvisor()
        .args([
            "evaluate",
            "--knowledge",
            &fixture_kb(),
            "--profile",
            &fixtures().join("profiles/small.yaml").display().to_string(),
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8(o.stdout).unwrap());
}

#[test]
fn mdbook_supports_every_renderer() {
    let o = crate::support::hvadvisor()
        .args(["mdbook", "supports", "html"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
}

/// The mdbook binary: on PATH, else cargo's bin folder. CI installs it (`.ci/run`).
fn mdbook_binary() -> Option<PathBuf> {
    let candidates = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("mdbook"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    candidates.into_iter().find(|p| p.is_file())
}

#[test]
fn a_real_mdbook_build_contains_the_table() {
    let Some(mdbook) = mdbook_binary() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install mdbook (see .ci/run)"
        );
        eprintln!("mdbook not installed: skipped (CI installs it)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(
        root.join("book.toml"),
        format!(
            "[book]\ntitle = \"Test\"\n\n[preprocessor.hvadvisor]\ncommand = \"{} mdbook --knowledge {}\"\n",
            bin(),
            fixture_kb()
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("src/SUMMARY.md"),
        "# Summary\n\n- [Choice](choice.md)\n",
    )
    .unwrap();
    std::fs::copy(
        fixtures().join("profiles/small.yaml"),
        root.join("src/small.yaml"),
    )
    .unwrap();
    std::fs::write(
        root.join("src/choice.md"),
        "# Choice\n\n{{#hvadvisor ranking profile=small.yaml lang=fr}}\n\n```text\n{{#hvadvisor ranking profile=none}}\n```\n",
    )
    .unwrap();
    let o = Command::new(mdbook)
        .arg("build")
        .current_dir(root)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(root.join("book/choice.html")).unwrap();
    assert!(html.contains("<table>"), "no table in the built chapter");
    assert!(html.contains("Alpha VE"));
    assert!(
        html.contains("{{#hvadvisor ranking profile=none}}"),
        "the directive in code must stay"
    );
}

#[test]
fn mdbook_rejects_input_that_is_not_context_and_book() {
    use std::io::Write;
    // Any JSON pair used to pass ([1,2] printed 2): the context must have its root folder and
    // the book its list of chapters.
    for input in [
        &b"{\"x\": 1}"[..],
        b"[1,2]",
        b"[{\"root\": \"/b\"}, {\"x\": []}]",
    ] {
        let mut child = crate::support::hvadvisor()
            .arg("mdbook")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(1));
        assert!(o.stdout.is_empty());
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(err.starts_with("<stdin>: error[E039]: expected the [context, book] JSON that mdBook sends on standard input\n"), "{err}");
    }
}

/// An mdBook directive left open is reported at its line, not passed through in silence.
#[test]
fn an_unclosed_mdbook_directive_is_located() {
    let src = "# Chapter\n\nText\n\n{{#hvadvisor ranking profile=sme\n";
    let err =
        hvadvisor::embed::mdbook::expand(src, "ch1.md", &mut |_, _| Ok(String::new())).unwrap_err();
    assert_eq!(err.len(), 1);
    assert_eq!((err[0].file.as_str(), err[0].line), ("ch1.md", 5));
    assert_eq!(err[0].code, hvadvisor::diag::Code::UnclosedDirective);
    // Inside a code span it is text.
    let ok = hvadvisor::embed::mdbook::expand("`{{#hvadvisor x`\n", "c.md", &mut |_, _| {
        Ok(String::new())
    });
    assert!(ok.is_ok());
}

/// `hypervisors=` ranks only the named systems, like `--hypervisors` on the commands; an
/// unknown id is reported at its line with the closest id.
#[test]
fn snippets_rank_only_the_named_hypervisors() {
    let all = embedded("<!-- hvadvisor ranking profile=small.yaml -->");
    assert!(
        all.contains("Alpha VE") && all.contains("Beta Sphere"),
        "{all}"
    );
    let two = embedded("<!-- hvadvisor ranking profile=small.yaml hypervisors=beta,gamma -->");
    assert!(two.contains("Beta Sphere"), "{two}");
    assert!(!two.contains("Alpha VE"), "alpha is not a candidate: {two}");
    let (_dir, path) = doc(
        "# Doc\n\n<!-- hvadvisor ranking profile=small.yaml hypervisors=beta,alfa -->\n<!-- /hvadvisor -->\n",
    );
    let before = std::fs::read_to_string(&path).unwrap();
    let o = embed(&path, &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("doc.md:3:") && err.contains("E025"), "{err}");
    assert!(err.contains("alpha"), "did you mean: {err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        before,
        "the file is untouched"
    );
}

/// A byte-order mark before the first marker and old-Mac line endings (CR only) are handled;
/// both are kept as they were (issue 13: the blocks were ignored with exit 0).
#[test]
fn byte_order_mark_and_cr_only_files() {
    let dir = tempfile::tempdir().unwrap();
    let bom = dir.path().join("bom.md");
    std::fs::write(
        &bom,
        "\u{feff}<!-- hvadvisor ranking profile=sme -->\n<!-- /hvadvisor -->\n",
    )
    .unwrap();
    let cr = dir.path().join("cr.md");
    std::fs::write(
        &cr,
        "Intro\r<!-- hvadvisor ranking profile=homelab -->\r<!-- /hvadvisor -->\rEnd\r",
    )
    .unwrap();
    crate::support::stdout_of(crate::support::hvadvisor().args([
        "embed",
        bom.to_str().unwrap(),
        cr.to_str().unwrap(),
    ]));
    let b = std::fs::read_to_string(&bom).unwrap();
    assert!(
        b.starts_with("\u{feff}<!-- hvadvisor ranking"),
        "the mark stays first"
    );
    assert!(b.contains("| Rank | Hypervisor |"), "{b}");
    let c = std::fs::read_to_string(&cr).unwrap();
    assert!(!c.contains('\n'), "line endings stay CR");
    assert!(
        c.contains("| Rank | Hypervisor |") && c.ends_with("End\r"),
        "{c:?}"
    );
}

/// Many blocks in one document: 2,000 identical ranking blocks are all filled, and a file of
/// 10,000 stray closing markers gets one located error each (the scanner counted lines from the
/// start for every marker; timing is in benches/engine.rs, embed/2000-blocks).
#[test]
fn thousands_of_blocks_and_stray_markers() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("many.md");
    let block = "<!-- hvadvisor ranking profile=sme -->\n<!-- /hvadvisor -->\n\n";
    std::fs::write(&doc, block.repeat(2000)).unwrap();
    let run = |p: &std::path::Path| {
        crate::support::hvadvisor()
            .arg("embed")
            .arg(p)
            .output()
            .unwrap()
    };
    let o = run(&doc);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(&doc).unwrap();
    assert_eq!(text.matches("| Rank | Hypervisor |").count(), 2000);
    let stray = dir.path().join("stray.md");
    std::fs::write(&stray, "<!-- /hvadvisor -->\n".repeat(10_000)).unwrap();
    let o = run(&stray);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("stray.md:10000:"), "the last one is located");
    assert!(
        err.contains("10000 errors"),
        "{}",
        &err[err.len().saturating_sub(100)..]
    );
}

/// Issue 15: an inline block is filled in its line, as in mdBook; a memo's headings go under
/// the section it is in (or `level=N`); `--check` exits 0 fresh, 1 stale, 2 when it cannot check.
#[test]
fn inline_blocks_heading_levels_and_check_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.md");
    std::fs::write(dir.path().join("a.yaml"), "hosts: 3\n").unwrap();
    let text = "# Doc\n\nProxmox scores <!-- hvadvisor score profile=sme hypervisor=proxmox-ve --><!-- /hvadvisor --> here.\n\n## Our memo\n\n<!-- hvadvisor memo answers=a.yaml -->\n<!-- /hvadvisor -->\n\n## Again\n\n<!-- hvadvisor memo answers=a.yaml level=2 -->\n<!-- /hvadvisor -->\n";
    std::fs::write(&doc, text).unwrap();
    let run = |args: &[&str]| crate::support::hvadvisor().args(args).output().unwrap();
    let d = doc.to_str().unwrap();
    assert_eq!(
        run(&["embed", "--check", d]).status.code(),
        Some(1),
        "stale"
    );
    crate::support::stdout_of(crate::support::hvadvisor().args(["embed", d]));
    let out = std::fs::read_to_string(&doc).unwrap();
    let line = out.lines().nth(2).unwrap();
    assert!(
        line.starts_with("Proxmox scores <!-- hvadvisor score profile=sme hypervisor=proxmox-ve -->**Proxmox VE** scores ")
            && line.ends_with("<!-- /hvadvisor --> here."),
        "{line}"
    );
    let headings: Vec<&str> = out.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(headings[0], "# Doc");
    assert_eq!(headings[1], "## Our memo");
    assert_eq!(headings[2], "### Decision memo: which hypervisor?");
    assert_eq!(headings[3], "#### Recommendation");
    let again = headings.iter().position(|h| *h == "## Again").unwrap();
    assert_eq!(
        headings[again + 1],
        "## Decision memo: which hypervisor?",
        "level=2"
    );
    assert_eq!(headings[again + 2], "### Recommendation");
    assert_eq!(
        run(&["embed", "--check", d]).status.code(),
        Some(0),
        "fresh"
    );
    assert_eq!(run(&["embed", d]).status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&doc).unwrap(), out, "idempotent");
    let missing = dir.path().join("missing.md");
    assert_eq!(
        run(&["embed", "--check", missing.to_str().unwrap()])
            .status
            .code(),
        Some(2),
        "a file that cannot be checked"
    );
    std::fs::write(
        &missing,
        "<!-- hvadvisor memo level=9 answers=a.yaml -->\n<!-- /hvadvisor -->\n",
    )
    .unwrap();
    let o = run(&["embed", "--check", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("level"),
        "bad level value named"
    );
}
