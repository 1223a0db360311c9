use super::*;
use crate::corpus::Corpus;

fn analyzer(lang: Lang) -> Analyzer {
    let corpus = Corpus::embedded().expect("corpus");
    let texts: Vec<String> = corpus
        .articles
        .iter()
        .filter(|a| a.lang == lang)
        .map(|a| format!("{}\n{}\n{}", a.title, a.questions.join("\n"), a.body))
        .collect();
    Analyzer::new(lang, vocabulary(lang, texts.iter().map(String::as_str)))
        .counted_over(texts.len() as u32)
}

fn stems(a: &Analyzer, q: &str) -> Vec<String> {
    let mut s: Vec<String> = a.query_terms(q).into_iter().map(|t| t.stem).collect();
    s.sort();
    s
}

#[test]
fn german_compounds_spacing_and_plurals_meet() {
    let de = analyzer(Lang::De);
    let one = stems(&de, "Gruppeneinladung");
    assert_eq!(one.len(), 2, "{one:?}");
    assert_eq!(stems(&de, "Gruppen Einladung"), one);
    assert_eq!(stems(&de, "gruppeneinladungen"), one);
    assert_eq!(stems(&de, "Gruppen-Einladungen"), one);
}

#[test]
fn umlaut_spellings_meet() {
    let de = analyzer(Lang::De);
    assert_eq!(stems(&de, "Bestätigung"), stems(&de, "Bestaetigung"));
    assert_eq!(stems(&de, "zurücksetzen"), stems(&de, "zuruecksetzen"));
    assert_eq!(stems(&de, "Löschung"), stems(&de, "Loeschung"));
}

#[test]
fn typos_are_corrected_to_corpus_words() {
    let en = analyzer(Lang::En);
    let de = analyzer(Lang::De);
    assert_eq!(stems(&en, "pasword"), stems(&en, "password"));
    assert_eq!(stems(&en, "gmial"), stems(&en, "gmail"));
    assert_eq!(stems(&de, "Einladng"), stems(&de, "Einladung"));
    assert!(en.query_terms("pasword")[0].corrected);
}

#[test]
fn synonyms_are_read_as_one_form() {
    let en = analyzer(Lang::En);
    assert_eq!(stems(&en, "sign in"), stems(&en, "log in"));
    assert_eq!(stems(&en, "2FA"), stems(&en, "two-factor authentication"));
    assert_eq!(stems(&en, "Google"), stems(&en, "Gmail"));
    let de = analyzer(Lang::De);
    assert_eq!(stems(&de, "Premiummonat"), stems(&de, "Premium-Monat"));
    assert_eq!(stems(&de, "einloggen"), stems(&de, "anmelden"));
}

#[test]
fn articles_are_indexed_under_canonical_synonyms_too() {
    let en = analyzer(Lang::En);
    let indexed = en.index_terms("Switch on two-step verification");
    let canonical = stems(&en, "2fa");
    assert!(canonical.iter().all(|c| indexed.contains(c)), "{indexed:?}");
    assert!(indexed.contains(&"verif".to_string()), "{indexed:?}");
}

#[test]
fn stop_words_and_hostile_input_give_no_terms() {
    let en = analyzer(Lang::En);
    assert!(en.query_terms("").is_empty());
    assert!(en.query_terms("   \t\n").is_empty());
    assert!(en.query_terms("the of and I my").is_empty());
    assert!(en.query_terms("( ) \" : ^ - * ~ [ ] { } \\").is_empty());
    assert!(en.query_terms("\u{200b}\u{200c}\u{feff}").is_empty());
    assert!(en.query_terms("🙂🎉").is_empty());
    let huge = "password ".repeat(20_000);
    assert_eq!(en.query_terms(&huge).len(), 1);
}

#[test]
fn detects_short_questions() {
    let en = analyzer(Lang::En);
    let de = analyzer(Lang::De);
    let lang = |q: &str| detect_language(q, &en, &de).lang();
    assert_eq!(lang("Wie oft darf ich jemanden einladen?"), Some(Lang::De));
    assert_eq!(lang("Passwort vergessen"), Some(Lang::De));
    assert_eq!(lang("fuer wen ist das"), Some(Lang::De));
    assert_eq!(lang("How do I reset my password?"), Some(Lang::En));
    assert_eq!(lang("forgot password"), Some(Lang::En));
    // German phrasings quote "Password" and "Reset"; English articles use them more.
    assert_eq!(lang("password reset"), Some(Lang::En));
}

#[test]
fn a_language_with_more_articles_does_not_win_a_shared_word_by_numbers() {
    // Two English articles, both about logging in; twenty German ones, of
    // which three quote the English word.
    let en_texts = ["login help", "login fails"];
    let mut de_texts: Vec<String> = (0..17).map(|i| format!("Gruppe Einladung {i}")).collect();
    de_texts.extend((0..3).map(|i| format!("Login Problem {i}")));
    let en = Analyzer::new(Lang::En, vocabulary(Lang::En, en_texts)).counted_over(2);
    let de = Analyzer::new(
        Lang::De,
        vocabulary(Lang::De, de_texts.iter().map(String::as_str)),
    )
    .counted_over(20);
    assert_eq!(detect_language("login", &en, &de).lang(), Some(Lang::En));
}
