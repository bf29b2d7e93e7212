use crate::support::{builtin_kb, fixture_kb, profile};
use hvadvisor::builtin;
use hvadvisor::engine::evaluate;
use hvadvisor::lang::Lang;
use hvadvisor::report::{self, Templates};
use pulldown_cmark::{Event, Options, Parser, Tag};

fn render(kb: &hvadvisor::knowledge::KnowledgeBase, name: &str, lang: Lang) -> String {
    let p = profile(kb, name);
    let eval = evaluate(kb, &p);
    report::markdown_report(
        &Templates::builtin(),
        kb,
        &p,
        &eval,
        lang,
        &[],
        report::Detail::Full,
    )
    .expect("renders")
}

#[test]
fn fixture_report_english() {
    insta::assert_snapshot!(render(&fixture_kb(), "small", Lang::En));
}

#[test]
fn fixture_report_french() {
    insta::assert_snapshot!(render(&fixture_kb(), "small", Lang::Fr));
}

#[test]
fn fixture_evaluation_json() {
    let kb = fixture_kb();
    let eval = evaluate(&kb, &profile(&kb, "small"));
    insta::assert_snapshot!(report::json(&eval).unwrap());
}

/// Lines that are GFM table delimiter rows (`|---|--:|`).
fn is_delimiter(line: &str) -> bool {
    line.starts_with('|') && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Cells of a table line, counting only unescaped pipes.
fn cells(line: &str) -> usize {
    let mut n: usize = 0;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => n += 1,
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    n.saturating_sub(1)
}

/// Every table written in the source is parsed as a table, and every row has the header's width.
fn assert_tables_are_tables(md: &str, what: &str) {
    let parser = Parser::new_ext(md, Options::ENABLE_TABLES);
    let parsed = parser
        .filter(|e| matches!(e, Event::Start(Tag::Table(_))))
        .count();
    let written = md.lines().filter(|l| is_delimiter(l)).count();
    assert!(written > 0, "{what}: no table");
    assert_eq!(parsed, written, "{what}: a table did not parse as one");
    let lines: Vec<&str> = md.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if is_delimiter(line) {
            let width = cells(lines[i - 1]);
            assert_eq!(cells(line), width, "{what}: delimiter at line {}", i + 1);
            for row in lines[i + 1..].iter().take_while(|l| l.starts_with('|')) {
                assert_eq!(cells(row), width, "{what}: row `{row}`");
            }
        }
    }
}

/// French text has no ordinary space before `: ; ? !` (outside code and link targets).
fn assert_french_typography(md: &str, what: &str) {
    for (i, line) in md.lines().enumerate() {
        let mut in_code = false;
        let chars: Vec<char> = line.chars().collect();
        for (j, c) in chars.iter().enumerate() {
            if *c == '`' {
                in_code = !in_code;
            }
            if !in_code && *c == ' ' && matches!(chars.get(j + 1), Some(':' | ';' | '?' | '!')) {
                panic!(
                    "{what}: line {}: ordinary space before punctuation: {line}",
                    i + 1
                );
            }
        }
    }
}

#[test]
fn every_builtin_report_is_valid_commonmark_with_real_tables() {
    let kb = builtin_kb();
    for name in builtin::profile_names() {
        for lang in Lang::ALL {
            let md = render(&kb, &name, lang);
            let what = format!("{name}/{}", lang.tag());
            assert_tables_are_tables(&md, &what);
            if lang == Lang::Fr {
                assert_french_typography(&md, &what);
            }
        }
    }
}

#[test]
fn reports_are_byte_identical_across_runs() {
    let kb = builtin_kb();
    assert_eq!(render(&kb, "sme", Lang::Fr), render(&kb, "sme", Lang::Fr));
}

#[test]
fn every_reference_points_to_a_listed_source() {
    let kb = fixture_kb();
    let md = render(&kb, "small", Lang::En);
    let sources = md.split("## Sources").nth(1).expect("sources section");
    for (i, line) in md.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("[[") {
            let tail = &rest[at + 2..];
            let n: usize = tail[..tail.find(']').unwrap()].parse().unwrap();
            assert!(
                sources.contains(&format!("\n{n}. [")),
                "line {}: [{n}] not listed",
                i + 1
            );
            rest = tail;
        }
    }
}

#[test]
fn french_numbers_use_a_decimal_comma() {
    let kb = fixture_kb();
    let fr = render(&kb, "small", Lang::Fr);
    assert!(fr.contains("8,3"), "{fr}");
    assert!(fr.contains("50,0\u{a0}%"));
    let en = render(&kb, "small", Lang::En);
    assert!(en.contains("8.3") && en.contains("50.0%"));
}

#[test]
fn reports_come_in_three_sizes() {
    let kb = builtin_kb();
    let p = profile(&kb, "sme");
    let eval = evaluate(&kb, &p);
    let render = |d| {
        report::markdown_report(&Templates::builtin(), &kb, &p, &eval, Lang::Fr, &[], d)
            .expect("renders")
    };
    let (summary, standard, full) = (
        render(report::Detail::Summary),
        render(report::Detail::Standard),
        render(report::Detail::Full),
    );
    // The standard report of all eleven systems for an SME stays under 80 KB.
    assert!(standard.len() < 80_000, "{} bytes", standard.len());
    assert!(summary.len() < standard.len() && standard.len() < full.len());
    assert!(full.contains("\n## Justification des scores\n"));
    assert!(!standard.contains("\n## Justification des scores\n"));
    assert!(standard.contains("\n## Comparaison par catégorie\n"));
    assert!(!summary.contains("\n## Comparaison par catégorie\n"));
    // Every reference points to a source the shorter report lists.
    for doc in [&summary, &standard] {
        assert!(doc.contains("\n1. ["));
        for cap in doc.split("[[").skip(1) {
            let n: usize = cap.split(']').next().unwrap().parse().unwrap();
            assert!(
                doc.contains(&format!("\n{n}. [")),
                "reference {n} is not listed"
            );
        }
    }
}

/// Every built-in profile's report says why each of its first three is ahead of the next, each
/// line with the sources of the facts (or prices) it compares.
#[test]
fn every_builtin_report_says_why_its_first_three_are_ahead() {
    let kb = builtin_kb();
    for name in builtin::profile_names() {
        let md = render(&kb, &name, Lang::En);
        let summary = md
            .split("## Executive summary")
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .unwrap();
        let lines: Vec<&str> = summary
            .lines()
            .filter(|l| l.starts_with("- **") && l.contains(" ahead of "))
            .collect();
        let ranked = md
            .split("## Ranking")
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .unwrap()
            .lines()
            .filter(|l| l.starts_with("| ") && l[2..].starts_with(|c: char| c.is_ascii_digit()))
            .count();
        assert_eq!(
            lines.len(),
            ranked.saturating_sub(1).min(3),
            "{name}: {summary}"
        );
        for l in lines {
            assert!(
                l.contains(" [[") && l.contains("](http"),
                "{name}: unsourced: {l}"
            );
        }
    }
}
