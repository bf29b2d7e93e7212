//! Loading and validating the knowledge base from YAML text.

use super::model::*;
use crate::diag::{self, Code, Diagnostic, did_you_mean};
use crate::yaml::{self, Keyword, Node, Reader, Value};

/// One YAML file: the name shown in diagnostics and its text.
#[derive(Debug, Clone)]
pub struct HypervisorSource {
    pub file: String,
    pub text: String,
    /// The file already parsed, as JSON (built-in files only; see `build.rs`).
    pub tree: Option<&'static str>,
}

/// The files of a knowledge base, and their hash when it is known in advance (built in).
pub struct KnowledgeFiles {
    pub catalogue: HypervisorSource,
    pub hypervisors: Vec<HypervisorSource>,
    pub hash: Option<&'static str>,
}

/// [`load`], reusing the files' precomputed hash when there is one.
pub fn load_files(files: &KnowledgeFiles) -> (Option<KnowledgeBase>, Vec<Diagnostic>) {
    load_with(&files.catalogue, &files.hypervisors, files.hash)
}

/// Loads a knowledge base: the catalogue first, then every hypervisor file against it.
///
/// Returns the base when no diagnostic is an error, and every diagnostic (warnings included)
/// in file and position order.
pub fn load(
    catalogue: &HypervisorSource,
    hypervisors: &[HypervisorSource],
) -> (Option<KnowledgeBase>, Vec<Diagnostic>) {
    load_with(catalogue, hypervisors, None)
}

fn load_with(
    catalogue: &HypervisorSource,
    hypervisors: &[HypervisorSource],
    hash: Option<&str>,
) -> (Option<KnowledgeBase>, Vec<Diagnostic>) {
    let catalogue_file = catalogue;
    let mut diags = Vec::new();
    let cat = load_catalogue(catalogue, &mut diags);
    let mut hvs = Vec::new();
    if let Some(cat) = &cat {
        for file in hypervisors {
            if let Some(hv) = load_hypervisor(cat, file, &mut diags) {
                hvs.push(hv);
            }
        }
        if hypervisors.is_empty() {
            diags.push(Diagnostic::new(Code::NoHypervisors, &catalogue.file, 0, 0));
        }
    }
    hvs.sort_by(|a, b| a.id.cmp(&b.id));
    for pair in hvs.windows(2) {
        if pair[0].id == pair[1].id {
            diags.push(
                Diagnostic::new(Code::DuplicateId, &catalogue.file, 0, 0).arg("id", &pair[1].id),
            );
        }
    }
    diag::sort(&mut diags);
    let ok = !diags.iter().any(Diagnostic::is_error);
    let kb = match (ok, cat) {
        (true, Some(catalogue)) => Some(KnowledgeBase {
            catalogue,
            hypervisors: hvs,
            hash: hash.map_or_else(|| source_hash(catalogue_file, hypervisors), str::to_owned),
        }),
        _ => None,
    };
    (kb, diags)
}

/// The file's tree; a syntax error is its only diagnostic.
fn parse(file: &HypervisorSource, diags: &mut Vec<Diagnostic>) -> Option<Node> {
    yaml::parse_cached(&file.file, &file.text, file.tree)
        .map_err(|d| diags.push(d))
        .ok()
}

fn load_catalogue(file: &HypervisorSource, diags: &mut Vec<Diagnostic>) -> Option<Catalogue> {
    let root = parse(file, diags)?;
    let mut r = Reader::new(&file.file);
    let mut features: Vec<Feature> = Vec::new();
    if let Some(map) = r.map(&root, &["schema-version", "features"]) {
        if let Some(v) = r.required(&map, "schema-version") {
            r.integer(v);
        }
        if let Some(list) = r.required(&map, "features").and_then(|n| r.seq(n)) {
            for node in list {
                if let Some(f) = feature(&mut r, node) {
                    if features.iter().any(|g| g.id == f.id) {
                        r.at(Code::DuplicateId, node)
                            .args
                            .push(("id", f.id.clone()));
                    } else {
                        features.push(f);
                    }
                }
            }
        }
    }
    let failed = r.diags.iter().any(Diagnostic::is_error);
    diags.append(&mut r.diags);
    (!failed).then_some(Catalogue { features })
}

fn feature(r: &mut Reader, node: &Node) -> Option<Feature> {
    let map = r.map(
        node,
        &[
            "id",
            "kind",
            "unit",
            "choices",
            "value-required",
            "label",
            "description",
        ],
    )?;
    let id_node = r.required(&map, "id");
    let id = id_node.and_then(|n| r.string(n));
    let category = match (&id, id_node) {
        (Some(id), Some(n)) => category_of(r, id, n),
        _ => None,
    };
    let kind = r
        .required(&map, "kind")
        .and_then(|n| r.keyword::<ValueKind>(n));
    let unit = map.get("unit").and_then(|n| r.keyword::<Unit>(n));
    let mut choices = Vec::new();
    if let Some(n) = map.get("choices") {
        for (key, value) in r.entries(n).unwrap_or_default() {
            if let Some(label) = r.text(value) {
                choices.push(Choice {
                    id: key.name.clone(),
                    label,
                });
            }
        }
    }
    if kind == Some(ValueKind::Choice) && choices.is_empty() {
        r.at(Code::MissingKey, node)
            .args
            .push(("key", "choices".into()));
    }
    let value_required = match map.get("value-required").map(|n| &n.value) {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            let n = map.get("value-required").expect("matched");
            r.at(Code::ExpectedType, n).args.extend([
                ("expected", "boolean".into()),
                ("found", n.value.kind().into()),
            ]);
            false
        }
    };
    let label = r.required(&map, "label").and_then(|n| r.text(n));
    let description = r.required(&map, "description").and_then(|n| r.text(n));
    Some(Feature {
        id: id?,
        category: category?,
        kind: kind?,
        unit,
        choices,
        value_required,
        label: label?,
        description: description?,
    })
}

/// The category named by the id's prefix (`cluster.ha` → cluster).
fn category_of(r: &mut Reader, id: &str, node: &Node) -> Option<Category> {
    let prefix = id.split_once('.').map(|(p, _)| p).unwrap_or("");
    let found = Category::from_keyword(prefix);
    if found.is_none() {
        let words: Vec<&str> = Category::ALL.iter().map(|(w, _)| *w).collect();
        let d = r.at(Code::UnknownValue, node);
        d.args.push(("value", prefix.to_owned()));
        d.args.push(("allowed", words.join(", ")));
        d.suggestion = did_you_mean(prefix, words.iter().copied());
    }
    found
}

const HYPERVISOR_KEYS: &[&str] = &[
    "id", "name", "vendor", "type", "version", "released", "as-of", "license", "homepage",
    "summary", "sources", "features",
];

fn load_hypervisor(
    cat: &Catalogue,
    file: &HypervisorSource,
    diags: &mut Vec<Diagnostic>,
) -> Option<Hypervisor> {
    let root = parse(file, diags)?;
    let mut r = Reader::new(&file.file);
    let hv = hypervisor(cat, &mut r, &root);
    let failed = r.diags.iter().any(Diagnostic::is_error);
    diags.append(&mut r.diags);
    if failed { None } else { hv }
}

fn hypervisor(cat: &Catalogue, r: &mut Reader, root: &Node) -> Option<Hypervisor> {
    let map = r.map(root, HYPERVISOR_KEYS)?;
    let id_node = r.required(&map, "id");
    let id = id_node.and_then(|n| r.string(n));
    if let (Some(id), Some(n)) = (&id, id_node) {
        let stem = std::path::Path::new(r.file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("");
        if stem != id {
            r.at(Code::IdMismatch, n)
                .args
                .extend([("id", id.clone()), ("stem", stem.to_owned())]);
        }
    }
    let name = r.required(&map, "name").and_then(|n| r.string(n));
    let vendor = r.required(&map, "vendor").and_then(|n| r.string(n));
    let hypervisor_type = r.required(&map, "type").and_then(|n| {
        let t = r.integer(n)?;
        if t == 1 || t == 2 {
            Some(t as u8)
        } else {
            r.at(Code::UnknownValue, n)
                .args
                .extend([("value", t.to_string()), ("allowed", "1, 2".into())]);
            None
        }
    });
    let version = r.required(&map, "version").and_then(|n| r.version(n));
    let released = r.required(&map, "released").and_then(|n| r.date(n));
    let as_of = r.required(&map, "as-of").and_then(|n| r.date(n));
    let license = r.required(&map, "license").and_then(|n| r.string(n));
    let homepage = map.get("homepage").and_then(|n| url(r, n));
    let summary = r.required(&map, "summary").and_then(|n| r.text(n));
    let sources = r
        .required(&map, "sources")
        .map(|n| source_table(r, n))
        .unwrap_or_default();

    let mut facts = Vec::new();
    let mut used = vec![false; sources.len()];
    if let Some(features_node) = r.required(&map, "features") {
        let entries = r.entries(features_node).unwrap_or_default();
        for (key, node) in entries {
            let Some(feature) = cat.feature(&key.name) else {
                let suggestion =
                    did_you_mean(&key.name, cat.features.iter().map(|f| f.id.as_str()));
                r.report(Code::UnknownFeature, key.line, key.column)
                    .args
                    .push(("id", key.name.clone()));
                r.diags.last_mut().expect("pushed").suggestion = suggestion;
                continue;
            };
            if let Some(mut f) = fact(r, feature, node, &sources, &mut used, as_of) {
                f.line = key.line;
                facts.push(f);
            }
        }
        for feature in &cat.features {
            if !entries.iter().any(|(k, _)| k.name == feature.id) {
                r.at(Code::MissingFeature, features_node)
                    .args
                    .push(("id", feature.id.clone()));
            }
        }
    }
    if let Some(sources_node) = map.get("sources") {
        for ((key, _), used) in sources.iter().zip(&used) {
            if !used {
                r.at(Code::UnusedSource, sources_node)
                    .args
                    .push(("key", key.clone()));
            }
        }
    }
    facts.sort_by_key(|f| cat.position(&f.feature));
    Some(Hypervisor {
        file: r.file.to_owned(),
        id: id?,
        name: name?,
        vendor: vendor?,
        hypervisor_type: hypervisor_type?,
        version: version?,
        released: released?,
        as_of: as_of?,
        license: license?,
        homepage,
        summary: summary?,
        sources,
        facts,
    })
}

fn url(r: &mut Reader, node: &Node) -> Option<String> {
    let s = r.string(node)?;
    if s.starts_with("https://") || s.starts_with("http://") {
        Some(s)
    } else {
        r.at(Code::ExpectedType, node)
            .args
            .extend([("expected", "url".into()), ("found", "text".into())]);
        None
    }
}

fn source_table(r: &mut Reader, node: &Node) -> Vec<(String, Source)> {
    let mut out = Vec::new();
    for (key, value) in r.entries(node).unwrap_or_default() {
        let Some(map) = r.map(value, &["url", "title"]) else {
            continue;
        };
        let url = r.required(&map, "url").and_then(|n| url(r, n));
        let title = r.required(&map, "title").and_then(|n| r.string(n));
        if let (Some(url), Some(title)) = (url, title) {
            out.push((key.name.clone(), Source { url, title }));
        }
    }
    out
}

fn fact(
    r: &mut Reader,
    feature: &Feature,
    node: &Node,
    sources: &[(String, Source)],
    used: &mut [bool],
    file_as_of: Option<crate::date::Date>,
) -> Option<Fact> {
    let map = r.map(
        node,
        &["support", "value", "note", "sources", "since", "as-of"],
    )?;
    let support = r
        .required(&map, "support")
        .and_then(|n| r.keyword::<Support>(n));
    let note = r.required(&map, "note").and_then(|n| r.text(n));
    let since = map.get("since").and_then(|n| r.version(n));
    let as_of = match map.get("as-of") {
        Some(n) => r.date(n),
        None => file_as_of,
    };
    let mut keys = Vec::new();
    if let Some(n) = map.get("sources") {
        for item in r.seq(n).unwrap_or_default() {
            let Some(key) = r.string(item) else { continue };
            match sources.iter().position(|(k, _)| *k == key) {
                Some(i) => {
                    used[i] = true;
                    keys.push(key);
                }
                None => {
                    let suggestion = did_you_mean(&key, sources.iter().map(|(k, _)| k.as_str()));
                    let d = r.at(Code::UnknownSource, item);
                    d.args.push(("key", key));
                    d.suggestion = suggestion;
                }
            }
        }
    }
    if keys.is_empty() && support.is_some_and(|s| s != Support::Unknown) {
        r.at(Code::MissingSource, node)
            .args
            .push(("feature", feature.id.clone()));
    }
    let value = match map.get("value") {
        Some(n) => fact_value(r, feature, n),
        None => {
            let needs = feature.value_required
                && support.is_some_and(|s| !matches!(s, Support::None | Support::Unknown));
            if needs {
                r.at(Code::MissingValue, node)
                    .args
                    .push(("feature", feature.id.clone()));
            }
            None
        }
    };
    Some(Fact {
        feature: feature.id.clone(),
        support: support?,
        value,
        note: note?,
        sources: keys,
        since,
        as_of: as_of?,
        line: node.line,
    })
}

fn fact_value(r: &mut Reader, feature: &Feature, node: &Node) -> Option<FactValue> {
    match feature.kind {
        ValueKind::Flag => {
            r.at(Code::UnexpectedValue, node)
                .args
                .push(("feature", feature.id.clone()));
            None
        }
        ValueKind::Integer => r.integer(node).map(FactValue::Integer),
        ValueKind::Text => r.string(node).map(FactValue::Text),
        ValueKind::List => r.strings(node).map(FactValue::List),
        ValueKind::Choice => {
            let word = r.string(node)?;
            if feature.choices.iter().any(|c| c.id == word) {
                Some(FactValue::Text(word))
            } else {
                let ids: Vec<&str> = feature.choices.iter().map(|c| c.id.as_str()).collect();
                let d = r.at(Code::UnknownValue, node);
                d.args.push(("value", word.clone()));
                d.args.push(("allowed", ids.join(", ")));
                d.suggestion = did_you_mean(&word, ids.iter().copied());
                None
            }
        }
        ValueKind::Ports => {
            let items = r.seq(node)?;
            let ports: Vec<Option<Port>> = items.iter().map(|n| port(r, n)).collect();
            ports
                .into_iter()
                .collect::<Option<Vec<_>>>()
                .map(FactValue::Ports)
        }
        ValueKind::Lifecycle => {
            let map = r.map(node, &["version", "released", "end-of-support"])?;
            let version = r.required(&map, "version").and_then(|n| r.version(n));
            let released = map.get("released").and_then(|n| r.date(n));
            let end_of_support = map.get("end-of-support").and_then(|n| r.date(n));
            Some(FactValue::Lifecycle(Lifecycle {
                version: version?,
                released,
                end_of_support,
            }))
        }
        ValueKind::Resources => {
            let map = r.map(node, &["cpu-cores", "memory-gib", "disk-gib"])?;
            let mut get = |k| map.get(k).and_then(|n| r.non_negative(n));
            Some(FactValue::Resources(Resources {
                cpu_cores: get("cpu-cores"),
                memory_gib: get("memory-gib"),
                disk_gib: get("disk-gib"),
            }))
        }
    }
}

fn port(r: &mut Reader, node: &Node) -> Option<Port> {
    let map = r.map(node, &["port", "protocol", "direction", "purpose"])?;
    let range = r.required(&map, "port").and_then(|n| port_range(r, n));
    let protocol = r
        .required(&map, "protocol")
        .and_then(|n| r.keyword::<Protocol>(n));
    let direction = r
        .required(&map, "direction")
        .and_then(|n| r.keyword::<Direction>(n));
    let purpose = r.required(&map, "purpose").and_then(|n| r.text(n));
    Some(Port {
        port: range?,
        protocol: protocol?,
        direction: direction?,
        purpose: purpose?,
    })
}

fn port_range(r: &mut Reader, node: &Node) -> Option<PortRange> {
    let parse = |s: &str| s.trim().parse::<u16>().ok().filter(|p| *p > 0);
    let range = match &node.value {
        Value::Int(i) => u16::try_from(*i)
            .ok()
            .filter(|p| *p > 0)
            .map(|p| PortRange { first: p, last: p }),
        Value::Str(s) => match s.split_once('-') {
            Some((a, b)) => match (parse(a), parse(b)) {
                (Some(first), Some(last)) if first <= last => Some(PortRange { first, last }),
                _ => None,
            },
            None => parse(s).map(|p| PortRange { first: p, last: p }),
        },
        _ => None,
    };
    if range.is_none() {
        r.at(Code::ExpectedType, node).args.extend([
            ("expected", "port".into()),
            ("found", node.value.kind().into()),
        ]);
    }
    range
}

/// Warnings for facts checked more than `max_months` months before `today`.
pub fn stale_facts(
    kb: &KnowledgeBase,
    today: crate::date::Date,
    max_months: u32,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for hv in &kb.hypervisors {
        for fact in &hv.facts {
            if fact.as_of.add_months(max_months) < today {
                out.push(
                    Diagnostic::new(Code::StaleFact, &hv.file, fact.line, 3)
                        .arg("feature", &fact.feature)
                        .arg("date", fact.as_of.to_string())
                        .arg("months", max_months.to_string()),
                );
            }
        }
    }
    out
}

/// SHA-256 of the files' text, each named by its file name (not its folder), in name order:
/// the same files give the same hash wherever they are, built in or in a folder.
fn source_hash(catalogue: &HypervisorSource, hypervisors: &[HypervisorSource]) -> String {
    use sha2::{Digest, Sha256};
    let name = |f: &HypervisorSource| {
        std::path::Path::new(&f.file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut files: Vec<(String, &str)> = hypervisors
        .iter()
        .map(|f| (name(f), f.text.as_str()))
        .collect();
    files.sort();
    let mut h = Sha256::new();
    for (n, text) in std::iter::once((name(catalogue), catalogue.text.as_str())).chain(files) {
        h.update(n.as_bytes());
        h.update([0]);
        h.update(text.as_bytes());
        h.update([0]);
    }
    crate::hash::hex12(&h.finalize())
}
