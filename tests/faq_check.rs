//! `helpdesk faq check`, end to end.

mod common;

use common::{faq_with_problems, problems_checked, run, stderr, stdout};

#[test]
fn the_shipped_corpus_is_clean() {
    let out = run(&["faq", "check"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("no problems found"));
}

#[test]
fn the_repository_corpus_folder_is_clean_too() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge/faq");
    let out = run(&["faq", "check", "--dir", dir]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
}

#[test]
fn problems_are_listed_as_file_and_line_and_fail() {
    let dir = tempfile::tempdir().expect("tempdir");
    for lang in ["en", "de"] {
        std::fs::create_dir_all(dir.path().join(lang)).expect("mkdir");
    }
    let good =
        "+++\ntitle = \"T\"\nquestions = [\"a\", \"b\", \"c\"]\ntags = [\"login\"]\n+++\nBody\n";
    let bad_related = "+++\ntitle = \"T\"\nquestions = [\"a\", \"b\", \"c\"]\ntags = [\"login\"]\nrelated = [\"ghost\"]\n+++\nBody\n";
    std::fs::write(dir.path().join("en/a.md"), good).expect("write");
    std::fs::write(dir.path().join("de/a.md"), bad_related).expect("write");
    std::fs::write(dir.path().join("en/only-english.md"), good).expect("write");
    let path = dir.path().to_string_lossy().into_owned();
    let out = run(&["faq", "check", "--dir", &path]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("de/a.md:5: related id \"ghost\" is not an article"),
        "{text}"
    );
    assert!(
        text.contains("en/only-english.md: missing translation: there is no de/only-english.md"),
        "{text}"
    );
    assert!(
        stderr(&out).contains("2 problems found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn articles_with_few_phrasings_are_named_without_failing_the_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    for lang in ["en", "de"] {
        std::fs::create_dir_all(dir.path().join(lang)).expect("mkdir");
    }
    let thin =
        "+++\ntitle = \"T\"\nquestions = [\"a\", \"b\", \"c\"]\ntags = [\"login\"]\n+++\nBody\n";
    let questions: Vec<String> = (0..12).map(|n| format!("\"question {n}\"")).collect();
    let rich = format!(
        "+++\ntitle = \"T\"\nquestions = [{}]\ntags = [\"login\"]\n+++\nBody\n",
        questions.join(", ")
    );
    std::fs::write(dir.path().join("en/a.md"), thin).expect("write");
    std::fs::write(dir.path().join("de/a.md"), &rich).expect("write");
    let path = dir.path().to_string_lossy().into_owned();
    let out = run(&["faq", "check", "--dir", &path]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("no problems found"), "{text}");
    assert!(
        text.contains("en/a.md: only 3 ways of asking"),
        "the thin article is named: {text}"
    );
    assert!(!text.contains("de/a.md"), "the rich one is not: {text}");
    let out = common::helpdesk()
        .env("HELPDESK_LANG", "de")
        .args(["faq", "check", "--dir", &path])
        .output()
        .expect("helpdesk runs");
    assert!(
        stdout(&out).contains("en/a.md: nur 3 Fragestellungen"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_folder_with_problems_does_not_name_its_thin_articles() {
    let dir = tempfile::tempdir().expect("tempdir");
    for lang in ["en", "de"] {
        std::fs::create_dir_all(dir.path().join(lang)).expect("mkdir");
    }
    let thin =
        "+++\ntitle = \"T\"\nquestions = [\"a\", \"b\", \"c\"]\ntags = [\"login\"]\n+++\nBody\n";
    std::fs::write(dir.path().join("en/a.md"), thin).expect("write");
    std::fs::write(dir.path().join("de/a.md"), thin).expect("write");
    let path = dir.path().to_string_lossy().into_owned();
    // A problem in another file, then one in the folder's word lists only:
    // the thin articles parse either way, and are still not named.
    std::fs::write(dir.path().join("en/b.md"), "no front matter\n").expect("write");
    let out = run(&["faq", "check", "--dir", &path]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("en/b.md:1: expected front matter"), "{text}");
    assert!(!text.contains("ways of asking"), "{text}");
    std::fs::remove_file(dir.path().join("en/b.md")).expect("remove");
    std::fs::create_dir_all(dir.path().join("synonyms")).expect("mkdir");
    std::fs::write(
        dir.path().join("synonyms/de.toml"),
        "groups = [\n  [\"a\", 1],\n]\n",
    )
    .expect("write");
    let out = run(&["faq", "check", "--dir", &path]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("synonyms/de.toml:2: synonyms:"), "{text}");
    assert!(!text.contains("ways of asking"), "{text}");
    assert!(!text.contains("no problems found"), "{text}");
}

#[test]
fn a_missing_folder_is_a_clear_error() {
    let out = run(&["faq", "check", "--dir", "/nonexistent/faq"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("/nonexistent/faq: no such folder"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_file_given_as_the_folder_is_said_once_and_an_empty_folder_is_no_faq() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("faq.txt");
    std::fs::write(&file, "not a folder").expect("write");
    let shown = file.to_string_lossy().into_owned();
    let out = run(&["ask", "--faq-dir", &shown, "hello"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains(&format!("{shown}: not a folder")), "{err}");
    assert_eq!(err.matches("faq.txt").count(), 1, "said once: {err}");

    let empty = dir.path().join("empty");
    for lang in ["en", "de"] {
        std::fs::create_dir_all(empty.join(lang)).expect("mkdir");
    }
    let out = run(&["faq", "check", "--dir", &empty.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("no articles"), "{}", stdout(&out));
    // Asked or measured on it, every question would go unanswered, and
    // nothing would say why.
    let questions = dir.path().join("q.tsv");
    std::fs::write(&questions, "-\ten\thello there\n").expect("write");
    let faq_dir = empty.to_string_lossy().into_owned();
    for args in [
        vec!["ask", "how do I reset my password"],
        vec!["faq", "eval", questions.to_str().expect("utf-8")],
    ] {
        let out = run(&[&["--faq-dir", faq_dir.as_str()][..], &args[..]].concat());
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stdout(&out));
        assert!(
            stderr(&out).contains(&format!("{faq_dir}: no articles")),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(stdout(&out).is_empty(), "{args:?}: {}", stdout(&out));
    }
}

#[test]
fn help_is_localized() {
    let out = common::helpdesk()
        .env("HELPDESK_LANG", "de")
        .args(["ask", "--help"])
        .output()
        .expect("run");
    assert!(
        stdout(&out).contains("Je Frage ein JSON-Objekt ausgeben"),
        "{}",
        stdout(&out)
    );
    let out = run(&["ask", "--help"]);
    assert!(
        stdout(&out).contains("Print one JSON object per question"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_folder_brings_its_own_topics_and_word_lists_and_their_problems_are_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    for sub in ["en", "de", "synonyms"] {
        std::fs::create_dir_all(dir.path().join(sub)).expect("mkdir");
    }
    let article = |tag: &str| {
        format!(
            "+++\ntitle = \"T\"\nquestions = [\"a\", \"b\", \"c\"]\ntags = [\"{tag}\"]\n+++\nBody\n"
        )
    };
    std::fs::write(
        dir.path().join("topics.toml"),
        "# ours\n[[topic]]\nid = \"billing\"\nen = \"Billing\"\nde = \"Rechnungen\"\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("en/a.md"), article("billing")).expect("write");
    std::fs::write(dir.path().join("de/a.md"), article("login")).expect("write");
    std::fs::write(
        dir.path().join("synonyms/de.toml"),
        "groups = [\n  [\"a\", 1],\n]\n",
    )
    .expect("write");
    let path = dir.path().to_string_lossy().into_owned();
    let out = run(&["faq", "check", "--dir", &path]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    // `billing` is known from the folder's topics; `login` is not, there.
    assert!(!text.contains("en/a.md"), "{text}");
    assert!(
        text.contains("de/a.md:4: unknown tag \"login\" (topics: billing)"),
        "{text}"
    );
    assert!(text.contains("synonyms/de.toml:2: synonyms:"), "{text}");
    assert!(
        stderr(&out).contains("2 problems found"),
        "{}",
        stderr(&out)
    );
}

/// Words that only the English messages of a broken FAQ folder carry.
const ENGLISH: &[&str] = &[
    "related id",
    "missing translation",
    "list at least",
    "unknown tag",
    "there is no key",
    "front matter:",
    "not closed",
    "is listed twice",
    "not valid UTF-8",
    "the topic",
    "problems found",
];

#[test]
fn a_german_team_reads_every_problem_of_a_broken_folder_in_german() {
    let dir = tempfile::tempdir().expect("tempdir");
    for lang in ["en", "de"] {
        std::fs::create_dir_all(dir.path().join(lang)).expect("mkdir");
    }
    let good =
        "+++\ntitle = \"T\"\nquestions = [\"a\", \"b\", \"c\"]\ntags = [\"login\"]\n+++\nBody\n";
    let files = [
        ("en/a.md", good.to_string()),
        (
            "de/a.md",
            good.replace("tags =", "related = [\"ghost\"]\ntags ="),
        ),
        ("en/only-english.md", good.to_string()),
        (
            "en/few.md",
            "+++\ntitle = \"T\"\nquestions = [\"a\"]\ntags = [\"cooking\"]\n+++\nBody\n".into(),
        ),
        (
            "de/few.md",
            good.replace("tags =", "author = \"x\"\ntags ="),
        ),
        ("en/open.md", "+++\ntitle = \"T\"\n".into()),
        (
            "de/open.md",
            good.replace("tags =", "linked = [\"a\", \"x\", \"x\"]\ntags ="),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    std::fs::write(
        dir.path().join("topics.toml"),
        "[[topic]]\nid = \"login\"\nen = \"Login\"\nde = \"\"\n",
    )
    .expect("write");
    let path = dir.path().to_string_lossy().into_owned();
    let check_in_german = || {
        let out = common::helpdesk()
            .env("HELPDESK_LANG", "de")
            .args(["faq", "check", "--dir", &path])
            .output()
            .expect("helpdesk runs");
        assert_eq!(out.status.code(), Some(1));
        format!("{}{}", stdout(&out), stderr(&out))
    };
    let text = check_in_german();
    for german in [
        "de/a.md:4: Die verwandte ID „ghost“ ist kein Artikel",
        "en/only-english.md: Übersetzung fehlt: Es gibt kein de/only-english.md",
        "en/few.md:3: Mindestens 3 Fragen angeben",
        "en/few.md:4: unbekanntes Tag „cooking“",
        "de/few.md:4: Front Matter: Einen Schlüssel `author` gibt es hier nicht",
        "en/open.md:1: Das Front Matter ist nicht geschlossen",
        "de/open.md:4: Verknüpfte Formulierung 1 steht doppelt da: „a“",
        "de/open.md:4: Verknüpfte Formulierung 3 steht doppelt da: „x“",
        "topics.toml:1: Das Thema „login“ hat keinen Namen auf de",
        "Probleme gefunden",
    ] {
        assert!(text.contains(german), "{german}:\n{text}");
    }
    for english in ENGLISH {
        assert!(!text.contains(english), "{english}:\n{text}");
    }
    // A file that cannot be read at all is said before anything is checked.
    std::fs::write(
        dir.path().join("de/latin1.md"),
        b"+++\ntitle = \"Gr\xfc\xdfe\"\n",
    )
    .expect("write");
    let text = check_in_german();
    assert!(
        text.contains("de/latin1.md:2: kein gültiges UTF-8"),
        "{text}"
    );
    assert!(!text.contains("not valid UTF-8"), "{text}");
}

#[test]
fn a_missing_folder_is_said_in_german_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nope").to_string_lossy().into_owned();
    let out = common::helpdesk()
        .env("HELPDESK_LANG", "de")
        .args(["faq", "check", "--dir", &missing])
        .output()
        .expect("helpdesk runs");
    assert_eq!(out.status.code(), Some(1));
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        text.contains(&format!("{missing}: Diesen Ordner gibt es nicht")),
        "{text}"
    );
    assert!(!text.contains("no such folder"), "{text}");
}

#[test]
fn every_problem_is_listed_past_a_file_that_is_not_utf8_and_a_control_character() {
    let dir = tempfile::tempdir().expect("tempdir");
    faq_with_problems(dir.path());
    let path = dir.path().to_string_lossy().into_owned();
    let problems = problems_checked(&path);
    let text = problems.join("\n");
    for expected in [
        "en/aa-latin1.md:2: not valid UTF-8".to_string(),
        "de/ghost.md:3: list at least 3 questions (other ways members ask this); found 1"
            .to_string(),
        "en/ghost.md:5: related id \"nobody\" is not an article".to_string(),
        "en/only-english.md: missing translation: there is no de/only-english.md".to_string(),
        "en/my article.md: the id \"my article\"".to_string(),
        "de/-dash.md: the id \"-dash\"".to_string(),
        "en/zz-bell.md:2: the title has a control character".to_string(),
        "de/zz-bell.md:3: question 2 has a control character".to_string(),
    ] {
        assert!(text.contains(&expected), "{expected}\n{text}");
    }
    // The file that cannot be read is there: its translation is not missing.
    assert!(!text.contains("there is no en/aa-latin1.md"), "{text}");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text}"
    );
}

#[test]
fn ask_and_chat_refuse_a_folder_that_faq_check_refuses_with_the_same_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let faq = dir.path().join("faq");
    faq_with_problems(&faq);
    // Not UTF-8, it stopped every reader at itself: without it, they read on.
    std::fs::remove_file(faq.join("en/aa-latin1.md")).expect("remove");
    let path = faq.to_string_lossy().into_owned();
    let problems = problems_checked(&path);
    assert!(problems.len() >= 5, "{problems:#?}");
    let db = dir.path().join("chat.db");
    for (args, input) in [
        (
            vec!["ask", "--faq-dir", &path, "how do I reset my password"],
            "",
        ),
        (
            vec![
                "--faq-dir",
                &path,
                "chat",
                "--db",
                db.to_str().expect("utf-8"),
            ],
            "hello\n",
        ),
    ] {
        let out = common::run_with_stdin(&args, input.as_bytes());
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stdout(&out));
        assert!(stdout(&out).is_empty(), "{args:?}: {}", stdout(&out));
        let err = stderr(&out);
        let said: Vec<&str> = err.lines().skip(1).collect();
        assert_eq!(said, problems, "{args:?}: {err}");
    }
    assert!(!db.exists(), "a refused folder leaves no database behind");
}

/// `faq link` of the tuning questions is what made the shipped folder; the
/// README promises that a second run writes nothing.
#[test]
fn linking_the_tuning_questions_again_writes_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let shipped = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge/faq"));
    let mut before = Vec::new();
    for entry in std::fs::read_dir(shipped).expect("shipped") {
        let entry = entry.expect("entry");
        let to = dir.path().join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            std::fs::create_dir(&to).expect("mkdir");
            for file in std::fs::read_dir(entry.path()).expect("lang") {
                let file = file.expect("file");
                let to = to.join(file.file_name());
                std::fs::copy(file.path(), &to).expect("copy");
                before.push((to, std::fs::read(file.path()).expect("read")));
            }
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
            before.push((to, std::fs::read(entry.path()).expect("read")));
        }
    }
    let tuning = concat!(env!("CARGO_MANIFEST_DIR"), "/knowledge/eval/tuning.tsv");
    let out = run(&["--faq-dir", common::path(dir.path()), "faq", "link", tuning]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Linked 0 new phrasings"),
        "{}",
        stdout(&out)
    );
    for (file, bytes) in before {
        assert_eq!(
            std::fs::read(&file).expect("read"),
            bytes,
            "{}",
            file.display()
        );
    }
}
