//! The student's synthèse: the chosen systems presented from sourced facts, a verdict for every
//! built-in use case, the comparison by category with a winner per category, and the practical
//! answers and costs of the general profile.

use super::model::{self, View};
use crate::criteria::Profile;
use crate::engine::{evaluate, robustness, verdict};
use crate::knowledge::{FactValue, KnowledgeBase, Support};
use crate::lang::{Lang, Text};
use serde::Serialize;

/// One system, presented from its facts.
#[derive(Serialize)]
pub struct SystemView {
    pub id: String,
    pub name: String,
    pub vendor: String,
    pub hypervisor_type: u8,
    pub version: String,
    pub license: String,
    pub summary: String,
    /// Category label and what it builds on (the category fact's note).
    pub category: Option<String>,
    pub builds_on: Option<String>,
    pub editions: Vec<String>,
    pub end_of_support: Option<String>,
    pub components: Option<i64>,
}

/// The verdict of one use case among the chosen systems.
#[derive(Serialize)]
pub struct UseCaseView {
    pub profile: String,
    pub title: String,
    pub winner: Option<String>,
    pub runner_up: Option<String>,
    pub margin: Option<f64>,
    pub tie: bool,
    /// The criterion on which the winner gains most over the runner-up.
    pub reason: Option<String>,
    /// The points that criterion adds to the lead, and the feature in it that adds most, with
    /// the winner's and the runner-up's levels.
    pub gain: Option<f64>,
    pub feature: Option<GainView>,
    pub eliminated: Vec<String>,
    /// Without a runner-up: each other chosen system and the first reason it was ruled out
    /// (a requirement's sentence, or the kind of fleet constraint).
    pub ruled_out: Vec<RuledOutView>,
    /// Each presented system's score under this profile, in the order of `systems`; `None`
    /// when the profile eliminates it.
    pub scores: Vec<Option<f64>>,
}

/// The feature that adds most to a winner's lead in its decisive criterion.
#[derive(Serialize)]
pub struct GainView {
    pub label: String,
    pub winner: Support,
    pub runner_up: Support,
}

/// A chosen system that a use case rules out, and why (first reason).
#[derive(Serialize)]
pub struct RuledOutView {
    pub name: String,
    pub kind: &'static str,
    /// For a requirement: the label of the feature it asks for.
    pub feature: String,
}

/// The best of the chosen systems in one category of features.
#[derive(Serialize)]
pub struct CategoryWinnerView {
    pub category: crate::knowledge::Category,
    pub winners: Vec<String>,
    pub score: f64,
}

/// Where the Markdown finds its figures (files written beside it); `None` when there is no file
/// to write them beside (standard output).
#[derive(Serialize, Default)]
pub struct Figures {
    pub verdicts: Option<String>,
    pub criteria: Option<String>,
}

#[derive(Serialize)]
pub struct SyntheseView {
    pub figures: Figures,
    pub systems: Vec<SystemView>,
    pub use_cases: Vec<UseCaseView>,
    pub category_winners: Vec<CategoryWinnerView>,
    /// The general profile's report view, for the tables, practical answers and costs (its
    /// fields are the template's, so the report's sections can be included as they are).
    #[serde(flatten)]
    pub view: View,
}

fn txt(t: &Text, lang: Lang) -> String {
    super::i18n::typography(t.get(lang), lang)
}

/// Builds the synthèse of `candidates` (all systems when empty) across `profiles`; `general` is
/// the profile whose tables, costs and practical answers it shows.
pub fn build(
    kb: &KnowledgeBase,
    general: &Profile,
    profiles: &[Profile],
    lang: Lang,
    detail: super::Detail,
) -> SyntheseView {
    let eval = evaluate(kb, general);
    let mut view = model::build(kb, general, &eval, lang);
    view.add_robustness(kb, general, &eval);
    view.set_detail(if detail == super::Detail::Full {
        super::Detail::Full
    } else {
        super::Detail::Standard
    });
    let ids: Vec<&str> = eval
        .ranking
        .iter()
        .map(|r| r.id.as_str())
        .chain(eval.eliminated.iter().map(|e| e.id.as_str()))
        .collect();
    let category = kb.catalogue.feature("operations.category");
    let systems = ids
        .iter()
        .filter_map(|id| kb.hypervisor(id))
        .map(|h| {
            let cat = h.fact("operations.category");
            SystemView {
                id: h.id.clone(),
                name: h.name.clone(),
                vendor: h.vendor.clone(),
                hypervisor_type: h.hypervisor_type,
                version: h.version.clone(),
                license: h.license.clone(),
                summary: txt(&h.summary, lang),
                category: cat.and_then(|f| match (&f.value, category) {
                    (Some(FactValue::Text(c)), Some(feat)) => feat
                        .choices
                        .iter()
                        .find(|x| x.id == *c)
                        .map(|x| txt(&x.label, lang)),
                    _ => None,
                }),
                builds_on: cat.map(|f| txt(&f.note, lang)),
                editions: h.editions.iter().map(|e| txt(&e.name, lang)).collect(),
                end_of_support: h.fact("operations.lifecycle").and_then(|f| match &f.value {
                    Some(FactValue::Lifecycle(l)) => l.end_of_support.map(|d| d.to_string()),
                    _ => None,
                }),
                components: h.fact("operations.components").and_then(|f| match f.value {
                    Some(FactValue::Integer(n)) => Some(n),
                    _ => None,
                }),
            }
        })
        .collect();
    let use_cases = profiles
        .iter()
        .map(|p| use_case(kb, p, lang, &ids))
        .collect();
    SyntheseView {
        figures: Figures::default(),
        systems,
        use_cases,
        category_winners: category_winners(kb, general, &ids),
        view,
    }
}

fn use_case(kb: &KnowledgeBase, p: &Profile, lang: Lang, ids: &[&str]) -> UseCaseView {
    let eval = evaluate(kb, p);
    let name = |id: &str| kb.hypervisor(id).map(|h| h.name.clone());
    let analysis = robustness::analyse(
        &eval.exact,
        eval.method,
        &robustness::SmaaOptions::default(),
    );
    let v = verdict::verdict(&eval, &analysis.acceptability);
    let (w, r) = (eval.ranking.first(), eval.ranking.get(1));
    let decisive = match (w, r) {
        (Some(w), Some(r)) => crate::engine::decisive(w, r),
        _ => None,
    };
    let reason = decisive
        .as_ref()
        .and_then(|d| p.criteria.iter().find(|c| c.id == d.criterion.id))
        .map(|c| txt(&c.label, lang));
    let feature = decisive.as_ref().and_then(|d| {
        let (x, y) = (d.ahead?, d.behind?);
        Some(GainView {
            label: kb
                .catalogue
                .feature(&x.feature)
                .map(|f| f.label.get(lang).to_owned())
                .unwrap_or_else(|| x.feature.clone()),
            winner: x.effective,
            runner_up: y.effective,
        })
    });
    let ruled_out = if r.is_none() {
        eval.eliminated
            .iter()
            .filter(|e| ids.contains(&e.id.as_str()))
            .filter_map(|e| {
                let x = e.reasons.first()?;
                Some(RuledOutView {
                    name: e.name.clone(),
                    kind: x.kind,
                    feature: kb
                        .catalogue
                        .feature(&x.feature)
                        .map(|f| f.label.get(lang).to_owned())
                        .unwrap_or_default(),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    UseCaseView {
        profile: p.id.clone(),
        title: txt(&p.title, lang),
        winner: w.and_then(|w| name(&w.id)),
        runner_up: r.and_then(|r| name(&r.id)),
        margin: match (w, r) {
            (Some(w), Some(r)) => Some(((w.score - r.score) * 10.0).round() / 10.0),
            _ => None,
        },
        tie: v.as_ref().is_some_and(|v| v.tie),
        reason,
        gain: decisive.as_ref().map(|d| (d.gain * 10.0).round() / 10.0),
        feature,
        ruled_out,
        eliminated: eval.eliminated.iter().map(|e| e.name.clone()).collect(),
        scores: ids
            .iter()
            .map(|id| {
                eval.ranking
                    .iter()
                    .find(|r| r.id == *id)
                    .map(|r| (r.score * 10.0).round() / 10.0)
            })
            .collect(),
    }
}

/// Per category, the system(s) whose facts score best on average under `p`'s support scores
/// (an unknown fact counts half).
fn category_winners(kb: &KnowledgeBase, p: &Profile, ids: &[&str]) -> Vec<CategoryWinnerView> {
    let score = |s: Support| match s {
        Support::Unknown => 0.5,
        Support::Paid => p.support_scores.get(Support::Native).unwrap_or(1.0),
        s => p.support_scores.get(s).unwrap_or(0.0),
    };
    let mut out: Vec<CategoryWinnerView> = Vec::new();
    for feature in kb.catalogue.features.iter().filter(|f| !f.descriptive) {
        if out.iter().all(|c| c.category != feature.category) {
            let mut best: (f64, Vec<String>) = (-1.0, Vec::new());
            for id in ids {
                let Some(h) = kb.hypervisor(id) else { continue };
                let scores: Vec<f64> = h
                    .facts
                    .iter()
                    .filter(|f| {
                        kb.catalogue
                            .feature(&f.feature)
                            .is_some_and(|x| x.category == feature.category && !x.descriptive)
                    })
                    .map(|f| score(h.displayed_support(f)))
                    .collect();
                if scores.is_empty() {
                    continue;
                }
                let mean = scores.iter().sum::<f64>() / scores.len() as f64;
                if mean > best.0 + 1e-9 {
                    best = (mean, vec![h.name.clone()]);
                } else if (mean - best.0).abs() <= 1e-9 {
                    best.1.push(h.name.clone());
                }
            }
            out.push(CategoryWinnerView {
                category: feature.category,
                winners: best.1,
                score: (best.0 * 100.0).round() / 100.0,
            });
        }
    }
    out.sort_by_key(|c| c.category);
    out
}

/// The synthèse as a standalone HTML page, with its two figures (`verdicts`, `criteria`: the
/// rendered SVG) and the lab chart inside their sections.
pub fn html(
    templates: &super::Templates,
    lang: Lang,
    view: &SyntheseView,
    verdicts: &str,
    criteria: &str,
) -> Result<String, super::RenderError> {
    let md = templates.render("synthese.md.j2", lang, view)?;
    let mut page = super::html_page(templates, lang, &md, view.view.robustness.as_ref())?;
    let cats = templates.catalogues()?;
    let h = cats.message(lang, "synthese-h-verdicts", &[])?;
    super::insert_figure(&mut page, &h, verdicts);
    let h = cats.message(lang, "synthese-h-category-winners", &[])?;
    super::insert_figure(&mut page, &h, criteria);
    super::insert_lab_chart(templates, lang, view.view.lab.as_ref(), &mut page)?;
    Ok(page)
}
