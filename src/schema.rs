//! JSON Schemas of the files users write (`hvadvisor schema KIND`), for editors: completion and
//! checking as one types, through yaml-language-server's `$schema` modeline.
//!
//! Built from the same lists the loaders check against (keys, support levels, feature ids,
//! question ids and their choices), so a schema cannot drift from what hvadvisor accepts; the
//! loaders remain the authority (they also check what a schema cannot say, such as a source key
//! that exists in the same file). A test validates every built-in file and fixture against them.

use crate::criteria::{QuestionKind, Questionnaire};
use crate::knowledge::{Catalogue, KnowledgeBase, Support};
use crate::yaml::Keyword;
use serde_json::{Value, json};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The kinds of file with a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// A hypervisor file of the knowledge base (`knowledge/hypervisors/ID.yaml`).
    Knowledge,
    /// A criteria profile.
    Profile,
    /// Questionnaire answers (`ask --answers`).
    Answers,
    /// Your own quotes (`--prices`).
    Prices,
    /// Lab measurements (`bench import`, `--measurements`).
    Measurements,
}

/// The schema of one kind of file; `q`, the questionnaire, is needed for answers only.
pub fn schema(kind: Kind, kb: &KnowledgeBase, q: Option<&Questionnaire>) -> Value {
    let mut s = match kind {
        Kind::Knowledge => knowledge(&kb.catalogue),
        Kind::Profile => profile(&kb.catalogue, kb),
        Kind::Answers => q.map_or_else(|| json!({}), answers),
        Kind::Prices => prices(kb),
        Kind::Measurements => measurements(),
    };
    s["$schema"] = json!(DRAFT);
    s
}

fn text() -> Value {
    json!({
        "type": "object",
        "properties": { "en": { "type": "string" }, "fr": { "type": "string" } },
        "required": ["en", "fr"],
        "additionalProperties": false,
    })
}

fn object(properties: Value, required: &[&str]) -> Value {
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn strings() -> Value {
    json!({ "type": "array", "items": { "type": "string" } })
}

fn date() -> Value {
    json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" })
}

fn scalar() -> Value {
    json!({ "type": ["string", "number", "boolean"] })
}

fn words<K: Keyword>() -> Vec<&'static str> {
    K::ALL.iter().map(|(w, _)| *w).collect()
}

fn support_levels() -> Vec<&'static str> {
    Support::ALL
        .iter()
        .map(|(w, _)| *w)
        .filter(|w| *w != "paid")
        .collect()
}

fn feature_ids(cat: &Catalogue) -> Vec<&str> {
    cat.features.iter().map(|f| f.id.as_str()).collect()
}

fn source() -> Value {
    object(
        json!({
            "url": { "type": "string", "pattern": "^https?://" },
            "title": { "type": "string" },
            "note": text(),
        }),
        &["url", "title"],
    )
}

/// A price line of an edition (`quote` false) or of a quote (`quote` true): unit and term always;
/// an edition's line says how sure its price is, and has an amount and currency unless it is
/// sold on quote only (then it has no amount); a quote's line always has them.
fn price_line(keys: &[&str], quote: bool) -> Value {
    use crate::knowledge::{Confidence, PriceUnit, Term};
    let mut props = serde_json::Map::new();
    for k in keys {
        let v = match *k {
            "unit" => json!({ "enum": words::<PriceUnit>() }),
            "term" => json!({ "enum": words::<Term>() }),
            "confidence" => json!({ "enum": words::<Confidence>() }),
            "amount" | "min-cores-per-cpu" | "min-cores-per-host" | "per" | "pack"
            | "min-units" => {
                json!({ "type": "number", "minimum": 0 })
            }
            "as-of" => date(),
            "sources" => strings(),
            "range" => {
                json!({ "type": "array", "items": { "type": "number" }, "minItems": 2, "maxItems": 2 })
            }
            "what" => text(),
            "currency" => json!({ "type": "string", "pattern": "^[A-Z]{3}$" }),
            _ => json!({}),
        };
        props.insert((*k).to_owned(), v);
    }
    if quote {
        return object(
            Value::Object(props),
            &["unit", "term", "amount", "currency"],
        );
    }
    let mut line = object(Value::Object(props), &["unit", "term", "confidence"]);
    line["if"] = json!({ "properties": { "confidence": { "const": "quote-only" } } });
    line["then"] = json!({ "not": { "required": ["amount"] } });
    line["else"] = json!({ "required": ["amount", "currency"] });
    line
}

/// Properties for every key of `keys` (the loader's list), typed where `typed` says how and
/// open (`{}`) otherwise: the schema never refuses a key the loader takes.
fn keyed(keys: &[&str], typed: Value) -> Value {
    let mut props = serde_json::Map::new();
    for k in keys {
        props.insert((*k).to_owned(), typed.get(*k).cloned().unwrap_or(json!({})));
    }
    Value::Object(props)
}

/// A hypervisor file: identity, sources, editions and one fact per catalogue feature.
fn knowledge(cat: &Catalogue) -> Value {
    use crate::knowledge::{EDITION_KEYS, FACT_KEYS, HYPERVISOR_KEYS, SupportHours};
    let fact = object(
        keyed(
            FACT_KEYS,
            json!({
                "support": { "enum": support_levels() },
                "edition": { "type": "string" },
                "note": text(),
                "sources": strings(),
                "since": { "type": ["string", "number"] },
                "as-of": date(),
            }),
        ),
        &["support"],
    );
    let edition = object(
        keyed(
            EDITION_KEYS,
            json!({
                "id": { "type": "string" },
                "production": { "type": "boolean" },
                "sold": { "type": "boolean" },
                "support": { "enum": words::<SupportHours>() },
                "note": text(),
                "sources": strings(),
                "prices": { "type": "array", "items": price_line(crate::knowledge::PRICE_KEYS, false) },
            }),
        ),
        &["id", "name", "support", "note", "sources"],
    );
    let mut features = serde_json::Map::new();
    for id in feature_ids(cat) {
        features.insert(id.to_owned(), fact.clone());
    }
    let mut s = object(
        keyed(
            HYPERVISOR_KEYS,
            json!({
                "id": { "type": "string" },
                "name": { "type": "string" },
                "vendor": { "type": "string" },
                "type": { "enum": [1, 2] },
                "version": { "type": ["string", "number"] },
                "released": date(),
                "as-of": date(),
                "license": { "type": "string" },
                "homepage": { "type": "string", "pattern": "^https?://" },
                "summary": text(),
                "sources": { "type": "object", "additionalProperties": source() },
                "editions": { "type": "array", "items": edition, "minItems": 1 },
                "features": object(Value::Object(features), &[]),
            }),
        ),
        &[
            "id", "name", "vendor", "type", "version", "released", "as-of", "license", "summary",
            "sources", "editions", "features",
        ],
    );
    s["title"] = json!("hvadvisor hypervisor file");
    s
}

/// A criteria profile (every key optional when it `extends` another).
fn profile(cat: &Catalogue, kb: &KnowledgeBase) -> Value {
    let features: Vec<&str> = feature_ids(cat);
    let feature_map = json!({
        "type": "object",
        "propertyNames": { "enum": features },
        "additionalProperties": { "type": "number", "minimum": 0 },
    });
    let function = json!({ "type": "object", "properties": { "function": { "type": "string" } }, "required": ["function"] });
    let criterion = object(
        json!({
            "id": { "type": "string" },
            "label": text(),
            "rationale": text(),
            "weight": { "type": "number", "minimum": 0 },
            "features": feature_map,
            "tco": function,
            "measured": function,
        }),
        &["id"],
    );
    let hypervisors: Vec<&str> = kb.hypervisors.iter().map(|h| h.id.as_str()).collect();
    let mut levels = serde_json::Map::new();
    for l in support_levels().into_iter().filter(|l| *l != "unknown") {
        levels.insert(
            l.to_owned(),
            json!({ "type": "number", "minimum": 0, "maximum": 1 }),
        );
    }
    let mut s = object(
        json!({
            "id": { "type": "string" },
            "extends": { "type": "string" },
            "title": text(),
            "description": text(),
            "rationale": text(),
            "context": object(json!({
                "budget": { "enum": words::<crate::criteria::Budget>() },
                "scale": { "type": "string" },
                "skills": strings(),
            }), &[]),
            "unknown": { "enum": words::<crate::criteria::UnknownPolicy>() },
            "support-scores": object(Value::Object(levels), &[]),
            "criteria": { "type": "array", "items": criterion },
            "rules": { "type": "array", "items": { "type": "object", "required": ["id", "when"] } },
            "requirements": { "type": "array", "items": { "type": "object", "required": ["id"] } },
            "fleet": object(json!({
                "hosts": { "type": "integer", "minimum": 1, "maximum": 100000 },
                "sockets-per-host": { "type": "integer", "minimum": 1 },
                "cores-per-socket": { "type": "integer", "minimum": 1 },
                "years": { "type": "integer", "minimum": 1 },
                "support": { "enum": ["none", "community", "business-hours", "24x7"] },
                "vms": { "type": "integer", "minimum": 0 },
                "windows-vms": { "type": "integer", "minimum": 0 },
                "currency": { "type": "string" },
                "budget-ceiling": { "type": "number", "minimum": 0 },
                "owned": { "type": "array" },
            }), &[]),
            "values": {
                "type": "object",
                "propertyNames": { "enum": features },
                "additionalProperties": function,
            },
            "candidates": { "type": "array", "items": { "enum": hypervisors } },
            "pairwise": object(json!({
                "random-index": { "type": "string" },
                "judgements": { "type": "array", "items": { "type": "array", "minItems": 3, "maxItems": 3 } },
            }), &["judgements"]),
        }),
        &["id"],
    );
    s["title"] = json!("hvadvisor criteria profile");
    s
}

/// Answers: each question of the questionnaire, with its choices or its range.
fn answers(q: &Questionnaire) -> Value {
    let mut props = serde_json::Map::new();
    for question in &q.questions {
        let ids: Vec<&str> = question.choices().iter().map(|c| c.id.as_str()).collect();
        let mut v = match &question.kind {
            QuestionKind::Single { default, .. } => json!({ "enum": ids, "default": default }),
            QuestionKind::Multiple { default, .. } => json!({
                "type": "array", "items": { "enum": ids }, "uniqueItems": true, "default": default,
            }),
            QuestionKind::Number {
                min, max, default, ..
            } => json!({ "type": "integer", "minimum": min, "maximum": max, "default": default }),
        };
        v["title"] = json!(question.text.en);
        v["description"] = json!(question.help.en);
        props.insert(question.id.clone(), v);
    }
    let mut s = object(Value::Object(props), &[]);
    s["title"] = json!("hvadvisor questionnaire answers");
    s
}

/// Quotes replacing list prices.
fn prices(kb: &KnowledgeBase) -> Value {
    let hypervisors: Vec<&str> = kb.hypervisors.iter().map(|h| h.id.as_str()).collect();
    let quote = object(
        json!({
            "hypervisor": { "enum": hypervisors },
            "edition": { "type": "string" },
            "lines": { "type": "array", "items": price_line(crate::knowledge::QUOTE_KEYS, true), "minItems": 1 },
            "note": { "type": "string" },
        }),
        &["hypervisor", "edition", "lines"],
    );
    let mut s = object(
        json!({ "prices": { "type": "array", "items": quote } }),
        &["prices"],
    );
    s["title"] = json!("hvadvisor price quotes");
    s
}

/// Lab measurements as `bench import` writes them.
fn measurements() -> Value {
    let run = object(
        json!({
            "tool": { "enum": ["fio", "iperf3", "sysbench"] },
            "version": { "type": "string" },
            "test": { "type": "string" },
            "params": { "type": "object", "additionalProperties": scalar() },
            "metrics": { "type": "object", "additionalProperties": { "type": "number" } },
            "timestamp": { "type": "integer", "minimum": 0 },
            "file": { "type": "string" },
        }),
        &["tool", "version", "test", "metrics"],
    );
    let mut s = object(
        json!({
            "hypervisor": { "type": "string" },
            "context": object(json!({
                "hardware": { "type": "string" },
                "nested": { "type": "boolean" },
                "vm": { "type": "string" },
                "label": { "type": "string" },
            }), &[]),
            "runs": { "type": "array", "items": run },
        }),
        &["hypervisor"],
    );
    s["title"] = json!("hvadvisor lab measurements");
    s
}
