//! `hvadvisor bench import`: reads the tools' result files and appends their runs to the
//! hypervisor's measurements file, safely (every file is checked before anything is written).

use super::{CliError, KnowledgeArg, check_hypervisor, knowledge_or_fail, output};
use crate::bench::{self, Context, Measurements};
use crate::diag::{Code, Diagnostic};
use crate::lang::Lang;
use crate::report::Templates;
use crate::report::i18n::Arg;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Import fio (JSON), iperf3 (-J) and sysbench result files into DIR/<hypervisor>.yaml.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Result files: fio --output-format=json, iperf3 -J, sysbench text (cpu, memory, fileio).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The hypervisor the runs were made on (`hvadvisor hypervisors` lists the ids).
    #[arg(long, value_name = "ID")]
    pub hypervisor: String,
    /// Folder of the measurements files (created if needed).
    #[arg(long, value_name = "DIR")]
    pub into: PathBuf,
    /// The host hardware; runs on different hardware are never compared.
    #[arg(long, value_name = "TEXT")]
    pub hardware: Option<String>,
    /// The size of the VM the tools ran in, e.g. "4 vCPU, 8 GiB".
    #[arg(long, value_name = "TEXT")]
    pub vm: Option<String>,
    /// The hypervisor itself ran inside a VM (nested virtualisation).
    #[arg(long)]
    pub nested: bool,
    /// Anything else a reader should know about these runs.
    #[arg(long, value_name = "TEXT")]
    pub label: Option<String>,
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
}

/// The time a file was last written, in Unix seconds (sysbench prints no time of its own).
fn modified(path: &Path) -> Option<u64> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    Some(t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs())
}

pub fn import(args: &ImportArgs, templates: &Templates, lang: Lang) -> Result<(), CliError> {
    let kb = knowledge_or_fail(&args.knowledge)?;
    check_hypervisor(&kb, &args.hypervisor)?;
    // Every file first: one bad file imports nothing, and all problems are reported.
    let mut runs = Vec::new();
    let mut diags = Vec::new();
    for path in &args.files {
        let name = path.display().to_string();
        let text = match crate::builtin::read_limited(path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(Diagnostic::io(Code::Io, &name, &e));
                continue;
            }
        };
        match bench::parse::runs(&name, &text) {
            Ok(found) => {
                for mut r in found {
                    r.file = path
                        .file_name()
                        .map(|f| f.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    if r.timestamp.is_none() {
                        r.timestamp = modified(path);
                    }
                    runs.push(r);
                }
            }
            Err(d) => diags.push(d),
        }
    }
    let target = args.into.join(format!("{}.yaml", args.hypervisor));
    let target_name = target.display().to_string();
    let mut m = if target.exists() {
        let text = crate::builtin::read_limited(&target)
            .map_err(|e| CliError::Invalid(vec![Diagnostic::io(Code::Io, &target_name, &e)]))?;
        match bench::load(&target_name, &text) {
            Ok(m) if m.hypervisor == args.hypervisor => Some(m),
            Ok(m) => {
                diags.push(
                    Diagnostic::new(Code::BenchMeasurementsFile, &target_name, 0, 0)
                        .arg("detail", format!("hypervisor: {}", m.hypervisor)),
                );
                None
            }
            Err(d) => {
                diags.push(d);
                None
            }
        }
    } else {
        Some(Measurements {
            hypervisor: args.hypervisor.clone(),
            context: Context::default(),
            runs: Vec::new(),
        })
    };
    if !diags.is_empty() {
        return Err(CliError::Invalid(diags));
    }
    let Some(m) = m.as_mut() else {
        return Err(CliError::Invalid(diags));
    };
    let total = runs.len();
    let context = Context {
        hardware: args.hardware.clone(),
        nested: args.nested.then_some(true),
        vm: args.vm.clone(),
        label: args.label.clone(),
    };
    let added = bench::append(m, runs, &context);
    let yaml = bench::to_yaml(m).map_err(|d| CliError::Invalid(vec![d]))?;
    if !args.into.exists() {
        std::fs::create_dir_all(&args.into).map_err(|e| CliError::Write {
            path: args.into.display().to_string(),
            source: e,
        })?;
    }
    output::emit(Some(&target), yaml)?;
    let cats = templates.catalogues()?;
    let line = cats
        .message(
            lang,
            "bench-imported",
            &[
                ("added", Arg::Int(added as i64)),
                ("skipped", Arg::Int((total - added) as i64)),
                ("file", Arg::Str(target_name)),
                ("total", Arg::Int(m.runs.len() as i64)),
            ],
        )
        .map_err(crate::report::RenderError::from)?;
    println!("{line}");
    Ok(())
}
