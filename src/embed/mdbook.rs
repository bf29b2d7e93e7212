//! The mdBook preprocessor protocol: `[context, book]` JSON in, the book out.
//!
//! Chapters may contain `{{#hvadvisor KIND key=value …}}`. Only chapter contents are rewritten;
//! everything else passes through untouched, so the preprocessor works with mdBook 0.4 (book
//! items under `sections`) and 0.5 (under `items`). Directives in code are left as written.

use super::{Directive, parse_directive};
use crate::diag::{Code, Diagnostic};
use pulldown_cmark::{Event, Options, Parser, Tag};
use serde_json::Value;

const START: &str = "{{#hvadvisor";
const END: &str = "}}";

/// Byte ranges of code (blocks and spans) in a chapter, where directives are not expanded.
fn code_ranges(src: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(src, Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => out.push(range),
            _ => {}
        }
    }
    out
}

/// Renders one directive found in the chapter file named by the second argument.
pub type Render<'a> = dyn FnMut(&Directive, &str) -> Result<String, Vec<Diagnostic>> + 'a;

/// Expands every directive of one chapter with `render`; `file` names the chapter in diagnostics.
pub fn expand(src: &str, file: &str, render: &mut Render<'_>) -> Result<String, Vec<Diagnostic>> {
    let code = code_ranges(src);
    let mut out = String::with_capacity(src.len());
    let mut diags = Vec::new();
    let mut at = 0;
    // Line numbers and code spans are followed as the scan advances (counting from the start
    // and searching every span for each directive made big chapters quadratic).
    let (mut line, mut counted) = (1u64, 0usize);
    let mut span = 0;
    while let Some(i) = src[at..].find(START) {
        let start = at + i;
        line += src[counted..start].bytes().filter(|b| *b == b'\n').count() as u64;
        counted = start;
        while span < code.len() && code[span].end <= start {
            span += 1;
        }
        let in_code = code.get(span).is_some_and(|r| r.contains(&start));
        let Some(len) = src[start..].find(END) else {
            if !in_code {
                diags.push(Diagnostic::new(Code::UnclosedDirective, file, line, 0));
            }
            break;
        };
        let end = start + len + END.len();
        out.push_str(&src[at..start]);
        at = end;
        if in_code {
            out.push_str(&src[start..end]);
            continue;
        }
        let words = &src[start + START.len()..end - END.len()];
        match parse_directive(words, file, line).and_then(|d| render(&d, file)) {
            Ok(text) => out.push_str(text.trim_end_matches('\n')),
            Err(mut e) => diags.append(&mut e),
        }
    }
    out.push_str(&src[at..]);
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(diags)
    }
}

/// Rewrites the chapters of a book (the second element of mdBook's input) in place; `src` is
/// the book's source folder (`src`), so that diagnostics name `src/chapter.md` as users see it.
pub fn rewrite_book(
    book: &mut Value,
    src: &str,
    render: &mut Render<'_>,
) -> Result<(), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    for key in ["items", "sections"] {
        if let Some(items) = book.get_mut(key).and_then(Value::as_array_mut) {
            for item in items {
                rewrite_item(item, src, render, &mut diags);
            }
        }
    }
    if diags.is_empty() { Ok(()) } else { Err(diags) }
}

fn rewrite_item(item: &mut Value, src: &str, render: &mut Render<'_>, diags: &mut Vec<Diagnostic>) {
    let Some(chapter) = item.get_mut("Chapter") else {
        return;
    };
    let name = match chapter
        .get("source_path")
        .or_else(|| chapter.get("path"))
        .and_then(Value::as_str)
    {
        Some(path) => format!("{src}/{path}"),
        None => chapter
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("chapter")
            .to_owned(),
    };
    if let Some(content) = chapter.get_mut("content")
        && let Some(text) = content.as_str()
    {
        match expand(text, &name, render) {
            Ok(new) => *content = Value::String(new),
            Err(mut e) => diags.append(&mut e),
        }
    }
    if let Some(subs) = chapter.get_mut("sub_items").and_then(Value::as_array_mut) {
        for sub in subs {
            rewrite_item(sub, src, render, diags);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::Kind;

    #[test]
    fn expands_directives_outside_code_in_both_book_layouts() {
        let mut render = |d: &Directive, _: &str| {
            assert_eq!(d.kind, Kind::Ranking);
            Ok(format!("TABLE({})\n", d.get("profile").unwrap()))
        };
        for key in ["sections", "items"] {
            let mut book = serde_json::json!({
                key: [
                    {"Chapter": {"name": "A", "content": "x {{#hvadvisor ranking profile=sme}} y\n\n`{{#hvadvisor ranking profile=no}}`\n",
                      "sub_items": [{"Chapter": {"name": "B", "content": "{{#hvadvisor ranking profile=homelab}}", "sub_items": []}}]}},
                    "Separator",
                    {"PartTitle": "P"}
                ],
                "__non_exhaustive": null
            });
            rewrite_book(&mut book, "src", &mut render).unwrap();
            let a = &book[key][0]["Chapter"];
            assert_eq!(
                a["content"],
                "x TABLE(sme) y\n\n`{{#hvadvisor ranking profile=no}}`\n"
            );
            assert_eq!(a["sub_items"][0]["Chapter"]["content"], "TABLE(homelab)");
            assert_eq!(book[key][1], "Separator");
            assert!(book.get("__non_exhaustive").is_some());
        }
    }
}
