//! The README's excerpt of real output must be real output.

#[test]
fn readme_excerpt_matches_real_output() {
    let readme = include_str!("../../README.md");
    let marker = "<!-- excerpt: ";
    let mut seen = 0;
    for (start, _) in readme.match_indices(marker) {
        seen += 1;
        let rest = &readme[start + marker.len()..];
        let args: Vec<&str> = rest[..rest.find(" -->").unwrap()]
            .split_whitespace()
            .collect();
        let block = rest.split("```markdown\n").nth(1).unwrap();
        let block = &block[..block.find("```").unwrap()];
        let out = crate::support::hvadvisor().args(&args).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for line in block.lines().filter(|l| !l.is_empty()) {
            assert!(
                lines.contains(&line),
                "README line not in `hvadvisor {}` output:\n{line}",
                args.join(" ")
            );
        }
    }
    assert!(seen >= 2, "the README shows a report and a cost table");
}

#[test]
fn readme_diagnostic_example_is_what_kb_check_prints() {
    let readme = include_str!("../../README.md");
    assert!(readme.contains(
        "alpha.yaml:30:14: error[E007]: unknown value “nativ”; expected one of: native, plugin, partial, experimental, deprecated, none, unknown\n  = hint: did you mean “native”?"
    ));
    // The same line is asserted against the binary in cli::kb_check_passes_on_the_builtin_base…
}

/// The README's table of hypervisor ids is the knowledge base's (issue 15).
#[test]
fn readme_lists_every_hypervisor_id() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let table: Vec<(String, String)> = readme
        .lines()
        .skip_while(|l| *l != "| id | hypervisor |")
        .skip(2)
        .take_while(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells[1].trim_matches('`').to_owned(), cells[2].to_owned())
        })
        .collect();
    let kb = crate::support::builtin_kb();
    let ids: Vec<(String, String)> = kb
        .hypervisors
        .iter()
        .map(|h| (h.id.clone(), h.name.clone()))
        .collect();
    assert_eq!(table, ids);
}
