//! Rendering: minijinja templates and Fluent catalogues, built in and overridable from a folder.

pub mod cost;
pub mod docx;
pub mod figure;
pub mod i18n;
pub mod lab;
pub mod model;
pub mod synthese;
pub mod terminal;

use crate::lang::Lang;
use i18n::{Arg, Catalogues, format_decimal};
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior};
use serde::Serialize;
use std::ops::Not;
use std::path::PathBuf;
use std::sync::Arc;

/// A problem while rendering.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template {name}: {source}")]
    Template {
        name: String,
        #[source]
        source: Error,
    },
    #[error(transparent)]
    I18n(#[from] i18n::I18nError),
    #[error("template {name}: {detail}")]
    Io { name: String, detail: String },
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl RenderError {
    /// The problem as a located diagnostic (E056): the template or catalogue file, its line
    /// and column when known, and what kind of mistake it is.
    pub fn diagnostic(&self, templates: &Templates) -> crate::diag::Diagnostic {
        use crate::diag::{Code, Diagnostic};
        match self {
            RenderError::I18n(i18n::I18nError::Syntax {
                file,
                line,
                column,
                kind,
                part,
                ..
            }) => Diagnostic::new(Code::TemplateError, file, *line, *column)
                .arg("kind", "catalogue")
                .arg("detail", *kind)
                .arg("part", part),
            RenderError::I18n(i18n::I18nError::Missing { key, lang }) => Diagnostic::new(
                Code::TemplateError,
                &templates.file_name(&format!("i18n/{lang}.ftl")),
                0,
                0,
            )
            .arg("kind", "missing-message")
            .arg("detail", "")
            .arg("part", key),
            RenderError::I18n(i18n::I18nError::Format { key, lang, detail }) => Diagnostic::new(
                Code::TemplateError,
                &templates.file_name(&format!("i18n/{lang}.ftl")),
                0,
                0,
            )
            .arg("kind", "message-format")
            .arg("detail", detail)
            .arg("part", key),
            RenderError::Template { name, source } => {
                // The innermost error names the template that is wrong (an included one).
                let mut e: &Error = source;
                while let Some(inner) =
                    std::error::Error::source(e).and_then(|s| s.downcast_ref::<Error>())
                {
                    e = inner;
                }
                let file = templates.file_name(e.name().unwrap_or(name));
                let kind = match e.kind() {
                    ErrorKind::SyntaxError => "syntax",
                    ErrorKind::UndefinedError => "undefined",
                    ErrorKind::UnknownFilter
                    | ErrorKind::UnknownFunction
                    | ErrorKind::UnknownTest
                    | ErrorKind::UnknownMethod => "unknown-name",
                    ErrorKind::TemplateNotFound => "not-found",
                    _ => "other",
                };
                Diagnostic::new(Code::TemplateError, &file, e.line().unwrap_or(0) as u64, 0)
                    .arg("kind", kind)
                    .arg("detail", e.detail().unwrap_or(""))
                    .arg("part", "")
            }
            RenderError::Io { name, detail } => Diagnostic::new(Code::Io, name, 0, 0)
                .arg("kind", "other")
                .arg("detail", detail),
            RenderError::Json(e) => Diagnostic::new(Code::TemplateError, "<json>", 0, 0)
                .arg("kind", "other")
                .arg("detail", e.to_string())
                .arg("part", ""),
        }
    }
}

/// The templates and catalogues to render with: the built-in ones, each replaceable by a file of
/// the same name in an override folder.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    pub dir: Option<PathBuf>,
}

impl Templates {
    pub fn builtin() -> Templates {
        Templates { dir: None }
    }

    /// The text of a template (`report.md.j2`) or catalogue (`i18n/fr.ftl`).
    pub fn source(&self, name: &str) -> Result<Option<String>, RenderError> {
        if let Some(dir) = &self.dir {
            let path = dir.join(name);
            if path.is_file() {
                return std::fs::read_to_string(&path)
                    .map(Some)
                    .map_err(|e| RenderError::Io {
                        name: path.display().to_string(),
                        detail: e.to_string(),
                    });
            }
        }
        Ok(crate::builtin::template(name).map(str::to_owned))
    }

    pub fn catalogues(&self) -> Result<Catalogues, RenderError> {
        let mut sources = Vec::new();
        for lang in Lang::ALL {
            let name = format!("i18n/{}.ftl", lang.tag());
            let text = self.source(&name)?.ok_or_else(|| RenderError::Io {
                name: name.clone(),
                detail: "missing".into(),
            })?;
            sources.push((lang, self.file_name(&name), text));
        }
        Ok(Catalogues::new(&sources)?)
    }

    /// The file a template or catalogue comes from, as a user would name it: the override
    /// file when there is one, else its name among the built-in templates.
    pub fn file_name(&self, name: &str) -> String {
        match &self.dir {
            Some(dir) if dir.join(name).is_file() => dir.join(name).display().to_string(),
            _ => format!("templates/{name}"),
        }
    }

    /// A minijinja environment for one language: strict about undefined values, with `t()` for
    /// messages and filters that format numbers the way the language writes them.
    pub fn environment(&self, lang: Lang) -> Result<Environment<'static>, RenderError> {
        let catalogues = Arc::new(self.catalogues()?);
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()
                .expect("default delimiters are valid"),
        );
        let me = self.clone();
        env.set_loader(move |name| {
            me.source(name)
                .map_err(|e| Error::new(ErrorKind::TemplateNotFound, e.to_string()))
        });
        let cats = Arc::clone(&catalogues);
        env.add_function(
            "t",
            move |key: &str, kwargs: Kwargs| -> Result<String, Error> {
                let mut args = Vec::new();
                for name in kwargs.args() {
                    let v: Value = kwargs.get(name)?;
                    let arg = match v.as_i64() {
                        Some(i) if v.is_integer() => Arg::Int(i),
                        _ => match v.as_str() {
                            Some(s) => Arg::Str(s.to_owned()),
                            None => Arg::Str(v.to_string()),
                        },
                    };
                    args.push((name, arg));
                }
                kwargs.assert_all_used()?;
                cats.message(lang, key, &args)
                    .map_err(|e| Error::new(ErrorKind::InvalidOperation, e.to_string()))
            },
        );
        let cats = Arc::clone(&catalogues);
        env.add_function("has_message", move |key: &str| cats.has(lang, key));
        let cats = Arc::clone(&catalogues);
        env.add_filter("date", move |iso: &str| -> Result<String, Error> {
            // "2026-05-08" → "8 May 2026" / "8 mai 2026"; the month names are in the catalogues.
            let Some(d) = crate::date::Date::parse(iso) else {
                return Ok(iso.to_owned());
            };
            let err = |e: i18n::I18nError| Error::new(ErrorKind::InvalidOperation, e.to_string());
            let month = cats
                .message(lang, &format!("month-{}", d.month), &[])
                .map_err(err)?;
            cats.message(
                lang,
                "date-long",
                &[
                    ("day", Arg::Int(i64::from(d.day))),
                    ("month", Arg::Str(month)),
                    ("year", Arg::Str(d.year.to_string())),
                ],
            )
            .map_err(err)
        });
        env.add_filter("num", move |x: f64, decimals: Option<usize>| {
            format_decimal(x, decimals.unwrap_or(1), lang)
        });
        env.add_filter("pct", move |x: f64, decimals: Option<usize>| {
            let n = format_decimal(x * 100.0, decimals.unwrap_or(0), lang);
            match lang {
                Lang::En => format!("{n}%"),
                Lang::Fr => format!("{n}\u{a0}%"),
            }
        });
        env.add_filter("signed_pct", move |x: f64| {
            // A change in percent: "+20.0%" / "−34.4 %" (true minus sign).
            let n = format_decimal(x.abs(), 1, lang);
            let sign = if x < 0.0 { "\u{2212}" } else { "+" };
            match lang {
                Lang::En => format!("{sign}{n}%"),
                Lang::Fr => format!("{sign}{n}\u{a0}%"),
            }
        });
        env.add_filter("int", move |x: i64| {
            // Thousands grouped: 10,000 / 10 000 (narrow no-break space).
            let out = i18n::group_thousands(&x.unsigned_abs().to_string(), lang);
            if x < 0 { format!("-{out}") } else { out }
        });
        env.add_filter(
            "money",
            move |x: f64, currency: &str, decimals: Option<usize>| {
                money(x, currency, decimals.unwrap_or(0), lang)
            },
        );
        // The integer part of a decimal, for plural selection ("0,5 point", "2,5 points").
        env.add_filter("whole", |x: f64| x.trunc() as i64);
        // "Types de charges" → "types de charges" inside a sentence; "HA nodes" stays, and so
        // does a label that starts with a name the catalogue lists ("Ansible", "Windows guests").
        let names: Vec<String> = catalogues
            .message(lang, "proper-names", &[])
            .map(|m| m.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default();
        env.add_filter("lcfirst", move |s: &str| {
            let first = s.split_whitespace().next().unwrap_or("");
            if names.iter().any(|n| n == first) {
                return s.to_owned();
            }
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase() => {
                    format!("{}{}", a.to_lowercase(), &s[a.len_utf8()..])
                }
                _ => s.to_owned(),
            }
        });
        env.add_filter("md", |s: &str| escape_markdown(s));
        env.add_filter("link", |s: &str| link_destination(s));
        // Hot helpers of the Markdown templates, in Rust because a report calls them thousands
        // of times (as template macros they dominated rendering).
        env.add_function("symbol", |support: &str| support_symbol(support));
        env.add_function(
            "refs",
            |list: Vec<usize>, sources: Value| -> Result<String, Error> {
                let mut out = String::new();
                for n in list {
                    let source = sources.get_item_by_index(n.saturating_sub(1))?;
                    let url = source.get_attr("url")?;
                    let url = link_destination(url.as_str().unwrap_or_default());
                    out.push_str(&format!(" [[{n}]]({url})"));
                }
                Ok(out)
            },
        );
        env.add_filter("pad", |s: &str, width: usize| {
            let len = s.chars().count();
            format!("{s}{}", " ".repeat(width.saturating_sub(len)))
        });
        env.add_filter("width", |s: &str| s.chars().count());
        env.add_filter("typo", move |s: &str| i18n::typography(s, lang));
        Ok(env)
    }

    /// Renders a template with a serialisable context.
    pub fn render<T: Serialize>(
        &self,
        name: &str,
        lang: Lang,
        ctx: &T,
    ) -> Result<String, RenderError> {
        let env = self.environment(lang)?;
        let wrap = |source| RenderError::Template {
            name: name.to_owned(),
            source,
        };
        let tmpl = env.get_template(name).map_err(wrap)?;
        tmpl.render(minijinja::value::Serde(ctx)).map_err(wrap)
    }
}

/// An amount with its thousands grouped and its currency code: `12,345 EUR` / `12 345 EUR`
/// (narrow no-break space between groups, no-break space before the code).
pub fn money(x: f64, currency: &str, decimals: usize, lang: Lang) -> String {
    let s = format_decimal(x.abs(), decimals, lang);
    let sign = if x < 0.0 && s.trim_start_matches(['0', '.', ',']).is_empty().not() {
        "\u{2212}"
    } else {
        ""
    };
    format!("{sign}{s}\u{a0}{currency}")
}

/// The table symbol of a support level: ✅ built in, ❌ absent, ❔ unknown, ⚠️ anything between.
pub fn support_symbol(support: &str) -> &'static str {
    match support {
        "native" => "✅",
        "none" => "❌",
        "unknown" => "❔",
        _ => "⚠️",
    }
}

/// Escapes text from data files for Markdown: characters that would start markup, and `|`,
/// which would split a table cell. Line breaks become spaces so a cell stays on one line.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// How much of the report to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Detail {
    /// The verdict, ranking, eliminations and costs, with the sources they cite.
    Summary,
    /// Adds the category tables (notes for the three first-ranked), strengths and limits,
    /// robustness and the practical answers.
    #[default]
    Standard,
    /// Everything, the justification of every criterion score included.
    Full,
}

/// The report's view at a level of detail, with robustness and the extra systems whose ports
/// it lists; the caller may add lab measurements before rendering `report.md.j2`.
pub fn report_view(
    kb: &crate::knowledge::KnowledgeBase,
    profile: &crate::criteria::Profile,
    eval: &crate::engine::Evaluation,
    lang: Lang,
    extra_ports: &[String],
    detail: Detail,
) -> model::View {
    let mut view = model::build(kb, profile, eval, lang);
    view.add_robustness(kb, profile, eval);
    for id in extra_ports {
        if !view.ports_for.contains(id) && view.facts.contains_key(id) {
            view.ports_for.push(id.clone());
        }
    }
    view.set_detail(detail);
    view
}

impl model::View {
    /// The order of the systems in the report: ranked, then eliminated.
    pub fn order(&self) -> Vec<String> {
        self.ranking
            .iter()
            .map(|r| r.id.clone())
            .chain(self.eliminated.iter().map(|e| e.id.clone()))
            .collect()
    }
}

/// The comparison report in Markdown at a level of detail.
pub fn markdown_report(
    templates: &Templates,
    kb: &crate::knowledge::KnowledgeBase,
    profile: &crate::criteria::Profile,
    eval: &crate::engine::Evaluation,
    lang: Lang,
    extra_ports: &[String],
    detail: Detail,
) -> Result<String, RenderError> {
    let view = report_view(kb, profile, eval, lang, extra_ports, detail);
    templates.render("report.md.j2", lang, &view)
}

/// Diagnostics as `file:line:col: error[E011]: message`, with a hint line when there is one.
/// The words come from the message catalogues; if those fail to load, the codes still show.
pub fn diagnostics(templates: &Templates, lang: Lang, diags: &[crate::diag::Diagnostic]) -> String {
    let cats = diagnostic_catalogues(templates);
    let msg = |key: &str, args: &[(&str, Arg)]| message_or_key(cats.as_ref(), lang, key, args);
    let mut out = String::new();
    for d in diags {
        let args: Vec<(&str, Arg)> = d
            .args
            .iter()
            .map(|(k, v)| (*k, Arg::Str(v.clone())))
            .collect();
        let severity = match d.severity() {
            crate::diag::Severity::Error => msg("diag-error", &[]),
            crate::diag::Severity::Warning => msg("diag-warning", &[]),
        };
        let location = match (d.line, d.column) {
            (0, _) => d.file.clone(),
            (l, 0) => format!("{}:{l}", d.file),
            (l, c) => format!("{}:{l}:{c}", d.file),
        };
        out.push_str(&format!(
            "{location}: {severity}[{}]: {}\n",
            d.code.id(),
            msg(d.code.message_key(), &args)
        ));
        if let Some(s) = &d.suggestion {
            let hint = msg("diag-did-you-mean", &[("suggestion", Arg::Str(s.clone()))]);
            out.push_str(&format!("  = {hint}\n"));
        }
    }
    let errors = diags.iter().filter(|d| d.is_error()).count() as i64;
    let warnings = diags.len() as i64 - errors;
    out.push_str(&msg(
        "diag-summary",
        &[
            ("errors", Arg::Int(errors)),
            ("warnings", Arg::Int(warnings)),
        ],
    ));
    out.push('\n');
    out
}

/// The catalogues diagnostics are written with: the override's, or the built-in ones when the
/// override is what is broken (its own diagnostic must stay readable).
fn diagnostic_catalogues(templates: &Templates) -> Option<Catalogues> {
    templates
        .catalogues()
        .or_else(|_| Templates::builtin().catalogues())
        .ok()
}

/// A message, or its key when it cannot be formatted (never an error inside an error).
fn message_or_key(
    cats: Option<&Catalogues>,
    lang: Lang,
    key: &str,
    args: &[(&str, Arg)],
) -> String {
    cats.and_then(|c| c.message(lang, key, args).ok())
        .unwrap_or_else(|| key.to_owned())
}

/// A diagnostic's sentence, with its "did you mean" hint, without file or position: for a
/// message shown next to the form field it is about.
pub fn diagnostic_message(
    templates: &Templates,
    lang: Lang,
    d: &crate::diag::Diagnostic,
) -> String {
    let cats = diagnostic_catalogues(templates);
    let msg = |key: &str, args: &[(&str, Arg)]| message_or_key(cats.as_ref(), lang, key, args);
    let args: Vec<(&str, Arg)> = d
        .args
        .iter()
        .map(|(k, v)| (*k, Arg::Str(v.clone())))
        .collect();
    let mut out = msg(d.code.message_key(), &args);
    if let Some(s) = &d.suggestion {
        out.push_str(" (");
        out.push_str(&msg(
            "diag-did-you-mean",
            &[("suggestion", Arg::Str(s.clone()))],
        ));
        out.push(')');
    }
    out
}

/// The lab measurements chart (SVG), when there are measurements to draw.
pub fn lab_chart(
    templates: &Templates,
    lang: Lang,
    lab: Option<&lab::LabView>,
) -> Result<Option<String>, RenderError> {
    match lab {
        Some(lab) if !lab.rows.is_empty() => Ok(Some(templates.render(
            "lab.svg.j2",
            lang,
            &serde_json::json!({ "lab": lab }),
        )?)),
        _ => Ok(None),
    }
}

/// Puts the lab chart at the end of the HTML page's lab section.
pub fn insert_lab_chart(
    templates: &Templates,
    lang: Lang,
    lab: Option<&lab::LabView>,
    page: &mut String,
) -> Result<(), RenderError> {
    if let Some(svg) = lab_chart(templates, lang, lab)? {
        let h = templates.catalogues()?.message(lang, "h-lab", &[])?;
        insert_figure(page, &h, &svg);
    }
    Ok(())
}

/// A report as a standalone HTML page, with its robustness and lab charts.
pub fn report_html(
    templates: &Templates,
    lang: Lang,
    view: &model::View,
) -> Result<String, RenderError> {
    let md = templates.render("report.md.j2", lang, view)?;
    let mut page = html_page(templates, lang, &md, view.robustness.as_ref())?;
    insert_lab_chart(templates, lang, view.lab.as_ref(), &mut page)?;
    Ok(page)
}

/// Markdown as an HTML fragment; HTML written in the Markdown is shown as text, never run.
pub fn markdown_html(markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, html};
    let events = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .map(|e| match e {
        Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
        other => other,
    });
    let mut body = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut body, events);
    body
}

/// A standalone, print-friendly HTML page from a Markdown document whose first line is its
/// `# title`. Raw HTML in the Markdown is shown as text, never passed through, so nothing from
/// the knowledge base can inject markup.
pub fn html_page(
    templates: &Templates,
    lang: Lang,
    markdown: &str,
    robustness: Option<&model::RobustnessView>,
) -> Result<String, RenderError> {
    let title = markdown
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("# ");
    let mut body = markdown_html(markdown);
    // The robustness chart goes at the end of its section, before the next heading of level 2.
    if let Some(rb) = robustness {
        let chart = templates.render("chart.svg.j2", lang, &serde_json::json!({ "rb": rb }))?;
        let heading = templates.catalogues()?.message(lang, "h-robustness", &[])?;
        let heading = format!(">{}</h2>", escape_html(&heading));
        if let Some(start) = body.find(&heading) {
            let after = start + heading.len();
            let end = body[after..].find("<h2").map_or(body.len(), |i| after + i);
            body.insert_str(end, &chart);
        }
    }
    templates.render(
        "page.html.j2",
        lang,
        &serde_json::json!({
            "lang": lang,
            "title": title,
            "body": body,
            "version": crate::TOOL_VERSION,
        }),
    )
}

/// Escapes text the way pulldown-cmark writes it in HTML.
/// A URL as a Markdown link destination: parentheses, spaces and angle brackets percent-encoded,
/// so that no URL can end its link early and start another (`…/)[x](javascript:…)`).
pub fn link_destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c => out.push(c),
        }
    }
    out
}

/// Puts `figure` (SVG markup from our own templates, names escaped there) at the end of the
/// section of a page made by [`html_page`] whose level-2 heading reads `heading`.
pub fn insert_figure(page: &mut String, heading: &str, figure: &str) {
    let heading = format!(">{}</h2>", escape_html(heading));
    if let Some(start) = page.find(&heading) {
        let after = start + heading.len();
        let end = page[after..]
            .find("<h2")
            .or_else(|| page[after..].find("</body>"))
            .map_or(page.len(), |i| after + i);
        page.insert_str(
            end,
            &format!("<figure class=\"chart\">\n{figure}</figure>\n"),
        );
    }
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// One CSV row per ranked hypervisor and criterion, then one per eliminated hypervisor.
/// Column names and values are identifiers, not translated text, so the file is the same in
/// every language.
pub fn csv(eval: &crate::engine::Evaluation) -> String {
    fn field(s: &str) -> String {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    }
    let mut out = String::from(
        "profile,status,rank,hypervisor,name,score,criterion,weight,criterion_score,contribution\n",
    );
    for r in &eval.ranking {
        for c in &r.criteria {
            let score = c.score.map(|s| s.to_string()).unwrap_or_default();
            out.push_str(&format!(
                "{},ranked,{},{},{},{},{},{},{},{}\n",
                field(&eval.profile),
                r.rank,
                field(&r.id),
                field(&r.name),
                r.score,
                field(&c.id),
                c.weight,
                score,
                c.contribution
            ));
        }
    }
    for e in &eval.eliminated {
        out.push_str(&format!(
            "{},eliminated,,{},{},,,,,\n",
            field(&eval.profile),
            field(&e.id),
            field(&e.name)
        ));
    }
    out
}

/// Pretty JSON with a final newline.
pub fn json<T: Serialize>(value: &T) -> Result<String, RenderError> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_keeps_tables_intact() {
        assert_eq!(escape_markdown("a|b *c*\nd"), "a\\|b \\*c\\* d");
    }
}
