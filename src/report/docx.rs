//! A Word/LibreOffice document from the Markdown we render: headings with the built-in heading
//! styles (so the navigation pane and a table of contents find them), real tables with a bold
//! header row, lists, bold and italic runs, links as hyperlinks, and our SVG figures as bitmaps
//! (drawn by report::figure) with their caption; other images are left out.

use docx_rs::{
    AlignmentType, BreakType, Docx, Hyperlink, HyperlinkType, Paragraph, Pic, Run, RunFonts, Style,
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

/// A table row being built: its cells' paragraphs, and whether it is the header row.
type Row = (Vec<Paragraph>, bool);

/// The paragraph being built and what it belongs to.
struct Builder {
    doc: Docx,
    paragraph: Option<Paragraph>,
    marks: Marks,
    link: Option<(String, Vec<Run>)>,
    lists: Vec<Option<u64>>,
    /// Rows so far (cells and whether it is the header row), cells of the current row, whether
    /// the current row is the header row.
    table: Option<(Vec<Row>, Vec<Paragraph>, bool)>,
    /// Per column, how wide its text asks to be (characters, capped) and its longest word.
    widths: Vec<(usize, usize)>,
    /// Characters in the current table cell, and its longest word.
    cell_len: usize,
    cell_word: usize,
    image_depth: usize,
    /// Figures drawn so far (their ids in the package must be unique and stable).
    pictures: usize,
    /// Inside a reference of a numbered source list: set in the table size.
    small: bool,
}

impl Builder {
    fn run(&self, text: &str) -> Run {
        let mut run = Run::new().add_text(text);
        if self.table.is_some() || self.small {
            run = run.size(TABLE_SIZE);
        }
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
        self.cell_len += text.chars().count();
        self.cell_word = text
            .split_whitespace()
            .map(|w| w.chars().count())
            .fold(self.cell_word, usize::max);
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

/// A4 in twentieths of a point, with 2 cm margins: the text is 9638 twips wide.
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;
const MARGIN: i32 = 1134;
const TEXT_WIDTH: usize = 9638;
/// Body text 11 pt, tables 9 pt (in half-points).
const BODY_SIZE: usize = 22;
const TABLE_SIZE: usize = 18;

fn page(doc: Docx) -> Docx {
    doc.page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            docx_rs::PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(709)
                .footer(709),
        )
        .default_size(BODY_SIZE)
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .cs("Calibri"),
        )
}

/// A cell longer than this many characters wraps anyway: it asks for no more width.
const MAX_CELL_CHARS: usize = 40;
/// Nor does a column get less than this many characters' worth.
const MIN_CELL_CHARS: usize = 6;

/// Twentieths of a point per character of 9-point text, cell margins included.
const CHAR_WIDTH: usize = 110;

/// The table grid (twentieths of a point): each column first gets room for its longest word
/// (no word is cut), then the rest of the text width is shared in proportion to what each
/// column's longest cell asks for, so short columns (a port, a ✅) leave room to the others.
fn column_widths(wanted: &[(usize, usize)]) -> Vec<usize> {
    let floor: Vec<usize> = wanted
        .iter()
        .map(|(_, word)| (word + 2).max(MIN_CELL_CHARS) * CHAR_WIDTH)
        .collect();
    let fixed: usize = floor.iter().sum();
    if fixed >= TEXT_WIDTH {
        let total = fixed.max(1);
        return floor.iter().map(|f| TEXT_WIDTH * f / total).collect();
    }
    let extra: Vec<usize> = wanted
        .iter()
        .zip(&floor)
        .map(|((len, _), f)| (len * CHAR_WIDTH).saturating_sub(*f))
        .collect();
    let more: usize = extra.iter().sum();
    let spare = TEXT_WIDTH - fixed;
    floor
        .iter()
        .zip(&extra)
        .map(|(f, e)| match (spare * e).checked_div(more) {
            Some(share) => f + share,
            None => f + spare / floor.len(),
        })
        .collect()
}

/// EMU (the unit of drawing sizes) per CSS pixel, and the text width in EMU.
const EMU_PER_PX: u32 = 9525;
const TEXT_WIDTH_EMU: u32 = TEXT_WIDTH as u32 * 635;

/// A centred paragraph holding `svg` drawn as a bitmap, at its size or shrunk to the text width.
fn picture(svg: &str, n: usize) -> Result<Paragraph, DocxError> {
    let png = super::figure::png(svg).map_err(|e| DocxError(e.to_string()))?;
    let (mut w, mut h) = (png.width * EMU_PER_PX, png.height * EMU_PER_PX);
    if w > TEXT_WIDTH_EMU {
        h = (u64::from(h) * u64::from(TEXT_WIDTH_EMU) / u64::from(w)) as u32;
        w = TEXT_WIDTH_EMU;
    }
    let pic = Pic::new_with_dimensions(png.bytes, png.width * 2, png.height * 2)
        .id(format!("rIdImage{n}"))
        .size(w, h);
    Ok(Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(Run::new().add_image(pic)))
}

/// Converts `markdown` to a .docx file's bytes. `figures` maps an image's address in the
/// Markdown to its SVG markup; those images become pictures, others are left out.
pub fn from_markdown(markdown: &str, figures: &[(&str, &str)]) -> Result<Vec<u8>, DocxError> {
    let mut b = Builder {
        doc: styles(page(Docx::new())),
        paragraph: None,
        marks: Marks::default(),
        link: None,
        lists: Vec::new(),
        table: None,
        widths: Vec::new(),
        cell_len: 0,
        cell_word: 0,
        image_depth: 0,
        pictures: 0,
        small: false,
    };
    let mut parser = Parser::new_ext(markdown, Options::ENABLE_TABLES).peekable();
    let mut titles = 0usize;
    while let Some(event) = parser.next() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                b.finish_paragraph();
                // A second part (the memo's technical annex) starts a page, as in print.
                let part = level == HeadingLevel::H1 && titles > 0;
                titles += usize::from(level == HeadingLevel::H1);
                b.paragraph = Some(
                    Paragraph::new()
                        .style(heading_style(level))
                        .page_break_before(part),
                );
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
                // A numbered item that starts with a link is a source reference: the list of
                // sources is set small, as a bibliography is.
                b.small = marker.as_bytes()[0].is_ascii_digit()
                    && matches!(parser.peek(), Some(Event::Start(Tag::Link { .. })));
                let indent = 360 * (depth as i32 + 1);
                b.paragraph = Some(
                    Paragraph::new()
                        .indent(
                            Some(indent),
                            Some(docx_rs::SpecialIndentType::Hanging(360)),
                            None,
                            None,
                        )
                        .add_run(b.run(&marker)),
                );
            }
            Event::End(TagEnd::Item) => {
                b.finish_paragraph();
                b.small = false;
            }
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
                    rows.push((std::mem::take(cells), *head));
                    *head = false;
                }
            }
            Event::Start(Tag::TableCell) => {
                b.paragraph = Some(Paragraph::new());
                b.cell_len = 0;
                b.cell_word = 0;
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
                    let col = cells.len();
                    if b.widths.len() <= col {
                        b.widths.resize(col + 1, (0, 0));
                    }
                    let w = &mut b.widths[col];
                    *w = (
                        w.0.max(b.cell_len.min(MAX_CELL_CHARS)),
                        w.1.max(b.cell_word),
                    );
                    cells.push(p);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some((rows, _, _)) = b.table.take() {
                    let grid = column_widths(&std::mem::take(&mut b.widths));
                    let rows = rows
                        .into_iter()
                        .map(|(cells, head)| {
                            let cells = cells
                                .into_iter()
                                .zip(&grid)
                                .map(|(p, w)| {
                                    TableCell::new().width(*w, WidthType::Dxa).add_paragraph(p)
                                })
                                .collect();
                            let row = TableRow::new(cells);
                            if head { row.cant_split() } else { row }
                        })
                        .collect();
                    let table = Table::new(rows)
                        .set_grid(grid)
                        .width(5000, WidthType::Pct)
                        .indent(0);
                    // A small gap (a 6-point empty line) before what follows.
                    b.doc = std::mem::take(&mut b.doc)
                        .add_table(table)
                        .add_paragraph(Paragraph::new().size(12));
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
            Event::Start(Tag::Image { dest_url, .. }) => {
                if let Some((_, svg)) = figures.iter().find(|(url, _)| *url == &*dest_url) {
                    // The figure gets its own paragraph; its alternative text follows as the
                    // caption, in italics.
                    b.finish_paragraph();
                    b.pictures += 1;
                    let p = picture(svg, b.pictures)?;
                    b.doc = std::mem::take(&mut b.doc).add_paragraph(p);
                    b.paragraph = Some(Paragraph::new().align(AlignmentType::Center));
                    b.marks.italic = true;
                } else {
                    b.image_depth += 1;
                }
            }
            Event::End(TagEnd::Image) => {
                if b.image_depth > 0 {
                    b.image_depth -= 1;
                } else {
                    b.marks.italic = false;
                    b.finish_paragraph();
                }
            }
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
    let mut xml = b.doc.build();
    xml.document_rels = sorted_relationships(&xml.document_rels);
    xml.pack(&mut out).map_err(|e| DocxError(e.to_string()))?;
    Ok(out.into_inner())
}

/// The relationships part with its entries in a fixed order: docx-rs writes hyperlink
/// relationships in hash-map order, which would make two runs on the same input differ.
fn sorted_relationships(xml: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(xml) else {
        return xml.to_vec();
    };
    let Some(first) = text.find("<Relationship ") else {
        return xml.to_vec();
    };
    let Some(end) = text.rfind("</Relationships>") else {
        return xml.to_vec();
    };
    let mut entries: Vec<&str> = text[first..end]
        .split_inclusive("/>")
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    // By id, numbers compared as numbers (rIdHyperlink9 before rIdHyperlink10).
    let key = |e: &&str| {
        let id = e
            .split("Id=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or("");
        let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (name, n) = id.split_at(id.len() - digits);
        (name.to_owned(), n.parse::<u64>().unwrap_or(0))
    };
    entries.sort_by_key(key);
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    for e in entries {
        out.push_str(e);
    }
    out.push_str(&text[end..]);
    out.into_bytes()
}
