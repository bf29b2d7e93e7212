//! Message catalogues (Fluent) and per-language number formatting.

use crate::lang::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// One Fluent bundle per language, loaded from `i18n/<lang>.ftl`.
pub struct Catalogues {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

/// A problem in a message catalogue or a call to it.
#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    /// A catalogue that does not parse: where, and what Fluent expected there.
    #[error("{file}:{line}:{column}: {detail}")]
    Syntax {
        file: String,
        line: u64,
        column: u64,
        /// Fluent's error kind, for the log; users read [`I18nError::syntax_kind`].
        detail: String,
        kind: &'static str,
        part: String,
    },
    #[error("message `{key}` is not in i18n/{lang}.ftl")]
    Missing { key: String, lang: &'static str },
    #[error("message `{key}` in i18n/{lang}.ftl: {detail}")]
    Format {
        key: String,
        lang: &'static str,
        detail: String,
    },
}

/// Line and column (1-based, in characters) of a byte offset.
fn position(text: &str, offset: usize) -> (u64, u64) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() as u64 + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() as u64 + 1;
    (line, column)
}

impl Catalogues {
    /// Builds the bundles from the `.ftl` text of each language; `file` names it in errors.
    pub fn new(sources: &[(Lang, String, String)]) -> Result<Catalogues, I18nError> {
        let mut bundles = Vec::new();
        for (lang, file, text) in sources {
            let resource = FluentResource::try_new(text.clone()).map_err(|(_, errs)| {
                let first = &errs[0];
                let (line, column) = position(text, first.pos.start);
                use fluent_syntax::parser::ErrorKind as K;
                let (kind, part) = match &first.kind {
                    K::ExpectedToken(c) => ("expected-token", c.to_string()),
                    K::ExpectedCharRange { range } => ("expected-token", range.clone()),
                    K::ExpectedMessageField { entry_id } => {
                        ("message-without-value", entry_id.clone())
                    }
                    K::ExpectedTermField { entry_id } => {
                        ("message-without-value", entry_id.clone())
                    }
                    K::MissingDefaultVariant => ("missing-default-variant", String::new()),
                    K::MultipleDefaultVariants => ("several-default-variants", String::new()),
                    K::UnterminatedStringLiteral => ("unclosed-quote", String::new()),
                    K::MissingValue => ("message-without-value", String::new()),
                    K::UnbalancedClosingBrace => ("unbalanced-brace", String::new()),
                    _ => ("other", String::new()),
                };
                I18nError::Syntax {
                    file: file.clone(),
                    line,
                    column,
                    detail: format!("{:?}", first.kind),
                    kind,
                    part,
                }
            })?;
            let langid = lang.tag().parse().expect("valid language tag");
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Isolation marks (U+2068/U+2069) around arguments would land in the Markdown.
            bundle.set_use_isolating(false);
            // A message defined twice is the only error left once the text parses.
            if let Err(errs) = bundle.add_resource(resource) {
                let key = errs
                    .iter()
                    .find_map(|e| match e {
                        fluent_bundle::FluentError::Overriding { id, .. } => Some(id.clone()),
                        _ => None,
                    })
                    .unwrap_or_default();
                let at = text.find(&format!("\n{key} =")).map_or(0, |i| i + 1);
                let (line, column) = position(text, at);
                return Err(I18nError::Syntax {
                    file: file.clone(),
                    line,
                    column,
                    detail: format!("{errs:?}"),
                    kind: "duplicate-message",
                    part: key,
                });
            }
            bundles.push((*lang, bundle));
        }
        Ok(Catalogues { bundles })
    }

    fn bundle(&self, lang: Lang) -> Option<&FluentBundle<FluentResource>> {
        self.bundles
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, b)| b)
    }

    /// Whether a message exists in a language.
    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.bundle(lang).is_some_and(|b| b.has_message(key))
    }

    /// Formats a message. Arguments are strings or integers (integers select plural forms);
    /// decimals must be formatted by [`format_decimal`] first, since Fluent does not localise them.
    pub fn message(
        &self,
        lang: Lang,
        key: &str,
        args: &[(&str, Arg)],
    ) -> Result<String, I18nError> {
        let bundle = self.bundle(lang).ok_or(I18nError::Missing {
            key: key.to_owned(),
            lang: lang.tag(),
        })?;
        let pattern =
            bundle
                .get_message(key)
                .and_then(|m| m.value())
                .ok_or(I18nError::Missing {
                    key: key.to_owned(),
                    lang: lang.tag(),
                })?;
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Str(s) => fargs.set(*name, FluentValue::from(s.as_str())),
                Arg::Int(i) => fargs.set(*name, FluentValue::from(*i)),
            }
        }
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
        if let Some(e) = errors.first() {
            return Err(I18nError::Format {
                key: key.to_owned(),
                lang: lang.tag(),
                detail: e.to_string(),
            });
        }
        Ok(out.into_owned())
    }
}

/// A message argument.
#[derive(Debug, Clone)]
pub enum Arg {
    Str(String),
    Int(i64),
}

/// `0.82` in English, `0,82` in French, with `decimals` digits after the separator.
///
/// Halves round away from zero (92.25 → 92.3), like the rounding the report uses for margins;
/// `format!` alone would round 92.25 to even (92.2).
pub fn format_decimal(x: f64, decimals: usize, lang: Lang) -> String {
    let f = 10f64.powi(decimals as i32);
    let x = (x * f).round() / f;
    let s = format!("{x:.decimals$}");
    let s = if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s[1..].to_owned()
    } else {
        s
    };
    // Thousands grouped in the integer part: 12,345.6 / 12 345,6 (narrow no-break space).
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s.as_str()),
    };
    let (int, frac) = digits.split_at(digits.find('.').unwrap_or(digits.len()));
    let mut out = String::from(sign);
    out.push_str(&group_thousands(int, lang));
    if let Some(frac) = frac.strip_prefix('.') {
        out.push_str(match lang {
            Lang::En => ".",
            Lang::Fr => ",",
        });
        out.push_str(frac);
    }
    out
}

/// A run of digits with its thousands grouped: 12,345 / 12 345 (narrow no-break space).
pub fn group_thousands(digits: &str, lang: Lang) -> String {
    let sep = match lang {
        Lang::En => ",",
        Lang::Fr => "\u{202f}",
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// French typography for text that comes from data files: a non-breaking space before `:`
/// and a narrow non-breaking space before `; ? !`, and inside « ». Text in other languages is
/// returned unchanged.
pub fn typography(text: &str, lang: Lang) -> String {
    match lang {
        Lang::En => text.to_owned(),
        Lang::Fr => {
            if !text.contains([':', ';', '?', '!', '«', '»']) {
                return text.to_owned();
            }
            let mut out = String::with_capacity(text.len() + 8);
            let mut chars = text.chars().peekable();
            let mut prev = None;
            while let Some(c) = chars.next() {
                let next = chars.peek().copied();
                match c {
                    ' ' if next == Some(':') => out.push('\u{a0}'),
                    ' ' if matches!(next, Some(';' | '?' | '!' | '»')) => out.push('\u{202f}'),
                    ' ' if prev == Some('«') => out.push('\u{202f}'),
                    _ => out.push(c),
                }
                prev = Some(c);
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_follow_the_language() {
        assert_eq!(format_decimal(0.5, 0, Lang::En), "1");
        assert_eq!(format_decimal(92.25, 1, Lang::En), "92.3");
        assert_eq!(format_decimal(82.456, 1, Lang::Fr), "82,5");
        assert_eq!(format_decimal(-0.0001, 1, Lang::Fr), "0,0");
        assert_eq!(format_decimal(1473.04, 1, Lang::Fr), "1\u{202f}473,0");
        assert_eq!(format_decimal(-1234567.0, 0, Lang::En), "-1,234,567");
        assert_eq!(format_decimal(999.95, 1, Lang::En), "1,000.0");
    }

    #[test]
    fn french_typography_uses_non_breaking_spaces() {
        assert_eq!(
            typography("Note : oui ; non ?", Lang::Fr),
            "Note\u{a0}: oui\u{202f}; non\u{202f}?"
        );
        assert_eq!(typography("« libre »", Lang::Fr), "«\u{202f}libre\u{202f}»");
        assert_eq!(
            typography("https://x.org : a", Lang::En),
            "https://x.org : a"
        );
    }
}
