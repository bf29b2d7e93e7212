//! The README's excerpt of real output must be real output.

use std::process::Command;

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
        let out = Command::new(env!("CARGO_BIN_EXE_hvadvisor"))
            .args(&args)
            .output()
            .unwrap();
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
        "alpha.yaml:29:14: error[E007]: unknown value “nativ”; expected one of: native, plugin, partial, experimental, deprecated, none, unknown\n  = hint: did you mean “native”?"
    ));
    // The same line is asserted against the binary in cli::kb_check_passes_on_the_builtin_base…
}
