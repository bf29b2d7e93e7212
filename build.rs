//! Embeds the built-in knowledge base, profiles and templates in the binary, so hvadvisor works
//! from any directory. Files are listed in sorted order so the generated code is deterministic.
//!
//! The knowledge files are also parsed here, with the library's own tree code, and embedded as
//! JSON trees with their positions: loading them at run time then skips the YAML parser, which
//! dominated the time of a whole `hvadvisor report`. A file that does not parse gets no tree and
//! is parsed (and diagnosed) at run time as usual.

#[path = "src/yaml_tree.rs"]
#[allow(dead_code)]
mod yaml_tree;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, exts, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| exts.contains(&e))
        {
            out.push(path);
        }
    }
}

fn table(code: &mut String, name: &str, root: &Path, dir: &str, exts: &[&str]) {
    println!("cargo::rerun-if-changed={dir}");
    let mut list = Vec::new();
    files(&root.join(dir), exts, &mut list);
    list.sort();
    writeln!(code, "pub static {name}: &[(&str, &str)] = &[").unwrap();
    for path in list {
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    writeln!(code, "];").unwrap();
}

/// `(path, parsed tree as JSON)` for every knowledge file that parses.
fn trees(code: &mut String, root: &Path, out: &Path) {
    let mut list = Vec::new();
    files(&root.join("knowledge"), &["yaml"], &mut list);
    list.sort();
    let cache = out.join("trees");
    std::fs::create_dir_all(&cache).unwrap();
    writeln!(code, "pub static TREES: &[(&str, &str)] = &[").unwrap();
    for (i, path) in list.iter().enumerate() {
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(path).unwrap();
        let Ok(tree) = yaml_tree::parse_tree(&text) else {
            continue;
        };
        let Ok(json) = serde_json::to_string(&tree) else {
            continue;
        };
        let file = cache.join(format!("{i}.json"));
        std::fs::write(&file, json).unwrap();
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .unwrap();
    }
    writeln!(code, "];").unwrap();
}

/// The short hash of the built-in knowledge files, computed as `knowledge::load` would (file
/// names, not folders, in name order; catalogue first; hypervisors and currencies.yaml sorted
/// together), so it need not be computed at run time.
fn knowledge_hash(code: &mut String, root: &Path) {
    use sha2::{Digest, Sha256};
    let catalogue = root.join("knowledge/features.yaml");
    let mut list = Vec::new();
    files(&root.join("knowledge/hypervisors"), &["yaml"], &mut list);
    let rates = root.join("knowledge/currencies.yaml");
    if rates.is_file() {
        list.push(rates);
    }
    let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
    let mut named: Vec<(String, PathBuf)> = list.into_iter().map(|p| (name(&p), p)).collect();
    named.sort();
    let mut h = Sha256::new();
    for (n, path) in std::iter::once((name(&catalogue), catalogue.clone())).chain(named) {
        h.update(n.as_bytes());
        h.update([0]);
        h.update(std::fs::read(&path).unwrap());
        h.update([0]);
    }
    let hex: String = h
        .finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect();
    writeln!(code, "pub static KNOWLEDGE_HASH: &str = {hex:?};").unwrap();
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut code = String::new();
    table(&mut code, "KNOWLEDGE", &root, "knowledge", &["yaml"]);
    table(&mut code, "CRITERIA", &root, "criteria", &["yaml"]);
    table(&mut code, "TEMPLATES", &root, "templates", &["j2", "ftl"]);
    println!("cargo::rerun-if-changed=src/yaml_tree.rs");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    trees(&mut code, &root, &out_dir);
    knowledge_hash(&mut code, &root);
    std::fs::write(out_dir.join("builtin_files.rs"), code).unwrap();
}
