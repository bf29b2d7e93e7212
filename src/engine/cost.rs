//! What each edition costs the profile's fleet over its years: the edition's own price lines,
//! and the Windows Server licences its Windows guests need (on every hypervisor). Pure.
//!
//! Counting rules follow the price model: per socket, per core (with a minimum per CPU and per
//! host, sold in packs), per host, or flat; subscriptions are paid every year, perpetual
//! licences once. Licences the user already owns are deducted. Every amount is converted to
//! the fleet's currency with the knowledge base's dated reference rate.

use crate::criteria::{CostFunction, Fleet};
use crate::knowledge::{
    Confidence, Currencies, Edition, Hypervisor, KnowledgeBase, Money, Price, PriceUnit, Source,
    Term, WindowsGuests,
};
use crate::lang::Text;
use serde::Serialize;

/// What a cost line pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineKind {
    /// The hypervisor edition itself (one of its price lines).
    Edition,
    /// Windows Server licences for the Windows guests.
    WindowsGuests,
    /// A support contract sold separately, bought because the fleet needs it.
    Support,
}

/// One line of a cost table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostLine {
    pub kind: LineKind,
    /// The hypervisor and edition whose price this is (for Windows guests: a Windows Server edition).
    pub hypervisor: String,
    pub edition: String,
    pub edition_name: Text,
    pub what: Option<Text>,
    pub unit: PriceUnit,
    /// Units counted for the whole fleet, after minimums and packs.
    pub units: u64,
    /// Licence sets per host (Windows Server Standard stacks one set per two guests).
    pub sets: u32,
    /// Price of one unit, in the price's own currency; `None` on quote.
    pub unit_price: Option<Money>,
    pub term: Term,
    /// Years paid (subscription), or 1 for a perpetual licence bought, 0 when owned.
    pub periods: u32,
    /// Total in the price's own currency.
    pub native_total: Option<Money>,
    /// Total in the fleet's currency.
    pub total: Option<f64>,
    /// Lowest and highest totals the sources allow, in the fleet's currency.
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub confidence: Confidence,
    pub as_of: crate::date::Date,
    pub sources: Vec<Source>,
    /// Units or years already owned and deducted.
    pub owned: bool,
}

/// The cost of one edition for the fleet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditionCost {
    pub hypervisor: String,
    pub edition: String,
    pub lines: Vec<CostLine>,
    /// Sum of the lines in the fleet's currency; `None` when any line is on quote.
    pub total: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// The part of `total` whose confidence is below `list` (varied by robustness sampling).
    pub uncertain: f64,
}

impl EditionCost {
    /// Cost per host and per year, for value functions.
    pub fn per_host_year(&self, fleet: &Fleet) -> Option<f64> {
        self.total
            .map(|t| t / f64::from(fleet.hosts.max(1)) / f64::from(fleet.years.max(1)))
    }
}

/// Converts amounts to the fleet's currency.
struct Converter<'a> {
    rates: Option<&'a Currencies>,
    to: &'a str,
}

impl Converter<'_> {
    fn convert(&self, m: &Money) -> Option<f64> {
        if m.currency == self.to {
            return Some(m.amount);
        }
        self.rates
            .and_then(|r| r.factor(&m.currency, self.to))
            .map(|f| m.amount * f)
    }
}

fn ceil_div(a: u64, b: u64) -> u64 {
    a.div_ceil(b.max(1))
}

/// Units a price line counts for the whole fleet (before sets and owned licences).
fn count_units(p: &Price, fleet: &Fleet) -> u64 {
    let hosts = u64::from(fleet.hosts);
    let sockets = u64::from(fleet.sockets_per_host);
    let raw = match p.unit {
        PriceUnit::Socket => hosts * sockets,
        PriceUnit::Core => {
            let per_cpu = u64::from(fleet.cores_per_socket.max(p.min_cores_per_cpu));
            hosts * (sockets * per_cpu).max(u64::from(p.min_cores_per_host))
        }
        PriceUnit::Host => hosts,
        PriceUnit::Vm => u64::from(fleet.vms),
        PriceUnit::Flat => 1,
    };
    // Packs are bought per host for per-core and per-socket licences (Windows Server's
    // two-core packs licence one server's cores), for the estate otherwise.
    let per_host = matches!(p.unit, PriceUnit::Core | PriceUnit::Socket);
    let packed = if per_host && hosts > 0 {
        hosts * ceil_div(raw / hosts, u64::from(p.pack)) * u64::from(p.pack)
    } else {
        ceil_div(raw, u64::from(p.pack)) * u64::from(p.pack)
    };
    packed.max(u64::from(p.min_units))
}

/// Years of a subscription already paid, or whether a perpetual licence is owned.
fn owned_years(fleet: &Fleet, hv: &str, edition: &str) -> Option<u32> {
    fleet
        .owned
        .iter()
        .find(|o| o.hypervisor == hv && o.edition == edition)
        .map(|o| o.years.unwrap_or(fleet.years).min(fleet.years))
}

/// Costs one price line. `sets` multiplies the units (stacked licences); `owned_sets` of them
/// are already paid for (perpetual licences).
fn line(
    kind: LineKind,
    hv: &Hypervisor,
    e: &Edition,
    p: &Price,
    fleet: &Fleet,
    conv: &Converter,
    sets: u32,
) -> CostLine {
    let base_units = count_units(p, fleet);
    let owned = owned_years(fleet, &hv.id, &e.id);
    let (periods, paid_sets) = match p.term {
        Term::Subscription => (fleet.years - owned.unwrap_or(0), sets),
        // A perpetual licence owned covers one set on every host; further sets are bought.
        Term::Perpetual => match owned {
            Some(_) => (u32::from(sets > 1), sets.saturating_sub(1)),
            None => (1, sets),
        },
    };
    let units = base_units * u64::from(sets);
    let factor = (u64::from(paid_sets) * base_units) as f64 * f64::from(periods) / f64::from(p.per);
    let factor = if paid_sets == 0 { 0.0 } else { factor };
    let native_total = p.amount.as_ref().map(|m| Money {
        amount: m.amount * factor,
        currency: m.currency.clone(),
    });
    let total = native_total.as_ref().and_then(|m| conv.convert(m));
    let bound = |x: f64| {
        p.amount.as_ref().and_then(|m| {
            conv.convert(&Money {
                amount: x * factor,
                currency: m.currency.clone(),
            })
        })
    };
    let (low, high) = match p.range {
        Some((lo, hi)) => (bound(lo), bound(hi)),
        None => (total, total),
    };
    CostLine {
        kind,
        hypervisor: hv.id.clone(),
        edition: e.id.clone(),
        edition_name: e.name.clone(),
        what: p.what.clone(),
        unit: p.unit,
        units,
        sets,
        unit_price: p.amount.as_ref().map(|m| Money {
            amount: m.amount / f64::from(p.per),
            currency: m.currency.clone(),
        }),
        term: p.term,
        periods,
        native_total,
        total,
        low,
        high,
        confidence: p.confidence,
        as_of: p.as_of,
        sources: hv.cited_keys(&p.sources),
        owned: owned.is_some(),
    }
}

/// Windows guests each host must be licensed for: the fleet's share per host once one host is
/// down for maintenance or failed (licences stay with the hardware; the guests do not).
pub fn windows_guests_per_host(fleet: &Fleet) -> u32 {
    match (fleet.windows_vms, fleet.hosts) {
        (0, _) => 0,
        (w, h) if h >= 2 => w.div_ceil(h - 1),
        (w, _) => w,
    }
}

/// Licence sets per host a Windows Server edition needs for `guests` guests per host.
fn sets_for(rights: WindowsGuests, guests: u32) -> u32 {
    match rights {
        WindowsGuests::Two => guests.div_ceil(2).max(1),
        WindowsGuests::Unlimited | WindowsGuests::None => 1,
    }
}

/// Sum of the lines; `None` when any is unknown. (`+ 0.0` turns an empty sum's −0 into 0.)
fn sum(lines: &[CostLine], pick: impl Fn(&CostLine) -> Option<f64>) -> Option<f64> {
    lines.iter().map(pick).sum::<Option<f64>>().map(|x| x + 0.0)
}

fn edition_cost(hv: &Hypervisor, e: &Edition, lines: Vec<CostLine>) -> EditionCost {
    let uncertain = lines
        .iter()
        .filter(|l| l.confidence > Confidence::List)
        .filter_map(|l| l.total)
        .sum::<f64>()
        + 0.0;
    EditionCost {
        hypervisor: hv.id.clone(),
        edition: e.id.clone(),
        total: sum(&lines, |l| l.total),
        low: sum(&lines, |l| l.low),
        high: sum(&lines, |l| l.high),
        uncertain,
        lines,
    }
}

/// The cheapest way to license the Windows guests on a host that is not licensed for them
/// already: Windows Server Standard stacked, or Datacenter, whichever costs less.
fn windows_lines(kb: &KnowledgeBase, fleet: &Fleet, conv: &Converter) -> Option<Vec<CostLine>> {
    let guests = windows_guests_per_host(fleet);
    if guests == 0 {
        return Some(Vec::new());
    }
    let mut best: Option<(f64, Vec<CostLine>)> = None;
    for hv in &kb.hypervisors {
        for e in &hv.editions {
            let Some(rights) = e.windows_guests.filter(|r| *r != WindowsGuests::None) else {
                continue;
            };
            let sets = sets_for(rights, guests);
            let lines: Vec<CostLine> = e
                .prices
                .iter()
                .map(|p| line(LineKind::WindowsGuests, hv, e, p, fleet, conv, sets))
                .collect();
            let Some(total) = sum(&lines, |l| l.total) else {
                continue;
            };
            if best.as_ref().is_none_or(|(b, _)| total < *b) {
                best = Some((total, lines));
            }
        }
    }
    best.map(|(_, lines)| lines)
}

/// Whether the fleet needs the edition's separate support contract: it needs ticketed support
/// and the edition does not include as much (or does not say).
pub fn buys_support_option(e: &Edition, fleet: &Fleet) -> bool {
    use crate::knowledge::SupportHours;
    e.support_option.is_some()
        && fleet.support >= SupportHours::BusinessHours
        && e.support < fleet.support
}

/// Costs every edition of every hypervisor for the fleet, in knowledge-base order.
pub fn price_all(kb: &KnowledgeBase, fleet: &Fleet) -> Vec<Vec<EditionCost>> {
    let conv = Converter {
        rates: kb.currencies.as_ref(),
        to: &fleet.currency,
    };
    let windows = windows_lines(kb, fleet, &conv);
    let guests = windows_guests_per_host(fleet);
    kb.hypervisors
        .iter()
        .map(|hv| {
            hv.editions
                .iter()
                .map(|e| {
                    let covers_guests = e.windows_guests.is_some_and(|r| r != WindowsGuests::None);
                    let sets = e.windows_guests.map_or(1, |r| sets_for(r, guests));
                    let mut lines: Vec<CostLine> = e
                        .prices
                        .iter()
                        .map(|p| line(LineKind::Edition, hv, e, p, fleet, &conv, sets))
                        .collect();
                    if let Some(o) = e
                        .support_option
                        .as_ref()
                        .filter(|_| buys_support_option(e, fleet))
                    {
                        lines.extend(o.prices.iter().map(|p| {
                            let mut l = line(LineKind::Support, hv, e, p, fleet, &conv, 1);
                            l.edition_name = o.name.clone();
                            l
                        }));
                    }
                    if !covers_guests {
                        match &windows {
                            Some(w) => lines.extend(w.iter().cloned()),
                            None => lines.push(unknown_windows_line(hv, e)),
                        }
                    }
                    edition_cost(hv, e, lines)
                })
                .collect()
        })
        .collect()
}

/// A Windows guest line whose price the base cannot give (no priced Windows Server edition).
fn unknown_windows_line(hv: &Hypervisor, e: &Edition) -> CostLine {
    CostLine {
        kind: LineKind::WindowsGuests,
        hypervisor: hv.id.clone(),
        edition: e.id.clone(),
        edition_name: e.name.clone(),
        what: None,
        unit: PriceUnit::Core,
        units: 0,
        sets: 0,
        unit_price: None,
        term: Term::Perpetual,
        periods: 0,
        native_total: None,
        total: None,
        low: None,
        high: None,
        confidence: Confidence::QuoteOnly,
        as_of: hv.as_of,
        sources: Vec::new(),
        owned: false,
    }
}

impl EditionCost {
    /// The sum of the lines whose price is known: what the edition costs at least.
    pub fn known(&self) -> f64 {
        self.lines.iter().filter_map(|l| l.total).sum::<f64>() + 0.0
    }

    /// What the platform itself costs (its edition and support lines, not the Windows guests'
    /// licences every alternative pays); `None` when one of them is on quote.
    pub fn platform(&self) -> Option<f64> {
        self.lines
            .iter()
            .filter(|l| l.kind != LineKind::WindowsGuests)
            .map(|l| l.total)
            .sum::<Option<f64>>()
    }
}

/// The score a price on quote is given: that of the dearest paid offer published for this
/// fleet (the model does not rank an unpriced offer above priced ones on a guess; robustness
/// samples it up to the cheapest paid offer), never more than its known lines already allow;
/// `None` when no paid offer is published (the profile's unknown policy then applies).
pub fn quote_score(paid: &[f64], known: Option<f64>) -> Option<f64> {
    let dearest = paid.iter().copied().reduce(f64::min)?;
    Some(known.map_or(dearest, |k| k.min(dearest)))
}

/// The reference a `ratio` value function compares with: the cheapest known total.
pub fn cheapest(costs: &[&EditionCost]) -> Option<f64> {
    costs.iter().filter_map(|c| c.total).min_by(f64::total_cmp)
}

/// Scores a total with the profile's value function; `None` when the total is unknown.
pub fn score(
    f: CostFunction,
    total: Option<f64>,
    cheapest: Option<f64>,
    fleet: &Fleet,
) -> Option<f64> {
    let total = total?;
    let host_years = f64::from(fleet.hosts.max(1)) * f64::from(fleet.years.max(1));
    // What differs between the alternatives: the amount above the cheapest eligible one, so a
    // cost every platform pays (the Windows guests' licences) moves no score.
    let extra = (total - cheapest.unwrap_or(0.0)).max(0.0);
    Some(match f {
        CostFunction::Linear { zero_at } => (1.0 - extra / (zero_at * host_years)).clamp(0.0, 1.0),
        CostFunction::Halving { half_at } => {
            let h = half_at * host_years;
            h / (h + extra)
        }
        CostFunction::Ratio { floor } => {
            let base = cheapest.unwrap_or(total) + floor * host_years;
            let this = total + floor * host_years;
            if this <= 0.0 {
                1.0
            } else {
                (base / this).clamp(0.0, 1.0)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::Owned;
    use crate::knowledge::SupportHours;

    fn fleet(hosts: u32, sockets: u32, cores: u32, years: u32, windows: u32) -> Fleet {
        Fleet {
            hosts,
            sockets_per_host: sockets,
            cores_per_socket: cores,
            years,
            support: SupportHours::None,
            vms: windows,
            windows_vms: windows,
            largest_cluster: None,
            currency: "USD".into(),
            budget_ceiling: None,
            owned: Vec::new(),
        }
    }

    fn price(unit: PriceUnit, amount: f64, term: Term) -> Price {
        Price {
            unit,
            amount: Some(Money {
                amount,
                currency: "USD".into(),
            }),
            term,
            min_cores_per_cpu: 1,
            min_cores_per_host: 1,
            per: 1,
            pack: 1,
            min_units: 0,
            confidence: Confidence::List,
            range: None,
            as_of: crate::date::Date::parse("2026-01-01").unwrap(),
            sources: Vec::new(),
            what: None,
        }
    }

    #[test]
    fn cores_count_with_a_minimum_per_cpu() {
        // Broadcom KB 313548: a CPU with fewer than 16 cores counts as 16; 2 × 12 cores → 32.
        let mut p = price(PriceUnit::Core, 1.0, Term::Subscription);
        p.min_cores_per_cpu = 16;
        assert_eq!(count_units(&p, &fleet(1, 2, 12, 1, 0)), 32);
        assert_eq!(count_units(&p, &fleet(3, 2, 24, 1, 0)), 144);
    }

    #[test]
    fn windows_server_core_minimums_and_two_core_packs() {
        // Windows Server: at least 8 cores per processor and 16 per server, sold in 2-core packs.
        let mut p = price(PriceUnit::Core, 1176.0, Term::Perpetual);
        (p.min_cores_per_cpu, p.min_cores_per_host, p.pack, p.per) = (8, 16, 2, 16);
        assert_eq!(
            count_units(&p, &fleet(1, 1, 4, 1, 0)),
            16,
            "one 4-core CPU: 16"
        );
        assert_eq!(
            count_units(&p, &fleet(1, 2, 6, 1, 0)),
            16,
            "2 × 6 cores: 2 × 8 = 16"
        );
        assert_eq!(
            count_units(&p, &fleet(1, 2, 10, 1, 0)),
            20,
            "2 × 10 cores: 20"
        );
        assert_eq!(
            count_units(&p, &fleet(1, 1, 17, 1, 0)),
            18,
            "17 cores: nine 2-core packs"
        );
        assert_eq!(
            count_units(&p, &fleet(2, 1, 17, 1, 0)),
            36,
            "packs are per server"
        );
    }

    #[test]
    fn standard_stacks_two_guests_per_set() {
        assert_eq!(sets_for(WindowsGuests::Two, 0), 1);
        assert_eq!(sets_for(WindowsGuests::Two, 2), 1);
        assert_eq!(sets_for(WindowsGuests::Two, 3), 2);
        assert_eq!(sets_for(WindowsGuests::Two, 11), 6);
        assert_eq!(sets_for(WindowsGuests::Unlimited, 50), 1);
        // 10 guests on 3 hosts: each host carries 5 when one is down.
        assert_eq!(windows_guests_per_host(&fleet(3, 1, 8, 1, 10)), 5);
        assert_eq!(windows_guests_per_host(&fleet(1, 1, 8, 1, 3)), 3);
    }

    #[test]
    fn subscriptions_owned_for_some_years_are_deducted() {
        let hv = Hypervisor {
            file: String::new(),
            id: "v".into(),
            name: "V".into(),
            vendor: "V".into(),
            hypervisor_type: 1,
            version: "1".into(),
            released: crate::date::Date::parse("2026-01-01").unwrap(),
            as_of: crate::date::Date::parse("2026-01-01").unwrap(),
            license: "proprietary".into(),
            homepage: None,
            summary: Text {
                en: String::new(),
                fr: String::new(),
            },
            sources: Vec::new(),
            editions: Vec::new(),
            facts: Vec::new(),
            admin_skills: crate::knowledge::AdminSkills {
                skills: Vec::new(),
                sources: Vec::new(),
            },
        };
        let e = Edition {
            id: "e".into(),
            name: Text {
                en: "E".into(),
                fr: "E".into(),
            },
            production: true,
            sold: true,
            support: SupportHours::None,
            note: hv.summary.clone(),
            sources: Vec::new(),
            prices: vec![price(PriceUnit::Host, 100.0, Term::Subscription)],
            windows_guests: None,
            support_option: None,
        };
        let mut f = fleet(2, 1, 8, 5, 0);
        let conv = Converter {
            rates: None,
            to: "USD",
        };
        let l = line(LineKind::Edition, &hv, &e, &e.prices[0], &f, &conv, 1);
        assert_eq!(l.total, Some(1000.0));
        f.owned.push(Owned {
            hypervisor: "v".into(),
            edition: "e".into(),
            years: Some(2),
            at: Default::default(),
        });
        let l = line(LineKind::Edition, &hv, &e, &e.prices[0], &f, &conv, 1);
        assert_eq!((l.periods, l.total), (3, Some(600.0)));
    }

    #[test]
    fn value_functions() {
        let f = fleet(2, 1, 8, 5, 0);
        let lin = CostFunction::Linear { zero_at: 1000.0 };
        assert_eq!(score(lin, Some(0.0), None, &f), Some(1.0));
        assert_eq!(score(lin, Some(5000.0), None, &f), Some(0.5));
        assert_eq!(score(lin, Some(20000.0), None, &f), Some(0.0));
        assert_eq!(score(lin, None, None, &f), None);
        let half = CostFunction::Halving { half_at: 1000.0 };
        assert_eq!(score(half, Some(0.0), None, &f), Some(1.0));
        assert_eq!(score(half, Some(10000.0), None, &f), Some(0.5));
        assert_eq!(score(half, Some(20000.0), None, &f), Some(1.0 / 3.0));
        let ratio = CostFunction::Ratio { floor: 100.0 };
        // cheapest 0 + 1000 floor; this one 3000 + 1000.
        assert_eq!(score(ratio, Some(3000.0), Some(0.0), &f), Some(0.25));
    }
}
