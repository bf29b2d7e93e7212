//! The position-annotated YAML tree. Shared by the library (`crate::yaml`) and `build.rs`, which
//! parses the built-in files ahead of time: this file depends only on serde and serde-saphyr.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// A YAML node with its position.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(into = "NodeRepr", from = "NodeRepr")]
pub struct Node {
    pub value: Value,
    pub line: u64,
    pub column: u64,
    /// The scalar exactly as written (for `9.10`, which a float would turn into `9.1`).
    pub raw: Option<String>,
}

/// A mapping key with its position.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(into = "KeyRepr", from = "KeyRepr")]
pub struct Key {
    pub name: String,
    pub line: u64,
    pub column: u64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    #[serde(rename = "0")]
    Null,
    #[serde(rename = "b")]
    Bool(bool),
    #[serde(rename = "i")]
    Int(i64),
    #[serde(rename = "f")]
    Float(f64),
    #[serde(rename = "s")]
    Str(String),
    #[serde(rename = "q")]
    Seq(Vec<Node>),
    #[serde(rename = "m")]
    Map(Vec<(Key, Node)>),
}

/// Compact forms for the build-time cache: tuples parse faster than objects.
#[derive(serde::Serialize, serde::Deserialize)]
struct NodeRepr(Value, u64, u64, Option<String>);

#[derive(serde::Serialize, serde::Deserialize)]
struct KeyRepr(String, u64, u64);

impl From<Node> for NodeRepr {
    fn from(n: Node) -> Self {
        NodeRepr(n.value, n.line, n.column, n.raw)
    }
}

impl From<NodeRepr> for Node {
    fn from(r: NodeRepr) -> Self {
        Node {
            value: r.0,
            line: r.1,
            column: r.2,
            raw: r.3,
        }
    }
}

impl From<Key> for KeyRepr {
    fn from(k: Key) -> Self {
        KeyRepr(k.name, k.line, k.column)
    }
}

impl From<KeyRepr> for Key {
    fn from(r: KeyRepr) -> Self {
        Key {
            name: r.0,
            line: r.1,
            column: r.2,
        }
    }
}

impl Value {
    /// The token naming this kind of node in messages (`mapping`, `list`, `text`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) | Value::Float(_) => "number",
            Value::Str(_) => "text",
            Value::Seq(_) => "list",
            Value::Map(_) => "mapping",
        }
    }
}

/// The raw tree as serde-saphyr delivers it; converted into [`Node`] with source text.
enum RawValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<RawValue>>),
    Map(Vec<(Spanned<String>, Spanned<RawValue>)>),
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawValue;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<RawValue, E> {
        Ok(RawValue::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<RawValue, E> {
        Ok(RawValue::Int(v))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawValue, E> {
        i64::try_from(v)
            .map(RawValue::Int)
            .or(Ok(RawValue::Float(v as f64)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<RawValue, E> {
        Ok(RawValue::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<RawValue, E> {
        Ok(RawValue::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<RawValue, E> {
        Ok(RawValue::Str(v))
    }
    fn visit_unit<E>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }
    fn visit_none<E>(self) -> Result<RawValue, E> {
        Ok(RawValue::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawValue, D::Error> {
        RawValue::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawValue::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(RawValue::Map(entries))
    }
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawValue, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

fn convert(src: &str, raw: Spanned<RawValue>) -> Node {
    let loc = raw.referenced;
    let text_of = || {
        let span = loc.span();
        let start = usize::try_from(span.byte_offset()?).ok()?;
        let len = usize::try_from(span.byte_len()?).ok()?;
        src.get(start..start + len).map(str::to_owned)
    };
    let (value, raw_text) = match raw.value {
        RawValue::Null => (Value::Null, None),
        RawValue::Bool(b) => (Value::Bool(b), text_of()),
        RawValue::Int(i) => (Value::Int(i), text_of()),
        RawValue::Float(f) => (Value::Float(f), text_of()),
        RawValue::Str(s) => (Value::Str(s), None),
        RawValue::Seq(items) => (
            Value::Seq(items.into_iter().map(|n| convert(src, n)).collect()),
            None,
        ),
        RawValue::Map(entries) => (
            Value::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| {
                        let key = Key {
                            name: k.value,
                            line: k.referenced.line(),
                            column: k.referenced.column(),
                        };
                        (key, convert(src, v))
                    })
                    .collect(),
            ),
            None,
        ),
    };
    Node {
        value,
        line: loc.line(),
        column: loc.column(),
        raw: raw_text,
    }
}

/// The parser's settings: duplicate keys rejected (the default), a budget against alias bombs,
/// and `.nan`/`.inf` passed through so that validation can say where a finite number was expected.
pub fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! { max_nodes: 1_000_000, max_total_scalar_bytes: 64 * 1024 * 1024 },
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::PassThrough,
    }
}

/// Parses one YAML document into a tree (errors are serde-saphyr's, with their position).
pub fn parse_tree(src: &str) -> Result<Node, serde_saphyr::Error> {
    serde_saphyr::from_str_with_options::<Spanned<RawValue>>(src, options())
        .map(|t| convert(src, t))
}
