use hvadvisor::builtin;
use hvadvisor::diag::Code;
use hvadvisor::lang::Lang;
use hvadvisor::report::Templates;

fn ids(lang: Lang) -> Vec<String> {
    let text = builtin::template(&format!("i18n/{}.ftl", lang.tag())).expect("catalogue");
    let mut ids: Vec<String> = text
        .lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once(" =").map(|(k, _)| k.to_owned()))
        .collect();
    ids.sort();
    ids
}

#[test]
fn both_languages_define_the_same_messages() {
    let en = ids(Lang::En);
    let fr = ids(Lang::Fr);
    let only_en: Vec<_> = en.iter().filter(|k| !fr.contains(k)).collect();
    let only_fr: Vec<_> = fr.iter().filter(|k| !en.contains(k)).collect();
    assert!(
        only_en.is_empty() && only_fr.is_empty(),
        "en only: {only_en:?}, fr only: {only_fr:?}"
    );
    assert!(en.len() > 100);
}

#[test]
fn every_diagnostic_code_has_a_message_in_every_language() {
    let cats = Templates::builtin().catalogues().expect("catalogues parse");
    for lang in Lang::ALL {
        for code in Code::ALL {
            assert!(
                cats.has(lang, code.message_key()),
                "{} missing in {}",
                code.message_key(),
                lang.tag()
            );
        }
    }
}

#[test]
fn french_messages_use_non_breaking_spaces() {
    let text = builtin::template("i18n/fr.ftl").unwrap();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        let value = line.split_once(" = ").map_or(line, |(_, v)| v);
        for p in [" :", " ;", " ?", " !", "« ", " »"] {
            assert!(
                !value.contains(p),
                "fr.ftl:{}: `{p}` with an ordinary space: {line}",
                i + 1
            );
        }
    }
}
