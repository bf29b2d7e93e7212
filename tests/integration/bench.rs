//! Lab measurements: the tools' real outputs are read (committed ones from fio 3.33, iperf 3.12
//! and sysbench 1.0.20, and, on CI, outputs the tools write on the machine), bad files are
//! refused with located errors and nothing is written, and the section compares honestly.

use crate::support::fixtures;
use hvadvisor::bench::{self, Context, Measurements, Run, Tool, Verdict, parse};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    crate::support::hvadvisor().args(args).output().unwrap()
}

fn fixture(name: &str) -> String {
    fixtures()
        .join("bench")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap()
}

#[test]
fn every_tool_output_is_read() {
    let fio = parse::runs("f", &read("fio-read-with-preamble.json")).unwrap();
    assert_eq!(fio.len(), 1);
    let r = &fio[0];
    assert_eq!(
        (r.tool, r.version.as_str(), r.test.as_str()),
        (Tool::Fio, "fio-3.33", "read")
    );
    assert_eq!(r.params["bs"], "1M");
    assert_eq!(r.params["iodepth"], "1", "fio's default is recorded");
    assert!(
        !r.params.contains_key("filename"),
        "paths do not make runs different"
    );
    assert!(r.metrics["read-kib-s"] > 0.0 && r.metrics["read-iops"] > 0.0);
    assert!(
        !r.metrics.contains_key("write-kib-s"),
        "no write in a read test"
    );
    assert_eq!(r.timestamp, Some(1_796_172_197));

    let tcp = parse::runs("t", &read("iperf3-tcp.json"))
        .unwrap()
        .remove(0);
    assert_eq!((tcp.tool, tcp.test.as_str()), (Tool::Iperf3, "tcp"));
    assert_eq!(tcp.params["direction"], "send");
    assert!(tcp.metrics["mbit-s"] > 100.0);
    let udp = parse::runs("u", &read("iperf3-udp.json"))
        .unwrap()
        .remove(0);
    assert_eq!(udp.test, "udp");
    assert_eq!(udp.params["target-bitrate"], "100000000");
    assert!(udp.metrics.contains_key("jitter-ms") && udp.metrics.contains_key("lost-percent"));

    let cpu = parse::runs("c", &read("sysbench-cpu.txt"))
        .unwrap()
        .remove(0);
    assert_eq!((cpu.tool, cpu.test.as_str()), (Tool::Sysbench, "cpu"));
    assert_eq!(cpu.version, "sysbench 1.0.20");
    assert_eq!(
        (
            cpu.params["threads"].as_str(),
            cpu.params["max-prime"].as_str()
        ),
        ("1", "10000")
    );
    assert!(cpu.metrics["events-s"] > 100.0);
    let mem = parse::runs("m", &read("sysbench-memory.txt"))
        .unwrap()
        .remove(0);
    assert_eq!(mem.test, "memory");
    assert_eq!(mem.params["block-size"], "1KiB");
    assert!((mem.metrics["mib-s"] - 3590.35).abs() < 1e-9);
    let io = parse::runs("i", &read("sysbench-fileio.txt"))
        .unwrap()
        .remove(0);
    assert_eq!(io.test, "fileio");
    assert_eq!(io.params["mode"], "random r/w test");
    assert_eq!(io.params["total-size"], "64MiB");
    assert!((io.metrics["read-mib-s"] - 350.27).abs() < 1e-9);
    assert!((io.metrics["write-mib-s"] - 233.51).abs() < 1e-9);
}

#[test]
fn failed_truncated_and_foreign_files_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("m");
    let foreign = dir.path().join("notes.txt");
    std::fs::write(&foreign, "hello\n").unwrap();
    let o = run(&[
        "bench",
        "import",
        &fixture("iperf3-error.json"),
        &fixture("fio-truncated.json"),
        foreign.to_str().unwrap(),
        &fixture("sysbench-cpu.txt"),
        "--hypervisor",
        "proxmox-ve",
        "--into",
        into.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("error[E050]: iperf3 reported an error in this run: unable to connect to server: Connection refused"),
        "{err}"
    );
    assert!(
        err.contains("fio-truncated.json:29:"),
        "located at the cut: {err}"
    );
    assert!(
        err.contains("error[E049]: the output stops in the middle"),
        "{err}"
    );
    assert!(err.contains("notes.txt: error[E048]"), "{err}");
    assert!(err.contains("3 errors"), "every problem at once: {err}");
    assert!(!into.exists(), "nothing imported when a file is bad");
}

#[test]
fn runs_append_and_a_second_import_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("m");
    let args = |file: &str| {
        vec![
            "bench".to_owned(),
            "import".into(),
            fixture(file),
            "--hypervisor".into(),
            "xcp-ng".into(),
            "--into".into(),
            into.display().to_string(),
            "--hardware".into(),
            "lab host".into(),
        ]
    };
    let go = |a: Vec<String>| crate::support::stdout_of(crate::support::hvadvisor().args(&a));
    assert!(go(args("xcp-cpu-1.txt")).starts_with("1 run added"));
    assert!(go(args("xcp-cpu-2.txt")).contains("2 in all"));
    assert!(go(args("xcp-cpu-2.txt")).starts_with("0 runs added"));
    let file = into.join("xcp-ng.yaml");
    let m = bench::load("m", &std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(m.runs.len(), 2);
    assert_eq!(m.context.hardware.as_deref(), Some("lab host"));
    // A measurements file with a typo is located.
    let broken = std::fs::read_to_string(&file)
        .unwrap()
        .replace("metrics:", "metric:");
    std::fs::write(&file, broken).unwrap();
    let a: Vec<String> = args("xcp-cpu-3.txt");
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let o = run(&a);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("xcp-ng.yaml:") && err.contains("error[E051]"),
        "{err}"
    );
}

fn series(hv: &str, values: &[f64], hardware: &str) -> Measurements {
    Measurements {
        hypervisor: hv.into(),
        context: Context {
            hardware: Some(hardware.into()),
            ..Context::default()
        },
        runs: values
            .iter()
            .map(|v| Run {
                tool: Tool::Sysbench,
                version: "sysbench 1.0.20".into(),
                test: "cpu".into(),
                params: BTreeMap::from([("threads".into(), "4".into())]),
                metrics: BTreeMap::from([("events-s".into(), *v)]),
                timestamp: None,
                file: String::new(),
            })
            .collect(),
    }
}

#[test]
fn a_winner_only_beyond_the_noise() {
    // Three runs each, means 1000 and 1030 (3 %), spread ±30: within the noise.
    let a = series("proxmox-ve", &[970.0, 1000.0, 1030.0], "h");
    let b = series("xcp-ng", &[1000.0, 1030.0, 1060.0], "h");
    let c = bench::compare(&a, &b).unwrap();
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].verdict, Verdict::NoDifference);
    assert!(c[0].p_value.unwrap() > 0.05);
    // Tight runs 20 % apart: significant, and the faster one wins.
    let a = series("proxmox-ve", &[1000.0, 1005.0, 995.0], "h");
    let b = series("xcp-ng", &[1200.0, 1210.0, 1190.0], "h");
    assert_eq!(
        bench::compare(&a, &b).unwrap()[0].verdict,
        Verdict::SecondBetter
    );
    // One run: no conclusion.
    let a = series("proxmox-ve", &[1000.0], "h");
    assert_eq!(
        bench::compare(&a, &b).unwrap()[0].verdict,
        Verdict::TooFewRuns
    );
    // Different hardware: not compared at all.
    let a = series("proxmox-ve", &[1000.0, 1001.0], "other");
    assert!(bench::compare(&a, &b).is_err());
    // Different parameters are different series: nothing in common.
    let mut d = series("xcp-ng", &[1.0, 2.0], "h");
    for r in &mut d.runs {
        r.params.insert("threads".into(), "8".into());
    }
    let a = series("proxmox-ve", &[1000.0, 1001.0], "h");
    assert!(bench::compare(&a, &d).unwrap().is_empty());
}

fn import(into: &Path, hv: &str, files: &[&str], nested: bool) {
    let mut args: Vec<String> = vec!["bench".into(), "import".into()];
    args.extend(files.iter().map(|f| fixture(f)));
    args.extend([
        "--hypervisor".into(),
        hv.into(),
        "--into".into(),
        into.display().to_string(),
        "--hardware".into(),
        "same host".into(),
    ]);
    if nested {
        args.push("--nested".into());
    }
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(&a);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Three fio, three sysbench and three iperf3 runs per system for two systems (the fixtures were recorded on
/// one machine under two names: they exercise the whole path, not a real comparison).
#[test]
fn the_lab_section_in_french_and_english() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("m");
    import(
        &into,
        "proxmox-ve",
        &[
            "pve-fio-1.json",
            "pve-fio-2.json",
            "pve-fio-3.json",
            "pve-cpu-1.txt",
            "pve-cpu-2.txt",
            "pve-cpu-3.txt",
            "pve-net-1.json",
            "pve-net-2.json",
            "pve-net-3.json",
        ],
        false,
    );
    import(
        &into,
        "xcp-ng",
        &[
            "xcp-fio-1.json",
            "xcp-fio-2.json",
            "xcp-fio-3.json",
            "xcp-cpu-1.txt",
            "xcp-cpu-2.txt",
            "xcp-cpu-3.txt",
            "xcp-net-1.json",
            "xcp-net-2.json",
            "xcp-net-3.json",
        ],
        true,
    );
    for (lang, heading, noise, nested) in [
        (
            "fr",
            "## Mesures du laboratoire",
            "différence dans le bruit (p = ",
            "virtualisation imbriquée",
        ),
        (
            "en",
            "## Lab measurements",
            "no significant difference (p = ",
            "nested virtualisation",
        ),
    ] {
        for cmd in [
            vec!["synthese", "--hypervisors", "proxmox-ve,xcp-ng"],
            vec![
                "report",
                "--profile",
                "sme",
                "--hypervisors",
                "proxmox-ve,xcp-ng",
            ],
        ] {
            let mut a = cmd.clone();
            a.extend(["--lang", lang, "--measurements", into.to_str().unwrap()]);
            let o = run(&a);
            assert_eq!(
                o.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&o.stderr)
            );
            let text = String::from_utf8(o.stdout).unwrap();
            let section = text
                .split(heading)
                .nth(1)
                .unwrap_or_else(|| panic!("{cmd:?} {lang}: no section"));
            let section = section.split("\n## ").next().unwrap();
            // fio: IOPS and bandwidth; sysbench: events/s; iperf3: throughput and
            // retransmissions; each with both systems' n = 3.
            assert_eq!(section.matches("(n = 3)").count(), 2 * 5, "{section}");
            assert!(section.contains("iperf3 tcp"), "{section}");
            assert!(section.contains(" ± "), "{section}");
            assert!(section.contains(noise), "{section}");
            assert!(section.contains(nested), "the caveat: {section}");
        }
    }
}

/// On CI the tools are installed: their genuine output, written on the machine, is imported.
#[test]
fn genuine_outputs_of_the_installed_tools() {
    let has = |cmd: &str| {
        Command::new(cmd)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !(has("fio") && has("sysbench") && has("iperf3")) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install fio, sysbench and iperf3 (see .ci/run)"
        );
        eprintln!("fio, sysbench or iperf3 not installed: skipped (CI installs them)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let save = |name: &str, o: Output| {
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        std::fs::write(d.join(name), o.stdout).unwrap();
    };
    let data = d.join("fio.dat");
    save(
        "fio.json",
        Command::new("fio")
            .args([
                "--name=t",
                "--rw=randrw",
                "--bs=4k",
                "--size=8M",
                "--runtime=1",
                "--time_based",
                "--ioengine=psync",
                "--output-format=json",
            ])
            .arg(format!("--filename={}", data.display()))
            .output()
            .unwrap(),
    );
    save(
        "cpu.txt",
        Command::new("sysbench")
            .args(["cpu", "--time=1", "run"])
            .output()
            .unwrap(),
    );
    save(
        "mem.txt",
        Command::new("sysbench")
            .args(["memory", "--time=1", "run"])
            .output()
            .unwrap(),
    );
    // iperf3 on the loopback address only, one test then the server exits.
    let port = "5399";
    let mut server = Command::new("iperf3")
        .args(["-s", "-1", "-B", "127.0.0.1", "-p", port])
        .spawn()
        .unwrap();
    let mut client = None;
    for _ in 0..50 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let o = Command::new("iperf3")
            .args(["-c", "127.0.0.1", "-p", port, "-t", "1", "-J"])
            .output()
            .unwrap();
        if o.status.success() {
            client = Some(o);
            break;
        }
    }
    let _ = server.wait();
    save("tcp.json", client.expect("iperf3 client ran"));
    let into = d.join("m");
    let o = run(&[
        "bench",
        "import",
        d.join("fio.json").to_str().unwrap(),
        d.join("cpu.txt").to_str().unwrap(),
        d.join("mem.txt").to_str().unwrap(),
        d.join("tcp.json").to_str().unwrap(),
        "--hypervisor",
        "kvm-libvirt",
        "--into",
        into.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let m = bench::load(
        "m",
        &std::fs::read_to_string(into.join("kvm-libvirt.yaml")).unwrap(),
    )
    .unwrap();
    let tests: Vec<&str> = m.runs.iter().map(|r| r.test.as_str()).collect();
    assert_eq!(tests, ["randrw", "cpu", "memory", "tcp"]);
    let fio = &m.runs[0];
    assert!(fio.metrics.contains_key("read-iops") && fio.metrics.contains_key("write-iops"));
}

/// The chart: bars with error bars, beside the Markdown and inside the HTML page.
#[test]
fn the_lab_chart_beside_the_markdown_and_in_html() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("m");
    import(
        &into,
        "proxmox-ve",
        &["pve-cpu-1.txt", "pve-cpu-2.txt", "pve-cpu-3.txt"],
        false,
    );
    import(
        &into,
        "xcp-ng",
        &["xcp-cpu-1.txt", "xcp-cpu-2.txt", "xcp-cpu-3.txt"],
        false,
    );
    let out = dir.path().join("s.md");
    let o = run(&[
        "synthese",
        "--hypervisors",
        "proxmox-ve,xcp-ng",
        "--lang",
        "fr",
        "--measurements",
        into.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("](s-lab.svg)"), "referenced");
    let svg = std::fs::read_to_string(dir.path().join("s-lab.svg")).unwrap();
    // One measure (events per second): two bars, each with a whisker and its two caps.
    assert_eq!(svg.matches("<rect ").count(), 2, "{svg}");
    assert_eq!(svg.matches("<line ").count(), 6, "{svg}");
    assert!(svg.contains("Proxmox VE") && svg.contains("XCP-ng") && svg.contains(" ± "));
    let o = run(&[
        "report",
        "--profile",
        "sme",
        "--hypervisors",
        "proxmox-ve,xcp-ng",
        "--format",
        "html",
        "--measurements",
        into.to_str().unwrap(),
    ]);
    let html = String::from_utf8(o.stdout).unwrap();
    let lab = html.split("Lab measurements</h2>").nth(1).expect("section");
    assert!(
        lab.split("<h2").next().unwrap().contains("<svg"),
        "the chart ends the section"
    );
}

/// A profile can weigh measured performance: each system's mean over the best, and a system
/// without measurements is left out of that criterion, which the report says.
#[test]
fn a_measured_criterion_scores_relative_performance() {
    let dir = tempfile::tempdir().unwrap();
    let into = dir.path().join("m");
    std::fs::create_dir_all(&into).unwrap();
    for (hv, values) in [
        ("proxmox-ve", [1000.0, 1005.0, 995.0]),
        ("xcp-ng", [1200.0, 1210.0, 1190.0]),
    ] {
        let m = series(hv, &values, "h");
        std::fs::write(into.join(format!("{hv}.yaml")), bench::to_yaml(&m).unwrap()).unwrap();
    }
    assert!(
        (bench::relative_score(
            &[
                series("proxmox-ve", &[1000.0], "h"),
                series("xcp-ng", &[1250.0], "h")
            ],
            "proxmox-ve"
        )
        .unwrap()
            - 0.8)
            .abs()
            < 1e-12
    );
    let profile = fixture("../profiles/lab.yaml");
    let o = run(&[
        "report",
        "--profile",
        &profile,
        "--hypervisors",
        "proxmox-ve,xcp-ng,incus",
        "--measurements",
        into.to_str().unwrap(),
        "--detail",
        "full",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8(o.stdout).unwrap();
    let weights = text
        .lines()
        .find(|l| l.starts_with("| Measured performance |"))
        .expect("weights row");
    assert!(
        weights.contains("Left out for want of measurements: Incus."),
        "{weights}"
    );
    let scores = text
        .lines()
        .find(|l| l.starts_with("| Measured performance |") && l != &weights)
        .expect("score row");
    // Criterion table: XCP-ng 1.00, Proxmox VE 1000/1200 = 0.83, Incus left out.
    assert!(
        scores.contains("1.00") && scores.contains("0.83") && scores.contains(" - "),
        "{scores}"
    );
}

/// Newer versions built from source: fio 3.42 with two jobs in a group (summed, one run),
/// iperf 3.21 in reverse UDP mode.
#[test]
fn newer_fio_and_iperf3() {
    let text = read("fio-3.42-randwrite.json");
    let runs = parse::runs("f", &text).unwrap();
    assert_eq!(runs.len(), 1, "one run per group of jobs");
    let r = &runs[0];
    assert_eq!(
        (r.version.as_str(), r.test.as_str()),
        ("fio-3.42", "randwrite")
    );
    assert_eq!(
        (r.params["numjobs"].as_str(), r.params["iodepth"].as_str()),
        ("2", "4")
    );
    let start = text.find("\n{").unwrap() + 1;
    let doc: serde_json::Value = serde_json::from_str(&text[start..]).unwrap();
    let jobs = doc["jobs"].as_array().unwrap();
    let sum: f64 = jobs
        .iter()
        .map(|j| j["write"]["iops"].as_f64().unwrap())
        .sum();
    assert_eq!(jobs.len(), 2);
    assert!((r.metrics["write-iops"] - sum).abs() < 1e-6);
    let tcp = parse::runs("t", &read("iperf-3.21-tcp.json"))
        .unwrap()
        .remove(0);
    assert_eq!(
        (tcp.version.as_str(), tcp.test.as_str()),
        ("iperf 3.21+", "tcp")
    );
    let udp = parse::runs("u", &read("iperf-3.21-udp-reverse.json"))
        .unwrap()
        .remove(0);
    assert_eq!(
        (udp.test.as_str(), udp.params["direction"].as_str()),
        ("udp", "receive")
    );
    assert_eq!(udp.params["target-bitrate"], "50000000");
    assert!(udp.metrics["mbit-s"] > 1.0);
}

/// sysbench 1.1 (built from source): "Throughput / time elapsed", fileio as "IOPS=… MiB/s".
#[test]
fn sysbench_1_1() {
    let cpu = parse::runs("c", &read("sysbench-1.1-cpu.txt"))
        .unwrap()
        .remove(0);
    assert_eq!(
        (cpu.version.as_str(), cpu.test.as_str()),
        ("sysbench 1.1.0", "cpu")
    );
    assert_eq!(cpu.params["duration"], "1");
    assert!((cpu.metrics["events-s"] - 2530.52).abs() < 1e-9);
    let mem = parse::runs("m", &read("sysbench-1.1-memory.txt"))
        .unwrap()
        .remove(0);
    assert_eq!(mem.test, "memory");
    assert!(mem.metrics["mib-s"] > 100.0);
    let io = parse::runs("i", &read("sysbench-1.1-fileio.txt"))
        .unwrap()
        .remove(0);
    assert_eq!(
        (io.test.as_str(), io.params["mode"].as_str()),
        ("fileio", "sequential read test")
    );
    assert!((io.metrics["read-mib-s"] - 3848.15).abs() < 1e-9);
    assert!((io.metrics["reads-s"] - 246281.32).abs() < 1e-6);
    assert!(
        !io.metrics.contains_key("write-mib-s"),
        "0.00 written is no measure"
    );
}

/// The layout of sysbench's own test suite (no "events per second" for cpu, no option block for
/// memory; see tests/fixtures/bench/README.md) and its FATAL errors.
#[test]
fn other_sysbench_layouts_and_errors() {
    let cpu = parse::runs("c", &read("sysbench-cpu-test-suite-layout.txt"))
        .unwrap()
        .remove(0);
    assert_eq!(cpu.test, "cpu");
    // Events over total time, from the same run as sysbench-cpu.txt: 4384 / 1.0002 s.
    assert!(
        (cpu.metrics["events-s"] - 4384.0 / 1.0002).abs() < 1e-6,
        "{cpu:?}"
    );
    let mem = parse::runs("m", &read("sysbench-memory-test-suite-layout.txt"))
        .unwrap()
        .remove(0);
    assert_eq!(mem.test, "memory");
    assert!((mem.metrics["mib-s"] - 3590.35).abs() < 1e-9);
    let fatal = "sysbench 1.0.20 (using system LuaJIT 2.1.0-beta3)\n\nFATAL: Missing required argument: --file-test-mode\n";
    let d = parse::runs("f", fatal).unwrap_err();
    assert_eq!(d.code, hvadvisor::diag::Code::BenchToolError);
    assert!(
        d.args
            .iter()
            .any(|(_, v)| v == "Missing required argument: --file-test-mode")
    );
}
