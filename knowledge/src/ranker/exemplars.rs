//! Members' own phrasings, labelled in the tuning questions, searched beside
//! each article's questions: the curated questions rarely use members' words.

use super::fit::FOLDS;
use crate::eval::{LabelledQuestion, parse_questions};
use locales::Lang;
use std::collections::HashMap;

/// The exemplars compiled into the library, written by `helpdesk faq fit`.
const EMBEDDED: &str = include_str!("../../model/exemplars.tsv");

/// Exemplars per (language, article id), with the tuning fold of each.
pub(crate) type Exemplars = HashMap<(Lang, String), Vec<(Option<usize>, String)>>;

/// The in-scope `questions` as exemplars of each article they name. With
/// `folds`, each keeps the cross-validation fold of its question (`i % FOLDS`,
/// as [`crate::KnowledgeBase::examples`] numbers them).
pub(crate) fn from_questions(questions: &[LabelledQuestion], folds: bool) -> Exemplars {
    let mut out: Exemplars = HashMap::new();
    for (i, q) in questions.iter().enumerate() {
        for id in &q.accepted {
            out.entry((q.lang, id.clone()))
                .or_default()
                .push((folds.then_some(i % FOLDS), q.text.clone()));
        }
    }
    out
}

/// The shipped exemplars; a malformed file (a defect of `faq fit`) gives none.
pub(crate) fn embedded() -> Exemplars {
    parse_questions("knowledge/model/exemplars.tsv", EMBEDDED)
        .map(|questions| from_questions(&questions, false))
        .unwrap_or_default()
}

/// The exemplars file for `questions`: their in-scope lines, as read.
pub fn to_file(header: &str, questions: &[LabelledQuestion]) -> String {
    let mut out = String::from(header);
    out.push('\n');
    for q in questions.iter().filter(|q| q.in_scope()) {
        out.push_str(&format!(
            "{}\t{}\t{}\n",
            q.accepted.join(","),
            q.lang.code(),
            q.text
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_exemplars_parse_and_name_articles() {
        let parsed = parse_questions("exemplars.tsv", EMBEDDED);
        assert!(parsed.is_ok(), "{parsed:?}");
        assert!(embedded().len() > 50, "{}", embedded().len());
    }
}
