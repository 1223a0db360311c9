use super::*;
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};

/// Message id (or `id.attribute`) to the variables it uses.
type Catalogue = BTreeMap<String, BTreeSet<String>>;

fn catalogue(lang: Lang) -> Catalogue {
    let mut out = Catalogue::new();
    for (file, source) in sources(lang) {
        let resource = fluent_syntax::parser::parse(*source)
            .unwrap_or_else(|(_, errors)| panic!("locales/{lang}/{file}: {errors:?}"));
        for entry in resource.body {
            match entry {
                ast::Entry::Message(message) => {
                    let id = message.id.name.to_string();
                    let mut vars = BTreeSet::new();
                    if let Some(value) = &message.value {
                        pattern_vars(value, &mut vars);
                    }
                    for attribute in &message.attributes {
                        let mut attr_vars = BTreeSet::new();
                        pattern_vars(&attribute.value, &mut attr_vars);
                        out.insert(format!("{id}.{}", attribute.id.name), attr_vars);
                    }
                    assert!(
                        out.insert(id.clone(), vars).is_none(),
                        "locales/{lang}/{file}: message {id} is defined twice"
                    );
                }
                ast::Entry::Junk { content } => {
                    panic!("locales/{lang}/{file}: cannot parse {content:?}")
                }
                _ => {}
            }
        }
    }
    out
}

fn pattern_vars(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Inline(inline) => inline_vars(inline, vars),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for variant in variants {
                pattern_vars(&variant.value, vars);
            }
        }
    }
}

fn inline_vars(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_vars(argument, vars);
            }
            for named in &arguments.named {
                inline_vars(&named.value, vars);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

#[test]
fn both_languages_have_the_same_messages() {
    let en = catalogue(Lang::En);
    let de = catalogue(Lang::De);
    let only_en: Vec<_> = en.keys().filter(|id| !de.contains_key(*id)).collect();
    let only_de: Vec<_> = de.keys().filter(|id| !en.contains_key(*id)).collect();
    assert!(only_en.is_empty(), "missing in de: {only_en:?}");
    assert!(only_de.is_empty(), "missing in en: {only_de:?}");
}

#[test]
fn both_languages_use_the_same_variables() {
    let en = catalogue(Lang::En);
    let de = catalogue(Lang::De);
    let differing: Vec<_> = en
        .iter()
        .filter(|(id, vars)| de.get(*id).is_some_and(|de_vars| de_vars != *vars))
        .map(|(id, vars)| format!("{id}: en {vars:?} / de {:?}", de[id]))
        .collect();
    assert!(differing.is_empty(), "variables differ: {differing:#?}");
}

#[test]
fn every_fluent_file_on_disk_is_embedded() {
    for lang in Lang::ALL {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(lang.code());
        let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
            .expect("locale folder")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".ftl"))
            .collect();
        let embedded: BTreeSet<String> = sources(lang).iter().map(|(f, _)| f.to_string()).collect();
        assert_eq!(
            on_disk, embedded,
            "locales/{lang}: add new .ftl files to lib.rs"
        );
    }
}

#[test]
fn the_catalogue_is_not_empty() {
    assert!(catalogue(Lang::En).len() > 10);
}

#[test]
fn negotiation_falls_back_to_english() {
    assert_eq!(Lang::negotiate("de-AT"), Lang::De);
    assert_eq!(Lang::negotiate("de_DE.UTF-8"), Lang::De);
    assert_eq!(Lang::negotiate("DE"), Lang::De);
    assert_eq!(Lang::negotiate("en-GB"), Lang::En);
    assert_eq!(Lang::negotiate("fr"), Lang::En);
    assert_eq!(Lang::negotiate(""), Lang::En);
    assert_eq!(Lang::negotiate("C"), Lang::En);
    assert_eq!(Lang::negotiate("\u{0}garbage\u{200b}"), Lang::En);
}

#[test]
fn formats_with_arguments_in_both_languages() {
    let localizer = Localizer::embedded().expect("embedded locales parse");
    let en = localizer.format(Lang::En, "ask-confidence", &[("percent", 87.into())]);
    let de = localizer.format(Lang::De, "ask-confidence", &[("percent", 87.into())]);
    assert!(en.contains("87"), "{en}");
    assert!(de.contains("87"), "{de}");
    assert_ne!(en, de);
}

#[test]
fn an_import_counts_one_of_each_in_the_singular() {
    let l = Localizer::embedded().expect("locales");
    let counts = |n: u64| {
        [
            ("members", n.into()),
            ("groups", n.into()),
            ("memberships", 0_u64.into()),
            ("contacts", n.into()),
        ]
    };
    assert_eq!(
        l.format(Lang::En, "import-done", &counts(1)),
        "Imported 1 member, 1 group, 0 memberships and 1 contact."
    );
    assert_eq!(
        l.format(Lang::De, "import-done", &counts(1)),
        "Importiert: 1 Mitglied, 1 Gruppe, 0 Mitgliedschaften und 1 Kontakt."
    );
    assert_eq!(
        l.format(Lang::En, "import-done", &counts(2)),
        "Imported 2 members, 2 groups, 0 memberships and 2 contacts."
    );
}

#[test]
fn a_missing_message_shows_its_id() {
    let localizer = Localizer::embedded().expect("embedded locales parse");
    assert_eq!(
        localizer.text(Lang::De, "no-such-message"),
        "no-such-message"
    );
}

#[test]
fn dates_are_written_as_each_language_writes_them() {
    let l = Localizer::embedded().expect("locales");
    let date = time::Date::from_calendar_date(2027, time::Month::February, 28).expect("date");
    assert_eq!(l.date(Lang::En, date), "February 28, 2027");
    assert_eq!(l.date(Lang::De, date), "28. Februar 2027");
    let may = time::Date::from_calendar_date(2027, time::Month::May, 2).expect("date");
    assert_eq!(l.date(Lang::De, may), "2. Mai 2027");
}

#[test]
fn numbers_get_the_thousands_separator_of_the_language() {
    let l = Localizer::embedded().expect("locales");
    assert_eq!(l.number(Lang::En, 1_234_567), "1,234,567");
    assert_eq!(l.number(Lang::De, 1_234_567), "1.234.567");
    assert_eq!(l.number(Lang::De, 999), "999");
    assert_eq!(l.number(Lang::En, 1000), "1,000");
}

#[test]
fn a_byte_offset_is_on_the_line_its_line_breaks_before_it_say() {
    let text = "a\r\nbc\n\nd".as_bytes();
    assert_eq!(crate::line_of(text, 0), 1);
    assert_eq!(
        crate::line_of(text, 2),
        1,
        "the break itself is on its line"
    );
    assert_eq!(crate::line_of(text, 3), 2);
    assert_eq!(crate::line_of(text, 6), 3, "an empty line");
    assert_eq!(crate::line_of(text, 7), 4);
    assert_eq!(crate::line_of(text, 99), 4, "past the end: the last line");
    assert_eq!(crate::line_of(b"", 5), 1);
    // The end of a file that ends with a line break is on its last line,
    // not on one after it that the file does not have.
    let text = "a\nb = \"\"\"c\n".as_bytes();
    assert_eq!(crate::line_of(text, text.len()), 2, "the end");
    assert_eq!(crate::line_of(text, 99), 2, "past the end");
    assert_eq!(crate::line_of(text, text.len() - 1), 2, "the last break");
    assert_eq!(crate::line_of(b"a\r\n\n", 4), 2, "an empty last line");
    assert_eq!(crate::line_of(b"\n", 1), 1);
}

#[test]
fn one_line_turns_breaks_and_control_characters_into_single_spaces() {
    assert_eq!(
        crate::one_line("  a\r\nb\t\u{1b}[31mc\0 d  "),
        "a b [31mc d"
    );
    assert_eq!(crate::one_line("\u{7}\n "), "");
}

/// Each message's words as a reader sees them, by id (`id.attribute` for
/// an attribute), a placeable shown as `{}` and each variant of a
/// selection after the other: fluent's own string literals (`{""}`) are
/// syntax, not words, and stay out.
fn words(lang: Lang) -> Vec<(String, String)> {
    fn pattern_words(pattern: &ast::Pattern<&str>, out: &mut String) {
        for element in &pattern.elements {
            match element {
                ast::PatternElement::TextElement { value } => out.push_str(value),
                ast::PatternElement::Placeable {
                    expression: ast::Expression::Select { variants, .. },
                } => {
                    for variant in variants {
                        pattern_words(&variant.value, out);
                        out.push('\n');
                    }
                }
                ast::PatternElement::Placeable { .. } => out.push_str("{}"),
            }
        }
    }
    let mut out = Vec::new();
    for (_, source) in sources(lang) {
        let resource = fluent_syntax::parser::parse(*source).expect("parses");
        for entry in resource.body {
            if let ast::Entry::Message(message) = entry {
                let id = message.id.name;
                let mut text = String::new();
                if let Some(value) = &message.value {
                    pattern_words(value, &mut text);
                }
                out.push((id.to_string(), text));
                for attribute in &message.attributes {
                    let mut text = String::new();
                    pattern_words(&attribute.value, &mut text);
                    out.push((format!("{id}.{}", attribute.id.name), text));
                }
            }
        }
    }
    out
}

/// The values of a German message in straight quotes, each TOML that the
/// reader is to type: a `key = "…"` and its alternatives (`lang = "en"
/// oder "de"`), or a value alone in a code span (`` `"en"` ``), as a file
/// must hold it. Such a value is ours, never a placeable: the reader's own
/// value is quoted in the language's marks, and one worked out for a file
/// comes quoted by the code, as TOML writes it. `Err` says which quote is
/// none of these.
fn toml_values(text: &str) -> Result<Vec<&str>, String> {
    let mut values = Vec::new();
    let mut code = false;
    let mut at = 0;
    while let Some(found) = text[at..].find(['`', '"']) {
        let open = at + found;
        if text[open..].starts_with('`') {
            code = !code;
            at = open + 1;
            continue;
        }
        let before = &text[..open];
        let Some(length) = text[open + 1..].find('"') else {
            return Err(format!("a straight quote is not closed: {}", &text[open..]));
        };
        let value = &text[open + 1..open + 1 + length];
        let an_alternative = values
            .last()
            .is_some_and(|last| before.ends_with(&format!("\"{last}\" oder ")));
        if !(code || before.ends_with("= ") || an_alternative) {
            return Err(format!("\"{value}\" is no TOML value of a setting"));
        }
        if value.contains("{}") {
            return Err(format!(
                "\"{value}\" is the reader's own, not a value to type"
            ));
        }
        values.push(value);
        at = open + 1 + length + 1;
    }
    Ok(values)
}

/// The house quotation marks: English quotes with "…", German with „…“.
/// A straight quote in German belongs to TOML that the reader is to type
/// (see [`toml_values`]), and the English message shows the same values;
/// names and values, the reader's own or ours, are quoted in the
/// language's marks.
#[test]
fn quotes_are_in_the_languages_own_marks() {
    for lang in Lang::ALL {
        for (id, text) in words(lang) {
            // Single straight quotes around a value were a third style.
            assert!(
                !text.contains("'{}'") && !text.contains("'-'"),
                "{lang:?} {id}: a value quoted with '…': {text}"
            );
        }
    }
    for (id, text) in words(Lang::En) {
        assert!(
            !text.contains(['„', '“', '”']),
            "en {id}: English quotes with \"…\": {text}"
        );
    }
    let english: BTreeMap<String, String> = words(Lang::En).into_iter().collect();
    for (id, text) in words(Lang::De) {
        assert!(!text.contains('”'), "de {id}: German closes with “: {text}");
        let mut open = false;
        for c in text.chars() {
            match c {
                '„' if !open => open = true,
                '“' if open => open = false,
                '„' | '“' => panic!("de {id}: „ and “ do not pair up: {text}"),
                _ => {}
            }
        }
        assert!(!open, "de {id}: „ is not closed: {text}");
        let values = toml_values(&text).unwrap_or_else(|why| {
            panic!("de {id}: German quotes with „…“, a straight quote only in TOML ({why}): {text}")
        });
        let english = english.get(&id).map_or("", String::as_str);
        for value in values {
            assert!(
                english.contains(&format!("\"{value}\"")),
                "en {id}: shows the TOML value \"{value}\" as German does: {english}"
            );
        }
    }
}

#[test]
fn a_straight_quote_in_german_is_only_toml_to_type() {
    assert_eq!(
        toml_values("braucht lang = \"en\" oder \"de\""),
        Ok(vec!["en", "de"])
    );
    assert_eq!(
        toml_values("`staff_lang` muss `\"en\"` oder `\"de\"` sein, nicht „{}“"),
        Ok(vec!["en", "de"])
    );
    assert_eq!(toml_values("`token = \"...\"` setzen"), Ok(vec!["..."]));
    // A word in straight quotes, beside TOML or not, is still a mistake.
    assert!(toml_values("den Button \"Mehr\"").is_err());
    assert!(toml_values("role = \"ambassador\", dann \"Mehr\"").is_err());
    assert!(toml_values("muss `\"en\"` sein, nicht \"{}\"").is_err());
    assert!(toml_values("nicht `\"{}\"`").is_err());
    assert!(toml_values("lang = \"en").is_err());
}

#[test]
fn a_path_is_quoted_for_the_shell_and_a_dash_led_one_joined_to_its_flag() {
    use std::path::Path;
    assert_eq!(db_flag(Path::new("hd.db")), "--db hd.db");
    assert_eq!(
        db_flag(Path::new("the team's desk/hd.db")),
        "--db 'the team'\\''s desk/hd.db'"
    );
    assert_eq!(db_flag(Path::new("-x.db")), "--db=-x.db");
    assert_eq!(db_flag(Path::new("-a b.db")), "--db='-a b.db'");
    assert_eq!(for_the_shell(""), "''");
}
