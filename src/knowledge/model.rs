//! Validated knowledge-base types. Built only by [`super::load`], so every value here has passed
//! validation: feature ids exist, sources resolve, values match their feature's kind.

use crate::date::Date;
use crate::lang::Text;
use crate::yaml::Keyword;
use serde::{Serialize, Serializer};

/// Feature categories, in report order. The id prefix of a feature names its category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Virtualization,
    Licensing,
    Cluster,
    Storage,
    Network,
    Backup,
    Guest,
    Management,
    Operations,
}

impl Keyword for Category {
    const ALL: &'static [(&'static str, Category)] = &[
        ("virt", Category::Virtualization),
        ("license", Category::Licensing),
        ("cluster", Category::Cluster),
        ("storage", Category::Storage),
        ("network", Category::Network),
        ("backup", Category::Backup),
        ("guest", Category::Guest),
        ("management", Category::Management),
        ("operations", Category::Operations),
    ];
}

impl Category {
    /// The name used in output and message keys (`virtualization`, `licensing`, …).
    pub fn name(self) -> &'static str {
        match self {
            Category::Virtualization => "virtualization",
            Category::Licensing => "licensing",
            Category::Cluster => "cluster",
            Category::Storage => "storage",
            Category::Network => "network",
            Category::Backup => "backup",
            Category::Guest => "guest",
            Category::Management => "management",
            Category::Operations => "operations",
        }
    }
}

/// What kind of value a feature's facts carry besides the support level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueKind {
    Flag,
    Integer,
    Text,
    List,
    Choice,
    Ports,
    Lifecycle,
    Resources,
}

impl Keyword for ValueKind {
    const ALL: &'static [(&'static str, ValueKind)] = &[
        ("flag", ValueKind::Flag),
        ("integer", ValueKind::Integer),
        ("text", ValueKind::Text),
        ("list", ValueKind::List),
        ("choice", ValueKind::Choice),
        ("ports", ValueKind::Ports),
        ("lifecycle", ValueKind::Lifecycle),
        ("resources", ValueKind::Resources),
    ];
}

/// Unit of an integer value; its label lives in the message catalogues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// A count of hosts (e.g. the fewest hosts HA needs).
    Nodes,
    /// A documented upper limit on the hosts of one cluster.
    MaxNodes,
    Port,
    Components,
}

impl Keyword for Unit {
    const ALL: &'static [(&'static str, Unit)] = &[
        ("nodes", Unit::Nodes),
        ("max-nodes", Unit::MaxNodes),
        ("port", Unit::Port),
        ("components", Unit::Components),
    ];
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    pub id: String,
    pub label: Text,
}

/// A skill a team has, or a platform's administration builds on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Skill {
    Windows,
    Vmware,
    Linux,
    Kubernetes,
}

impl Keyword for Skill {
    const ALL: &'static [(&'static str, Skill)] = &[
        ("windows", Skill::Windows),
        ("vmware", Skill::Vmware),
        ("linux", Skill::Linux),
        ("kubernetes", Skill::Kubernetes),
    ];
}

/// The skills a platform's administration builds on, with the sources that show it (its host
/// operating system and tools). Empty: a platform of its own, which any team learns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdminSkills {
    pub skills: Vec<Skill>,
    pub sources: Vec<String>,
}

/// One entry of the feature catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feature {
    pub id: String,
    pub category: Category,
    pub kind: ValueKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    pub value_required: bool,
    /// Shown in reports (comparison tables, practical sections) but scored by no profile on
    /// purpose: it describes rather than ranks (ports, host OS, resources, installer, model).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub descriptive: bool,
    pub label: Text,
    pub description: Text,
    /// What having the feature means for the reader, in plain words (the memo's first page).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meaning: Option<Text>,
    /// What the reader does not get when the feature is absent, in plain words (page one's
    /// risk lines: a limit reads as the limit it is).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lacking: Option<Text>,
    /// For a "migration from X" feature: the hypervisor X. The source platform never scores
    /// its own migration feature: staying needs no migration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub migrates_from: Option<String>,
    /// Where `migrates-from` is written (line, column), to check it names a hypervisor.
    #[serde(skip)]
    pub migrates_from_at: (u64, u64),
}

/// The feature catalogue, in file order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalogue {
    pub features: Vec<Feature>,
}

impl Catalogue {
    pub fn feature(&self, id: &str) -> Option<&Feature> {
        self.features.iter().find(|f| f.id == id)
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.features.iter().position(|f| f.id == id)
    }
}

/// How far a hypervisor supports a feature.
///
/// `Paid` is never written in a knowledge file or a profile: a fact that needs a paid edition
/// names that edition (see [`Edition`]). `Paid` is what a report *displays* for such a fact,
/// derived by [`Hypervisor::displayed_support`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Support {
    Native,
    Paid,
    Plugin,
    Partial,
    Experimental,
    Deprecated,
    None,
    Unknown,
}

impl Keyword for Support {
    const ALL: &'static [(&'static str, Support)] = &[
        ("native", Support::Native),
        ("paid", Support::Paid),
        ("plugin", Support::Plugin),
        ("partial", Support::Partial),
        ("experimental", Support::Experimental),
        ("deprecated", Support::Deprecated),
        ("none", Support::None),
        ("unknown", Support::Unknown),
    ];
}

impl Support {
    pub fn name(self) -> &'static str {
        self.keyword()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub url: String,
    /// The document's own title (in its own language).
    pub title: String,
    /// Our remark on the document, in both languages: a secondary source, a mirror, the
    /// version read, what it was used for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Protocol {
    #[serde(rename = "tcp")]
    Tcp,
    #[serde(rename = "udp")]
    Udp,
    #[serde(rename = "tcp+udp")]
    TcpUdp,
}

impl Keyword for Protocol {
    const ALL: &'static [(&'static str, Protocol)] = &[
        ("tcp", Protocol::Tcp),
        ("udp", Protocol::Udp),
        ("tcp+udp", Protocol::TcpUdp),
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    In,
    Out,
    Both,
}

impl Keyword for Direction {
    const ALL: &'static [(&'static str, Direction)] = &[
        ("in", Direction::In),
        ("out", Direction::Out),
        ("both", Direction::Both),
    ];
}

/// A port or an inclusive range of ports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortRange {
    pub first: u16,
    pub last: u16,
}

impl std::fmt::Display for PortRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}-{}", self.first, self.last)
        }
    }
}

impl Serialize for PortRange {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Port {
    pub port: PortRange,
    pub protocol: Protocol,
    pub direction: Direction,
    pub purpose: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lifecycle {
    pub version: String,
    pub released: Option<Date>,
    pub end_of_support: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resources {
    pub cpu_cores: Option<f64>,
    pub memory_gib: Option<f64>,
    pub disk_gib: Option<f64>,
}

/// The typed value of a fact, of the kind its feature declares.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FactValue {
    Integer(i64),
    Text(String),
    List(Vec<String>),
    Ports(Vec<Port>),
    Lifecycle(Lifecycle),
    Resources(Resources),
}

/// What one hypervisor offers for one feature, and where that is written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    pub feature: String,
    pub support: Support,
    pub value: Option<FactValue>,
    pub note: Text,
    /// Keys into the hypervisor's source table.
    pub sources: Vec<String>,
    pub since: Option<String>,
    pub as_of: Date,
    /// The cheapest edition that provides the feature (it is also in every later edition).
    pub edition: Option<String>,
    /// Where the fact is written (line of its key), for diagnostics; not part of the content.
    #[serde(skip)]
    pub line: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hypervisor {
    /// The file it was read from, for diagnostics; not part of the content.
    #[serde(skip)]
    pub file: String,
    pub id: String,
    pub name: String,
    pub vendor: String,
    /// 1 = bare metal, 2 = hosted.
    pub hypervisor_type: u8,
    pub version: String,
    pub released: Date,
    pub as_of: Date,
    pub license: String,
    pub homepage: Option<String>,
    pub summary: Text,
    /// Source table, by key, in file order.
    pub sources: Vec<(String, Source)>,
    /// Editions or offers, lowest tier first; never empty.
    pub editions: Vec<Edition>,
    /// One fact per catalogue feature, in catalogue order.
    pub facts: Vec<Fact>,
    /// The skills running it builds on: a team with none of them is trained (a cost line).
    pub admin_skills: AdminSkills,
}

impl Hypervisor {
    pub fn fact(&self, feature: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.feature == feature)
    }

    pub fn source(&self, key: &str) -> Option<&Source> {
        self.sources.iter().find(|(k, _)| k == key).map(|(_, s)| s)
    }

    /// The sources a fact cites, resolved from the source table.
    pub fn cited(&self, fact: &Fact) -> Vec<Source> {
        self.cited_keys(&fact.sources)
    }

    pub fn edition(&self, id: &str) -> Option<&Edition> {
        self.editions.iter().find(|e| e.id == id)
    }

    /// Position of an edition in the tier order.
    pub fn tier(&self, id: &str) -> Option<usize> {
        self.editions.iter().position(|e| e.id == id)
    }

    /// The support level a report shows: `paid` when the fact needs a paid edition.
    pub fn displayed_support(&self, fact: &Fact) -> Support {
        match fact.edition.as_deref().and_then(|e| self.edition(e)) {
            Some(e) if !e.prices.is_empty() && fact.support != Support::None => Support::Paid,
            _ => fact.support,
        }
    }

    /// The sources an edition or a price cites, resolved from the source table.
    pub fn cited_keys(&self, keys: &[String]) -> Vec<Source> {
        keys.iter()
            .filter_map(|k| self.source(k).cloned())
            .collect()
    }

    /// The oldest `as_of` among the file and its facts.
    pub fn oldest_as_of(&self) -> Date {
        self.facts
            .iter()
            .map(|f| f.as_of)
            .fold(self.as_of, std::cmp::min)
    }
}

/// Support included in an edition, from least to most (`Unknown` first: it guarantees nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum SupportHours {
    /// Not published: whether it meets a need follows the profile's unknown policy.
    #[serde(rename = "unknown")]
    Unknown,
    /// No support at all.
    #[serde(rename = "none")]
    None,
    /// Forums and mailing lists, no commitment.
    #[serde(rename = "community")]
    Community,
    /// Tickets answered in business hours.
    #[serde(rename = "business-hours")]
    BusinessHours,
    /// Around the clock, every day.
    #[serde(rename = "24x7")]
    AroundTheClock,
}

impl Keyword for SupportHours {
    const ALL: &'static [(&'static str, SupportHours)] = &[
        ("none", SupportHours::None),
        ("community", SupportHours::Community),
        ("business-hours", SupportHours::BusinessHours),
        ("24x7", SupportHours::AroundTheClock),
        ("unknown", SupportHours::Unknown),
    ];
}

/// What a price is counted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PriceUnit {
    Socket,
    Core,
    Host,
    Vm,
    /// One price for the whole estate.
    Flat,
}

impl Keyword for PriceUnit {
    const ALL: &'static [(&'static str, PriceUnit)] = &[
        ("socket", PriceUnit::Socket),
        ("core", PriceUnit::Core),
        ("host", PriceUnit::Host),
        ("vm", PriceUnit::Vm),
        ("flat", PriceUnit::Flat),
    ];
}

/// How long a payment lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Term {
    /// The amount is paid every year.
    Subscription,
    /// The amount is paid once.
    Perpetual,
}

impl Keyword for Term {
    const ALL: &'static [(&'static str, Term)] = &[
        ("subscription", Term::Subscription),
        ("perpetual", Term::Perpetual),
    ];
}

/// How much a price can be trusted, from most to least.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// The user's own quote (`--prices`).
    Quote,
    /// Published by the vendor.
    List,
    /// Given only by secondary sources (resellers, press).
    Reported,
    /// No public price: on quote.
    QuoteOnly,
}

impl Keyword for Confidence {
    const ALL: &'static [(&'static str, Confidence)] = &[
        ("list", Confidence::List),
        ("reported", Confidence::Reported),
        ("quote-only", Confidence::QuoteOnly),
    ];
}

/// Windows Server guests a Windows Server edition licenses on each fully licensed host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WindowsGuests {
    /// No guest rights (pay-as-you-go host licences).
    None,
    /// Two guests per full licence; licences stack for more.
    Two,
    Unlimited,
}

/// A currency amount: an ISO 4217 code and a number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Money {
    pub amount: f64,
    pub currency: String,
}

/// One paid line of an edition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Price {
    pub unit: PriceUnit,
    /// Per `per` units per period; `None` when the price is on quote only.
    pub amount: Option<Money>,
    pub term: Term,
    pub min_cores_per_cpu: u32,
    pub min_cores_per_host: u32,
    /// The amount is for this many units (Windows Server: 16 cores).
    pub per: u32,
    /// Units are sold in packs of this many.
    pub pack: u32,
    /// Minimum order, in units, for the whole estate.
    pub min_units: u32,
    pub confidence: Confidence,
    /// Lowest and highest amounts the sources give, when they disagree.
    pub range: Option<(f64, f64)>,
    pub as_of: Date,
    pub sources: Vec<String>,
    pub what: Option<Text>,
}

/// An edition, offer or subscription level of a hypervisor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edition {
    pub id: String,
    /// The product's name; a plain string in the file is the same in every language.
    pub name: Text,
    /// May legally run production workloads (a time-limited trial may not).
    pub production: bool,
    /// Still sold to new customers (a withdrawn edition counts only when already owned).
    pub sold: bool,
    /// Support included.
    pub support: SupportHours,
    pub note: Text,
    pub sources: Vec<String>,
    /// Paid lines; empty for a free edition.
    pub prices: Vec<Price>,
    /// Set on Windows Server editions: the Windows guests they license.
    pub windows_guests: Option<WindowsGuests>,
    /// Support sold separately, bought when the fleet needs more than the edition includes.
    pub support_option: Option<SupportOption>,
}

impl Edition {
    /// The most support the edition can come with: its own, or its separate support offer.
    pub fn best_support(&self) -> SupportHours {
        self.support_option
            .as_ref()
            .map_or(self.support, |o| o.support.max(self.support))
    }
}

/// A support contract sold separately from an edition (e.g. Microsoft Unified Support).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SupportOption {
    pub name: Text,
    pub support: SupportHours,
    pub note: Text,
    pub sources: Vec<String>,
    pub prices: Vec<Price>,
}

/// A dated, sourced exchange rate: 1 unit of the reference currency buys `rate` of `currency`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rate {
    pub currency: String,
    pub rate: f64,
    pub as_of: Date,
    pub source: Source,
}

/// Exchange rates against one reference currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Currencies {
    pub reference: String,
    pub rates: Vec<Rate>,
}

impl Currencies {
    /// How many units of `to` one unit of `from` is worth, when both are known.
    pub fn factor(&self, from: &str, to: &str) -> Option<f64> {
        let per_ref = |c: &str| {
            if c == self.reference {
                Some(1.0)
            } else {
                self.rates.iter().find(|r| r.currency == c).map(|r| r.rate)
            }
        };
        Some(per_ref(to)? / per_ref(from)?)
    }

    /// The rate used between two currencies (the non-reference one), for citing.
    pub fn rate_between(&self, a: &str, b: &str) -> Option<&Rate> {
        self.rates
            .iter()
            .find(|r| (r.currency == a || r.currency == b) && a != b)
    }
}

/// A validated knowledge base. Hypervisors are sorted by id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KnowledgeBase {
    pub catalogue: Catalogue,
    pub hypervisors: Vec<Hypervisor>,
    /// Exchange rates (`currencies.yaml`), when the base has them.
    pub currencies: Option<Currencies>,
    /// Short hash of the source files (see [`super::load`]).
    #[serde(skip)]
    pub hash: String,
}

impl KnowledgeBase {
    pub fn hypervisor(&self, id: &str) -> Option<&Hypervisor> {
        self.hypervisors.iter().find(|h| h.id == id)
    }

    /// The oldest `as_of` date of any fact: how old the base's freshest guarantee is.
    pub fn oldest_as_of(&self) -> Option<Date> {
        self.hypervisors.iter().map(Hypervisor::oldest_as_of).min()
    }

    /// Short hash of the base's files, so two readers can tell they used the same base.
    pub fn content_hash(&self) -> String {
        self.hash.clone()
    }
}

/// How complete one hypervisor's facts are (`kb stats`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub id: String,
    pub name: String,
    pub version: String,
    pub features: usize,
    /// Facts with a support level other than `unknown`.
    pub filled: usize,
    /// Facts citing at least one source.
    pub sourced: usize,
    pub unknown: usize,
    pub sources: usize,
    pub oldest_as_of: Date,
}

impl KnowledgeBase {
    /// Completeness figures per hypervisor, in id order.
    pub fn stats(&self) -> Vec<Stats> {
        self.hypervisors
            .iter()
            .map(|h| Stats {
                id: h.id.clone(),
                name: h.name.clone(),
                version: h.version.clone(),
                features: self.catalogue.features.len(),
                filled: h
                    .facts
                    .iter()
                    .filter(|f| f.support != Support::Unknown)
                    .count(),
                sourced: h.facts.iter().filter(|f| !f.sources.is_empty()).count(),
                unknown: h
                    .facts
                    .iter()
                    .filter(|f| f.support == Support::Unknown)
                    .count(),
                sources: h.sources.len(),
                oldest_as_of: h.oldest_as_of(),
            })
            .collect()
    }
}
