//! Readers for the benchmark tools' own output: fio `--output-format=json` (text printed before
//! the JSON is skipped), iperf3 `-J` (TCP and UDP; a run that failed carries an `error` key and
//! is refused with it) and sysbench's text report for `cpu`, `memory` and `fileio` (1.0 and 1.1
//! layouts).
//! Each returns runs or located diagnostics; nothing here touches a file.

use super::{Run, Tool};
use crate::diag::{Code, Diagnostic};
use serde_json::Value;
use std::collections::BTreeMap;

/// Which tool wrote `text`, from its first meaningful lines.
pub fn detect(text: &str) -> Option<Tool> {
    let start = json_start(text).map(|i| &text[i..]);
    if let Some(json) = start {
        if json.contains("\"fio version\"") {
            return Some(Tool::Fio);
        }
        if json.contains("\"start\"") || json.contains("\"error\"") {
            return Some(Tool::Iperf3);
        }
    }
    text.lines()
        .any(|l| l.trim_start().starts_with("sysbench "))
        .then_some(Tool::Sysbench)
}

/// Reads every run in one output file of any supported tool.
pub fn runs(file: &str, text: &str) -> Result<Vec<Run>, Diagnostic> {
    match detect(text) {
        Some(Tool::Fio) => fio(file, text),
        Some(Tool::Iperf3) => iperf3(file, text).map(|r| vec![r]),
        Some(Tool::Sysbench) => sysbench(file, text).map(|r| vec![r]),
        None => Err(Diagnostic::new(Code::BenchUnknownFormat, file, 0, 0)),
    }
}

/// Byte offset of the JSON document: the first line that starts with `{`.
fn json_start(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('{') {
            return Some(offset + (line.len() - line.trim_start().len()));
        }
        offset += line.len();
    }
    None
}

/// Parses the JSON part of `text`, with errors located in the whole file.
fn json(file: &str, text: &str) -> Result<Value, Diagnostic> {
    let start =
        json_start(text).ok_or_else(|| Diagnostic::new(Code::BenchUnknownFormat, file, 0, 0))?;
    let skipped = text[..start].matches('\n').count() as u64;
    // The first JSON document; fio --output-format=json,normal prints its text report after it.
    let mut stream = serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
    let first = stream
        .next()
        .unwrap_or_else(|| serde_json::from_str::<Value>(""));
    first.map_err(|e| {
        let line = e.line() as u64 + skipped;
        Diagnostic::new(Code::BenchMalformed, file, line, e.column() as u64)
            .arg("kind", if e.is_eof() { "truncated" } else { "syntax" })
            .arg("detail", e.to_string())
    })
}

fn missing(file: &str, what: &str) -> Diagnostic {
    Diagnostic::new(Code::BenchMalformed, file, 0, 0)
        .arg("kind", "missing")
        .arg("detail", what)
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// fio: one run per job, with the job's options (global ones included) as parameters and, per
/// direction that moved data, its bandwidth (KiB/s) and IOPS.
pub fn fio(file: &str, text: &str) -> Result<Vec<Run>, Diagnostic> {
    let doc = json(file, text)?;
    let version = doc["fio version"]
        .as_str()
        .ok_or_else(|| missing(file, "fio version"))?
        .to_owned();
    let timestamp = doc["timestamp"].as_u64();
    let jobs = doc["jobs"]
        .as_array()
        .filter(|j| !j.is_empty())
        .ok_or_else(|| missing(file, "jobs"))?;
    let global: BTreeMap<String, String> = doc["global options"]
        .as_object()
        .map(|o| {
            o.iter()
                .filter_map(|(k, v)| Some((k.clone(), text_of(v)?)))
                .collect()
        })
        .unwrap_or_default();
    // One run per group of jobs: fio runs `numjobs` copies of a job at once, each reporting
    // its share, so the group's bandwidth and IOPS are their sum (fio's group_reporting).
    let mut out: Vec<(i64, Run)> = Vec::new();
    for job in jobs {
        if let Some(err) = job["error"].as_i64().filter(|e| *e != 0) {
            return Err(Diagnostic::new(Code::BenchToolError, file, 0, 0)
                .arg("tool", "fio")
                .arg("detail", format!("job {} error {err}", job["jobname"])));
        }
        let mut params = global.clone();
        if let Some(o) = job["job options"].as_object() {
            for (k, v) in o {
                if let Some(v) = text_of(v) {
                    params.insert(k.clone(), v);
                }
            }
        }
        // What makes two runs comparable; names, paths and log files do not.
        for k in ["name", "filename", "directory"] {
            params.remove(k);
        }
        params.retain(|k, _| !k.ends_with("_log"));
        params.entry("iodepth".into()).or_insert_with(|| "1".into());
        params.entry("numjobs".into()).or_insert_with(|| "1".into());
        let test = params.remove("rw").unwrap_or_else(|| "read".into());
        let mut metrics = BTreeMap::new();
        for dir in ["read", "write"] {
            let d = &job[dir];
            if d["io_bytes"].as_u64().unwrap_or(0) > 0 {
                if let Some(bw) = d["bw"].as_f64() {
                    metrics.insert(format!("{dir}-kib-s"), bw);
                }
                if let Some(iops) = d["iops"].as_f64() {
                    metrics.insert(format!("{dir}-iops"), iops);
                }
            }
        }
        if metrics.is_empty() {
            return Err(missing(file, "read or write results"));
        }
        let group = job["groupid"].as_i64().unwrap_or(0);
        match out
            .iter_mut()
            .find(|(g, r)| *g == group && r.test == test && r.params == params)
        {
            Some((_, run)) => {
                for (k, v) in metrics {
                    *run.metrics.entry(k).or_insert(0.0) += v;
                }
            }
            None => out.push((
                group,
                Run {
                    tool: Tool::Fio,
                    version: version.clone(),
                    test,
                    params,
                    metrics,
                    timestamp,
                    file: String::new(),
                },
            )),
        }
    }
    let out = out.into_iter().map(|(_, r)| r).collect();
    Ok(out)
}

/// iperf3: one run; a failed run (its `error` key) is refused with the tool's message.
pub fn iperf3(file: &str, text: &str) -> Result<Run, Diagnostic> {
    let doc = json(file, text)?;
    if let Some(err) = doc["error"].as_str() {
        return Err(Diagnostic::new(Code::BenchToolError, file, 0, 0)
            .arg("tool", "iperf3")
            .arg("detail", err));
    }
    let start = &doc["start"];
    let version = start["version"]
        .as_str()
        .ok_or_else(|| missing(file, "start.version"))?
        .to_owned();
    let t = &start["test_start"];
    let protocol = t["protocol"]
        .as_str()
        .ok_or_else(|| missing(file, "start.test_start.protocol"))?
        .to_ascii_lowercase();
    let mut params = BTreeMap::new();
    for k in ["num_streams", "duration", "blksize", "target_bitrate"] {
        if let Some(v) = text_of(&t[k]) {
            params.insert(k.replace('_', "-"), v);
        }
    }
    let reverse = t["reverse"].as_i64().unwrap_or(0) != 0;
    params.insert(
        "direction".into(),
        (if reverse { "receive" } else { "send" }).into(),
    );
    let end = &doc["end"];
    let mut metrics = BTreeMap::new();
    let sum = if protocol == "udp" {
        &end["sum"]
    } else {
        &end["sum_received"]
    };
    let bps = sum["bits_per_second"]
        .as_f64()
        .ok_or_else(|| missing(file, "end.sum_received.bits_per_second"))?;
    metrics.insert("mbit-s".into(), bps / 1e6);
    if protocol == "udp" {
        for (k, name) in [("jitter_ms", "jitter-ms"), ("lost_percent", "lost-percent")] {
            if let Some(v) = sum[k].as_f64() {
                metrics.insert(name.into(), v);
            }
        }
    } else if let Some(r) = end["sum_sent"]["retransmits"].as_f64() {
        metrics.insert("retransmits".into(), r);
    }
    Ok(Run {
        tool: Tool::Iperf3,
        version,
        test: protocol,
        params,
        metrics,
        timestamp: start["timestamp"]["timesecs"].as_u64(),
        file: String::new(),
    })
}

/// The number after `label` on the first line that contains it (`label: 12.5`, `(12.5 …`).
fn number_after(text: &str, label: &str) -> Option<(f64, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let at = line.find(label)?;
        let rest = &line[at + label.len()..];
        let start = rest.find(|c: char| c.is_ascii_digit())?;
        let num: String = rest[start..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        Some((num.parse().ok()?, i + 1))
    })
}

fn word_after(text: &str, label: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let at = line.find(label)?;
        let rest = line[at + label.len()..].trim();
        (!rest.is_empty()).then(|| rest.to_owned())
    })
}

/// sysbench 1.0: the test (cpu, memory, fileio) from its option lines, the thread count and
/// duration, and its throughput.
pub fn sysbench(file: &str, text: &str) -> Result<Run, Diagnostic> {
    let version = text
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("sysbench "))
        .and_then(|rest| rest.split_whitespace().next())
        .map(|v| format!("sysbench {v}"))
        .ok_or_else(|| missing(file, "sysbench version line"))?;
    if let Some(fatal) = text.lines().find_map(|l| l.trim().strip_prefix("FATAL: ")) {
        return Err(Diagnostic::new(Code::BenchToolError, file, 0, 0)
            .arg("tool", "sysbench")
            .arg("detail", fatal));
    }
    let mut params = BTreeMap::new();
    if let Some((n, _)) = number_after(text, "Number of threads:") {
        params.insert("threads".into(), format!("{n}"));
    }
    let mut metrics = BTreeMap::new();
    let test = if let Some((limit, _)) = number_after(text, "Prime numbers limit:") {
        params.insert("max-prime".into(), format!("{limit}"));
        // 1.0.x prints "events per second"; the layout of sysbench's own test suite does not,
        // and the rate is the events over the total time.
        let eps = match number_after(text, "events per second:") {
            Some((eps, _)) => eps,
            None => {
                let (events, _) = number_after(text, "total number of events:")
                    .ok_or_else(|| missing(file, "events per second"))?;
                let (time, _) = number_after(text, "total time:")
                    .or_else(|| number_after(text, "time elapsed:"))
                    .filter(|(t, _)| *t > 0.0)
                    .ok_or_else(|| missing(file, "total time"))?;
                events / time
            }
        };
        metrics.insert("events-s".into(), eps);
        "cpu"
    } else if text.contains("memory speed test") || text.contains("MiB transferred (") {
        for (label, key) in [
            ("block size:", "block-size"),
            ("operation:", "operation"),
            ("scope:", "scope"),
        ] {
            if let Some(v) = word_after(text, label) {
                params.insert(key.into(), v);
            }
        }
        let (mib, _) = number_after(text, "MiB transferred (")
            .ok_or_else(|| missing(file, "MiB transferred"))?;
        metrics.insert("mib-s".into(), mib);
        "memory"
    } else if text.contains("File operations:") || text.contains("Extra file open flags") {
        for (label, key) in [("Block size", "block-size"), ("Doing ", "mode")] {
            if let Some(v) = word_after(text, label) {
                params.insert(key.into(), v);
            }
        }
        if let Some(v) = text
            .lines()
            .find(|l| l.trim_end().ends_with("total file size"))
            .map(|l| {
                l.trim_end()
                    .trim_end_matches("total file size")
                    .trim()
                    .to_owned()
            })
        {
            params.insert("total-size".into(), v);
        }
        // sysbench 1.1: "read:  IOPS=246281.32 3848.15 MiB/s (4035.07 MB/s)".
        for (dir, ops, mib) in [
            ("read:", "reads-s", "read-mib-s"),
            ("write:", "writes-s", "write-mib-s"),
        ] {
            let Some(line) = text
                .lines()
                .map(str::trim)
                .find(|l| l.starts_with(dir) && l.contains("IOPS="))
            else {
                continue;
            };
            let nums: Vec<f64> = line
                .split(|c: char| !(c.is_ascii_digit() || c == '.'))
                .filter_map(|w| w.parse().ok())
                .collect();
            if let [iops, rate, ..] = nums[..] {
                for (key, v) in [(ops, iops), (mib, rate)] {
                    if v > 0.0 {
                        metrics.insert(key.into(), v);
                    }
                }
            }
        }
        for (label, key) in [
            ("read, MiB/s:", "read-mib-s"),
            ("written, MiB/s:", "write-mib-s"),
            ("reads/s:", "reads-s"),
            ("writes/s:", "writes-s"),
        ] {
            // A read-only test reports 0.00 written, and the reverse: not a measure.
            if let Some((v, _)) = number_after(text, label).filter(|(v, _)| *v > 0.0) {
                metrics.insert(key.into(), v);
            }
        }
        if metrics.is_empty() {
            return Err(missing(file, "File operations / Throughput"));
        }
        "fileio"
    } else {
        return Err(Diagnostic::new(Code::BenchUnknownFormat, file, 0, 0));
    };
    // 1.0 prints "total time", 1.1 "time elapsed" (and nothing for fileio).
    if let Some((t, _)) =
        number_after(text, "total time:").or_else(|| number_after(text, "time elapsed:"))
    {
        params.insert("duration".into(), format!("{}", t.round()));
    }
    Ok(Run {
        tool: Tool::Sysbench,
        version,
        test: test.into(),
        params,
        metrics,
        timestamp: None,
        file: String::new(),
    })
}
