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
    /// `currencies.yaml`, the exchange rates, when the base has one.
    pub currencies: Option<HypervisorSource>,
    pub hash: Option<&'static str>,
}

/// [`load`], reusing the files' precomputed hash when there is one.
pub fn load_files(files: &KnowledgeFiles) -> (Option<KnowledgeBase>, Vec<Diagnostic>) {
    load_with(
        &files.catalogue,
        &files.hypervisors,
        files.currencies.as_ref(),
        files.hash,
    )
}

/// Loads a knowledge base: the catalogue first, then every hypervisor file against it, then the
/// exchange rates; the hash is computed from the files' text.
///
/// Returns the base when no diagnostic is an error, and every diagnostic (warnings included)
/// in file and position order.
pub fn load(files: &KnowledgeFiles) -> (Option<KnowledgeBase>, Vec<Diagnostic>) {
    load_with(
        &files.catalogue,
        &files.hypervisors,
        files.currencies.as_ref(),
        None,
    )
}

fn load_with(
    catalogue: &HypervisorSource,
    hypervisors: &[HypervisorSource],
    currencies: Option<&HypervisorSource>,
    hash: Option<&str>,
) -> (Option<KnowledgeBase>, Vec<Diagnostic>) {
    let catalogue_file = catalogue;
    let mut diags = Vec::new();
    let cat = load_catalogue(catalogue, &mut diags);
    let rates = currencies.and_then(|f| load_currencies(f, &mut diags));
    let mut hvs = Vec::new();
    if let Some(cat) = &cat {
        // Where each id was first seen: a second file with the same id is the one blamed.
        let mut seen: std::collections::BTreeMap<String, String> = Default::default();
        for file in hypervisors {
            if let Some((hv, (line, column))) = load_hypervisor(cat, file, &mut diags) {
                match seen.get(&hv.id) {
                    Some(first) => diags.push(
                        Diagnostic::new(Code::DuplicateHypervisor, &file.file, line, column)
                            .arg("id", &hv.id)
                            .arg("first", first),
                    ),
                    None => {
                        seen.insert(hv.id.clone(), file.file.clone());
                        hvs.push(hv);
                    }
                }
            }
        }
        if hypervisors.is_empty() {
            diags.push(Diagnostic::new(Code::NoHypervisors, &catalogue.file, 0, 0));
        }
    }
    hvs.sort_by(|a, b| a.id.cmp(&b.id));
    // A hypervisor file that failed to load would make its id look unknown: say only the first error.
    if let Some(cat) = &cat
        && hvs.len() == hypervisors.len()
    {
        check_migration_sources(cat, &catalogue.file, &hvs, &mut diags);
    }
    if let Some(rates) = &rates {
        check_currencies(&hvs, rates, &mut diags);
    }
    diag::sort(&mut diags);
    let ok = !diags.iter().any(Diagnostic::is_error);
    let kb = match (ok, cat) {
        (true, Some(catalogue)) => Some(KnowledgeBase {
            catalogue,
            hypervisors: hvs,
            currencies: rates,
            hash: hash.map_or_else(
                || source_hash(catalogue_file, hypervisors, currencies),
                str::to_owned,
            ),
        }),
        _ => None,
    };
    (kb, diags)
}

/// Every `migrates-from` of the catalogue names a hypervisor of the base.
fn check_migration_sources(
    cat: &Catalogue,
    file: &str,
    hvs: &[Hypervisor],
    diags: &mut Vec<Diagnostic>,
) {
    for f in &cat.features {
        let Some(id) = &f.migrates_from else { continue };
        if hvs.iter().all(|h| h.id != *id) {
            let (line, column) = f.migrates_from_at;
            diags.push(
                Diagnostic::new(Code::UnknownHypervisor, file, line, column)
                    .arg("id", id)
                    .suggest(did_you_mean(id, hvs.iter().map(|h| h.id.as_str()))),
            );
        }
    }
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
            "descriptive",
            "label",
            "description",
            "meaning",
            "lacking",
            "migrates-from",
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
    let descriptive = boolean(r, map.get("descriptive"), false);
    let label = r.required(&map, "label").and_then(|n| r.text(n));
    let description = r.required(&map, "description").and_then(|n| r.text(n));
    let meaning = map.get("meaning").and_then(|n| r.text(n));
    // A feature told to the reader has its absence told too: page one's risk lines read it.
    let lacking = match (map.get("meaning"), map.get("lacking")) {
        (_, Some(n)) => r.text(n),
        (Some(_), None) => {
            r.at(Code::MissingKey, node)
                .args
                .push(("key", "lacking".into()));
            None
        }
        (None, None) => None,
    };
    let migrates_from_at = map
        .get("migrates-from")
        .map_or((0, 0), |n| (n.line, n.column));
    let migrates_from = map.get("migrates-from").and_then(|n| r.string(n));
    Some(Feature {
        id: id?,
        category: category?,
        kind: kind?,
        unit,
        choices,
        value_required,
        descriptive,
        label: label?,
        description: description?,
        meaning,
        lacking,
        migrates_from,
        migrates_from_at,
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

pub(crate) const HYPERVISOR_KEYS: &[&str] = &[
    "id",
    "name",
    "vendor",
    "type",
    "version",
    "released",
    "as-of",
    "license",
    "homepage",
    "summary",
    "sources",
    "editions",
    "admin-skills",
    "features",
];

/// The hypervisor in `file`, and where its `id` value is written (for a duplicate id).
fn load_hypervisor(
    cat: &Catalogue,
    file: &HypervisorSource,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Hypervisor, (u64, u64))> {
    let root = parse(file, diags)?;
    let mut r = Reader::new(&file.file);
    let hv = hypervisor(cat, &mut r, &root);
    let failed = r.diags.iter().any(Diagnostic::is_error);
    diags.append(&mut r.diags);
    let at = match &root.value {
        crate::yaml_tree::Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.name == "id")
            .map_or((0, 0), |(_, v)| (v.line, v.column)),
        _ => (0, 0),
    };
    if failed { None } else { hv.map(|hv| (hv, at)) }
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

    let mut used = vec![false; sources.len()];
    let editions = r
        .required(&map, "editions")
        .map(|n| editions(r, n, &sources, &mut used))
        .unwrap_or_default();
    let admin_skills = r
        .required(&map, "admin-skills")
        .and_then(|n| admin_skills(r, n, &sources, &mut used));
    let mut facts = Vec::new();
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
            if let Some(mut f) = fact(r, feature, node, &sources, &mut used, as_of, &editions) {
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
        editions,
        facts,
        admin_skills: admin_skills?,
    })
}

/// `admin-skills: { skills: [linux], sources: [...] }`: at least one source.
fn admin_skills(
    r: &mut Reader,
    node: &Node,
    sources: &[(String, Source)],
    used: &mut [bool],
) -> Option<AdminSkills> {
    let map = r.map(node, &["skills", "sources"])?;
    let skills = r
        .required(&map, "skills")
        .and_then(|n| r.seq(n))
        .unwrap_or_default()
        .iter()
        .filter_map(|n| r.keyword::<Skill>(n))
        .collect();
    let keys = r
        .required(&map, "sources")
        .map(|n| source_keys(r, n, sources, used))
        .unwrap_or_default();
    if keys.is_empty() {
        r.at(Code::MissingKey, node)
            .args
            .push(("key", "sources".into()));
        return None;
    }
    Some(AdminSkills {
        skills,
        sources: keys,
    })
}

/// Resolves a list of source keys against the file's table, marking them used.
fn source_keys(
    r: &mut Reader,
    node: &Node,
    sources: &[(String, Source)],
    used: &mut [bool],
) -> Vec<String> {
    let mut keys = Vec::new();
    for item in r.seq(node).unwrap_or_default() {
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
    keys
}

/// A boolean field, `default` when absent.
fn boolean(r: &mut Reader, node: Option<&Node>, default: bool) -> bool {
    match node.map(|n| (n, &n.value)) {
        None => default,
        Some((_, Value::Bool(b))) => *b,
        Some((n, v)) => {
            r.at(Code::ExpectedType, n)
                .args
                .extend([("expected", "boolean".into()), ("found", v.kind().into())]);
            default
        }
    }
}

/// A whole number of at least 1, `default` when absent.
fn count(r: &mut Reader, node: Option<&Node>, default: u32) -> u32 {
    let Some(n) = node else { return default };
    match r.integer(n).map(u32::try_from) {
        Some(Ok(v)) if v >= 1 => v,
        Some(_) => {
            r.at(Code::InvalidNumber, n)
                .args
                .push(("value", n.raw.clone().unwrap_or_default()));
            default
        }
        None => default,
    }
}

fn editions(
    r: &mut Reader,
    node: &Node,
    sources: &[(String, Source)],
    used: &mut [bool],
) -> Vec<Edition> {
    let mut out: Vec<Edition> = Vec::new();
    let items = r.seq(node).unwrap_or_default();
    if items.is_empty() && matches!(node.value, Value::Seq(_)) {
        r.at(Code::MissingKey, node)
            .args
            .push(("key", "editions".into()));
    }
    for item in items {
        let Some(e) = edition(r, item, sources, used) else {
            continue;
        };
        if out.iter().any(|o| o.id == e.id) {
            r.at(Code::DuplicateId, item)
                .args
                .push(("id", e.id.clone()));
        } else {
            out.push(e);
        }
    }
    out
}

pub(crate) const EDITION_KEYS: &[&str] = &[
    "id",
    "name",
    "production",
    "sold",
    "support",
    "note",
    "sources",
    "prices",
    "windows-guests",
    "support-option",
];

pub(crate) const FACT_KEYS: &[&str] = &[
    "support", "edition", "value", "note", "sources", "since", "as-of",
];

fn edition(
    r: &mut Reader,
    node: &Node,
    sources: &[(String, Source)],
    used: &mut [bool],
) -> Option<Edition> {
    let map = r.map(node, EDITION_KEYS)?;
    let id = r.required(&map, "id").and_then(|n| r.string(n));
    let name = r.required(&map, "name").and_then(|n| name_text(r, n));
    let production = boolean(r, map.get("production"), true);
    let sold = boolean(r, map.get("sold"), true);
    let support = r
        .required(&map, "support")
        .and_then(|n| r.keyword::<SupportHours>(n));
    let note = r.required(&map, "note").and_then(|n| r.text(n));
    let keys = r
        .required(&map, "sources")
        .map(|n| source_keys(r, n, sources, used))
        .unwrap_or_default();
    if keys.is_empty() && map.get("sources").is_some() {
        r.at(Code::MissingSource, node)
            .args
            .push(("feature", id.clone().unwrap_or_default()));
    }
    let mut prices = Vec::new();
    if let Some(n) = map.get("prices") {
        for item in r.seq(n).unwrap_or_default() {
            if let Some(p) = price(r, item, sources, used) {
                prices.push(p);
            }
        }
    }
    let windows_guests = map
        .get("windows-guests")
        .and_then(|n| match (&n.value, &n.raw) {
            (Value::Int(0), _) => Some(WindowsGuests::None),
            (Value::Int(2), _) => Some(WindowsGuests::Two),
            (Value::Str(s), _) if s == "unlimited" => Some(WindowsGuests::Unlimited),
            (_, raw) => {
                let value = match &n.value {
                    Value::Str(s) => s.clone(),
                    _ => raw.clone().unwrap_or_default(),
                };
                let d = r.at(Code::UnknownValue, n);
                d.args.push(("value", value));
                d.args.push(("allowed", "0, 2, unlimited".into()));
                None
            }
        });
    let support_option = map
        .get("support-option")
        .and_then(|n| support_option(r, n, sources, used));
    Some(Edition {
        id: id?,
        name: name?,
        production,
        sold,
        support: support?,
        note: note?,
        sources: keys,
        prices,
        windows_guests,
        support_option,
    })
}

fn support_option(
    r: &mut Reader,
    node: &Node,
    sources: &[(String, Source)],
    used: &mut [bool],
) -> Option<SupportOption> {
    let map = r.map(node, &["name", "support", "note", "sources", "prices"])?;
    let name = r.required(&map, "name").and_then(|n| name_text(r, n));
    let support = r
        .required(&map, "support")
        .and_then(|n| r.keyword::<SupportHours>(n));
    let note = r.required(&map, "note").and_then(|n| r.text(n));
    let keys = r
        .required(&map, "sources")
        .map(|n| source_keys(r, n, sources, used))
        .unwrap_or_default();
    let mut prices = Vec::new();
    for item in r
        .required(&map, "prices")
        .and_then(|n| r.seq(n))
        .unwrap_or_default()
    {
        if let Some(p) = price(r, item, sources, used) {
            prices.push(p);
        }
    }
    Some(SupportOption {
        name: name?,
        support: support?,
        note: note?,
        sources: keys,
        prices,
    })
}

/// A name: a plain string (a product name, the same in every language) or `{ en, fr }`.
fn name_text(r: &mut Reader, node: &Node) -> Option<crate::lang::Text> {
    match &node.value {
        Value::Map(_) => r.text(node),
        _ => r.string(node).map(|s| crate::lang::Text {
            en: s.clone(),
            fr: s,
        }),
    }
}

/// An ISO 4217 code: three capital letters.
fn currency(r: &mut Reader, node: &Node) -> Option<String> {
    let s = r.string(node)?;
    if s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()) {
        Some(s)
    } else {
        r.at(Code::ExpectedType, node)
            .args
            .extend([("expected", "currency".into()), ("found", s)]);
        None
    }
}

pub(crate) const PRICE_KEYS: &[&str] = &[
    "unit",
    "amount",
    "currency",
    "term",
    "min-cores-per-cpu",
    "min-cores-per-host",
    "per",
    "pack",
    "min-units",
    "confidence",
    "range",
    "as-of",
    "sources",
    "what",
];

/// One price line of a knowledge file.
fn price(
    r: &mut Reader,
    node: &Node,
    sources: &[(String, Source)],
    used: &mut [bool],
) -> Option<Price> {
    price_line(r, node, sources, used, PRICE_KEYS, None)
}

/// A price line, with `keys` allowed. `quote` set: a user's own quote, whose confidence is
/// given and whose source is the quote itself (`sources` is then empty).
fn price_line(
    r: &mut Reader,
    node: &Node,
    sources: &[(String, Source)],
    used: &mut [bool],
    keys: &[&str],
    quote: Option<Confidence>,
) -> Option<Price> {
    let map = r.map(node, keys)?;
    let unit = r
        .required(&map, "unit")
        .and_then(|n| r.keyword::<PriceUnit>(n));
    let term = r.required(&map, "term").and_then(|n| r.keyword::<Term>(n));
    let confidence = match quote {
        Some(c) => Some(c),
        None => r
            .required(&map, "confidence")
            .and_then(|n| r.keyword::<Confidence>(n)),
    };
    let amount = map.get("amount").and_then(|n| r.non_negative(n));
    let currency = map.get("currency").and_then(|n| currency(r, n));
    let quote_only = confidence == Some(Confidence::QuoteOnly);
    if quote_only {
        if let Some(n) = map.get("amount") {
            r.at(Code::BadPrice, n)
                .args
                .push(("problem", "amount-on-quote".into()));
        }
    } else if confidence.is_some() {
        for key in ["amount", "currency"] {
            if map.get(key).is_none() {
                r.at(Code::MissingKey, node).args.push(("key", key.into()));
            }
        }
    }
    let min_cores_per_cpu = count(r, map.get("min-cores-per-cpu"), 1);
    let min_cores_per_host = count(r, map.get("min-cores-per-host"), 1);
    let per = count(r, map.get("per"), 1);
    let pack = count(r, map.get("pack"), 1);
    let min_units = match map.get("min-units") {
        Some(n) => count(r, Some(n), 1),
        None => 0,
    };
    if unit.is_some_and(|u| u != PriceUnit::Core) {
        for key in ["min-cores-per-cpu", "min-cores-per-host"] {
            if let Some(n) = map.get(key) {
                r.at(Code::BadPrice, n)
                    .args
                    .push(("problem", "cores-rule-not-per-core".into()));
            }
        }
    }
    let range = match map.get("range") {
        None => None,
        Some(n) => {
            let items = r.seq(n).unwrap_or_default();
            let nums: Vec<f64> = items.iter().filter_map(|i| r.non_negative(i)).collect();
            match nums.as_slice() {
                [lo, hi] if lo <= hi && amount.is_none_or(|a| *lo <= a && a <= *hi) => {
                    Some((*lo, *hi))
                }
                _ => {
                    r.at(Code::BadPrice, n)
                        .args
                        .push(("problem", "range".into()));
                    None
                }
            }
        }
    };
    let as_of = r.required(&map, "as-of").and_then(|n| r.date(n));
    let keys = match map.get("sources") {
        Some(n) => source_keys(r, n, sources, used),
        None => Vec::new(),
    };
    if keys.is_empty() && !sources.is_empty() {
        r.at(Code::MissingSource, node)
            .args
            .push(("feature", "price".into()));
    }
    let what = map.get("what").and_then(|n| r.text(n));
    let amount = match (quote_only, amount, currency) {
        (true, _, _) => None,
        (false, Some(amount), Some(currency)) => Some(Money { amount, currency }),
        _ => return None,
    };
    Some(Price {
        unit: unit?,
        amount,
        term: term?,
        min_cores_per_cpu,
        min_cores_per_host,
        per,
        pack,
        min_units,
        confidence: confidence?,
        range,
        as_of: as_of?,
        sources: keys,
        what,
    })
}

fn load_currencies(file: &HypervisorSource, diags: &mut Vec<Diagnostic>) -> Option<Currencies> {
    let root = parse(file, diags)?;
    let mut r = Reader::new(&file.file);
    let out = currencies(&mut r, &root);
    let failed = r.diags.iter().any(Diagnostic::is_error);
    diags.append(&mut r.diags);
    if failed { None } else { out }
}

fn currencies(r: &mut Reader, root: &Node) -> Option<Currencies> {
    let map = r.map(root, &["reference", "rates"])?;
    let reference = r.required(&map, "reference").and_then(|n| currency(r, n));
    let mut rates = Vec::new();
    for item in r
        .required(&map, "rates")
        .and_then(|n| r.seq(n))
        .unwrap_or_default()
    {
        let Some(m) = r.map(item, &["currency", "rate", "as-of", "source"]) else {
            continue;
        };
        let code = r.required(&m, "currency").and_then(|n| currency(r, n));
        let rate = r.required(&m, "rate").and_then(|n| {
            let v = r.non_negative(n)?;
            if v == 0.0 {
                r.at(Code::InvalidNumber, n)
                    .args
                    .push(("value", "0".into()));
                return None;
            }
            Some(v)
        });
        let as_of = r.required(&m, "as-of").and_then(|n| r.date(n));
        let source = r.required(&m, "source").and_then(|n| {
            let sm = r.map(n, &["url", "title", "note"])?;
            let url = r.required(&sm, "url").and_then(|n| url(r, n));
            let title = r.required(&sm, "title").and_then(|n| r.string(n));
            let note = match sm.get("note") {
                Some(n) => Some(r.text(n)?),
                None => None,
            };
            Some(Source {
                url: url?,
                title: title?,
                note,
            })
        });
        if let (Some(currency), Some(rate), Some(as_of), Some(source)) = (code, rate, as_of, source)
        {
            rates.push(Rate {
                currency,
                rate,
                as_of,
                source,
            });
        }
    }
    Some(Currencies {
        reference: reference?,
        rates,
    })
}

/// Every price's currency must convert to the reference currency.
fn check_currencies(hvs: &[Hypervisor], rates: &Currencies, diags: &mut Vec<Diagnostic>) {
    for hv in hvs {
        for e in &hv.editions {
            for p in &e.prices {
                if let Some(m) = &p.amount
                    && rates.factor(&m.currency, &rates.reference).is_none()
                {
                    diags.push(
                        Diagnostic::new(Code::MissingRate, &hv.file, 0, 0)
                            .arg("currency", &m.currency)
                            .arg("edition", &e.id),
                    );
                }
            }
        }
    }
}

fn url(r: &mut Reader, node: &Node) -> Option<String> {
    let s = r.string(node)?;
    // Only web addresses, and none a reader could not paste: no spaces, control characters,
    // angle brackets, quotes or backslashes.
    let clean = !s
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '\\'));
    if (s.starts_with("https://") || s.starts_with("http://")) && clean {
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
        let Some(map) = r.map(value, &["url", "title", "note"]) else {
            continue;
        };
        let url = r.required(&map, "url").and_then(|n| url(r, n));
        let title = r.required(&map, "title").and_then(|n| r.string(n));
        let note = match map.get("note") {
            Some(n) => r.text(n).map(Some),
            None => Some(None),
        };
        if let (Some(url), Some(title), Some(note)) = (url, title, note) {
            out.push((key.name.clone(), Source { url, title, note }));
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
    editions: &[Edition],
) -> Option<Fact> {
    let map = r.map(node, FACT_KEYS)?;
    let support = r.required(&map, "support").and_then(|n| {
        // `paid` is derived from the edition; a file names the edition instead (E040).
        if matches!(&n.value, Value::Str(w) if w == "paid") {
            r.at(Code::PaidIsNotALevel, n);
            return None;
        }
        let words: Vec<&str> = Support::ALL
            .iter()
            .filter(|(_, l)| *l != Support::Paid)
            .map(|(w, _)| *w)
            .collect();
        let word = r.one_of(n, &words)?;
        Support::from_keyword(&word)
    });
    let edition = map.get("edition").and_then(|n| {
        let id = r.string(n)?;
        if editions.iter().any(|e| e.id == id) {
            Some(id)
        } else {
            let suggestion = did_you_mean(&id, editions.iter().map(|e| e.id.as_str()));
            let d = r.at(Code::UnknownEdition, n);
            d.args.push(("edition", id));
            d.suggestion = suggestion;
            None
        }
    });
    let note = r.required(&map, "note").and_then(|n| r.text(n));
    let since = map.get("since").and_then(|n| r.version(n));
    let as_of = match map.get("as-of") {
        Some(n) => r.date(n),
        None => file_as_of,
    };
    let keys = match map.get("sources") {
        Some(n) => source_keys(r, n, sources, used),
        None => Vec::new(),
    };
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
        edition,
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
fn source_hash(
    catalogue: &HypervisorSource,
    hypervisors: &[HypervisorSource],
    currencies: Option<&HypervisorSource>,
) -> String {
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
    files.extend(currencies.map(|f| (name(f), f.text.as_str())));
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

/// A user's quote replacing the list prices of one edition (`--prices FILE`).
#[derive(Debug, Clone, PartialEq)]
pub struct PriceOverride {
    pub hypervisor: String,
    pub edition: String,
    pub prices: Vec<Price>,
}

pub(crate) const QUOTE_KEYS: &[&str] = &[
    "unit",
    "amount",
    "currency",
    "term",
    "min-cores-per-cpu",
    "min-cores-per-host",
    "per",
    "pack",
    "min-units",
    "as-of",
    "what",
];

/// Reads a prices file and checks it against the base: every hypervisor and edition must exist,
/// every line is a complete price. Returns the overrides and every problem found.
pub fn load_prices(
    file: &str,
    text: &str,
    kb: &KnowledgeBase,
) -> (Vec<PriceOverride>, Vec<Diagnostic>) {
    let root = match yaml::parse(file, text) {
        Ok(root) => root,
        Err(d) => return (Vec::new(), vec![d]),
    };
    let mut r = Reader::new(file);
    let mut out = Vec::new();
    if let Some(map) = r.map(&root, &["prices"]) {
        for item in r
            .required(&map, "prices")
            .and_then(|n| r.seq(n))
            .unwrap_or_default()
        {
            let Some(m) = r.map(item, &["hypervisor", "edition", "lines", "note"]) else {
                continue;
            };
            let hv = r.required(&m, "hypervisor").and_then(|n| {
                let id = r.string(n)?;
                match kb.hypervisor(&id) {
                    Some(h) => Some(h),
                    None => {
                        let s = did_you_mean(&id, kb.hypervisors.iter().map(|h| h.id.as_str()));
                        let d = r.at(Code::UnknownHypervisor, n);
                        d.args.push(("id", id));
                        d.suggestion = s;
                        None
                    }
                }
            });
            let edition = r.required(&m, "edition").and_then(|n| {
                let id = r.string(n)?;
                let h = hv?;
                if h.edition(&id).is_some() {
                    Some(id)
                } else {
                    let s = did_you_mean(&id, h.editions.iter().map(|e| e.id.as_str()));
                    let d = r.at(Code::UnknownEdition, n);
                    d.args.push(("edition", id));
                    d.suggestion = s;
                    None
                }
            });
            if let Some(n) = m.get("note") {
                r.string(n);
            }
            let mut prices = Vec::new();
            let lines = r
                .required(&m, "lines")
                .and_then(|n| r.seq(n))
                .unwrap_or_default();
            for line in lines {
                let mut none = [];
                if let Some(p) = price_line(
                    &mut r,
                    line,
                    &[],
                    &mut none,
                    QUOTE_KEYS,
                    Some(Confidence::Quote),
                ) {
                    if let (Some(m), Some(rates)) = (&p.amount, &kb.currencies)
                        && rates.factor(&m.currency, &rates.reference).is_none()
                    {
                        let d = r.at(Code::MissingRate, line);
                        d.args.push(("currency", m.currency.clone()));
                        d.args
                            .push(("edition", edition.clone().unwrap_or_default()));
                    }
                    prices.push(p);
                }
            }
            if let (Some(h), Some(edition)) = (hv, edition) {
                out.push(PriceOverride {
                    hypervisor: h.id.clone(),
                    edition,
                    prices,
                });
            }
        }
    }
    diag::sort(&mut r.diags);
    (out, r.diags)
}

/// Replaces the prices of the editions the overrides name.
pub fn apply_prices(kb: &mut KnowledgeBase, overrides: &[PriceOverride]) {
    for o in overrides {
        if let Some(e) = kb
            .hypervisors
            .iter_mut()
            .find(|h| h.id == o.hypervisor)
            .and_then(|h| h.editions.iter_mut().find(|e| e.id == o.edition))
        {
            e.prices = o.prices.clone();
        }
    }
}
