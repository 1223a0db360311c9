//! What the corpus tests count: answers over labelled questions.

// Each test crate that includes this module uses a part of it.
#![allow(dead_code)]

use knowledge::KnowledgeBase;
use knowledge::eval::{LabelledQuestion, parse_questions};

/// Top-1 (right / asked) and precision (right / answered).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Figures {
    pub asked: usize,
    pub answered: usize,
    pub right: usize,
    /// Questions whose best article is right, answered or not: what the
    /// ranking alone gets, before the threshold.
    pub first_right: usize,
    /// Questions whose right article is among those shown (the answer and
    /// its alternatives, or the closest ones when declined).
    pub shown_right: usize,
}

impl Figures {
    /// Right answers over questions asked.
    pub fn top1(&self) -> f32 {
        self.right as f32 / self.asked.max(1) as f32
    }

    /// Right answers over answers given.
    pub fn precision(&self) -> f32 {
        self.right as f32 / self.answered.max(1) as f32
    }

    /// Wrong answers given.
    pub fn wrong(&self) -> usize {
        self.answered - self.right
    }

    /// Both counts together.
    pub fn add(&mut self, other: Figures) {
        self.asked += other.asked;
        self.answered += other.answered;
        self.right += other.right;
        self.first_right += other.first_right;
        self.shown_right += other.shown_right;
    }

    /// Right best articles over questions asked, whatever the threshold.
    pub fn ranking_alone(&self) -> f32 {
        self.first_right as f32 / self.asked.max(1) as f32
    }

    /// Questions whose right article is shown at all, over questions asked.
    pub fn shown(&self) -> f32 {
        self.shown_right as f32 / self.asked.max(1) as f32
    }
}

/// The labelled questions of `knowledge/eval/<name>`; a malformed line fails
/// the test with its `file:line`.
pub fn read_questions(name: &str) -> Vec<LabelledQuestion> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("eval")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("labelled questions");
    match parse_questions(&path.display().to_string(), &text) {
        Ok(questions) => questions,
        Err(problems) => panic!(
            "{}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// Asks `kb` each question, in the language it detects as for a member. The
/// figures only: which questions miss is not printed, as these may be a test
/// part.
pub fn measure(kb: &KnowledgeBase, questions: &[&LabelledQuestion]) -> Figures {
    let mut figures = Figures::default();
    for question in questions {
        let answer = kb.answer(&question.text, None).expect("answer");
        figures.asked += 1;
        if let Some(found) = &answer.article {
            figures.answered += 1;
            if question.accepted.contains(&found.id) {
                figures.right += 1;
            }
        }
        let shown: Vec<&str> = answer
            .article
            .iter()
            .map(|f| f.id.as_str())
            .chain(answer.alternatives.iter().map(|s| s.id.as_str()))
            .collect();
        if shown
            .first()
            .is_some_and(|id| question.accepted.iter().any(|a| a == id))
        {
            figures.first_right += 1;
        }
        if shown
            .iter()
            .any(|id| question.accepted.iter().any(|a| a == id))
        {
            figures.shown_right += 1;
        }
    }
    figures
}
