//! Where inputs come from: the copies embedded in the binary, or a directory the user names.

use crate::criteria::ProfileSource;
use crate::diag::{Code, Diagnostic};
use crate::knowledge::HypervisorSource;
use std::path::Path;

mod files {
    include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));
}

pub use crate::knowledge::KnowledgeFiles;

fn source(path: &str, text: &str) -> HypervisorSource {
    HypervisorSource {
        file: path.to_owned(),
        text: text.to_owned(),
        tree: files::TREES
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, t)| *t),
    }
}

/// The knowledge base shipped with hvadvisor.
pub fn knowledge() -> KnowledgeFiles {
    let find = |p: &str| files::KNOWLEDGE.iter().find(|(name, _)| *name == p);
    let (name, text) = find("knowledge/features.yaml").expect("catalogue is embedded");
    KnowledgeFiles {
        catalogue: source(name, text),
        hypervisors: files::KNOWLEDGE
            .iter()
            .filter(|(name, _)| name.starts_with("knowledge/hypervisors/"))
            .map(|(name, text)| source(name, text))
            .collect(),
        currencies: find("knowledge/currencies.yaml").map(|(name, text)| source(name, text)),
        hash: Some(files::KNOWLEDGE_HASH),
    }
}

/// The largest file read on a user's or a document's behalf (answers, profiles given by path):
/// far above any real one, and a `/dev/zero` named by mistake stops there.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a text file of at most [`MAX_INPUT_BYTES`]; a larger one (or an endless device) is an
/// error of kind "too-large" instead of filling the memory.
pub fn read_limited(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            "too large",
        ));
    }
    String::from_utf8(bytes).map_err(|_| std::io::ErrorKind::InvalidData.into())
}

fn read(path: &Path) -> Result<String, Diagnostic> {
    read_limited(path).map_err(|e| Diagnostic::io(Code::Io, &path.display().to_string(), &e))
}

/// A knowledge base in a directory laid out like `knowledge/`: `features.yaml`,
/// `hypervisors/*.yaml` read in sorted order, and `currencies.yaml` when present.
pub fn knowledge_dir(dir: &Path) -> Result<KnowledgeFiles, Diagnostic> {
    let cat_path = dir.join("features.yaml");
    let catalogue = HypervisorSource {
        file: cat_path.display().to_string(),
        text: read(&cat_path)?,
        tree: None,
    };
    let hv_dir = dir.join("hypervisors");
    let mut paths: Vec<_> = std::fs::read_dir(&hv_dir)
        .map_err(|e| Diagnostic::io(Code::Io, &hv_dir.display().to_string(), &e))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    paths.sort();
    let mut hypervisors = Vec::new();
    for p in paths {
        hypervisors.push(HypervisorSource {
            file: p.display().to_string(),
            text: read(&p)?,
            tree: None,
        });
    }
    let rates_path = dir.join("currencies.yaml");
    let currencies = match rates_path.try_exists() {
        Ok(true) => Some(HypervisorSource {
            file: rates_path.display().to_string(),
            text: read(&rates_path)?,
            tree: None,
        }),
        _ => None,
    };
    Ok(KnowledgeFiles {
        catalogue,
        hypervisors,
        currencies,
        hash: None,
    })
}

/// Names of the built-in profiles, sorted (the questionnaire file is not a profile).
pub fn profile_names() -> Vec<String> {
    files::CRITERIA
        .iter()
        .filter_map(|(name, _)| name.strip_prefix("criteria/")?.strip_suffix(".yaml"))
        .filter(|n| !n.contains('/') && *n != "questionnaire")
        .map(str::to_owned)
        .collect()
}

/// A built-in profile by name.
pub fn profile(name: &str) -> Option<ProfileSource> {
    let path = format!("criteria/{name}.yaml");
    files::CRITERIA
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(p, text)| ProfileSource {
            file: (*p).to_owned(),
            text: (*text).to_owned(),
        })
}

/// A built-in profile loaded against `catalogue` (its parents resolved among the built-in ones):
/// the profile, or every diagnostic.
pub fn load_builtin_profile(
    catalogue: &crate::knowledge::Catalogue,
    name: &str,
) -> Result<crate::criteria::Profile, Vec<Diagnostic>> {
    let Some(source) = profile(name) else {
        return Err(vec![
            Diagnostic::new(Code::UnknownProfile, "<built-in>", 0, 0).arg("profile", name),
        ]);
    };
    let resolver = parent_resolver(&source);
    let (p, diags) = crate::criteria::load_profile(catalogue, &source, &resolver, &profile_names());
    p.ok_or(diags)
}

/// Every built-in profile, in name order (the synthèse gives a verdict for each).
pub fn load_builtin_profiles(
    catalogue: &crate::knowledge::Catalogue,
) -> Result<Vec<crate::criteria::Profile>, Vec<Diagnostic>> {
    profile_names()
        .iter()
        .map(|name| load_builtin_profile(catalogue, name))
        .collect()
}

/// Resolves what a user typed after `--profile`: a path when it names a file, otherwise a
/// built-in name. Parents named by `extends` are looked up beside the file first.
pub fn resolve_profile(arg: &str) -> Result<ProfileSource, Diagnostic> {
    let path = Path::new(arg);
    if arg.ends_with(".yaml") || arg.ends_with(".yml") || path.is_file() {
        return Ok(ProfileSource {
            file: arg.to_owned(),
            text: read(path)?,
        });
    }
    profile(arg).ok_or_else(|| {
        let names = profile_names();
        Diagnostic::new(Code::UnknownProfile, "<command line>", 0, 0)
            .arg("profile", arg)
            .suggest(crate::diag::did_you_mean(
                arg,
                names.iter().map(String::as_str),
            ))
    })
}

/// Finds the parent of a profile: a sibling file `NAME.yaml`, else a built-in profile.
pub fn parent_resolver(child: &ProfileSource) -> impl Fn(&str) -> Option<ProfileSource> + use<> {
    let dir = Path::new(&child.file).parent().map(Path::to_path_buf);
    let builtin = child.file.starts_with("criteria/")
        && profile_names()
            .iter()
            .any(|n| child.file == format!("criteria/{n}.yaml"));
    move |name: &str| {
        if !builtin && let Some(dir) = &dir {
            let p = dir.join(format!("{name}.yaml"));
            if let Ok(text) = read_limited(&p) {
                return Some(ProfileSource {
                    file: p.display().to_string(),
                    text,
                });
            }
        }
        profile(name)
    }
}

/// A built-in template or message catalogue by path relative to `templates/`.
pub fn template(name: &str) -> Option<&'static str> {
    files::TEMPLATES
        .iter()
        .find(|(p, _)| p.strip_prefix("templates/") == Some(name))
        .map(|(_, t)| *t)
}

/// Every built-in template path relative to `templates/`.
pub fn template_names() -> impl Iterator<Item = &'static str> {
    files::TEMPLATES
        .iter()
        .filter_map(|(p, _)| p.strip_prefix("templates/"))
}

/// The built-in questionnaire (`criteria/questionnaire.yaml`).
pub fn questionnaire() -> ProfileSource {
    let path = "criteria/questionnaire.yaml";
    let (_, text) = files::CRITERIA
        .iter()
        .find(|(p, _)| *p == path)
        .expect("questionnaire is embedded");
    ProfileSource {
        file: path.to_owned(),
        text: (*text).to_owned(),
    }
}
