//! The cost table: per alternative, the edition chosen, what it counts and costs for the fleet,
//! with the source, date and confidence of every price. Shared by the report, the memo and
//! `hvadvisor cost`.

use super::model::SourceList;
use crate::engine::cost::{CostLine, LineKind};
use crate::engine::{EditionOption, Evaluation, Unfit};
use crate::knowledge::{Confidence, KnowledgeBase, PriceUnit, SupportHours, Term};
use crate::lang::{Lang, Text};
use serde::Serialize;

#[derive(Serialize)]
pub struct MoneyView {
    pub amount: f64,
    pub currency: String,
}

#[derive(Serialize)]
pub struct LineView {
    pub kind: LineKind,
    /// What the line pays for: the price's own label, else the edition's name.
    pub what: String,
    pub edition: String,
    pub unit: PriceUnit,
    pub units: u64,
    pub sets: u32,
    pub unit_price: Option<MoneyView>,
    pub term: Term,
    pub periods: u32,
    pub native_total: Option<MoneyView>,
    pub total: Option<f64>,
    pub confidence: Confidence,
    pub as_of: String,
    pub owned: bool,
    pub refs: Vec<usize>,
}

#[derive(Serialize)]
pub struct OptionView {
    pub id: String,
    pub name: String,
    pub total: Option<f64>,
    pub score: Option<f64>,
    pub unfit: Vec<Unfit>,
}

#[derive(Serialize)]
pub struct CostRowView {
    pub id: String,
    pub name: String,
    /// Rank, or `None` when eliminated.
    pub rank: Option<usize>,
    pub edition: Option<String>,
    pub edition_id: Option<String>,
    /// What the chosen edition includes (its note).
    pub includes: Option<String>,
    pub support: Option<SupportHours>,
    pub support_option: Option<String>,
    pub lines: Vec<LineView>,
    pub total: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// Part of the total whose price is reported or estimated rather than listed.
    pub uncertain: f64,
    pub options: Vec<OptionView>,
}

#[derive(Serialize)]
pub struct RateView {
    pub currency: String,
    pub reference: String,
    pub rate: f64,
    pub as_of: String,
    pub refs: Vec<usize>,
}

#[derive(Serialize)]
pub struct FleetView {
    pub hosts: u32,
    pub sockets_per_host: u32,
    pub cores_per_socket: u32,
    pub years: u32,
    pub support: SupportHours,
    pub windows_vms: u32,
    /// Windows guests each host is licensed for (one host down).
    pub windows_per_host: u32,
    pub currency: String,
    pub budget_ceiling: Option<f64>,
    pub owned: Vec<String>,
}

#[derive(Serialize)]
pub struct CostView {
    pub fleet: FleetView,
    pub rows: Vec<CostRowView>,
    pub rates: Vec<RateView>,
    /// Whether to show every line and what each edition includes (not in shorter reports).
    pub show_lines: bool,
}

fn txt(t: &Text, lang: Lang) -> String {
    super::i18n::typography(t.get(lang), lang)
}

fn line_view(l: &CostLine, lang: Lang, sources: &mut SourceList) -> LineView {
    LineView {
        kind: l.kind,
        what: l
            .what
            .as_ref()
            .map_or_else(|| txt(&l.edition_name, lang), |w| txt(w, lang)),
        edition: txt(&l.edition_name, lang),
        unit: l.unit,
        units: l.units,
        sets: l.sets,
        unit_price: l.unit_price.as_ref().map(|m| MoneyView {
            amount: m.amount,
            currency: m.currency.clone(),
        }),
        term: l.term,
        periods: l.periods,
        native_total: l.native_total.as_ref().map(|m| MoneyView {
            amount: m.amount,
            currency: m.currency.clone(),
        }),
        total: l.total,
        confidence: l.confidence,
        as_of: l.as_of.to_string(),
        owned: l.owned,
        refs: sources.refs(&l.sources),
    }
}

fn options(list: &[EditionOption], lang: Lang) -> Vec<OptionView> {
    list.iter()
        .map(|o| OptionView {
            id: o.id.clone(),
            name: txt(&o.name, lang),
            total: o.total,
            score: o.score,
            unfit: o.unfit.clone(),
        })
        .collect()
}

/// The cost table of an evaluation, or `None` when its profile describes no fleet.
pub(crate) fn build(
    kb: &KnowledgeBase,
    eval: &Evaluation,
    lang: Lang,
    sources: &mut SourceList,
) -> Option<CostView> {
    let fleet = eval.fleet.as_ref()?;
    let mut rows = Vec::new();
    for r in &eval.ranking {
        let e = &r.edition;
        let cost = e.cost.as_ref();
        rows.push(CostRowView {
            id: r.id.clone(),
            name: r.name.clone(),
            rank: Some(r.rank),
            edition: Some(txt(&e.name, lang)),
            edition_id: Some(e.id.clone()),
            includes: kb
                .hypervisor(&r.id)
                .and_then(|h| h.edition(&e.id))
                .map(|ed| txt(&ed.note, lang)),
            support: Some(e.support),
            support_option: e.support_option.as_ref().map(|t| txt(t, lang)),
            lines: cost
                .map(|c| {
                    c.lines
                        .iter()
                        .map(|l| line_view(l, lang, sources))
                        .collect()
                })
                .unwrap_or_default(),
            total: cost.and_then(|c| c.total),
            low: cost.and_then(|c| c.low),
            high: cost.and_then(|c| c.high),
            uncertain: cost.map_or(0.0, |c| c.uncertain),
            options: options(&e.options, lang),
        });
    }
    for x in &eval.eliminated {
        rows.push(CostRowView {
            id: x.id.clone(),
            name: x.name.clone(),
            rank: None,
            edition: None,
            edition_id: None,
            includes: None,
            support: None,
            support_option: None,
            lines: Vec::new(),
            total: None,
            low: None,
            high: None,
            uncertain: 0.0,
            options: options(&x.editions, lang),
        });
    }
    let rates = eval
        .rates
        .iter()
        .map(|r| RateView {
            currency: r.currency.clone(),
            reference: kb
                .currencies
                .as_ref()
                .map(|c| c.reference.clone())
                .unwrap_or_default(),
            rate: r.rate,
            as_of: r.as_of.to_string(),
            refs: sources.refs(std::slice::from_ref(&r.source)),
        })
        .collect();
    Some(CostView {
        fleet: FleetView {
            hosts: fleet.hosts,
            sockets_per_host: fleet.sockets_per_host,
            cores_per_socket: fleet.cores_per_socket,
            years: fleet.years,
            support: fleet.support,
            windows_vms: fleet.windows_vms,
            windows_per_host: crate::engine::cost::windows_guests_per_host(fleet),
            currency: fleet.currency.clone(),
            budget_ceiling: fleet.budget_ceiling,
            owned: fleet
                .owned
                .iter()
                .map(|o| {
                    let hv = kb.hypervisor(&o.hypervisor);
                    hv.and_then(|h| h.edition(&o.edition))
                        .map_or_else(|| o.edition.clone(), |e| txt(&e.name, lang))
                })
                .collect(),
        },
        rows,
        rates,
        show_lines: true,
    })
}

impl CostView {
    /// Renumbers references after the caller dropped sources (see `View::keep_sources`).
    pub fn map_refs(&mut self, map: &dyn Fn(&mut Vec<usize>)) {
        for row in &mut self.rows {
            for l in &mut row.lines {
                map(&mut l.refs);
            }
        }
        for r in &mut self.rates {
            map(&mut r.refs);
        }
    }

    /// Every source number the table cites as shown, in order.
    pub fn cited(&self) -> Vec<usize> {
        let lines = self
            .rows
            .iter()
            .filter(|_| self.show_lines)
            .flat_map(|r| r.lines.iter().flat_map(|l| l.refs.iter().copied()));
        lines
            .chain(self.rates.iter().flat_map(|r| r.refs.iter().copied()))
            .collect()
    }
}

/// The cost table on its own (`hvadvisor cost`), with the sources it cites.
#[derive(Serialize)]
pub struct CostReport {
    pub lang: Lang,
    pub profile: String,
    pub profile_title: String,
    pub inputs: crate::engine::Inputs,
    pub cost: Option<CostView>,
    pub sources: Vec<super::model::SourceView>,
}

/// Builds the cost table of `eval` with its own numbered sources.
pub fn report(
    kb: &KnowledgeBase,
    profile: &crate::criteria::Profile,
    eval: &Evaluation,
    lang: Lang,
) -> CostReport {
    let mut sources = SourceList::default();
    let cost = build(kb, eval, lang, &mut sources);
    CostReport {
        lang,
        profile: profile.id.clone(),
        profile_title: txt(&profile.title, lang),
        inputs: eval.inputs.clone(),
        cost,
        sources: sources.into_views(lang),
    }
}
