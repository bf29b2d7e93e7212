//! `hvadvisor ask`: the questionnaire, from a file or interactively in the terminal.

use super::{CliError, KnowledgeArg, knowledge_or_fail, output};
use crate::criteria::{
    Answer, Answers, Profile, Question, QuestionKind, Questionnaire, load_answers,
};
use crate::diag::Diagnostic;
use crate::knowledge::KnowledgeBase;
use crate::lang::Lang;
use crate::report::Templates;
use crate::report::i18n::{Arg, Catalogues, typography};
use std::io::IsTerminal;
use std::path::Path;

/// The questionnaire and its base profile, validated.
pub(super) struct Loaded {
    pub questionnaire: Questionnaire,
    pub base: Profile,
    pub warnings: Vec<Diagnostic>,
}

pub fn load(kb: &KnowledgeBase) -> Result<Loaded, CliError> {
    let (questionnaire, base, warnings) =
        crate::advice::builtin_questionnaire(kb).map_err(CliError::Invalid)?;
    Ok(Loaded {
        questionnaire,
        base,
        warnings,
    })
}

/// Reads and validates an answers file.
pub fn read_answers(
    q: &Questionnaire,
    path: &Path,
) -> Result<(Answers, Vec<Diagnostic>), CliError> {
    let text = super::output::read_limited(path).map_err(|e| {
        CliError::Invalid(vec![Diagnostic::io(
            crate::diag::Code::Io,
            &path.display().to_string(),
            &e,
        )])
    })?;
    let (answers, diags) = load_answers(q, &path.display().to_string(), &text);
    match answers {
        Some(a) => Ok((a, diags)),
        None => Err(CliError::Invalid(diags)),
    }
}

/// The generated profile for an answers file (`report --answers`).
pub fn profile_from_answers(
    kb: &KnowledgeBase,
    path: &Path,
) -> Result<(Profile, Vec<Diagnostic>), CliError> {
    let loaded = load(kb)?;
    let (answers, mut warnings) = read_answers(&loaded.questionnaire, path)?;
    warnings.extend(loaded.warnings);
    let q = &loaded.questionnaire;
    Ok((q.apply(&loaded.base, &q.complete(&answers)), warnings))
}

/// What the memo is written as. (A score matrix is `report --format csv`: not a memo.)
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum MemoFormat {
    Md,
    /// The memo's content as data: recommendation or tie, reasons, what would change it,
    /// answers, ranking; then the whole evaluation.
    Json,
    Html,
    /// Word / LibreOffice (.docx).
    Docx,
}

#[derive(Debug, clap::Args)]
pub struct AskArgs {
    /// Answers file (`question-id: answer`); without it the questions are asked in the terminal.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<std::path::PathBuf>,
    /// Write the answers (with defaults filled in) to this file.
    #[arg(long, value_name = "FILE")]
    pub save_answers: Option<std::path::PathBuf>,
    /// Write the generated profile to this file; `--profile FILE` loads it back.
    #[arg(long, value_name = "FILE")]
    pub save_profile: Option<std::path::PathBuf>,
    /// Write the memo to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    #[arg(long, value_enum, default_value = "md")]
    pub format: MemoFormat,
    #[command(flatten)]
    pub candidates: super::CandidatesArg,
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
}

pub fn run(
    args: &AskArgs,
    templates: &Templates,
    lang: Lang,
    method: crate::engine::Method,
) -> Result<Vec<Diagnostic>, CliError> {
    output::check_outputs(
        &[
            args.output.as_deref(),
            args.save_answers.as_deref(),
            args.save_profile.as_deref(),
        ],
        &[args.answers.as_deref(), args.knowledge.prices.as_deref()],
    )?;
    let kb = knowledge_or_fail(&args.knowledge)?;
    let mut loaded = load(&kb)?;
    args.candidates.apply(&kb, &mut loaded.base)?;
    let q = &loaded.questionnaire;
    let mut warnings = loaded.warnings.clone();
    let interactive = args.answers.is_none();
    let answers = match &args.answers {
        Some(path) => {
            let (a, w) = read_answers(q, path)?;
            warnings.extend(w);
            a
        }
        None => {
            if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
                let cats = templates.catalogues()?;
                eprintln!("{}", msg(&cats, lang, "ask-no-terminal", &[]));
                return Err(CliError::Usage);
            }
            match prompt_all(q, &templates.catalogues()?, lang)? {
                Some(a) => {
                    let conflicts = q.conflict_diagnostics(&a, "<answers>");
                    if !conflicts.is_empty() {
                        return Err(CliError::Invalid(conflicts));
                    }
                    a
                }
                None => return Err(CliError::Interrupted),
            }
        }
    };
    let (profile, eval, memo) = crate::advice::memo(&kb, q, &loaded.base, &answers, lang, method);
    let render = |format: MemoFormat| -> Result<output::Document, CliError> {
        Ok(match format {
            MemoFormat::Md => templates.render("memo.md.j2", lang, &memo)?.into(),
            MemoFormat::Json => {
                crate::report::json(&crate::advice::memo_json(&memo, &eval))?.into()
            }
            MemoFormat::Html => {
                let md = templates.render("memo.md.j2", lang, &memo)?;
                crate::report::html_page(templates, lang, &md, memo.view.robustness.as_ref())?
                    .into()
            }
            MemoFormat::Docx => {
                output::Document::docx(&templates.render("memo.md.j2", lang, &memo)?)?
            }
        })
    };
    if interactive && args.output.is_none() && matches!(args.format, MemoFormat::Md) {
        // On screen, page one for a terminal; the whole memo is offered to a file below.
        let md = templates.render("memo.md.j2", lang, &memo)?;
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse::<usize>().ok())
            .unwrap_or(80)
            .clamp(40, 100);
        let cats = templates.catalogues()?;
        let page = format!(
            "{}\n{}\n",
            crate::report::terminal::first_page(&md),
            msg(&cats, lang, "ask-page-one-more", &[])
        );
        println!("{}", crate::report::terminal::render(&page, width));
    } else {
        output::emit_document(args.output.as_deref(), &render(args.format)?)?;
    }
    let complete = q.complete(&answers);
    let mut save_answers = args.save_answers.clone();
    let mut save_profile = args.save_profile.clone();
    if interactive {
        let cats = templates.catalogues()?;
        // The memo shown on screen can be kept too, in the format its file name says.
        if args.output.is_none()
            && let Some(path) = ask_file(&cats, lang, "ask-save-memo", "memo.md")?
        {
            output::check_outputs(&[Some(&path)], &[args.knowledge.prices.as_deref()])?;
            output::emit_document(Some(&path), &render(format_of(&path))?)?;
        }
        if save_answers.is_none() {
            save_answers = ask_file(&cats, lang, "ask-save-answers", "answers.yaml")?;
        }
        if save_profile.is_none() {
            save_profile = ask_file(&cats, lang, "ask-save-profile", "profile.yaml")?;
        }
    }
    if let Some(path) = &save_answers {
        output::emit(Some(path), crate::criteria::answers_to_yaml(&complete))?;
    }
    if let Some(path) = &save_profile {
        output::emit(Some(path), crate::criteria::to_yaml(&profile))?;
    }
    Ok(warnings)
}

/// The memo format a file name asks for: `.html`/`.htm`, `.json`, `.docx`, else Markdown.
fn format_of(path: &Path) -> MemoFormat {
    match path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .as_deref()
    {
        Some("html" | "htm") => MemoFormat::Html,
        Some("json") => MemoFormat::Json,
        Some("docx") => MemoFormat::Docx,
        _ => MemoFormat::Md,
    }
}

fn msg(cats: &Catalogues, lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    cats.message(lang, key, args)
        .unwrap_or_else(|_| key.to_owned())
}

/// Asks "save to a file?" then the file name; `None` when declined.
fn ask_file(
    cats: &Catalogues,
    lang: Lang,
    key: &str,
    default: &str,
) -> Result<Option<std::path::PathBuf>, CliError> {
    let yes = msg(cats, lang, "ask-yes", &[]);
    let no = msg(cats, lang, "ask-no", &[]);
    let question = msg(cats, lang, key, &[]);
    let help = msg(cats, lang, "ask-select-help", &[]);
    let choice = inquire::Select::new(&question, vec![no.clone(), yes.clone()])
        .with_help_message(&help)
        .without_filtering()
        .prompt_skippable()
        .map_err(|_| CliError::Interrupted)?;
    if choice.as_deref() != Some(yes.as_str()) {
        return Ok(None);
    }
    let label = msg(cats, lang, "ask-file-name", &[]);
    let name = inquire::Text::new(&label)
        .with_default(default)
        .prompt_skippable()
        .map_err(|_| CliError::Interrupted)?;
    Ok(name
        .filter(|n| !n.trim().is_empty())
        .map(std::path::PathBuf::from))
}

/// Asks every question in order; Esc goes back to the previous one. `None` on Ctrl-C.
fn prompt_all(
    q: &Questionnaire,
    cats: &Catalogues,
    lang: Lang,
) -> Result<Option<Answers>, CliError> {
    let mut answers = Answers::default();
    let mut history: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < q.questions.len() {
        let question = &q.questions[i];
        if !q.is_asked(question, &answers) {
            answers.0.retain(|(id, _)| *id != question.id);
            i += 1;
            continue;
        }
        let current = answers
            .get(&question.id)
            .cloned()
            .unwrap_or_else(|| question.default_answer());
        let total = q
            .questions
            .iter()
            .filter(|x| q.is_asked(x, &answers))
            .count();
        let header = msg(
            cats,
            lang,
            "ask-question-count",
            &[
                ("n", Arg::Int(history.len() as i64 + 1)),
                ("total", Arg::Int(total as i64)),
            ],
        );
        match prompt_one(question, &current, &header, cats, lang) {
            Ok(Some(a)) => {
                answers.set(&question.id, a);
                history.push(i);
                i += 1;
            }
            Ok(None) => {
                if let Some(prev) = history.pop() {
                    i = prev;
                }
            }
            Err(()) => return Ok(None),
        }
    }
    answers
        .0
        .sort_by_key(|(id, _)| q.questions.iter().position(|x| x.id == *id));
    Ok(Some(answers))
}

/// One question. `Ok(None)` means "go back"; `Err` means the user interrupted.
fn prompt_one(
    question: &Question,
    current: &Answer,
    header: &str,
    cats: &Catalogues,
    lang: Lang,
) -> Result<Option<Answer>, ()> {
    let text = format!("{header} · {}", typography(question.text.get(lang), lang));
    let help_text = typography(question.help.get(lang), lang);
    let default_word = msg(cats, lang, "ask-default", &[]);
    let done = |r: Result<Option<Answer>, inquire::InquireError>| match r {
        Ok(a) => Ok(a),
        Err(_) => Err(()),
    };
    match &question.kind {
        QuestionKind::Single { choices, default } => {
            let labels: Vec<String> = choices
                .iter()
                .map(|c| {
                    let l = c.label.get(lang).to_owned();
                    if c.id == *default {
                        format!("{l} ({default_word})")
                    } else {
                        l
                    }
                })
                .collect();
            let start = match current {
                Answer::Choice(c) => choices.iter().position(|x| x.id == *c).unwrap_or(0),
                _ => 0,
            };
            let help = format!("{help_text} — {}", msg(cats, lang, "ask-select-help", &[]));
            let r = inquire::Select::new(&text, labels.clone())
                .with_help_message(&help)
                .with_starting_cursor(start)
                .without_filtering()
                .raw_prompt_skippable()
                .map(|o| o.map(|o| Answer::Choice(choices[o.index].id.clone())));
            done(r)
        }
        QuestionKind::Multiple { choices, default } => {
            let labels: Vec<String> = choices
                .iter()
                .map(|c| {
                    let l = c.label.get(lang).to_owned();
                    if default.contains(&c.id) {
                        format!("{l} ({default_word})")
                    } else {
                        l
                    }
                })
                .collect();
            let selected: Vec<usize> = match current {
                Answer::Choices(cs) => choices
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| cs.contains(&c.id))
                    .map(|(i, _)| i)
                    .collect(),
                _ => Vec::new(),
            };
            let help = format!("{help_text} — {}", msg(cats, lang, "ask-multi-help", &[]));
            let r = inquire::MultiSelect::new(&text, labels)
                .with_help_message(&help)
                .with_default(&selected)
                .without_filtering()
                .raw_prompt_skippable()
                .map(|o| {
                    o.map(|list| {
                        Answer::Choices(list.iter().map(|x| choices[x.index].id.clone()).collect())
                    })
                });
            done(r)
        }
        QuestionKind::Number {
            min, max, default, ..
        } => {
            let current = match current {
                Answer::Number(n) => *n,
                _ => *default,
            };
            let range = [
                ("min", Arg::Int(*min)),
                ("max", Arg::Int(*max)),
                ("default", Arg::Int(current)),
            ];
            let help = format!(
                "{help_text} — {}",
                msg(cats, lang, "ask-number-help", &range)
            );
            let error = msg(cats, lang, "ask-invalid-number", &range);
            let (lo, hi) = (*min, *max);
            let error_for_validator = error.clone();
            let r = inquire::CustomType::<i64>::new(&text)
                .with_default(current)
                .with_help_message(&help)
                .with_error_message(&error)
                .with_validator(move |n: &i64| {
                    Ok(if *n < lo || *n > hi {
                        inquire::validator::Validation::Invalid(error_for_validator.clone().into())
                    } else {
                        inquire::validator::Validation::Valid
                    })
                })
                .prompt_skippable()
                .map(|o| o.map(Answer::Number));
            done(r)
        }
    }
}
