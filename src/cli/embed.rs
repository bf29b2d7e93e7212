//! `hvadvisor embed` (marker blocks in Markdown files) and `hvadvisor mdbook` (preprocessor).

use super::{CliError, KnowledgeArg, knowledge_or_fail, output};
use crate::builtin;
use crate::criteria::{Profile, load_profile};
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::embed::{self, Directive, Kind};
use crate::engine::{Evaluation, evaluate};
use crate::knowledge::{Category, KnowledgeBase};
use crate::lang::Lang;
use crate::report::{self, Templates, model};
use crate::yaml::Keyword;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Renders snippets, loading each profile once.
pub struct Snippets<'a> {
    kb: &'a KnowledgeBase,
    templates: &'a Templates,
    evaluations: BTreeMap<String, (Profile, Evaluation)>,
    /// Report views as template contexts, by evaluation and language.
    views: BTreeMap<String, serde_json::Value>,
    /// Snippets already rendered in this run, by directive and folder: identical blocks are
    /// rendered once (2,000 ranking blocks took 18 s, each rebuilding the whole view).
    rendered: BTreeMap<String, String>,
}

impl<'a> Snippets<'a> {
    pub fn new(kb: &'a KnowledgeBase, templates: &'a Templates) -> Snippets<'a> {
        Snippets {
            kb,
            templates,
            evaluations: BTreeMap::new(),
            views: BTreeMap::new(),
            rendered: BTreeMap::new(),
        }
    }

    /// The profile `name` evaluated among `candidates` (every system when empty), once per
    /// document run.
    fn evaluation(
        &mut self,
        name: &str,
        candidates: &[String],
        file: &str,
        line: u64,
        base: &Path,
    ) -> Result<&(Profile, Evaluation), Vec<Diagnostic>> {
        let key = format!("{name}\u{0}{}", candidates.join(","));
        if !self.evaluations.contains_key(&key) {
            let names = builtin::profile_names();
            // A profile file is looked up beside the document; otherwise a built-in name.
            let beside = base.join(name);
            let arg = if beside.is_file() {
                beside.display().to_string()
            } else {
                name.to_owned()
            };
            let source = builtin::resolve_profile(&arg).map_err(|mut d| {
                d.file = file.to_owned();
                d.line = line;
                vec![d]
            })?;
            let resolver = builtin::parent_resolver(&source);
            let (p, diags) = load_profile(&self.kb.catalogue, &source, &resolver, &names);
            let mut p = p.ok_or(diags)?;
            if !candidates.is_empty() {
                p.candidates = candidates.to_vec();
            }
            let e = evaluate(self.kb, &p);
            self.evaluations.insert(key.clone(), (p, e));
        }
        Ok(&self.evaluations[&key])
    }

    fn hypervisor(&self, id: &str, file: &str, line: u64) -> Result<String, Vec<Diagnostic>> {
        if self.kb.hypervisor(id).is_some() {
            return Ok(id.to_owned());
        }
        let ids = self.kb.hypervisors.iter().map(|h| h.id.as_str());
        Err(vec![
            Diagnostic::new(Code::UnknownHypervisor, file, line, 0)
                .arg("id", id)
                .suggest(did_you_mean(id, ids)),
        ])
    }

    /// The Markdown of one snippet. `file` and `base` locate the document that asks for it.
    pub fn render(
        &mut self,
        d: &Directive,
        file: &str,
        base: &Path,
    ) -> Result<String, Vec<Diagnostic>> {
        let mut options = d.options.clone();
        options.sort();
        let key = format!("{:?}\u{0}{}\u{0}{options:?}", d.kind, base.display());
        if let Some(text) = self.rendered.get(&key) {
            return Ok(text.clone());
        }
        let text = self.render_once(d, file, base)?;
        self.rendered.insert(key, text.clone());
        Ok(text)
    }

    fn render_once(
        &mut self,
        d: &Directive,
        file: &str,
        base: &Path,
    ) -> Result<String, Vec<Diagnostic>> {
        let lang = d.get("lang").and_then(Lang::from_tag).unwrap_or(Lang::En);
        // The template or catalogue is what is wrong, not the document.
        let wrap = |e: report::RenderError| vec![e.diagnostic(self.templates)];
        let templates = self.templates;
        match d.kind {
            Kind::Ranking | Kind::Score | Kind::Report => {
                let name = d.get("profile").expect("required option");
                let hv = match d.kind {
                    Kind::Score => Some(self.hypervisor(
                        d.get("hypervisor").expect("required"),
                        file,
                        d.line,
                    )?),
                    _ => None,
                };
                let mut candidates = Vec::new();
                let mut diags = Vec::new();
                for id in d.get("hypervisors").into_iter().flat_map(|s| s.split(',')) {
                    match self.hypervisor(id.trim(), file, d.line) {
                        Ok(id) => candidates.push(id),
                        Err(mut e) => diags.append(&mut e),
                    }
                }
                if !diags.is_empty() {
                    return Err(diags);
                }
                // A score snippet's system is always among the candidates it is ranked with.
                if let Some(h) = &hv
                    && !candidates.is_empty()
                    && !candidates.contains(h)
                {
                    candidates.push(h.clone());
                }
                let kb = self.kb;
                if d.kind == Kind::Report {
                    let (p, e) = self.evaluation(name, &candidates, file, d.line, base)?;
                    return report::markdown_report(
                        templates,
                        kb,
                        p,
                        e,
                        lang,
                        &[],
                        report::Detail::Standard,
                    )
                    .map_err(wrap);
                }
                let view_key = format!(
                    "{name}\u{0}{}\u{0}{}\u{0}{}",
                    candidates.join(","),
                    base.display(),
                    lang.tag()
                );
                let mut ctx = match self.views.get(&view_key) {
                    Some(v) => v.clone(),
                    None => {
                        let (p, e) = self.evaluation(name, &candidates, file, d.line, base)?;
                        let view = model::build(kb, p, e, lang);
                        let v = serde_json::to_value(&view).expect("views serialise");
                        self.views.insert(view_key, v.clone());
                        v
                    }
                };
                let template = match d.kind {
                    Kind::Score => {
                        ctx["hypervisor"] = serde_json::Value::String(hv.unwrap_or_default());
                        "snippets/score.md.j2"
                    }
                    _ => "snippets/ranking.md.j2",
                };
                templates.render(template, lang, &ctx).map_err(wrap)
            }
            Kind::Matrix => {
                let mut diags = Vec::new();
                let mut categories = Vec::new();
                for word in d
                    .get("categories")
                    .map(|s| s.split(','))
                    .into_iter()
                    .flatten()
                {
                    let found = Category::ALL
                        .iter()
                        .find(|(w, c)| *w == word || c.name() == word)
                        .map(|(_, c)| *c);
                    match found {
                        Some(c) => categories.push(c),
                        None => {
                            let names: Vec<&str> =
                                Category::ALL.iter().map(|(_, c)| c.name()).collect();
                            diags.push(
                                Diagnostic::new(Code::BadOptionValue, file, d.line, 0)
                                    .arg("option", "categories")
                                    .arg("value", word)
                                    .arg("allowed", names.join(", "))
                                    .suggest(did_you_mean(word, names.iter().copied())),
                            );
                        }
                    }
                }
                let mut ids = Vec::new();
                for id in d
                    .get("hypervisors")
                    .map(|s| s.split(','))
                    .into_iter()
                    .flatten()
                {
                    match self.hypervisor(id, file, d.line) {
                        Ok(id) => ids.push(id),
                        Err(mut e) => diags.append(&mut e),
                    }
                }
                if !diags.is_empty() {
                    return Err(diags);
                }
                let view = model::matrix(self.kb, &ids, &categories, lang);
                templates
                    .render("snippets/matrix.md.j2", lang, &view)
                    .map_err(wrap)
            }
            Kind::Ports => {
                let id = self.hypervisor(d.get("hypervisor").expect("required"), file, d.line)?;
                let view = model::show(self.kb, &id, lang);
                templates
                    .render("snippets/ports.md.j2", lang, &view)
                    .map_err(wrap)
            }
            Kind::Memo => {
                let path = base.join(d.get("answers").expect("required"));
                let loaded = super::ask::load(self.kb).map_err(invalid)?;
                // The answers file's own problems, and where the document names it.
                let (answers, _) =
                    super::ask::read_answers(&loaded.questionnaire, &path).map_err(|e| {
                        let mut diags = invalid(e);
                        diags.push(
                            Diagnostic::new(Code::BlockInput, file, d.line, 0)
                                .arg("path", path.display().to_string()),
                        );
                        diags
                    })?;
                let (_, _, memo) = crate::advice::memo(
                    self.kb,
                    &loaded.questionnaire,
                    &loaded.base,
                    &answers,
                    lang,
                    crate::engine::Method::Wsm,
                );
                templates.render("memo.md.j2", lang, &memo).map_err(wrap)
            }
        }
    }
}

fn invalid(e: CliError) -> Vec<Diagnostic> {
    match e {
        CliError::Invalid(d) => d,
        CliError::Write { path, source } => vec![Diagnostic::io(Code::WriteFailed, &path, &source)],
        other => vec![
            Diagnostic::new(Code::Io, "", 0, 0)
                .arg("kind", "other")
                .arg("detail", other.to_string()),
        ],
    }
}

#[derive(Debug, clap::Args)]
pub struct EmbedArgs {
    /// Markdown files with `<!-- hvadvisor KIND key=value … -->` … `<!-- /hvadvisor -->` blocks.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Change nothing: exit 0 when every block is up to date, 1 when one is not (the diff is
    /// printed), 2 when a file cannot be checked (missing, malformed).
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
}

pub fn run(args: &EmbedArgs, templates: &Templates) -> Result<Vec<Diagnostic>, CliError> {
    let kb = knowledge_or_fail(&args.knowledge)?;
    let mut snippets = Snippets::new(&kb, templates);
    let mut diags = Vec::new();
    let mut stale = false;
    for path in &args.files {
        let name = path.display().to_string();
        let src = match crate::builtin::read_limited(path) {
            Ok(s) => s,
            Err(e) => {
                diags.push(Diagnostic::io(Code::Io, &name, &e));
                continue;
            }
        };
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        // Every block is rendered even when another is malformed, so that one run reports every
        // problem of the file; any problem leaves the file untouched.
        let (body, layout) = embed::normalise(&src);
        let (blocks, mut problems) = embed::scan(&name, &body);
        let mut failed = !problems.is_empty();
        diags.append(&mut problems);
        let mut contents = Vec::new();
        for b in &blocks {
            match snippets.render(&b.directive, &name, &base) {
                Ok(text) => contents.push(embed::place(text, &b.directive, b.section_level)),
                Err(mut e) => {
                    diags.append(&mut e);
                    failed = true;
                }
            }
        }
        if failed {
            continue; // the file is left untouched
        }
        let new = embed::restore(embed::splice(&body, &blocks, &contents), layout);
        if new == src {
            continue;
        }
        if args.check {
            stale = true;
            let diff = similar::TextDiff::from_lines(&src, &new);
            print!(
                "{}",
                diff.unified_diff()
                    .context_radius(3)
                    .header(&name, &format!("{name} (hvadvisor embed)"))
            );
        } else {
            output::write_atomic(path, &new).map_err(|source| CliError::Write {
                path: name.clone(),
                source,
            })?;
        }
    }
    crate::diag::sort(&mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(CliError::Invalid(diags));
    }
    if stale {
        return Err(CliError::Stale);
    }
    Ok(diags)
}

#[derive(Debug, clap::Args)]
pub struct MdbookArgs {
    #[command(subcommand)]
    pub command: Option<MdbookCommand>,
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
}

#[derive(Debug, clap::Subcommand)]
pub enum MdbookCommand {
    /// Tell mdBook whether a renderer is supported (every renderer is: the output is Markdown).
    Supports { renderer: String },
}

pub fn mdbook(args: &MdbookArgs, templates: &Templates) -> Result<Vec<Diagnostic>, CliError> {
    if let Some(MdbookCommand::Supports { .. }) = &args.command {
        return Ok(Vec::new());
    }
    let kb = knowledge_or_fail(&args.knowledge)?;
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|source| CliError::Write {
            path: "<stdin>".into(),
            source,
        })?;
    // Not `[context, book]` JSON: say so (the sentence is in the catalogues), with serde's
    // detail when it is not JSON at all.
    let bad = |detail: String| {
        CliError::Invalid(vec![
            Diagnostic::new(Code::MdbookInput, "<stdin>", 0, 0).arg("detail", detail),
        ])
    };
    let value: serde_json::Value = serde_json::from_str(&input).map_err(|e| bad(e.to_string()))?;
    // mdBook sends [context, book]: a context object with its root folder, and a book whose
    // chapters are under `items` (mdBook 0.5) or `sections` (0.4).
    let is_list = |v: Option<&serde_json::Value>| v.is_some_and(serde_json::Value::is_array);
    let mut pair = match value {
        serde_json::Value::Array(pair)
            if pair.len() == 2
                && pair[0]
                    .get("root")
                    .is_some_and(serde_json::Value::is_string)
                && (is_list(pair[1].get("items")) || is_list(pair[1].get("sections"))) =>
        {
            pair
        }
        _ => return Err(bad("none".into())),
    };
    let root = pair[0]
        .get("root")
        .and_then(|r| r.as_str())
        .map(PathBuf::from)
        .unwrap_or_default();
    let src = pair[0]
        .pointer("/config/book/src")
        .and_then(|s| s.as_str())
        .unwrap_or("src")
        .to_owned();
    let base = root.join(&src);
    let mut book = pair.pop().expect("two elements");
    let mut snippets = Snippets::new(&kb, templates);
    embed::mdbook::rewrite_book(&mut book, &src, &mut |d, chapter| {
        // A chapter's headings are its own: only `level=N` moves the embedded ones.
        snippets
            .render(d, chapter, &base)
            .map(|text| embed::place(text, d, 0))
    })
    .map_err(CliError::Invalid)?;
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, &book).map_err(|e| CliError::Write {
        path: "<stdout>".into(),
        source: e.into(),
    })?;
    out.flush().map_err(|source| CliError::Write {
        path: "<stdout>".into(),
        source,
    })?;
    Ok(Vec::new())
}
