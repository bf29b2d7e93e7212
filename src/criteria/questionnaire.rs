//! The questionnaire: questions whose answers turn a base profile into one that fits the reader.
//!
//! Every question and its effects are declared in `criteria/questionnaire.yaml`; this module
//! only reads them and applies the effects of the answers given (or of the defaults).

use super::load::requirement;
use super::model::*;
use crate::diag::{self, Code, Diagnostic, did_you_mean};
use crate::knowledge::Catalogue;
use crate::lang::Text;
use crate::yaml::{self, Node, Reader, Value};
use serde::Serialize;

/// What answering a question (or choosing one of its options) does to the profile.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Effects {
    pub budget: Option<Budget>,
    pub scale: Option<Scale>,
    /// Skills added to the context.
    pub skills: Vec<Skill>,
    /// Criterion weights multiplied by these factors.
    pub weights: Vec<(String, f64)>,
    /// Feature sub-weights multiplied by these factors, in every criterion that has them.
    pub features: Vec<(String, f64)>,
    /// Requirements added to the profile.
    pub requirements: Vec<Requirement>,
    /// Support the fleet needs.
    pub support: Option<crate::knowledge::SupportHours>,
    /// Licences owned, as (hypervisor, edition).
    pub owned: Vec<(String, String)>,
    /// Fleet values set to a fixed number (e.g. no Windows guests when Windows is not run).
    pub fleet_values: Vec<(FleetField, i64)>,
}

/// A fleet value a number question sets directly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FleetField {
    Hosts,
    SocketsPerHost,
    CoresPerSocket,
    Years,
    Vms,
    WindowsVms,
    /// 0 means no ceiling.
    BudgetCeiling,
    /// Years still paid on every licence owned (perpetual licences ignore it).
    OwnedYears,
    /// Hosts in the largest cluster.
    LargestCluster,
}

impl crate::yaml::Keyword for FleetField {
    const ALL: &'static [(&'static str, FleetField)] = &[
        ("hosts", FleetField::Hosts),
        ("sockets-per-host", FleetField::SocketsPerHost),
        ("cores-per-socket", FleetField::CoresPerSocket),
        ("years", FleetField::Years),
        ("vms", FleetField::Vms),
        ("windows-vms", FleetField::WindowsVms),
        ("budget-ceiling", FleetField::BudgetCeiling),
        ("owned-years", FleetField::OwnedYears),
        ("largest-cluster", FleetField::LargestCluster),
    ];
}

impl FleetField {
    fn set(self, fleet: &mut Fleet, n: i64) {
        let v = u32::try_from(n.max(0)).unwrap_or(u32::MAX);
        match self {
            FleetField::Hosts => fleet.hosts = v.max(1),
            FleetField::SocketsPerHost => fleet.sockets_per_host = v.max(1),
            FleetField::CoresPerSocket => fleet.cores_per_socket = v.max(1),
            FleetField::Years => fleet.years = v.max(1),
            FleetField::Vms => fleet.vms = v,
            FleetField::WindowsVms => fleet.windows_vms = v,
            FleetField::BudgetCeiling => {
                fleet.budget_ceiling = (v > 0).then_some(f64::from(v));
            }
            FleetField::OwnedYears => {
                for o in &mut fleet.owned {
                    o.years = Some(v);
                }
            }
            FleetField::LargestCluster => fleet.largest_cluster = Some(v.max(1)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerChoice {
    pub id: String,
    pub label: Text,
    pub effects: Effects,
    /// The situation this choice describes, as a clause the memo puts before "X would be
    /// recommended" (`if`, single choice), or the situation when it is added or removed
    /// (`if-added`, `if-removed`, multiple choice).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub situation: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed: Option<Text>,
}

/// A range of a numeric answer, up to and including `up_to` (the last range has none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NumberRange {
    pub up_to: Option<i64>,
    pub effects: Effects,
    /// The situation of an answer in this range (`if`; `{n}` stands for the number).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub situation: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum QuestionKind {
    Single {
        choices: Vec<AnswerChoice>,
        default: String,
    },
    Multiple {
        choices: Vec<AnswerChoice>,
        default: Vec<String>,
    },
    Number {
        min: i64,
        max: i64,
        default: i64,
        ranges: Vec<NumberRange>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub id: String,
    pub text: Text,
    pub help: Text,
    pub kind: QuestionKind,
    /// Asked only when each named earlier question was answered with one of these choices.
    pub when: Vec<(String, Vec<String>)>,
    /// For a number question: the fleet value the answer sets.
    pub fleet: Option<FleetField>,
}

impl Question {
    pub fn choices(&self) -> &[AnswerChoice] {
        match &self.kind {
            QuestionKind::Single { choices, .. } | QuestionKind::Multiple { choices, .. } => {
                choices
            }
            QuestionKind::Number { .. } => &[],
        }
    }

    pub fn default_answer(&self) -> Answer {
        match &self.kind {
            QuestionKind::Single { default, .. } => Answer::Choice(default.clone()),
            QuestionKind::Multiple { default, .. } => Answer::Choices(default.clone()),
            QuestionKind::Number { default, .. } => Answer::Number(*default),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Questionnaire {
    /// The profile the answers modify.
    pub base: String,
    /// Id, title and description of the profile it produces.
    pub id: String,
    pub title: Text,
    pub description: Text,
    pub rationale: Text,
    pub questions: Vec<Question>,
    /// Combinations of answers that contradict each other.
    pub conflicts: Vec<Conflict>,
}

/// What one answer must be for a conflict to hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Matcher {
    /// A single or multiple choice that includes one of these.
    AnyOf(Vec<String>),
    /// A multiple choice that includes none of these.
    NoneOf(Vec<String>),
    /// A number within these bounds (inclusive).
    Between(Option<i64>, Option<i64>),
}

impl Matcher {
    fn matches(&self, a: &Answer) -> bool {
        let picked: Vec<&String> = match a {
            Answer::Choice(c) => vec![c],
            Answer::Choices(cs) => cs.iter().collect(),
            Answer::Number(_) => Vec::new(),
        };
        match (self, a) {
            (Matcher::Between(lo, hi), Answer::Number(n)) => {
                lo.is_none_or(|l| *n >= l) && hi.is_none_or(|h| *n <= h)
            }
            (Matcher::AnyOf(ids), _) => picked.iter().any(|c| ids.contains(c)),
            (Matcher::NoneOf(ids), Answer::Choices(_) | Answer::Choice(_)) => {
                !picked.iter().any(|c| ids.contains(c))
            }
            _ => false,
        }
    }
}

/// Answers that cannot all be true, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    pub id: String,
    /// Every (question, matcher) must hold on the completed answers.
    pub when: Vec<(String, Matcher)>,
    pub reason: Text,
}

impl Questionnaire {
    /// One error per conflict the answers fall into, located at `file` as a whole.
    pub fn conflict_diagnostics(&self, answers: &Answers, file: &str) -> Vec<Diagnostic> {
        self.conflicts_of(answers)
            .into_iter()
            .map(|c| {
                conflict_diagnostic(c, Diagnostic::new(Code::ContradictoryAnswers, file, 0, 0))
            })
            .collect()
    }

    /// The conflicts the (completed) answers fall into.
    pub fn conflicts_of(&self, answers: &Answers) -> Vec<&Conflict> {
        let complete = self.complete(answers);
        self.conflicts
            .iter()
            .filter(|c| {
                c.when
                    .iter()
                    .all(|(q, m)| complete.get(q).is_some_and(|a| m.matches(a)))
            })
            .collect()
    }
}

/// One answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    Choice(String),
    Choices(Vec<String>),
    Number(i64),
}

/// Answers by question id, in questionnaire order.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Answers(pub Vec<(String, Answer)>);

impl Answers {
    pub fn get(&self, id: &str) -> Option<&Answer> {
        self.0.iter().find(|(q, _)| q == id).map(|(_, a)| a)
    }

    /// Sets (or replaces) an answer.
    pub fn set(&mut self, id: &str, answer: Answer) {
        match self.0.iter_mut().find(|(q, _)| q == id) {
            Some(slot) => slot.1 = answer,
            None => self.0.push((id.to_owned(), answer)),
        }
    }
}

impl Questionnaire {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Whether `q` is asked, given the answers so far (defaults stand in for missing ones).
    pub fn is_asked(&self, q: &Question, answers: &Answers) -> bool {
        q.when.iter().all(|(id, accepted)| {
            let Some(earlier) = self.question(id) else {
                return false;
            };
            if !self.is_asked(earlier, answers) {
                return false;
            }
            match answers
                .get(id)
                .cloned()
                .unwrap_or_else(|| earlier.default_answer())
            {
                Answer::Choice(c) => accepted.contains(&c),
                Answer::Choices(cs) => cs.iter().any(|c| accepted.contains(c)),
                Answer::Number(_) => false,
            }
        })
    }

    /// The answers that count: every asked question, with its default where unanswered.
    pub fn complete(&self, answers: &Answers) -> Answers {
        let mut out = Answers::default();
        for q in &self.questions {
            if self.is_asked(q, answers) {
                let a = answers
                    .get(&q.id)
                    .cloned()
                    .unwrap_or_else(|| q.default_answer());
                out.0.push((q.id.clone(), a));
            }
        }
        out
    }

    /// The base profile changed by the effects of `answers` (validated beforehand).
    pub fn apply(&self, base: &Profile, answers: &Answers) -> Profile {
        let mut p = base.clone();
        p.id = self.id.clone();
        p.extends = std::iter::once(base.id.clone())
            .chain(base.extends.clone())
            .collect();
        p.title = self.title.clone();
        p.description = self.description.clone();
        p.rationale = self.rationale.clone();
        for (id, answer) in &self.complete(answers).0 {
            let Some(q) = self.question(id) else { continue };
            for effects in effects_of(q, answer) {
                apply_effects(&mut p, effects);
            }
            if let (Some(field), Answer::Number(n), Some(fleet)) = (q.fleet, answer, &mut p.fleet) {
                field.set(fleet, *n);
            }
        }
        p
    }
}

fn effects_of<'q>(q: &'q Question, answer: &Answer) -> Vec<&'q Effects> {
    match (&q.kind, answer) {
        (QuestionKind::Single { choices, .. }, Answer::Choice(c)) => choices
            .iter()
            .filter(|x| x.id == *c)
            .map(|x| &x.effects)
            .collect(),
        (QuestionKind::Multiple { choices, .. }, Answer::Choices(cs)) => choices
            .iter()
            .filter(|x| cs.contains(&x.id))
            .map(|x| &x.effects)
            .collect(),
        (QuestionKind::Number { ranges, .. }, Answer::Number(n)) => ranges
            .iter()
            .find(|r| r.up_to.is_none_or(|u| *n <= u))
            .map(|r| vec![&r.effects])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn apply_effects(p: &mut Profile, e: &Effects) {
    if let Some(b) = e.budget {
        p.context.budget = b;
    }
    if let Some(s) = e.scale {
        p.context.scale = Some(s);
    }
    for s in &e.skills {
        if !p.context.skills.contains(s) {
            p.context.skills.push(*s);
        }
    }
    for (id, factor) in &e.weights {
        for c in p.criteria.iter_mut().filter(|c| c.id == *id) {
            c.weight *= factor;
        }
    }
    for (feature, factor) in &e.features {
        for c in &mut p.criteria {
            for (f, w) in c.features.iter_mut().filter(|(f, _)| f == feature) {
                let _ = f;
                *w *= factor;
            }
        }
    }
    for r in &e.requirements {
        match p.requirements.iter_mut().find(|x| x.id == r.id) {
            Some(x) => *x = r.clone(),
            None => p.requirements.push(r.clone()),
        }
    }
    if let Some(fleet) = &mut p.fleet {
        if let Some(s) = e.support {
            fleet.support = s;
        }
        for (field, v) in &e.fleet_values {
            field.set(fleet, *v);
        }
        for (hypervisor, edition) in &e.owned {
            if !fleet
                .owned
                .iter()
                .any(|o| o.hypervisor == *hypervisor && o.edition == *edition)
            {
                fleet.owned.push(Owned {
                    hypervisor: hypervisor.clone(),
                    edition: edition.clone(),
                    years: None,
                    at: (String::from("criteria/questionnaire.yaml"), 0, 0),
                });
            }
        }
    }
}

/// Loads and validates a questionnaire against the catalogue and the criteria of its base
/// profile, which `base` loads by name (`None` when there is no such profile).
pub fn load_questionnaire(
    cat: &Catalogue,
    file: &str,
    text: &str,
    base: &dyn Fn(&str) -> Option<Profile>,
) -> (Option<Questionnaire>, Vec<Diagnostic>) {
    let root = match yaml::parse(file, text) {
        Ok(n) => n,
        Err(d) => return (None, vec![d]),
    };
    let mut r = Reader::new(file);
    let q = questionnaire(cat, &mut r, &root, base);
    let mut diags = r.diags;
    diag::sort(&mut diags);
    let ok = !diags.iter().any(Diagnostic::is_error);
    (q.filter(|_| ok), diags)
}

fn questionnaire(
    cat: &Catalogue,
    r: &mut Reader,
    root: &Node,
    load_base: &dyn Fn(&str) -> Option<Profile>,
) -> Option<Questionnaire> {
    let map = r.map(
        root,
        &[
            "schema-version",
            "base",
            "id",
            "title",
            "description",
            "rationale",
            "questions",
            "conflicts",
        ],
    )?;
    if let Some(n) = r.required(&map, "schema-version") {
        r.integer(n);
    }
    let base_node = r.required(&map, "base");
    let base = base_node.and_then(|n| r.string(n));
    let base_profile = base.as_deref().and_then(load_base);
    if let (Some(name), Some(n), None) = (&base, base_node, &base_profile) {
        r.at(Code::UnknownProfile, n)
            .args
            .push(("profile", name.clone()));
    }
    let criteria: Vec<String> = base_profile
        .iter()
        .flat_map(|p| p.criteria.iter().map(|c| c.id.clone()))
        .collect();
    let criteria = &criteria[..];
    let id = r.required(&map, "id").and_then(|n| r.string(n));
    let title = r.required(&map, "title").and_then(|n| r.text(n));
    let description = r.required(&map, "description").and_then(|n| r.text(n));
    let rationale = r.required(&map, "rationale").and_then(|n| r.text(n));
    let mut questions: Vec<Question> = Vec::new();
    for node in r
        .required(&map, "questions")
        .and_then(|n| r.seq(n))
        .unwrap_or_default()
    {
        if let Some(q) = question(cat, r, node, criteria, &questions) {
            if questions.iter().any(|x| x.id == q.id) {
                r.at(Code::DuplicateId, node)
                    .args
                    .push(("id", q.id.clone()));
            } else {
                questions.push(q);
            }
        }
    }
    let mut conflicts = Vec::new();
    for node in map
        .get("conflicts")
        .and_then(|n| r.seq(n))
        .unwrap_or_default()
    {
        if let Some(c) = conflict(r, node, &questions) {
            conflicts.push(c);
        }
    }
    Some(Questionnaire {
        base: base?,
        id: id?,
        title: title?,
        description: description?,
        rationale: rationale?,
        questions,
        conflicts,
    })
}

/// The diagnostic of a conflict: the questions involved and the reason in each language.
fn conflict_diagnostic(c: &Conflict, d: Diagnostic) -> Diagnostic {
    let questions = c
        .when
        .iter()
        .map(|(id, _)| id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    d.arg("questions", questions)
        .arg("reason_en", c.reason.en.clone())
        .arg("reason_fr", c.reason.fr.clone())
}

fn conflict(r: &mut Reader, node: &Node, questions: &[Question]) -> Option<Conflict> {
    let map = r.map(node, &["id", "when", "reason"])?;
    let id = r.required(&map, "id").and_then(|n| r.string(n));
    let reason = r.required(&map, "reason").and_then(|n| r.text(n));
    let mut when = Vec::new();
    for (key, value) in r
        .required(&map, "when")
        .and_then(|n| r.entries(n))
        .unwrap_or_default()
    {
        let Some(q) = questions.iter().find(|q| q.id == key.name) else {
            let suggestion = did_you_mean(&key.name, questions.iter().map(|q| q.id.as_str()));
            let d = r.report(Code::UnknownQuestion, key.line, key.column);
            d.args.push(("id", key.name.clone()));
            d.suggestion = suggestion;
            continue;
        };
        let matcher = match &value.value {
            Value::Seq(_) => {
                let ids = r.strings(value).unwrap_or_default();
                for (c, item) in ids.iter().zip(r.seq(value).unwrap_or_default()) {
                    check_choice(r, q, c, item);
                }
                Matcher::AnyOf(ids)
            }
            Value::Map(_) => {
                let Some(m) = r.map(value, &["min", "max", "none-of"]) else {
                    continue;
                };
                match m.get("none-of") {
                    Some(n) => Matcher::NoneOf(r.strings(n).unwrap_or_default()),
                    None => Matcher::Between(
                        m.get("min").and_then(|n| r.integer(n)),
                        m.get("max").and_then(|n| r.integer(n)),
                    ),
                }
            }
            _ => {
                r.at(Code::ExpectedType, value).args.extend([
                    ("expected", "list".into()),
                    ("found", value.value.kind().into()),
                ]);
                continue;
            }
        };
        when.push((key.name.clone(), matcher));
    }
    Some(Conflict {
        id: id?,
        when,
        reason: reason?,
    })
}

fn question(
    cat: &Catalogue,
    r: &mut Reader,
    node: &Node,
    criteria: &[String],
    earlier: &[Question],
) -> Option<Question> {
    let map = r.map(
        node,
        &[
            "id", "text", "help", "type", "choices", "default", "min", "max", "ranges", "when",
            "fleet",
        ],
    )?;
    let fleet = map.get("fleet").and_then(|n| r.keyword::<FleetField>(n));
    let id = r.required(&map, "id").and_then(|n| r.string(n));
    let text = r.required(&map, "text").and_then(|n| r.text(n));
    let help = r.required(&map, "help").and_then(|n| r.text(n));
    let kind_word = r.required(&map, "type").and_then(|n| r.string(n));
    let default = r.required(&map, "default");
    let mut when = Vec::new();
    if let Some(n) = map.get("when") {
        for (key, value) in r.entries(n).unwrap_or_default() {
            let Some(q) = earlier.iter().find(|q| q.id == key.name) else {
                let ids = earlier.iter().map(|q| q.id.as_str());
                let suggestion = did_you_mean(&key.name, ids);
                let d = r.report(Code::UnknownQuestion, key.line, key.column);
                d.args.push(("id", key.name.clone()));
                d.suggestion = suggestion;
                continue;
            };
            let accepted = r.strings(value).unwrap_or_default();
            for (c, item) in accepted.iter().zip(r.seq(value).unwrap_or_default()) {
                check_choice(r, q, c, item);
            }
            when.push((key.name.clone(), accepted));
        }
    }
    let kind = match kind_word.as_deref() {
        Some("single") | Some("multiple") => {
            let mut choices = Vec::new();
            for item in r
                .required(&map, "choices")
                .and_then(|n| r.seq(n))
                .unwrap_or_default()
            {
                if let Some(c) = choice(cat, r, item, criteria) {
                    choices.push(c);
                }
            }
            let ids: Vec<&str> = choices.iter().map(|c| c.id.as_str()).collect();
            let known = |r: &mut Reader, n: &Node| -> Option<String> {
                let s = r.string(n)?;
                if ids.contains(&s.as_str()) {
                    Some(s)
                } else {
                    let d = r.at(Code::UnknownValue, n);
                    d.args.push(("value", s.clone()));
                    d.args.push(("allowed", ids.join(", ")));
                    d.suggestion = did_you_mean(&s, ids.iter().copied());
                    None
                }
            };
            if kind_word.as_deref() == Some("single") {
                let d = default.and_then(|n| known(r, n));
                d.map(|default| QuestionKind::Single {
                    choices: choices.clone(),
                    default,
                })
            } else {
                let d = default.and_then(|n| {
                    let items = r.seq(n)?;
                    items
                        .iter()
                        .map(|i| known(r, i))
                        .collect::<Option<Vec<_>>>()
                });
                d.map(|default| QuestionKind::Multiple {
                    choices: choices.clone(),
                    default,
                })
            }
        }
        Some("number") => {
            let min = r.required(&map, "min").and_then(|n| r.integer(n));
            let max = r.required(&map, "max").and_then(|n| r.integer(n));
            let def = default.and_then(|n| r.integer(n));
            let mut ranges = Vec::new();
            // A number question that only sets a fleet value may have no ranges.
            let ranges_node = match fleet {
                Some(_) => map.get("ranges"),
                None => r.required(&map, "ranges"),
            };
            for item in ranges_node.and_then(|n| r.seq(n)).unwrap_or_default() {
                let Some(m) = r.map(item, &["up-to", "effects", "if"]) else {
                    continue;
                };
                let up_to = m.get("up-to").and_then(|n| r.integer(n));
                let effects = m.get("effects").and_then(|n| effects(cat, r, n, criteria));
                ranges.push(NumberRange {
                    up_to,
                    effects: effects.unwrap_or_default(),
                    situation: m.get("if").and_then(|n| r.text(n)),
                });
            }
            match (min, max, def) {
                (Some(min), Some(max), Some(default)) if min <= default && default <= max => {
                    Some(QuestionKind::Number {
                        min,
                        max,
                        default,
                        ranges,
                    })
                }
                (Some(_), Some(_), Some(d)) => {
                    let n = default.expect("parsed");
                    r.at(Code::InvalidNumber, n)
                        .args
                        .push(("value", d.to_string()));
                    None
                }
                _ => None,
            }
        }
        Some(other) => {
            let n = map.get("type").expect("present");
            let d = r.at(Code::UnknownValue, n);
            d.args.push(("value", other.to_owned()));
            d.args.push(("allowed", "single, multiple, number".into()));
            d.suggestion = did_you_mean(other, ["single", "multiple", "number"]);
            None
        }
        None => None,
    };
    Some(Question {
        id: id?,
        text: text?,
        help: help?,
        kind: kind?,
        when,
        fleet,
    })
}

fn check_choice(r: &mut Reader, q: &Question, c: &str, node: &Node) {
    let ids: Vec<&str> = q.choices().iter().map(|c| c.id.as_str()).collect();
    if !ids.contains(&c) {
        let d = r.at(Code::UnknownValue, node);
        d.args.push(("value", c.to_owned()));
        d.args.push(("allowed", ids.join(", ")));
        d.suggestion = did_you_mean(c, ids.iter().copied());
    }
}

fn choice(
    cat: &Catalogue,
    r: &mut Reader,
    node: &Node,
    criteria: &[String],
) -> Option<AnswerChoice> {
    let map = r.map(
        node,
        &["id", "label", "effects", "if", "if-added", "if-removed"],
    )?;
    let id = r.required(&map, "id").and_then(|n| r.string(n));
    let label = r.required(&map, "label").and_then(|n| r.text(n));
    let mut situation = |key: &str| map.get(key).and_then(|n| r.text(n));
    let (situation, added, removed) = (
        situation("if"),
        situation("if-added"),
        situation("if-removed"),
    );
    let effects = match map.get("effects") {
        Some(n) => effects(cat, r, n, criteria),
        None => Some(Effects::default()),
    };
    Some(AnswerChoice {
        id: id?,
        label: label?,
        effects: effects?,
        situation,
        added,
        removed,
    })
}

fn effects(cat: &Catalogue, r: &mut Reader, node: &Node, criteria: &[String]) -> Option<Effects> {
    let map = r.map(
        node,
        &["context", "weights", "features", "requirements", "fleet"],
    )?;
    let mut e = Effects::default();
    if let Some(n) = map.get("fleet")
        && let Some(f) = r.map(
            n,
            &[
                "support",
                "owned",
                "hosts",
                "sockets-per-host",
                "cores-per-socket",
                "years",
                "vms",
                "windows-vms",
                "budget-ceiling",
            ],
        )
    {
        e.support = f.get("support").and_then(|n| r.keyword(n));
        for (key, value) in f.entries {
            if let Some(field) = <FleetField as crate::yaml::Keyword>::from_keyword(&key.name)
                && let Some(v) = r.integer(value)
            {
                e.fleet_values.push((field, v));
            }
        }
        for item in f.get("owned").and_then(|n| r.seq(n)).unwrap_or_default() {
            let Some(m) = r.map(item, &["hypervisor", "edition"]) else {
                continue;
            };
            let hv = r.required(&m, "hypervisor").and_then(|n| r.string(n));
            let ed = r.required(&m, "edition").and_then(|n| r.string(n));
            if let (Some(hv), Some(ed)) = (hv, ed) {
                e.owned.push((hv, ed));
            }
        }
    }
    if let Some(n) = map.get("context")
        && let Some(ctx) = r.map(n, &["budget", "scale", "skills"])
    {
        e.budget = ctx.get("budget").and_then(|n| r.keyword(n));
        e.scale = ctx.get("scale").and_then(|n| r.keyword(n));
        e.skills = ctx
            .get("skills")
            .and_then(|n| r.keywords(n))
            .unwrap_or_default();
    }
    if let Some(n) = map.get("weights") {
        for (key, value) in r.entries(n).unwrap_or_default() {
            if !criteria.contains(&key.name) {
                let suggestion = did_you_mean(&key.name, criteria.iter().map(String::as_str));
                let d = r.report(Code::UnknownCriterion, key.line, key.column);
                d.args.push(("id", key.name.clone()));
                d.suggestion = suggestion;
                continue;
            }
            if let Some(f) = r.non_negative(value) {
                e.weights.push((key.name.clone(), f));
            }
        }
    }
    if let Some(n) = map.get("features") {
        for (key, value) in r.entries(n).unwrap_or_default() {
            if cat.feature(&key.name).is_none() {
                let suggestion =
                    did_you_mean(&key.name, cat.features.iter().map(|f| f.id.as_str()));
                let d = r.report(Code::UnknownFeature, key.line, key.column);
                d.args.push(("id", key.name.clone()));
                d.suggestion = suggestion;
                continue;
            }
            if let Some(f) = r.non_negative(value) {
                e.features.push((key.name.clone(), f));
            }
        }
    }
    if let Some(n) = map.get("requirements") {
        for item in r.seq(n).unwrap_or_default() {
            if let Some(req) = requirement(cat, r, item) {
                e.requirements.push(req);
            }
        }
    }
    Some(e)
}

/// Reads an answers file (`question-id: answer`) and checks every answer against the
/// questionnaire: unknown questions, unknown choices and out-of-range numbers are errors naming
/// the question; answers to questions that will not be asked are warnings.
pub fn load_answers(
    q: &Questionnaire,
    file: &str,
    text: &str,
) -> (Option<Answers>, Vec<Diagnostic>) {
    let root = match yaml::parse(file, text) {
        Ok(n) => n,
        Err(d) => return (None, vec![d]),
    };
    let mut r = Reader::new(file);
    let mut answers = Answers::default();
    let entries = if root.value == Value::Null {
        &[][..]
    } else {
        r.entries(&root).unwrap_or_default()
    };
    for (key, node) in entries {
        let Some(question) = q.question(&key.name) else {
            let suggestion = did_you_mean(&key.name, q.questions.iter().map(|x| x.id.as_str()));
            let d = r.report(Code::UnknownQuestion, key.line, key.column);
            d.args.push(("id", key.name.clone()));
            d.suggestion = suggestion;
            continue;
        };
        if let Some(a) = answer(&mut r, question, node) {
            answers.set(&key.name, a);
        }
    }
    // Questionnaire order, whatever the file's order.
    answers
        .0
        .sort_by_key(|(id, _)| q.questions.iter().position(|x| x.id == *id));
    for (key, _) in entries {
        if let Some(question) = q.question(&key.name)
            && !q.is_asked(question, &answers)
        {
            r.report(Code::AnswerNotAsked, key.line, key.column)
                .args
                .push(("id", key.name.clone()));
        }
    }
    for c in q.conflicts_of(&answers) {
        // Located at the first of the conflicting answers the file gives.
        let at = c
            .when
            .iter()
            .find_map(|(id, _)| entries.iter().find(|(k, _)| k.name == *id))
            .map_or((0, 0), |(k, _)| (k.line, k.column));
        let d = Diagnostic::new(Code::ContradictoryAnswers, file, at.0, at.1);
        r.diags.push(conflict_diagnostic(c, d));
    }
    let mut diags = r.diags;
    diag::sort(&mut diags);
    let ok = !diags.iter().any(Diagnostic::is_error);
    (ok.then_some(answers), diags)
}

fn answer(r: &mut Reader, q: &Question, node: &Node) -> Option<Answer> {
    let bad_choice = |r: &mut Reader, n: &Node, s: &str| {
        let ids: Vec<&str> = q.choices().iter().map(|c| c.id.as_str()).collect();
        let d = r.at(Code::InvalidAnswer, n);
        d.args.push(("question", q.id.clone()));
        d.args.push(("value", s.to_owned()));
        d.args.push(("allowed", ids.join(", ")));
        d.suggestion = did_you_mean(s, ids.iter().copied());
    };
    let word = |n: &Node| -> Option<String> {
        match &n.value {
            Value::Str(s) => Some(s.clone()),
            Value::Bool(b) => Some(if *b { "yes" } else { "no" }.to_owned()),
            Value::Int(_) | Value::Float(_) => n.raw.clone(),
            _ => None,
        }
    };
    match &q.kind {
        QuestionKind::Single { choices, .. } => {
            let s = word(node).or_else(|| {
                r.string(node);
                None
            })?;
            if choices.iter().any(|c| c.id == s) {
                Some(Answer::Choice(s))
            } else {
                bad_choice(r, node, &s);
                None
            }
        }
        QuestionKind::Multiple { choices, .. } => {
            let items = r.seq(node)?;
            let mut out = Vec::new();
            let mut ok = true;
            for item in items {
                match word(item) {
                    Some(s) if choices.iter().any(|c| c.id == s) => {
                        if !out.contains(&s) {
                            out.push(s);
                        }
                    }
                    Some(s) => {
                        bad_choice(r, item, &s);
                        ok = false;
                    }
                    None => {
                        r.string(item);
                        ok = false;
                    }
                }
            }
            ok.then_some(Answer::Choices(out))
        }
        QuestionKind::Number { min, max, .. } => {
            let n = r.integer(node)?;
            if n < *min || n > *max {
                let d = r.at(Code::AnswerOutOfRange, node);
                d.args.push(("question", q.id.clone()));
                d.args.push(("value", n.to_string()));
                d.args.push(("min", min.to_string()));
                d.args.push(("max", max.to_string()));
                return None;
            }
            Some(Answer::Number(n))
        }
    }
}
