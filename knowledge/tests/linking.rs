//! A moderator links a member's question to an article: the ranker learns the
//! phrasing, the spelling corrector does not learn the member's typos.

use knowledge::{Corpus, KnowledgeBase, Lang};

const TYPO_PHRASING: &str = "pasword resett emial nevr cam";

fn linked_in_memory() -> KnowledgeBase {
    let mut corpus = Corpus::embedded().expect("corpus");
    assert!(corpus.add_phrasing("login-password-reset", Lang::En, TYPO_PHRASING));
    assert!(corpus.add_phrasing("login-account-locked", Lang::En, "zorblax quibbleflap"));
    KnowledgeBase::from_corpus(&corpus).expect("index")
}

#[test]
fn a_linked_phrasing_adds_no_word_to_the_typo_vocabulary() {
    let plain = KnowledgeBase::embedded().expect("index");
    let linked = linked_in_memory();
    for word in [
        "pasword",
        "resett",
        "emial",
        "nevr",
        "zorblax",
        "quibbleflap",
    ] {
        assert!(!plain.knows_word(word, Lang::En), "{word}");
        assert!(
            !linked.knows_word(word, Lang::En),
            "{word} leaked into the vocabulary"
        );
    }
    // The authors' own words are known, so the check above can tell.
    assert!(linked.knows_word("password", Lang::En));
}

#[test]
fn a_linked_phrasing_in_a_file_adds_no_word_to_the_typo_vocabulary() {
    let dir = tempfile::tempdir().expect("dir");
    for file in knowledge::corpus::embedded_files() {
        let folder = dir.path().join(file.lang.code());
        std::fs::create_dir_all(&folder).expect("dir");
        std::fs::write(folder.join(format!("{}.md", file.id)), &file.text).expect("write");
    }
    knowledge::corpus::add_phrasing_to_file(
        dir.path(),
        "login-password-reset",
        Lang::En,
        TYPO_PHRASING,
    )
    .expect("linked");
    let kb = KnowledgeBase::load_dir(dir.path()).expect("index");
    assert!(!kb.knows_word("resett", Lang::En));
    assert!(!kb.knows_word("pasword", Lang::En));
}

#[test]
fn a_linked_phrasing_is_searched() {
    let kb = linked_in_memory();
    let answer = kb
        .answer("zorblax quibbleflap", Some(Lang::En))
        .expect("answer");
    let best = answer
        .article
        .as_ref()
        .map(|a| a.id.clone())
        .or_else(|| answer.alternatives.first().map(|s| s.id.clone()));
    assert_eq!(best.as_deref(), Some("login-account-locked"), "{answer:?}");
}
