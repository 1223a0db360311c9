//! A `--faq-dir` folder may carry its own stop words, synonyms and compound
//! lexicon; the index and the questions both use them, also when the index
//! is kept on disk and opened again.

use knowledge::{Corpus, KnowledgeBase, Lang};
use std::path::Path;

fn write(dir: &Path, relative: &str, text: &str) {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
    std::fs::write(path, text).expect("write");
}

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    for file in knowledge::corpus::embedded_files() {
        write(
            dir.path(),
            &format!("{}/{}.md", file.lang.code(), file.id),
            &file.text,
        );
    }
    dir
}

fn best(kb: &KnowledgeBase, question: &str) -> Option<String> {
    let answer = kb.answer(question, Some(Lang::En)).expect("answer");
    answer
        .article
        .map(|a| a.id)
        .or_else(|| answer.alternatives.first().map(|s| s.id.clone()))
}

#[test]
fn the_folders_stop_words_and_synonyms_are_used() {
    let dir = folder();
    let built_in = KnowledgeBase::load_dir(dir.path()).expect("index");
    assert!(built_in.knows_word("password", Lang::En));
    assert_eq!(best(&built_in, "frobnicator quuxify"), None);

    write(dir.path(), "stopwords/en.txt", "# ours\nthe a password\n");
    write(
        dir.path(),
        "synonyms/en.toml",
        "groups = [\n  [\"verification\", \"frobnicator quuxify\"],\n]\n",
    );
    let corpus = Corpus::load_dir(dir.path()).expect("corpus");
    let ours = KnowledgeBase::from_corpus(&corpus).expect("index");
    assert!(!ours.knows_word("password", Lang::En));
    let found = best(&ours, "frobnicator quuxify");
    assert!(
        found.as_deref().is_some_and(|id| id.contains("two-step")),
        "{found:?}"
    );

    // Kept on disk and opened again: still the folder's lists.
    let index_dir = tempfile::tempdir().expect("dir");
    drop(KnowledgeBase::build_in_dir(&corpus, index_dir.path()).expect("built"));
    let reopened = KnowledgeBase::open_dir(index_dir.path()).expect("opened");
    assert_eq!(best(&reopened, "frobnicator quuxify"), found);
}

#[test]
fn a_broken_list_in_the_folder_is_named_with_its_line() {
    let dir = folder();
    write(
        dir.path(),
        "synonyms/de.toml",
        "groups = [\n  [\"a\"],\n  \"b\",\n]\n",
    );
    let err = KnowledgeBase::load_dir(dir.path()).expect_err("broken");
    let shown = err.to_string();
    assert!(shown.contains("synonyms/de.toml:3: synonyms:"), "{shown}");
}
