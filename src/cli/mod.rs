//! Command-line interface: argument types, loading inputs, writing outputs and diagnostics.
//! This is the only module that talks to the terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod ask;
mod bench;
mod embed;
mod output;
mod serve;

use crate::builtin;
use crate::criteria::{Profile, load_profile};
use crate::date::Date;
use crate::diag::{Code, Diagnostic};
use crate::engine;
use crate::knowledge::{self, KnowledgeBase};
use crate::lang::Lang;
use crate::report::{self, RenderError, Templates};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Compare hypervisors from a sourced knowledge base and explain the verdict.
#[derive(Debug, Parser)]
#[command(name = "hvadvisor", version, about)]
pub struct Cli {
    /// Language of reports and messages [default: HVADVISOR_LANG, else French when LC_ALL,
    /// LC_MESSAGES or LANG starts with "fr", else English].
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// How criterion scores are aggregated: weighted sum, weighted product or TOPSIS.
    #[arg(long, global = true, value_enum, default_value = "wsm")]
    pub method: engine::Method,
    /// Folder whose templates and message catalogues replace the built-in ones, file by file.
    #[arg(long, global = true, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// `--lang`, else what the environment asks for ([`crate::lang::from_environment`]).
    pub fn lang(&self) -> Lang {
        self.lang
            .unwrap_or_else(|| crate::lang::from_environment(|k| std::env::var(k).ok()))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the full comparison report for a profile.
    Report(ReportArgs),
    /// Print the ranking for a profile.
    Evaluate(EvaluateArgs),
    /// Inspect and validate the knowledge base.
    #[command(subcommand)]
    Kb(KbCommand),
    /// List the built-in profiles.
    Profiles,
    /// List the hypervisors of the knowledge base: id, name, category, version.
    Hypervisors(HypervisorsArgs),
    /// Answer the questionnaire and get a decision memo.
    Ask(ask::AskArgs),
    /// The weights of a profile, and their consistency when derived from pairwise judgements.
    Weights(WeightsArgs),
    /// How robust is the ranking: method agreement, one-at-a-time weight changes, SMAA.
    Sensitivity(SensitivityArgs),
    /// What each hypervisor costs the profile's fleet: edition, units, prices, sources.
    Cost(CostArgs),
    /// The comparative synthesis of the systems you name, with a verdict per use case.
    #[command(alias = "synthesis")]
    Synthese(SyntheseArgs),
    /// Regenerate hvadvisor blocks in Markdown files.
    Embed(embed::EmbedArgs),
    /// mdBook preprocessor: expands {{#hvadvisor …}} in chapters.
    Mdbook(embed::MdbookArgs),
    /// Lab measurements: import fio, iperf3 and sysbench results.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// Serve the questionnaire as web pages (on this machine only, by default).
    Serve(serve::ServeArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `hvadvisor man > hvadvisor.1`.
    Man,
    /// Print the JSON Schema of a kind of file, for editors (see the README).
    Schema {
        #[arg(value_enum)]
        kind: crate::schema::Kind,
        #[command(flatten)]
        knowledge: KnowledgeArg,
    },
}

/// The hypervisors to compare.
#[derive(Debug, Args, Default)]
pub struct CandidatesArg {
    /// Compare only these hypervisors (ids, comma-separated; `hvadvisor hypervisors` lists them).
    #[arg(long, value_name = "ID,ID…", value_delimiter = ',')]
    pub hypervisors: Vec<String>,
}

impl CandidatesArg {
    /// Sets the profile's candidates when the option is given; checks every id exists.
    pub fn apply(&self, kb: &KnowledgeBase, profile: &mut Profile) -> Result<(), CliError> {
        if self.hypervisors.is_empty() {
            return Ok(());
        }
        for id in &self.hypervisors {
            check_hypervisor(kb, id)?;
        }
        profile.candidates = self.hypervisors.clone();
        Ok(())
    }
}

#[derive(Debug, Args)]
pub struct KnowledgeArg {
    /// Knowledge-base folder (features.yaml and hypervisors/) instead of the built-in one.
    #[arg(long, value_name = "DIR")]
    pub knowledge: Option<PathBuf>,
    /// Your own quotes, replacing the listed prices of the editions they name (YAML).
    #[arg(long, value_name = "FILE")]
    pub prices: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("input").required(true).args(["profile", "answers"])))]
pub struct ReportArgs {
    /// Folder of lab measurements (`hvadvisor bench import`): adds a "Lab measurements" section.
    #[arg(long, value_name = "DIR")]
    pub measurements: Option<PathBuf>,
    /// Built-in profile name or path to a profile file.
    #[arg(long, value_name = "NAME|PATH")]
    pub profile: Option<String>,
    /// Build the profile from questionnaire answers (see `hvadvisor ask`).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "md")]
    pub format: ReportFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also list the firewall ports of this hypervisor (the winner's are always listed).
    #[arg(long, value_name = "ID")]
    pub ports: Vec<String>,
    /// How much to write: summary, standard (without the per-criterion justification), or full.
    #[arg(long, value_enum, default_value = "standard")]
    pub detail: report::Detail,
    #[command(flatten)]
    pub candidates: CandidatesArg,
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("input").required(true).args(["profile", "answers"])))]
pub struct CostArgs {
    /// Built-in profile name or path to a profile file.
    #[arg(long, value_name = "NAME|PATH")]
    pub profile: Option<String>,
    /// Build the profile from questionnaire answers (see `hvadvisor ask`).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "md")]
    pub format: SensitivityFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub candidates: CandidatesArg,
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
}

#[derive(Debug, Args)]
pub struct SyntheseArgs {
    /// Folder of lab measurements (`hvadvisor bench import`): adds a "Lab measurements" section.
    #[arg(long, value_name = "DIR")]
    pub measurements: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "md")]
    pub format: SyntheseFormat,
    /// `full` adds the notes of every system to the category tables.
    #[arg(long, value_enum, default_value = "standard")]
    pub detail: report::Detail,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub candidates: CandidatesArg,
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SyntheseFormat {
    Md,
    Html,
    /// Word / LibreOffice (.docx): headings, tables, lists, hyperlinks and figures.
    Docx,
}

#[derive(Debug, Args)]
pub struct HypervisorsArgs {
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Md,
    Json,
    Html,
    Csv,
    /// Word / LibreOffice (.docx): headings, tables, lists and hyperlinks; no figures.
    Docx,
}

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// Built-in profile name or path to a profile file.
    #[arg(long, value_name = "NAME|PATH")]
    pub profile: String,
    #[arg(long, value_enum, default_value = "table")]
    pub format: EvaluateFormat,
    #[command(flatten)]
    pub candidates: CandidatesArg,
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EvaluateFormat {
    Table,
    Json,
    Html,
    Csv,
}

/// `kb stats` is a table for people or JSON for programs; nothing else is offered.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatsFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct WeightsArgs {
    /// Built-in profile name or path to a profile file.
    #[arg(long, value_name = "NAME|PATH")]
    pub profile: String,
    #[arg(long, value_enum, default_value = "md")]
    pub format: SensitivityFormat,
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
}

#[derive(Debug, Args)]
pub struct SensitivityArgs {
    /// Built-in profile name or path to a profile file.
    #[arg(long, value_name = "NAME|PATH")]
    pub profile: String,
    /// Number of weight samples (1 to 10,000,000).
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub samples: u64,
    /// Seed of the random draws (the same seed gives the same figures).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Each weight varies uniformly within ± this percentage.
    #[arg(long, value_name = "PCT", default_value_t = 20.0)]
    pub spread: f64,
    /// Draw weights from a Dirichlet distribution with this concentration instead.
    #[arg(long, value_name = "K")]
    pub dirichlet: Option<f64>,
    #[arg(long, value_enum, default_value = "md")]
    pub format: SensitivityFormat,
    #[command(flatten)]
    pub candidates: CandidatesArg,
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SensitivityFormat {
    Md,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Validate the knowledge base and report every problem.
    Check(CheckArgs),
    /// Export the knowledge base as JSON.
    Export(ExportArgs),
    /// Per hypervisor: how many facts are filled, sourced and unknown, and the oldest check.
    Stats(StatsArgs),
    /// Every fact of one hypervisor, with its sources.
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[arg(long, value_enum, default_value = "table")]
    pub format: StatsFormat,
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Hypervisor id, e.g. proxmox-ve.
    pub hypervisor: String,
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Warn about facts checked more than this many months ago (1 to 1200).
    #[arg(long, value_name = "MONTHS", default_value_t = 12, value_parser = clap::value_parser!(u32).range(1..=1200))]
    pub max_age: u32,
    /// The date to measure ages from (YYYY-MM-DD); defaults to today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<Date>,
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("{s}: YYYY-MM-DD"))
}

/// Today's date from the system clock (only `kb check` asks for it).
fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Date::from_unix_days((secs / 86_400) as i64)
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "json")]
    pub format: ExportFormat,
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Json,
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("invalid input")]
    Invalid(Vec<Diagnostic>),
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The command cannot run as invoked (exit code 2); the reason was already printed.
    #[error("usage")]
    Usage,
    /// `embed --check` found out-of-date blocks (exit code 1); the diff was printed.
    #[error("stale")]
    Stale,
    /// The user interrupted an interactive prompt.
    #[error("interrupted")]
    Interrupted,
    #[error(transparent)]
    Docx(#[from] report::docx::DocxError),
    #[error("{path}: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    let templates = Templates {
        dir: cli.templates.clone(),
    };
    // A folder named for templates must exist: silently rendering the built-in ones instead
    // would hide the user's mistake.
    if let Some(dir) = &cli.templates
        && !dir.is_dir()
    {
        let name = dir.display().to_string();
        let e = std::fs::read_dir(dir)
            .err()
            .unwrap_or_else(|| std::io::Error::from(std::io::ErrorKind::NotADirectory));
        let d = Diagnostic::io(Code::Io, &name, &e);
        eprint!(
            "{}",
            report::diagnostics(&Templates { dir: None }, cli.lang(), &[d])
        );
        return ExitCode::from(2);
    }
    // `embed --check` tells a stale document (1) from one it could not check (2), for CI.
    let failure = match &cli.command {
        Command::Embed(a) if a.check => 2,
        _ => 1,
    };
    match run(&cli, &templates) {
        Ok(warnings) => {
            let is_check = matches!(cli.command, Command::Kb(KbCommand::Check(_)));
            if !warnings.is_empty() || is_check {
                eprint!("{}", report::diagnostics(&templates, cli.lang(), &warnings));
            }
            ExitCode::SUCCESS
        }
        Err(CliError::Invalid(diags)) => {
            eprint!("{}", report::diagnostics(&templates, cli.lang(), &diags));
            ExitCode::from(failure)
        }
        Err(CliError::Usage) => ExitCode::from(2),
        Err(CliError::Stale) => ExitCode::from(1),
        Err(CliError::Interrupted) => ExitCode::from(130),
        Err(CliError::Write { path, source }) => {
            let d = Diagnostic::io(Code::WriteFailed, &path, &source);
            eprint!("{}", report::diagnostics(&templates, cli.lang(), &[d]));
            ExitCode::from(failure)
        }
        Err(CliError::Render(e)) => {
            let d = e.diagnostic(&templates);
            eprint!("{}", report::diagnostics(&templates, cli.lang(), &[d]));
            ExitCode::from(failure)
        }
        Err(e) => {
            eprintln!("hvadvisor: {e}");
            ExitCode::from(1)
        }
    }
}

/// Runs a parsed command; returns the warnings to show on success.
pub fn run(cli: &Cli, templates: &Templates) -> Result<Vec<Diagnostic>, CliError> {
    let lang = cli.lang();
    match &cli.command {
        Command::Cost(args) => {
            let (kb, mut profile, warnings) = output_inputs(
                args.output.as_deref(),
                &args.knowledge,
                args.profile.as_deref(),
                args.answers.as_deref(),
            )?;
            args.candidates.apply(&kb, &mut profile)?;
            let eval = engine::evaluate_with(&kb, &profile, cli.method);
            let view = report::cost::report(&kb, &profile, &eval, lang);
            let text = match args.format {
                SensitivityFormat::Md => templates.render("cost-report.md.j2", lang, &view)?,
                SensitivityFormat::Json => report::json(&serde_json::json!({
                    "schema_version": crate::SCHEMA_VERSION,
                    "profile": profile.id,
                    "inputs": eval.inputs,
                    "fleet": eval.fleet,
                    "rates": eval.rates,
                    "ranking": eval.ranking.iter().map(|r| serde_json::json!({
                        "id": r.id, "rank": r.rank, "edition": r.edition,
                    })).collect::<Vec<_>>(),
                    "eliminated": eval.eliminated,
                }))?,
            };
            output::emit(args.output.as_deref(), &text)?;
            Ok(warnings)
        }
        Command::Report(args) => {
            let (kb, profile, warnings) = output_inputs(
                args.output.as_deref(),
                &args.knowledge,
                args.profile.as_deref(),
                args.answers.as_deref(),
            )?;
            for id in &args.ports {
                check_hypervisor(&kb, id)?;
            }
            let mut profile = profile;
            args.candidates.apply(&kb, &mut profile)?;
            let measured = load_measurements(&kb, args.measurements.as_deref())?;
            if let Some(ms) = &measured {
                profile.measurements = ms.clone();
            }
            let eval = engine::evaluate_with(&kb, &profile, cli.method);
            let doc = match args.format {
                ReportFormat::Md | ReportFormat::Docx => {
                    let mut view =
                        report::report_view(&kb, &profile, &eval, lang, &args.ports, args.detail);
                    view.lab = lab_view(&kb, measured.as_deref(), &view.order());
                    let chart = report::lab_chart(templates, lang, view.lab.as_ref())?;
                    match (args.format, &chart) {
                        (ReportFormat::Docx, Some(svg)) => {
                            if let Some(lab) = view.lab.as_mut() {
                                lab.figure = Some("lab.svg".to_owned());
                            }
                            let md = templates.render("report.md.j2", lang, &view)?;
                            output::Document::docx_with_figures(&md, &[("lab.svg", svg)])?
                        }
                        (ReportFormat::Docx, None) => output::Document::docx(&templates.render(
                            "report.md.j2",
                            lang,
                            &view,
                        )?)?,
                        _ => {
                            if let (Some(svg), Some(out)) = (&chart, &args.output) {
                                let name = beside(out, "lab", svg)?;
                                if let Some(lab) = view.lab.as_mut() {
                                    lab.figure = Some(name);
                                }
                            }
                            templates.render("report.md.j2", lang, &view)?.into()
                        }
                    }
                }
                ReportFormat::Json => report::json(&eval)?.into(),
                ReportFormat::Html => {
                    let mut view =
                        report::report_view(&kb, &profile, &eval, lang, &args.ports, args.detail);
                    view.lab = lab_view(&kb, measured.as_deref(), &view.order());
                    report::report_html(templates, lang, &view)?.into()
                }
                ReportFormat::Csv => report::csv(&eval).into(),
            };
            output::emit_document(args.output.as_deref(), &doc)?;
            Ok(warnings)
        }
        Command::Evaluate(args) => {
            let (kb, mut profile, warnings) = inputs(&args.knowledge, &args.profile)?;
            args.candidates.apply(&kb, &mut profile)?;
            let eval = engine::evaluate_with(&kb, &profile, cli.method);
            let text = match args.format {
                EvaluateFormat::Table => {
                    let view = report::model::build(&kb, &profile, &eval, lang);
                    templates.render("evaluate.txt.j2", lang, &view)?
                }
                EvaluateFormat::Json => report::json(&eval)?,
                EvaluateFormat::Html => {
                    let view = report::model::build(&kb, &profile, &eval, lang);
                    let md = templates.render("snippets/ranking.md.j2", lang, &view)?;
                    let title = templates
                        .catalogues()?
                        .message(
                            lang,
                            "evaluate-title",
                            &[("profile", report::i18n::Arg::Str(profile.id.clone()))],
                        )
                        .map_err(RenderError::from)?;
                    report::html_page(templates, lang, &format!("# {title}\n\n{md}"), None)?
                }
                EvaluateFormat::Csv => report::csv(&eval),
            };
            output::emit(None, &text)?;
            Ok(warnings)
        }
        Command::Kb(KbCommand::Check(args)) => {
            let (kb, mut diags) = load_knowledge(&args.knowledge)?;
            if diags.iter().any(Diagnostic::is_error) {
                return Err(CliError::Invalid(diags));
            }
            if let Some(kb) = &kb {
                let today = args.today.unwrap_or_else(today);
                diags.extend(knowledge::stale_facts(kb, today, args.max_age));
                crate::diag::sort(&mut diags);
            }
            Ok(diags)
        }
        Command::Kb(KbCommand::Stats(args)) => {
            let kb = knowledge_or_fail(&args.knowledge)?;
            let stats = kb.stats();
            let text = match args.format {
                StatsFormat::Table => templates.render(
                    "kb-stats.txt.j2",
                    lang,
                    &serde_json::json!({ "stats": stats, "oldest": kb.oldest_as_of() }),
                )?,
                StatsFormat::Json => report::json(&serde_json::json!({
                    "schema_version": crate::SCHEMA_VERSION,
                    "hypervisors": stats,
                }))?,
            };
            output::emit(None, &text)?;
            Ok(Vec::new())
        }
        Command::Kb(KbCommand::Show(args)) => {
            let kb = knowledge_or_fail(&args.knowledge)?;
            check_hypervisor(&kb, &args.hypervisor)?;
            let view = report::model::show(&kb, &args.hypervisor, lang);
            output::emit(None, &templates.render("kb-show.md.j2", lang, &view)?)?;
            Ok(Vec::new())
        }
        Command::Kb(KbCommand::Export(args)) => {
            let (kb, diags) = load_knowledge(&args.knowledge)?;
            let kb = kb.ok_or_else(|| CliError::Invalid(diags.clone()))?;
            let text = match args.format {
                ExportFormat::Json => report::json(&knowledge::export(&kb))?,
            };
            output::emit(None, &text)?;
            Ok(diags)
        }
        Command::Ask(args) => ask::run(args, templates, lang, cli.method),
        Command::Embed(args) => embed::run(args, templates),
        Command::Weights(args) => {
            let (kb, profile, warnings) = inputs(&args.knowledge, &args.profile)?;
            let eval = engine::evaluate(&kb, &profile);
            let text = match args.format {
                SensitivityFormat::Json => report::json(&serde_json::json!({
                    "schema_version": crate::SCHEMA_VERSION,
                    "profile": profile.id,
                    "weights": eval.weights,
                    "ahp": profile.ahp,
                }))?,
                SensitivityFormat::Md => {
                    let view = report::model::build(&kb, &profile, &eval, lang);
                    let judgements = profile
                        .ahp
                        .as_ref()
                        .map_or(0, |a| a.criteria.len() * (a.criteria.len() - 1) / 2);
                    templates.render(
                        "weights.md.j2",
                        lang,
                        &serde_json::json!({
                            "title": profile.title.get(lang),
                            "weights": view.weights,
                            "ahp": profile.ahp,
                            "ahp_judgements": judgements,
                        }),
                    )?
                }
            };
            output::emit(None, &text)?;
            Ok(warnings)
        }
        Command::Sensitivity(args) => {
            let (kb, mut profile, warnings) = inputs(&args.knowledge, &args.profile)?;
            args.candidates.apply(&kb, &mut profile)?;
            if !(0.0..=100.0).contains(&args.spread)
                || args.samples == 0
                // Below about 0.1, gamma draws underflow to zero and every weight vanishes.
                || args.dirichlet.is_some_and(|k| !(0.1..=1e6).contains(&k))
            {
                let cats = templates.catalogues()?;
                eprintln!(
                    "{}",
                    cats.message(lang, "sensitivity-bad-options", &[])
                        .map_err(RenderError::from)?
                );
                return Err(CliError::Usage);
            }
            let eval = engine::evaluate_with(&kb, &profile, cli.method);
            let opts = engine::robustness::SmaaOptions {
                samples: args.samples as usize,
                seed: args.seed,
                spread: args.spread / 100.0,
                dirichlet: args.dirichlet,
            };
            let analysis = engine::robustness::analyse(&eval.exact, cli.method, &opts);
            let text = match args.format {
                SensitivityFormat::Json => report::json(&serde_json::json!({
                    "schema_version": crate::SCHEMA_VERSION,
                    "profile": profile.id,
                    "inputs": eval.inputs,
                    "weights": eval.weights,
                    "robustness": analysis,
                }))?,
                SensitivityFormat::Md => {
                    let rows = eval.ranking.len();
                    let rb =
                        report::model::robustness_view_rows(&kb, &profile, &analysis, lang, rows);
                    templates.render(
                        "sensitivity.md.j2",
                        lang,
                        &serde_json::json!({ "rb": rb, "profile": profile.title.get(lang), "method": cli.method }),
                    )?
                }
            };
            output::emit(None, &text)?;
            Ok(warnings)
        }
        Command::Mdbook(args) => embed::mdbook(args, templates),
        Command::Bench(bench::BenchCommand::Import(args)) => {
            bench::import(args, templates, lang)?;
            Ok(Vec::new())
        }
        Command::Synthese(args) => {
            let kb = knowledge_or_fail(&args.knowledge)?;
            let mut profiles =
                builtin::load_builtin_profiles(&kb.catalogue).map_err(CliError::Invalid)?;
            for p in &mut profiles {
                args.candidates.apply(&kb, p)?;
            }
            let general = profiles
                .iter()
                .find(|p| p.id == "general")
                .cloned()
                .expect("the general profile is built in");
            let mut view = report::synthese::build(&kb, &general, &profiles, lang, args.detail);
            let order = view.view.order();
            let measured = load_measurements(&kb, args.measurements.as_deref())?;
            view.view.lab = lab_view(&kb, measured.as_deref(), &order);
            let verdicts = templates.render("heatmap.svg.j2", lang, &view)?;
            let criteria = templates.render("criteria.svg.j2", lang, &view)?;
            let doc: output::Document = match args.format {
                SyntheseFormat::Md => {
                    // The figures are files beside the Markdown (none on standard output).
                    if let Some(out) = &args.output {
                        let v = beside(out, "verdicts", &verdicts)?;
                        let c = beside(out, "criteria", &criteria)?;
                        if let Some(svg) =
                            report::lab_chart(templates, lang, view.view.lab.as_ref())?
                        {
                            let name = beside(out, "lab", &svg)?;
                            if let Some(lab) = view.view.lab.as_mut() {
                                lab.figure = Some(name);
                            }
                        }
                        view.figures = report::synthese::Figures {
                            verdicts: Some(v),
                            criteria: Some(c),
                        };
                    }
                    templates.render("synthese.md.j2", lang, &view)?.into()
                }
                SyntheseFormat::Docx => {
                    // The figures go inside the document, drawn as bitmaps.
                    view.figures = report::synthese::Figures {
                        verdicts: Some("verdicts.svg".to_owned()),
                        criteria: Some("criteria.svg".to_owned()),
                    };
                    let chart = report::lab_chart(templates, lang, view.view.lab.as_ref())?;
                    let mut figures = vec![
                        ("verdicts.svg", verdicts.as_str()),
                        ("criteria.svg", criteria.as_str()),
                    ];
                    if let (Some(svg), Some(lab)) = (&chart, view.view.lab.as_mut()) {
                        lab.figure = Some("lab.svg".to_owned());
                        figures.push(("lab.svg", svg.as_str()));
                    }
                    output::Document::docx_with_figures(
                        &templates.render("synthese.md.j2", lang, &view)?,
                        &figures,
                    )?
                }
                SyntheseFormat::Html => {
                    report::synthese::html(templates, lang, &view, &verdicts, &criteria)?.into()
                }
            };
            output::emit_document(args.output.as_deref(), &doc)?;
            Ok(Vec::new())
        }
        Command::Hypervisors(args) => {
            let kb = knowledge_or_fail(&args.knowledge)?;
            let view = report::model::hypervisor_list(&kb, lang);
            let text = templates.render(
                "hypervisors.txt.j2",
                lang,
                &serde_json::json!({ "hypervisors": view }),
            )?;
            output::emit(None, &text)?;
            Ok(Vec::new())
        }
        Command::Serve(args) => serve::run(args, templates, lang),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "hvadvisor", &mut out);
            output::emit(None, out)?;
            Ok(Vec::new())
        }
        Command::Schema { kind, knowledge } => {
            let kb = knowledge_or_fail(knowledge)?;
            let loaded = match kind {
                crate::schema::Kind::Answers => Some(ask::load(&kb)?),
                _ => None,
            };
            let q = loaded.as_ref().map(|l| &l.questionnaire);
            let schema = crate::schema::schema(*kind, &kb, q);
            output::emit(None, report::json(&schema)?)?;
            Ok(Vec::new())
        }
        Command::Man => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(|source| CliError::Write {
                    path: "<stdout>".into(),
                    source,
                })?;
            output::emit(None, out)?;
            Ok(Vec::new())
        }
        Command::Profiles => {
            let kb = knowledge_or_fail(&KnowledgeArg {
                knowledge: None,
                prices: None,
            })?;
            let mut profiles = Vec::new();
            for name in builtin::profile_names() {
                let (p, _) = profile(&kb, &name)?;
                profiles.push(p);
            }
            let text = templates.render(
                "profiles.txt.j2",
                lang,
                &serde_json::json!({ "profiles": profiles, "lang": lang }),
            )?;
            output::emit(None, &text)?;
            Ok(Vec::new())
        }
    }
}

/// The knowledge base and the profile named by `--profile`, or built from `--answers`.
fn profile_or_answers(
    kb_arg: &KnowledgeArg,
    profile: Option<&str>,
    answers: Option<&std::path::Path>,
) -> Result<(KnowledgeBase, Profile, Vec<Diagnostic>), CliError> {
    match (profile, answers) {
        (_, Some(answers)) => {
            let kb = knowledge_or_fail(kb_arg)?;
            let (p, w) = ask::profile_from_answers(&kb, answers)?;
            Ok((kb, p, w))
        }
        (Some(profile), None) => inputs(kb_arg, profile),
        (None, None) => unreachable!("clap requires --profile or --answers"),
    }
}

/// Fails with a diagnostic (and a suggestion) when `id` is not a hypervisor of the base.
fn check_hypervisor(kb: &KnowledgeBase, id: &str) -> Result<(), CliError> {
    if kb.hypervisor(id).is_some() {
        return Ok(());
    }
    let ids = kb.hypervisors.iter().map(|h| h.id.as_str());
    Err(CliError::Invalid(vec![
        Diagnostic::new(Code::UnknownHypervisor, "<command line>", 0, 0)
            .arg("id", id)
            .suggest(crate::diag::did_you_mean(id, ids)),
    ]))
}

fn load_knowledge(
    arg: &KnowledgeArg,
) -> Result<(Option<KnowledgeBase>, Vec<Diagnostic>), CliError> {
    let files = match &arg.knowledge {
        Some(dir) => builtin::knowledge_dir(dir).map_err(|d| CliError::Invalid(vec![d]))?,
        None => builtin::knowledge(),
    };
    let (mut kb, mut diags) = knowledge::load_files(&files);
    if let (Some(path), Some(base)) = (&arg.prices, &mut kb) {
        let name = path.display().to_string();
        let text = crate::builtin::read_limited(path)
            .map_err(|e| CliError::Invalid(vec![Diagnostic::io(Code::Io, &name, &e)]))?;
        let (overrides, more) = knowledge::load_prices(&name, &text, base);
        if more.iter().any(Diagnostic::is_error) {
            return Err(CliError::Invalid(more));
        }
        knowledge::apply_prices(base, &overrides);
        diags.extend(more);
    }
    Ok((kb, diags))
}

/// Refuses an `--output` that is also the profile, answers or prices file the command reads.
/// The inputs of a command that writes `out` (report, cost), once `out` is known not to be one
/// of them (a profile, answers or prices file it would overwrite).
fn output_inputs(
    out: Option<&std::path::Path>,
    knowledge: &KnowledgeArg,
    profile: Option<&str>,
    answers: Option<&std::path::Path>,
) -> Result<(KnowledgeBase, Profile, Vec<Diagnostic>), CliError> {
    output::check_outputs(
        &[out],
        &[
            profile.map(std::path::Path::new),
            answers,
            knowledge.prices.as_deref(),
        ],
    )?;
    profile_or_answers(knowledge, profile, answers)
}

/// Writes `svg` beside the Markdown output `out` as `STEM-what.svg`; returns that file name,
/// for the Markdown to reference.
fn beside(out: &std::path::Path, what: &str, svg: &str) -> Result<String, CliError> {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = format!("{stem}-{what}.svg");
    let dir = out.parent().unwrap_or(std::path::Path::new(""));
    output::emit(Some(&dir.join(&name)), svg)?;
    Ok(name)
}

/// The lab section for the loaded measurements of the systems the report shows.
fn lab_view(
    kb: &KnowledgeBase,
    measured: Option<&[crate::bench::Measurements]>,
    order: &[String],
) -> Option<report::lab::LabView> {
    let shown: Vec<crate::bench::Measurements> = measured?
        .iter()
        .filter(|m| order.contains(&m.hypervisor))
        .cloned()
        .collect();
    Some(report::lab::build(kb, &shown, order))
}

/// The measurements in `dir` (every `*.yaml` there, in name order); a bad file, or one for an
/// unknown hypervisor, is an error.
fn load_measurements(
    kb: &KnowledgeBase,
    dir: Option<&std::path::Path>,
) -> Result<Option<Vec<crate::bench::Measurements>>, CliError> {
    let Some(dir) = dir else { return Ok(None) };
    let name = dir.display().to_string();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| CliError::Invalid(vec![Diagnostic::io(Code::Io, &name, &e)]))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for p in paths {
        let file = p.display().to_string();
        match crate::builtin::read_limited(&p) {
            Ok(text) => match crate::bench::load(&file, &text) {
                Ok(m) if kb.hypervisor(&m.hypervisor).is_none() => diags.push(
                    Diagnostic::new(Code::UnknownHypervisor, &file, 0, 0)
                        .arg("id", m.hypervisor.clone())
                        .suggest(crate::diag::did_you_mean(
                            &m.hypervisor,
                            kb.hypervisors.iter().map(|h| h.id.as_str()),
                        )),
                ),
                Ok(m) => files.push(m),
                Err(d) => diags.push(d),
            },
            Err(e) => diags.push(Diagnostic::io(Code::Io, &file, &e)),
        }
    }
    if !diags.is_empty() {
        return Err(CliError::Invalid(diags));
    }
    Ok(Some(files))
}

fn knowledge_or_fail(arg: &KnowledgeArg) -> Result<KnowledgeBase, CliError> {
    let (kb, diags) = load_knowledge(arg)?;
    kb.ok_or(CliError::Invalid(diags))
}

fn profile(kb: &KnowledgeBase, arg: &str) -> Result<(Profile, Vec<Diagnostic>), CliError> {
    let source = builtin::resolve_profile(arg).map_err(|d| CliError::Invalid(vec![d]))?;
    let resolver = builtin::parent_resolver(&source);
    let names = builtin::profile_names();
    let (p, diags) = load_profile(&kb.catalogue, &source, &resolver, &names);
    match p {
        Some(p) => Ok((p, diags)),
        None => Err(CliError::Invalid(diags)),
    }
}

/// Loads the knowledge base and a profile; on failure, the diagnostics of both.
fn inputs(
    kb_arg: &KnowledgeArg,
    profile_arg: &str,
) -> Result<(KnowledgeBase, Profile, Vec<Diagnostic>), CliError> {
    let (kb, mut warnings) = load_knowledge(kb_arg)?;
    let Some(kb) = kb else {
        return Err(CliError::Invalid(warnings));
    };
    let (p, mut more) = profile(&kb, profile_arg)?;
    warnings.append(&mut more);
    let checked = crate::criteria::check_against(&p, &kb);
    if checked.iter().any(Diagnostic::is_error) {
        return Err(CliError::Invalid(checked));
    }
    // Stale-fact warnings belong to `kb check`; other commands only show what concerns them.
    warnings.retain(|d| d.code != Code::StaleFact);
    Ok((kb, p, warnings))
}
