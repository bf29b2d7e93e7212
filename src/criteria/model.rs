//! Validated profile types.

use crate::knowledge::{Support, SupportHours};
use crate::lang::Text;
use crate::yaml::Keyword;
use serde::Serialize;

/// Money available for licences and support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Budget {
    None,
    Limited,
    Enterprise,
}

impl Keyword for Budget {
    const ALL: &'static [(&'static str, Budget)] = &[
        ("none", Budget::None),
        ("limited", Budget::Limited),
        ("enterprise", Budget::Enterprise),
    ];
}

/// Size of the installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scale {
    SingleHost,
    Small,
    Medium,
    Large,
}

impl Keyword for Scale {
    const ALL: &'static [(&'static str, Scale)] = &[
        ("single-host", Scale::SingleHost),
        ("small", Scale::Small),
        ("medium", Scale::Medium),
        ("large", Scale::Large),
    ];
}

pub use crate::knowledge::Skill;

/// The situation a profile describes; rules and requirements are conditioned on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Context {
    pub budget: Budget,
    pub scale: Option<Scale>,
    pub skills: Vec<Skill>,
}

/// A condition on the context. Every listed key must match; an empty list matches anything.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Condition {
    pub budget: Vec<Budget>,
    pub scale: Vec<Scale>,
    /// Matches when the team has at least one of these skills.
    pub skills: Vec<Skill>,
}

impl Condition {
    pub fn matches(&self, ctx: &Context) -> bool {
        (self.budget.is_empty() || self.budget.contains(&ctx.budget))
            && (self.scale.is_empty() || ctx.scale.is_some_and(|s| self.scale.contains(&s)))
            && (self.skills.is_empty() || self.skills.iter().any(|s| ctx.skills.contains(s)))
    }
}

/// What an `unknown` fact counts as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnknownPolicy {
    /// Scores as `none`: what is not documented is not relied upon.
    Absent,
    /// Scores halfway (0.5).
    Neutral,
    /// Left out of its criterion, whose other features are renormalised.
    Exclude,
}

impl Keyword for UnknownPolicy {
    const ALL: &'static [(&'static str, UnknownPolicy)] = &[
        ("absent", UnknownPolicy::Absent),
        ("neutral", UnknownPolicy::Neutral),
        ("exclude", UnknownPolicy::Exclude),
    ];
}

/// Score in [0, 1] of each known support level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupportScores(pub Vec<(Support, f64)>);

impl SupportScores {
    pub fn get(&self, s: Support) -> Option<f64> {
        self.0.iter().find(|(k, _)| *k == s).map(|(_, v)| *v)
    }
}

/// How a criterion turns the total cost of ownership into a score in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "function", rename_all = "kebab-case")]
pub enum CostFunction {
    /// 1 at no cost, falling linearly to 0 at `zero_at` per host and per year (fleet currency);
    /// anything dearer also scores 0.
    Linear {
        #[serde(rename = "zero-at")]
        zero_at: f64,
    },
    /// 1 at no cost, 1/2 at `half_at` per host and per year, 1/3 at twice that…: always
    /// decreasing, so a dearer option never scores the same as a cheaper one.
    Halving {
        #[serde(rename = "half-at")]
        half_at: f64,
    },
    /// The cheapest alternative's cost over this one's, both plus `floor` per host and per year,
    /// so that a few euros between two nearly free options do not count as a large ratio.
    Ratio { floor: f64 },
}

/// A weighted group of features, or the total cost of ownership.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criterion {
    pub id: String,
    pub label: Text,
    pub rationale: Option<Text>,
    pub weight: f64,
    /// Features and their sub-weights, in file order (empty for a cost criterion).
    pub features: Vec<(String, f64)>,
    /// Set when the criterion scores the total cost of ownership instead of features.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tco: Option<CostFunction>,
    /// Set when the criterion scores lab measurements instead of features.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured: Option<MeasuredFunction>,
}

/// How lab measurements score in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MeasuredFunction {
    /// Each measure: the system's mean over the best mean among the systems measured with the
    /// same test and parameters on the same hardware (1 for the best); the criterion averages
    /// its measures. A system without such measurements is left out of the criterion.
    Ratio,
}

impl crate::yaml::Keyword for MeasuredFunction {
    const ALL: &'static [(&'static str, MeasuredFunction)] = &[("ratio", MeasuredFunction::Ratio)];
}

/// How a fact's value (a count, a limit, years of support) scores in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "function", rename_all = "kebab-case")]
pub enum ValueFunction {
    /// 0 at `worst`, 1 at `best`, linear in between.
    Linear { worst: f64, best: f64 },
    /// The same on a logarithmic scale.
    Log { worst: f64, best: f64 },
    /// 1 from `at` on (up to `at` when lower is better), else 0.
    Threshold {
        at: f64,
        #[serde(rename = "lower-is-better")]
        lower_is_better: bool,
    },
}

/// A licence the user already holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Owned {
    pub hypervisor: String,
    pub edition: String,
    /// Years of a subscription still paid for; `None`: the whole period (or perpetual).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years: Option<u32>,
    /// Where it is written, to check it against the knowledge base.
    #[serde(skip)]
    pub at: (String, u64, u64),
}

/// The hosts the choice is for, and what is already paid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fleet {
    pub hosts: u32,
    pub sockets_per_host: u32,
    pub cores_per_socket: u32,
    pub years: u32,
    /// Support the user needs.
    pub support: SupportHours,
    /// Virtual machines in the whole fleet (for prices per VM).
    pub vms: u32,
    /// Windows Server guests in the whole fleet (at most `vms` when that is given).
    pub windows_vms: u32,
    /// Hosts in the largest cluster, when it differs from the whole fleet (branch clusters):
    /// what a platform's node limit must hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub largest_cluster: Option<u32>,
    /// Currency the costs are shown and compared in.
    pub currency: String,
    /// Total over the years above which an alternative is eliminated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_ceiling: Option<f64>,
    pub owned: Vec<Owned>,
}

/// A declarative change of scoring under a condition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    pub id: String,
    pub when: Condition,
    /// Support levels scored as other levels (e.g. `paid` as `none` without budget).
    pub treat: Vec<(Support, Support)>,
    /// Limits `treat` to these features; empty means every feature.
    pub features: Vec<String>,
    /// Criterion weights multiplied by these factors.
    pub weights: Vec<(String, f64)>,
    pub reason: Text,
}

/// The least value a requirement accepts for an integer feature.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MinValue {
    /// The fleet's number of hosts.
    Hosts,
    Number(i64),
}

/// A condition a hypervisor must meet, or be eliminated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Requirement {
    pub id: String,
    pub feature: String,
    /// Support levels (after rules) that satisfy it.
    pub accept: Vec<Support>,
    /// For an integer feature: a published value below this eliminates (no published value
    /// does not: the requirement is about documented limits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_value: Option<MinValue>,
    /// For a choice feature: the values that satisfy it (empty: any).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// For a list or text feature: words one of which an item must contain (any case).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contains: Vec<String>,
    pub when: Condition,
    pub reason: Text,
}

/// A fully resolved profile (its `extends` chain already merged).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub id: String,
    /// The profiles this one extends, nearest first. Provenance, not content: it is left out of
    /// the hash, so a saved self-contained copy hashes like the profile it came from.
    #[serde(skip)]
    pub extends: Vec<String>,
    pub title: Text,
    pub description: Text,
    pub rationale: Text,
    pub context: Context,
    pub unknown: UnknownPolicy,
    pub support_scores: SupportScores,
    pub criteria: Vec<Criterion>,
    pub rules: Vec<Rule>,
    pub requirements: Vec<Requirement>,
    /// The fleet costs are computed for; required when a criterion scores the TCO.
    pub fleet: Option<Fleet>,
    /// Value functions by feature: the fact's support score is multiplied by the value's score.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<(String, ValueFunction)>,
    /// The hypervisors compared (ids); empty: every hypervisor of the base.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
    /// Where `candidates` is written, to check the ids against the knowledge base.
    #[serde(skip)]
    pub candidates_at: (String, u64, u64),
    /// How the weights were derived, when the profile gives pairwise judgements. The weights
    /// themselves are in `criteria`, so this is left out of the hash.
    #[serde(skip)]
    pub ahp: Option<super::ahp::Ahp>,
    /// Lab measurements a `measured` criterion scores, set by the command that was given them;
    /// part of the hash when present, since they change the result.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub measurements: Vec<crate::bench::Measurements>,
}

impl Profile {
    pub fn content_hash(&self) -> String {
        crate::hash::short_hash(self)
    }
}
