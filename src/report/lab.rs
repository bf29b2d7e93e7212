//! The "Lab measurements" section: per hypervisor, where its runs were made; per series measured
//! on two hypervisors, each metric's mean ± standard deviation over n runs, the ratio, and a
//! winner only when Welch's t-test finds the difference significant.

use crate::bench::{self, Comparison, Measurements, Verdict};
use crate::knowledge::KnowledgeBase;
use serde::Serialize;

#[derive(Serialize)]
pub struct LabView {
    pub systems: Vec<SystemLab>,
    pub rows: Vec<RowView>,
    /// Pairs not compared, and why (different hardware).
    pub not_compared: Vec<(String, String)>,
    pub alpha: f64,
    /// Where the Markdown finds the chart (a file written beside it), if anywhere.
    pub figure: Option<String>,
}

#[derive(Serialize)]
pub struct SystemLab {
    pub name: String,
    pub runs: usize,
    pub versions: Vec<String>,
    pub hardware: Option<String>,
    pub vm: Option<String>,
    pub nested: bool,
    pub label: Option<String>,
}

#[derive(Serialize)]
pub struct RowView {
    pub tool: String,
    pub test: String,
    /// The series' parameters, `key=value`, for the reader to see what was compared.
    pub params: String,
    /// Catalogue key of the metric (`lab-metric-…`).
    pub metric: String,
    pub a: SideView,
    pub b: SideView,
    pub ratio: Option<f64>,
    pub p_value: Option<f64>,
    pub verdict: Verdict,
    /// The better one's name when the difference is significant.
    pub better: Option<String>,
}

#[derive(Serialize)]
pub struct SideView {
    pub name: String,
    pub n: usize,
    pub mean: f64,
    pub sd: Option<f64>,
}

/// Bandwidths are stored in KiB/s as fio gives them and shown in MiB/s.
fn scale(metric: &str) -> f64 {
    if metric.ends_with("-kib-s") {
        1.0 / 1024.0
    } else {
        1.0
    }
}

fn side(kb: &KnowledgeBase, s: &bench::Sample, k: f64) -> SideView {
    SideView {
        name: kb
            .hypervisor(&s.hypervisor)
            .map_or_else(|| s.hypervisor.clone(), |h| h.name.clone()),
        n: s.n,
        mean: s.mean * k,
        sd: s.sd.map(|x| x * k),
    }
}

/// The section for the measured hypervisors, in `order` (the report's order of systems).
pub fn build(kb: &KnowledgeBase, files: &[Measurements], order: &[String]) -> LabView {
    let mut ms: Vec<&Measurements> = files.iter().collect();
    ms.sort_by_key(|m| {
        order
            .iter()
            .position(|id| *id == m.hypervisor)
            .unwrap_or(usize::MAX)
    });
    let name = |id: &str| {
        kb.hypervisor(id)
            .map_or_else(|| id.to_owned(), |h| h.name.clone())
    };
    let systems = ms
        .iter()
        .map(|m| {
            let mut versions: Vec<String> = m.runs.iter().map(|r| r.version.clone()).collect();
            versions.sort();
            versions.dedup();
            SystemLab {
                name: name(&m.hypervisor),
                runs: m.runs.len(),
                versions,
                hardware: m.context.hardware.clone(),
                vm: m.context.vm.clone(),
                nested: m.context.nested.unwrap_or(false),
                label: m.context.label.clone(),
            }
        })
        .collect();
    let mut rows = Vec::new();
    let mut not_compared = Vec::new();
    for (i, a) in ms.iter().enumerate() {
        for b in &ms[i + 1..] {
            match bench::compare(a, b) {
                Ok(cs) => rows.extend(cs.iter().map(|c| row(kb, c))),
                Err(n) => not_compared.push((name(&n.a), name(&n.b))),
            }
        }
    }
    LabView {
        systems,
        rows,
        not_compared,
        alpha: bench::stats::ALPHA,
        figure: None,
    }
}

fn row(kb: &KnowledgeBase, c: &Comparison) -> RowView {
    let k = scale(&c.metric);
    let (a, b) = (side(kb, &c.a, k), side(kb, &c.b, k));
    let better = match c.verdict {
        Verdict::FirstBetter => Some(a.name.clone()),
        Verdict::SecondBetter => Some(b.name.clone()),
        _ => None,
    };
    RowView {
        tool: format!("{:?}", c.tool).to_lowercase(),
        test: c.test.clone(),
        params: c
            .params
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", "),
        metric: format!("lab-metric-{}", c.metric),
        a,
        b,
        ratio: c.ratio,
        p_value: c.p_value,
        verdict: c.verdict,
        better,
    }
}
