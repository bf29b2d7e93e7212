//! The view a template renders: the evaluation, resolved into one language, with sources
//! numbered and strengths and limits derived from the scores.

use crate::criteria::Profile;
use crate::engine::{Evaluation, Reason};
use crate::knowledge::{Category, FactValue, KnowledgeBase, Source, Support};
use crate::lang::{Lang, Text};
use crate::report::i18n::typography;
use serde::Serialize;

/// Criteria scoring at least this are listed among a hypervisor's strengths.
const STRENGTH: f64 = 0.75;
/// Criteria scoring below this are listed among its limits.
const LIMIT: f64 = 0.5;
/// How many strengths and limits to list per hypervisor.
const TOP: usize = 3;

#[derive(Serialize)]
pub struct View {
    pub lang: Lang,
    pub tool_version: &'static str,
    pub schema_version: u32,
    pub method: &'static str,
    pub profile: ProfileView,
    pub inputs: crate::engine::Inputs,
    pub weights: Vec<WeightView>,
    /// Scored features on which every ranked hypervisor scores the same: they change no ranking.
    pub uniform_features: Vec<String>,
    pub rules_applied: Vec<RuleView>,
    pub requirements: Vec<RequirementView>,
    pub ranking: Vec<RankedView>,
    pub winner: Option<usize>,
    pub runner_up: Option<usize>,
    pub margin: Option<f64>,
    /// What puts each of the first three ahead of the next one, with the facts' sources.
    pub order: Vec<OrderView>,
    pub eliminated: Vec<EliminatedView>,
    pub hypervisors: Vec<HypervisorView>,
    pub categories: Vec<CategoryView>,
    pub support_scores: Vec<(Support, f64)>,
    pub unknowns: Vec<UnknownView>,
    /// Hypervisors whose firewall ports the report lists: the winner, then any asked for.
    pub ports_for: Vec<String>,
    /// How robust the ranking is; set by the caller, which chooses the sampling.
    pub robustness: Option<RobustnessView>,
    /// What each alternative costs the fleet, when the profile describes one.
    pub cost: Option<super::cost::CostView>,
    /// A clear winner or a tie; set with the robustness analysis it is measured by.
    pub verdict: Option<VerdictView>,
    /// How much of the report to write.
    pub detail: super::Detail,
    /// Hypervisor id → feature id → fact.
    pub facts: std::collections::BTreeMap<String, std::collections::BTreeMap<String, FactView>>,
    /// Lab measurements, when the command was given a folder of them.
    pub lab: Option<super::lab::LabView>,
    pub sources: Vec<SourceView>,
}

/// One line of "why this order": a ranked hypervisor, the next one, and the criterion and
/// feature that put it ahead.
#[derive(Serialize)]
pub struct OrderView {
    pub name: String,
    pub other: String,
    pub criterion: String,
    pub gain: f64,
    pub feature: Option<String>,
    pub ahead: Option<Support>,
    pub behind: Option<Support>,
    /// For the cost criterion: both totals of ownership, in the fleet's currency.
    pub totals: Option<(Option<f64>, Option<f64>)>,
    /// Sources of both facts compared (or both price lists).
    pub refs: Vec<usize>,
}

#[derive(Serialize)]
pub struct ProfileView {
    pub id: String,
    pub title: String,
    pub description: String,
    pub rationale: String,
    pub budget: &'static str,
    pub scale: Option<&'static str>,
    pub skills: Vec<&'static str>,
    pub unknown_policy: crate::criteria::UnknownPolicy,
}

#[derive(Serialize)]
pub struct WeightView {
    pub id: String,
    pub label: String,
    pub weight: f64,
    pub rationale: Option<String>,
    pub features: Vec<String>,
    /// The value function, for a criterion that scores the total cost of ownership.
    pub tco: Option<crate::criteria::CostFunction>,
    /// For a criterion that scores lab measurements: the systems it leaves out (no measure
    /// shared with another system).
    pub measured: Option<Vec<String>>,
}

#[derive(Serialize)]
pub struct RuleView {
    pub id: String,
    pub reason: String,
}

#[derive(Serialize)]
pub struct RequirementView {
    pub id: String,
    pub feature: String,
    pub reason: String,
}

#[derive(Serialize)]
pub struct ReasonView {
    pub feature: String,
    pub label: String,
    pub support: Support,
    pub effective: Support,
    pub score: Option<f64>,
    pub weight: f64,
    pub value: Option<ValueView>,
    pub note: String,
    pub since: Option<String>,
    pub refs: Vec<usize>,
    pub rule: Option<String>,
}

#[derive(Serialize)]
pub struct CriterionView {
    pub id: String,
    pub label: String,
    pub weight: f64,
    pub score: Option<f64>,
    pub contribution: f64,
    pub reasons: Vec<ReasonView>,
    /// For a cost criterion: the total cost of ownership it scored (fleet currency).
    pub tco: Option<f64>,
    /// Labels of the features that score below the limit, for the limits list.
    pub gaps: Vec<String>,
}

#[derive(Serialize)]
pub struct RankedView {
    pub rank: usize,
    pub id: String,
    pub name: String,
    pub version: String,
    pub score: f64,
    pub criteria: Vec<CriterionView>,
    pub strengths: Vec<usize>,
    pub limits: Vec<usize>,
}

#[derive(Serialize)]
pub struct EliminationView {
    /// `requirement`, or the fleet constraint that ruled out every edition.
    pub kind: &'static str,
    pub requirement: String,
    pub reason: String,
    pub feature: String,
    pub label: String,
    pub support: Support,
    pub effective: Support,
    pub rule: Option<String>,
    pub note: String,
    pub refs: Vec<usize>,
}

#[derive(Serialize)]
pub struct EliminatedView {
    pub id: String,
    pub name: String,
    pub reasons: Vec<EliminationView>,
}

#[derive(Serialize)]
pub struct HypervisorView {
    pub id: String,
    pub name: String,
    pub vendor: String,
    pub version: String,
    pub released: String,
    pub as_of: String,
    pub oldest_as_of: String,
    pub license: String,
    pub summary: String,
    pub eliminated: bool,
}

/// A fact's value, ready for a template (`kind` says which fields are set).
#[derive(Serialize)]
pub struct ValueView {
    pub kind: &'static str,
    pub integer: Option<i64>,
    pub unit: Option<crate::knowledge::Unit>,
    pub text: Option<String>,
    pub list: Vec<String>,
    pub ports: Vec<PortView>,
    pub version: Option<String>,
    pub released: Option<String>,
    pub end_of_support: Option<String>,
    pub cpu_cores: Option<f64>,
    pub memory_gib: Option<f64>,
    pub disk_gib: Option<f64>,
}

#[derive(Serialize)]
pub struct PortView {
    pub port: String,
    pub protocol: crate::knowledge::Protocol,
    pub direction: crate::knowledge::Direction,
    pub purpose: String,
}

#[derive(Serialize)]
pub struct CellView {
    pub hypervisor: String,
    pub support: Support,
    pub value: Option<ValueView>,
}

#[derive(Serialize)]
pub struct FeatureRowView {
    pub id: String,
    pub label: String,
    pub cells: Vec<CellView>,
}

#[derive(Serialize)]
pub struct NoteView {
    pub hypervisor: String,
    #[serde(skip)]
    pub hypervisor_id: String,
    #[serde(skip)]
    pub feature_id: String,
    pub feature: String,
    pub support: Support,
    pub note: String,
    pub refs: Vec<usize>,
    /// For a `paid` cell: the edition that provides the feature and the level within it.
    #[serde(skip)]
    pub edition: Option<(String, Support)>,
}

/// Features that one hypervisor provides, as built in, only from one paid edition: one line
/// instead of one note each, below `full` detail.
#[derive(Serialize)]
pub struct PaidView {
    pub hypervisor: String,
    pub edition: String,
    pub features: Vec<String>,
    pub refs: Vec<usize>,
}

#[derive(Serialize)]
pub struct CategoryView {
    pub id: Category,
    pub features: Vec<FeatureRowView>,
    /// Notes for every cell that is neither plainly built in nor plainly absent.
    pub notes: Vec<NoteView>,
    /// Below `full` detail, the notes of features built into a paid edition, grouped.
    pub paid: Vec<PaidView>,
}

impl CategoryView {
    /// Replaces the notes of features that a paid edition provides as built in by one line per
    /// hypervisor and edition; a note that qualifies the feature within its edition stays.
    fn group_paid(&mut self) {
        let mut notes = Vec::new();
        for n in std::mem::take(&mut self.notes) {
            let Some((edition, Support::Native)) = &n.edition else {
                notes.push(n);
                continue;
            };
            match self
                .paid
                .iter_mut()
                .find(|g| g.hypervisor == n.hypervisor && &g.edition == edition)
            {
                Some(g) => {
                    g.features.push(n.feature);
                    for r in n.refs {
                        if !g.refs.contains(&r) {
                            g.refs.push(r);
                        }
                    }
                }
                None => self.paid.push(PaidView {
                    hypervisor: n.hypervisor,
                    edition: edition.clone(),
                    features: vec![n.feature],
                    refs: n.refs,
                }),
            }
        }
        self.notes = notes;
    }
}

/// One fact, resolved into one language, with its source numbers.
#[derive(Serialize)]
pub struct FactView {
    pub feature: String,
    pub label: String,
    pub support: Support,
    /// The edition that provides it, when it needs one.
    pub edition: Option<String>,
    pub value: Option<ValueView>,
    pub note: String,
    pub since: Option<String>,
    pub as_of: String,
    pub refs: Vec<usize>,
}

fn fact_view(
    kb: &KnowledgeBase,
    h: &crate::knowledge::Hypervisor,
    fact: &crate::knowledge::Fact,
    lang: Lang,
    sources: &mut SourceList,
) -> FactView {
    let cited = h.cited(fact);
    FactView {
        feature: fact.feature.clone(),
        label: label(kb, &fact.feature, lang),
        support: h.displayed_support(fact),
        edition: fact
            .edition
            .as_deref()
            .and_then(|e| h.edition(e))
            .map(|e| txt(&e.name, lang)),
        value: fact
            .value
            .as_ref()
            .map(|v| value_view(v, kb, &fact.feature, lang)),
        note: txt(&fact.note, lang),
        since: fact.since.clone(),
        as_of: fact.as_of.to_string(),
        refs: sources.refs(&cited),
    }
}

fn hypervisor_view(
    h: &crate::knowledge::Hypervisor,
    lang: Lang,
    eliminated: bool,
) -> HypervisorView {
    HypervisorView {
        id: h.id.clone(),
        name: h.name.clone(),
        vendor: h.vendor.clone(),
        version: h.version.clone(),
        released: h.released.to_string(),
        as_of: h.as_of.to_string(),
        oldest_as_of: h.oldest_as_of().to_string(),
        license: h.license.clone(),
        summary: txt(&h.summary, lang),
        eliminated,
    }
}

/// The facts of one hypervisor by category (`kb show`).
#[derive(Serialize)]
pub struct ShowView {
    pub lang: Lang,
    pub hypervisor: HypervisorView,
    pub categories: Vec<(Category, Vec<FactView>)>,
    pub sources: Vec<SourceView>,
}

/// Builds the view of `kb show`; `id` must name a hypervisor of `kb`.
pub fn show(kb: &KnowledgeBase, id: &str, lang: Lang) -> ShowView {
    let h = kb.hypervisor(id).expect("caller checked the id");
    let mut sources = SourceList::default();
    let mut categories: Vec<(Category, Vec<FactView>)> = Vec::new();
    for fact in &h.facts {
        let Some(feature) = kb.catalogue.feature(&fact.feature) else {
            continue;
        };
        let view = fact_view(kb, h, fact, lang, &mut sources);
        match categories.iter_mut().find(|(c, _)| *c == feature.category) {
            Some((_, list)) => list.push(view),
            None => categories.push((feature.category, vec![view])),
        }
    }
    categories.sort_by_key(|(c, _)| *c);
    ShowView {
        lang,
        hypervisor: hypervisor_view(h, lang, false),
        categories,
        sources: sources.into_views(lang),
    }
}

#[derive(Serialize)]
pub struct UnknownView {
    pub hypervisor: String,
    pub feature: String,
}

#[derive(Serialize)]
pub struct SourceView {
    pub n: usize,
    pub url: String,
    pub title: String,
    /// Our remark on the document, in the report's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Numbers sources in order of first citation; the same URL always gets the same number.
#[derive(Default)]
pub(crate) struct SourceList(Vec<Source>);

impl SourceList {
    pub(crate) fn into_views(self, lang: Lang) -> Vec<SourceView> {
        self.0
            .into_iter()
            .enumerate()
            .map(|(i, s)| SourceView {
                n: i + 1,
                note: s.note.as_ref().map(|t| txt(t, lang)),
                url: s.url,
                title: s.title,
            })
            .collect()
    }

    pub(crate) fn refs(&mut self, sources: &[Source]) -> Vec<usize> {
        let mut out: Vec<usize> = sources
            .iter()
            .map(|s| match self.0.iter().position(|t| t.url == s.url) {
                Some(i) => i + 1,
                None => {
                    self.0.push(s.clone());
                    self.0.len()
                }
            })
            .collect();
        out.dedup();
        out
    }
}

fn value_view(v: &FactValue, kb: &KnowledgeBase, feature: &str, lang: Lang) -> ValueView {
    let f = kb.catalogue.feature(feature);
    let mut out = ValueView {
        kind: "text",
        integer: None,
        unit: f.and_then(|f| f.unit),
        text: None,
        list: Vec::new(),
        ports: Vec::new(),
        version: None,
        released: None,
        end_of_support: None,
        cpu_cores: None,
        memory_gib: None,
        disk_gib: None,
    };
    match v {
        FactValue::Integer(i) => {
            out.kind = "integer";
            out.integer = Some(*i);
        }
        FactValue::Text(t) => {
            // A choice shows its label; free text shows as written.
            let choice = f.and_then(|f| f.choices.iter().find(|c| c.id == *t));
            out.text = Some(match choice {
                Some(c) => c.label.get(lang).to_owned(),
                None => t.clone(),
            });
        }
        FactValue::List(items) => {
            out.kind = "list";
            out.list = items.clone();
        }
        FactValue::Ports(ports) => {
            out.kind = "ports";
            out.ports = ports
                .iter()
                .map(|p| PortView {
                    port: p.port.to_string(),
                    protocol: p.protocol,
                    direction: p.direction,
                    purpose: typography(p.purpose.get(lang), lang),
                })
                .collect();
        }
        FactValue::Lifecycle(l) => {
            out.kind = "lifecycle";
            out.version = Some(l.version.clone());
            out.released = l.released.map(|d| d.to_string());
            out.end_of_support = l.end_of_support.map(|d| d.to_string());
        }
        FactValue::Resources(r) => {
            out.kind = "resources";
            out.cpu_cores = r.cpu_cores;
            out.memory_gib = r.memory_gib;
            out.disk_gib = r.disk_gib;
        }
    }
    out
}

fn label(kb: &KnowledgeBase, feature: &str, lang: Lang) -> String {
    kb.catalogue
        .feature(feature)
        .map(|f| f.label.get(lang).to_owned())
        .unwrap_or_else(|| feature.to_owned())
}

fn txt(t: &Text, lang: Lang) -> String {
    typography(t.get(lang), lang)
}

/// Builds the view of an evaluation in one language.
pub fn build(kb: &KnowledgeBase, profile: &Profile, eval: &Evaluation, lang: Lang) -> View {
    let mut sources = SourceList::default();
    let reason_view = |r: &Reason, sources: &mut SourceList| ReasonView {
        feature: r.feature.clone(),
        label: label(kb, &r.feature, lang),
        support: r.support,
        effective: r.effective,
        score: r.score,
        weight: r.weight,
        value: r
            .value
            .as_ref()
            .map(|v| value_view(v, kb, &r.feature, lang)),
        note: txt(&r.note, lang),
        since: r.since.clone(),
        refs: sources.refs(&r.sources),
        rule: r.rule.clone(),
    };

    // Criteria on which every ranked hypervisor scores the same are no one's strength.
    let uniform: Vec<bool> = eval.ranking.first().map_or_else(Vec::new, |first| {
        (0..first.criteria.len())
            .map(|j| {
                eval.ranking.len() > 1
                    && eval.ranking.iter().all(|r| {
                        match (r.criteria[j].score, first.criteria[j].score) {
                            (Some(a), Some(b)) => (a - b).abs() < 1e-9,
                            (a, b) => a.is_none() && b.is_none(),
                        }
                    })
            })
            .collect()
    });
    let ranking: Vec<RankedView> = eval
        .ranking
        .iter()
        .map(|ranked| {
            let criteria: Vec<CriterionView> = ranked
                .criteria
                .iter()
                .map(|c| {
                    let crit = profile.criteria.iter().find(|p| p.id == c.id);
                    let reasons: Vec<ReasonView> = c
                        .reasons
                        .iter()
                        .map(|r| reason_view(r, &mut sources))
                        .collect();
                    CriterionView {
                        id: c.id.clone(),
                        label: crit.map(|p| txt(&p.label, lang)).unwrap_or_default(),
                        weight: c.weight,
                        score: c.score,
                        contribution: c.contribution,
                        tco: c.tco,
                        gaps: reasons
                            .iter()
                            .filter(|r| r.score.is_some_and(|s| s < LIMIT))
                            .map(|r| r.label.clone())
                            .collect(),
                        reasons,
                    }
                })
                .collect();
            // Strengths and limits: the heaviest criteria that score high or low.
            let mut by_weight: Vec<usize> = (0..criteria.len()).collect();
            by_weight.sort_by(|&a, &b| {
                criteria[b]
                    .weight
                    .total_cmp(&criteria[a].weight)
                    .then(a.cmp(&b))
            });
            let pick = |keep: &dyn Fn(f64) -> bool| -> Vec<usize> {
                by_weight
                    .iter()
                    .copied()
                    .filter(|&i| criteria[i].weight > 0.0 && criteria[i].score.is_some_and(keep))
                    .take(TOP)
                    .collect()
            };
            let strengths: Vec<usize> = by_weight
                .iter()
                .copied()
                .filter(|&i| {
                    criteria[i].weight > 0.0
                        && criteria[i].score.is_some_and(|s| s >= STRENGTH)
                        && !uniform.get(i).copied().unwrap_or(false)
                })
                .take(TOP)
                .collect();
            let limits = pick(&|s| s < LIMIT);
            let hv = kb.hypervisor(&ranked.id);
            RankedView {
                rank: ranked.rank,
                id: ranked.id.clone(),
                name: ranked.name.clone(),
                version: hv.map(|h| h.version.clone()).unwrap_or_default(),
                score: ranked.score,
                criteria,
                strengths,
                limits,
            }
        })
        .collect();

    let eliminated = eval
        .eliminated
        .iter()
        .map(|e| EliminatedView {
            id: e.id.clone(),
            name: e.name.clone(),
            reasons: e
                .reasons
                .iter()
                .map(|r| EliminationView {
                    kind: r.kind,
                    requirement: r.requirement.clone(),
                    reason: txt(&r.reason, lang),
                    feature: r.feature.clone(),
                    label: label(kb, &r.feature, lang),
                    support: r.support,
                    effective: r.effective,
                    rule: r.rule.clone(),
                    note: txt(&r.note, lang),
                    refs: sources.refs(&r.sources),
                })
                .collect(),
        })
        .collect();

    // Columns of the comparison tables: ranked hypervisors first, then the eliminated ones.
    let order: Vec<&str> = eval
        .ranking
        .iter()
        .map(|r| r.id.as_str())
        .chain(eval.eliminated.iter().map(|e| e.id.as_str()))
        .collect();
    let hvs: Vec<_> = order.iter().filter_map(|id| kb.hypervisor(id)).collect();
    let hypervisors = hvs
        .iter()
        .map(|h| hypervisor_view(h, lang, eval.eliminated.iter().any(|e| e.id == h.id)))
        .collect();

    let mut categories: Vec<CategoryView> = Vec::new();
    for feature in &kb.catalogue.features {
        if categories.last().is_none_or(|c| c.id != feature.category) {
            categories.push(CategoryView {
                id: feature.category,
                features: Vec::new(),
                notes: Vec::new(),
                paid: Vec::new(),
            });
        }
        let cat = categories.last_mut().expect("pushed above");
        let mut cells = Vec::new();
        for h in &hvs {
            let Some(fact) = h.fact(&feature.id) else {
                continue;
            };
            let shown = h.displayed_support(fact);
            cells.push(CellView {
                hypervisor: h.id.clone(),
                support: shown,
                value: fact
                    .value
                    .as_ref()
                    .map(|v| value_view(v, kb, &feature.id, lang)),
            });
            if !matches!(shown, Support::Native | Support::None) {
                cat.notes.push(NoteView {
                    hypervisor: h.name.clone(),
                    hypervisor_id: h.id.clone(),
                    feature_id: feature.id.clone(),
                    feature: feature.label.get(lang).to_owned(),
                    support: shown,
                    note: txt(&fact.note, lang),
                    refs: sources.refs(&h.cited(fact)),
                    edition: fact
                        .edition
                        .as_deref()
                        .and_then(|e| h.edition(e))
                        .filter(|_| shown == Support::Paid)
                        .map(|e| (txt(&e.name, lang), fact.support)),
                });
            }
        }
        cat.features.push(FeatureRowView {
            id: feature.id.clone(),
            label: feature.label.get(lang).to_owned(),
            cells,
        });
    }
    // Categories keep catalogue order, but a category split in the file is merged.
    categories.sort_by_key(|c| c.id);

    // Every fact of every compared hypervisor, for the practical sections (ports, network
    // access, backup), which templates pick by feature id.
    let mut facts = std::collections::BTreeMap::new();
    for h in &hvs {
        let by_feature: std::collections::BTreeMap<String, FactView> = h
            .facts
            .iter()
            .map(|f| (f.feature.clone(), fact_view(kb, h, f, lang, &mut sources)))
            .collect();
        facts.insert(h.id.clone(), by_feature);
    }

    let cost = super::cost::build(kb, eval, lang, &mut sources);
    let why_order: Vec<OrderView> = eval
        .ranking
        .windows(2)
        .take(3)
        .filter_map(|pair| {
            let d = crate::engine::decisive(&pair[0], &pair[1])?;
            // Each fact's first (main) source; the comparison tables cite the others.
            let mut refs = Vec::new();
            if let (Some(x), Some(y)) = (d.ahead, d.behind) {
                refs = sources.refs(&x.sources[..x.sources.len().min(1)]);
                refs.extend(sources.refs(&y.sources[..y.sources.len().min(1)]));
            }
            // A cost criterion: both totals, and the first source of each one's price lines.
            let totals = d.criterion.tco.and_then(|_| {
                let row = |id: &str| cost.as_ref()?.rows.iter().find(|r| r.id == id);
                let (a, b) = (row(&pair[0].id)?, row(&pair[1].id)?);
                for r in [a, b] {
                    refs.extend(r.lines.iter().flat_map(|l| l.refs.first()).take(1));
                }
                Some((a.total, b.total))
            });
            let mut seen = Vec::new();
            refs.retain(|r| {
                let new = !seen.contains(r);
                seen.push(*r);
                new
            });
            Some(OrderView {
                name: pair[0].name.clone(),
                other: pair[1].name.clone(),
                criterion: profile
                    .criteria
                    .iter()
                    .find(|c| c.id == d.criterion.id)
                    .map(|c| txt(&c.label, lang))
                    .unwrap_or_default(),
                gain: d.gain,
                feature: d.ahead.map(|x| label(kb, &x.feature, lang)),
                ahead: d.ahead.map(|x| x.effective),
                behind: d.behind.map(|y| y.effective),
                totals,
                refs,
            })
        })
        .collect();
    let uniform_features = uniform_features(kb, eval, lang);
    let name_of = |id: &str| {
        kb.hypervisor(id)
            .map(|h| h.name.clone())
            .unwrap_or_default()
    };
    let (winner, runner_up) = (
        (!ranking.is_empty()).then_some(0),
        (ranking.len() > 1).then_some(1),
    );
    // The margin between the scores as displayed (one decimal), so the reader can check it.
    let one = |x: f64| (x * 10.0).round() / 10.0;
    let margin = (ranking.len() > 1).then(|| one(one(ranking[0].score) - one(ranking[1].score)));
    View {
        lang,
        tool_version: eval.tool_version,
        schema_version: eval.schema_version,
        method: eval.method.name(),
        profile: ProfileView {
            id: profile.id.clone(),
            title: txt(&profile.title, lang),
            description: txt(&profile.description, lang),
            rationale: txt(&profile.rationale, lang),
            budget: keyword(profile.context.budget),
            scale: profile.context.scale.map(keyword),
            skills: profile.context.skills.iter().map(|s| keyword(*s)).collect(),
            unknown_policy: profile.unknown,
        },
        inputs: eval.inputs.clone(),
        uniform_features,
        weights: profile
            .criteria
            .iter()
            .zip(&eval.weights.0)
            .map(|(c, (_, w))| WeightView {
                id: c.id.clone(),
                label: txt(&c.label, lang),
                weight: *w,
                rationale: c.rationale.as_ref().map(|r| txt(r, lang)),
                features: c.features.iter().map(|(f, _)| label(kb, f, lang)).collect(),
                tco: c.tco,
                measured: c.measured.map(|_| {
                    eval.ranking
                        .iter()
                        .filter(|r| r.criteria.iter().any(|x| x.id == c.id && x.score.is_none()))
                        .map(|r| r.name.clone())
                        .collect()
                }),
            })
            .collect(),
        rules_applied: profile
            .rules
            .iter()
            .filter(|r| eval.rules_applied.contains(&r.id))
            .map(|r| RuleView {
                id: r.id.clone(),
                reason: txt(&r.reason, lang),
            })
            .collect(),
        requirements: profile
            .requirements
            .iter()
            .filter(|r| r.when.matches(&profile.context))
            .map(|r| RequirementView {
                id: r.id.clone(),
                feature: label(kb, &r.feature, lang),
                reason: txt(&r.reason, lang),
            })
            .collect(),
        ranking,
        winner,
        runner_up,
        margin,
        order: why_order,
        eliminated,
        hypervisors,
        categories,
        support_scores: profile.support_scores.0.clone(),
        unknowns: eval
            .unknowns
            .iter()
            .map(|u| UnknownView {
                hypervisor: name_of(&u.hypervisor),
                feature: label(kb, &u.feature, lang),
            })
            .collect(),
        ports_for: eval
            .ranking
            .first()
            .map(|r| vec![r.id.clone()])
            .unwrap_or_default(),
        robustness: None,
        facts,
        cost,
        verdict: None,
        detail: super::Detail::Full,
        lab: None,
        sources: sources.into_views(lang),
    }
}

/// The labels of the scored features (positive weight) on which every ranked hypervisor gets
/// the same score, when at least two are ranked.
fn uniform_features(kb: &KnowledgeBase, eval: &Evaluation, lang: Lang) -> Vec<String> {
    let Some((first, rest)) = eval.ranking.split_first() else {
        return Vec::new();
    };
    if rest.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (ci, c) in first.criteria.iter().enumerate() {
        if c.weight <= 0.0 {
            continue;
        }
        for (j, x) in c.reasons.iter().enumerate() {
            if x.weight > 0.0
                && rest
                    .iter()
                    .all(|r| r.criteria[ci].reasons.get(j).map(|y| y.score) == Some(x.score))
            {
                let l = label(kb, &x.feature, lang);
                if !out.contains(&l) {
                    out.push(l);
                }
            }
        }
    }
    out
}

/// A verdict resolved for templates.
#[derive(Serialize)]
pub struct VerdictView {
    pub tie: bool,
    pub names: Vec<String>,
    /// The first-rank share of the alternative ranked first, and the share a clear win needs.
    pub share: f64,
    pub threshold: f64,
    pub co_winner_share: f64,
    pub differences: Vec<DifferenceView>,
}

#[derive(Serialize)]
pub struct DifferenceView {
    pub label: String,
    pub cells: Vec<DifferenceCell>,
}

#[derive(Serialize)]
pub struct DifferenceCell {
    pub name: String,
    pub support: Option<Support>,
    pub value: Option<ValueView>,
    /// The profile scores this feature's value, and the fact publishes none.
    pub unpublished: bool,
    pub tco: Option<f64>,
}

/// The verdict of `eval` under the robustness analysis `analysis`.
pub fn verdict_view(
    kb: &KnowledgeBase,
    profile: &Profile,
    eval: &Evaluation,
    analysis: &crate::engine::robustness::Robustness,
    lang: Lang,
) -> Option<VerdictView> {
    use crate::engine::verdict;
    let v = verdict::verdict(eval, &analysis.acceptability)?;
    let name = |id: &str| {
        kb.hypervisor(id)
            .map_or_else(|| id.to_owned(), |h| h.name.clone())
    };
    let names: Vec<String> = v.winners.iter().map(|id| name(id)).collect();
    let differences =
        v.differences
            .iter()
            .map(|d| DifferenceView {
                label: match &d.feature {
                    Some(f) => label(kb, f, lang),
                    None => profile
                        .criteria
                        .iter()
                        .find(|c| c.id == d.criterion)
                        .map(|c| txt(&c.label, lang))
                        .unwrap_or_default(),
                },
                cells: names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| DifferenceCell {
                        name: n.clone(),
                        support: d.levels.get(i).copied(),
                        value: d.values.get(i).cloned().flatten().and_then(|v| {
                            d.feature.as_deref().map(|f| value_view(&v, kb, f, lang))
                        }),
                        unpublished: d.feature.as_deref().is_some_and(|f| {
                            profile.values.iter().any(|(id, _)| id == f)
                                && d.values.get(i).is_some_and(Option::is_none)
                                && d.levels
                                    .get(i)
                                    .is_some_and(|l| !matches!(l, Support::None | Support::Unknown))
                        }),
                        tco: d.tco.get(i).copied().flatten(),
                    })
                    .collect(),
            })
            .collect();
    Some(VerdictView {
        tie: v.tie,
        names,
        share: v.share,
        threshold: verdict::TIE_SHARE,
        co_winner_share: verdict::CO_WINNER_SHARE,
        differences,
    })
}

fn keyword<T: crate::yaml::Keyword + PartialEq>(v: T) -> &'static str {
    v.keyword()
}

impl View {
    /// Adds the robustness analysis of `eval` with the default sampling (10,000 samples, ±20 %).
    pub fn add_robustness(&mut self, kb: &KnowledgeBase, profile: &Profile, eval: &Evaluation) {
        let analysis = crate::engine::robustness::analyse(
            &eval.exact,
            eval.method,
            &crate::engine::robustness::SmaaOptions::default(),
        );
        self.robustness = Some(robustness_view(kb, profile, &analysis, self.lang));
        self.verdict = verdict_view(kb, profile, eval, &analysis, self.lang);
    }

    /// Sets the level of detail: below `full`, the category notes keep only the three
    /// first-ranked hypervisors (none in `summary`), and the sources keep only those the written
    /// sections cite.
    pub fn set_detail(&mut self, detail: super::Detail) {
        use super::Detail;
        self.detail = detail;
        if detail == Detail::Full {
            return;
        }
        let keep: Vec<String> = match detail {
            Detail::Summary => Vec::new(),
            _ => self.ranking.iter().take(3).map(|r| r.id.clone()).collect(),
        };
        for c in &mut self.categories {
            // The notes that matter: those of the three first-ranked, on the features where
            // their levels differ (a row they all share tells them no apart).
            let differs = |feature: &str| {
                c.features
                    .iter()
                    .find(|f| f.id == feature)
                    .is_some_and(|f| {
                        let levels: Vec<Support> = f
                            .cells
                            .iter()
                            .filter(|cell| keep.contains(&cell.hypervisor))
                            .map(|cell| cell.support)
                            .collect();
                        levels.windows(2).any(|w| w[0] != w[1])
                    })
            };
            c.notes
                .retain(|n| keep.contains(&n.hypervisor_id) && differs(&n.feature_id));
            c.group_paid();
        }
        let mut cited: Vec<usize> = Vec::new();
        for o in &self.order {
            cited.extend(&o.refs);
        }
        for e in &self.eliminated {
            for x in &e.reasons {
                cited.extend(&x.refs);
            }
        }
        if let Some(cost) = &mut self.cost {
            // The line-by-line detail is for `full` and `hvadvisor cost`.
            cost.show_lines = false;
            cited.extend(cost.cited());
        }
        if detail == Detail::Standard {
            for c in &self.categories {
                for n in &c.notes {
                    cited.extend(&n.refs);
                }
                for g in &c.paid {
                    cited.extend(&g.refs);
                }
            }
            let practical = self
                .ranking
                .first()
                .map(|r| r.id.clone())
                .into_iter()
                .chain(self.ports_for.iter().cloned());
            // The practical answers cite the ports, network access modes and backup facts.
            for id in practical {
                if let Some(facts) = self.facts.get(&id) {
                    for (feature, f) in facts {
                        if feature == "operations.firewall-ports"
                            || feature.starts_with("network.")
                            || feature.starts_with("backup.")
                        {
                            cited.extend(&f.refs);
                        }
                    }
                }
            }
        }
        self.keep_sources(&cited);
    }

    /// Keeps only the sources numbered in `cited` (in that order of first citation) and
    /// renumbers every reference accordingly; references to other sources are dropped. For
    /// documents that show a part of the view, such as the decision memo.
    pub fn keep_sources(&mut self, cited: &[usize]) {
        let mut order: Vec<usize> = Vec::new();
        for n in cited {
            if !order.contains(n) {
                order.push(*n);
            }
        }
        let map = |refs: &mut Vec<usize>| {
            *refs = refs
                .iter()
                .filter_map(|n| order.iter().position(|o| o == n).map(|i| i + 1))
                .collect();
        };
        for r in &mut self.ranking {
            for c in &mut r.criteria {
                for x in &mut c.reasons {
                    map(&mut x.refs);
                }
            }
        }
        for e in &mut self.eliminated {
            for x in &mut e.reasons {
                map(&mut x.refs);
            }
        }
        for o in &mut self.order {
            map(&mut o.refs);
        }
        for c in &mut self.categories {
            for n in &mut c.notes {
                map(&mut n.refs);
            }
            for g in &mut c.paid {
                map(&mut g.refs);
            }
        }
        for facts in self.facts.values_mut() {
            for f in facts.values_mut() {
                map(&mut f.refs);
            }
        }
        if let Some(cost) = &mut self.cost {
            cost.map_refs(&map);
        }
        let old = std::mem::take(&mut self.sources);
        self.sources = order
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                old.iter().find(|s| s.n == *n).map(|s| SourceView {
                    n: i + 1,
                    url: s.url.clone(),
                    title: s.title.clone(),
                    note: s.note.clone(),
                })
            })
            .collect();
    }
}

/// The feature matrix snippet: chosen categories × chosen hypervisors.
#[derive(Serialize)]
pub struct MatrixView {
    pub lang: Lang,
    pub hypervisors: Vec<HypervisorView>,
    pub categories: Vec<CategoryView>,
    pub kb_hash: String,
    pub kb_as_of: String,
}

/// Builds the matrix of `categories` (all when empty) for `ids` (all when empty, in id order).
pub fn matrix(
    kb: &KnowledgeBase,
    ids: &[String],
    categories: &[Category],
    lang: Lang,
) -> MatrixView {
    let hvs: Vec<_> = if ids.is_empty() {
        kb.hypervisors.iter().collect()
    } else {
        ids.iter().filter_map(|id| kb.hypervisor(id)).collect()
    };
    let mut cats: Vec<CategoryView> = Vec::new();
    for feature in &kb.catalogue.features {
        if !categories.is_empty() && !categories.contains(&feature.category) {
            continue;
        }
        if !cats.iter().any(|c| c.id == feature.category) {
            cats.push(CategoryView {
                id: feature.category,
                features: Vec::new(),
                notes: Vec::new(),
                paid: Vec::new(),
            });
        }
        let cat = cats
            .iter_mut()
            .find(|c| c.id == feature.category)
            .expect("pushed");
        cat.features.push(FeatureRowView {
            id: feature.id.clone(),
            label: feature.label.get(lang).to_owned(),
            cells: hvs
                .iter()
                .filter_map(|h| {
                    let fact = h.fact(&feature.id)?;
                    Some(CellView {
                        hypervisor: h.id.clone(),
                        support: fact.support,
                        value: fact
                            .value
                            .as_ref()
                            .map(|v| value_view(v, kb, &feature.id, lang)),
                    })
                })
                .collect(),
        });
    }
    cats.sort_by_key(|c| c.id);
    MatrixView {
        lang,
        hypervisors: hvs
            .iter()
            .map(|h| hypervisor_view(h, lang, false))
            .collect(),
        categories: cats,
        kb_hash: kb.content_hash(),
        kb_as_of: kb.oldest_as_of().map(|d| d.to_string()).unwrap_or_default(),
    }
}

/// The robustness analysis with names and labels resolved.
#[derive(Serialize)]
pub struct RobustnessView {
    pub method: crate::engine::Method,
    pub methods: Vec<MethodView>,
    pub agree: bool,
    pub kendall: Vec<crate::engine::robustness::Tau>,
    pub one_at_a_time: Vec<OatView>,
    pub samples: usize,
    pub seed: u64,
    pub spread: f64,
    pub dirichlet: Option<f64>,
    /// Hypervisors by decreasing share of first places; at most `ACCEPT_ROWS`.
    pub acceptability: Vec<AcceptView>,
    /// How many places the acceptability table shows (3, or fewer hypervisors).
    pub places: usize,
    /// Share of samples in which the recommended hypervisor ranks first.
    pub winner_share: Option<f64>,
    /// Whether the samples also varied prices that are not list prices.
    pub prices_varied: bool,
    /// Whether the samples also varied partial, experimental and unknown facts.
    pub facts_varied: bool,
    /// The prices at which the winner changes, and the fleet's currency.
    pub price_flips: Vec<PriceFlipView>,
    pub currency: String,
}

#[derive(Serialize)]
pub struct PriceFlipView {
    pub name: String,
    pub total: f64,
    pub total_at_flip: f64,
    /// Relative change of its price, in percent.
    pub change: f64,
    pub winner: String,
}

#[derive(Serialize)]
pub struct MethodView {
    pub method: crate::engine::Method,
    pub winner: String,
}

#[derive(Serialize)]
pub struct FlipView {
    pub change: f64,
    pub winner: String,
}

#[derive(Serialize)]
pub struct OatView {
    pub label: String,
    pub weight: f64,
    pub increase: Option<FlipView>,
    pub decrease: Option<FlipView>,
}

#[derive(Serialize)]
pub struct AcceptView {
    pub name: String,
    /// First, second and third place shares.
    pub ranks: Vec<f64>,
}

const ACCEPT_ROWS: usize = 6;

/// Resolves a robustness analysis for templates, keeping the six most often first.
pub fn robustness_view(
    kb: &KnowledgeBase,
    profile: &Profile,
    r: &crate::engine::robustness::Robustness,
    lang: Lang,
) -> RobustnessView {
    robustness_view_rows(kb, profile, r, lang, ACCEPT_ROWS)
}

/// Resolves a robustness analysis for templates, keeping `rows` hypervisors.
pub fn robustness_view_rows(
    kb: &KnowledgeBase,
    profile: &Profile,
    r: &crate::engine::robustness::Robustness,
    lang: Lang,
    rows: usize,
) -> RobustnessView {
    let name = |id: &str| {
        kb.hypervisor(id)
            .map(|h| h.name.clone())
            .unwrap_or_else(|| id.to_owned())
    };
    let label = |id: &str| {
        profile
            .criteria
            .iter()
            .find(|c| c.id == id)
            .map(|c| txt(&c.label, lang))
            .unwrap_or_else(|| id.to_owned())
    };
    let flip = |f: &Option<crate::engine::robustness::Flip>| {
        f.as_ref().map(|f| FlipView {
            change: f.change,
            winner: name(&f.winner),
        })
    };
    let mut acceptability: Vec<&crate::engine::robustness::Acceptability> =
        r.acceptability.iter().collect();
    acceptability.sort_by(|a, b| {
        b.ranks
            .iter()
            .zip(&a.ranks)
            .map(|(x, y)| x.total_cmp(y))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.id.cmp(&b.id))
    });
    let winner = r
        .methods
        .iter()
        .find(|m| m.method == r.method)
        .map(|m| m.winner.clone());
    RobustnessView {
        method: r.method,
        agree: r.methods.windows(2).all(|w| w[0].winner == w[1].winner),
        methods: r
            .methods
            .iter()
            .map(|m| MethodView {
                method: m.method,
                winner: name(&m.winner),
            })
            .collect(),
        kendall: r.kendall.clone(),
        one_at_a_time: r
            .one_at_a_time
            .iter()
            .filter(|o| o.weight > 0.0 || o.increase.is_some())
            .map(|o| OatView {
                label: label(&o.criterion),
                weight: o.weight,
                increase: flip(&o.increase),
                decrease: flip(&o.decrease),
            })
            .collect(),
        prices_varied: r.prices_varied,
        facts_varied: r.facts_varied,
        price_flips: r
            .price_flips
            .iter()
            .map(|p| PriceFlipView {
                name: name(&p.id),
                total: p.total,
                total_at_flip: p.total_at_flip,
                change: (p.factor - 1.0) * 100.0,
                winner: name(&p.winner),
            })
            .collect(),
        currency: profile
            .fleet
            .as_ref()
            .map(|f| f.currency.clone())
            .unwrap_or_default(),
        samples: r.smaa.samples,
        seed: r.smaa.seed,
        spread: r.smaa.spread,
        dirichlet: r.smaa.dirichlet,
        places: r.acceptability.len().min(3),
        winner_share: winner.and_then(|w| {
            r.acceptability
                .iter()
                .find(|a| a.id == w)
                .and_then(|a| a.ranks.first().copied())
        }),
        acceptability: acceptability
            .into_iter()
            .take(rows)
            .map(|a| AcceptView {
                name: name(&a.id),
                ranks: a.ranks.iter().take(3).copied().collect(),
            })
            .collect(),
    }
}

/// One line of `hvadvisor hypervisors`.
#[derive(Serialize)]
pub struct HypervisorLine {
    pub id: String,
    pub name: String,
    /// The category's label, when the base states it.
    pub category: Option<String>,
    pub version: String,
}

/// The hypervisors of a base, in id order, with their category.
pub fn hypervisor_list(kb: &KnowledgeBase, lang: Lang) -> Vec<HypervisorLine> {
    kb.hypervisors
        .iter()
        .map(|h| HypervisorLine {
            id: h.id.clone(),
            name: h.name.clone(),
            category: h.fact("operations.category").and_then(|f| match &f.value {
                Some(FactValue::Text(choice)) => kb
                    .catalogue
                    .feature("operations.category")
                    .and_then(|feat| feat.choices.iter().find(|c| c.id == *choice))
                    .map(|c| txt(&c.label, lang)),
                _ => None,
            }),
            version: h.version.clone(),
        })
        .collect()
}
