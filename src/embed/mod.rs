//! Snippets inside other people's documents: marker blocks in Markdown files and the
//! `{{#hvadvisor …}}` directive of the mdBook preprocessor. This module finds and parses them
//! and splices new contents in; what goes in is rendered elsewhere. Pure: no I/O.

pub mod mdbook;

use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::yaml::Keyword;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// What a snippet shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ranking,
    Score,
    Matrix,
    Ports,
    Memo,
    Report,
}

impl Keyword for Kind {
    const ALL: &'static [(&'static str, Kind)] = &[
        ("ranking", Kind::Ranking),
        ("score", Kind::Score),
        ("matrix", Kind::Matrix),
        ("ports", Kind::Ports),
        ("memo", Kind::Memo),
        ("report", Kind::Report),
    ];
}

impl Kind {
    /// The options a snippet of this kind takes, and which of them are required.
    pub fn options(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Kind::Ranking => (&["profile", "hypervisors", "lang"], &["profile"]),
            Kind::Score => (
                &["profile", "hypervisor", "hypervisors", "lang"],
                &["profile", "hypervisor"],
            ),
            Kind::Matrix => (&["categories", "hypervisors", "lang"], &[]),
            Kind::Ports => (&["hypervisor", "lang"], &["hypervisor"]),
            Kind::Memo => (&["answers", "lang", "level"], &["answers"]),
            Kind::Report => (&["profile", "hypervisors", "lang", "level"], &["profile"]),
        }
    }
}

/// A parsed directive: `ranking profile=sme lang=fr`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: Kind,
    pub options: Vec<(String, String)>,
    /// 1-based line of the directive in its file.
    pub line: u64,
}

impl Directive {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses the words after `hvadvisor` (`KIND key=value …`), reporting every problem.
pub fn parse_directive(words: &str, file: &str, line: u64) -> Result<Directive, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut parts = words.split_whitespace();
    let kind_word = parts.next().unwrap_or("");
    let kind = Kind::from_keyword(kind_word);
    if kind.is_none() {
        let words: Vec<&str> = Kind::ALL.iter().map(|(w, _)| *w).collect();
        diags.push(
            Diagnostic::new(Code::UnknownSnippet, file, line, 0)
                .arg("kind", kind_word)
                .arg("allowed", words.join(", "))
                .suggest(did_you_mean(kind_word, words.iter().copied())),
        );
    }
    let mut options: Vec<(String, String)> = Vec::new();
    for part in parts {
        let Some((k, v)) = part
            .split_once('=')
            .filter(|(k, v)| !k.is_empty() && !v.is_empty())
        else {
            diags.push(Diagnostic::new(Code::BadOption, file, line, 0).arg("option", part));
            continue;
        };
        if let Some(kind) = kind {
            let (allowed, _) = kind.options();
            if !allowed.contains(&k) {
                diags.push(
                    Diagnostic::new(Code::UnknownOption, file, line, 0)
                        .arg("option", k)
                        .arg("kind", kind_word)
                        .arg("allowed", allowed.join(", "))
                        .suggest(did_you_mean(k, allowed.iter().copied())),
                );
                continue;
            }
        }
        if options.iter().any(|(o, _)| o == k) {
            diags.push(Diagnostic::new(Code::DuplicateKey, file, line, 0).arg("key", k));
            continue;
        }
        options.push((k.to_owned(), v.to_owned()));
    }
    if let Some(kind) = kind {
        for required in kind.options().1 {
            if !options.iter().any(|(k, _)| k == required) {
                diags.push(
                    Diagnostic::new(Code::MissingOption, file, line, 0)
                        .arg("option", *required)
                        .arg("kind", kind_word),
                );
            }
        }
        if let Some((_, level)) = options.iter().find(|(k, _)| k == "level")
            && !matches!(level.as_str(), "1" | "2" | "3" | "4" | "5" | "6")
        {
            diags.push(
                Diagnostic::new(Code::BadOptionValue, file, line, 0)
                    .arg("option", "level")
                    .arg("value", level.as_str())
                    .arg("allowed", "1, 2, 3, 4, 5, 6"),
            );
        }
        if let Some((_, lang)) = options.iter().find(|(k, _)| k == "lang")
            && crate::lang::Lang::from_tag(lang).is_none()
        {
            diags.push(
                Diagnostic::new(Code::BadOptionValue, file, line, 0)
                    .arg("option", "lang")
                    .arg("value", lang.as_str())
                    .arg("allowed", "en, fr"),
            );
        }
    }
    match (kind, diags.is_empty()) {
        (Some(kind), true) => Ok(Directive {
            kind,
            options,
            line,
        }),
        _ => Err(diags),
    }
}

/// A marker block in a Markdown file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub directive: Directive,
    /// Bytes of the content between the markers (after the opening line, before the closing one).
    pub content: Range<usize>,
    /// Both markers inside one paragraph (`text <!-- hvadvisor score … --><!-- /hvadvisor -->`):
    /// the content is replaced in the line, without blank lines around it.
    pub inline: bool,
    /// The level of the heading of the section the block is in (0 before any heading).
    pub section_level: u8,
}

const OPEN: &str = "hvadvisor";
const CLOSE: &str = "/hvadvisor";

/// A marker comment alone on its line: `(is_close, words after "hvadvisor")`.
fn marker(line: &str) -> Option<(bool, &str)> {
    let inner = line
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    if inner == CLOSE {
        return Some((true, ""));
    }
    let rest = inner.strip_prefix(OPEN)?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then(|| (false, rest.trim()))
}

/// The byte range of the whole line that contains `offset`, with its line break.
fn line_at(src: &str, offset: usize) -> Range<usize> {
    let start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = src[offset..]
        .find('\n')
        .map_or(src.len(), |i| offset + i + 1);
    start..end
}

/// Line numbers by binary search in the offsets of the line breaks, counted once: counting
/// from the start for every marker made a file with thousands of blocks quadratic.
struct Lines(Vec<usize>);

impl Lines {
    fn new(src: &str) -> Lines {
        Lines(
            src.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// The 1-based line of `offset`.
    fn number(&self, offset: usize) -> u64 {
        self.0.partition_point(|&nl| nl < offset) as u64 + 1
    }
}

/// Finds the marker blocks of a Markdown file. Markers are HTML comments alone on their line;
/// the same text inside code blocks or code spans is not a marker. Returns the well-formed
/// blocks and a diagnostic for every malformed one (unclosed, stray closing marker, a marker
/// comment left open, unknown kind or option); when there is any, the file must not be changed.
pub fn scan(file: &str, src: &str) -> (Vec<Block>, Vec<Diagnostic>) {
    let index = Lines::new(src);
    let line_number = |_: &str, offset: usize| index.number(offset);
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut broken: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
    let mut in_html = false;
    // Inline markers (inside a paragraph): (comment's byte range, is_close, words).
    let mut inline: Vec<(Range<usize>, bool, String)> = Vec::new();
    // Headings: (start offset, level), in document order.
    let mut headings: Vec<(usize, u8)> = Vec::new();
    for (event, range) in Parser::new_ext(src, Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => headings.push((range.start, level as u8)),
            Event::InlineHtml(html) => {
                if let Some((is_close, words)) = marker(&html) {
                    inline.push((range.clone(), is_close, words.to_owned()));
                }
            }
            Event::Start(Tag::HtmlBlock) => in_html = true,
            Event::End(TagEnd::HtmlBlock) => in_html = false,
            Event::Html(_) if in_html => {
                // An HTML block can span several lines; look at each.
                let mut at = range.start;
                while at < range.end {
                    let line = line_at(src, at);
                    let text = &src[line.clone()];
                    if marker(text).is_some() {
                        if lines.last() != Some(&line) {
                            lines.push(line.clone());
                        }
                    } else if looks_like_marker(text) {
                        broken.insert(line.start);
                    }
                    at = line.end;
                }
            }
            _ => {}
        }
    }
    let mut diags: Vec<Diagnostic> = broken
        .iter()
        .map(|&at| Diagnostic::new(Code::MalformedMarker, file, line_number(src, at), 0))
        .collect();
    // Markers on lines of their own: a block's content is between the two lines.
    let own_lines = lines.into_iter().map(|line| {
        let (is_close, words) = marker(&src[line.clone()]).expect("filtered above");
        (line, is_close, words.to_owned())
    });
    let mut blocks = pair(own_lines, false, file, src, &line_number, &mut diags);
    // Inline markers: an opening marker closed by the next one in the same paragraph.
    blocks.extend(pair(
        inline.into_iter(),
        true,
        file,
        src,
        &line_number,
        &mut diags,
    ));
    blocks.sort_by_key(|b| b.content.start);
    for b in &mut blocks {
        let before = headings.partition_point(|(at, _)| *at < b.content.start);
        b.section_level = before.checked_sub(1).map_or(0, |i| headings[i].1);
    }
    crate::diag::sort(&mut diags);
    (blocks, diags)
}

/// Rendered text as it goes into a block: a memo or a report (the kinds with headings) has its
/// headings moved under the section the block is in (`level=N` sets the first level; by
/// default one below the section's heading, so a memo under a `##` section starts at `###`).
pub fn place(text: String, directive: &Directive, section_level: u8) -> String {
    if !matches!(directive.kind, Kind::Memo | Kind::Report) {
        return text;
    }
    let level = directive
        .get("level")
        .and_then(|l| l.parse::<u8>().ok())
        .unwrap_or(section_level + 1);
    if level <= 1 {
        return text;
    }
    shift_headings(&text, level)
}

/// Moves the headings of embedded Markdown under the block's section: its first level becomes
/// `level` (levels below follow, at most 6). Lines in fenced code are left alone.
pub fn shift_headings(markdown: &str, level: u8) -> String {
    let heading = |l: &str| -> Option<usize> {
        let n = l.bytes().take_while(|b| *b == b'#').count();
        ((1..=6).contains(&n) && (l.len() == n || l[n..].starts_with(' '))).then_some(n)
    };
    let mut fence = false;
    let mut top = None;
    for l in markdown.lines() {
        if l.starts_with("```") || l.starts_with("~~~") {
            fence = !fence;
        } else if !fence && let Some(n) = heading(l) {
            top = Some(top.map_or(n, |t: usize| t.min(n)));
        }
    }
    let Some(top) = top else {
        return markdown.to_owned();
    };
    let shift = i64::from(level) - top as i64;
    let mut out = String::with_capacity(markdown.len() + 64);
    let mut fence = false;
    for l in markdown.split_inclusive('\n') {
        if l.starts_with("```") || l.starts_with("~~~") {
            fence = !fence;
        }
        match heading(l.trim_end_matches('\n')).filter(|_| !fence) {
            Some(n) => {
                let to = (n as i64 + shift).clamp(1, 6) as usize;
                out.push_str(&"#".repeat(to));
                out.push_str(&l[n..]);
            }
            None => out.push_str(l),
        }
    }
    out
}

/// Pairs opening and closing markers (each with its byte range, kind and words) into blocks,
/// reporting an opening marker left unclosed and a closing one with nothing open. Inline pairs
/// must be in one paragraph (no blank line between them).
fn pair(
    markers: impl Iterator<Item = (Range<usize>, bool, String)>,
    inline: bool,
    file: &str,
    src: &str,
    line_number: &dyn Fn(&str, usize) -> u64,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<(Range<usize>, Result<Directive, ()>)> = None;
    let unclosed = |start: &Range<usize>| {
        Diagnostic::new(Code::UnclosedMarker, file, line_number(src, start.start), 0)
    };
    for (range, is_close, words) in markers {
        let n = line_number(src, range.start);
        match (is_close, open.take()) {
            (false, previous) => {
                if let Some((prev, _)) = previous {
                    diags.push(unclosed(&prev));
                }
                let d = parse_directive(&words, file, n).map_err(|mut e| diags.append(&mut e));
                open = Some((range, d));
            }
            (true, Some((start, directive)))
                if !inline || !src[start.end..range.start].contains("\n\n") =>
            {
                if let Ok(directive) = directive {
                    blocks.push(Block {
                        directive,
                        content: start.end..range.start,
                        inline,
                        section_level: 0,
                    });
                }
            }
            (true, _) => diags.push(Diagnostic::new(Code::UnexpectedClose, file, n, 0)),
        }
    }
    if let Some((start, _)) = open {
        diags.push(unclosed(&start));
    }
    blocks
}

/// [`scan`] for callers that want all or nothing.
pub fn find_blocks(file: &str, src: &str) -> Result<Vec<Block>, Vec<Diagnostic>> {
    let (blocks, diags) = scan(file, src);
    if diags.is_empty() {
        Ok(blocks)
    } else {
        Err(diags)
    }
}

/// A line that starts like a marker but is not one (e.g. `-->` forgotten).
fn looks_like_marker(line: &str) -> bool {
    let t = line.trim_start();
    t.strip_prefix("<!--")
        .map(str::trim_start)
        .is_some_and(|r| r.starts_with(OPEN) || r.starts_with(CLOSE))
}

/// What [`normalise`] took out of a file, for [`restore`] to put back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    bom: bool,
    cr_only: bool,
}

/// The file's text as the scanner reads it: without a leading byte-order mark, and with
/// old-Mac line endings (a lone `\r`, in a file with no `\n`) as `\n`.
pub fn normalise(src: &str) -> (String, Layout) {
    let (bom, body) = match src.strip_prefix('\u{feff}') {
        Some(rest) => (true, rest),
        None => (false, src),
    };
    let cr_only = body.contains('\r') && !body.contains('\n');
    let body = if cr_only {
        body.replace('\r', "\n")
    } else {
        body.to_owned()
    };
    (body, Layout { bom, cr_only })
}

/// Puts back what [`normalise`] took out.
pub fn restore(text: String, layout: Layout) -> String {
    let text = if layout.cr_only {
        text.replace('\n', "\r")
    } else {
        text
    };
    if layout.bom {
        format!("\u{feff}{text}")
    } else {
        text
    }
}

/// Replaces the content of each block by the matching text, framed by blank lines, and keeps
/// every other byte as it was. Line breaks follow the file's (`\r\n` when it uses them).
pub fn splice(src: &str, blocks: &[Block], contents: &[String]) -> String {
    let crlf = src.contains("\r\n");
    let mut out = String::with_capacity(src.len());
    let mut at = 0;
    for (block, content) in blocks.iter().zip(contents) {
        out.push_str(&src[at..block.content.start]);
        if block.inline {
            // In the line: no blank lines around it, and no marker can be formed in it.
            out.push_str(&content.trim().replace("<!--", "&lt;!--"));
            at = block.content.end;
            continue;
        }
        // Rendered text can never close or open a block: a marker line in it (a title made of
        // one, say) is written with its `<` as an entity, which reads the same in Markdown.
        let content: Vec<String> = content
            .trim_matches('\n')
            .lines()
            .map(|l| match marker(l) {
                Some(_) => l.replacen("<!--", "&lt;!--", 1),
                None => l.to_owned(),
            })
            .collect();
        let body = format!("\n{}\n\n", content.join("\n"));
        if crlf {
            out.push_str(&body.replace('\n', "\r\n"));
        } else {
            out.push_str(&body);
        }
        at = block.content.end;
    }
    out.push_str(&src[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_blocks_and_ignores_code() {
        let src = "# T\n\n<!-- hvadvisor ranking profile=sme lang=fr -->\nold\n<!-- /hvadvisor -->\n\n```\n<!-- hvadvisor ranking profile=x -->\n```\n\n`<!-- hvadvisor score -->`\n";
        let blocks = find_blocks("t.md", src).unwrap();
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].directive.kind, Kind::Ranking);
        assert_eq!(blocks[0].directive.get("lang"), Some("fr"));
        assert_eq!(blocks[0].directive.line, 3);
        assert_eq!(&src[blocks[0].content.clone()], "old\n");
        // A byte-order mark before the first marker, and old-Mac line endings.
        for odd in [format!("\u{feff}{src}"), src.replace('\n', "\r")] {
            let (body, layout) = normalise(&odd);
            let (found, diags) = scan("t.md", &body);
            assert!(diags.is_empty() && found.len() == 1, "{odd:?}");
            let out = restore(splice(&body, &found, &["NEW".to_owned()]), layout);
            assert_eq!(out.starts_with('\u{feff}'), odd.starts_with('\u{feff}'));
            assert_eq!(out.contains('\n'), odd.contains('\n'));
            assert!(out.contains("NEW"));
        }
        // A marker inside the new content cannot end the block early.
        let hostile = splice(src, &blocks[..1], &["x\n<!-- /hvadvisor -->\ny".to_owned()]);
        let (again, diags) = scan("t.md", &hostile);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(again.len(), 1);
        assert!(hostile[again[0].content.clone()].contains("&lt;!-- /hvadvisor -->"));
        let out = splice(src, &blocks, &["NEW".to_owned()]);
        assert!(out.starts_with("# T\n\n<!-- hvadvisor ranking profile=sme lang=fr -->\n\nNEW\n\n<!-- /hvadvisor -->\n\n```\n"));
        // Idempotent.
        let again = find_blocks("t.md", &out).unwrap();
        assert_eq!(splice(&out, &again, &["NEW".to_owned()]), out);
    }

    #[test]
    fn reports_malformed_blocks_with_lines() {
        let src = "<!-- hvadvisor rankin profile=sme -->\n<!-- /hvadvisor -->\n<!-- /hvadvisor -->\n<!-- hvadvisor score profile=sme colour=red -->\n\n<!-- hvadvisor ports hypervisor=x\n";
        let diags = find_blocks("t.md", src).unwrap_err();
        let got: Vec<(Code, u64)> = diags.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(
            got,
            vec![
                (Code::UnknownSnippet, 1),
                (Code::UnexpectedClose, 3),
                (Code::UnclosedMarker, 4),
                (Code::UnknownOption, 4),
                (Code::MissingOption, 4),
                (Code::MalformedMarker, 6),
            ]
        );
        assert_eq!(diags[0].suggestion.as_deref(), Some("ranking"));
    }
}
