//! A growing corpus, on the tuning questions only, so that a change to the
//! engine can be judged for it before the test-only second corpus
//! (`extra_corpus.rs`) is run.
//!
//! The shipped articles on one subject are the "base" corpus (the 12 on
//! invitations, or the 8 on everything else). The others are added, cut to
//! five phrasings each, as a support team adds new articles (the second
//! corpus has 4–5 per article, ours about 45). The tuning questions are
//! then asked against the base alone and against the grown corpus, both
//! ways round:
//! - the base articles' questions must be answered as well after the growth
//!   as before;
//! - the added articles' questions must be answered by them, and rightly.
//!
//! The shipped corpus links these questions to their articles. Each is
//! asked with its fold of questions unlinked, as `helpdesk faq fit` sees it;
//! the added articles keep none of their linked phrasings, as a new article
//! has none.
//!
//! The model was fitted on these questions with the whole corpus, so the
//! figures are not a quality bar; they are a tripwire for changes that make
//! the engine depend on how many articles or phrasings there are. Three such
//! models (an article share among all articles, every article weighing the
//! same in the classifier) reached the second corpus before this check
//! existed, and failed there.

mod common;

use common::{Figures, measure};
use knowledge::eval::LabelledQuestion;
use knowledge::{Corpus, KnowledgeBase};

use knowledge::ranker::fit::FOLDS;

/// Phrasings an added article keeps.
const ADDED_PHRASINGS: usize = 5;

/// The shipped corpus with only the articles `keep` accepts, and those that
/// `cut` accepts down to their first few phrasings.
fn corpus(shipped: &Corpus, keep: impl Fn(&str) -> bool, cut: impl Fn(&str) -> bool) -> Corpus {
    let mut corpus = shipped.clone();
    corpus.articles.retain(|a| keep(&a.id));
    for article in &mut corpus.articles {
        if cut(&article.id) {
            // A new article has only its authors' questions.
            article.questions.truncate(ADDED_PHRASINGS);
            article.linked.clear();
        }
        article.related.retain(|id| keep(id));
    }
    corpus
}

/// The invitation articles, 12 of 20; the rest are on login, contact sync,
/// moderators and ambassadors.
fn invitations(id: &str) -> bool {
    id.starts_with("invite-") || id.starts_with("group-invitation-")
}

#[test]
fn the_base_articles_hold_and_the_added_ones_answer_when_the_corpus_grows() {
    let questions = common::read_questions("tuning.tsv");
    let shipped = Corpus::embedded().expect("corpus");
    let mut ids: Vec<String> = shipped.articles.iter().map(|a| a.id.clone()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 20);
    // The shipped corpus links the tuning questions to their articles.
    // Each fold of questions is asked of the corpus with that fold
    // unlinked, as `faq fit` saw it, so that none finds itself.
    let folds = knowledge::eval::link_fold_corpora(&shipped, &questions, FOLDS, &[]);
    let (mut before, mut after, mut added) =
        (Figures::default(), Figures::default(), Figures::default());
    for half in 0..2 {
        // Split by subject, as the second corpus is on other subjects than
        // ours: an added neighbour on the same subject (another
        // group-invitation article) would take answers for good reasons.
        let base: Vec<&str> = ids
            .iter()
            .filter(|id| invitations(id) == (half == 0))
            .map(String::as_str)
            .collect();
        let in_base = |id: &str| base.contains(&id);
        let about = |q: &&LabelledQuestion, base: bool| {
            !q.accepted.is_empty() && q.accepted.iter().all(|id| in_base(id) == base)
        };
        let base_questions: Vec<&LabelledQuestion> =
            questions.iter().filter(|q| about(q, true)).collect();
        let added_questions: Vec<&LabelledQuestion> =
            questions.iter().filter(|q| about(q, false)).collect();
        for (unlinked, members) in &folds {
            // By line: the filtered lists below no longer know the places.
            let lines: Vec<usize> = members.iter().map(|i| questions[*i].line).collect();
            let in_fold = |q: &&&LabelledQuestion| lines.contains(&q.line);
            let alone = KnowledgeBase::from_corpus(&corpus(unlinked, in_base, |_| false))
                .expect("base index");
            let grown = KnowledgeBase::from_corpus(&corpus(unlinked, |_| true, |id| !in_base(id)))
                .expect("grown index");
            let base_fold: Vec<&LabelledQuestion> =
                base_questions.iter().filter(in_fold).copied().collect();
            let added_fold: Vec<&LabelledQuestion> =
                added_questions.iter().filter(in_fold).copied().collect();
            before.add(measure(&alone, &base_fold));
            after.add(measure(&grown, &base_fold));
            added.add(measure(&grown, &added_fold));
        }
    }
    eprintln!(
        "base articles alone {before:?} (top-1 {:.3}), grown {after:?} (top-1 {:.3}); \
         added articles {added:?} (top-1 {:.3}, precision {:.3}; ranking alone {:.3}, \
         shown {:.3}, against the base's {:.3} and {:.3})",
        before.top1(),
        after.top1(),
        added.top1(),
        added.precision(),
        added.ranking_alone(),
        added.shown(),
        after.ranking_alone(),
        after.shown()
    );
    // The base articles lose at most 2 % of their right answers, and their
    // wrong answers grow by no more than that.
    let slack = before.asked / 50;
    assert!(
        after.right + slack >= before.right,
        "{before:?} -> {after:?}"
    );
    let wrong = |f: Figures| f.answered - f.right;
    assert!(
        wrong(after) <= wrong(before) + slack,
        "{before:?} -> {after:?}"
    );
    // The eighteenth model measured: base articles 581 -> 580 right of 770
    // (answered 587 -> 585), added articles top-1 0.258 at precision 0.995
    // (199 of 200). Its ranking alone put the right added article first for
    // 0.775 of their questions and among the three shown for 0.875, against
    // 0.945 and 0.986 for the base's: the wall for new articles is ranking
    // and finding them as much as confidence; the seventeenth 593 -> 589 and 0.247 / 0.984 (with
    // folds that let near-identical questions see each other); the sixteenth 595 -> 600 and 0.275 / 0.986. Before the
    // shipped corpus linked the tuning questions, the thirteenth: 475 -> 460
    // (answered 481 -> 465), added articles 0.248 / 1.000.
    // The twelfth: 441 -> 430, and 0.253 / 1.000. With every article
    // weighing the same in the classifier (the eleventh): 477 -> 431.
    assert!(added.precision() >= 0.95, "{added:?}");
    assert!(added.top1() >= 0.15, "{added:?}");
}
