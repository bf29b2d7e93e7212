//! Writing a resolved profile back as a self-contained profile file (`ask --save-profile`).

use super::model::*;
use crate::knowledge::Support;
use crate::lang::Text;
use crate::yaml::MapOf;
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct File<'a> {
    id: &'a str,
    title: &'a Text,
    description: &'a Text,
    rationale: &'a Text,
    context: ContextFile<'a>,
    unknown: UnknownPolicy,
    #[serde(skip_serializing_if = "Option::is_none")]
    fleet: Option<FleetFile<'a>>,
    #[serde(skip_serializing_if = "MapOf::is_empty")]
    values: MapOf<'a, String, ValueFunction>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    candidates: &'a [String],
    support_scores: MapOf<'a, Support, f64>,
    criteria: Vec<CriterionFile<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rules: Vec<RuleFile<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    requirements: Vec<RequirementFile<'a>>,
}

#[derive(Serialize)]
struct ContextFile<'a> {
    budget: Budget,
    #[serde(skip_serializing_if = "Option::is_none")]
    scale: Option<Scale>,
    #[serde(skip_serializing_if = "<[Skill]>::is_empty")]
    skills: &'a [Skill],
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct FleetFile<'a> {
    hosts: u32,
    sockets_per_host: u32,
    cores_per_socket: u32,
    years: u32,
    support: crate::knowledge::SupportHours,
    vms: u32,
    windows_vms: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    largest_cluster: Option<u32>,
    currency: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    budget_ceiling: Option<f64>,
    #[serde(skip_serializing_if = "<[Owned]>::is_empty")]
    owned: &'a [Owned],
}

#[derive(Serialize)]
struct CriterionFile<'a> {
    id: &'a str,
    label: &'a Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    rationale: &'a Option<Text>,
    weight: f64,
    #[serde(skip_serializing_if = "MapOf::is_empty")]
    features: MapOf<'a, String, f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tco: Option<CostFunction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    measured: Option<MeasuredFile>,
}

#[derive(Serialize)]
struct MeasuredFile {
    function: super::model::MeasuredFunction,
}

#[derive(Serialize)]
struct ConditionFile<'a> {
    #[serde(skip_serializing_if = "<[Budget]>::is_empty")]
    budget: &'a [Budget],
    #[serde(skip_serializing_if = "<[Scale]>::is_empty")]
    scale: &'a [Scale],
    #[serde(skip_serializing_if = "<[Skill]>::is_empty")]
    skills: &'a [Skill],
}

impl<'a> From<&'a Condition> for ConditionFile<'a> {
    fn from(c: &'a Condition) -> Self {
        ConditionFile {
            budget: &c.budget,
            scale: &c.scale,
            skills: &c.skills,
        }
    }
}

#[derive(Serialize)]
struct RuleFile<'a> {
    id: &'a str,
    when: ConditionFile<'a>,
    #[serde(skip_serializing_if = "MapOf::is_empty")]
    treat: MapOf<'a, Support, Support>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    features: &'a [String],
    #[serde(skip_serializing_if = "MapOf::is_empty")]
    weights: MapOf<'a, String, f64>,
    reason: &'a Text,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct RequirementFile<'a> {
    id: &'a str,
    feature: &'a str,
    accept: &'a [Support],
    #[serde(skip_serializing_if = "Option::is_none")]
    min_value: Option<MinValueFile>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    values: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    contains: &'a [String],
    when: ConditionFile<'a>,
    reason: &'a Text,
}

#[derive(Serialize)]
#[serde(untagged)]
enum MinValueFile {
    Word(&'static str),
    Number(i64),
}

impl<K, V> MapOf<'_, K, V> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The profile as YAML that `--profile FILE` loads back to the same profile.
pub fn to_yaml(p: &Profile) -> String {
    let file = File {
        id: &p.id,
        title: &p.title,
        description: &p.description,
        rationale: &p.rationale,
        context: ContextFile {
            budget: p.context.budget,
            scale: p.context.scale,
            skills: &p.context.skills,
        },
        unknown: p.unknown,
        fleet: p.fleet.as_ref().map(|f| FleetFile {
            hosts: f.hosts,
            sockets_per_host: f.sockets_per_host,
            cores_per_socket: f.cores_per_socket,
            years: f.years,
            support: f.support,
            vms: f.vms,
            windows_vms: f.windows_vms,
            largest_cluster: f.largest_cluster,
            currency: &f.currency,
            budget_ceiling: f.budget_ceiling,
            owned: &f.owned,
        }),
        values: MapOf(&p.values),
        candidates: &p.candidates,
        support_scores: MapOf(&p.support_scores.0),
        criteria: p
            .criteria
            .iter()
            .map(|c| CriterionFile {
                id: &c.id,
                label: &c.label,
                rationale: &c.rationale,
                weight: c.weight,
                features: MapOf(&c.features),
                tco: c.tco,
                measured: c.measured.map(|function| MeasuredFile { function }),
            })
            .collect(),
        rules: p
            .rules
            .iter()
            .map(|r| RuleFile {
                id: &r.id,
                when: (&r.when).into(),
                treat: MapOf(&r.treat),
                features: &r.features,
                weights: MapOf(&r.weights),
                reason: &r.reason,
            })
            .collect(),
        requirements: p
            .requirements
            .iter()
            .map(|r| RequirementFile {
                id: &r.id,
                feature: &r.feature,
                accept: &r.accept,
                min_value: r.min_value.map(|m| match m {
                    MinValue::Hosts => MinValueFile::Word("hosts"),
                    MinValue::Number(n) => MinValueFile::Number(n),
                }),
                values: &r.values,
                contains: &r.contains,
                when: (&r.when).into(),
                reason: &r.reason,
            })
            .collect(),
    };
    serde_saphyr::to_string(&file).expect("profiles serialise to YAML")
}

/// Answers as a YAML answers file, in questionnaire order.
pub fn answers_to_yaml(a: &super::Answers) -> String {
    if a.0.is_empty() {
        return "{}\n".to_owned();
    }
    serde_saphyr::to_string(&MapOf(&a.0)).expect("answers serialise to YAML")
}
