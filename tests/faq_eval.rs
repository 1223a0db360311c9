//! `helpdesk faq eval` and `helpdesk faq fit`, end to end.

mod common;

use common::{helpdesk, run, stderr, stdout};

const QUESTIONS: &str = "# a small labelled set\n\
login-password-reset\ten\tforgot my password, how do I set a new one\n\
login-password-reset\tde\tpasswort vergessen\n\
-\ten\twhat is the weather in berlin tomorrow\n";

#[test]
fn prints_the_engine_and_both_baselines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("q.tsv");
    std::fs::write(&path, QUESTIONS).expect("write");
    let path = path.to_string_lossy().into_owned();
    let out = run(&["faq", "eval", &path]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    for name in ["engine", "fts5", "char-ngram", "login-password-reset"] {
        assert!(text.contains(name), "{name} missing:\n{text}");
    }

    let out = run(&["faq", "eval", &path, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["questions"], 3);
    let names: Vec<&str> = json["responders"]
        .as_array()
        .expect("responders")
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(names, ["engine", "fts5", "char-ngram"]);
    assert_eq!(json["responders"][0]["overall"]["in_scope"], 2);
    assert_eq!(
        json["responders"][0]["calibration"]
            .as_array()
            .map(Vec::len),
        Some(10)
    );
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("q.tsv");
    std::fs::write(&path, QUESTIONS).expect("write");
    let mut child = helpdesk()
        .args(["faq", "eval", "--json"])
        .arg(&path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // The reader goes away before the index is built, as `| head -c 0` does.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert_eq!(out.status.signal(), Some(13), "ended by SIGPIPE, like cat");
}

#[test]
fn malformed_lines_are_named_and_fail() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.tsv");
    std::fs::write(
        &path,
        "login-password-reset\ten\tfine\nno tabs here\n-\tfr\tbonjour\n",
    )
    .expect("write");
    let shown = path.to_string_lossy().into_owned();
    let out = run(&["faq", "eval", &shown]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{shown}:2: expected 3 tab-separated columns")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{shown}:3: language must be")),
        "{err}"
    );
    assert!(stdout(&out).is_empty());
}

#[test]
fn unknown_articles_and_bytes_that_are_not_utf8_are_named_by_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("q.tsv");
    std::fs::write(
        &path,
        "login-password-reset\ten\tforgot it\nlogin-pasword-reset\ten\tforgot it again\n",
    )
    .expect("write");
    let shown = path.to_string_lossy().into_owned();
    let out = run(&["faq", "eval", &shown]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains(&format!("{shown}:2: no article `login-pasword-reset`")),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());

    std::fs::write(&path, b"-\ten\tfine\n-\tde\tstra\xdfe\n").expect("write");
    let out = run(&["faq", "eval", &shown]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("{shown}:2: not UTF-8")),
        "{}",
        stderr(&out)
    );
}

/// Runs `helpdesk faq fit` on the tuning file `tuning`, writing `model`.
fn fit(tuning: &std::path::Path, model: &std::path::Path) -> std::process::Output {
    run(&[
        "faq",
        "fit",
        "--tuning",
        &tuning.to_string_lossy(),
        "--out",
        &model.to_string_lossy(),
    ])
}

#[test]
fn fit_writes_a_model_the_engine_accepts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tuning = dir.path().join("tuning.tsv");
    // Five times: at least five out-of-scope questions, one per fold.
    std::fs::write(&tuning, QUESTIONS.repeat(5)).expect("write");
    let model = dir.path().join("ranker.toml");
    let out = fit(&tuning, &model);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let text = std::fs::read_to_string(&model).expect("model written");
    assert!(
        text.starts_with("# The answering model, fitted by"),
        "{text}"
    );
    knowledge::ranker::Model::parse(&text).expect("the written model parses");
}

#[test]
fn fit_refuses_too_few_questions_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tuning = dir.path().join("tuning.tsv");
    let model = dir.path().join("ranker.toml");
    for text in ["", QUESTIONS, &QUESTIONS.repeat(4)] {
        std::fs::write(&tuning, text).expect("write");
        let out = fit(&tuning, &model);
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        let err = stderr(&out);
        let why = if text.is_empty() {
            "tuning.tsv: no questions"
        } else {
            "tuning.tsv: fitting needs at least 5"
        };
        assert!(err.contains(why), "{err}");
        assert!(!model.exists());
    }
}

#[test]
fn fit_refuses_a_label_that_names_no_article_as_eval_does() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (first, second) = (dir.path().join("first.tsv"), dir.path().join("second.tsv"));
    std::fs::write(&first, QUESTIONS.repeat(5)).expect("write");
    std::fs::write(
        &second,
        "-\ten\tfine\nlogin-pasword-reset\ten\tforgot it again\n",
    )
    .expect("write");
    let model = dir.path().join("ranker.toml");
    let out = run(&[
        "faq",
        "fit",
        "--tuning",
        &first.to_string_lossy(),
        "--tuning",
        &second.to_string_lossy(),
        "--out",
        &model.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains(&format!(
            "{}:2: no article `login-pasword-reset` in the FAQ",
            second.display()
        )),
        "{}",
        stderr(&out)
    );
    assert!(!model.exists());
}

#[test]
fn fit_refuses_an_out_path_it_cannot_write_before_it_fits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tuning = dir.path().join("tuning.tsv");
    let folder = dir.path().join("models");
    std::fs::create_dir(&folder).expect("dir");
    let missing = dir.path().join("missing");
    let cases = [
        (
            missing.join("ranker.toml"),
            format!("the folder {} does not exist", missing.display()),
        ),
        (folder.clone(), "models: is a folder".to_string()),
    ];
    for (out, why) in &cases {
        // Too few questions as well: both are said, so the path was
        // looked at before any fitting.
        std::fs::write(&tuning, QUESTIONS).expect("write");
        let run = fit(&tuning, out);
        assert_eq!(run.status.code(), Some(1), "{}", stdout(&run));
        let err = stderr(&run);
        assert!(err.contains(why.as_str()), "{err}");
        assert!(err.contains("fitting needs at least 5"), "{err}");
        std::fs::write(&tuning, QUESTIONS.repeat(5)).expect("write");
        let run = fit(&tuning, out);
        assert_eq!(run.status.code(), Some(1), "{}", stdout(&run));
        assert!(stderr(&run).contains(why.as_str()), "{}", stderr(&run));
        assert!(stdout(&run).is_empty());
    }
    assert!(!missing.exists());
    assert_eq!(std::fs::read_dir(&folder).expect("dir").count(), 0);
    // The model written over its own tuning file would lose the labels.
    let run = fit(&tuning, &tuning);
    assert_eq!(run.status.code(), Some(1), "{}", stdout(&run));
    assert!(
        stderr(&run).contains("tuning.tsv: is a --tuning file"),
        "{}",
        stderr(&run)
    );
    assert_eq!(
        std::fs::read_to_string(&tuning).expect("read"),
        QUESTIONS.repeat(5)
    );
}

#[cfg(unix)]
#[test]
fn fit_that_cannot_write_the_whole_model_leaves_the_old_one() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let tuning = dir.path().join("tuning.tsv");
    std::fs::write(&tuning, QUESTIONS.repeat(5)).expect("write");
    let model = dir.path().join("ranker.toml");
    std::fs::write(&model, "# the old model\n").expect("write");
    let mut command = helpdesk();
    command
        .args(["faq", "fit", "--tuning"])
        .arg(&tuning)
        .arg("--out")
        .arg(&model);
    // A file may grow to 512 bytes and no further, as on a full disk; the
    // model is larger.
    // SAFETY: between fork and exec only async-signal-safe calls are made.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 512,
                rlim_max: 512,
            };
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = command.output().expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stderr(&out).contains("ranker.toml"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&model).expect("read"),
        "# the old model\n"
    );
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 2);

    // A read-only model is refused by name, as `faq link` refuses a
    // read-only article: the rename would replace it all the same.
    std::fs::set_permissions(&model, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let out = fit(&tuning, &model);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("ranker.toml: the file is read-only"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(&model).expect("read"),
        "# the old model\n"
    );
}

#[test]
fn fit_takes_several_tuning_files_and_sets_the_threshold_on_each_unseen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (first, second) = (dir.path().join("first.tsv"), dir.path().join("second.tsv"));
    std::fs::write(&first, QUESTIONS.repeat(3)).expect("write");
    std::fs::write(&second, QUESTIONS.repeat(2)).expect("write");
    let model = dir.path().join("ranker.toml");
    let args = |second: &std::path::Path| {
        run(&[
            "faq",
            "fit",
            "--tuning",
            &first.to_string_lossy(),
            "--tuning",
            &second.to_string_lossy(),
            "--out",
            &model.to_string_lossy(),
        ])
    };
    // Neither file alone has five questions of each kind; together they do.
    let out = args(&second);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let text = std::fs::read_to_string(&model).expect("model written");
    assert!(text.contains("second.tsv`"), "{text}");
    assert!(text.contains("fitted without\n# that file"), "{text}");
    assert!(text.contains("none of that file's linked"), "{text}");
    knowledge::ranker::Model::parse(&text).expect("the written model parses");
    std::fs::remove_file(&model).expect("remove");

    // One file twice would be one group of writers seen as two.
    let out = args(&first);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains(&format!("{}: given twice as --tuning", first.display())),
        "{}",
        stderr(&out)
    );
    assert!(!model.exists());

    // A bad line in the second file is named, and nothing is written.
    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, format!("{}nonsense line\n", QUESTIONS.repeat(2))).expect("write");
    let out = args(&bad);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stderr(&out).contains("bad.tsv:9:"), "{}", stderr(&out));
    assert!(!model.exists());
}

#[test]
fn eval_compares_the_systems_at_the_precision_asked_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("q.tsv");
    std::fs::write(&path, QUESTIONS).expect("write");
    let path = path.to_string_lossy().into_owned();
    let out = run(&["faq", "eval", &path, "--at-precision", "0.5", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["reference_precision"], 0.5);
    let out = run(&["faq", "eval", &path, "--at-precision", "0.5"]);
    assert!(stdout(&out).contains("≥ 0.500"), "{}", stdout(&out));
    for bad in ["1.5", "-0.1", "most"] {
        let out = run(&["faq", "eval", &path, &format!("--at-precision={bad}")]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&out).contains(&format!(
                "invalid value \"{bad}\" for \"--at-precision <PRECISION>\": \
                 expected a precision from 0 to 1"
            )),
            "{}",
            stderr(&out)
        );
    }
}

/// A copy of the shipped FAQ folder, to link into.
fn faq_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/faq");
    for entry in walk(&shipped) {
        let target = dir
            .path()
            .join(entry.strip_prefix(&shipped).expect("inside"));
        std::fs::create_dir_all(target.parent().expect("parent")).expect("dir");
        std::fs::copy(&entry, &target).expect("copy");
    }
    dir
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// Every file's text under `dir`.
fn snapshot(dir: &std::path::Path) -> Vec<(std::path::PathBuf, String)> {
    walk(dir)
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read");
            (p, text)
        })
        .collect()
}

/// A copy of the shipped FAQ folder with a questions file `q.tsv` in it.
struct LinkFolder {
    faq: tempfile::TempDir,
    questions: String,
}

impl LinkFolder {
    fn new(questions: &str) -> LinkFolder {
        let faq = faq_folder();
        let path = faq.path().join("q.tsv");
        std::fs::write(&path, questions).expect("write");
        let questions = path.to_string_lossy().into_owned();
        LinkFolder { faq, questions }
    }

    fn path(&self) -> &std::path::Path {
        self.faq.path()
    }

    /// Runs `helpdesk --faq-dir <the folder> faq link <the questions file>`.
    fn link(&self) -> std::process::Output {
        let dir = self.path().to_string_lossy().into_owned();
        run(&["--faq-dir", &dir, "faq", "link", &self.questions])
    }
}

#[test]
fn link_writes_each_question_into_its_article_once() {
    let faq = LinkFolder::new(
        "login-password-reset,login-account-locked\ten\tpasword resett not working??\n\
         -\ten\thow do I delete my account\n\
         sync-gmail-two-step\tde\tgmail kontakte wollen nicht rein\n",
    );
    let out = faq.link();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("Linked 2 new phrasings in 2 article files"),
        "{}",
        stdout(&out)
    );
    let reset = std::fs::read_to_string(faq.path().join("en/login-password-reset.md")).expect("en");
    assert!(
        reset.contains("\n  \"pasword resett not working??\",\n"),
        "{reset}"
    );
    let sync = std::fs::read_to_string(faq.path().join("de/sync-gmail-two-step.md")).expect("de");
    assert!(
        sync.contains("\"gmail kontakte wollen nicht rein\""),
        "{sync}"
    );
    let corpus = knowledge::Corpus::load_dir(faq.path()).expect("still a clean corpus");
    let article = corpus
        .get("login-password-reset", knowledge::Lang::En)
        .expect("article");
    assert_eq!(
        article.linked.last().map(String::as_str),
        Some("pasword resett not working??")
    );

    // A second run finds them all and writes nothing.
    let before = snapshot(faq.path());
    let out = faq.link();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Linked 0 new"), "{}", stdout(&out));
    assert_eq!(snapshot(faq.path()), before);
}

#[test]
fn link_names_every_bad_question_and_writes_nothing() {
    let faq = LinkFolder::new(
        "login-password-reset\ten\ta fine one\n\
         login-pasword-reset\ten\ta misspelt id\n",
    );
    let q = &faq.questions;
    let before = snapshot(faq.path());
    let out = faq.link();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains(&format!("{q}:2: no article `login-pasword-reset`")),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    assert_eq!(snapshot(faq.path()), before, "nothing is written");

    let out = run(&["faq", "link", q]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--faq-dir"), "{}", stderr(&out));
}

#[test]
fn link_refuses_a_folder_that_faq_check_refuses() {
    let faq = LinkFolder::new("login-password-reset\ten\tcant reset my pw\n");
    let article = faq.path().join("en/invite-share.md");
    let text = std::fs::read_to_string(&article).expect("read");
    let broken = text.replacen("tags = [", "tags = [\"nosuch\", ", 1);
    assert_ne!(broken, text, "the fixture has a tags line");
    std::fs::write(&article, &broken).expect("write");
    let before = snapshot(faq.path());
    let out = faq.link();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("invite-share.md") && stderr(&out).contains("nosuch"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(faq.path()), before, "nothing written");
}

#[test]
fn link_stopped_by_a_write_failure_changes_no_file_and_a_second_run_links_all() {
    let faq = LinkFolder::new(
        "login-password-reset\ten\tcant reset my pw\n\
         sync-gmail-two-step\ten\tgmail contacts refuse to come across\n",
    );
    // Each edit is staged beside its file before any is renamed over it; a
    // folder in the second one's place makes staging fail, as a full disk
    // would, after the first was staged.
    let before = snapshot(faq.path());
    let blocker = faq.path().join("en/sync-gmail-two-step.md.linking");
    std::fs::create_dir(&blocker).expect("blocker");
    let out = faq.link();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("sync-gmail-two-step.md"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_dir(&blocker).expect("unblock");
    assert_eq!(
        snapshot(faq.path()),
        before,
        "no article changed and nothing staged is left behind"
    );

    let out = faq.link();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Linked 2 new phrasings in 2 article files of"),
        "{text}"
    );
    let corpus = knowledge::Corpus::load_dir(faq.path()).expect("clean corpus");
    for (id, phrasing) in [
        ("login-password-reset", "cant reset my pw"),
        (
            "sync-gmail-two-step",
            "gmail contacts refuse to come across",
        ),
    ] {
        let linked = &corpus.get(id, knowledge::Lang::En).expect(id).linked;
        assert_eq!(linked.iter().filter(|p| *p == phrasing).count(), 1, "{id}");
    }
}

#[cfg(unix)]
#[test]
fn link_names_every_read_only_article_and_writes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let faq = LinkFolder::new(
        "login-password-reset\ten\tcant reset my pw\n\
         sync-gmail-two-step\ten\tgmail contacts refuse to come across\n\
         invite-share\ten\thow do i pass my invite link around\n",
    );
    let read_only = ["sync-gmail-two-step", "invite-share"];
    for id in read_only {
        let article = faq.path().join(format!("en/{id}.md"));
        std::fs::set_permissions(&article, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    }
    let before = snapshot(faq.path());
    let out = faq.link();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    for id in read_only {
        assert!(
            stderr(&out).contains(&format!("en/{id}.md: the file is read-only")),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(snapshot(faq.path()), before, "nothing written");
}

#[test]
fn a_german_team_reads_a_questions_files_problems_in_german() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("questions.tsv");
    let shown = path.to_string_lossy().into_owned();
    let in_german = |args: &[&str]| {
        let out = helpdesk()
            .env("HELPDESK_LANG", "de")
            .args(args)
            .output()
            .expect("helpdesk runs");
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        stderr(&out)
    };
    std::fs::write(&path, "x\tfr\tq\nx\ten\n").expect("write");
    let err = in_german(&["faq", "eval", &shown]);
    assert!(
        err.contains(&format!(
            "{shown}:1: Die Sprache muss `en` oder `de` sein, nicht `fr`"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{shown}:2: Erwartet werden 3 durch Tabulatoren")),
        "{err}"
    );
    std::fs::write(&path, "login-pasword-reset\ten\tforgot it\n").expect("write");
    let err = in_german(&["faq", "eval", &shown]);
    assert!(
        err.contains(&format!(
            "{shown}:1: Einen Artikel `login-pasword-reset` gibt es in der FAQ nicht"
        )),
        "{err}"
    );
    let missing = dir.path().join("nope.tsv").to_string_lossy().into_owned();
    let err = in_german(&["faq", "eval", &missing]);
    assert!(
        err.contains(&format!(
            "{missing}: kann nicht gelesen werden: Eine solche Datei"
        )),
        "{err}"
    );
    for english in ["language must", "expected 3", "no article", "cannot read"] {
        assert!(!err.contains(english), "{english}: {err}");
    }
}
