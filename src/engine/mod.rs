//! The scoring engine: (knowledge base, profile) → [`Evaluation`]. Pure: no I/O, no clock.
//!
//! Method `wsm` (weighted sum): a criterion's score is the sub-weighted mean of its features'
//! support scores; a hypervisor's score is 100 × the weighted mean of its criterion scores.

pub mod cost;
pub mod methods;
pub mod robustness;
pub mod value;
pub mod verdict;

use crate::criteria::{Context, Criterion, Profile, Rule, UnknownPolicy};
use crate::knowledge::{Edition, FactValue, Hypervisor, KnowledgeBase, Source, Support};
use crate::lang::Text;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

pub use methods::{CellBands, CostColumn, DecisionMatrix, Method};

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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inputs {
    pub knowledge_hash: String,
    pub profile_hash: String,
    /// Oldest `as_of` date of any fact in the base.
    pub knowledge_as_of: Option<crate::date::Date>,
}

/// One feature's part in a criterion score.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// The edition that provides the feature, when it needs one.
    pub edition: Option<String>,
    /// Whether the chosen edition includes it (false: it counts as absent).
    pub in_edition: bool,
    /// A migration from this very hypervisor: not scored (staying needs no migration).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub not_applicable: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionScore {
    pub id: String,
    /// Normalised weight of the criterion.
    pub weight: f64,
    /// Score in [0, 1]; `None` when every feature was left out as unknown.
    pub score: Option<f64>,
    /// Points this criterion adds to the 0–100 total.
    pub contribution: f64,
    pub reasons: Vec<Reason>,
    /// For a cost criterion: the total cost of ownership it scored (fleet currency).
    pub tco: Option<f64>,
}

/// Why an edition was not chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unfit {
    /// Not licensed for production use (a trial).
    NotProduction,
    /// No longer sold, and not already owned.
    NotSold,
    /// Includes less support than the fleet needs.
    Support,
    /// Costs money and the budget is none.
    Budget,
    /// Costs more than the fleet's budget ceiling.
    Ceiling,
    /// Lacks a required feature.
    Requirement,
}

/// One edition considered for a hypervisor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditionOption {
    pub id: String,
    pub name: Text,
    /// Total cost of ownership for the fleet; `None` on quote.
    pub total: Option<f64>,
    /// Total score under the profile when eligible.
    pub score: Option<f64>,
    pub unfit: Vec<Unfit>,
}

/// The edition chosen for a hypervisor, and what it costs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditionChoice {
    pub id: String,
    pub name: Text,
    /// Support the fleet gets: the edition's own, or its separate offer when the fleet needs more.
    pub support: crate::knowledge::SupportHours,
    /// The separate support contract bought, when one is.
    pub support_option: Option<Text>,
    /// Every edition considered, in tier order.
    pub options: Vec<EditionOption>,
    /// The cost of the chosen edition, when the profile has a fleet.
    pub cost: Option<cost::EditionCost>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ranked {
    pub id: String,
    pub name: String,
    pub rank: usize,
    /// Total score on a 0–100 scale.
    pub score: f64,
    pub criteria: Vec<CriterionScore>,
    pub edition: EditionChoice,
}

/// What puts one ranked hypervisor ahead of another: the criterion that adds most to its lead,
/// and in it the feature whose weighted score gains most (absent when the criterion's gain
/// comes from no single feature, e.g. the cost of ownership).
#[derive(Debug, Clone, PartialEq)]
pub struct Decisive<'a> {
    pub criterion: &'a CriterionScore,
    /// Points of the 0–100 total.
    pub gain: f64,
    pub ahead: Option<&'a Reason>,
    pub behind: Option<&'a Reason>,
}

/// The decisive criterion and feature of `a` over `b`, or `None` when `a` gains on no criterion.
pub fn decisive<'a>(a: &'a Ranked, b: &'a Ranked) -> Option<Decisive<'a>> {
    let (gain, ca, cb) = a
        .criteria
        .iter()
        .zip(&b.criteria)
        .map(|(x, y)| (x.contribution - y.contribution, x, y))
        .max_by(|x, y| x.0.total_cmp(&y.0))
        .filter(|(gain, _, _)| *gain > 0.0)?;
    let feature = ca
        .reasons
        .iter()
        .filter_map(|x| {
            let y = cb.reasons.iter().find(|y| y.feature == x.feature)?;
            let g = x.weight * x.score? - y.weight * y.score.unwrap_or(0.0);
            Some((g, x, y))
        })
        .max_by(|x, y| x.0.total_cmp(&y.0))
        .filter(|(g, _, _)| *g > 0.0);
    Some(Decisive {
        criterion: ca,
        gain,
        ahead: feature.map(|f| f.1),
        behind: feature.map(|f| f.2),
    })
}

/// Why a requirement, or the fleet's constraints on editions, eliminated a hypervisor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Elimination {
    /// `requirement`, or the constraint no eligible edition met: `support`, `budget`, `ceiling`.
    pub kind: &'static str,
    pub requirement: String,
    pub feature: String,
    pub support: Support,
    pub effective: Support,
    pub rule: Option<String>,
    pub reason: Text,
    pub note: Text,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Eliminated {
    pub id: String,
    pub name: String,
    pub reasons: Vec<Elimination>,
    /// Every edition considered, in tier order, with why it did not fit.
    pub editions: Vec<EditionOption>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnknownFact {
    pub hypervisor: String,
    pub feature: String,
}

/// The decision matrix as JSON rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixRows(pub Vec<MatrixRow>);

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixRow {
    pub id: String,
    pub scores: Vec<Option<f64>>,
}

/// The result of scoring a knowledge base against a profile. This is the JSON of
/// `evaluate --format json` and what every template renders.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// The fleet costs were computed for.
    pub fleet: Option<crate::criteria::Fleet>,
    /// The exchange rates costs were converted with, when any conversion was needed.
    pub rates: Vec<crate::knowledge::Rate>,
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

/// The rules whose condition matches the profile's context, in profile order.
fn active_rules(profile: &Profile) -> Vec<&Rule> {
    profile
        .rules
        .iter()
        .filter(|r| r.when.matches(&profile.context))
        .collect()
}

/// Criterion weights after the active rules' factors, normalised to sum 1.
///
/// Computed in logarithms and scaled by the largest, so weights and factors near the largest
/// float (1e308) normalise like any others instead of overflowing to infinity.
fn criterion_weights(profile: &Profile, active: &[&Rule]) -> Vec<f64> {
    let logs: Vec<Option<f64>> = profile
        .criteria
        .iter()
        .map(|c| {
            active
                .iter()
                .flat_map(|r| r.weights.iter())
                .filter(|(id, _)| *id == c.id)
                .map(|(_, f)| *f)
                .chain(std::iter::once(c.weight))
                .try_fold(0.0, |l, x| (x > 0.0).then(|| l + x.ln()))
        })
        .collect();
    normalise_logs(&logs)
}

/// Weights given as logarithms (`None` for zero), scaled by the largest and normalised to sum 1.
fn normalise_logs(logs: &[Option<f64>]) -> Vec<f64> {
    let max = logs
        .iter()
        .flatten()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    let raw: Vec<f64> = logs
        .iter()
        .map(|l| l.map_or(0.0, |l| (l - max).exp()))
        .collect();
    let total: f64 = raw.iter().sum();
    raw.iter()
        .map(|w| if total > 0.0 { w / total } else { 0.0 })
        .collect()
}

/// Everything that scores one hypervisor, shared by all of them.
struct Scoring<'a> {
    profile: &'a Profile,
    /// Features a hypervisor does not score because they migrate from it (staying needs no
    /// migration): (feature, hypervisor).
    own_migrations: Vec<(&'a str, &'a str)>,
    active: Vec<&'a Rule>,
    weights: Vec<f64>,
    /// The cheapest known total of any eligible edition: what every cost is compared with.
    cheapest: Option<f64>,
    /// Cost scores of the paid offers whose totals are known (each hypervisor's cheapest
    /// eligible edition), from which a price on quote is scored.
    paid_scores: Vec<f64>,
}

/// A fact's level as scored in edition tier `tier`: absent when the edition lacks it.
fn in_edition(hv: &Hypervisor, fact: &crate::knowledge::Fact, tier: usize) -> (Support, bool) {
    match fact.edition.as_deref().and_then(|e| hv.tier(e)) {
        Some(t) if t > tier => (Support::None, false),
        _ => (fact.support, true),
    }
}

impl Scoring<'_> {
    /// The level a rule makes a fact count as.
    fn effective(&self, feature: &str, support: Support) -> (Support, Option<String>) {
        for rule in &self.active {
            if !rule.features.is_empty() && !rule.features.iter().any(|f| f == feature) {
                continue;
            }
            if let Some((_, to)) = rule.treat.iter().find(|(from, _)| *from == support) {
                return (*to, Some(rule.id.clone()));
            }
        }
        (support, None)
    }

    fn level_score(&self, s: Support) -> Option<f64> {
        match s {
            Support::Unknown => self.unknown_score(),
            s => self.profile.support_scores.get(s),
        }
    }

    /// A fact's score: its level's, times its value's under the profile's value function for
    /// the feature, if any (a present feature without a value follows the unknown policy).
    fn value_score(&self, feature: &str, level: Support, value: Option<&FactValue>) -> Option<f64> {
        let base = self.level_score(level)?;
        let Some((_, f)) = self.profile.values.iter().find(|(id, _)| id == feature) else {
            return Some(base);
        };
        if matches!(level, Support::None | Support::Unknown) {
            return Some(base);
        }
        match value::quantity(value) {
            Some(x) => Some(base * value::score(f, x)),
            None => self.unknown_score().map(|u| base * u),
        }
    }

    fn unknown_score(&self) -> Option<f64> {
        unknown_score(self.profile)
    }

    /// The requirements an edition fails.
    fn failed_requirements(&self, hv: &Hypervisor, tier: usize) -> Vec<Elimination> {
        let ctx = &self.profile.context;
        let mut out = Vec::new();
        for req in self
            .profile
            .requirements
            .iter()
            .filter(|r| r.when.matches(ctx))
        {
            let Some(fact) = hv.fact(&req.feature) else {
                continue;
            };
            let (level, _) = in_edition(hv, fact, tier);
            let (eff, rule) = self.effective(&req.feature, level);
            let min = match req.min_value {
                Some(crate::criteria::MinValue::Hosts) => self
                    .profile
                    .fleet
                    .as_ref()
                    .map(|f| i64::from(f.largest_cluster.unwrap_or(f.hosts).min(f.hosts))),
                Some(crate::criteria::MinValue::Number(n)) => Some(n),
                None => None,
            };
            let too_small = matches!(
                (min, &fact.value),
                (Some(min), Some(FactValue::Integer(v))) if *v < min
            );
            let wrong_value = !req.values.is_empty()
                && !matches!(&fact.value, Some(FactValue::Text(v)) if req.values.contains(v));
            let lacks_item = !req.contains.is_empty() && {
                let has = |item: &str| {
                    let item = item.to_lowercase();
                    req.contains
                        .iter()
                        .any(|w| item.contains(&w.to_lowercase()))
                };
                match &fact.value {
                    Some(FactValue::List(items)) => !items.iter().any(|i| has(i)),
                    Some(FactValue::Text(t)) => !has(t),
                    _ => true,
                }
            };
            if !req.accept.contains(&eff) || too_small || wrong_value || lacks_item {
                out.push(Elimination {
                    kind: "requirement",
                    requirement: req.id.clone(),
                    feature: req.feature.clone(),
                    support: hv.displayed_support(fact),
                    effective: eff,
                    rule,
                    reason: req.reason.clone(),
                    note: fact.note.clone(),
                    sources: hv.cited(fact),
                });
            }
        }
        out
    }

    /// Why an edition does not fit the fleet (requirements aside).
    fn unfit(&self, hv: &Hypervisor, e: &Edition, cost: Option<&cost::EditionCost>) -> Vec<Unfit> {
        let mut out = Vec::new();
        if !e.production {
            out.push(Unfit::NotProduction);
        }
        let fleet = self.profile.fleet.as_ref();
        let owned = fleet.is_some_and(|f| {
            f.owned
                .iter()
                .any(|o| o.hypervisor == hv.id && o.edition == e.id)
        });
        if !e.sold && !owned {
            out.push(Unfit::NotSold);
        }
        let have = e.best_support();
        let meets = |need: crate::knowledge::SupportHours| match have {
            crate::knowledge::SupportHours::Unknown => {
                need <= crate::knowledge::SupportHours::Community
                    || self.profile.unknown != UnknownPolicy::Absent
            }
            have => have >= need,
        };
        if fleet.is_some_and(|f| !meets(f.support)) {
            out.push(Unfit::Support);
        }
        let free = match cost {
            Some(c) => c.total == Some(0.0),
            None => e.prices.is_empty(),
        };
        if self.profile.context.budget == crate::criteria::Budget::None && !free {
            out.push(Unfit::Budget);
        }
        if let (Some(ceiling), Some(total)) = (
            fleet.and_then(|f| f.budget_ceiling),
            cost.and_then(|c| c.total),
        ) && total > ceiling + 1e-9
        {
            out.push(Unfit::Ceiling);
        }
        out
    }

    /// One criterion's score for a hypervisor in edition tier `tier`.
    fn criterion(
        &self,
        hv: &Hypervisor,
        c: &Criterion,
        w: f64,
        tier: usize,
        cost: Option<&cost::EditionCost>,
        unknowns: &mut Vec<UnknownFact>,
    ) -> (Option<f64>, CriterionScore) {
        // A criterion scored as a whole rather than from features: lab measurements, the cost.
        let whole = |score: Option<f64>, tco: Option<f64>| {
            let criterion = CriterionScore {
                id: c.id.clone(),
                weight: w,
                score,
                contribution: 0.0,
                reasons: Vec::new(),
                tco,
            };
            (score, criterion)
        };
        if c.measured.is_some() {
            let score = crate::bench::relative_score(&self.profile.measurements, &hv.id);
            return whole(score, None);
        }
        if let (Some(f), Some(fleet)) = (c.tco, &self.profile.fleet) {
            let total = cost.and_then(|c| c.total);
            let score = cost::score(f, total, self.cheapest, fleet).or_else(|| {
                let known =
                    cost.and_then(|c| cost::score(f, Some(c.known()), self.cheapest, fleet));
                cost::quote_score(&self.paid_scores, known).or_else(|| self.unknown_score())
            });
            return whole(score, total);
        }
        // Sub-weights normalised the same overflow-proof way.
        let subs = normalise_logs(
            &c.features
                .iter()
                .map(|(_, s)| (*s > 0.0).then(|| s.ln()))
                .collect::<Vec<_>>(),
        );
        let sub_total: f64 = subs.iter().sum();
        let (mut num, mut den) = (0.0, 0.0);
        let mut reasons = Vec::new();
        for ((feature, _), sub) in c.features.iter().zip(&subs) {
            let Some(fact) = hv.fact(feature) else {
                continue;
            };

            if fact.support == Support::Unknown
                && !unknowns
                    .iter()
                    .any(|u| u.hypervisor == hv.id && u.feature == *feature)
            {
                unknowns.push(UnknownFact {
                    hypervisor: hv.id.clone(),
                    feature: feature.clone(),
                });
            }
            let (level, included) = in_edition(hv, fact, tier);
            let (eff, rule) = self.effective(feature, level);
            let not_applicable = self
                .own_migrations
                .contains(&(feature.as_str(), hv.id.as_str()));
            let score = if not_applicable {
                None
            } else {
                self.value_score(feature, eff, fact.value.as_ref())
            };
            if let Some(s) = score {
                num += sub * s;
                den += sub;
            }
            reasons.push(Reason {
                feature: feature.clone(),
                support: hv.displayed_support(fact),
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
                edition: fact.edition.clone(),
                in_edition: included,
                not_applicable,
            });
        }
        let score = (den > 0.0).then(|| num / den);
        (
            score,
            CriterionScore {
                id: c.id.clone(),
                weight: w,
                score,
                contribution: 0.0,
                reasons,
                tco: None,
            },
        )
    }

    /// Scores a hypervisor in one edition: (total in [0, 100], exact criterion scores, criteria).
    fn score_edition(
        &self,
        hv: &Hypervisor,
        tier: usize,
        cost: Option<&cost::EditionCost>,
        unknowns: &mut Vec<UnknownFact>,
    ) -> (f64, Vec<f64>, Vec<CriterionScore>) {
        let mut weighted = 0.0;
        let mut included = 0.0;
        let mut exact = Vec::with_capacity(self.weights.len());
        let mut criteria = Vec::with_capacity(self.weights.len());
        for (c, &w) in self.profile.criteria.iter().zip(&self.weights) {
            let (score, cs) = self.criterion(hv, c, w, tier, cost, unknowns);
            if let Some(s) = score {
                weighted += w * s;
                included += w;
            }
            exact.push(score.unwrap_or(f64::NAN));
            criteria.push(cs);
        }
        let total = if included > 0.0 {
            100.0 * weighted / included
        } else {
            0.0
        };
        for (cs, &x) in criteria.iter_mut().zip(&exact) {
            cs.contribution = if x.is_nan() || included <= 0.0 {
                0.0
            } else {
                round(100.0 * cs.weight * x / included, 2)
            };
            // Weights and scores keep full precision; reports round them for display.
        }
        (total, exact, criteria)
    }
}

/// A hypervisor's outcome: scored in its best eligible edition, or eliminated.
enum Outcome {
    Ranked(f64, Vec<f64>, Box<Ranked>),
    Eliminated(Eliminated),
}

/// How many of the features the profile scores (with a positive weight) edition tier `tier`
/// provides among those an edition gates.
fn gated_features_enabled(s: &Scoring, hv: &Hypervisor, tier: usize) -> usize {
    s.profile
        .criteria
        .iter()
        .zip(&s.weights)
        .filter(|(_, w)| **w > 0.0)
        .flat_map(|(c, _)| c.features.iter())
        .filter(|(_, sub)| *sub > 0.0)
        .filter_map(|(f, _)| hv.fact(f))
        .filter(|fact| matches!(in_edition(hv, fact, tier), (_, true)) && fact.edition.is_some())
        .count()
}

/// Whether edition `a` is known to cost less than `b`: compared on totals when both are known,
/// on their known lines when both have a line on quote (a licence owned makes an edition's
/// known part smaller); when only one is on quote, the lower tier is taken as the cheaper
/// (editions are listed from the lowest tier up).
fn cheaper(a: (Option<f64>, f64), b: (Option<f64>, f64)) -> bool {
    match (a, b) {
        ((Some(x), _), (Some(y), _)) => x < y - 1e-9,
        ((None, x), (None, y)) => x < y - 1e-9,
        _ => false,
    }
}

/// Picks the edition for one hypervisor. Eligible editions meet the requirements, the support
/// the fleet needs, the budget and its ceiling. The choice is the cheapest eligible edition;
/// with an enterprise budget, the cheapest of those that enable every gated feature the profile
/// scores (or as many as any eligible edition does). Its features count as present, and its
/// price is counted once, in the cost criterion.
fn choose(
    s: &Scoring,
    hv: &Hypervisor,
    costs: Option<&[cost::EditionCost]>,
    unknowns: &mut Vec<UnknownFact>,
) -> Outcome {
    let mut options = Vec::with_capacity(hv.editions.len());
    // (tier, (total cost, its known part), gated features enabled)
    let mut eligible: Vec<(usize, (Option<f64>, f64), usize)> = Vec::new();
    let mut scratch = Vec::new();
    for (tier, e) in hv.editions.iter().enumerate() {
        let cost = costs.and_then(|c| c.get(tier));
        let mut unfit = s.unfit(hv, e, cost);
        if !s.failed_requirements(hv, tier).is_empty() {
            unfit.push(Unfit::Requirement);
        }
        let mut score = None;
        if unfit.is_empty() {
            scratch.clear();
            score = Some(round(s.score_edition(hv, tier, cost, &mut scratch).0, 2));
            eligible.push((
                tier,
                (
                    cost.and_then(|c| c.total),
                    cost.map_or(0.0, cost::EditionCost::known),
                ),
                gated_features_enabled(s, hv, tier),
            ));
        }
        options.push(EditionOption {
            id: e.id.clone(),
            name: e.name.clone(),
            total: cost.and_then(|c| c.total).map(|t| round(t, 2)),
            score,
            unfit,
        });
    }
    let wanted = if s.profile.context.budget == crate::criteria::Budget::Enterprise {
        eligible.iter().map(|(_, _, n)| *n).max().unwrap_or(0)
    } else {
        0
    };
    let mut pick: Option<(usize, (Option<f64>, f64))> = None;
    for &(tier, total, enabled) in &eligible {
        if enabled >= wanted && pick.is_none_or(|(_, best)| cheaper(total, best)) {
            pick = Some((tier, total));
        }
    }
    let best = pick.map(|(tier, _)| {
        let cost = costs.and_then(|c| c.get(tier));
        let (total, exact, criteria) = s.score_edition(hv, tier, cost, &mut scratch);
        (tier, total, exact, criteria)
    });
    match best {
        Some((tier, total, exact, criteria)) => {
            // Unknown facts are those of the edition finally chosen.
            let _ = s.score_edition(hv, tier, None, unknowns);
            let e = &hv.editions[tier];
            Outcome::Ranked(
                total,
                exact,
                Box::new(Ranked {
                    id: hv.id.clone(),
                    name: hv.name.clone(),
                    rank: 0,
                    score: round(total, 2),
                    criteria,
                    edition: EditionChoice {
                        id: e.id.clone(),
                        name: e.name.clone(),
                        support: match (&e.support_option, &s.profile.fleet) {
                            (Some(o), Some(f)) if cost::buys_support_option(e, f) => o.support,
                            _ => e.support,
                        },
                        support_option: match (&e.support_option, &s.profile.fleet) {
                            (Some(o), Some(f)) if cost::buys_support_option(e, f) => {
                                Some(o.name.clone())
                            }
                            _ => None,
                        },
                        options,
                        cost: costs.and_then(|c| c.get(tier)).cloned(),
                    },
                }),
            )
        }
        None => Outcome::Eliminated(Eliminated {
            id: hv.id.clone(),
            name: hv.name.clone(),
            reasons: elimination_reasons(s, hv, &options),
            editions: options,
        }),
    }
}

/// Why no edition fits: the requirements the most complete production edition fails, or else
/// the constraints that ruled out every edition meeting the requirements.
fn elimination_reasons(
    s: &Scoring,
    hv: &Hypervisor,
    options: &[EditionOption],
) -> Vec<Elimination> {
    let top = hv
        .editions
        .iter()
        .rposition(|e| e.production)
        .unwrap_or(hv.editions.len().saturating_sub(1));
    let failed = s.failed_requirements(hv, top);
    if !failed.is_empty() {
        return failed;
    }
    let mut kinds: Vec<Unfit> = options
        .iter()
        .filter(|o| !o.unfit.contains(&Unfit::Requirement))
        .flat_map(|o| o.unfit.iter().copied())
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
        .into_iter()
        .map(|k| Elimination {
            kind: match k {
                Unfit::NotProduction => "production",
                Unfit::NotSold => "sold",
                Unfit::Support => "support",
                Unfit::Budget => "budget",
                Unfit::Ceiling => "ceiling",
                Unfit::Requirement => "requirement",
            },
            requirement: String::new(),
            feature: String::new(),
            support: Support::None,
            effective: Support::None,
            rule: None,
            reason: crate::lang::Text {
                en: String::new(),
                fr: String::new(),
            },
            note: crate::lang::Text {
                en: String::new(),
                fr: String::new(),
            },
            sources: Vec::new(),
        })
        .collect()
}

/// Scores every hypervisor of `kb` against `profile`, aggregating with `method`.
///
/// The pipeline: active rules → criterion weights → the fleet's cost of every edition → per
/// hypervisor, the edition the profile needs (or an elimination) → aggregation → ranking.
pub fn evaluate_with(kb: &KnowledgeBase, profile: &Profile, method: Method) -> Evaluation {
    let active = active_rules(profile);
    let weights = criterion_weights(profile, &active);
    let costs: Option<Vec<Vec<cost::EditionCost>>> =
        profile.fleet.as_ref().map(|f| cost::price_all(kb, f));
    let mut scoring = Scoring {
        profile,
        own_migrations: kb
            .catalogue
            .features
            .iter()
            .filter_map(|f| Some((f.id.as_str(), f.migrates_from.as_deref()?)))
            .collect(),
        active,
        weights,
        cheapest: None,
        paid_scores: Vec::new(),
    };
    if let Some(costs) = &costs {
        let eligible: Vec<&cost::EditionCost> = eligible_costs(profile, kb, costs, &scoring)
            .into_iter()
            .flatten()
            .collect();
        scoring.cheapest = cost::cheapest(&eligible);
        scoring.paid_scores = paid_scores(profile, kb, costs, &scoring);
    }

    let mut scored: Vec<(f64, Ranked)> = Vec::new();
    let mut exact_rows: Vec<f64> = Vec::new();
    let mut eliminated = Vec::new();
    let mut unknowns = Vec::new();
    for (i, hv) in kb.hypervisors.iter().enumerate() {
        if !profile.candidates.is_empty() && !profile.candidates.contains(&hv.id) {
            continue;
        }
        let hv_costs = costs.as_ref().map(|c| c[i].as_slice());
        match choose(&scoring, hv, hv_costs, &mut unknowns) {
            Outcome::Ranked(total, exact, ranked) => {
                exact_rows.extend(exact);
                scored.push((total, *ranked));
            }
            Outcome::Eliminated(e) => eliminated.push(e),
        }
    }
    let weights = scoring.weights;
    let exact = DecisionMatrix {
        ids: scored.iter().map(|(_, r)| r.id.clone()).collect(),
        criteria: profile.criteria.iter().map(|c| c.id.clone()).collect(),
        weights: weights.clone(),
        scores: exact_rows,
        cost: cost_column(profile, &scored, scoring.cheapest),
        facts: fact_bands(profile, &scored),
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
    let rates = rates_used(kb, profile, costs.as_deref());

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
        rules_applied: scoring.active.iter().map(|r| r.id.clone()).collect(),
        weights: Weights(
            profile
                .criteria
                .iter()
                .zip(&weights)
                .map(|(c, w)| (c.id.clone(), *w))
                .collect(),
        ),
        matrix,
        ranking,
        eliminated,
        unknowns,
        fleet: profile.fleet.clone(),
        rates,
        exact,
    }
}

/// Per candidate hypervisor, the costs of its editions that meet the fleet's needs and the
/// profile's requirements.
fn eligible_costs<'a>(
    profile: &Profile,
    kb: &KnowledgeBase,
    costs: &'a [Vec<cost::EditionCost>],
    scoring: &Scoring,
) -> Vec<Vec<&'a cost::EditionCost>> {
    kb.hypervisors
        .iter()
        .zip(costs)
        .filter(|(hv, _)| profile.candidates.is_empty() || profile.candidates.contains(&hv.id))
        .map(|(hv, cs)| {
            hv.editions
                .iter()
                .zip(cs)
                .enumerate()
                .filter(|(tier, (e, c))| {
                    scoring.unfit(hv, e, Some(c)).is_empty()
                        && scoring.failed_requirements(hv, *tier).is_empty()
                })
                .map(|(_, (_, c))| c)
                .collect()
        })
        .collect()
}

/// The cost scores of the paid offers published for the fleet: each hypervisor's cheapest
/// eligible edition whose total is known, whose platform lines cost something and which costs
/// more than the cheapest option (an offer priced like the free ones says nothing of a quote).
fn paid_scores(
    profile: &Profile,
    kb: &KnowledgeBase,
    costs: &[Vec<cost::EditionCost>],
    scoring: &Scoring,
) -> Vec<f64> {
    let (Some(fleet), Some(f)) = (
        profile.fleet.as_ref(),
        profile.criteria.iter().find_map(|c| c.tco),
    ) else {
        return Vec::new();
    };
    eligible_costs(profile, kb, costs, scoring)
        .into_iter()
        .filter_map(|cs| {
            cs.into_iter()
                .filter_map(|c| c.total.map(|t| (t, c)))
                .min_by(|a, b| a.0.total_cmp(&b.0))
        })
        .filter(|(t, c)| {
            c.platform().is_some_and(|p| p > 0.0) && scoring.cheapest.is_none_or(|ch| *t > ch)
        })
        .map(|(t, _)| t)
        .filter_map(|t| cost::score(f, Some(t), scoring.cheapest, fleet))
        .collect()
}

/// The score the profile's unknown policy gives what is not known; `None` when it is left out.
fn unknown_score(profile: &Profile) -> Option<f64> {
    match profile.unknown {
        UnknownPolicy::Absent => profile.support_scores.get(Support::None),
        UnknownPolicy::Neutral => Some(0.5),
        UnknownPolicy::Exclude => None,
    }
}

/// The band a fact's score may lie in when its level is uncertain: partial anywhere between
/// halfway to absent and halfway to built in, experimental between absent and partial, unknown
/// between absent and built in (under the profile's own support scores).
fn band(profile: &Profile, level: Support) -> Option<(f64, f64)> {
    let s = |l| profile.support_scores.get(l).unwrap_or(0.0);
    let (none, partial, native) = (s(Support::None), s(Support::Partial), s(Support::Native));
    match level {
        Support::Partial => Some(((none + partial) / 2.0, (partial + native) / 2.0)),
        Support::Experimental => Some((none, partial)),
        Support::Unknown if profile.unknown != UnknownPolicy::Exclude => Some((none, native)),
        _ => None,
    }
}

/// The band a scored fact may lie in, under the profile's value function for its feature if
/// any: an uncertain level's band scaled by what its value is worth, and for a present feature
/// whose value is unpublished, anything from worthless to its level's full score (the exact
/// score applied the unknown policy). `None` when the fact is certain.
fn fact_band(profile: &Profile, x: &Reason) -> Option<(f64, f64)> {
    let level = band(profile, x.effective);
    let Some((_, f)) = profile.values.iter().find(|(id, _)| *id == x.feature) else {
        return level;
    };
    if matches!(x.effective, Support::None | Support::Unknown) {
        return level;
    }
    match value::quantity(x.value.as_ref()) {
        Some(q) => {
            let v = value::score(f, q);
            level.map(|(lo, hi)| (lo * v, hi * v))
        }
        None => {
            let full = match level {
                Some((_, hi)) => hi,
                None => profile.support_scores.get(x.effective)?,
            };
            Some((0.0, full))
        }
    }
}

/// For robustness: per cell, the facts whose level is uncertain and the rest of the score.
fn fact_bands(profile: &Profile, scored: &[(f64, Ranked)]) -> Vec<Option<CellBands>> {
    let mut out = Vec::new();
    let mut any = false;
    for (_, r) in scored {
        for c in &r.criteria {
            let mut cell = CellBands {
                certain: 0.0,
                total: 0.0,
                bands: Vec::new(),
            };
            for x in &c.reasons {
                let Some(score) = x.score else { continue };
                cell.total += x.weight;
                match fact_band(profile, x) {
                    Some((lo, hi)) => cell.bands.push((x.weight, lo, hi)),
                    None => cell.certain += x.weight * score,
                }
            }
            any |= !cell.bands.is_empty();
            out.push((!cell.bands.is_empty()).then_some(cell));
        }
    }
    if any { out } else { Vec::new() }
}

/// The cost criterion's column for robustness: each ranked row's total and the interval its
/// uncertain prices allow (their sources' range, or ±20 % of the part below list confidence).
fn cost_column(
    profile: &Profile,
    scored: &[(f64, Ranked)],
    cheapest: Option<f64>,
) -> Option<CostColumn> {
    let fleet = profile.fleet.as_ref()?;
    let (col, c) = profile
        .criteria
        .iter()
        .enumerate()
        .find(|(_, c)| c.tco.is_some())?;
    let quotes: Vec<bool> = scored
        .iter()
        .map(|(_, r)| {
            r.edition.cost.as_ref().is_some_and(|c| c.total.is_none())
                && profile.unknown != UnknownPolicy::Exclude
        })
        .collect();
    let rows: Vec<Option<(f64, f64, f64)>> = scored
        .iter()
        .map(|(_, r)| {
            let cost = r.edition.cost.as_ref()?;
            let total = cost.total?;
            let (mut lo, mut hi) = (cost.low.unwrap_or(total), cost.high.unwrap_or(total));
            if hi - lo < 1e-9 && cost.uncertain > 0.0 {
                lo = total - 0.2 * cost.uncertain;
                hi = total + 0.2 * cost.uncertain;
            }
            Some((total, lo.min(total), hi.max(total)))
        })
        .collect();
    let function = c.tco?;
    let score = |t: f64| cost::score(function, Some(t), cheapest, fleet).unwrap_or(0.0);
    let paid: Vec<f64> = rows
        .iter()
        .flatten()
        .filter(|(t, _, _)| *t > 0.0)
        .map(|(t, _, _)| score(*t))
        .collect();
    // A quote is drawn among the known paid offers, widened to hold the score the unknown
    // policy gives it (so its exact score lies in its band, as for facts): with one known offer
    // or none, the band would otherwise be a single point or empty.
    let exact: Vec<f64> = scored
        .iter()
        .zip(&quotes)
        .filter(|(_, q)| **q)
        .filter_map(|((_, r), _)| r.criteria.get(col).and_then(|c| c.score))
        .collect();
    let quote_band = if paid.is_empty() {
        (0.0, 1.0)
    } else {
        let lo = paid
            .iter()
            .chain(&exact)
            .copied()
            .fold(f64::INFINITY, f64::min);
        let hi = paid
            .iter()
            .chain(&exact)
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        (lo, hi)
    };
    Some(CostColumn {
        col,
        function,
        fleet: fleet.clone(),
        cheapest,
        rows,
        quotes,
        quote_band,
    })
}

/// The exchange rates a cost table relies on: those of every currency other than the fleet's.
fn rates_used(
    kb: &KnowledgeBase,
    profile: &Profile,
    costs: Option<&[Vec<cost::EditionCost>]>,
) -> Vec<crate::knowledge::Rate> {
    let (Some(fleet), Some(costs), Some(rates)) = (&profile.fleet, costs, &kb.currencies) else {
        return Vec::new();
    };
    let mut out: Vec<crate::knowledge::Rate> = Vec::new();
    for line in costs.iter().flatten().flat_map(|c| &c.lines) {
        if let Some(m) = &line.native_total
            && m.currency != fleet.currency
            && let Some(r) = rates.rate_between(&m.currency, &fleet.currency)
            && !out.contains(r)
        {
            out.push(r.clone());
        }
    }
    out.sort_by(|a, b| a.currency.cmp(&b.currency));
    out
}
