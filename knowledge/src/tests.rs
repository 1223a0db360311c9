use super::*;

fn kb() -> KnowledgeBase {
    KnowledgeBase::embedded().expect("the embedded corpus indexes")
}

#[test]
fn answers_the_issue_example_in_german() {
    let answer = kb()
        .answer("Wie oft darf ich jemanden in eine Gruppe einladen?", None)
        .expect("answer");
    assert_eq!(answer.lang, Lang::De);
    assert_eq!(answer.article.map(|a| a.id).as_deref(), Some("group-invitation-limits"));
}
