//! Every output a French reader gets is French: each command, in each format, is scanned
//! for English words. Product, edition and company names stay as they are, and the titles
//! of cited documents are quoted as published, so the scan leaves out URLs and source
//! lists; the words below are ones no product name in the base contains.

use crate::support::{builtin_kb, profile};
use hvadvisor::builtin;
use std::collections::BTreeSet;

// French homographs ("support", "score", "absent", "sockets") are not in the list.
#[rustfmt::skip]
const ENGLISH: &[&str] = &[
    "the", "with", "only", "requires", "required", "supported", "until", "proprietary",
    "which", "must", "should", "unknown", "available", "included", "without", "is", "are", "of",
    "to", "by", "when", "this", "that", "none", "yes", "partial", "paid",
    "preview", "deprecated", "error", "warning", "weight", "cost", "winner", "tie",
    "hosts", "years", "cores", "quote", "free", "hours", "business",
];

fn run(args: &[&str]) -> (String, String) {
    let o = crate::support::hvadvisor()
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The text a reader reads: without URLs, source lists (titles quoted as published) and the
/// keys of JSON objects (identifiers for programs, not words for readers).
fn readable(text: &str, names: &Names) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let t = line.trim_start();
        let is_source = t
            .split_once(". [")
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            || t.starts_with("<li id=\"source-")
            || t.starts_with("\"title\":")
            || t.starts_with("\"en\":")
            || t.starts_with("\"url\":");
        if is_source || names.cites_a_source(line) {
            // Our own remark on a source follows its title ("[title](url) — remarque") and is
            // read like any sentence.
            if let Some((_, note)) = line
                .split_once(") — ")
                .or_else(|| line.split_once("</a> — "))
            {
                out.push_str(note);
                out.push('\n');
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    // Style sheets, labels quoted from a vendor's interface (« … »), codes of machine-readable
    // formats ("native"), then URLs, HTML tags and attributes, JSON keys.
    let out = cut_between(&out, "<style>", "</style>");
    let out = cut_between(&out, "«", "»");
    let out = cut_codes(&out);
    let mut cleaned = String::new();
    let mut rest = out.as_str();
    while !rest.is_empty() {
        if let Some(p) = rest.find(['h', '<', '"']) {
            cleaned.push_str(&rest[..p]);
            let tail = &rest[p..];
            if tail.starts_with("http://") || tail.starts_with("https://") {
                let end = tail
                    .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '<' | '>'))
                    .unwrap_or(tail.len());
                rest = &tail[end..];
            } else if tail.starts_with('<') {
                let end = tail.find('>').map_or(tail.len(), |e| e + 1);
                cleaned.push(' ');
                rest = &tail[end..];
            } else if let Some(end) = json_key_end(tail) {
                rest = &tail[end..];
            } else {
                let c = tail.chars().next().expect("non-empty");
                cleaned.push(c);
                rest = &tail[c.len_utf8()..];
            }
        } else {
            cleaned.push_str(rest);
            break;
        }
    }
    cleaned
}

/// What the scan leaves alone: identifiers (hypervisor, criterion and feature ids, which
/// machine-readable formats print) and the titles of cited documents.
#[derive(Default)]
struct Names {
    ids: BTreeSet<String>,
    titles: Vec<String>,
}

impl Names {
    fn builtin() -> Names {
        let kb = builtin_kb();
        let mut names = Names::default();
        for h in &kb.hypervisors {
            names.ids.insert(h.id.clone());
            names
                .titles
                .extend(h.sources.iter().map(|(_, s)| plain(&s.title)));
        }
        if let Some(c) = &kb.currencies {
            names
                .titles
                .extend(c.rates.iter().map(|r| plain(&r.source.title)));
        }
        for f in &kb.catalogue.features {
            names.ids.insert(f.id.clone());
        }
        for p in builtin::profile_names() {
            for c in profile(&kb, &p).criteria {
                names.ids.insert(c.id);
            }
        }
        names
    }

    fn cites_a_source(&self, line: &str) -> bool {
        let line = plain(line);
        self.titles.iter().any(|t| line.contains(t.as_str()))
    }
}

/// Text without Markdown escapes and HTML entities, to compare titles.
fn plain(s: &str) -> String {
    s.replace('\\', "")
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// `text` without every span from `open` to the next `close`.
fn cut_between(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        rest = match rest[start..].find(close) {
            Some(end) => &rest[start + end + close.len()..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// `text` without quoted codes: `"native"`, `"partial"` (JSON enumerations).
fn cut_codes(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('"') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let code = after.find('"').filter(|&end| {
            end > 0
                && after[..end].chars().all(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')
                })
        });
        match code {
            Some(end) => rest = &after[end + 1..],
            None => {
                out.push('"');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `"key":` at the start of `s`: the length to skip.
fn json_key_end(s: &str) -> Option<usize> {
    let body = s.strip_prefix('"')?;
    let close = body.find('"')?;
    let key = &body[..close];
    let after = body[close + 1..].trim_start();
    (!key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
        && after.starts_with(':'))
    .then_some(close + 2)
}

/// English words of the list found in `text`, with some context each.
fn english_in(text: &str, names: &Names) -> Vec<String> {
    let mut found = Vec::new();
    for line in readable(text, names).lines() {
        // A token keeps its inner hyphens, dots and underscores: "GPL-3.0-only",
        // "community.general" and "is_eliminated" are names, not words.
        for token in line
            .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '\'' | '/')))
        {
            let word = token.trim_matches(|c: char| matches!(c, '-' | '.' | '\'' | '/'));
            if ENGLISH.contains(&word)
                && word.chars().all(char::is_alphabetic)
                && !word.chars().all(|c| c.is_uppercase())
                && !names.ids.contains(word)
            {
                found.push(format!(
                    "“{word}” in: {}",
                    line.trim().chars().take(160).collect::<String>()
                ));
            }
        }
    }
    found
}

fn assert_french(what: &str, text: &str) {
    assert!(!text.trim().is_empty(), "{what}: no output");
    let found = english_in(text, &Names::default());
    assert!(
        found.is_empty(),
        "{what}: {} English word(s):\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_scan_finds_english_and_leaves_names_alone() {
    let english_in = |text: &str| english_in(text, &Names::builtin());
    assert!(!english_in("Le support jusqu'au 30 juin 2031, the end.").is_empty());
    assert!(!english_in("| proprietary |").is_empty());
    assert!(english_in("GPL-3.0-only, community.general, Storware Backup and Recovery").is_empty());
    assert!(english_in("[source](https://example.org/the-only-way)").is_empty());
    assert!(english_in("{\"is_eliminated\": true, \"winner\": \"proxmox-ve\"}").is_empty());
}

#[test]
fn every_command_speaks_french() {
    let profile = "criteria/sme.yaml";
    let answers = std::env::temp_dir().join(format!("hvadvisor-fr-{}.yaml", std::process::id()));
    std::fs::write(
        &answers,
        "hosts: 3\nsockets: 1\ncores: 16\nbudget: limited\nwindows: \"yes\"\nwindows-vms: 12\nha: required\n",
    )
    .expect("temporary answers written");
    let answers = answers.to_str().expect("utf-8 path");
    let mut commands: Vec<Vec<&str>> = Vec::new();
    for format in ["md", "html", "csv", "json"] {
        commands.push(vec![
            "report",
            "--profile",
            profile,
            "--detail",
            "full",
            "--format",
            format,
        ]);
    }
    for format in ["md", "json"] {
        commands.push(vec!["cost", "--profile", profile, "--format", format]);
        commands.push(vec![
            "sensitivity",
            "--profile",
            profile,
            "--format",
            format,
        ]);
    }
    for format in ["table", "json", "html", "csv"] {
        commands.push(vec!["evaluate", "--profile", profile, "--format", format]);
    }
    let systems = "vmware-esxi,proxmox-ve,incus";
    commands.push(vec!["synthese", "--hypervisors", systems]);
    commands.push(vec!["ask", "--answers", answers]);
    commands.push(vec!["weights", "--profile", profile]);
    commands.push(vec!["profiles"]);
    commands.push(vec!["hypervisors"]);
    commands.push(vec!["kb", "show", "incus"]);
    commands.push(vec!["kb", "stats"]);
    let names = Names::builtin();
    let mut failures = Vec::new();
    for args in &commands {
        let mut full = args.clone();
        full.extend(["--lang", "fr"]);
        let (out, err) = run(&full);
        let what = full.join(" ");
        // A CSV header names columns for programs, like JSON keys.
        let out = if args.contains(&"csv") {
            out.split_once('\n')
                .map_or(String::new(), |(_, rows)| rows.to_owned())
        } else {
            out
        };
        let found: Vec<String> = english_in(&out, &names)
            .into_iter()
            .chain(english_in(&err, &names))
            .collect();
        if out.trim().is_empty() {
            failures.push(format!("{what}: no output ({err})"));
        } else if !found.is_empty() {
            failures.push(format!("{what}:\n  {}", found.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "English in French output:\n{}",
        failures.join("\n")
    );
}

#[test]
fn system_errors_are_french() {
    let (_, err) = run(&["report", "--profile", "nope.yaml", "--lang", "fr"]);
    assert!(err.contains("fichier ou dossier introuvable"), "{err}");
    assert_french("read error", &err);
    let dir = std::env::temp_dir().join("hvadvisor-no-such-dir");
    let target = dir.join("x.md");
    let (_, err) = run(&[
        "report",
        "--profile",
        "criteria/sme.yaml",
        "--lang",
        "fr",
        "--output",
        target.to_str().expect("utf-8 path"),
    ]);
    assert!(err.contains("erreur[E046]"), "{err}");
    assert!(err.contains("impossible d'écrire ce fichier"), "{err}");
    assert_french("write error", &err);
}
