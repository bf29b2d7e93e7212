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
    /// The alternative as a change in the reader's situation ("if the budget disappeared"),
    /// when the questionnaire phrases it.
    pub situation: Option<String>,
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
    /// The first page, for a decision-maker: plain reasons, risks and next steps.
    pub page_one: PageOne,
}

/// How many changes, risks and reasons page one gives at most.
const PAGE_ONE_CHANGES: usize = 3;
const PAGE_ONE_RISKS: usize = 3;
/// At a tie, the reasons on each side.
const TIE_REASONS: usize = 2;

/// The memo's first page, built from facts: every item cites one source (its first), and the
/// templates phrase each `kind` from the message catalogues.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageOne {
    /// Why the winner: the features (or the cost) that gained it the most over the runner-up.
    pub reasons: Vec<PlainItem>,
    /// At a tie, what speaks for the co-winner ranked second, the same way.
    pub counter: Vec<PlainItem>,
    /// The winner's limits on what the profile weighs, and how to handle them.
    pub risks: Vec<PlainItem>,
    /// The pilot checklist.
    pub steps: Vec<PlainItem>,
    /// Indices into the memo's changes that page one shows.
    pub changes: Vec<usize>,
    /// The source numbers page one cites, in order (its footnotes).
    pub notes: Vec<usize>,
}

/// One line of page one: what kind it is, the feature's plain meaning, a value (a product, a
/// number) and the source it rests on.
#[derive(Debug, Clone, Serialize)]
pub struct PlainItem {
    pub kind: &'static str,
    pub feature: Option<String>,
    pub meaning: Option<String>,
    pub value: Option<String>,
    pub count: Option<i64>,
    /// At a tie, the co-winners the line is about.
    pub systems: Vec<String>,
    pub refs: Vec<usize>,
}

impl PlainItem {
    fn new(kind: &'static str) -> PlainItem {
        PlainItem {
            kind,
            feature: None,
            meaning: None,
            value: None,
            count: None,
            systems: Vec::new(),
            refs: Vec::new(),
        }
    }

    /// About one co-winner of a tie.
    fn of(mut self, system: &str) -> PlainItem {
        self.systems.push(system.to_owned());
        self
    }

    /// Cites the first of `refs` (page one gives one source per line).
    fn cited(mut self, refs: &[usize]) -> PlainItem {
        self.refs = refs.first().copied().into_iter().collect();
        self
    }

    fn valued(mut self, value: Option<String>) -> PlainItem {
        self.value = value;
        self
    }

    fn counted(mut self, count: i64) -> PlainItem {
        self.count = Some(count);
        self
    }

    /// A weighed feature, told by its plain meaning.
    fn feature(mut self, feature: &str, meaning: String) -> PlainItem {
        self.feature = Some(feature.to_owned());
        self.meaning = Some(meaning);
        self
    }
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

/// The situation `alt` describes, as the questionnaire phrases it: the chosen choice's `if`,
/// the toggled choice's `if-added` or `if-removed`, the range's `if` with the number.
fn situation(q: &Question, current: &Answer, alt: &Answer, lang: Lang) -> Option<String> {
    let phrase = |t: &Option<crate::lang::Text>| t.as_ref().map(|t| t.get(lang).to_owned());
    match (&q.kind, current, alt) {
        (QuestionKind::Single { choices, .. }, _, Answer::Choice(c)) => {
            phrase(&choices.iter().find(|x| x.id == *c)?.situation)
        }
        (
            QuestionKind::Multiple { choices, .. },
            Answer::Choices(before),
            Answer::Choices(after),
        ) => {
            if let Some(added) = after.iter().find(|c| !before.contains(c)) {
                phrase(&choices.iter().find(|x| x.id == *added)?.added)
            } else {
                let removed = before.iter().find(|c| !after.contains(c))?;
                phrase(&choices.iter().find(|x| x.id == *removed)?.removed)
            }
        }
        (QuestionKind::Number { ranges, .. }, _, Answer::Number(n)) => {
            let range = ranges.iter().find(|r| r.up_to.is_none_or(|u| *n <= u))?;
            phrase(&range.situation).map(|s| s.replace("{n}", &n.to_string()))
        }
        _ => None,
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
                    situation: situation(question, current, &alt, lang)
                        .map(|s| typography(&s, lang)),
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

    // The backup product the reader named, in their words (the knowledge base lists it by its
    // vendor's English name).
    let product_label = q
        .question("backup-product")
        .zip(complete.get("backup-product"))
        .map(|(question, a)| answer_label(question, a, lang));
    let mut page_one = page_one(kb, &view, &complete, product_label, lang);
    // At a tie page one weighs both sides, so it keeps fewer changes to stay within the page.
    let shown = if page_one.counter.is_empty() {
        PAGE_ONE_CHANGES
    } else {
        TIE_REASONS
    };
    page_one.changes = (0..changes.len().min(shown)).collect();

    // The memo cites only what it shows: page one's sources first (so its footnotes are 1, 2,
    // …), then the decisive features, the eliminations, the cost table's prices and rates,
    // the winner's ports and network access modes. Number those sources in that order.
    let mut cited: Vec<usize> = Vec::new();
    for item in page_one
        .reasons
        .iter()
        .chain(&page_one.counter)
        .chain(&page_one.risks)
        .chain(&page_one.steps)
    {
        cited.extend(&item.refs);
    }
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
    // Page one's numbers as `keep_sources` renumbered them: their order of first citation.
    let mut order: Vec<usize> = Vec::new();
    for n in &cited {
        if !order.contains(n) {
            order.push(*n);
        }
    }
    for item in page_one
        .reasons
        .iter_mut()
        .chain(&mut page_one.counter)
        .chain(&mut page_one.risks)
        .chain(&mut page_one.steps)
    {
        for n in &mut item.refs {
            *n = order.iter().position(|o| o == n).map_or(0, |i| i + 1);
        }
        for n in &item.refs {
            if !page_one.notes.contains(n) {
                page_one.notes.push(*n);
            }
        }
    }

    let memo = Memo {
        view,
        decisive,
        changes,
        answers: answer_views,
        page_one,
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
        "page_one": memo.page_one,
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

/// Page one's reasons, risks and steps from the winner's facts (source numbers as in `view`
/// before the memo keeps only what it cites).
fn page_one(
    kb: &KnowledgeBase,
    view: &View,
    answers: &Answers,
    product_label: Option<String>,
    lang: Lang,
) -> PageOne {
    use crate::knowledge::Support;
    let mut page = PageOne::default();
    let Some(w) = view.ranking.first() else {
        // Nothing left: the one step is to revisit what ruled every platform out.
        page.steps.push(PlainItem::new("relax"));
        return page;
    };
    let r = view.ranking.get(1);
    let told = |feature: &str,
                pick: fn(&crate::knowledge::Feature) -> Option<&crate::lang::Text>| {
        kb.catalogue
            .features
            .iter()
            .find(|f| f.id == feature)
            .and_then(pick)
            .map(|m| typography(m.get(lang), lang))
    };
    let meaning = |feature: &str| told(feature, |f| f.meaning.as_ref());
    let lacking = |feature: &str| told(feature, |f| f.lacking.as_ref());
    let fact = |feature: &str| fact_of(view, &w.id, feature);

    // Reasons: what adds the most to the winner's lead. At a tie, the co-winner's own
    // advantages too, so that page one weighs both sides (two each, to stay within the page).
    let tie = view.verdict.as_ref().is_some_and(|v| v.tie);
    match r {
        Some(r) if tie => {
            page.reasons = advantages(w, Some(r), &meaning, TIE_REASONS);
            page.counter = advantages(r, Some(w), &meaning, TIE_REASONS);
        }
        _ => page.reasons = advantages(w, r, &meaning, REASONS),
    }

    // Risks: the winner's limits; at a tie, each co-winner's, named.
    let hosts = view.cost.as_ref().map(|c| i64::from(c.fleet.hosts));
    match r {
        Some(r) if tie => {
            for side in [w, r] {
                for item in risks(view, side, hosts, (&meaning, &lacking), TIE_REASONS) {
                    // A limit both share is said once, for both.
                    let shared = page.risks.iter_mut().find(|x| {
                        x.kind == item.kind && x.feature == item.feature && x.count == item.count
                    });
                    match shared {
                        Some(x) if item.feature.is_some() || item.kind == "components" => {
                            x.systems.push(side.name.clone());
                            for n in item.refs {
                                if !x.refs.contains(&n) {
                                    x.refs.push(n);
                                }
                            }
                        }
                        _ => page.risks.push(item.of(&side.name)),
                    }
                }
            }
        }
        _ => page.risks = risks(view, w, hosts, (&meaning, &lacking), PAGE_ONE_RISKS),
    }
    if let (Some(r), true) = (r, tie) {
        page.steps = tie_steps(view, w, r, weighs(w, "cluster.ha"));
        return page;
    }

    // Next steps: a pilot, the ports, the backup, the migration, the training.
    let mut pilot = PlainItem::new("pilot");
    if let Some(f) = fact("operations.installer") {
        // The choice's id (the view carries its label): the catalogue phrases each way.
        pilot.value = kb
            .hypervisors
            .iter()
            .find(|h| h.id == w.id)
            .and_then(|h| h.fact("operations.installer"))
            .and_then(|f| match &f.value {
                Some(crate::knowledge::FactValue::Text(t)) => Some(t.clone()),
                _ => None,
            });
        pilot = pilot.cited(&f.refs);
    }
    pilot.count = Some(if weighs(w, "cluster.ha") {
        fact("cluster.min-ha-nodes")
            .and_then(|f| f.value.as_ref().and_then(|v| v.integer))
            .unwrap_or(2)
            .max(2)
    } else {
        1
    });
    page.steps.push(pilot);
    if let Some(f) = fact("operations.firewall-ports")
        && let Some(v) = &f.value
        && !v.ports.is_empty()
    {
        let item = PlainItem::new("ports").counted(v.ports.len() as i64);
        page.steps.push(item.cited(&f.refs));
    }
    let product = match answers.get("backup-product") {
        Some(Answer::Choice(p)) if p != "none" => Some(p.as_str()),
        _ => None,
    };
    // The product the reader named, when the winner's list of backup products has it.
    let third = fact("backup.third-party").filter(|f| {
        product.is_some_and(|p| {
            f.value
                .as_ref()
                .is_some_and(|v| v.list.iter().any(|x| x.to_lowercase().contains(p)))
        })
    });
    let integrated = fact("backup.integrated").filter(|f| {
        matches!(
            f.support,
            Support::Native | Support::Paid | Support::Partial | Support::Plugin
        )
    });
    let backup = match (third, integrated) {
        (Some(f), _) => PlainItem::new("backup-product")
            .valued(product_label)
            .cited(&f.refs),
        (None, Some(f)) => PlainItem::new("backup-integrated").cited(&f.refs),
        (None, None) => PlainItem::new("backup-choose"),
    };
    page.steps.push(backup);
    if matches!(answers.get("leaving-vmware"), Some(Answer::Choice(c)) if c == "yes")
        && let Some(f) = fact("operations.vmware-migration")
        && !matches!(f.support, Support::None | Support::Unknown)
    {
        let kind = if f.support == Support::Experimental {
            "migration-preview"
        } else {
            "migration"
        };
        let tool = f.value.as_ref().and_then(|v| v.text.clone());
        page.steps
            .push(PlainItem::new(kind).valued(tool).cited(&f.refs));
    }
    match fact("operations.training") {
        Some(f) if matches!(f.support, Support::Native | Support::Paid | Support::Plugin) => {
            let kind = if f.support == Support::Plugin {
                "training-independent"
            } else {
                "training"
            };
            let courses = f.value.as_ref().and_then(|v| v.text.clone());
            page.steps
                .push(PlainItem::new(kind).valued(courses).cited(&f.refs));
        }
        _ => page.steps.push(PlainItem::new("training-none")),
    }
    if !page.risks.is_empty() {
        page.steps.push(PlainItem::new("check-risks"));
    }
    page
}

/// What puts `a` ahead of `b` the most, as page-one reasons: the features (and the cost), each
/// worth its criterion's weight times its share of the criterion times the difference in score.
fn advantages(
    a: &crate::report::model::RankedView,
    b: Option<&crate::report::model::RankedView>,
    meaning: &dyn Fn(&str) -> Option<String>,
    n: usize,
) -> Vec<PlainItem> {
    use crate::knowledge::Support;
    let mut gains: Vec<(f64, PlainItem)> = Vec::new();
    for (i, c) in a.criteria.iter().enumerate() {
        let theirs = b.map(|b| &b.criteria[i]);
        if c.tco.is_some() {
            // Cheaper only against a known price; against a price on request, what `a` has is
            // a published one (the cost model scores a quote within a band).
            let gain = c.contribution - theirs.map_or(0.0, |t| t.contribution);
            match theirs.map(|t| t.tco) {
                Some(Some(_)) | None => gains.push((gain, PlainItem::new("cost"))),
                Some(None) => gains.push((gain, PlainItem::new("cost-published"))),
            }
            continue;
        }
        let total: f64 = c.reasons.iter().map(|x| x.weight).sum();
        if total <= 0.0 {
            continue;
        }
        for (j, x) in c.reasons.iter().enumerate() {
            let mine = x.score.unwrap_or(0.0);
            let other = theirs.map_or(0.0, |t| t.reasons[j].score.unwrap_or(0.0));
            let gain = c.weight * x.weight / total * (mine - other);
            let Some(m) = meaning(&x.feature) else {
                continue;
            };
            let kind = match x.effective {
                Support::Native | Support::Paid => "feature",
                _ => "feature-partly",
            };
            let item = PlainItem::new(kind).feature(&x.feature, m).cited(&x.refs);
            gains.push((gain, item));
        }
    }
    gains.retain(|(g, _)| *g > 1e-9);
    // Stable: equal gains keep the criteria's and features' order.
    gains.sort_by(|x, y| y.0.total_cmp(&x.0));
    gains.into_iter().take(n).map(|(_, i)| i).collect()
}

/// A feature's plain sentence, if the catalogue has one (its meaning, or what its absence means).
type Told<'a> = &'a dyn Fn(&str) -> Option<String>;
/// The limits of `side` on what the profile weighs, the most serious first, at most `max`: too
/// few hosts for automatic restart; weighed features it has only in part, through another
/// product, as a preview, not at all, or not documented, the most weighed first; then the
/// components to run.
fn risks(
    view: &View,
    side: &crate::report::model::RankedView,
    hosts: Option<i64>,
    (meaning, lacking): (Told, Told),
    max: usize,
) -> Vec<PlainItem> {
    use crate::knowledge::Support;
    let fact = |feature: &str| fact_of(view, &side.id, feature);
    let mut out = Vec::new();
    if weighs(side, "cluster.ha")
        && let Some(f) = fact("cluster.min-ha-nodes")
        && let Some(need) = f.value.as_ref().and_then(|v| v.integer)
        && let Some(h) = hosts
        && h < need
    {
        let item = PlainItem::new("ha-hosts")
            .counted(need)
            .valued(Some(h.to_string()))
            .cited(&f.refs);
        out.push(item);
    }
    let mut limits: Vec<(f64, PlainItem)> = Vec::new();
    for c in &side.criteria {
        let total: f64 = c.reasons.iter().map(|x| x.weight).sum();
        if total <= 0.0 || c.weight <= 0.0 {
            continue;
        }
        for x in &c.reasons {
            let kind = match x.effective {
                Support::Partial => "partial",
                Support::Plugin => "plugin",
                Support::Experimental => "preview",
                Support::None | Support::Deprecated => "missing",
                Support::Unknown => "unknown",
                Support::Native | Support::Paid => continue,
            };
            // An absence reads as what is missing, a partial or preview level as what is at stake.
            let told = match kind {
                "missing" | "unknown" => lacking(&x.feature),
                _ => meaning(&x.feature),
            };
            let Some(m) = told else {
                continue;
            };
            let item = PlainItem::new(kind).feature(&x.feature, m).cited(&x.refs);
            limits.push((c.weight * x.weight / total, item));
        }
    }
    limits.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, item) in limits {
        if out.len() >= max {
            break;
        }
        if !out.iter().any(|r: &PlainItem| r.feature == item.feature) {
            out.push(item);
        }
    }
    if let Some(f) = fact("operations.components")
        && let Some(n) = f.value.as_ref().and_then(|v| v.integer)
        && n > 1
        && out.len() < max
    {
        out.push(PlainItem::new("components").counted(n).cited(&f.refs));
    }
    out
}

/// The pilot at a tie: both co-winners side by side, a quote asked for whichever is priced on
/// request, then the comparison that decides.
fn tie_steps(
    view: &View,
    w: &crate::report::model::RankedView,
    r: &crate::report::model::RankedView,
    ha: bool,
) -> Vec<PlainItem> {
    let nodes = |id: &str| {
        fact_of(view, id, "cluster.min-ha-nodes")
            .and_then(|f| f.value.as_ref().and_then(|v| v.integer))
            .unwrap_or(2)
    };
    let servers = if ha {
        nodes(&w.id).max(nodes(&r.id)).max(2)
    } else {
        1
    };
    let mut steps = vec![PlainItem::new("pilot-tie").counted(servers)];
    if let Some(cost) = &view.cost {
        for side in [w, r] {
            if cost
                .rows
                .iter()
                .any(|row| row.id == side.id && row.total.is_none())
            {
                steps.push(PlainItem::new("quote").of(&side.name));
            }
        }
    }
    steps.push(PlainItem::new("decide-tie"));
    steps
}

/// One system's fact as the view resolved it.
fn fact_of<'v>(
    view: &'v View,
    system: &str,
    feature: &str,
) -> Option<&'v crate::report::model::FactView> {
    view.facts.get(system).and_then(|f| f.get(feature))
}

/// Whether the profile gives `feature` any weight (in a criterion that counts).
fn weighs(side: &crate::report::model::RankedView, feature: &str) -> bool {
    side.criteria.iter().any(|c| {
        c.weight > 0.0
            && c.reasons
                .iter()
                .any(|x| x.feature == feature && x.weight > 0.0)
    })
}
