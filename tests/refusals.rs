//! What the desk refuses, said on the command line in the command's
//! language, run as the real binary against a real SQLite file.

mod common;

use common::{imported, path, run, run_with_stdin, stderr, stdout};

#[test]
fn an_empty_reply_is_refused_in_the_chosen_language() {
    let (_dir, db) = imported();
    let chat = run_with_stdin(
        &["chat", "--db", path(&db), "--as", "carla@example.org"],
        b"talk to a human\n",
    );
    assert!(stdout(&chat).contains("ticket #1"), "{}", stdout(&chat));
    let reply = |lang: &str| {
        let out = run(&[
            "tickets",
            "reply",
            "--db",
            path(&db),
            "--lang",
            lang,
            "1",
            "--text",
            "   ",
        ]);
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        stderr(&out)
    };
    assert_eq!(reply("de"), "Fehler: Eine Antwort braucht Text.\n");
    assert_eq!(reply("en"), "error: A reply needs some text.\n");
}

/// A mistake on the command line, as clap finds it, said in the user's
/// language: German for a German environment or the command's `--lang de`,
/// English for an English one; on standard error with clap's exit code.
#[test]
fn usage_errors_are_said_in_the_users_language() {
    let invite = [
        "invite", "--route", "x", "--from", "a", "--to", "b", "--group", "g", "--text", "t",
    ];
    let cases: [(&[&str], &str, &str); 6] = [
        (
            &["tickets", "list", "--limt", "3"],
            "unerwartetes Argument „--limt“",
            "unexpected argument \"--limt\" found",
        ),
        (
            &["tickets", "list", "--db"],
            "„--db <PATH>“ braucht einen Wert, es wurde aber keiner angegeben",
            "a value is required for \"--db <PATH>\", but none was given",
        ),
        (
            &invite,
            "ungültiger Wert „x“ für „--route <ROUTE>“\n  mögliche Werte: profile, group",
            "invalid value \"x\" for \"--route <ROUTE>\"\n  possible values: profile, group",
        ),
        (
            &["tickets", "--faq-dir", "."],
            "„helpdesk tickets“ braucht einen Unterbefehl, es wurde aber keiner angegeben",
            "\"helpdesk tickets\" requires a subcommand, but none was given",
        ),
        (
            &["tickets", "lst"],
            "unbekannter Unterbefehl „lst“",
            "unrecognized subcommand \"lst\"",
        ),
        (
            &["import", "--bogus"],
            "unerwartetes Argument „--bogus“\n\n  \
             Tipp: um „--bogus“ als Wert zu übergeben, schreiben Sie „-- --bogus“",
            "unexpected argument \"--bogus\" found\n\n  \
             tip: to pass \"--bogus\" as a value, use \"-- --bogus\"",
        ),
    ];
    for (args, german, english) in cases {
        let said = |env: (&str, &str)| {
            let out = common::helpdesk()
                .env_remove("HELPDESK_LANG")
                .env(env.0, env.1)
                .args(args)
                .output()
                .expect("helpdesk runs");
            assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
            assert!(stdout(&out).is_empty(), "{args:?}: {}", stdout(&out));
            stderr(&out)
        };
        let de = said(("LANG", "de_DE.UTF-8"));
        assert!(de.starts_with(&format!("Fehler: {german}\n")), "{de}");
        assert!(!de.contains("Usage:"), "{de}");
        assert!(de.ends_with("\n\nMehr dazu mit „--help“.\n"), "{de}");
        let en = said(("HELPDESK_LANG", "en"));
        assert!(en.starts_with(&format!("error: {english}\n")), "{en}");
        assert!(
            en.ends_with("\n\nFor more information, try \"--help\".\n"),
            "{en}"
        );
    }
    // The command's own `--lang` holds for its usage errors, as for its others.
    let out = run(&["tickets", "list", "--lang", "de", "--limt", "3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("Fehler: unerwartetes Argument „--limt“\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_refused_value_is_said_with_its_reason_in_the_users_language() {
    let cases: [(&[&str], &str, &str); 5] = [
        (
            &["tickets", "list", "--lang", "fr"],
            "ungültiger Wert „fr“ für „--lang <en|de>“: erwartet wird en oder de",
            "invalid value \"fr\" for \"--lang <en|de>\": expected en or de",
        ),
        (
            &["tickets", "list", "--limit", "0"],
            "ungültiger Wert „0“ für „--limit <N>“: erwartet wird eine ganze Zahl von 1 bis 1000000",
            "invalid value \"0\" for \"--limit <N>\": expected a whole number from 1 to 1000000",
        ),
        (
            &["tickets", "reply", "abc"],
            "ungültiger Wert „abc“ für „<N>“: erwartet wird eine ganze Zahl",
            "invalid value \"abc\" for \"<N>\": expected a whole number",
        ),
        (
            &["tickets", "reply", "99999999999999999999"],
            "ungültiger Wert „99999999999999999999“ für „<N>“: die Zahl liegt außerhalb des möglichen Bereichs",
            "invalid value \"99999999999999999999\" for \"<N>\": the number is out of range",
        ),
        (
            &["faq", "eval", "q.tsv", "--at-precision", "2"],
            "ungültiger Wert „2“ für „--at-precision <PRECISION>“: \
             erwartet wird eine Präzision von 0 bis 1, etwa 0.97",
            "invalid value \"2\" for \"--at-precision <PRECISION>\": \
             expected a precision from 0 to 1, such as 0.97",
        ),
    ];
    for (args, german, english) in cases {
        for (env, words) in [
            (("LANG", "de_DE.UTF-8"), german),
            (("HELPDESK_LANG", "en"), english),
        ] {
            let out = common::helpdesk()
                .env_remove("HELPDESK_LANG")
                .env(env.0, env.1)
                .args(args)
                .output()
                .expect("helpdesk runs");
            assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
            assert!(stdout(&out).is_empty(), "{args:?}: {}", stdout(&out));
            let said = stderr(&out);
            assert!(said.contains(&format!(": {words}\n")), "{args:?}: {said}");
        }
    }
}
