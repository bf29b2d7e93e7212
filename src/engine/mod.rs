//! The scoring engine: (knowledge base, profile) → [`Evaluation`]. Pure: no I/O, no clock.
//!
//! Method `wsm` (weighted sum): a criterion's score is the sub-weighted mean of its features'
//! support scores; a hypervisor's score is 100 × the weighted mean of its criterion scores.

pub mod methods;
pub mod robustness;

use crate::criteria::{Context, Profile, UnknownPolicy};
use crate::knowledge::{FactValue, KnowledgeBase, Source, Support};
use crate::lang::Text;
use serde::ser::{Serialize, SerializeMap, Serializer};

pub use methods::{DecisionMatrix, Method};

/// Normalised criterion weights in profile order (serialised as a JSON object in that order).
#[derive(Debug, Clone, PartialEq)]
pub struct Weights(pub Vec<(String, f64)>);

impl Serialize for Weights {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// What a report needs to know about its inputs to be reproducible.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Inputs {
    pub knowledge_hash: String,
    pub profile_hash: String,
    /// Oldest `as_of` date of any fact in the base.
    pub knowledge_as_of: Option<crate::date::Date>,
}

/// One feature's part in a criterion score.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Reason {
    pub feature: String,
    /// Support level as the knowledge base states it.
    pub support: Support,
    /// Support level after the profile's rules.
    pub effective: Support,
    /// Score in [0, 1]; `None` when the unknown policy left the feature out.
    pub score: Option<f64>,
    /// Sub-weight within the criterion, normalised.
    pub weight: f64,
    pub value: Option<FactValue>,
    pub note: Text,
    pub since: Option<String>,
    pub sources: Vec<Source>,
    /// The rule that changed the support level, if any.
    pub rule: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CriterionScore {
    pub id: String,
    /// Normalised weight of the criterion.
    pub weight: f64,
    /// Score in [0, 1]; `None` when every feature was left out as unknown.
    pub score: Option<f64>,
    /// Points this criterion adds to the 0–100 total.
    pub contribution: f64,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Ranked {
    pub id: String,
    pub name: String,
    pub rank: usize,
    /// Total score on a 0–100 scale.
    pub score: f64,
    pub criteria: Vec<CriterionScore>,
}

/// Why a requirement eliminated a hypervisor.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Elimination {
    pub requirement: String,
    pub feature: String,
    pub support: Support,
    pub effective: Support,
    pub rule: Option<String>,
    pub reason: Text,
    pub note: Text,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Eliminated {
    pub id: String,
    pub name: String,
    pub reasons: Vec<Elimination>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnknownFact {
    pub hypervisor: String,
    pub feature: String,
}

/// The decision matrix as JSON rows.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MatrixRows(pub Vec<MatrixRow>);

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MatrixRow {
    pub id: String,
    pub scores: Vec<Option<f64>>,
}

/// The result of scoring a knowledge base against a profile. This is the JSON of
/// `evaluate --format json` and what every template renders.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Evaluation {
    pub schema_version: u32,
    pub tool_version: &'static str,
    pub profile: String,
    pub method: Method,
    pub unknown_policy: UnknownPolicy,
    pub inputs: Inputs,
    pub context: Context,
    /// Rules whose condition matched the context, in profile order.
    pub rules_applied: Vec<String>,
    pub weights: Weights,
    /// Each ranked hypervisor's score per criterion in [0, 1] (null when left out), in the
    /// order of `weights`: with the weights, enough to recompute every method's result.
    pub matrix: MatrixRows,
    pub ranking: Vec<Ranked>,
    pub eliminated: Vec<Eliminated>,
    /// Unknown facts among the features the profile scores.
    pub unknowns: Vec<UnknownFact>,
    /// The unrounded decision matrix, for sensitivity analysis.
    #[serde(skip)]
    pub exact: DecisionMatrix,
}

fn round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// Scores every hypervisor of `kb` against `profile` with the weighted sum.
pub fn evaluate(kb: &KnowledgeBase, profile: &Profile) -> Evaluation {
    evaluate_with(kb, profile, Method::Wsm)
}

/// Scores every hypervisor of `kb` against `profile`, aggregating with `method`.
pub fn evaluate_with(kb: &KnowledgeBase, profile: &Profile, method: Method) -> Evaluation {
    let ctx = &profile.context;
    let active: Vec<_> = profile
        .rules
        .iter()
        .filter(|r| r.when.matches(ctx))
        .collect();

    // Criterion weights after the active rules' factors, then normalised.
    let raw: Vec<f64> = profile
        .criteria
        .iter()
        .map(|c| {
            active
                .iter()
                .flat_map(|r| r.weights.iter())
                .filter(|(id, _)| *id == c.id)
                .fold(c.weight, |w, (_, f)| w * f)
        })
        .collect();
    let total: f64 = raw.iter().sum();
    let weights: Vec<f64> = raw
        .iter()
        .map(|w| if total > 0.0 { w / total } else { 0.0 })
        .collect();

    // The support level a rule makes a fact count as.
    let effective = |feature: &str, support: Support| -> (Support, Option<String>) {
        for rule in &active {
            if !rule.features.is_empty() && !rule.features.iter().any(|f| f == feature) {
                continue;
            }
            if let Some((_, to)) = rule.treat.iter().find(|(from, _)| *from == support) {
                return (*to, Some(rule.id.clone()));
            }
        }
        (support, None)
    };
    let level_score = |s: Support| -> Option<f64> {
        match s {
            Support::Unknown => match profile.unknown {
                UnknownPolicy::Absent => profile.support_scores.get(Support::None),
                UnknownPolicy::Neutral => Some(0.5),
                UnknownPolicy::Exclude => None,
            },
            s => profile.support_scores.get(s),
        }
    };

    let mut scored: Vec<(f64, Ranked)> = Vec::new();
    let mut exact_rows: Vec<f64> = Vec::new();
    let mut eliminated = Vec::new();
    let mut unknowns = Vec::new();
    for hv in &kb.hypervisors {
        let mut reasons_out = Vec::new();
        for req in profile.requirements.iter().filter(|r| r.when.matches(ctx)) {
            let Some(fact) = hv.fact(&req.feature) else {
                continue;
            };
            let (eff, rule) = effective(&req.feature, fact.support);
            if !req.accept.contains(&eff) {
                reasons_out.push(Elimination {
                    requirement: req.id.clone(),
                    feature: req.feature.clone(),
                    support: fact.support,
                    effective: eff,
                    rule,
                    reason: req.reason.clone(),
                    note: fact.note.clone(),
                    sources: hv.cited(fact),
                });
            }
        }
        if !reasons_out.is_empty() {
            eliminated.push(Eliminated {
                id: hv.id.clone(),
                name: hv.name.clone(),
                reasons: reasons_out,
            });
            continue;
        }

        let mut criteria = Vec::new();
        let mut weighted = 0.0;
        let mut included = 0.0;
        for (c, &w) in profile.criteria.iter().zip(&weights) {
            let sub_total: f64 = c.features.iter().map(|(_, s)| s).sum();
            let mut num = 0.0;
            let mut den = 0.0;
            let mut reasons = Vec::new();
            for (feature, sub) in &c.features {
                let Some(fact) = hv.fact(feature) else {
                    continue;
                };
                if fact.support == Support::Unknown
                    && !unknowns
                        .iter()
                        .any(|u: &UnknownFact| u.hypervisor == hv.id && u.feature == *feature)
                {
                    unknowns.push(UnknownFact {
                        hypervisor: hv.id.clone(),
                        feature: feature.clone(),
                    });
                }
                let (eff, rule) = effective(feature, fact.support);
                let score = level_score(eff);
                if let Some(s) = score {
                    num += sub * s;
                    den += sub;
                }
                reasons.push(Reason {
                    feature: feature.clone(),
                    support: fact.support,
                    effective: eff,
                    score: score.map(|s| round(s, 4)),
                    weight: if sub_total > 0.0 {
                        round(sub / sub_total, 4)
                    } else {
                        0.0
                    },
                    value: fact.value.clone(),
                    note: fact.note.clone(),
                    since: fact.since.clone(),
                    sources: hv.cited(fact),
                    rule,
                });
            }
            let score = (den > 0.0).then(|| num / den);
            if let Some(s) = score {
                weighted += w * s;
                included += w;
            }
            exact_rows.push(score.unwrap_or(f64::NAN));
            criteria.push((c.id.clone(), w, score, reasons));
        }
        let total = if included > 0.0 {
            100.0 * weighted / included
        } else {
            0.0
        };
        let criteria = criteria
            .into_iter()
            .map(|(id, w, score, reasons)| CriterionScore {
                id,
                weight: round(w, 4),
                score: score.map(|s| round(s, 4)),
                contribution: match score {
                    Some(s) if included > 0.0 => round(100.0 * w * s / included, 2),
                    _ => 0.0,
                },
                reasons,
            })
            .collect();
        scored.push((
            total,
            Ranked {
                id: hv.id.clone(),
                name: hv.name.clone(),
                rank: 0,
                score: round(total, 2),
                criteria,
            },
        ));
    }
    let exact = DecisionMatrix {
        ids: scored.iter().map(|(_, r)| r.id.clone()).collect(),
        criteria: profile.criteria.iter().map(|c| c.id.clone()).collect(),
        weights: weights.clone(),
        scores: exact_rows,
    };
    if method != Method::Wsm {
        let mut totals = vec![0.0; exact.rows()];
        methods::Scorer::new(method, &exact).scores(&weights, &mut totals);
        for ((total, ranked), t) in scored.iter_mut().zip(totals) {
            *total = 100.0 * t;
            ranked.score = round(*total, 2);
        }
    }
    let matrix = MatrixRows(
        scored
            .iter()
            .map(|(_, r)| MatrixRow {
                id: r.id.clone(),
                scores: r.criteria.iter().map(|c| c.score).collect(),
            })
            .collect(),
    );
    // Highest score first; equal scores (to 1e-9) break by id, so the order never wobbles.
    scored.sort_by(|(a, ra), (b, rb)| {
        let (a, b) = ((a * 1e9).round(), (b * 1e9).round());
        b.total_cmp(&a).then_with(|| ra.id.cmp(&rb.id))
    });
    let ranking = scored
        .into_iter()
        .enumerate()
        .map(|(i, (_, mut r))| {
            r.rank = i + 1;
            r
        })
        .collect();

    Evaluation {
        schema_version: crate::SCHEMA_VERSION,
        tool_version: crate::TOOL_VERSION,
        profile: profile.id.clone(),
        method,
        unknown_policy: profile.unknown,
        inputs: Inputs {
            knowledge_hash: kb.content_hash(),
            profile_hash: profile.content_hash(),
            knowledge_as_of: kb.oldest_as_of(),
        },
        context: profile.context.clone(),
        rules_applied: active.iter().map(|r| r.id.clone()).collect(),
        weights: Weights(
            profile
                .criteria
                .iter()
                .zip(&weights)
                .map(|(c, w)| (c.id.clone(), round(*w, 4)))
                .collect(),
        ),
        matrix,
        ranking,
        eliminated,
        unknowns,
        exact,
    }
}
