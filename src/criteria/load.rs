//! Loading profiles: parse each file of an `extends` chain, merge, then validate the result.

use super::model::*;
use crate::diag::{self, Code, Diagnostic, did_you_mean};
use crate::knowledge::{Catalogue, Support};
use crate::lang::Text;
use crate::yaml::{self, Keyword, Node, Reader};

/// A profile file: the name shown in diagnostics and its text.
#[derive(Debug, Clone)]
pub struct ProfileSource {
    pub file: String,
    pub text: String,
}

/// A criterion as one file states it: a child profile may restate only the weight.
struct PartialCriterion {
    id: String,
    label: Option<Text>,
    rationale: Option<Text>,
    weight: Option<f64>,
    features: Option<Vec<(String, f64)>>,
    tco: Option<CostFunction>,
    measured: Option<super::model::MeasuredFunction>,
    file: String,
    line: u64,
    column: u64,
}

impl PartialCriterion {
    /// `over` restates `self`: each field it gives replaces the inherited one.
    fn merge(self, over: PartialCriterion) -> PartialCriterion {
        PartialCriterion {
            id: over.id,
            label: over.label.or(self.label),
            rationale: over.rationale.or(self.rationale),
            weight: over.weight.or(self.weight),
            features: over.features.or(self.features),
            tco: over.tco.or(self.tco),
            measured: over.measured.or(self.measured),
            file: self.file,
            line: self.line,
            column: self.column,
        }
    }
}

/// One file of a chain, parsed but not merged. Absent keys are `None` so a child can inherit.
#[derive(Default)]
struct Partial {
    id: Option<String>,
    extends: Option<(String, u64, u64)>,
    title: Option<Text>,
    description: Option<Text>,
    rationale: Option<Text>,
    budget: Option<Budget>,
    scale: Option<Scale>,
    skills: Option<Vec<Skill>>,
    unknown: Option<UnknownPolicy>,
    support_scores: Vec<(Support, f64)>,
    criteria: Vec<PartialCriterion>,
    /// Where `criteria:` is written, to locate an empty list.
    criteria_at: Option<(u64, u64)>,
    rules: Vec<Rule>,
    requirements: Vec<Requirement>,
    /// Criterion ids named by rules, checked once the chain is merged.
    criterion_refs: Vec<(String, u64, u64)>,
    /// Pairwise judgements that replace the criterion weights.
    pairwise: Option<Pairwise>,
    fleet: PartialFleet,
    values: Vec<(String, ValueFunction)>,
    candidates: Option<(Vec<String>, (String, u64, u64))>,
}

/// A `fleet:` section as one file states it: a child restates only what differs.
#[derive(Default, Clone)]
struct PartialFleet {
    hosts: Option<u32>,
    sockets_per_host: Option<u32>,
    cores_per_socket: Option<u32>,
    years: Option<u32>,
    support: Option<crate::knowledge::SupportHours>,
    vms: Option<u32>,
    windows_vms: Option<u32>,
    largest_cluster: Option<u32>,
    currency: Option<String>,
    budget_ceiling: Option<f64>,
    owned: Option<Vec<Owned>>,
    /// Where the section is, for a missing-key diagnostic.
    at: Option<(String, u64, u64)>,
}

impl PartialFleet {
    fn merge(self, over: PartialFleet) -> PartialFleet {
        PartialFleet {
            hosts: over.hosts.or(self.hosts),
            sockets_per_host: over.sockets_per_host.or(self.sockets_per_host),
            cores_per_socket: over.cores_per_socket.or(self.cores_per_socket),
            years: over.years.or(self.years),
            support: over.support.or(self.support),
            vms: over.vms.or(self.vms),
            windows_vms: over.windows_vms.or(self.windows_vms),
            largest_cluster: over.largest_cluster.or(self.largest_cluster),
            currency: over.currency.or(self.currency),
            budget_ceiling: over.budget_ceiling.or(self.budget_ceiling),
            owned: over.owned.or(self.owned),
            at: over.at.or(self.at),
        }
    }
}

/// A profile's `pairwise:` section as written, with positions for diagnostics.
#[derive(Clone)]
struct Pairwise {
    table: super::ahp::RandomIndex,
    judgements: Vec<(super::ahp::Judgement, u64, u64)>,
    file: String,
    line: u64,
    column: u64,
}

const PROFILE_KEYS: &[&str] = &[
    "pairwise",
    "id",
    "extends",
    "title",
    "description",
    "rationale",
    "context",
    "unknown",
    "support-scores",
    "criteria",
    "rules",
    "requirements",
    "fleet",
    "values",
    "candidates",
];

/// Loads a profile and the chain of profiles it extends.
///
/// `resolve` finds a parent profile by name; `names` lists the names it knows (for suggestions).
pub fn load_profile(
    catalogue: &Catalogue,
    source: &ProfileSource,
    resolve: &dyn Fn(&str) -> Option<ProfileSource>,
    names: &[String],
) -> (Option<Profile>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut chain: Vec<(String, Partial)> = Vec::new();
    let mut current = Some(source.clone());
    let mut seen: Vec<String> = Vec::new();
    while let Some(src) = current.take() {
        let partial = match yaml::parse(&src.file, &src.text) {
            Ok(root) => {
                let mut r = Reader::new(&src.file);
                let p = partial(catalogue, &mut r, &root);
                diags.append(&mut r.diags);
                p
            }
            Err(d) => {
                diags.push(d);
                None
            }
        };
        let Some(partial) = partial else { break };
        if let Some((parent, line, column)) = &partial.extends {
            if seen.contains(parent) || partial.id.as_ref() == Some(parent) {
                diags.push(
                    Diagnostic::new(Code::ExtendsCycle, &src.file, *line, *column)
                        .arg("profile", parent),
                );
            } else {
                seen.push(parent.clone());
                current = resolve(parent);
                if current.is_none() {
                    diags.push(
                        Diagnostic::new(Code::UnknownProfile, &src.file, *line, *column)
                            .arg("profile", parent)
                            .suggest(did_you_mean(parent, names.iter().map(String::as_str))),
                    );
                }
            }
        }
        chain.push((src.file.clone(), partial));
    }
    let failed = diags.iter().any(Diagnostic::is_error);
    let profile = if failed {
        None
    } else {
        merge(chain, &mut diags)
    };
    diag::sort(&mut diags);
    (profile, diags)
}

fn partial(cat: &Catalogue, r: &mut Reader, root: &Node) -> Option<Partial> {
    let map = r.map(root, PROFILE_KEYS)?;
    let mut p = Partial {
        id: r.required(&map, "id").and_then(|n| r.string(n)),
        ..Partial::default()
    };
    if let Some(n) = map.get("extends") {
        p.extends = r.string(n).map(|s| (s, n.line, n.column));
    }
    p.title = map.get("title").and_then(|n| r.text(n));
    p.description = map.get("description").and_then(|n| r.text(n));
    p.rationale = map.get("rationale").and_then(|n| r.text(n));
    if let Some(n) = map.get("context")
        && let Some(ctx) = r.map(n, &["budget", "scale", "skills"])
    {
        p.budget = ctx.get("budget").and_then(|n| r.keyword(n));
        p.scale = ctx.get("scale").and_then(|n| r.keyword(n));
        p.skills = ctx.get("skills").and_then(|n| r.keywords(n));
    }
    p.unknown = map.get("unknown").and_then(|n| r.keyword(n));
    if let Some(n) = map.get("support-scores") {
        for (key, value) in r.entries(n).unwrap_or_default() {
            if key.name == "paid" {
                r.report(Code::PaidIsNotALevel, key.line, key.column);
                continue;
            }
            let level = Support::from_keyword(&key.name).filter(|s| *s != Support::Unknown);
            let Some(level) = level else {
                let words: Vec<&str> = Support::ALL
                    .iter()
                    .filter(|(_, s)| !matches!(s, Support::Unknown | Support::Paid))
                    .map(|(w, _)| *w)
                    .collect();
                let d = r.report(Code::UnknownKey, key.line, key.column);
                d.args.push(("key", key.name.clone()));
                d.args.push(("allowed", words.join(", ")));
                d.suggestion = did_you_mean(&key.name, words.iter().copied());
                continue;
            };
            if let Some(score) = unit_interval(r, value) {
                p.support_scores.push((level, score));
            }
        }
    }
    if let Some(n) = map.get("criteria") {
        p.criteria_at = Some((n.line, n.column));
        for item in r.seq(n).unwrap_or_default() {
            if let Some(c) = criterion(cat, r, item) {
                p.criteria.push(c);
            }
        }
    }
    if let Some(n) = map.get("pairwise") {
        p.pairwise = pairwise(r, n);
    }
    if let Some(n) = map.get("fleet") {
        p.fleet = fleet(r, n);
    }
    if let Some(n) = map.get("candidates") {
        let at = (r.file.to_owned(), n.line, n.column);
        p.candidates = r.strings(n).map(|ids| (ids, at));
    }
    if let Some(n) = map.get("values") {
        for (key, value) in r.entries(n).unwrap_or_default() {
            let known = feature_id(cat, r, &key.name, key.line, key.column);
            if let Some(f) = value_function(r, value)
                && known
            {
                p.values.push((key.name.clone(), f));
            }
        }
    }
    if let Some(n) = map.get("rules") {
        for item in r.seq(n).unwrap_or_default() {
            if let Some(rule) = rule(cat, r, item, &mut p.criterion_refs) {
                p.rules.push(rule);
            }
        }
    }
    if let Some(n) = map.get("requirements") {
        for item in r.seq(n).unwrap_or_default() {
            if let Some(req) = requirement(cat, r, item) {
                p.requirements.push(req);
            }
        }
    }
    Some(p)
}

fn unit_interval(r: &mut Reader, node: &Node) -> Option<f64> {
    let v = r.non_negative(node)?;
    if v > 1.0 {
        r.at(Code::InvalidNumber, node)
            .args
            .push(("value", node.raw.clone().unwrap_or_else(|| v.to_string())));
        return None;
    }
    Some(v)
}

fn feature_id(cat: &Catalogue, r: &mut Reader, name: &str, line: u64, column: u64) -> bool {
    if cat.feature(name).is_some() {
        return true;
    }
    let suggestion = did_you_mean(name, cat.features.iter().map(|f| f.id.as_str()));
    let d = r.report(Code::UnknownFeature, line, column);
    d.args.push(("id", name.to_owned()));
    d.suggestion = suggestion;
    false
}

/// A whole number within `range`.
fn whole(r: &mut Reader, node: &Node, range: std::ops::RangeInclusive<i64>) -> Option<u32> {
    let v = match node.value {
        crate::yaml_tree::Value::Int(v) => Some(v),
        _ if crate::yaml::overflowing_integer(node) => None,
        _ => return r.integer(node).and(None),
    };
    match v.filter(|v| range.contains(v)) {
        Some(v) => u32::try_from(v).ok(),
        None => {
            let value = v.map_or_else(|| node.raw.clone().unwrap_or_default(), |v| v.to_string());
            r.at(Code::OutOfRange, node).args.extend([
                ("value", value),
                ("min", range.start().to_string()),
                ("max", range.end().to_string()),
            ]);
            None
        }
    }
}

fn fleet(r: &mut Reader, node: &Node) -> PartialFleet {
    let mut f = PartialFleet {
        at: Some((r.file.to_owned(), node.line, node.column)),
        ..PartialFleet::default()
    };
    let Some(map) = r.map(
        node,
        &[
            "hosts",
            "sockets-per-host",
            "cores-per-socket",
            "years",
            "support",
            "vms",
            "windows-vms",
            "largest-cluster",
            "currency",
            "budget-ceiling",
            "owned",
        ],
    ) else {
        return f;
    };
    f.hosts = map.get("hosts").and_then(|n| whole(r, n, 1..=100_000));
    f.sockets_per_host = map
        .get("sockets-per-host")
        .and_then(|n| whole(r, n, 1..=64));
    f.cores_per_socket = map
        .get("cores-per-socket")
        .and_then(|n| whole(r, n, 1..=1024));
    f.years = map.get("years").and_then(|n| whole(r, n, 1..=30));
    f.support = map.get("support").and_then(|n| r.keyword(n));
    f.vms = map.get("vms").and_then(|n| whole(r, n, 0..=10_000_000));
    f.windows_vms = map
        .get("windows-vms")
        .and_then(|n| whole(r, n, 0..=10_000_000));
    f.largest_cluster = map
        .get("largest-cluster")
        .and_then(|n| whole(r, n, 1..=100_000));
    f.currency = map.get("currency").and_then(|n| {
        let s = r.string(n)?;
        if s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()) {
            Some(s)
        } else {
            r.at(Code::ExpectedType, n)
                .args
                .extend([("expected", "currency".into()), ("found", s)]);
            None
        }
    });
    f.budget_ceiling = map.get("budget-ceiling").and_then(|n| {
        let v = r.non_negative(n)?;
        (v <= 1e15).then_some(v).or_else(|| {
            r.at(Code::InvalidNumber, n)
                .args
                .push(("value", n.raw.clone().unwrap_or_default()));
            None
        })
    });
    if let Some(n) = map.get("owned") {
        let mut owned = Vec::new();
        for item in r.seq(n).unwrap_or_default() {
            let Some(m) = r.map(item, &["hypervisor", "edition", "years"]) else {
                continue;
            };
            let hv = r.required(&m, "hypervisor").and_then(|n| r.string(n));
            let edition = r.required(&m, "edition").and_then(|n| r.string(n));
            let years = m.get("years").and_then(|n| whole(r, n, 0..=30));
            if let (Some(hypervisor), Some(edition)) = (hv, edition) {
                owned.push(Owned {
                    hypervisor,
                    edition,
                    years,
                    at: (r.file.to_owned(), item.line, item.column),
                });
            }
        }
        f.owned = Some(owned);
    }
    f
}

/// A `values:` entry: `{ function: linear | log, worst: N, best: N }` or
/// `{ function: threshold, at: N, lower-is-better: true }`.
fn value_function(r: &mut Reader, node: &Node) -> Option<ValueFunction> {
    let map = r.map(
        node,
        &["function", "worst", "best", "at", "lower-is-better"],
    )?;
    let name = r
        .required(&map, "function")
        .and_then(|n| r.one_of(n, &["linear", "log", "threshold"]))?;
    let num = |r: &mut Reader, key: &str| r.required(&map, key).and_then(|n| r.non_negative(n));
    match name.as_str() {
        "threshold" => {
            let at = num(r, "at");
            let lower = match map.get("lower-is-better").map(|n| (n, &n.value)) {
                None => false,
                Some((_, crate::yaml::Value::Bool(b))) => *b,
                Some((n, v)) => {
                    r.at(Code::ExpectedType, n)
                        .args
                        .extend([("expected", "boolean".into()), ("found", v.kind().into())]);
                    false
                }
            };
            Some(ValueFunction::Threshold {
                at: at?,
                lower_is_better: lower,
            })
        }
        f => {
            let (worst, best) = (num(r, "worst"), num(r, "best"));
            let (worst, best) = (worst?, best?);
            Some(if f == "log" {
                ValueFunction::Log { worst, best }
            } else {
                ValueFunction::Linear { worst, best }
            })
        }
    }
}

/// A criterion's `tco:` mapping.
fn cost_function(r: &mut Reader, node: &Node) -> Option<CostFunction> {
    let map = r.map(node, &["function", "zero-at", "half-at", "floor"])?;
    let name = r
        .required(&map, "function")
        .and_then(|n| r.one_of(n, &["halving", "linear", "ratio"]))?;
    let positive = |r: &mut Reader, key: &str| {
        let n = r.required(&map, key)?;
        let v = r.non_negative(n)?;
        if v > 0.0 && v <= 1e12 {
            Some(v)
        } else {
            r.at(Code::InvalidNumber, n)
                .args
                .push(("value", n.raw.clone().unwrap_or_default()));
            None
        }
    };
    match name.as_str() {
        "linear" => positive(r, "zero-at").map(|zero_at| CostFunction::Linear { zero_at }),
        "halving" => positive(r, "half-at").map(|half_at| CostFunction::Halving { half_at }),
        _ => {
            let floor = match map.get("floor") {
                Some(_) => positive(r, "floor")?,
                None => 0.0,
            };
            Some(CostFunction::Ratio { floor })
        }
    }
}

fn criterion(cat: &Catalogue, r: &mut Reader, node: &Node) -> Option<PartialCriterion> {
    let map = r.map(
        node,
        &[
            "id",
            "label",
            "rationale",
            "weight",
            "features",
            "tco",
            "measured",
        ],
    )?;
    let id = r.required(&map, "id").and_then(|n| r.string(n));
    let label = map.get("label").and_then(|n| r.text(n));
    let rationale = map.get("rationale").and_then(|n| r.text(n));
    let weight = map.get("weight").and_then(|n| r.non_negative(n));
    let mut features = None;
    if let Some(n) = map.get("features") {
        let entries = r.entries(n).unwrap_or_default();
        let mut list = Vec::new();
        let mut ok = true;
        for (key, value) in entries {
            let known = feature_id(cat, r, &key.name, key.line, key.column);
            match r.non_negative(value) {
                Some(w) if known => list.push((key.name.clone(), w)),
                _ => ok = false,
            }
        }
        if ok && !list.is_empty() && list.iter().all(|(_, w)| *w == 0.0) {
            r.at(Code::AllZeroWeights, n);
            ok = false;
        }
        if entries.is_empty() {
            r.at(Code::MissingKey, n)
                .args
                .push(("key", "features".into()));
            ok = false;
        }
        if ok {
            features = Some(list);
        }
    }
    let tco = map.get("tco").and_then(|n| cost_function(r, n));
    if let (Some(_), Some(n)) = (map.get("features"), map.get("tco")) {
        let d = r.at(Code::UnknownKey, n);
        d.args.push(("key", "tco".into()));
        d.args.push(("allowed", "features".into()));
    }
    let measured = map.get("measured").and_then(|n| {
        let m = r.map(n, &["function"])?;
        r.required(&m, "function").and_then(|f| r.keyword(f))
    });
    Some(PartialCriterion {
        id: id?,
        label,
        rationale,
        weight,
        features,
        tco,
        measured,
        file: r.file.to_owned(),
        line: node.line,
        column: node.column,
    })
}

fn condition(r: &mut Reader, node: &Node) -> Option<Condition> {
    let map = r.map(node, &["budget", "scale", "skills"])?;
    Some(Condition {
        budget: map
            .get("budget")
            .and_then(|n| r.keywords(n))
            .unwrap_or_default(),
        scale: map
            .get("scale")
            .and_then(|n| r.keywords(n))
            .unwrap_or_default(),
        skills: map
            .get("skills")
            .and_then(|n| r.keywords(n))
            .unwrap_or_default(),
    })
}

fn rule(
    cat: &Catalogue,
    r: &mut Reader,
    node: &Node,
    refs: &mut Vec<(String, u64, u64)>,
) -> Option<Rule> {
    let map = r.map(
        node,
        &["id", "when", "treat", "features", "weights", "reason"],
    )?;
    let id = r.required(&map, "id").and_then(|n| r.string(n));
    let when = r.required(&map, "when").and_then(|n| condition(r, n));
    let mut treat = Vec::new();
    if let Some(n) = map.get("treat") {
        for (key, value) in r.entries(n).unwrap_or_default() {
            if key.name == "paid" {
                r.report(Code::PaidIsNotALevel, key.line, key.column);
                continue;
            }
            let from = Support::from_keyword(&key.name);
            if from.is_none() {
                let words: Vec<&str> = Support::ALL.iter().map(|(w, _)| *w).collect();
                let d = r.report(Code::UnknownKey, key.line, key.column);
                d.args.push(("key", key.name.clone()));
                d.args.push(("allowed", words.join(", ")));
                d.suggestion = did_you_mean(&key.name, words.iter().copied());
            }
            let to = r.keyword::<Support>(value);
            if to == Some(Support::Paid) {
                r.at(Code::PaidIsNotALevel, value);
                continue;
            }
            if let (Some(from), Some(to)) = (from, to) {
                treat.push((from, to));
            }
        }
    }
    let mut features = Vec::new();
    if let Some(n) = map.get("features") {
        for item in r.seq(n).unwrap_or_default() {
            if let Some(name) = r.string(item)
                && feature_id(cat, r, &name, item.line, item.column)
            {
                features.push(name);
            }
        }
    }
    let mut weights = Vec::new();
    if let Some(n) = map.get("weights") {
        for (key, value) in r.entries(n).unwrap_or_default() {
            if let Some(f) = r.non_negative(value) {
                refs.push((key.name.clone(), key.line, key.column));
                weights.push((key.name.clone(), f));
            }
        }
    }
    let reason = r.required(&map, "reason").and_then(|n| r.text(n));
    Some(Rule {
        id: id?,
        when: when?,
        treat,
        features,
        weights,
        reason: reason?,
    })
}

pub(crate) fn requirement(cat: &Catalogue, r: &mut Reader, node: &Node) -> Option<Requirement> {
    let map = r.map(
        node,
        &[
            "id",
            "feature",
            "accept",
            "min-value",
            "values",
            "contains",
            "when",
            "reason",
        ],
    )?;
    let contains = map
        .get("contains")
        .and_then(|n| r.strings(n))
        .unwrap_or_default();
    let values = map
        .get("values")
        .and_then(|n| r.strings(n))
        .unwrap_or_default();
    // Each value must be a choice of the feature.
    if let (Some(n), Some(f)) = (
        map.get("values"),
        map.get("feature").and_then(|n| match &n.value {
            crate::yaml::Value::Str(s) => cat.feature(s),
            _ => None,
        }),
    ) {
        let ids: Vec<&str> = f.choices.iter().map(|c| c.id.as_str()).collect();
        for (v, item) in values.iter().zip(r.seq(n).unwrap_or_default()) {
            if !ids.contains(&v.as_str()) {
                let d = r.at(Code::UnknownValue, item);
                d.args.push(("value", v.clone()));
                d.args.push(("allowed", ids.join(", ")));
                d.suggestion = did_you_mean(v, ids.iter().copied());
            }
        }
    }
    let min_value = map.get("min-value").and_then(|n| match &n.value {
        crate::yaml::Value::Str(s) if s == "hosts" => Some(MinValue::Hosts),
        crate::yaml::Value::Int(i) => Some(MinValue::Number(*i)),
        _ => {
            let d = r.at(Code::UnknownValue, n);
            d.args.push(("value", n.raw.clone().unwrap_or_default()));
            d.args.push(("allowed", "hosts, a whole number".into()));
            None
        }
    });
    let id = r.required(&map, "id").and_then(|n| r.string(n));
    let feature = r.required(&map, "feature").and_then(|n| {
        let name = r.string(n)?;
        feature_id(cat, r, &name, n.line, n.column).then_some(name)
    });
    let accept = match map.get("accept") {
        Some(n) => {
            let levels = r.keywords::<Support>(n);
            let items = r.seq(n).unwrap_or_default();
            for item in items {
                if matches!(&item.value, crate::yaml::Value::Str(s) if s == "paid") {
                    r.at(Code::PaidIsNotALevel, item);
                }
            }
            levels.filter(|l| !l.contains(&Support::Paid))
        }
        None => Some(vec![Support::Native, Support::Plugin, Support::Partial]),
    };
    let when = match map.get("when") {
        Some(n) => condition(r, n),
        None => Some(Condition::default()),
    };
    let reason = r.required(&map, "reason").and_then(|n| r.text(n));
    Some(Requirement {
        id: id?,
        feature: feature?,
        accept: accept?,
        min_value,
        values,
        contains,
        when: when?,
        reason: reason?,
    })
}

/// Replaces the entries of `base` that share an id with `over`, and appends the others.
fn overlay<T>(base: &mut Vec<T>, over: Vec<T>, id: impl Fn(&T) -> &str) {
    for item in over {
        match base.iter().position(|b| id(b) == id(&item)) {
            Some(i) => base[i] = item,
            None => base.push(item),
        }
    }
}

/// Merges a chain (child first) into one profile and checks what only the whole can show.
fn merge(chain: Vec<(String, Partial)>, diags: &mut Vec<Diagnostic>) -> Option<Profile> {
    let child_file = chain.first().map(|(f, _)| f.clone()).unwrap_or_default();
    let extends: Vec<String> = chain
        .iter()
        .filter_map(|(_, p)| p.extends.as_ref().map(|(e, _, _)| e.clone()))
        .collect();
    let mut acc = Partial::default();
    let mut refs = Vec::new();
    // The last file of the chain that wrote `criteria:`.
    let mut criteria_at = None;
    for (file, p) in chain.into_iter().rev() {
        if let Some((line, column)) = p.criteria_at {
            criteria_at = Some((file.clone(), line, column));
        }
        acc.id = p.id.or(acc.id);
        acc.title = p.title.or(acc.title);
        acc.description = p.description.or(acc.description);
        acc.rationale = p.rationale.or(acc.rationale);
        acc.budget = p.budget.or(acc.budget);
        acc.scale = p.scale.or(acc.scale);
        acc.skills = p.skills.or(acc.skills);
        acc.unknown = p.unknown.or(acc.unknown);
        acc.pairwise = p.pairwise.or(acc.pairwise);
        acc.fleet = std::mem::take(&mut acc.fleet).merge(p.fleet);
        overlay(&mut acc.values, p.values, |(f, _)| f);
        acc.candidates = p.candidates.or(acc.candidates);
        overlay(&mut acc.support_scores, p.support_scores, |(s, _)| s.name());
        for c in p.criteria {
            match acc.criteria.iter().position(|b| b.id == c.id) {
                Some(i) => {
                    let base = acc.criteria.remove(i);
                    acc.criteria.insert(i, base.merge(c));
                }
                None => acc.criteria.push(c),
            }
        }
        overlay(&mut acc.rules, p.rules, |r| &r.id);
        overlay(&mut acc.requirements, p.requirements, |r| &r.id);
        refs.extend(
            p.criterion_refs
                .into_iter()
                .map(|(c, l, col)| (file.clone(), c, l, col)),
        );
    }
    let missing = |key: &str| Diagnostic::new(Code::MissingKey, &child_file, 1, 1).arg("key", key);
    // Written but empty: the list is blamed where it is, not the file's first line.
    let empty_list = acc.criteria.is_empty() && criteria_at.is_some();
    if let (true, Some((file, line, column))) = (empty_list, &criteria_at) {
        diags.push(Diagnostic::new(Code::EmptyList, file, *line, *column).arg("key", "criteria"));
    }
    let mut failed = empty_list;
    let mut need = |present: bool, key: &str, diags: &mut Vec<Diagnostic>| {
        if !present {
            diags.push(missing(key));
            failed = true;
        }
    };
    need(acc.title.is_some(), "title", diags);
    need(acc.description.is_some(), "description", diags);
    need(acc.rationale.is_some(), "rationale", diags);
    need(acc.budget.is_some(), "context.budget", diags);
    need(acc.unknown.is_some(), "unknown", diags);
    need(!acc.criteria.is_empty() || empty_list, "criteria", diags);
    for (word, level) in Support::ALL {
        if !matches!(level, Support::Unknown | Support::Paid)
            && !acc.support_scores.iter().any(|(s, _)| s == level)
        {
            need(false, &format!("support-scores.{word}"), diags);
        }
    }
    let mut criteria = Vec::new();
    for c in acc.criteria {
        let mut field = |present: bool, key: &str| {
            if !present {
                diags.push(
                    Diagnostic::new(Code::MissingKey, &c.file, c.line, c.column).arg("key", key),
                );
            }
            present
        };
        let complete = field(c.label.is_some(), "label")
            & field(c.weight.is_some() || acc.pairwise.is_some(), "weight")
            & field(
                c.features.is_some() || c.tco.is_some() || c.measured.is_some(),
                "features",
            );
        match (complete, c.label, c.weight.or(Some(0.0))) {
            (true, Some(label), Some(weight)) => criteria.push(Criterion {
                id: c.id,
                label,
                rationale: c.rationale,
                weight,
                features: if c.tco.is_some() || c.measured.is_some() {
                    Vec::new()
                } else {
                    c.features.unwrap_or_default()
                },
                tco: c.tco,
                measured: c.measured,
            }),
            _ => failed = true,
        }
    }
    let mut ahp = None;
    if let Some(pw) = &acc.pairwise {
        match pairwise_weights(pw, &criteria, diags) {
            Some(result) => {
                for (c, w) in criteria.iter_mut().zip(&result.weights) {
                    c.weight = *w;
                }
                ahp = Some(result);
            }
            None => failed = true,
        }
    }
    if !criteria.is_empty() && criteria.iter().all(|c| c.weight == 0.0) {
        diags.push(Diagnostic::new(Code::AllZeroWeights, &child_file, 1, 1));
        failed = true;
    }
    for (file, name, line, column) in refs {
        if !criteria.iter().any(|c| c.id == name) {
            diags.push(
                Diagnostic::new(Code::UnknownCriterion, &file, line, column)
                    .arg("id", &name)
                    .suggest(did_you_mean(&name, criteria.iter().map(|c| c.id.as_str()))),
            );
            failed = true;
        }
    }
    let fleet = resolve_fleet(&acc.fleet, &criteria, &child_file, diags);
    if criteria.iter().any(|c| c.tco.is_some()) && fleet.is_none() {
        failed = true;
    }
    if failed {
        return None;
    }
    // Support scores in the canonical level order, whatever order the files used.
    acc.support_scores
        .sort_by_key(|(s, _)| Support::ALL.iter().position(|(_, l)| l == s));
    Some(Profile {
        id: acc.id?,
        extends,
        title: acc.title?,
        description: acc.description?,
        rationale: acc.rationale?,
        context: Context {
            budget: acc.budget?,
            scale: acc.scale,
            skills: acc.skills.unwrap_or_default(),
        },
        unknown: acc.unknown?,
        support_scores: SupportScores(acc.support_scores),
        criteria,
        rules: acc.rules,
        requirements: acc.requirements,
        fleet,
        values: acc.values,
        candidates: acc
            .candidates
            .as_ref()
            .map(|(ids, _)| ids.clone())
            .unwrap_or_default(),
        candidates_at: acc.candidates.map(|(_, at)| at).unwrap_or_default(),
        ahp,
        measurements: Vec::new(),
    })
}

/// The merged fleet, complete with its defaults, when a criterion needs it or one is given.
fn resolve_fleet(
    f: &PartialFleet,
    criteria: &[Criterion],
    child_file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Fleet> {
    let needed = criteria.iter().find(|c| c.tco.is_some());
    if f.at.is_none() {
        if let Some(c) = needed {
            diags.push(
                Diagnostic::new(Code::MissingFleet, child_file, 1, 1).arg("criterion", &c.id),
            );
        }
        return None;
    }
    let (file, line, column) = f.at.clone().unwrap_or_default();
    let mut missing = false;
    for (present, key) in [
        (f.hosts.is_some(), "fleet.hosts"),
        (f.sockets_per_host.is_some(), "fleet.sockets-per-host"),
        (f.cores_per_socket.is_some(), "fleet.cores-per-socket"),
    ] {
        if !present {
            diags.push(Diagnostic::new(Code::MissingKey, &file, line, column).arg("key", key));
            missing = true;
        }
    }
    if missing {
        return None;
    }
    Some(Fleet {
        hosts: f.hosts?,
        sockets_per_host: f.sockets_per_host?,
        cores_per_socket: f.cores_per_socket?,
        years: f.years.unwrap_or(5),
        support: f.support.unwrap_or(crate::knowledge::SupportHours::None),
        vms: f.vms.unwrap_or(f.windows_vms.unwrap_or(0)),
        windows_vms: f.windows_vms.unwrap_or(0),
        largest_cluster: f.largest_cluster,
        currency: f.currency.clone().unwrap_or_else(|| "EUR".to_owned()),
        budget_ceiling: f.budget_ceiling,
        owned: f.owned.clone().unwrap_or_default(),
    })
}

/// Checks what a profile names in the knowledge base (licences owned, the fleet's currency).
pub fn check_against(profile: &Profile, kb: &crate::knowledge::KnowledgeBase) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for id in &profile.candidates {
        if kb.hypervisor(id).is_none() {
            let (file, line, column) = &profile.candidates_at;
            out.push(
                Diagnostic::new(Code::UnknownHypervisor, file, *line, *column)
                    .arg("id", id)
                    .suggest(did_you_mean(
                        id,
                        kb.hypervisors.iter().map(|h| h.id.as_str()),
                    )),
            );
        }
    }
    let Some(fleet) = &profile.fleet else {
        return out;
    };
    for o in &fleet.owned {
        let (file, line, column) = &o.at;
        match kb.hypervisor(&o.hypervisor) {
            None => out.push(
                Diagnostic::new(Code::UnknownHypervisor, file, *line, *column)
                    .arg("id", &o.hypervisor)
                    .suggest(did_you_mean(
                        &o.hypervisor,
                        kb.hypervisors.iter().map(|h| h.id.as_str()),
                    )),
            ),
            Some(hv) if hv.edition(&o.edition).is_none() => out.push(
                Diagnostic::new(Code::UnknownEdition, file, *line, *column)
                    .arg("edition", &o.edition)
                    .suggest(did_you_mean(
                        &o.edition,
                        hv.editions.iter().map(|e| e.id.as_str()),
                    )),
            ),
            Some(_) => {}
        }
    }
    if let Some(rates) = &kb.currencies
        && rates.factor(&fleet.currency, &rates.reference).is_none()
    {
        out.push(
            Diagnostic::new(Code::MissingRate, "<profile>", 0, 0)
                .arg("currency", &fleet.currency)
                .arg("edition", "fleet"),
        );
    }
    out
}

fn pairwise(r: &mut Reader, node: &Node) -> Option<Pairwise> {
    let map = r.map(node, &["random-index", "judgements"])?;
    let table = match map.get("random-index") {
        Some(n) => r.keyword(n)?,
        None => super::ahp::RandomIndex::Saaty1980,
    };
    let mut judgements = Vec::new();
    for item in r
        .required(&map, "judgements")
        .and_then(|n| r.seq(n))
        .unwrap_or_default()
    {
        let parts = r.seq(item).unwrap_or_default();
        let value = parts.get(2).and_then(|v| match (&v.value, &v.raw) {
            (crate::yaml::Value::Str(s), _) => super::ahp::parse_value(s),
            (_, Some(raw)) => super::ahp::parse_value(raw),
            _ => None,
        });
        match (parts.len(), parts.first(), parts.get(1), value) {
            (3, Some(a), Some(b), Some(value)) => {
                let (Some(a), Some(b)) = (r.string(a), r.string(b)) else {
                    continue;
                };
                judgements.push((
                    super::ahp::Judgement { a, b, value },
                    item.line,
                    item.column,
                ));
            }
            _ => {
                r.at(Code::InvalidJudgement, item);
            }
        }
    }
    Some(Pairwise {
        table,
        judgements,
        file: r.file.to_owned(),
        line: node.line,
        column: node.column,
    })
}

/// Checks the judgements against the merged criteria and derives the weights.
fn pairwise_weights(
    pw: &Pairwise,
    criteria: &[Criterion],
    diags: &mut Vec<Diagnostic>,
) -> Option<super::ahp::Ahp> {
    let ids: Vec<String> = criteria.iter().map(|c| c.id.clone()).collect();
    // Sets, not lists: a profile of n criteria has n(n-1)/2 judgements to look up.
    let known: std::collections::BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    let mut ok = true;
    let mut seen: std::collections::BTreeSet<(String, String)> = Default::default();
    for (j, line, column) in &pw.judgements {
        for id in [&j.a, &j.b] {
            if !known.contains(id.as_str()) {
                diags.push(
                    Diagnostic::new(Code::UnknownCriterion, &pw.file, *line, *column)
                        .arg("id", id.as_str())
                        .suggest(did_you_mean(id, ids.iter().map(String::as_str))),
                );
                ok = false;
            }
        }
        let pair = if j.a < j.b {
            (j.a.clone(), j.b.clone())
        } else {
            (j.b.clone(), j.a.clone())
        };
        if j.a == j.b || seen.contains(&pair) {
            diags.push(Diagnostic::new(
                Code::InvalidJudgement,
                &pw.file,
                *line,
                *column,
            ));
            ok = false;
        }
        seen.insert(pair);
    }
    for (i, a) in ids.iter().enumerate() {
        for b in &ids[i + 1..] {
            let pair = if a < b {
                (a.clone(), b.clone())
            } else {
                (b.clone(), a.clone())
            };
            if !seen.contains(&pair) {
                diags.push(
                    Diagnostic::new(Code::MissingJudgement, &pw.file, pw.line, pw.column)
                        .arg("a", a.as_str())
                        .arg("b", b.as_str()),
                );
                ok = false;
            }
        }
    }
    if !ok {
        return None;
    }
    let list: Vec<super::ahp::Judgement> =
        pw.judgements.iter().map(|(j, _, _)| j.clone()).collect();
    let result = super::ahp::derive(&ids, &list, pw.table);
    if let Some(cr) = result
        .consistency_ratio
        .filter(|cr| *cr > super::ahp::CR_LIMIT)
    {
        let worst = result
            .most_inconsistent
            .iter()
            .map(|x| format!("{} / {}", x.a, x.b))
            .collect::<Vec<_>>()
            .join(", ");
        diags.push(
            Diagnostic::new(Code::InconsistentJudgements, &pw.file, pw.line, pw.column)
                .arg("ratio", format!("{cr:.3}"))
                .arg("pairs", worst),
        );
    }
    Some(result)
}
