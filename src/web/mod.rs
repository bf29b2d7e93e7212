//! The questionnaire as web pages (`hvadvisor serve`): a pure function from a request (path and
//! query string) to a response, so that every page can be tested without a network; the server
//! around it is in [`server`].
//!
//! The answers live in the query string: a result page is its own permalink, reproduced byte
//! for byte from it. Nothing is kept between requests but a bounded cache of responses, which
//! are deterministic; no file path is ever taken from a request.

pub mod server;

use crate::criteria::{Answer, Answers, Profile, QuestionKind, Questionnaire};
use crate::diag::{Code, Diagnostic, Severity};
use crate::knowledge::KnowledgeBase;
use crate::lang::Lang;
use crate::report::{self, RenderError, Templates};
use serde::Serialize;
use std::collections::BTreeMap;

/// What the pages are built from, loaded once when the server starts.
pub struct App {
    pub kb: KnowledgeBase,
    pub questionnaire: Questionnaire,
    pub base: Profile,
    pub templates: Templates,
}

impl App {
    /// Validates the questionnaire against the base; its errors instead of an app.
    pub fn new(kb: KnowledgeBase, templates: Templates) -> Result<App, Vec<Diagnostic>> {
        let (questionnaire, base, _) = crate::advice::builtin_questionnaire(&kb)?;
        // A template or catalogue override that does not load is found now, not on a page.
        if let Err(e) = templates.catalogues() {
            return Err(vec![e.diagnostic(&templates)]);
        }
        Ok(App {
            kb,
            questionnaire,
            base,
            templates,
        })
    }
}

/// The parts of an HTTP request a page depends on.
pub struct Request<'a> {
    pub path: &'a str,
    /// The raw query string, without `?`.
    pub query: &'a str,
    /// The `Accept-Language` header, for the first visit's language.
    pub accept_language: Option<&'a str>,
}

/// A page or a download.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// A download's file name (`Content-Disposition: attachment`).
    pub filename: Option<String>,
    /// The Content-Security-Policy of this response.
    pub csp: String,
}

/// The policy of the pages the application writes: its own style sheet and script only.
pub const CSP_APP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// At most this many parameters in a query string: the questionnaire has far fewer.
const MAX_PARAMS: usize = 200;

const HTML: &str = "text/html; charset=utf-8";

/// Answers one request. Never panics on any path or query; a bad query is a page that says
/// what is wrong next to the field concerned.
pub fn handle(app: &App, req: &Request) -> Response {
    let params: Vec<(String, String)> = form_urlencoded::parse(req.query.as_bytes())
        .take(MAX_PARAMS + 1)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let lang = request_lang(&params, req.accept_language);
    let result = if params.len() > MAX_PARAMS {
        Err(Page::Status(400))
    } else {
        route(app, req.path, &params, lang)
    };
    match result {
        Ok(r) => r,
        Err(Page::Status(status)) => status_page(app, lang, status),
        Err(Page::Render(e)) => {
            // A broken template override: say so on the page, located, in plain words.
            let d = e.diagnostic(&app.templates);
            let text = report::diagnostics(&app.templates, lang, &[d]);
            Response {
                status: 500,
                content_type: "text/plain; charset=utf-8",
                body: text.into_bytes(),
                filename: None,
                csp: CSP_APP.to_owned(),
            }
        }
    }
}

enum Page {
    Status(u16),
    Render(RenderError),
}

impl From<RenderError> for Page {
    fn from(e: RenderError) -> Page {
        Page::Render(e)
    }
}

impl From<report::docx::DocxError> for Page {
    fn from(_: report::docx::DocxError) -> Page {
        Page::Status(500)
    }
}

fn route(app: &App, path: &str, params: &[(String, String)], lang: Lang) -> Result<Response, Page> {
    match path {
        "/" => {
            let form = Form::read(params);
            page(
                app,
                lang,
                "web/form.html.j2",
                &form_view(app, &form, lang, None),
            )
        }
        "/result" | "/memo.md" | "/memo.html" | "/memo.json" | "/memo.docx" | "/report"
        | "/synthese" => {
            let form = Form::read(params);
            let checked = match validate(app, &form, lang) {
                Ok(c) => c,
                Err(errors) => {
                    let view = form_view(app, &form, lang, Some(&errors));
                    let mut r = page(app, lang, "web/form.html.j2", &view)?;
                    r.status = 422;
                    return Ok(r);
                }
            };
            output(app, path, &checked, lang)
        }
        "/static/style.css" => asset(app, "web/style.css.j2", "text/css; charset=utf-8"),
        "/static/app.js" => asset(app, "web/app.js.j2", "text/javascript; charset=utf-8"),
        _ => Err(Page::Status(404)),
    }
}

/// The page's language: `lang=` in the query, else the browser's preference.
fn request_lang(params: &[(String, String)], accept: Option<&str>) -> Lang {
    params
        .iter()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Lang::from_tag(v))
        .unwrap_or_else(|| accept_language(accept))
}

/// The page for a status the server decides before any page is made (405, 414, 503…), in
/// the language the request asks for.
pub fn status_response(app: &App, req: &Request, status: u16) -> Response {
    let params: Vec<(String, String)> = form_urlencoded::parse(req.query.as_bytes())
        .take(MAX_PARAMS)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    status_page(app, request_lang(&params, req.accept_language), status)
}

/// French when the browser prefers it (first language listed), else English.
fn accept_language(header: Option<&str>) -> Lang {
    let first = header
        .and_then(|h| h.split(',').next())
        .map(|t| t.trim().to_ascii_lowercase());
    match first {
        Some(t) if t.starts_with("fr") => Lang::Fr,
        _ => Lang::En,
    }
}

fn asset(app: &App, name: &str, content_type: &'static str) -> Result<Response, Page> {
    let text = app.templates.source(name)?.ok_or(Page::Status(404))?;
    Ok(Response {
        status: 200,
        content_type,
        body: text.into_bytes(),
        filename: None,
        csp: CSP_APP.to_owned(),
    })
}

fn page<T: Serialize>(app: &App, lang: Lang, name: &str, view: &T) -> Result<Response, Page> {
    let body = app.templates.render(name, lang, view)?;
    Ok(Response {
        status: 200,
        content_type: HTML,
        body: body.into_bytes(),
        filename: None,
        csp: CSP_APP.to_owned(),
    })
}

fn status_page(app: &App, lang: Lang, status: u16) -> Response {
    let view = serde_json::json!({
        "lang": lang,
        "status": status,
        "version": crate::TOOL_VERSION,
    });
    match page(app, lang, "web/status.html.j2", &view) {
        Ok(mut r) => {
            r.status = status;
            r
        }
        Err(_) => Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: status.to_string().into_bytes(),
            filename: None,
            csp: CSP_APP.to_owned(),
        },
    }
}

/// The answers as the query string gives them: each question's values (several for a
/// multiple choice), the hypervisors chosen, and any other parameter.
struct Form {
    values: Vec<(String, Vec<String>)>,
    hypervisors: Option<Vec<String>>,
}

impl Form {
    fn read(params: &[(String, String)]) -> Form {
        let mut values: Vec<(String, Vec<String>)> = Vec::new();
        let mut hypervisors: Option<Vec<String>> = None;
        for (k, v) in params {
            match k.as_str() {
                "lang" => {}
                "hv" => {
                    let list = hypervisors.get_or_insert_with(Vec::new);
                    // `hv=a,b` as the command line writes it, or one `hv` per box.
                    for id in v.split(',').filter(|s| !s.is_empty()) {
                        if !list.iter().any(|x| x == id) {
                            list.push(id.to_owned());
                        }
                    }
                }
                _ => match values.iter_mut().find(|(key, _)| key == k) {
                    Some((_, vs)) => vs.push(v.clone()),
                    None => values.push((k.clone(), vec![v.clone()])),
                },
            }
        }
        // Every box unticked sends nothing: all of them, as on the command line.
        let hypervisors = hypervisors.filter(|l| !l.is_empty());
        Form {
            values,
            hypervisors,
        }
    }

    fn get(&self, id: &str) -> Option<&[String]> {
        self.values
            .iter()
            .find(|(k, _)| k == id)
            .map(|(_, v)| v.as_slice())
    }
}

/// Answers that passed the answers-file rules, and the hypervisors to compare.
struct Checked {
    answers: Answers,
    candidates: Vec<String>,
}

/// Messages by question id (`""` for the page, `hv` for the hypervisor list).
type Errors = BTreeMap<String, Vec<String>>;

/// Checks the answers with the very code that reads answers files: the query is written as
/// an answers document (one line per parameter, every value quoted), so that the rules and
/// the messages are the same; each message is then put next to the question on its line.
fn validate(app: &App, form: &Form, lang: Lang) -> Result<Checked, Errors> {
    let q = &app.questionnaire;
    let mut text = String::new();
    let mut lines: Vec<String> = Vec::new();
    let quote = |s: &str| serde_json::to_string(s).expect("a string serialises");
    for (key, values) in &form.values {
        let value = match q.question(key).map(|x| &x.kind) {
            Some(QuestionKind::Multiple { .. }) => {
                let items: Vec<String> = values
                    .iter()
                    .filter(|v| !v.is_empty())
                    .map(|v| quote(v))
                    .collect();
                format!("[{}]", items.join(", "))
            }
            Some(QuestionKind::Number { .. }) => {
                let v = values.last().map(String::as_str).unwrap_or("").trim();
                match v.parse::<i64>() {
                    Ok(n) => n.to_string(),
                    Err(_) => quote(v),
                }
            }
            _ => quote(values.last().map(String::as_str).unwrap_or("")),
        };
        text.push_str(&format!("{}: {value}\n", quote(key)));
        lines.push(key.clone());
    }
    let (answers, diags) = crate::criteria::load_answers(q, "<form>", &text);
    let mut errors = Errors::new();
    for d in diags.iter().filter(|d| d.severity() == Severity::Error) {
        let key = usize::try_from(d.line)
            .ok()
            .and_then(|l| l.checked_sub(1))
            .and_then(|i| lines.get(i))
            .filter(|k| q.question(k).is_some())
            .cloned()
            .unwrap_or_default();
        let msg = report::diagnostic_message(&app.templates, lang, d);
        errors.entry(key).or_default().push(msg);
    }
    let mut candidates = Vec::new();
    if let Some(ids) = &form.hypervisors {
        for id in ids {
            if app.kb.hypervisor(id).is_some() {
                candidates.push(id.clone());
            } else {
                let known = app.kb.hypervisors.iter().map(|h| h.id.as_str());
                let d = Diagnostic::new(Code::UnknownHypervisor, "<form>", 0, 0)
                    .arg("id", id.as_str())
                    .suggest(crate::diag::did_you_mean(id, known));
                let msg = report::diagnostic_message(&app.templates, lang, &d);
                errors.entry("hv".to_owned()).or_default().push(msg);
            }
        }
    }
    match answers {
        Some(mut answers) if errors.is_empty() => {
            // The form sends every field; a question not asked given the other answers is
            // left out, as the terminal questionnaire leaves it.
            let all = answers.clone();
            answers.0.retain(|(id, _)| {
                q.question(id)
                    .is_some_and(|question| q.is_asked(question, &all))
            });
            Ok(Checked {
                answers,
                candidates,
            })
        }
        _ => Err(errors),
    }
}

/// The canonical query string of checked answers: the permalink of a result.
fn permalink_query(checked: &Checked, lang: Lang) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    s.append_pair("lang", lang.tag());
    for (id, a) in &checked.answers.0 {
        match a {
            Answer::Choice(c) => {
                s.append_pair(id, c);
            }
            Answer::Choices(cs) if cs.is_empty() => {
                s.append_pair(id, "");
            }
            Answer::Choices(cs) => {
                for c in cs {
                    s.append_pair(id, c);
                }
            }
            Answer::Number(n) => {
                s.append_pair(id, &n.to_string());
            }
        }
    }
    if !checked.candidates.is_empty() {
        s.append_pair("hv", &checked.candidates.join(","));
    }
    s.finish()
}

fn output(app: &App, path: &str, checked: &Checked, lang: Lang) -> Result<Response, Page> {
    let q = &app.questionnaire;
    let mut base = app.base.clone();
    if !checked.candidates.is_empty() {
        base.candidates = checked.candidates.clone();
    }
    let method = crate::engine::Method::Wsm;
    let (profile, eval, memo) =
        crate::advice::memo(&app.kb, q, &base, &checked.answers, lang, method);
    let templates = &app.templates;
    let download = |body: Vec<u8>, content_type: &'static str, name: &str, csp: String| {
        Ok(Response {
            status: 200,
            content_type,
            body,
            filename: Some(name.to_owned()),
            csp,
        })
    };
    match path {
        "/memo.md" => {
            let md = templates.render("memo.md.j2", lang, &memo)?;
            download(
                md.into_bytes(),
                "text/markdown; charset=utf-8",
                "memo.md",
                CSP_APP.to_owned(),
            )
        }
        "/memo.html" => {
            let md = templates.render("memo.md.j2", lang, &memo)?;
            let html = report::html_page(templates, lang, &md, memo.view.robustness.as_ref())?;
            let csp = standalone_csp(&html);
            download(html.into_bytes(), HTML, "memo.html", csp)
        }
        "/memo.json" => download(
            report::json(&crate::advice::memo_json(&memo, &eval))?.into_bytes(),
            "application/json",
            "memo.json",
            CSP_APP.to_owned(),
        ),
        "/memo.docx" => {
            let md = templates.render("memo.md.j2", lang, &memo)?;
            let bytes = report::docx::from_markdown(&md, &[])?;
            download(
                bytes,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "memo.docx",
                CSP_APP.to_owned(),
            )
        }
        "/report" => {
            let view = report::report_view(
                &app.kb,
                &profile,
                &eval,
                lang,
                &[],
                report::Detail::Standard,
            );
            standalone(report::report_html(templates, lang, &view)?)
        }
        "/synthese" => {
            let mut profiles = crate::builtin::load_builtin_profiles(&app.kb.catalogue)
                .map_err(|_| Page::Status(500))?;
            if !checked.candidates.is_empty() {
                for p in &mut profiles {
                    p.candidates = checked.candidates.clone();
                }
            }
            let general = profiles
                .iter()
                .find(|p| p.id == "general")
                .cloned()
                .ok_or(Page::Status(500))?;
            let view = report::synthese::build(
                &app.kb,
                &general,
                &profiles,
                lang,
                report::Detail::Standard,
            );
            let verdicts = templates.render("heatmap.svg.j2", lang, &view)?;
            let criteria = templates.render("criteria.svg.j2", lang, &view)?;
            standalone(report::synthese::html(
                templates, lang, &view, &verdicts, &criteria,
            )?)
        }
        _ => {
            let md = templates.render("memo.md.j2", lang, &memo)?;
            let query = permalink_query(checked, lang);
            let other = match lang {
                Lang::En => Lang::Fr,
                Lang::Fr => Lang::En,
            };
            let view = serde_json::json!({
                "lang": lang,
                "other_lang": other,
                "memo": report::markdown_html(&md),
                "query": query,
                "other_query": permalink_query(checked, other),
                "knowledge_hash": eval.inputs.knowledge_hash,
                "profile_hash": eval.inputs.profile_hash,
                "version": crate::TOOL_VERSION,
            });
            page(app, lang, "web/result.html.j2", &view)
        }
    }
}

/// A standalone page (report, synthèse) served as it is written to a file.
fn standalone(html: String) -> Result<Response, Page> {
    let csp = standalone_csp(&html);
    Ok(Response {
        status: 200,
        content_type: HTML,
        body: html.into_bytes(),
        filename: None,
        csp,
    })
}

/// The policy of a standalone page: its own inline style sheets, by hash, and nothing else
/// (no script at all).
pub fn standalone_csp(html: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<style>") {
        let after = &rest[start + "<style>".len()..];
        let Some(end) = after.find("</style>") else {
            break;
        };
        let digest = sha2::Sha256::digest(&after.as_bytes()[..end]);
        hashes.push(format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest)
        ));
        rest = &after[end..];
    }
    let styles = if hashes.is_empty() {
        "'none'".to_owned()
    } else {
        hashes.join(" ")
    };
    format!(
        "default-src 'none'; style-src {styles}; img-src data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
    )
}

#[derive(Serialize)]
struct FormView {
    lang: Lang,
    other_lang: Lang,
    title: String,
    description: String,
    questions: Vec<QuestionView>,
    hypervisors: Vec<HypervisorChoice>,
    errors: Vec<String>,
    hv_errors: Vec<String>,
    other_query: String,
    version: &'static str,
}

#[derive(Serialize)]
struct QuestionView {
    id: String,
    text: String,
    help: String,
    kind: &'static str,
    choices: Vec<ChoiceView>,
    value: String,
    min: i64,
    max: i64,
    /// `[[question, [choice…]]…]` as JSON, for the script that hides questions not asked.
    when: String,
    /// The questions and answers it is asked after, in words.
    when_text: Vec<(String, String)>,
    errors: Vec<String>,
}

#[derive(Serialize)]
struct ChoiceView {
    id: String,
    label: String,
    checked: bool,
}

#[derive(Serialize)]
struct HypervisorChoice {
    id: String,
    name: String,
    checked: bool,
}

/// The form filled in with the query's values (defaults elsewhere) and any messages.
fn form_view(app: &App, form: &Form, lang: Lang, errors: Option<&Errors>) -> FormView {
    let q = &app.questionnaire;
    let no_errors = Errors::new();
    let errors = errors.unwrap_or(&no_errors);
    let questions = q
        .questions
        .iter()
        .map(|question| {
            let given = form.get(&question.id);
            let (kind, choices, value, min, max) = match &question.kind {
                QuestionKind::Single { choices, default } => {
                    let current = given
                        .and_then(|v| v.last())
                        .filter(|v| choices.iter().any(|c| c.id == **v))
                        .unwrap_or(default);
                    let cs = choices
                        .iter()
                        .map(|c| ChoiceView {
                            id: c.id.clone(),
                            label: c.label.get(lang).to_owned(),
                            checked: c.id == *current,
                        })
                        .collect();
                    ("single", cs, String::new(), 0, 0)
                }
                QuestionKind::Multiple { choices, default } => {
                    let cs = choices
                        .iter()
                        .map(|c| ChoiceView {
                            id: c.id.clone(),
                            label: c.label.get(lang).to_owned(),
                            checked: match given {
                                Some(v) => v.contains(&c.id),
                                None => default.contains(&c.id),
                            },
                        })
                        .collect();
                    ("multiple", cs, String::new(), 0, 0)
                }
                QuestionKind::Number {
                    min, max, default, ..
                } => {
                    let v = given
                        .and_then(|v| v.last().cloned())
                        .unwrap_or_else(|| default.to_string());
                    ("number", Vec::new(), v, *min, *max)
                }
            };
            let when_text = question
                .when
                .iter()
                .filter_map(|(id, accepted)| {
                    let earlier = q.question(id)?;
                    let labels: Vec<String> = accepted
                        .iter()
                        .map(|a| {
                            earlier
                                .choices()
                                .iter()
                                .find(|c| c.id == *a)
                                .map_or_else(|| a.clone(), |c| c.label.get(lang).to_owned())
                        })
                        .collect();
                    Some((earlier.text.get(lang).to_owned(), labels.join(" / ")))
                })
                .collect();
            QuestionView {
                id: question.id.clone(),
                text: question.text.get(lang).to_owned(),
                help: question.help.get(lang).to_owned(),
                kind,
                choices,
                value,
                min,
                max,
                when: serde_json::to_string(&question.when).unwrap_or_default(),
                when_text,
                errors: errors.get(&question.id).cloned().unwrap_or_default(),
            }
        })
        .collect();
    let hypervisors = app
        .kb
        .hypervisors
        .iter()
        .map(|h| HypervisorChoice {
            id: h.id.clone(),
            name: h.name.clone(),
            checked: form.hypervisors.as_ref().is_none_or(|l| l.contains(&h.id)),
        })
        .collect();
    // The same answers in the other language.
    let mut other = form_urlencoded::Serializer::new(String::new());
    let other_lang = match lang {
        Lang::En => Lang::Fr,
        Lang::Fr => Lang::En,
    };
    other.append_pair("lang", other_lang.tag());
    for (k, vs) in &form.values {
        for v in vs {
            other.append_pair(k, v);
        }
    }
    if let Some(hv) = &form.hypervisors {
        other.append_pair("hv", &hv.join(","));
    }
    FormView {
        lang,
        other_lang,
        title: q.title.get(lang).to_owned(),
        description: q.description.get(lang).to_owned(),
        questions,
        hypervisors,
        errors: errors.get("").cloned().unwrap_or_default(),
        hv_errors: errors.get("hv").cloned().unwrap_or_default(),
        other_query: other.finish(),
        version: crate::TOOL_VERSION,
    }
}
