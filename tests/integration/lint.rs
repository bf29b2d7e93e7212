//! The generated Markdown passes a real linter: markdownlint-cli2 (installed by `.ci/run`
//! through npm) with the configuration committed at the repository root.

use crate::support::fixtures;
use std::path::PathBuf;
use std::process::Command;

fn linter() -> Option<PathBuf> {
    let local = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(".ci/node/node_modules/.bin/markdownlint-cli2");
    if local.is_file() {
        return Some(local);
    }
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("markdownlint-cli2"))
            .find(|p| p.is_file())
    })
}

fn hv(args: &[&str]) -> String {
    let o = crate::support::hvadvisor().args(args).output().unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn generated_markdown_passes_markdownlint() {
    let Some(lint) = linter() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install markdownlint-cli2 (see .ci/run)"
        );
        eprintln!("markdownlint-cli2 not installed: skipped (CI installs it)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let small = fixtures().join("profiles/small.yaml").display().to_string();
    let kb = fixtures().join("kb").display().to_string();
    let answers = dir.path().join("answers.yaml");
    std::fs::write(&answers, "hosts: 2\nha: required\n").unwrap();
    let answers = answers.display().to_string();
    let docs: Vec<(&str, String)> = vec![
        (
            "report-sme-fr.md",
            hv(&["report", "--profile", "sme", "--lang", "fr"]),
        ),
        (
            "report-datacenter-en.md",
            hv(&["report", "--profile", "datacenter", "--ports", "proxmox-ve"]),
        ),
        (
            "report-fixture-en.md",
            hv(&["report", "--profile", &small, "--knowledge", &kb]),
        ),
        (
            "memo-fr.md",
            hv(&["ask", "--answers", &answers, "--lang", "fr"]),
        ),
        ("memo-en.md", hv(&["ask", "--answers", &answers])),
        ("show-fr.md", hv(&["kb", "show", "xcp-ng", "--lang", "fr"])),
        (
            "synthese-fr.md",
            hv(&[
                "synthese",
                "--hypervisors",
                "vmware-esxi,proxmox-ve,incus",
                "--lang",
                "fr",
            ]),
        ),
        (
            "report-full-en.md",
            hv(&["report", "--profile", "sme", "--detail", "full"]),
        ),
    ];
    for (name, text) in &docs {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    // Snippets embedded in a document, as a documentation writer would use them.
    let guide = dir.path().join("guide.md");
    std::fs::write(
        &guide,
        "# Guide\n\n<!-- hvadvisor ranking profile=homelab lang=fr -->\n<!-- /hvadvisor -->\n\n<!-- hvadvisor matrix categories=network -->\n<!-- /hvadvisor -->\n\n<!-- hvadvisor ports hypervisor=incus -->\n<!-- /hvadvisor -->\n\n<!-- hvadvisor score profile=sme hypervisor=hyper-v -->\n<!-- /hvadvisor -->\n",
    )
    .unwrap();
    hv(&["embed", guide.to_str().unwrap()]);
    let config = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".markdownlint-cli2.yaml");
    let o = Command::new(lint)
        .arg("--config")
        .arg(&config)
        .arg("*.md")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains("Linting: 9 file(s)") || out.contains("Linting: 9 files"),
        "{out}"
    );
}
