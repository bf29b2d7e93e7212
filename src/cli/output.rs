//! Writing results: standard output or a file replaced atomically, and diagnostics for humans.

use super::CliError;
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
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
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
