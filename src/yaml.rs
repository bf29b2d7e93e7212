//! The one place YAML is read.
//!
//! [`parse`] turns a file into a tree of [`Node`]s that remember their line and column (through
//! serde-saphyr, which rejects duplicate keys and bounds alias expansion). The [`Reader`] then
//! converts nodes into typed values while *collecting* diagnostics, so a file with ten mistakes
//! reports ten diagnostics instead of the first one.

use crate::date::Date;
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::lang::Text;

pub use crate::yaml_tree::{Key, Node, Value};

/// Parses one YAML document. A syntax error (or a duplicate key) ends the parse: the file has no
/// tree to validate, so it is the only diagnostic for that file.
pub fn parse(file: &str, src: &str) -> Result<Node, Diagnostic> {
    match crate::yaml_tree::parse_tree(src) {
        Ok(tree) => Ok(tree),
        Err(err) => {
            let (line, column) = err
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((0, 0));
            let message = err.without_snippet().to_string();
            let message = strip_position(&message);
            if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
                let key = key.split(", set DuplicateKeyPolicy").next().unwrap_or(key);
                return Err(Diagnostic::new(Code::DuplicateKey, file, line, column).arg("key", key));
            }
            let (kind, part) = syntax_kind(message);
            Err(Diagnostic::new(Code::YamlSyntax, file, line, column)
                .arg("kind", kind)
                .arg("part", part)
                .arg("detail", message))
        }
    }
}

/// The parser's messages that the catalogues translate, by the kind they name there; the
/// parser writes its messages in English, and an unlisted one is shown as it is.
const SYNTAX_KINDS: &[(&str, &str)] = &[
    ("unclosed quote", "unclosed-quote"),
    ("unclosed bracket '", "unclosed-bracket"),
    ("mismatched bracket '", "mismatched-bracket"),
    ("misplaced bracket", "misplaced-bracket"),
    (
        "mapping values are not allowed in this context",
        "mapping-value",
    ),
    ("illegal placement of ':' indicator", "colon-placement"),
    (
        "':' must be followed by a valid YAML whitespace",
        "colon-space",
    ),
    (
        "'-' must be followed by a valid YAML whitespace",
        "dash-space",
    ),
    (
        "block sequence entries are not allowed in this context",
        "sequence-entry",
    ),
    (
        "mapping keys are not allowed in this context",
        "mapping-key",
    ),
    ("tab cannot be used as indentation", "tab"),
    ("tabs disallowed", "tab"),
    ("while scanning a plain scalar, found a tab", "tab"),
    ("a block scalar content cannot start with a tab", "tab"),
    ("invalid indentation", "indentation"),
    ("wrongly indented line in block scalar", "indentation"),
    ("unexpected eof", "eof"),
    ("unexpected EOF", "eof"),
    (
        "while parsing a block mapping, did not find expected key",
        "expected-key",
    ),
    (
        "while parsing a node, did not find expected node content",
        "expected-node",
    ),
    (
        "while parsing a flow mapping, did not find expected ',' or '}'",
        "flow-mapping",
    ),
    (
        "while parsing a flow sequence, expected ',' or ']'",
        "flow-sequence",
    ),
    ("while parsing node, found unknown anchor", "unknown-anchor"),
    ("unexpected character: `", "unexpected-character"),
    (
        "while parsing a quoted scalar, found unknown escape character",
        "escape",
    ),
    ("invalid trailing content after", "trailing-content"),
    ("simple key", "simple-key"),
    (
        "comments must be separated from other tokens by whitespace",
        "comment-space",
    ),
    ("recursion limit exceeded", "recursion"),
    ("multiple documents not supported here", "documents"),
    ("multiple YAML documents detected", "documents"),
    ("budget breached", "budget"),
    ("cannot deserialize null into string", "key-not-text"),
    ("expected string scalar", "key-not-text"),
    ("alias references unknown anchor", "unknown-anchor"),
    (
        "while parsing a quoted scalar, found high surrogate",
        "escape",
    ),
    (
        "while parsing a quoted scalar, found low surrogate",
        "escape",
    ),
];

/// The kind of a parser message (see [`SYNTAX_KINDS`]) and the part it quotes (a bracket, a
/// character), or `other`.
fn syntax_kind(message: &str) -> (&'static str, String) {
    let Some((prefix, kind)) = SYNTAX_KINDS
        .iter()
        .find(|(prefix, _)| message.starts_with(prefix))
    else {
        return ("other", String::new());
    };
    let rest = &message[prefix.len()..];
    let part = match *kind {
        // "unclosed bracket '['", "mismatched bracket '[' closed by '}'"
        "unclosed-bracket" | "mismatched-bracket" => rest.split('\'').next().unwrap_or(""),
        // "unexpected character: `\t'"
        "unexpected-character" => rest.strip_suffix('\'').unwrap_or(rest),
        _ => "",
    };
    (kind, part.to_owned())
}

/// A tree parsed at build time (see `build.rs`) when there is one, else [`parse`]. The cache
/// holds the same nodes with the same positions, so diagnostics are identical either way.
pub fn parse_cached(file: &str, src: &str, cache: Option<&str>) -> Result<Node, Diagnostic> {
    if let Some(tree) = cache.and_then(|json| serde_json::from_str::<Node>(json).ok()) {
        return Ok(tree);
    }
    parse(file, src)
}

/// serde-saphyr ends its messages with " at line L, column C"; we report the position separately.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => &message[..i],
        _ => message,
    }
}

/// A closed set of words a YAML field may hold (support levels, protocols, …).
pub trait Keyword: Sized + Copy + 'static {
    /// Every spelling and the value it stands for.
    const ALL: &'static [(&'static str, Self)];

    fn from_keyword(word: &str) -> Option<Self> {
        Self::ALL.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
    }

    fn keyword(self) -> &'static str
    where
        Self: PartialEq,
    {
        Self::ALL
            .iter()
            .find(|(_, v)| *v == self)
            .map(|(w, _)| *w)
            .unwrap_or("")
    }
}

/// A mapping node whose keys have been checked against the allowed ones.
pub struct Map<'n> {
    pub node: &'n Node,
    pub entries: &'n [(Key, Node)],
}

impl<'n> Map<'n> {
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }
}

/// Converts nodes into typed values, collecting a diagnostic for every problem.
pub struct Reader<'f> {
    pub file: &'f str,
    pub diags: Vec<Diagnostic>,
}

impl<'f> Reader<'f> {
    pub fn new(file: &'f str) -> Reader<'f> {
        Reader {
            file,
            diags: Vec::new(),
        }
    }

    /// Records a diagnostic at a node.
    pub fn report(&mut self, code: Code, line: u64, column: u64) -> &mut Diagnostic {
        self.diags
            .push(Diagnostic::new(code, self.file, line, column));
        self.diags.last_mut().expect("just pushed")
    }

    pub fn at(&mut self, code: Code, node: &Node) -> &mut Diagnostic {
        self.report(code, node.line, node.column)
    }

    fn expected(&mut self, node: &Node, expected: &str) {
        let found = node.value.kind();
        let d = self.at(Code::ExpectedType, node);
        d.args.push(("expected", expected.to_owned()));
        d.args.push(("found", found.to_owned()));
    }

    /// A mapping whose keys must all be in `allowed`; unknown keys are reported with a suggestion.
    pub fn map<'n>(&mut self, node: &'n Node, allowed: &[&str]) -> Option<Map<'n>> {
        let Value::Map(entries) = &node.value else {
            self.expected(node, "mapping");
            return None;
        };
        for (key, _) in entries {
            if !allowed.contains(&key.name.as_str()) {
                let suggestion = did_you_mean(&key.name, allowed.iter().copied());
                let d = self.report(Code::UnknownKey, key.line, key.column);
                d.args.push(("key", key.name.clone()));
                d.args.push(("allowed", allowed.join(", ")));
                d.suggestion = suggestion;
            }
        }
        Some(Map { node, entries })
    }

    /// A mapping with free keys (ids), returned in file order.
    pub fn entries<'n>(&mut self, node: &'n Node) -> Option<&'n [(Key, Node)]> {
        match &node.value {
            Value::Map(entries) => Some(entries),
            _ => {
                self.expected(node, "mapping");
                None
            }
        }
    }

    /// The value of a key that must be present.
    pub fn required<'n>(&mut self, map: &Map<'n>, key: &str) -> Option<&'n Node> {
        let found = map.get(key);
        if found.is_none() {
            let d = self.at(Code::MissingKey, map.node);
            d.args.push(("key", key.to_owned()));
        }
        found
    }

    pub fn seq<'n>(&mut self, node: &'n Node) -> Option<&'n [Node]> {
        match &node.value {
            Value::Seq(items) => Some(items),
            _ => {
                self.expected(node, "list");
                None
            }
        }
    }

    /// A non-empty string.
    pub fn string(&mut self, node: &Node) -> Option<String> {
        match &node.value {
            Value::Str(s) if !s.trim().is_empty() => Some(s.clone()),
            Value::Str(_) => {
                self.expected(node, "text");
                None
            }
            _ => {
                self.expected(node, "text");
                None
            }
        }
    }

    /// A version: a string, or a number taken exactly as written (`9.10` stays `9.10`).
    pub fn version(&mut self, node: &Node) -> Option<String> {
        match (&node.value, &node.raw) {
            (Value::Int(_) | Value::Float(_), Some(raw)) => Some(raw.clone()),
            _ => self.string(node),
        }
    }

    pub fn integer(&mut self, node: &Node) -> Option<i64> {
        match node.value {
            Value::Int(i) => Some(i),
            // Digits only, but beyond 64 bits: a whole number out of range, not a wrong type.
            _ if overflowing_integer(node) => {
                let raw = node.raw.clone().unwrap_or_default();
                self.at(Code::OutOfRange, node).args.extend([
                    ("value", raw),
                    ("min", i64::MIN.to_string()),
                    ("max", i64::MAX.to_string()),
                ]);
                None
            }
            _ => {
                self.expected(node, "integer");
                None
            }
        }
    }

    /// A finite number, not negative.
    pub fn non_negative(&mut self, node: &Node) -> Option<f64> {
        let n = match node.value {
            Value::Int(i) => i as f64,
            Value::Float(f) => f,
            _ => {
                self.expected(node, "number");
                return None;
            }
        };
        if !n.is_finite() || n < 0.0 {
            let raw = node.raw.clone().unwrap_or_else(|| n.to_string());
            self.at(Code::InvalidNumber, node).args.push(("value", raw));
            return None;
        }
        Some(n)
    }

    pub fn date(&mut self, node: &Node) -> Option<Date> {
        let Value::Str(s) = &node.value else {
            self.expected(node, "date");
            return None;
        };
        let date = Date::parse(s);
        if date.is_none() {
            self.at(Code::InvalidDate, node)
                .args
                .push(("value", s.clone()));
        }
        date
    }

    /// A bilingual text: a mapping with exactly the keys `en` and `fr`.
    pub fn text(&mut self, node: &Node) -> Option<Text> {
        // `{ en: a, b, fr: c }` splits at the comma into a key `b` with no value: say so.
        if let Value::Map(entries) = &node.value {
            for (key, value) in entries {
                if key.name != "en" && key.name != "fr" && value.value == Value::Null {
                    let d = self.report(Code::UnquotedComma, key.line, key.column);
                    d.args.push(("text", key.name.clone()));
                }
            }
        }
        let stray =
            |(k, v): &(Key, Node)| k.name != "en" && k.name != "fr" && v.value == Value::Null;
        let map = match &node.value {
            Value::Map(entries) if entries.iter().any(stray) => Map { node, entries },
            _ => self.map(node, &["en", "fr"])?,
        };
        let mut get = |lang: &str| match map.get(lang) {
            Some(n) => self.string(n),
            None => {
                let d = self.at(Code::MissingLanguage, node);
                d.args.push(("lang", lang.to_owned()));
                None
            }
        };
        let en = get("en");
        let fr = get("fr");
        Some(Text { en: en?, fr: fr? })
    }

    /// A word from a closed list given here (a keyword without its own type).
    pub fn one_of(&mut self, node: &Node, allowed: &[&str]) -> Option<String> {
        let s = self.string(node)?;
        if allowed.contains(&s.as_str()) {
            return Some(s);
        }
        let d = self.at(Code::UnknownValue, node);
        d.args.push(("value", s.clone()));
        d.args.push(("allowed", allowed.join(", ")));
        d.suggestion = did_you_mean(&s, allowed.iter().copied());
        None
    }

    pub fn keyword<T: Keyword>(&mut self, node: &Node) -> Option<T> {
        let Value::Str(word) = &node.value else {
            self.expected(node, "text");
            return None;
        };
        let found = T::from_keyword(word);
        if found.is_none() {
            let words: Vec<&str> = T::ALL.iter().map(|(w, _)| *w).collect();
            let suggestion = did_you_mean(word, words.iter().copied());
            let d = self.at(Code::UnknownValue, node);
            d.args.push(("value", word.clone()));
            d.args.push(("allowed", words.join(", ")));
            d.suggestion = suggestion;
        }
        found
    }

    /// A list of non-empty strings (a single string is not accepted: it is a list).
    pub fn strings(&mut self, node: &Node) -> Option<Vec<String>> {
        let items = self.seq(node)?;
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            match self.string(item) {
                Some(s) => out.push(s),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    pub fn keywords<T: Keyword>(&mut self, node: &Node) -> Option<Vec<T>> {
        let items = self.seq(node)?;
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            match self.keyword(item) {
                Some(s) => out.push(s),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }
}

/// Serialises a list of pairs as a mapping, keeping the list's order.
pub struct MapOf<'a, K, V>(pub &'a [(K, V)]);

impl<K: serde::Serialize, V: serde::Serialize> serde::Serialize for MapOf<'_, K, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Whether `node` is written as a whole number too large for 64 bits (the parser made it a
/// float).
pub fn overflowing_integer(node: &Node) -> bool {
    matches!(node.value, Value::Float(_))
        && node.raw.as_deref().is_some_and(|raw| {
            let digits = raw.strip_prefix(['-', '+']).unwrap_or(raw);
            !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_and_raw_numbers() {
        let node = parse("t.yaml", "a: 1\nversion: 9.10\n").unwrap();
        let Value::Map(entries) = &node.value else {
            panic!("not a map")
        };
        assert_eq!(entries[1].0.name, "version");
        assert_eq!((entries[1].1.line, entries[1].1.column), (2, 10));
        let mut r = Reader::new("t.yaml");
        assert_eq!(r.version(&entries[1].1).as_deref(), Some("9.10"));
    }

    #[test]
    fn reports_duplicate_keys_with_position() {
        let d = parse("t.yaml", "a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(d.code, Code::DuplicateKey);
        assert_eq!((d.line, d.column), (3, 1));
        assert_eq!(d.args, vec![("key", "a".to_owned())]);
    }

    #[test]
    fn reports_syntax_errors_with_position() {
        let d = parse("t.yaml", "a: [1, 2\nb: 3\n").unwrap_err();
        assert_eq!(d.code, Code::YamlSyntax);
        assert!(d.line >= 1);
    }

    #[test]
    fn collects_every_problem() {
        let node = parse("t.yaml", "nme: x\ntext: { en: hi }\n").unwrap();
        let mut r = Reader::new("t.yaml");
        let map = r.map(&node, &["name", "text"]).unwrap();
        let _ = r.required(&map, "name");
        let _ = r.text(map.get("text").unwrap());
        let codes: Vec<Code> = r.diags.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            vec![Code::UnknownKey, Code::MissingKey, Code::MissingLanguage]
        );
        assert_eq!(r.diags[0].suggestion.as_deref(), Some("name"));
    }
}
