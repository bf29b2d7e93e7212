//! Output languages and bilingual text.

use serde::Serialize;

/// A language hvadvisor writes in. Matches on it are exhaustive on purpose: adding a language
/// fails to compile until every bilingual field and message catalogue has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The BCP 47 tag (`en`, `fr`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.tag() == tag)
    }
}

/// A text given in every language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Text {
    pub en: String,
    pub fr: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }
}

/// The language the environment asks for: `HVADVISOR_LANG` (`en` or `fr`), else the locale
/// (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, the first that is set and not empty: French when
/// it starts with `fr`), else English. `--lang` wins over all of them.
pub fn from_environment(var: impl Fn(&str) -> Option<String>) -> Lang {
    if let Some(lang) = var("HVADVISOR_LANG").and_then(|v| Lang::from_tag(v.trim())) {
        return lang;
    }
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| var(name).filter(|v| !v.is_empty()));
    match locale {
        Some(l) if l.to_ascii_lowercase().starts_with("fr") => Lang::Fr,
        _ => Lang::En,
    }
}

#[cfg(test)]
mod environment_tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn language_from_the_environment() {
        assert_eq!(from_environment(env(&[])), Lang::En);
        assert_eq!(from_environment(env(&[("LANG", "fr_FR.UTF-8")])), Lang::Fr);
        assert_eq!(
            from_environment(env(&[("LANG", "fr_CA.UTF-8"), ("LC_ALL", "C")])),
            Lang::En
        );
        assert_eq!(
            from_environment(env(&[("LC_ALL", ""), ("LANG", "fr_BE")])),
            Lang::Fr
        );
        assert_eq!(
            from_environment(env(&[("LC_MESSAGES", "fr_FR"), ("LANG", "en_GB")])),
            Lang::Fr
        );
        assert_eq!(
            from_environment(env(&[("HVADVISOR_LANG", "en"), ("LANG", "fr_FR")])),
            Lang::En
        );
        assert_eq!(from_environment(env(&[("HVADVISOR_LANG", "fr")])), Lang::Fr);
        // An unknown value is ignored, not an error: the locale decides.
        assert_eq!(
            from_environment(env(&[("HVADVISOR_LANG", "de"), ("LANG", "fr_FR")])),
            Lang::Fr
        );
    }
}
