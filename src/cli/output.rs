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

use crate::diag::Refused;

fn refused(why: Refused) -> std::io::Error {
    std::io::Error::other(why)
}

/// Replaces a file's content atomically, without changing what the user set up around it:
/// - the new content goes to a temporary file with a random name in the same folder (created
///   exclusively by the `tempfile` crate, readable by its owner only, so a planted file or link
///   is never followed and a long file name never makes the temporary name too long), then
///   replaces the file by a rename;
/// - an existing file keeps its permissions (a private file stays private) and, where the
///   system allows it, its owner and group; a new file gets 0666 minus the umask;
/// - a symbolic link is written through: the file it names is replaced, the link stays;
/// - a folder, a device, a pipe or a socket is refused, and so are a read-only file and a file
///   with other hard links (a rename would split them).
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
        Ok(m) if m.permissions().readonly() => return Err(refused(Refused::ReadOnly)),
        Ok(m) if link_count(&m) > 1 => return Err(refused(Refused::HardLinked)),
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".hvadvisor-").suffix(".tmp");
    #[cfg(unix)]
    if existing.is_none() {
        use std::os::unix::fs::PermissionsExt;
        // Created with 0666, the umask applies as it would to any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(text)?;
    if let Some(meta) = &existing {
        keep_owner(tmp.as_file(), meta);
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.as_file().sync_all()?;
    // On failure the temporary file is removed when `tmp` is dropped.
    tmp.persist(&path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
fn link_count(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn link_count(_: &std::fs::Metadata) -> u64 {
    1
}

/// Gives the new file the owner and group of the one it replaces, as far as the system allows
/// (only root may give a file away; its owner may still set one of its groups).
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, meta: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    if std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(meta.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_: &std::fs::File, _: &std::fs::Metadata) {}
