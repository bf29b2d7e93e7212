//! A Word/LibreOffice document from the Markdown we render: headings with the built-in heading
//! styles (so the navigation pane and a table of contents find them), real tables with a bold
//! header row, lists, bold and italic runs, and links as hyperlinks. Images are left out (an
//! SVG figure has no place in a .docx without a bitmap copy).

use docx_rs::{
    AlignmentType, BreakType, Docx, Hyperlink, HyperlinkType, Paragraph, Run, RunFonts, Style,
    StyleType, Table, TableCell, TableRow, WidthType,
};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Errors from packing the document.
#[derive(Debug, thiserror::Error)]
#[error("docx: {0}")]
pub struct DocxError(String);

#[derive(Default, Clone, Copy)]
struct Marks {
    bold: bool,
    italic: bool,
    code: bool,
}

/// The paragraph being built and what it belongs to.
struct Builder {
    doc: Docx,
    paragraph: Option<Paragraph>,
    marks: Marks,
    link: Option<(String, Vec<Run>)>,
    lists: Vec<Option<u64>>,
    /// Rows so far, cells of the current row, whether it is the header row, columns.
    table: Option<(Vec<TableRow>, Vec<TableCell>, bool)>,
    columns: usize,
    image_depth: usize,
}

impl Builder {
    fn run(&self, text: &str) -> Run {
        let mut run = Run::new().add_text(text);
        if self.marks.bold {
            run = run.bold();
        }
        if self.marks.italic {
            run = run.italic();
        }
        if self.marks.code {
            run = run.fonts(RunFonts::new().ascii("Consolas").hi_ansi("Consolas"));
        }
        run
    }

    fn text(&mut self, text: &str) {
        if self.image_depth > 0 {
            return;
        }
        let run = self.run(text);
        if let Some((_, runs)) = &mut self.link {
            runs.push(run);
            return;
        }
        let p = self.paragraph.take().unwrap_or_default();
        self.paragraph = Some(p.add_run(run));
    }

    fn finish_paragraph(&mut self) {
        // Inside a table, the cell's end takes the paragraph.
        if self.table.is_some() {
            return;
        }
        if let Some(p) = self.paragraph.take() {
            self.doc = std::mem::take(&mut self.doc).add_paragraph(p);
        }
    }
}

fn heading_style(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "Heading1",
        HeadingLevel::H2 => "Heading2",
        HeadingLevel::H3 => "Heading3",
        _ => "Heading4",
    }
}

fn styles(doc: Docx) -> Docx {
    let heading = |id: &str, name: &str, size: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .bold()
            .size(size)
    };
    doc.add_style(heading("Heading1", "Heading 1", 36))
        .add_style(heading("Heading2", "Heading 2", 30))
        .add_style(heading("Heading3", "Heading 3", 26))
        .add_style(heading("Heading4", "Heading 4", 24))
}

/// Converts `markdown` to a .docx file's bytes.
pub fn from_markdown(markdown: &str) -> Result<Vec<u8>, DocxError> {
    let mut b = Builder {
        doc: styles(Docx::new()),
        paragraph: None,
        marks: Marks::default(),
        link: None,
        lists: Vec::new(),
        table: None,
        columns: 0,
        image_depth: 0,
    };
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES);
    for event in parser {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                b.finish_paragraph();
                b.paragraph = Some(Paragraph::new().style(heading_style(level)));
            }
            // Inside a table, the cell's end takes the paragraph (see finish_paragraph).
            Event::End(TagEnd::Heading(_)) | Event::End(TagEnd::Paragraph) => b.finish_paragraph(),
            Event::Start(Tag::Paragraph) if b.paragraph.is_none() => {
                b.paragraph = Some(Paragraph::new());
            }
            Event::Start(Tag::List(start)) => {
                b.finish_paragraph();
                b.lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                b.finish_paragraph();
                b.lists.pop();
            }
            Event::Start(Tag::Item) => {
                b.finish_paragraph();
                let depth = b.lists.len().saturating_sub(1);
                let marker = match b.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "• ".to_owned(),
                };
                let indent = 360 * (depth as i32 + 1);
                b.paragraph = Some(
                    Paragraph::new()
                        .indent(
                            Some(indent),
                            Some(docx_rs::SpecialIndentType::Hanging(360)),
                            None,
                            None,
                        )
                        .add_run(Run::new().add_text(marker)),
                );
            }
            Event::End(TagEnd::Item) => b.finish_paragraph(),
            Event::Start(Tag::Table(_)) => {
                b.finish_paragraph();
                b.table = Some((Vec::new(), Vec::new(), false));
            }
            Event::Start(Tag::TableHead) => {
                if let Some(t) = &mut b.table {
                    t.2 = true;
                }
            }
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                if let Some((rows, cells, head)) = &mut b.table {
                    b.columns = b.columns.max(cells.len());
                    let mut row = TableRow::new(std::mem::take(cells));
                    if *head {
                        row = row.cant_split();
                    }
                    rows.push(row);
                    *head = false;
                }
            }
            Event::Start(Tag::TableCell) => {
                b.paragraph = Some(Paragraph::new());
                if b.table.as_ref().is_some_and(|t| t.2) {
                    b.marks.bold = true;
                }
            }
            Event::End(TagEnd::TableCell) => {
                let p = b.paragraph.take().unwrap_or_default();
                if let Some((_, cells, head)) = &mut b.table {
                    if *head {
                        b.marks.bold = false;
                    }
                    cells.push(TableCell::new().add_paragraph(p));
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some((rows, _, _)) = b.table.take() {
                    // The grid Word lays the columns out on: the text width (A4 with 2 cm
                    // margins, in twentieths of a point) shared equally.
                    let n = b.columns.max(1);
                    b.columns = 0;
                    let table = Table::new(rows)
                        .set_grid(vec![9638 / n; n])
                        .width(5000, WidthType::Pct)
                        .indent(0);
                    b.doc = std::mem::take(&mut b.doc)
                        .add_table(table)
                        .add_paragraph(Paragraph::new());
                }
            }
            Event::Start(Tag::Strong) => b.marks.bold = true,
            Event::End(TagEnd::Strong) => b.marks.bold = b.table.as_ref().is_some_and(|t| t.2),
            Event::Start(Tag::Emphasis) => b.marks.italic = true,
            Event::End(TagEnd::Emphasis) => b.marks.italic = false,
            Event::Start(Tag::Link { dest_url, .. }) => {
                b.link = Some((dest_url.to_string(), Vec::new()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, runs)) = b.link.take() {
                    let mut link = Hyperlink::new(&url, HyperlinkType::External);
                    for r in runs {
                        link = link.add_run(r.color("1f5fa8").underline("single"));
                    }
                    let p = b.paragraph.take().unwrap_or_default();
                    b.paragraph = Some(p.add_hyperlink(link));
                }
            }
            Event::Start(Tag::Image { .. }) => b.image_depth += 1,
            Event::End(TagEnd::Image) => b.image_depth = b.image_depth.saturating_sub(1),
            Event::Text(t) => b.text(&t),
            Event::Code(t) => {
                b.marks.code = true;
                b.text(&t);
                b.marks.code = false;
            }
            Event::SoftBreak => b.text(" "),
            Event::HardBreak => {
                let p = b.paragraph.take().unwrap_or_default();
                b.paragraph = Some(p.add_run(Run::new().add_break(BreakType::TextWrapping)));
            }
            Event::Html(t) | Event::InlineHtml(t) => b.text(&t),
            Event::Rule => {
                b.finish_paragraph();
                b.doc = std::mem::take(&mut b.doc).add_paragraph(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .add_run(Run::new().add_text("—")),
                );
            }
            _ => {}
        }
    }
    b.finish_paragraph();
    let mut out = std::io::Cursor::new(Vec::new());
    b.doc
        .build()
        .pack(&mut out)
        .map_err(|e| DocxError(e.to_string()))?;
    Ok(out.into_inner())
}
