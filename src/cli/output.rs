//! Writing results: standard output or a file replaced atomically, and diagnostics for humans.

use super::CliError;
use crate::diag::{Diagnostic, Severity};
use crate::lang::Lang;
use crate::report::Templates;
use crate::report::i18n::Arg;
use std::io::Write;
use std::path::Path;

/// Writes `text` to `path` through a temporary file in the same folder and a rename, so an
/// interrupted run never leaves a half-written file; or to standard output when `path` is `None`.
pub fn emit(path: Option<&Path>, text: &str) -> Result<(), CliError> {
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|source| CliError::Write {
                    path: "<stdout>".into(),
                    source,
                })
        }
        Some(path) => write_atomic(path, text).map_err(|source| CliError::Write {
            path: path.display().to_string(),
            source,
        }),
    }
}

/// Replaces a file's content atomically.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.hvadvisor-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Diagnostics as `file:line:col: error[E011]: message`, with a hint line when there is one.
/// The words come from the message catalogues; if those fail to load, the codes still show.
pub fn diagnostics(templates: &Templates, lang: Lang, diags: &[Diagnostic]) -> String {
    let cats = templates.catalogues().ok();
    let msg = |key: &str, args: &[(&str, Arg)]| -> String {
        cats.as_ref()
            .and_then(|c| c.message(lang, key, args).ok())
            .unwrap_or_else(|| key.to_owned())
    };
    let mut out = String::new();
    for d in diags {
        let args: Vec<(&str, Arg)> =
            d.args.iter().map(|(k, v)| (*k, Arg::Str(v.clone()))).collect();
        let severity = match d.severity() {
            Severity::Error => msg("diag-error", &[]),
            Severity::Warning => msg("diag-warning", &[]),
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
        &[("errors", Arg::Int(errors)), ("warnings", Arg::Int(warnings))],
    ));
    out.push('\n');
    out
}
