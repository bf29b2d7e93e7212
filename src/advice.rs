//! The decision memo: a recommendation from questionnaire answers, the reasons that decided it,
//! and which answers, if different, would change it. Pure: no I/O.

use crate::criteria::{Answer, Answers, Profile, Question, QuestionKind, Questionnaire};
use crate::engine::{Evaluation, evaluate_with};
use crate::knowledge::KnowledgeBase;
use crate::lang::Lang;
use crate::report::i18n::typography;
use crate::report::model::{View, build};
use serde::Serialize;

/// How many decisive reasons the memo gives.
const REASONS: usize = 3;

/// The winner's facts the memo shows after the reasons, in the order of `memo.md.j2`.
const MEMO_FACTS: &[&str] = &[
    "operations.firewall-ports",
    "network.bridge",
    "network.nat",
    "network.macvtap",
    "network.vlan",
    "network.sr-iov",
    "network.sdn",
];

/// A criterion that decided between the winner and the runner-up.
#[derive(Debug, Clone, Serialize)]
pub struct Decisive {
    /// Index into the winner's (and runner-up's) criteria in the view.
    pub criterion: usize,
    /// Points the winner gains over the runner-up on it (or its contribution, when alone).
    pub gain: f64,
    /// Indices of the features where the winner scores higher.
    pub features: Vec<usize>,
}

/// An answer that, if different, changes the recommendation.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub question: String,
    pub text: String,
    pub current: String,
    pub alternative: String,
    pub winner: String,
    pub score: f64,
}

/// An answer as the memo shows it.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerView {
    pub question: String,
    pub text: String,
    pub answer: String,
    pub default: bool,
}

#[derive(Serialize)]
pub struct Memo {
    pub view: View,
    pub decisive: Vec<Decisive>,
    pub changes: Vec<Change>,
    pub answers: Vec<AnswerView>,
}

/// The label of an answer in one language (`—` joins nothing for an empty multiple choice).
pub fn answer_label(q: &Question, a: &Answer, lang: Lang) -> String {
    let label = |id: &str| {
        q.choices()
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.label.get(lang).to_owned())
            .unwrap_or_else(|| id.to_owned())
    };
    match a {
        Answer::Choice(c) => label(c),
        Answer::Choices(cs) if cs.is_empty() => "-".to_owned(),
        Answer::Choices(cs) => cs.iter().map(|c| label(c)).collect::<Vec<_>>().join(", "),
        Answer::Number(n) => n.to_string(),
    }
}

/// Every answer that differs from `current` in one step: another choice, one choice toggled,
/// or a number in another range.
fn alternatives(q: &Question, current: &Answer) -> Vec<Answer> {
    match (&q.kind, current) {
        (QuestionKind::Single { choices, .. }, Answer::Choice(c)) => choices
            .iter()
            .filter(|x| x.id != *c)
            .map(|x| Answer::Choice(x.id.clone()))
            .collect(),
        (QuestionKind::Multiple { choices, .. }, Answer::Choices(cs)) => choices
            .iter()
            .map(|x| {
                let mut next: Vec<String> = cs.iter().filter(|c| **c != x.id).cloned().collect();
                if !cs.contains(&x.id) {
                    // Keep the questionnaire's order of choices.
                    next.push(x.id.clone());
                    next.sort_by_key(|id| choices.iter().position(|c| c.id == *id));
                }
                Answer::Choices(next)
            })
            .collect(),
        (
            QuestionKind::Number {
                min, max, ranges, ..
            },
            Answer::Number(n),
        ) => {
            // One representative per range: its upper bound, or the last range's lower bound.
            let mut lower = *min;
            let mut out = Vec::new();
            for r in ranges {
                let upper = r.up_to.unwrap_or(*max).min(*max);
                let inside = *n >= lower && *n <= upper;
                if !inside && lower <= *max {
                    out.push(Answer::Number(if r.up_to.is_some() {
                        upper
                    } else {
                        lower
                    }));
                }
                lower = upper + 1;
            }
            out
        }
        _ => Vec::new(),
    }
}

/// The built-in questionnaire and the profile its answers modify, validated against `kb`;
/// the warnings come with them, the errors instead of them.
pub fn builtin_questionnaire(
    kb: &KnowledgeBase,
) -> Result<(Questionnaire, Profile, Vec<crate::diag::Diagnostic>), Vec<crate::diag::Diagnostic>> {
    let source = crate::builtin::questionnaire();
    let base = |name: &str| crate::builtin::load_builtin_profile(&kb.catalogue, name).ok();
    let (q, diags) =
        crate::criteria::load_questionnaire(&kb.catalogue, &source.file, &source.text, &base);
    let Some(q) = q else { return Err(diags) };
    let Some(b) = base(&q.base) else {
        return Err(diags);
    };
    Ok((q, b, diags))
}

/// Builds the memo for `answers` (already validated).
pub fn memo(
    kb: &KnowledgeBase,
    q: &Questionnaire,
    base: &Profile,
    answers: &Answers,
    lang: Lang,
    method: crate::engine::Method,
) -> (Profile, Evaluation, Memo) {
    let complete = q.complete(answers);
    let profile = q.apply(base, &complete);
    let eval = evaluate_with(kb, &profile, method);
    let mut view = build(kb, &profile, &eval, lang);
    let analysis = crate::engine::robustness::analyse(
        &eval.exact,
        method,
        &crate::engine::robustness::SmaaOptions::default(),
    );
    view.robustness = Some(crate::report::model::robustness_view(
        kb, &profile, &analysis, lang,
    ));
    view.verdict = crate::report::model::verdict_view(kb, &profile, &eval, &analysis, lang);

    let mut decisive = Vec::new();
    if let Some(w) = view.ranking.first() {
        let r = view.ranking.get(1);
        let mut gains: Vec<(usize, f64)> = w
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| {
                (
                    i,
                    c.contribution - r.map_or(0.0, |r| r.criteria[i].contribution),
                )
            })
            .filter(|(_, g)| *g > 0.0)
            .collect();
        gains.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for (i, gain) in gains.into_iter().take(REASONS) {
            let features = w.criteria[i]
                .reasons
                .iter()
                .enumerate()
                .filter(|(j, x)| {
                    let theirs = r.and_then(|r| r.criteria[i].reasons[*j].score);
                    x.score.unwrap_or(0.0) > theirs.unwrap_or(0.0)
                        || (r.is_none() && x.score == Some(1.0))
                })
                .map(|(j, _)| j)
                .collect();
            decisive.push(Decisive {
                criterion: i,
                gain: (gain * 10.0).round() / 10.0,
                features,
            });
        }
    }

    let winner = eval.ranking.first().map(|r| r.id.clone());
    let mut changes = Vec::new();
    for (id, current) in &complete.0 {
        let Some(question) = q.question(id) else {
            continue;
        };
        for alt in alternatives(question, current) {
            let mut changed = complete.clone();
            changed.set(id, alt.clone());
            // Never propose a change that contradicts the other answers.
            if !q.conflicts_of(&changed).is_empty() {
                continue;
            }
            let e = evaluate_with(kb, &q.apply(base, &changed), method);
            let other = e.ranking.first();
            if other.map(|r| &r.id) != winner.as_ref() {
                changes.push(Change {
                    question: id.clone(),
                    text: typography(question.text.get(lang), lang),
                    current: answer_label(question, current, lang),
                    alternative: answer_label(question, &alt, lang),
                    winner: other.map(|r| r.name.clone()).unwrap_or_default(),
                    score: other.map_or(0.0, |r| r.score),
                });
            }
        }
    }

    let answer_views = complete
        .0
        .iter()
        .filter_map(|(id, a)| {
            let question = q.question(id)?;
            Some(AnswerView {
                question: id.clone(),
                text: typography(question.text.get(lang), lang),
                answer: answer_label(question, a, lang),
                default: answers.get(id).is_none(),
            })
        })
        .collect();

    // The memo cites only what it shows: the decisive features, the eliminations, and the
    // cost table's prices and rates, the winner's ports and network access modes. Number those sources in that order.
    let mut cited = Vec::new();
    if let Some(w) = view.ranking.first() {
        for d in &decisive {
            for &j in &d.features {
                cited.extend(&w.criteria[d.criterion].reasons[j].refs);
            }
        }
    }
    for e in &view.eliminated {
        for x in &e.reasons {
            cited.extend(&x.refs);
        }
    }
    if let Some(cost) = &view.cost {
        cited.extend(cost.cited());
    }
    if let Some(facts) = view.ranking.first().and_then(|w| view.facts.get(&w.id)) {
        for key in MEMO_FACTS {
            if let Some(f) = facts.get(*key) {
                cited.extend(&f.refs);
            }
        }
    }
    view.keep_sources(&cited);

    let memo = Memo {
        view,
        decisive,
        changes,
        answers: answer_views,
    };
    (profile, eval, memo)
}

/// The memo as structured data (`ask --format json`, `serve`'s memo.json): the recommendation
/// or the tie, the decisive reasons with their facts and sources, what would change it, the
/// answers it rests on, the ranking and eliminations; then the whole evaluation, for programs
/// that need every number. Texts are in the memo's language; numbers keep full precision.
pub fn memo_json(memo: &Memo, eval: &Evaluation) -> serde_json::Value {
    use serde_json::json;
    let v = &memo.view;
    let source = |n: &usize| {
        v.sources
            .iter()
            .find(|s| s.n == *n)
            .map(|s| json!({ "url": s.url, "title": s.title }))
    };
    let recommendation = v.ranking.first().map(|w| {
        json!({
            "winner": w.id,
            "name": w.name,
            "score": w.score,
            "runner_up": v.ranking.get(1).map(|r| &r.id),
            "runner_up_score": v.ranking.get(1).map(|r| r.score),
            "margin": v.margin,
            "tie": v.verdict.as_ref().is_some_and(|x| x.tie),
            "tied": v.verdict.as_ref().filter(|x| x.tie).map(|x| &x.names),
            "first_rank_share": v.verdict.as_ref().map(|x| x.share),
            "clear_win_threshold": v.verdict.as_ref().map(|x| x.threshold),
        })
    });
    let decisive: Vec<serde_json::Value> = match v.ranking.first() {
        Some(w) => memo
            .decisive
            .iter()
            .map(|d| {
                let c = &w.criteria[d.criterion];
                let facts: Vec<serde_json::Value> = d
                    .features
                    .iter()
                    .map(|&j| {
                        let x = &c.reasons[j];
                        json!({
                            "feature": x.feature,
                            "label": x.label,
                            "support": x.effective,
                            "note": x.note,
                            "sources": x.refs.iter().filter_map(source).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                json!({
                    "criterion": c.id,
                    "label": c.label,
                    "gain": d.gain,
                    "score": c.score,
                    "total_cost": c.tco,
                    "facts": facts,
                })
            })
            .collect(),
        None => Vec::new(),
    };
    json!({
        "schema_version": crate::SCHEMA_VERSION,
        "kind": "memo",
        "lang": v.lang,
        "recommendation": recommendation,
        "decisive": decisive,
        "would_change": memo.changes,
        "answers": memo.answers,
        "ranking": v.ranking.iter().map(|r| json!({
            "rank": r.rank, "id": r.id, "name": r.name, "score": r.score,
        })).collect::<Vec<_>>(),
        "eliminated": v.eliminated.iter().map(|e| json!({
            "id": e.id,
            "name": e.name,
            "reasons": e.reasons.iter().map(|x| json!({
                "kind": x.kind, "requirement": x.requirement, "reason": x.reason,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "evaluation": eval,
    })
}
