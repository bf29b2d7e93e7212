//! Lab measurements: runs of fio, iperf3 and sysbench imported from the tools' own output,
//! kept per hypervisor in a measurements file, and compared between hypervisors with their
//! spread, so that a difference within run-to-run noise is not called a win. Pure: reading and
//! writing files is the command line's job.

pub mod parse;
pub mod stats;

use crate::diag::{Code, Diagnostic};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tool {
    Fio,
    Iperf3,
    Sysbench,
}

/// One run of one tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Run {
    pub tool: Tool,
    /// The tool's version as it printed it ("fio-3.33", "iperf 3.12", "sysbench 1.0.20").
    pub version: String,
    /// fio: the I/O pattern (read, randwrite…); iperf3: tcp or udp; sysbench: cpu, memory, fileio.
    pub test: String,
    /// What makes two runs comparable: block size, queue depth, jobs, threads, duration,
    /// direction… Runs whose parameters differ are never averaged together.
    #[serde(default)]
    pub params: BTreeMap<String, String>,
    /// Results, by name (see [`Metric`]).
    pub metrics: BTreeMap<String, f64>,
    /// When the run ended (Unix seconds): the tool's own time, else the file's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<u64>,
    /// The file it was imported from (its name only).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub file: String,
}

impl Run {
    /// The series a run belongs to: same tool, test and parameters.
    pub fn series(&self) -> (Tool, String, BTreeMap<String, String>) {
        (self.tool, self.test.clone(), self.params.clone())
    }
}

/// What the user records about where the runs were made; shown as caveats, and runs made on
/// different hardware are not compared.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// The host hardware, as the user names it ("Dell R640, 2 × Xeon Silver 4214").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hardware: Option<String>,
    /// The hypervisor itself ran in a VM (nested virtualisation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nested: Option<bool>,
    /// The size of the VM the tools ran in ("4 vCPU, 8 GiB").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vm: Option<String>,
    /// Free text: what else the reader should know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// A hypervisor's measurements file (`DIR/<hypervisor>.yaml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measurements {
    pub hypervisor: String,
    #[serde(default)]
    pub context: Context,
    #[serde(default)]
    pub runs: Vec<Run>,
}

/// Whether a larger value of a metric is better.
pub fn higher_is_better(metric: &str) -> bool {
    !matches!(metric, "jitter-ms" | "lost-percent" | "retransmits")
}

/// Reads a measurements file; its problems are located diagnostics.
pub fn load(file: &str, text: &str) -> Result<Measurements, Diagnostic> {
    serde_saphyr::from_str::<Measurements>(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line(), l.column()))
            .unwrap_or((0, 0));
        let message = e.without_snippet().to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_owned(),
            None => message,
        };
        Diagnostic::new(Code::BenchMeasurementsFile, file, line, column).arg("detail", message)
    })
}

/// The measurements file's text.
pub fn to_yaml(m: &Measurements) -> Result<String, Diagnostic> {
    serde_saphyr::to_string(m).map_err(|e| {
        Diagnostic::new(Code::BenchMeasurementsFile, &m.hypervisor, 0, 0)
            .arg("detail", e.to_string())
    })
}

/// Adds `runs` to `m`, skipping any run already there (the same file imported twice); returns
/// how many were added. The context given on the command line fills what the file lacks and
/// never overwrites what it has.
pub fn append(m: &mut Measurements, runs: Vec<Run>, context: &Context) -> usize {
    let c = &mut m.context;
    if c.hardware.is_none() {
        c.hardware.clone_from(&context.hardware);
    }
    if c.nested.is_none() {
        c.nested = context.nested;
    }
    if c.vm.is_none() {
        c.vm.clone_from(&context.vm);
    }
    if c.label.is_none() {
        c.label.clone_from(&context.label);
    }
    let mut added = 0;
    for r in runs {
        let seen = m.runs.iter().any(|x| {
            x.tool == r.tool
                && x.test == r.test
                && x.params == r.params
                && x.metrics == r.metrics
                && x.timestamp == r.timestamp
        });
        if !seen {
            m.runs.push(r);
            added += 1;
        }
    }
    added
}

/// One metric of one series on one hypervisor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sample {
    pub hypervisor: String,
    pub n: usize,
    pub mean: f64,
    /// Sample standard deviation (n − 1); `None` with a single run.
    pub sd: Option<f64>,
}

/// The comparison of one metric of one series between two hypervisors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub tool: Tool,
    pub test: String,
    pub params: BTreeMap<String, String>,
    pub metric: String,
    pub higher_is_better: bool,
    pub a: Sample,
    pub b: Sample,
    /// Mean of a over mean of b.
    pub ratio: Option<f64>,
    /// Welch's t-test, two-sided; `None` when either side has fewer than two runs.
    pub p_value: Option<f64>,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Fewer than two runs on a side: no conclusion can be drawn.
    TooFewRuns,
    /// The difference is within the noise (p ≥ [`stats::ALPHA`]).
    NoDifference,
    /// `a` is better, significantly.
    FirstBetter,
    /// `b` is better, significantly.
    SecondBetter,
}

/// Why two hypervisors' measurements are not compared at all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotCompared {
    pub a: String,
    pub b: String,
    pub reason: &'static str,
}

/// A hypervisor's lab score in [0, 1]: for each measure of each series it shares with another
/// measured system on the same hardware, its mean over the best mean (the best over its mean
/// when lower is better), averaged; `None` when it has no measure to compare.
pub fn relative_score(all: &[Measurements], id: &str) -> Option<f64> {
    let me = all.iter().find(|m| m.hypervisor == id)?;
    let peers: Vec<&Measurements> = all
        .iter()
        .filter(|m| m.hypervisor != id)
        .filter(|m| match (&m.context.hardware, &me.context.hardware) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        })
        .collect();
    let mean_of =
        |m: &Measurements, series: &(Tool, String, BTreeMap<String, String>), metric: &str| {
            let xs: Vec<f64> = m
                .runs
                .iter()
                .filter(|r| r.series() == *series)
                .filter_map(|r| r.metrics.get(metric).copied())
                .collect();
            (!xs.is_empty()).then(|| stats::mean(&xs))
        };
    let mut series: Vec<(Tool, String, BTreeMap<String, String>)> =
        me.runs.iter().map(Run::series).collect();
    series.sort();
    series.dedup();
    let mut ratios = Vec::new();
    for s in &series {
        let mut metrics: Vec<&String> = me
            .runs
            .iter()
            .filter(|r| r.series() == *s)
            .flat_map(|r| r.metrics.keys())
            .collect();
        metrics.sort();
        metrics.dedup();
        for metric in metrics {
            let Some(mine) = mean_of(me, s, metric) else {
                continue;
            };
            let others: Vec<f64> = peers.iter().filter_map(|p| mean_of(p, s, metric)).collect();
            if others.is_empty() {
                continue;
            }
            let higher = higher_is_better(metric);
            let best = others
                .iter()
                .copied()
                .fold(mine, |b, x| if higher { b.max(x) } else { b.min(x) });
            let r = if higher {
                if best > 0.0 { mine / best } else { 1.0 }
            } else if mine > 0.0 {
                best / mine
            } else {
                1.0
            };
            ratios.push(r.clamp(0.0, 1.0));
        }
    }
    (!ratios.is_empty()).then(|| stats::mean(&ratios))
}

/// Every metric of every series measured on both `a` and `b`.
pub fn compare(a: &Measurements, b: &Measurements) -> Result<Vec<Comparison>, NotCompared> {
    if let (Some(x), Some(y)) = (&a.context.hardware, &b.context.hardware)
        && x != y
    {
        return Err(NotCompared {
            a: a.hypervisor.clone(),
            b: b.hypervisor.clone(),
            reason: "different-hardware",
        });
    }
    let mut series: Vec<(Tool, String, BTreeMap<String, String>)> = Vec::new();
    for r in &a.runs {
        let s = r.series();
        if !series.contains(&s) && b.runs.iter().any(|x| x.series() == s) {
            series.push(s);
        }
    }
    series.sort();
    let mut out = Vec::new();
    for (tool, test, params) in series {
        let of = |m: &'_ Measurements| -> Vec<Run> {
            m.runs
                .iter()
                .filter(|r| r.tool == tool && r.test == test && r.params == params)
                .cloned()
                .collect()
        };
        let (ra, rb) = (of(a), of(b));
        let mut metrics: Vec<&String> = ra.iter().flat_map(|r| r.metrics.keys()).collect();
        metrics.sort();
        metrics.dedup();
        for metric in metrics {
            let xs: Vec<f64> = ra
                .iter()
                .filter_map(|r| r.metrics.get(metric))
                .copied()
                .collect();
            let ys: Vec<f64> = rb
                .iter()
                .filter_map(|r| r.metrics.get(metric))
                .copied()
                .collect();
            if xs.is_empty() || ys.is_empty() {
                continue;
            }
            let sample = |h: &str, v: &[f64]| Sample {
                hypervisor: h.to_owned(),
                n: v.len(),
                mean: stats::mean(v),
                sd: stats::sd(v),
            };
            let (sa, sb) = (sample(&a.hypervisor, &xs), sample(&b.hypervisor, &ys));
            let better = higher_is_better(metric);
            let p = stats::welch_p(&xs, &ys);
            let verdict = match p {
                None => Verdict::TooFewRuns,
                Some(p) if p >= stats::ALPHA => Verdict::NoDifference,
                Some(_) if (sa.mean > sb.mean) == better => Verdict::FirstBetter,
                Some(_) => Verdict::SecondBetter,
            };
            out.push(Comparison {
                tool,
                test: test.clone(),
                params: params.clone(),
                metric: metric.clone(),
                higher_is_better: better,
                ratio: (sb.mean != 0.0).then(|| sa.mean / sb.mean),
                a: sa,
                b: sb,
                p_value: p,
                verdict,
            });
        }
    }
    Ok(out)
}
