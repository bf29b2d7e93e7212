//! `hvadvisor schema KIND` (issue 15): every built-in file, fixture and documented example
//! validates against its schema, with an independent validator (Python's jsonschema, Draft
//! 2020-12; `.ci/run` installs it in `.ci/venv`), and a file with a mistake does not.

use std::io::Write;
use std::process::{Command, Stdio};

fn schema(kind: &str, kb: Option<&str>) -> String {
    let mut c = crate::support::hvadvisor();
    c.args(["schema", kind]);
    if let Some(dir) = kb {
        c.args(["--knowledge", dir]);
    }
    crate::support::stdout_of(&mut c)
}

/// Validates YAML documents (as JSON) against a schema; returns the error of each, or "ok".
fn validate(schema: &str, documents: &[(String, String)]) -> Vec<(String, String)> {
    let python = std::env::var("HVADVISOR_PYTHON").unwrap_or_else(|_| "python3".into());
    let docs: Vec<serde_json::Value> = documents
        .iter()
        .map(|(name, yaml)| {
            let v: serde_json::Value =
                serde_saphyr::from_str(yaml).unwrap_or_else(|e| panic!("{name}: {e}"));
            serde_json::json!({ "name": name, "doc": v })
        })
        .collect();
    let input = serde_json::json!({ "schema": serde_json::from_str::<serde_json::Value>(schema).unwrap(), "docs": docs });
    let script = r#"
import json, sys
import jsonschema
spec = json.load(sys.stdin)
jsonschema.Draft202012Validator.check_schema(spec["schema"])
v = jsonschema.Draft202012Validator(spec["schema"])
for d in spec["docs"]:
    errors = sorted(v.iter_errors(d["doc"]), key=lambda e: list(e.path))
    print(json.dumps([d["name"], errors[0].message if errors else "ok"]))
"#;
    let mut child = Command::new(&python)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{python}: {e} (jsonschema is installed by .ci/run)"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<(String, String)>(l).unwrap())
        .collect()
}

fn files(dir: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn all_ok(results: &[(String, String)]) {
    for (name, result) in results {
        assert_eq!(result, "ok", "{name}");
    }
}

#[test]
fn built_in_files_and_fixtures_validate() {
    // Hypervisor files, each against the schema of its own base's catalogue.
    all_ok(&validate(
        &schema("knowledge", None),
        &files("knowledge/hypervisors"),
    ));
    let fixture = "tests/fixtures/kb";
    all_ok(&validate(
        &schema("knowledge", Some(fixture)),
        &files("tests/fixtures/kb/hypervisors"),
    ));
    // Profiles.
    let mut profiles = files("criteria");
    profiles.retain(|(n, _)| !n.ends_with("questionnaire.yaml"));
    profiles.extend(files("docs/src"));
    all_ok(&validate(&schema("profile", None), &profiles));
    all_ok(&validate(
        &schema("profile", Some(fixture)),
        &files("tests/fixtures/profiles"),
    ));
    // Answers: the fixture, the guide's example and every scenario's answers.
    let mut answers = vec![(
        "answers-docx".to_owned(),
        std::fs::read_to_string("tests/fixtures/answers-docx.yaml").unwrap(),
    )];
    answers.extend(files("docs/src/answers"));
    for (name, text) in files("tests/scenarios") {
        let part = text.split_once("\nanswers:\n").unwrap().1;
        let dedented: Vec<&str> = part
            .lines()
            .map(|l| l.strip_prefix("  ").unwrap_or(l))
            .collect();
        answers.push((name, dedented.join("\n")));
    }
    all_ok(&validate(&schema("answers", None), &answers));
    // The README's quotes example.
    let readme = std::fs::read_to_string("README.md").unwrap();
    let quotes = readme.split("```yaml\nprices:").nth(1).unwrap();
    let quotes = format!("prices:{}", &quotes[..quotes.find("```").unwrap()]);
    all_ok(&validate(
        &schema("prices", None),
        &[("README quotes".into(), quotes)],
    ));
    // Measurements as `bench import` writes them.
    let dir = tempfile::tempdir().unwrap();
    crate::support::stdout_of(
        crate::support::hvadvisor()
            .args([
                "bench",
                "import",
                "tests/fixtures/bench/iperf3-tcp.json",
                "tests/fixtures/bench/fio-3.42-randwrite.json",
                "--hypervisor",
                "proxmox-ve",
                "--into",
            ])
            .arg(dir.path())
            .args(["--hardware", "2 x EPYC", "--nested"]),
    );
    all_ok(&validate(
        &schema("measurements", None),
        &files(dir.path().to_str().unwrap()),
    ));
}

#[test]
fn mistakes_are_caught_by_the_schemas() {
    let cases = [
        ("answers", "ha: maybe\n", "is not one of"),
        ("answers", "hosts: 0\n", "less than the minimum"),
        ("answers", "colour: blue\n", "Additional properties"),
        (
            "profile",
            "id: p\nextends: sme\nunknwn: absent\n",
            "Additional properties",
        ),
        (
            "profile",
            "id: p\ncriteria:\n  - id: c\n    features: { virt.nope: 1 }\n",
            "is not one of",
        ),
        (
            "prices",
            "prices:\n  - hypervisor: proxmox\n    edition: basic\n    lines: []\n",
            "is not one of",
        ),
        (
            "measurements",
            "hypervisor: x\nruns:\n  - { tool: ab, version: '1', test: t, metrics: {} }\n",
            "is not one of",
        ),
    ];
    for (kind, doc, expected) in cases {
        let results = validate(&schema(kind, None), &[(kind.to_owned(), doc.to_owned())]);
        assert!(
            results[0].1.contains(expected),
            "{kind}: {doc:?} gave {:?}",
            results[0].1
        );
    }
}
