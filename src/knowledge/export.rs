//! The JSON form of `kb export` (versioned by [`crate::SCHEMA_VERSION`]).

use super::model::*;
use crate::lang::Text;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

#[derive(Serialize)]
pub struct Export<'a> {
    pub schema_version: u32,
    pub features: Vec<ExportFeature<'a>>,
    pub hypervisors: Vec<ExportHypervisor<'a>>,
}

#[derive(Serialize)]
pub struct ExportFeature<'a> {
    pub id: &'a str,
    pub category: Category,
    pub kind: ValueKind,
    pub label: &'a Text,
    pub description: &'a Text,
}

#[derive(Serialize)]
pub struct ExportHypervisor<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub vendor: &'a str,
    #[serde(rename = "type")]
    pub hypervisor_type: u8,
    pub version: &'a str,
    pub released: crate::date::Date,
    pub as_of: crate::date::Date,
    pub license: &'a str,
    pub summary: &'a Text,
    /// Editions, lowest tier first, with their prices (source keys resolved in `sources`).
    pub editions: &'a [Edition],
    /// The hypervisor's source table, by key, for the editions' and prices' keys.
    pub sources: crate::yaml::MapOf<'a, String, Source>,
    pub features: ExportFacts<'a>,
}

/// Facts keyed by feature id, in catalogue order.
pub struct ExportFacts<'a>(&'a Hypervisor);

#[derive(Serialize)]
struct ExportFact<'a> {
    /// As shown in reports: `paid` when the fact needs a paid edition.
    support: Support,
    /// The cheapest edition that provides it, when it needs one.
    edition: &'a Option<String>,
    value: &'a Option<FactValue>,
    note: &'a Text,
    since: &'a Option<String>,
    as_of: crate::date::Date,
    sources: Vec<&'a Source>,
}

impl Serialize for ExportFacts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let hv = self.0;
        let mut map = s.serialize_map(Some(hv.facts.len()))?;
        for fact in &hv.facts {
            map.serialize_entry(
                &fact.feature,
                &ExportFact {
                    support: hv.displayed_support(fact),
                    edition: &fact.edition,
                    value: &fact.value,
                    note: &fact.note,
                    since: &fact.since,
                    as_of: fact.as_of,
                    sources: fact.sources.iter().filter_map(|k| hv.source(k)).collect(),
                },
            )?;
        }
        map.end()
    }
}

/// The export view of a knowledge base.
pub fn export(kb: &KnowledgeBase) -> Export<'_> {
    Export {
        schema_version: crate::SCHEMA_VERSION,
        features: kb
            .catalogue
            .features
            .iter()
            .map(|f| ExportFeature {
                id: &f.id,
                category: f.category,
                kind: f.kind,
                label: &f.label,
                description: &f.description,
            })
            .collect(),
        hypervisors: kb
            .hypervisors
            .iter()
            .map(|h| ExportHypervisor {
                id: &h.id,
                name: &h.name,
                vendor: &h.vendor,
                hypervisor_type: h.hypervisor_type,
                version: &h.version,
                released: h.released,
                as_of: h.as_of,
                license: &h.license,
                summary: &h.summary,
                editions: &h.editions,
                sources: crate::yaml::MapOf(&h.sources),
                features: ExportFacts(h),
            })
            .collect(),
    }
}
