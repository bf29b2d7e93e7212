//! Writing results: standard output or a file replaced atomically, and diagnostics for humans.

use super::CliError;
use std::io::Write;
use std::path::Path;

/// Writes `text` to `path` through a temporary file in the same folder and a rename, so an
/// interrupted run never leaves a half-written file; or to standard output when `path` is `None`.
pub fn emit(path: Option<&Path>, text: impl AsRef<[u8]>) -> Result<(), CliError> {
    let text = text.as_ref();
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text).and_then(|()| out.flush()) {
                // The reader stopped reading (`| head`): not a failure of ours.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(|source| CliError::Write {
                    path: "<stdout>".into(),
                    source,
                }),
            }
        }
        Some(path) => write_atomic(path, text).map_err(|source| CliError::Write {
            path: path.display().to_string(),
            source,
        }),
    }
}

pub use crate::builtin::read_limited;

/// What a command writes: text, or a Word/LibreOffice document converted from Markdown.
pub enum Document {
    Text(String),
    Docx(Vec<u8>),
}

impl Document {
    pub fn docx(markdown: &str) -> Result<Document, CliError> {
        Document::docx_with_figures(markdown, &[])
    }

    /// A .docx whose images at the addresses in `figures` are drawn from their SVG markup.
    pub fn docx_with_figures(
        markdown: &str,
        figures: &[(&str, &str)],
    ) -> Result<Document, CliError> {
        Ok(Document::Docx(crate::report::docx::from_markdown(
            markdown, figures,
        )?))
    }
}

impl From<String> for Document {
    fn from(text: String) -> Document {
        Document::Text(text)
    }
}

/// Whether two paths name the same file (both must exist to be the same; a path that does not
/// exist yet is compared by its spelling after its folder is resolved).
fn same_file(a: &Path, b: &Path) -> bool {
    let resolve = |p: &Path| {
        std::fs::canonicalize(p).ok().or_else(|| {
            let dir = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            Some(std::fs::canonicalize(dir).ok()?.join(p.file_name()?))
        })
    };
    matches!((resolve(a), resolve(b)), (Some(x), Some(y)) if x == y)
}

/// Refuses to run when a file the command would write is also one it reads, or when two of
/// its outputs are the same file: either would replace a file the user owns with something
/// else (E046 "is an input" / "written twice"). `outputs` and `inputs` may hold `None`s.
pub fn check_outputs(
    outputs: &[Option<&Path>],
    inputs: &[Option<&Path>],
) -> Result<(), super::CliError> {
    let outs: Vec<&Path> = outputs.iter().flatten().copied().collect();
    for (i, out) in outs.iter().enumerate() {
        let kind = if inputs.iter().flatten().any(|input| same_file(out, input)) {
            Some("is-an-input")
        } else if outs[..i].iter().any(|o| same_file(out, o)) {
            Some("written-twice")
        } else {
            None
        };
        if let Some(kind) = kind {
            return Err(super::CliError::Invalid(vec![
                crate::diag::Diagnostic::new(
                    crate::diag::Code::WriteFailed,
                    &out.display().to_string(),
                    0,
                    0,
                )
                .arg("kind", kind)
                .arg("detail", ""),
            ]));
        }
    }
    Ok(())
}

/// Writes a document to `path` or standard output (a .docx never to a terminal).
pub fn emit_document(path: Option<&Path>, doc: &Document) -> Result<(), CliError> {
    match doc {
        Document::Text(text) => emit(path, text),
        Document::Docx(bytes) => emit_binary(path, bytes),
    }
}

/// Writes a binary document (.docx): to `path`, or to standard output only when that is not a
/// terminal (a pipe or a redirection), since the bytes would garble the screen.
pub fn emit_binary(path: Option<&Path>, bytes: &[u8]) -> Result<(), CliError> {
    use std::io::IsTerminal;
    if path.is_none() && std::io::stdout().is_terminal() {
        return Err(CliError::Invalid(vec![crate::diag::Diagnostic::new(
            crate::diag::Code::BinaryToTerminal,
            "<stdout>",
            0,
            0,
        )]));
    }
    emit(path, bytes)
}

/// Replaces a file's content atomically, without changing what the user set up around it:
/// - the new content goes to a temporary file in the same folder (created exclusively, so a
///   planted file or link at that name is never followed), then replaces the file by a rename;
/// - an existing file keeps its permissions (a private file stays private), and the temporary
///   file is readable by its owner only until then;
/// - a symbolic link is written through: the file it names is replaced, the link stays;
/// - a folder, a device, a pipe or a socket is refused, and so is a read-only file.
pub fn write_atomic(path: &Path, text: impl AsRef<[u8]>) -> std::io::Result<()> {
    let text = text.as_ref();
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let path = if is_link {
        // A link to a file not yet written (dangling) names where to create it.
        std::fs::canonicalize(path).or_else(|_| {
            let target = std::fs::read_link(path)?;
            Ok::<_, std::io::Error>(match path.parent() {
                Some(dir) if target.is_relative() => dir.join(target),
                _ => target,
            })
        })?
    } else {
        path.to_path_buf()
    };
    let existing = match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => return Err(std::io::ErrorKind::IsADirectory.into()),
        // A device, a pipe or a socket is not replaced by a regular file.
        Ok(m) if !m.is_file() => return Err(std::io::ErrorKind::InvalidInput.into()),
        // A read-only file stays as its owner left it.
        Ok(m) if m.permissions().readonly() => {
            return Err(std::io::ErrorKind::PermissionDenied.into());
        }
        Ok(m) => Some(m.permissions()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.hvadvisor-{}.tmp", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A new file gets the usual 0666 minus the umask; an existing one, its own mode (below).
        options.mode(if existing.is_some() { 0o600 } else { 0o666 });
    }
    let mut f = options.open(&tmp)?;
    let result = (|| {
        f.write_all(text)?;
        f.sync_all()?;
        if let Some(perms) = existing {
            std::fs::set_permissions(&tmp, perms)?;
        }
        std::fs::rename(&tmp, &path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
