//! The binary as a user runs it: exit codes, standard output and standard error.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    crate::support::hvadvisor()
        .args(args)
        .output()
        .expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn report_in_french_and_english() {
    let fr = run(&[
        "report",
        "--profile",
        "sme",
        "--lang",
        "fr",
        "--detail",
        "full",
    ]);
    assert_eq!(fr.status.code(), Some(0), "{}", stderr(&fr));
    let text = stdout(&fr);
    assert!(text.starts_with("# Comparaison d'hyperviseurs\u{a0}: PME\n"));
    for heading in [
        "## Synthèse",
        "## Classement",
        "## Justification des scores",
        "## Sources",
        "## Méthode",
    ] {
        assert!(text.contains(heading), "missing {heading}");
    }
    let en = run(&["report", "--profile", "sme", "--lang", "en"]);
    assert_eq!(en.status.code(), Some(0));
    assert!(stdout(&en).starts_with("# Hypervisor comparison: Small and medium business\n"));
}

#[test]
fn report_json_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sme.json");
    let o = run(&[
        "report",
        "--profile",
        "sme",
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["profile"], "sme");
    assert_eq!(json["ranking"][0]["rank"], 1);
    assert!(json["ranking"][0]["criteria"][1]["reasons"][0]["sources"][0]["url"].is_string());
    // Nothing else is left behind in the folder.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn evaluate_table_and_json() {
    let o = run(&["evaluate", "--profile", "homelab"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.starts_with("Ranking for profile homelab\n"));
    assert!(text.lines().any(|l| l.starts_with("1 ")));
    let o = run(&["evaluate", "--profile", "homelab", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let weights = json["weights"].as_object().unwrap();
    let sum: f64 = weights.values().map(|v| v.as_f64().unwrap()).sum();
    assert!((sum - 1.0).abs() < 1e-3);
}

#[test]
fn kb_check_passes_on_the_builtin_base_and_fails_with_lines_on_a_broken_one() {
    let o = run(&["kb", "check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("no error"));

    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path();
    std::fs::create_dir_all(kb.join("hypervisors")).unwrap();
    let fixtures = crate::support::fixtures().join("kb");
    std::fs::copy(fixtures.join("features.yaml"), kb.join("features.yaml")).unwrap();
    let alpha = std::fs::read_to_string(fixtures.join("hypervisors/alpha.yaml")).unwrap();
    let broken = alpha.replace(
        "support: native\n    value: 32",
        "support: nativ\n    value: 32",
    );
    std::fs::write(kb.join("hypervisors/alpha.yaml"), broken).unwrap();
    let o = run(&["kb", "check", "--knowledge", kb.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("hypervisors/alpha.yaml:30:14: error[E007]: unknown value “nativ”"),
        "{err}"
    );
    assert!(err.contains("did you mean “native”?"), "{err}");
}

#[test]
fn kb_export_json() {
    let o = run(&["kb", "export", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["schema_version"], 1);
    let features = json["features"].as_array().unwrap();
    assert!(features.len() >= 61);
    assert!(features[0]["label"]["fr"].is_string());
    let hvs = json["hypervisors"].as_array().unwrap();
    assert!(hvs.len() >= 7);
    let pve = hvs.iter().find(|h| h["id"] == "proxmox-ve").unwrap();
    assert_eq!(pve["features"].as_object().unwrap().len(), features.len());
    assert!(
        pve["features"]["cluster.ha"]["sources"][0]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
}

#[test]
fn profiles_are_listed() {
    let o = run(&["profiles"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    for p in ["education", "homelab", "sme"] {
        assert!(
            text.lines().any(|l| l.starts_with(p)),
            "{p} missing from {text}"
        );
    }
}

#[test]
fn unknown_profile_suggests_the_closest() {
    let o = run(&["report", "--profile", "smee"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("there is no profile named “smee”"));
    assert!(stderr(&o).contains("did you mean “sme”?"));
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(run(&["report"]).status.code(), Some(2));
    assert_eq!(
        run(&["report", "--profile", "sme", "--lang", "de"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn kb_check_warns_about_stale_facts_at_their_line() {
    let kb = crate::support::fixtures().join("kb");
    let kb = kb.to_str().unwrap();
    let fresh = run(&["kb", "check", "--knowledge", kb, "--today", "2027-05-31"]);
    assert_eq!(fresh.status.code(), Some(0));
    assert!(
        stderr(&fresh).contains("no error, no warning"),
        "{}",
        stderr(&fresh)
    );
    let old = run(&[
        "kb",
        "check",
        "--knowledge",
        kb,
        "--today",
        "2027-06-02",
        "--max-age",
        "12",
    ]);
    assert_eq!(old.status.code(), Some(0), "warnings do not fail the check");
    let err = stderr(&old);
    assert!(
        err.contains("hypervisors/alpha.yaml:34:3: warning[W002]: the fact “cluster.ha” was checked on 2026-06-01, more than 12 months ago"),
        "{err}"
    );
    assert!(err.contains("no error, 27 warnings"), "{err}");
}

#[test]
fn kb_stats_counts_filled_sourced_and_unknown() {
    let kb = crate::support::fixtures().join("kb");
    let o = run(&[
        "kb",
        "stats",
        "--format",
        "json",
        "--knowledge",
        kb.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let gamma = &json["hypervisors"][2];
    assert_eq!(gamma["id"], "gamma");
    assert_eq!(
        (
            gamma["features"].as_u64(),
            gamma["filled"].as_u64(),
            gamma["unknown"].as_u64()
        ),
        (Some(9), Some(8), Some(1))
    );
    assert_eq!(gamma["sourced"], 8);
    let table = run(&["kb", "stats", "--lang", "fr"]);
    assert!(stdout(&table).contains("Proxmox VE"));
}

#[test]
fn kb_show_lists_every_fact_with_sources() {
    let o = run(&["kb", "show", "proxmox-ve", "--lang", "fr"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.starts_with("# Proxmox VE "));
    assert!(text.contains("| Haute disponibilité | ✅ intégré |"));
    assert!(text.contains("## Sources"));
    let bad = run(&["kb", "show", "proxmoxve"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("did you mean “proxmox-ve”?"));
}

#[test]
fn report_lists_ports_of_the_winner_and_of_requested_hypervisors() {
    let o = run(&["report", "--profile", "sme", "--ports", "hyper-v"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let ports = text.split("### Ports to open").nth(1).unwrap();
    let ports = &ports[..ports.find("### How users reach the VMs").unwrap()];
    assert_eq!(ports.matches("Firewall ports used by").count(), 2);
    assert!(ports.contains("Firewall ports used by Hyper-V"));
    assert!(ports.contains("| 6600 | TCP |"), "{ports}");
    let bad = run(&["report", "--profile", "sme", "--ports", "hyperv"]);
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn compare_only_the_hypervisors_an_assignment_names() {
    let o = run(&[
        "evaluate",
        "--profile",
        "sme",
        "--format",
        "json",
        "--hypervisors",
        "vmware-esxi,proxmox-ve,incus",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let mut ids: Vec<&str> = v["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .chain(v["eliminated"].as_array().unwrap())
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    ids.sort();
    assert_eq!(ids, ["incus", "proxmox-ve", "vmware-esxi"]);
    // The same from a profile's candidates key.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("tp.yaml");
    std::fs::write(
        &p,
        "id: tp\nextends: education\ncandidates: [proxmox-ve, xcp-ng]\n",
    )
    .unwrap();
    let o = run(&["evaluate", "--profile", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("Proxmox VE") && out.contains("XCP-ng") && !out.contains("Incus"),
        "{out}"
    );
    // An unknown id is an error with a hint, on the command line and in a profile.
    let o = run(&["evaluate", "--profile", "sme", "--hypervisors", "esxi"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("did you mean “vmware-esxi”?"),
        "{}",
        stderr(&o)
    );
    std::fs::write(&p, "id: tp\nextends: education\ncandidates: [proxmox]\n").unwrap();
    let o = run(&["evaluate", "--profile", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("tp.yaml:3:13: error[E025]"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn hypervisors_are_listed_with_their_ids() {
    let o = run(&["hypervisors"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("vmware-esxi  VMware vSphere (ESXi)"), "{out}");
    assert_eq!(out.lines().count(), 12, "{out}");
}

#[test]
fn synthese_of_the_named_systems_with_a_verdict_per_use_case() {
    let o = run(&[
        "synthese",
        "--hypervisors",
        "vmware-esxi,proxmox-ve,incus",
        "--lang",
        "fr",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with("# Synthèse comparative\u{a0}: "),
        "{}",
        &text[..80]
    );
    for heading in [
        "## Les systèmes",
        "### Proxmox VE 9.2",
        "## Verdict par cas d'usage",
        "## Gagnant par catégorie",
        "## Comparaison par catégorie",
        "## Coût total de possession",
        "## Sources",
    ] {
        assert!(text.contains(heading), "missing {heading}");
    }
    // One row per built-in profile, and only the three systems in the tables.
    let rows = text
        .split("## Verdict par cas d'usage")
        .nth(1)
        .unwrap()
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .count();
    assert_eq!(rows, 2 + 7, "header, rule and one row per built-in profile");
    assert!(
        !text.contains("XCP-ng |"),
        "only the named systems are compared"
    );
    assert!(text.contains("Licence\u{a0}: propriétaire"));
    // Each row's reason: the decisive criterion, its points and the feature that decides, or
    // why the others were ruled out.
    let row = |title: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("| {title} |")))
            .unwrap_or_else(|| panic!("no row {title}"))
            .to_owned()
    };
    assert!(
        row("Homelab").contains("\u{a0}: surtout ") && row("Homelab").contains(" contre "),
        "{}",
        row("Homelab")
    );
    assert!(
        row("Datacenter").contains(
            "seul retenu, écartés\u{a0}: Incus (haute disponibilité), Proxmox VE (support exigé)"
        ),
        "{}",
        row("Datacenter")
    );
}

/// A file replaced by `--output` keeps what the user set: its permissions, and a symbolic
/// link stays a link to the file it names.
#[cfg(unix)]
#[test]
fn output_keeps_permissions_and_links() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tempfile::tempdir().unwrap();
    let private = dir.path().join("private.md");
    std::fs::write(&private, "old").unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    let o = run(&[
        "report",
        "--profile",
        "sme",
        "--output",
        private.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mode = std::fs::metadata(&private).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a private file stays private");
    assert_ne!(std::fs::read_to_string(&private).unwrap(), "old");

    let target = dir.path().join("target.md");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.md");
    symlink("target.md", &link).unwrap();
    let o = run(&[
        "report",
        "--profile",
        "sme",
        "--output",
        link.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays"
    );
    assert!(std::fs::read_to_string(&target).unwrap().starts_with("# "));

    // A dangling link names the file to create.
    let fresh = dir.path().join("fresh-link.md");
    symlink("created.md", &fresh).unwrap();
    let o = run(&[
        "report",
        "--profile",
        "sme",
        "--output",
        fresh.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&fresh)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(dir.path().join("created.md").is_file());

    // A folder is refused, and nothing is left behind.
    let o = run(&[
        "report",
        "--profile",
        "sme",
        "--output",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("E046"), "{}", stderr(&o));
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");

    // A file name near the 255-byte limit: the temporary name does not grow with it.
    let long = dir.path().join(format!("{}.md", "n".repeat(245)));
    let o = run(&[
        "report",
        "--profile",
        "sme",
        "--output",
        long.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(long.is_file());
}

/// The synthèse's figures: two SVG files beside `--output`, referenced from the Markdown;
/// inlined in HTML; absent from standard output (there is nowhere to put them).
#[test]
fn synthese_figures_beside_the_markdown_and_inlined_in_html() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("synthese.md");
    let systems = "vmware-esxi,proxmox-ve,incus";
    let o = run(&[
        "synthese",
        "--hypervisors",
        systems,
        "--lang",
        "fr",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(
        md.contains("](synthese-verdicts.svg)"),
        "the heat map is referenced"
    );
    assert!(
        md.contains("](synthese-criteria.svg)"),
        "the bar chart is referenced"
    );
    let heat = std::fs::read_to_string(dir.path().join("synthese-verdicts.svg")).unwrap();
    let bars = std::fs::read_to_string(dir.path().join("synthese-criteria.svg")).unwrap();
    for svg in [&heat, &bars] {
        assert!(
            svg.trim_start()
                .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")
        );
        assert!(svg.trim_end().ends_with("</svg>"));
        for name in ["Proxmox VE", "Incus", "VMware vSphere (ESXi)"] {
            assert!(svg.contains(name), "{name} is in every figure");
        }
        assert!(!svg.contains("XCP-ng"), "only the named systems");
    }
    // The heat map: one cell per (built-in profile, system), eliminated ones included.
    let cells = heat.matches("<rect ").count();
    assert_eq!(cells, 7 * 3, "{heat}");
    assert!(
        heat.contains("Labo DevOps"),
        "profile titles label the rows"
    );
    assert!(
        heat.contains("éliminé"),
        "datacenter eliminates the systems without its requirements"
    );

    // HTML: both figures inline, no files needed.
    let o = run(&[
        "synthese",
        "--hypervisors",
        systems,
        "--lang",
        "fr",
        "--format",
        "html",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = stdout(&o);
    assert_eq!(
        html.matches("<figure class=\"chart\">\n<svg").count(),
        2,
        "the heat map and the bars"
    );
    let verdicts = html.find("Verdict par cas d").unwrap();
    let heat_at = html
        .find("Score de chaque système pour chaque cas")
        .unwrap();
    let next = html[verdicts..].find("<h2").unwrap() + verdicts;
    assert!(
        heat_at > verdicts && heat_at < next,
        "the heat map closes its section"
    );

    // Standard output: no reference to files that were not written.
    let o = run(&["synthese", "--hypervisors", systems, "--lang", "fr"]);
    assert!(!stdout(&o).contains(".svg)"));
}

/// `synthese --format docx`, read back by an independent reader (python-docx, installed by
/// `.ci/run`): real headings with Word's heading styles, real tables with their cells, the
/// numbered sources with hyperlinks.
#[test]
fn synthese_docx_reads_back_with_python_docx() {
    // .ci/run names its own interpreter (a venv with python-docx); otherwise python3.
    let python = std::env::var("HVADVISOR_PYTHON").unwrap_or_else(|_| "python3".into());
    let has_reader = Command::new(&python)
        .args(["-c", "import docx"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_reader {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install python-docx (see .ci/run)"
        );
        eprintln!("python-docx not installed: skipped (CI installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("synthese.docx");
    let systems = "vmware-esxi,proxmox-ve,incus";
    let o = run(&[
        "synthese",
        "--hypervisors",
        systems,
        "--lang",
        "fr",
        "--format",
        "docx",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let script = r#"
import sys, docx
d = docx.Document(sys.argv[1])
for p in d.paragraphs:
    if p.style is not None and p.style.name.startswith("Heading"):
        print("H", p.style.name, p.text, sep="\t")
for t in d.tables:
    print("T", len(t.rows), len(t.columns), " | ".join(c.text for c in t.rows[0].cells), sep="\t")
print("L", len(d.element.body.xpath(".//w:hyperlink")), sep="\t")
for shape in d.inline_shapes:
    print("P", shape.width.cm > 5, shape.height.cm > 3, sep="\t")
for p in d.paragraphs:
    if p.text.startswith("1. "):
        print("S", p.text, sep="\t")
"#;
    let read = Command::new(&python)
        .args(["-c", script, out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let text = String::from_utf8(read.stdout).unwrap();
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    let heading = |style: &str, title: &str| {
        lines
            .iter()
            .any(|l| l[0] == "H" && l[1] == style && l[2].starts_with(title))
    };
    assert!(heading("Heading 1", "Synthèse comparative"), "{text}");
    assert!(heading("Heading 2", "Verdict par cas d'usage"), "{text}");
    assert!(heading("Heading 3", "Proxmox VE 9.2"), "{text}");
    // The verdict table: a header row and one row per built-in profile, five columns.
    let verdicts = lines
        .iter()
        .find(|l| l[0] == "T" && l[3].starts_with("Cas d'usage"))
        .unwrap_or_else(|| panic!("no verdict table: {text}"));
    assert_eq!((verdicts[1], verdicts[2]), ("8", "5"), "{text}");
    // Comparison tables: the feature column and the three systems.
    assert!(
        lines.iter().any(|l| l[0] == "T"
            && l[3].starts_with("Fonction | ")
            && ["Proxmox VE", "Incus", "VMware vSphere (ESXi)"]
                .iter()
                .all(|s| l[3].split(" | ").any(|c| c == *s))),
        "{text}"
    );
    let links: usize = lines.iter().find(|l| l[0] == "L").unwrap()[1]
        .parse()
        .unwrap();
    assert!(links > 50, "sources and references are hyperlinks: {links}");
    assert!(
        lines.iter().any(|l| l[0] == "S"),
        "numbered sources: {text}"
    );
    // The two figures (verdict heat map, criterion bars) are pictures of a readable size.
    let pictures: Vec<_> = lines.iter().filter(|l| l[0] == "P").collect();
    assert_eq!(pictures.len(), 2, "{text}");
    assert!(
        pictures.iter().all(|l| l[1] == "True" && l[2] == "True"),
        "{text}"
    );

    // The report and the memo take the same format.
    for (args, heading) in [
        (
            vec!["report", "--profile", "sme"],
            "H\tHeading 2\tClassement",
        ),
        (
            vec!["ask", "--answers", "tests/fixtures/answers-docx.yaml"],
            "H\tHeading 2\tRecommandation",
        ),
    ] {
        let out = dir.path().join("other.docx");
        let mut full = args.clone();
        full.extend([
            "--lang",
            "fr",
            "--format",
            "docx",
            "--output",
            out.to_str().unwrap(),
        ]);
        let o = run(&full);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let read = Command::new(&python)
            .args(["-c", script, out.to_str().unwrap()])
            .output()
            .unwrap();
        let text = String::from_utf8(read.stdout).unwrap();
        assert!(text.contains(heading), "{args:?}: {text}");
        assert!(
            text.lines().filter(|l| l.starts_with("T\t")).count() >= 2,
            "{text}"
        );
    }
}

/// The synthèse opens in LibreOffice: converted to PDF, it keeps its tables and figures and
/// prints on about 12 A4 pages for three systems (LibreOffice, poppler-utils and the Carlito
/// font, metric-compatible with Word's Calibri, are installed by .ci/run).
#[test]
fn synthese_docx_opens_in_libreoffice_within_twelve_pages() {
    let has = |cmd: &str, arg: &str| {
        Command::new(cmd)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !(has("soffice", "--version") && has("pdfinfo", "-v")) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install LibreOffice and poppler-utils (see .ci/run)"
        );
        eprintln!("LibreOffice or poppler-utils not installed: skipped (CI installs them)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("synthese.docx");
    let o = run(&[
        "synthese",
        "--hypervisors",
        "vmware-esxi,proxmox-ve,incus",
        "--lang",
        "fr",
        "--format",
        "docx",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A profile of its own, so that a user's LibreOffice settings play no part.
    let profile = format!("-env:UserInstallation=file://{}/lo", dir.path().display());
    let convert = |to: &str| {
        let o = Command::new("soffice")
            .args([
                profile.as_str(),
                "--headless",
                "--convert-to",
                to,
                "--outdir",
            ])
            .arg(dir.path())
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    convert("pdf");
    let info = Command::new("pdfinfo")
        .arg(dir.path().join("synthese.pdf"))
        .output()
        .unwrap();
    let info = String::from_utf8(info.stdout).unwrap();
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap_or_else(|| panic!("{info}"))
        .trim()
        .parse()
        .unwrap();
    assert!(info.contains("(A4)"), "{info}");
    // 12 pages measured when written.
    assert!((10..=12).contains(&pages), "{pages} pages");
    // LibreOffice read real tables and the two pictures.
    convert("html");
    let html = std::fs::read_to_string(dir.path().join("synthese.html")).unwrap();
    assert!(html.matches("<table").count() >= 12, "tables");
    assert!(html.matches("<img").count() >= 2, "figures");
    assert!(html.contains("Verdict par cas d"), "headings");
}

/// A .docx is never sprayed on a terminal: E047 says to give --output or redirect.
#[cfg(unix)]
#[test]
fn docx_refuses_a_terminal() {
    use expectrl::{Eof, Expect, Session};
    let mut cmd = crate::support::hvadvisor();
    cmd.args([
        "synthese",
        "--hypervisors",
        "incus,proxmox-ve",
        "--format",
        "docx",
        "--lang",
        "fr",
    ]);
    let mut p = Session::spawn(cmd).expect("spawn in a pty");
    p.set_expect_timeout(Some(std::time::Duration::from_secs(30)));
    p.expect("erreur[E047]").unwrap();
    p.expect("--output FICHIER").unwrap();
    p.expect(Eof).unwrap();
}

/// The same inputs give a byte-identical .docx (relationships and picture ids in a fixed order).
#[test]
fn docx_is_byte_identical_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    for name in ["a.docx", "b.docx"] {
        let out = dir.path().join(name);
        let o = run(&[
            "synthese",
            "--hypervisors",
            "proxmox-ve,xcp-ng",
            "--lang",
            "fr",
            "--format",
            "docx",
            "--output",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        bytes.push(std::fs::read(&out).unwrap());
    }
    assert!(bytes[0].len() > 10_000);
    assert!(bytes[0] == bytes[1], "two runs differ");
}

/// `--hypervisors` restricts every command that ranks: report and cost ignored it before.
#[test]
fn report_and_cost_rank_only_the_named_hypervisors() {
    for cmd in [["report", "--profile"], ["cost", "--profile"]] {
        let o = run(&[cmd[0], cmd[1], "sme", "--hypervisors", "proxmox-ve,xcp-ng"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let text = stdout(&o);
        assert!(
            text.contains("Proxmox VE") && text.contains("XCP-ng"),
            "{cmd:?}"
        );
        assert!(
            !text.contains("Nutanix AHV"),
            "{cmd:?}: a system not named is shown"
        );
    }
}

/// A source address cannot end its Markdown link and start a `javascript:` one: parentheses are
/// percent-encoded in every link, and `kb check` refuses addresses with spaces or brackets.
#[test]
fn source_addresses_cannot_inject_links() {
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("kb");
    let copy = |from: &std::path::Path, to: &std::path::Path| {
        std::fs::create_dir_all(to.join("hypervisors")).unwrap();
        std::fs::copy(from.join("features.yaml"), to.join("features.yaml")).unwrap();
        for e in std::fs::read_dir(from.join("hypervisors"))
            .unwrap()
            .flatten()
        {
            std::fs::copy(e.path(), to.join("hypervisors").join(e.file_name())).unwrap();
        }
    };
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    copy(&fixtures.join("kb"), &kb);
    let alpha = kb.join("hypervisors/alpha.yaml");
    let text = std::fs::read_to_string(&alpha).unwrap().replacen(
        "https://alpha.example.org/docs/guide.html",
        "https://x.example/)[click](javascript:alert(1))",
        1,
    );
    std::fs::write(&alpha, text).unwrap();
    let profile = fixtures.join("profiles/small.yaml");
    let o = run(&[
        "report",
        "--knowledge",
        kb.to_str().unwrap(),
        "--profile",
        profile.to_str().unwrap(),
        "--format",
        "html",
        "--detail",
        "full",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = stdout(&o);
    assert!(!html.contains("href=\"javascript:"), "a javascript: link");
    assert!(
        html.contains("https://x.example/%29%5Bclick%5D%28javascript:alert%281%29%29")
            || html.contains("https://x.example/%29[click]%28javascript:alert%281%29%29"),
        "the address stays one link"
    );
    // Spaces or angle brackets in an address are refused where it is written.
    let text = std::fs::read_to_string(&alpha).unwrap().replacen(
        "https://alpha.example.org/docs/ports.html",
        "https://a.example/<script>",
        1,
    );
    std::fs::write(&alpha, text).unwrap();
    let o = run(&["kb", "check", "--knowledge", kb.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("alpha.yaml:17:"), "{}", stderr(&o));
}

/// Extreme options are refused with a message instead of a panic or a wrong result (issue 13).
#[test]
fn extreme_options_are_refused() {
    // Used to panic on date arithmetic.
    let o = run(&["kb", "check", "--max-age", "4294967295"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("1..=1200"), "{}", stderr(&o));
    // No bound, and u32 counters, before.
    let o = run(&[
        "sensitivity",
        "--profile",
        "sme",
        "--samples",
        "10000000000",
    ]);
    assert_eq!(o.status.code(), Some(2));
    // Gamma draws underflowed to all-zero weights: Harvester "first" in 94 % of samples.
    let o = run(&["sensitivity", "--profile", "sme", "--dirichlet", "1e-4"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("between 0.1 and 1000000"),
        "{}",
        stderr(&o)
    );
    // A templates folder that does not exist was silently ignored.
    let o = run(&["--templates", "no/such/folder", "hypervisors"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no/such/folder: error[E001]"),
        "{}",
        stderr(&o)
    );
    // Every system eliminated: "**** wins under each" before.
    let o = run(&[
        "sensitivity",
        "--profile",
        "datacenter",
        "--hypervisors",
        "virtualbox",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(!text.contains("****"), "{text}");
    assert!(text.contains("Every hypervisor is eliminated"), "{text}");
}

/// Nothing a user owns is replaced by accident: a read-only file, a pipe, an input of the same
/// command, or one output named twice are refused and left as they were (issue 13).
#[cfg(unix)]
#[test]
fn outputs_that_would_lose_a_users_file_are_refused() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro.md");
    std::fs::write(&ro, "mine").unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = run(&[
        "report",
        "--profile",
        "sme",
        "--output",
        ro.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("the file is read-only"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), "mine");

    // A rename would split hard links: the other name would keep the old content.
    let linked = dir.path().join("linked.md");
    let other = dir.path().join("other-name.md");
    std::fs::write(&linked, "mine").unwrap();
    std::fs::hard_link(&linked, &other).unwrap();
    let o = run(&[
        "report",
        "--profile",
        "sme",
        "--output",
        linked.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("other hard links"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "mine");

    let fifo = dir.path().join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let o = run(&[
        "report",
        "--profile",
        "sme",
        "--output",
        fifo.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );

    let profile = dir.path().join("p.yaml");
    let text = "id: p\nextends: sme\ntitle: { en: P, fr: P }\n";
    std::fs::write(&profile, text).unwrap();
    let o = run(&[
        "report",
        "--profile",
        profile.to_str().unwrap(),
        "--output",
        profile.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("it is also an input of this command"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&profile).unwrap(), text);

    let memo = dir.path().join("x.md");
    let o = run(&[
        "ask",
        "--answers",
        "tests/fixtures/answers-docx.yaml",
        "--output",
        memo.to_str().unwrap(),
        "--save-profile",
        memo.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("another output of this command is the same file"),
        "{}",
        stderr(&o)
    );
    assert!(!memo.exists(), "nothing written");
}

/// A file read on the user's behalf has a size limit (`/dev/zero` filled the memory), and a
/// reader that stops reading (`| head`) is not an error of ours (issue 13).
#[cfg(unix)]
#[test]
fn endless_inputs_and_closed_pipes() {
    let o = run(&["ask", "--answers", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("larger than 16 MiB"), "{}", stderr(&o));
    let mut child = crate::support::hvadvisor()
        .args(["report", "--profile", "sme", "--detail", "full"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Read;
        let mut first = [0u8; 16];
        child
            .stdout
            .as_mut()
            .unwrap()
            .read_exact(&mut first)
            .unwrap();
    }
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Every message says where the problem is, in words a user reads, not a Rust programmer
/// (issue 13): each case is a mistake seen in hardening, with the exact location and message.
#[test]
fn messages_name_the_file_line_and_mistake() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let path = |name: &str| d.join(name).display().to_string();
    let write = |name: &str, text: &str| std::fs::write(d.join(name), text).unwrap();
    let check = |args: &[&str], expected: &str| {
        let o = run(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        let err = stderr(&o).replace(&format!("{}/", d.display()), "");
        assert!(
            err.contains(expected),
            "{args:?}:\n{err}\nexpected: {expected}"
        );
        for rust in [
            "Option<",
            "from_str",
            "Error {",
            "ParserError",
            "budget breached",
        ] {
            assert!(
                !err.contains(rust),
                "{args:?}: Rust-speak {rust:?} in\n{err}"
            );
        }
    };

    // A hypervisor id used by two files: the second file, at its id.
    crate::support::copy_dir(std::path::Path::new("knowledge"), &d.join("kb"));
    std::fs::copy(
        "knowledge/hypervisors/proxmox-ve.yaml",
        d.join("kb/hypervisors/proxmox-ve.yml"),
    )
    .unwrap();
    check(
        &["kb", "check", "--knowledge", &path("kb")],
        "kb/hypervisors/proxmox-ve.yml:1:5: error[E053]: the id “proxmox-ve” is already the id of",
    );

    // An empty criteria list: at the list, not at 1:1.
    write(
        "empty.yaml",
        "id: e\ntitle: { en: E, fr: E }\ndescription: { en: E, fr: E }\nrationale: { en: E, fr: E }\ncontext: { budget: none }\nunknown: absent\nsupport-scores: { native: 1, plugin: 0.7, partial: 0.5, experimental: 0.2, deprecated: 0.2, none: 0 }\n\ncriteria: []\n",
    );
    check(
        &["report", "--profile", &path("empty.yaml")],
        "empty.yaml:9:11: error[E054]: the list “criteria” is empty",
    );

    // A whole number too large for 64 bits is out of range, not of the wrong type.
    write(
        "hosts.yaml",
        "id: h\nextends: sme\ntitle: { en: H, fr: H }\nfleet:\n  hosts: 99999999999999999999\n",
    );
    check(
        &["report", "--profile", &path("hosts.yaml")],
        "hosts.yaml:5:10: error[E055]: 99999999999999999999 is out of range here: expected a whole number from 1 to 100000",
    );

    // Parser messages in plain words: a null key, two documents, an alias bomb.
    write("null-key.yaml", "~: x\n");
    check(
        &["report", "--profile", &path("null-key.yaml")],
        "null-key.yaml:1:1: error[E002]: invalid YAML: a key must be a word or a text",
    );
    write("two.yaml", "id: p\n---\nid: q\n");
    check(
        &["report", "--profile", &path("two.yaml")],
        "two.yaml:3:1: error[E002]: invalid YAML: one YAML document per file",
    );
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    write("bomb.yaml", &bomb);
    check(
        &["report", "--profile", &path("bomb.yaml")],
        "error[E002]: invalid YAML: the file expands to more than hvadvisor reads",
    );

    // A broken catalogue override: the .ftl file, line and column, and what was expected.
    std::fs::create_dir_all(d.join("tpl/i18n")).unwrap();
    write("tpl/i18n/en.ftl", "report-title = Hello {\nbroken = \n");
    check(
        &["--templates", &path("tpl"), "report", "--profile", "sme"],
        "tpl/i18n/en.ftl:2:8: error[E056]: invalid message catalogue: “}” expected here",
    );
    // A broken template: the template and its line, not the document being embedded.
    std::fs::create_dir_all(d.join("tpl2/snippets")).unwrap();
    write("tpl2/snippets/ranking.md.j2", "\n{% for x in %}\n");
    write(
        "doc.md",
        "# Doc\n\n<!-- hvadvisor ranking profile=sme -->\n<!-- /hvadvisor -->\n",
    );
    check(
        &["--templates", &path("tpl2"), "embed", &path("doc.md")],
        "tpl2/snippets/ranking.md.j2:2: error[E056]: template syntax error (minijinja: ",
    );
    // A missing answers file named by a block: the block's line and the file.
    write(
        "memo.md",
        "# Doc\n\ntext\n\n<!-- hvadvisor memo answers=nope.yaml -->\n<!-- /hvadvisor -->\n",
    );
    check(
        &["embed", &path("memo.md")],
        "memo.md:5: error[E057]: this block names nope.yaml, which cannot be used",
    );
    check(
        &["embed", &path("memo.md")],
        "nope.yaml: error[E001]: cannot read this file: no such file or directory",
    );
}

/// An mdBook error names the chapter's file as the author sees it (`src/intro.md`), not "book".
#[test]
fn mdbook_errors_name_the_chapter() {
    use std::io::Write;
    let mut child = crate::support::hvadvisor()
        .arg("mdbook")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let input = r#"[{"root":"/tmp/book","config":{"book":{"src":"pages"}}},{"items":[{"Chapter":{"name":"Intro","content":"a\n\n{{#hvadvisor ranking profile=smee}}\n","source_path":"intro.md","sub_items":[]}}]}]"#;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("pages/intro.md:3: error[E018]: there is no profile named “smee”"),
        "{}",
        stderr(&o)
    );
}

/// Shell completions and the manual page are generated from the same argument definitions
/// (issue 15); the bash script is valid bash and each script knows every subcommand.
#[test]
fn completions_and_manual_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = run(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        let text = stdout(&o);
        for sub in ["report", "ask", "serve", "synthese", "embed", "completions"] {
            assert!(text.contains(sub), "{shell} completion lacks {sub}");
        }
        if shell == "bash" && Command::new("bash").arg("--version").output().is_ok() {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("hvadvisor.bash");
            std::fs::write(&path, &text).unwrap();
            let check = Command::new("bash").arg("-n").arg(&path).status().unwrap();
            assert!(check.success(), "bash -n rejects the completion script");
        }
    }
    let o = run(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let man = stdout(&o);
    assert!(man.contains(".TH hvadvisor 1"), "{man}");
    assert!(
        man.contains(".SH SUBCOMMANDS") || man.contains("serve"),
        "{man}"
    );
}

/// The default language comes from HVADVISOR_LANG, then the locale; `--lang` wins (issue 15).
#[test]
fn language_from_the_environment() {
    let with = |vars: &[(&str, &str)], args: &[&str]| {
        let mut c = crate::support::hvadvisor();
        for (k, v) in vars {
            c.env(k, v);
        }
        let o = c.args(args).output().unwrap();
        String::from_utf8(o.stderr).unwrap()
    };
    let args = ["kb", "show", "esxi"];
    assert!(with(&[("LANG", "fr_FR.UTF-8")], &args).contains("erreur[E025]"));
    assert!(with(&[("LC_ALL", "fr_CA.UTF-8"), ("LANG", "en_US")], &args).contains("erreur"));
    assert!(
        with(&[("LANG", "fr_FR.UTF-8"), ("HVADVISOR_LANG", "en")], &args).contains("error[E025]")
    );
    assert!(
        with(&[("HVADVISOR_LANG", "fr")], &args)
            .contains("vouliez-vous dire «\u{202f}vmware-esxi\u{202f}»")
    );
    let mut explicit = args.to_vec();
    explicit.extend(["--lang", "en"]);
    assert!(with(&[("HVADVISOR_LANG", "fr")], &explicit).contains("error[E025]"));
    assert!(with(&[], &args).contains("did you mean “vmware-esxi”"));
}

/// Every `--format` a command offers produces that format (issue 15): `kb stats` offers a
/// table and JSON only; `ask --format json` carries the memo, not a copy of the report; JSON
/// keeps full precision, so the weights add up to 1.
#[test]
fn formats_mean_what_they_say() {
    for format in ["csv", "html"] {
        let o = run(&["kb", "stats", "--format", format]);
        assert_eq!(
            o.status.code(),
            Some(2),
            "kb stats --format {format} is not offered"
        );
    }
    let o = run(&["kb", "stats", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    serde_json::from_slice::<serde_json::Value>(&o.stdout).expect("kb stats JSON");

    let ask = run(&[
        "ask",
        "--answers",
        "tests/fixtures/answers-docx.yaml",
        "--format",
        "json",
        "--lang",
        "fr",
    ]);
    assert_eq!(ask.status.code(), Some(0), "{}", stderr(&ask));
    let memo: serde_json::Value = serde_json::from_slice(&ask.stdout).unwrap();
    assert_eq!(memo["kind"], "memo");
    assert_eq!(memo["lang"], "fr");
    let rec = &memo["recommendation"];
    assert!(
        rec["winner"].is_string() && rec["tie"].is_boolean(),
        "{rec}"
    );
    assert_eq!(memo["decisive"].as_array().unwrap().len(), 3);
    let fact = &memo["decisive"][0]["facts"][0];
    assert!(
        fact["sources"][0]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://"),
        "{fact}"
    );
    assert!(memo["would_change"].is_array());
    assert!(
        memo["answers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["question"] == "hosts")
    );
    let report = run(&[
        "report",
        "--answers",
        "tests/fixtures/answers-docx.yaml",
        "--format",
        "json",
    ]);
    assert_ne!(
        ask.stdout, report.stdout,
        "ask's JSON is the memo, not the report"
    );
    let o = run(&[
        "ask",
        "--answers",
        "tests/fixtures/answers-docx.yaml",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(2), "a memo is not a CSV score matrix");

    let eval: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let sum: f64 = eval["weights"]
        .as_object()
        .unwrap()
        .values()
        .map(|w| w.as_f64().unwrap())
        .sum();
    assert!((sum - 1.0).abs() < 1e-12, "weights sum to {sum}");
}
