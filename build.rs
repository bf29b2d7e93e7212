//! Embeds the built-in knowledge base, profiles and templates in the binary, so hvadvisor works
//! from any directory. Files are listed in sorted order so the generated code is deterministic.

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

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut code = String::new();
    table(&mut code, "KNOWLEDGE", &root, "knowledge", &["yaml"]);
    table(&mut code, "CRITERIA", &root, "criteria", &["yaml"]);
    table(&mut code, "TEMPLATES", &root, "templates", &["j2", "ftl"]);
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("builtin_files.rs");
    std::fs::write(out, code).unwrap();
}
