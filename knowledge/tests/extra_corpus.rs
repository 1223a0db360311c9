//! The engine on a corpus nobody tuned it on: the shipped 20 articles plus the
//! 31 test-only articles in `tests/corpus_extra/` (written by someone who saw
//! neither the engine nor its tuning questions).
//!
//! 1. The shipped articles are answered as well as with the shipped corpus
//!    alone (`eval/test.tsv`, in-scope questions, both runs here).
//! 2. Questions about the new topics (`eval/extra_test.tsv`, written blind,
//!    never tuned on) are answered by the new articles.

mod common;

use common::{measure, read_questions};
use knowledge::eval::LabelledQuestion;
use knowledge::{Corpus, KnowledgeBase, Lang};
use std::path::{Path, PathBuf};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    for lang in Lang::ALL {
        let target = to.join(lang.code());
        std::fs::create_dir_all(&target).expect("dir");
        for entry in std::fs::read_dir(from.join(lang.code())).expect("corpus folder") {
            let path = entry.expect("entry").path();
            let name = path.file_name().expect("file name");
            assert!(
                !target.join(name).exists(),
                "{} is in both corpora",
                path.display()
            );
            std::fs::copy(&path, target.join(name)).expect("copy");
        }
    }
}

/// The shipped corpus and the extra one in one folder, as the support team
/// would lay it out for `--faq-dir`, topics files joined.
fn merged() -> (tempfile::TempDir, Corpus) {
    let dir = tempfile::tempdir().expect("dir");
    copy_dir(&manifest().join("faq"), dir.path());
    let extra = manifest().join("tests").join("corpus_extra");
    copy_dir(&extra, dir.path());
    let topics = [
        manifest().join("faq/topics.toml"),
        extra.join("topics.toml"),
    ]
    .iter()
    .map(|p| std::fs::read_to_string(p).expect("topics"))
    .collect::<Vec<_>>()
    .join("\n");
    std::fs::write(dir.path().join("topics.toml"), topics).expect("topics");
    let corpus = Corpus::load_dir(dir.path()).expect("the merged corpus loads");
    (dir, corpus)
}

fn extra_ids() -> Vec<String> {
    std::fs::read_dir(manifest().join("tests/corpus_extra/en"))
        .expect("extra corpus")
        .map(|e| {
            e.expect("entry")
                .path()
                .file_stem()
                .expect("name")
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn the_merged_corpus_is_clean_and_has_31_new_articles_in_both_languages() {
    let (dir, corpus) = merged();
    let files = knowledge::corpus::read_dir_files(dir.path()).expect("files");
    let problems = knowledge::check(&files, &corpus.topics);
    assert!(problems.is_empty(), "{problems:#?}");
    let ids = extra_ids();
    assert_eq!(ids.len(), 31);
    for id in &ids {
        for lang in Lang::ALL {
            assert!(corpus.get(id, lang).is_some(), "{id} in {}", lang.code());
        }
    }
}

/// On the second test part (332 in scope) the shipped (eighteenth) model
/// measured 264 -> 266 right, 3 -> 2 wrong; the seventeenth 263 -> 267, 4 ->
/// 2; the sixteenth 267 -> 270, 4 -> 4; the thirteenth 198 -> 205 right, 5 ->
/// 5 wrong. The figures before were on the first test part (`first_test.tsv`,
/// 200 in scope). With the old coverage-ranked engine this failed: 31 more
/// articles cost the shipped ones 3 right answers and added 10 wrong ones
/// (122 -> 119 right, 37 -> 47 wrong). With the fitted ranker it held: the
/// thirteenth 130 -> 129 right, 5 -> 5 wrong; the twelfth 120 -> 119, 3 -> 3;
/// the eighth 118 -> 122, 3 -> 3. Three models in between failed and were not
/// shipped: an article classifier with word pairs and a share among all
/// articles (131 -> 129), and the same trained with every article weighing
/// alike (131 -> 119, and 131 -> 120 without the share among all).
#[test]
fn the_shipped_articles_are_answered_as_well_with_the_extra_corpus() {
    let rows = read_questions("test.tsv");
    let in_scope: Vec<&LabelledQuestion> = rows.iter().filter(|r| r.in_scope()).collect();
    assert!(in_scope.len() >= 150, "{}", in_scope.len());
    let (_dir, corpus) = merged();
    let alone = KnowledgeBase::embedded().expect("shipped index");
    let together = KnowledgeBase::from_corpus(&corpus).expect("merged index");
    let before = measure(&alone, &in_scope);
    let after = measure(&together, &in_scope);
    eprintln!(
        "test.tsv in scope ({}): shipped alone top-1 {:.3} precision {:.3} ({} right, {} answered); \
         with the extra corpus top-1 {:.3} precision {:.3} ({} right, {} answered)",
        before.asked,
        before.top1(),
        before.precision(),
        before.right,
        before.answered,
        after.top1(),
        after.precision(),
        after.right,
        after.answered,
    );
    // No more than one question may be lost: one fewer right answer, one
    // more wrong one.
    assert!(
        after.right + 1 >= before.right,
        "top-1: {before:?} -> {after:?}"
    );
    assert!(
        after.wrong() <= before.wrong() + 1,
        "precision: {before:?} -> {after:?}"
    );
}

/// Floors at what was measured, never tuned on these questions. The shipped
/// model (eighteenth) measured top-1 0.249, precision 0.980 (50 right of 51
/// answered, of 201); the seventeenth 0.239 / 0.980 (48 of 49). The sixteenth
/// (fitted on the linked view alone) measured 0.279 / 0.966 (56 of 58) and
/// was not shipped. The thirteenth measured 0.219 / 0.978 (44 of 45). The
/// fourteenth (the first test part added to the tuning questions) measured
/// 0.244 / 0.961 (49 of 51) and was not shipped. Before it: 0.234 / 1.000 (47
/// of 47; the twelfth), 0.274 / 0.982 (55 of 56; the eighth, 45 phrasings per
/// article, 1,194 tuning questions), 0.289 / 0.983 (58 of 59; 854 tuning
/// questions), 0.264 / 1.000 (53 of 53; 30 phrasings), 0.343 / 1.000 (69 of
/// 69) before the article classifier, and 0.701 / 0.860 for the
/// coverage-ranked engine before the fitted models.
const EXTRA_TOP1_FLOOR: f32 = 0.24;
const EXTRA_PRECISION_FLOOR: f32 = 0.97;

#[test]
fn questions_about_the_new_topics_are_answered_by_the_new_articles() {
    let new = extra_ids();
    let rows = read_questions("extra_test.tsv");
    let about_new: Vec<&LabelledQuestion> = rows
        .iter()
        .filter(|r| r.accepted.iter().any(|id| new.contains(id)))
        .collect();
    assert!(about_new.len() >= 150, "{}", about_new.len());
    let (_dir, corpus) = merged();
    let kb = KnowledgeBase::from_corpus(&corpus).expect("merged index");
    let figures = measure(&kb, &about_new);
    eprintln!(
        "extra_test.tsv about the new topics ({}): top-1 {:.3} precision {:.3} ({} right, {} answered)",
        figures.asked,
        figures.top1(),
        figures.precision(),
        figures.right,
        figures.answered
    );
    assert!(figures.top1() >= EXTRA_TOP1_FLOOR, "{figures:?}");
    assert!(figures.precision() >= EXTRA_PRECISION_FLOOR, "{figures:?}");
}
