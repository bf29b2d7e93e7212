//! Structure-aware fuzzing on stable Rust (issue 13): real files broken by random edits, and
//! documents and mdBook inputs assembled from hostile pieces. Every input must end in results
//! or located diagnostics whose messages exist in both catalogues, never in a panic.
//!
//! Bounded in CI by the number of cases (`PROPTEST_CASES`, 64 by default); run longer with
//! `PROPTEST_CASES=20000 cargo test --release --test integration fuzz`.

use crate::support::builtin_kb;
use hvadvisor::builtin;
use hvadvisor::criteria::{
    Profile, ProfileSource, Questionnaire, load_answers, load_profile, load_questionnaire,
};
use hvadvisor::diag::Diagnostic;
use hvadvisor::embed::{find_blocks, mdbook, scan, splice};
use hvadvisor::knowledge::{self, KnowledgeBase};
use hvadvisor::lang::Lang;
use hvadvisor::report::{self, Templates};
use proptest::prelude::*;
use std::sync::OnceLock;

fn config() -> ProptestConfig {
    crate::support::proptest_config()
}

fn kb() -> &'static KnowledgeBase {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    KB.get_or_init(builtin_kb)
}

fn questionnaire() -> &'static Questionnaire {
    static Q: OnceLock<Questionnaire> = OnceLock::new();
    Q.get_or_init(|| {
        let names = builtin::profile_names();
        let base = |name: &str| -> Option<Profile> {
            let src = builtin::profile(name)?;
            let resolver = builtin::parent_resolver(&src);
            load_profile(&kb().catalogue, &src, &resolver, &names).0
        };
        let source = builtin::questionnaire();
        load_questionnaire(&kb().catalogue, &source.file, &source.text, &base)
            .0
            .expect("built-in questionnaire")
    })
}

/// Tokens that break YAML, numbers and Markdown in the ways users and attackers do.
const TOKENS: &[&str] = &[
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    "---\n",
    "...\n",
    "\t",
    "\"",
    "'",
    "#",
    "~",
    "1e999",
    "-1",
    ".nan",
    "99999999999999999999",
    "0x1F",
    "\u{feff}",
    "\r",
    "\r\n",
    "? ",
    "|",
    ">",
    "<<: *a",
    "%YAML 1.2\n",
    "é",
    "\u{0}",
    "    ",
    ",",
    "<!-- hvadvisor ranking profile=sme -->",
    "<!-- /hvadvisor -->",
    "{{#hvadvisor ",
    "}}",
    "```",
    "`",
];

#[derive(Debug, Clone)]
enum Edit {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Insert(usize, usize),
    Indent(usize, usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::DeleteLine),
        any::<usize>().prop_map(Edit::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(a, t)| Edit::Insert(a, t)),
        (any::<usize>(), 0..5usize).prop_map(|(a, n)| Edit::Indent(a, n)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

/// Applies the edits to a text, line by line (an insertion lands at a byte inside a line).
fn mutate(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for e in edits {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match *e {
            Edit::DeleteLine(i) => {
                lines.remove(i % n);
            }
            Edit::DuplicateLine(i) => {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
            Edit::SwapLines(a, b) => lines.swap(a % n, b % n),
            Edit::Insert(i, t) => {
                let line = &mut lines[i % n];
                let mut at = (i / n) % (line.len() + 1);
                while !line.is_char_boundary(at) {
                    at -= 1;
                }
                line.insert_str(at, TOKENS[t]);
            }
            Edit::Indent(i, k) => {
                let l = &mut lines[i % n];
                *l = format!("{}{}", " ".repeat(k), l.trim_start());
            }
            Edit::Truncate(i) => lines.truncate(i % n + 1),
        }
    }
    lines.join("\n") + "\n"
}

/// Diagnostics are located inside the file and read as sentences in both languages.
fn check_diagnostics(file: &str, text: &str, diags: &[Diagnostic]) -> Result<(), TestCaseError> {
    let lines = text.lines().count() as u64 + 2;
    for d in diags {
        prop_assert!(d.line <= lines, "{d:?} beyond the {lines} lines of {file}");
    }
    check_messages(diags)
}

/// Every diagnostic has its sentence in both catalogues (a missing one prints its key).
fn check_messages(diags: &[Diagnostic]) -> Result<(), TestCaseError> {
    for lang in [Lang::En, Lang::Fr] {
        let out = report::diagnostics(&Templates::builtin(), lang, diags);
        prop_assert!(
            !out.contains("diag-"),
            "a message key instead of a sentence:\n{out}"
        );
    }
    Ok(())
}

fn source_of(path: &str) -> String {
    std::fs::read_to_string(path).unwrap()
}

proptest! {
    #![proptest_config(config())]

    /// A built-in profile broken by random edits: a profile or located diagnostics.
    #[test]
    fn profiles_broken_at_random(
        which in 0..4usize,
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let name = ["general", "sme", "homelab", "datacenter"][which];
        let file = format!("criteria/{name}.yaml");
        let text = mutate(&source_of(&file), &edits);
        let source = ProfileSource { file: file.clone(), text: text.clone() };
        let resolver = builtin::parent_resolver(&source);
        let (p, diags) = load_profile(&kb().catalogue, &source, &resolver, &builtin::profile_names());
        prop_assert!(p.is_some() || diags.iter().any(Diagnostic::is_error));
        check_diagnostics(&file, &text, &diags)?;
        if let Some(p) = p {
            // Whatever loads can be evaluated.
            let _ = hvadvisor::engine::evaluate(kb(), &p);
        }
    }

    /// A hypervisor file broken by random edits, loaded with the rest of the base.
    #[test]
    fn hypervisor_files_broken_at_random(
        which in 0..11usize,
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let mut files = builtin::knowledge();
        files.hash = None;
        let which = which % files.hypervisors.len();
        let text = mutate(&files.hypervisors[which].text, &edits);
        files.hypervisors[which].text = text.clone();
        files.hypervisors[which].tree = None;
        let file = files.hypervisors[which].file.clone();
        let (base, diags) = knowledge::load(&files);
        prop_assert!(base.is_some() || diags.iter().any(Diagnostic::is_error));
        check_diagnostics(&file, &text, &diags)?;
    }

    /// An answers file broken by random edits.
    #[test]
    fn answers_broken_at_random(edits in prop::collection::vec(edit(), 1..6)) {
        let file = "tests/fixtures/answers-docx.yaml";
        let text = mutate(&source_of(file), &edits);
        let (answers, diags) = load_answers(questionnaire(), file, &text);
        prop_assert!(answers.is_some() || diags.iter().any(Diagnostic::is_error));
        check_diagnostics(file, &text, &diags)?;
    }

    /// Documents made of hostile pieces: the scanner never panics, stays inside the text,
    /// and a document it accepts takes new contents and gives back the same blocks.
    #[test]
    fn embed_scanner_on_hostile_documents(
        pieces in prop::collection::vec((0..TOKENS.len(), "[a-z \n]{0,12}"), 0..40),
    ) {
        let src: String = pieces.iter().map(|(t, s)| format!("{}{s}", TOKENS[*t])).collect();
        let (blocks, diags) = scan("doc.md", &src);
        check_diagnostics("doc.md", &src, &diags)?;
        for b in &blocks {
            prop_assert!(b.content.start <= b.content.end && b.content.end <= src.len());
            prop_assert!(src.is_char_boundary(b.content.start) && src.is_char_boundary(b.content.end));
        }
        if let Ok(blocks) = find_blocks("doc.md", &src) {
            let contents: Vec<String> = blocks.iter().map(|_| "| new |\n".to_owned()).collect();
            let out = splice(&src, &blocks, &contents);
            let again = find_blocks("doc.md", &out);
            prop_assert!(again.is_ok(), "spliced document no longer scans: {:?}", again.err());
            let again = again.unwrap();
            prop_assert_eq!(again.len(), blocks.len());
            prop_assert_eq!(splice(&out, &again, &contents), out);
        }
    }

    /// mdBook books of random shape and hostile chapters: every chapter is rewritten or a
    /// located diagnostic is given, and a chapter without a directive is left as it was.
    #[test]
    fn mdbook_books_of_random_shape(
        chapters in prop::collection::vec(
            (prop::collection::vec((0..TOKENS.len(), "[a-z =\n]{0,12}"), 0..20), 0..3usize, any::<bool>()),
            0..8,
        ),
    ) {
        let mut items = Vec::new();
        let mut plain = Vec::new();
        for (i, (pieces, kind, nested)) in chapters.iter().enumerate() {
            let content: String = pieces.iter().map(|(t, s)| format!("{}{s}", TOKENS[*t])).collect();
            let item = match kind {
                0 => serde_json::json!({"Chapter": {
                    "name": format!("C{i}"), "content": content, "source_path": format!("c{i}.md"),
                    "sub_items": if *nested {
                        vec![serde_json::json!({"Chapter": {"name": "sub", "content": content.clone(), "sub_items": []}})]
                    } else { vec![] },
                }}),
                1 => serde_json::json!("Separator"),
                _ => serde_json::json!({"PartTitle": content}),
            };
            if *kind == 0 && !content.contains("{{#hvadvisor") {
                plain.push((i, content));
            }
            items.push(item);
        }
        let mut book = serde_json::json!({ "items": items });
        let result = mdbook::rewrite_book(&mut book, "src", &mut |d, _| Ok(format!("[{:?}]", d.kind)));
        match result {
            Ok(()) => {
                for (i, content) in plain {
                    prop_assert_eq!(
                        book["items"][i]["Chapter"]["content"].as_str().unwrap(),
                        content.as_str()
                    );
                }
            }
            Err(diags) => {
                prop_assert!(!diags.is_empty());
                for d in &diags {
                    prop_assert!(d.file.starts_with("src/c") || d.file == "sub", "{d:?}");
                }
                check_messages(&diags)?;
            }
        }
    }
}
