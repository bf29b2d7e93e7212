//! Markdown for a terminal: wrapped paragraphs, list items with hanging indents, headings
//! underlined, links reduced to their text (so a citation `[[1]](https://…)` reads `[1]`), no
//! Markdown markers. Used for the memo's first page after the questions in `ask`.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The memo's first page: everything before its second level-1 heading (the annex).
pub fn first_page(markdown: &str) -> &str {
    let mut seen = 0;
    let mut offset = 0;
    for line in markdown.split_inclusive('\n') {
        if line.starts_with("# ") {
            seen += 1;
            if seen == 2 {
                return &markdown[..offset];
            }
        }
        offset += line.len();
    }
    markdown
}

/// `markdown` as plain text wrapped at `width` columns (at least 20).
pub fn render(markdown: &str, width: usize) -> String {
    let width = width.max(20);
    let mut out = String::new();
    // The text of the block being read, and what prefixes its first and following lines.
    let mut text = String::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut item_prefix: Option<String> = None;
    let mut heading: Option<HeadingLevel> = None;
    let flush = |out: &mut String, text: &mut String, first: &str, rest: &str| {
        let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
        if words.is_empty() {
            text.clear();
            return;
        }
        let mut line = String::from(first);
        let mut len = first.chars().count();
        let mut empty = true;
        for word in words {
            let n = word.chars().count();
            if !empty && len + 1 + n > width {
                out.push_str(line.trim_end());
                out.push('\n');
                line = String::from(rest);
                len = rest.chars().count();
                empty = true;
            }
            if !empty {
                line.push(' ');
                len += 1;
            }
            line.push_str(word);
            len += n;
            empty = false;
        }
        out.push_str(line.trim_end());
        out.push('\n');
        text.clear();
    };
    let indent = |lists: &Vec<Option<u64>>| "   ".repeat(lists.len().saturating_sub(1));
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some(level),
            Event::End(TagEnd::Heading(_)) => {
                let title = std::mem::take(&mut text);
                let title = title.trim();
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(title);
                out.push('\n');
                let rule = if heading == Some(HeadingLevel::H1) {
                    '='
                } else {
                    '-'
                };
                out.extend(std::iter::repeat_n(rule, title.chars().count().min(width)));
                out.push('\n');
                heading = None;
            }
            Event::Start(Tag::List(start)) => {
                if lists.is_empty() && !out.is_empty() {
                    out.push('\n');
                }
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                let base = indent(&lists);
                let marker = match lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "- ".to_owned(),
                };
                item_prefix = Some(format!("{base}{marker}"));
            }
            Event::End(TagEnd::Item) | Event::End(TagEnd::Paragraph) if !lists.is_empty() => {
                let first = item_prefix
                    .take()
                    .unwrap_or_else(|| " ".repeat(indent(&lists).len() + 3));
                let rest = " ".repeat(first.chars().count());
                flush(&mut out, &mut text, &first, &rest);
            }
            Event::Start(Tag::Paragraph) if lists.is_empty() && !out.is_empty() => {
                out.push('\n');
            }
            Event::End(TagEnd::Paragraph) => flush(&mut out, &mut text, "", ""),
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Rule => out.push('\n'),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_lists_and_keeps_citation_numbers_without_urls() {
        let md = "# Title\n\nA first paragraph that is long enough to wrap at thirty columns.\n\n\
                  ## Why\n\n1. **One** reason [[1]](https://example.org/a/very/long/url)\n\
                  2. Two\n\n# Annex\n\nhidden\n";
        let page = first_page(md);
        assert!(!page.contains("Annex"));
        let text = render(page, 30);
        assert_eq!(
            text,
            "Title\n=====\n\nA first paragraph that is long\nenough to wrap at thirty\n\
             columns.\n\nWhy\n---\n\n1. One reason [1]\n2. Two\n"
        );
        assert!(text.lines().all(|l| l.chars().count() <= 30));
    }

    #[test]
    fn no_break_spaces_hold_words_together() {
        let text = render("Sources\u{a0}: une phrase assez longue pour couper\n", 20);
        assert!(text.lines().all(|l| !l.starts_with(':')), "{text}");
    }
}
