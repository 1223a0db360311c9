//! The development set: the quality bar for answering, measured on questions
//! written the way members write them.

use knowledge::{KnowledgeBase, Lang};
use serde::Deserialize;

#[derive(Deserialize)]
struct DevSet {
    questions: Vec<DevQuestion>,
}

#[derive(Deserialize)]
struct DevQuestion {
    q: String,
    id: Option<String>,
    lang: Lang,
    kind: String,
}

fn dev_set() -> DevSet {
    toml::from_str(include_str!("dev_set.toml")).expect("dev_set.toml parses")
}

#[test]
fn the_dev_set_is_broad_enough() {
    let set = dev_set();
    assert!(set.questions.len() >= 60);
    for kind in ["en", "de", "typo", "compound", "no-umlaut", "colloquial"] {
        assert!(
            set.questions.iter().any(|q| q.kind == kind),
            "no {kind} questions"
        );
    }
    let off_topic = set
        .questions
        .iter()
        .filter(|q| q.kind == "off-topic")
        .count();
    assert!(off_topic >= 8);
    assert!(
        set.questions
            .iter()
            .all(|q| (q.kind == "off-topic") == q.id.is_none())
    );
}

#[test]
fn answers_the_dev_set() {
    let kb = KnowledgeBase::embedded().expect("corpus indexes");
    let set = dev_set();
    let (mut on_topic, mut top1, mut off_topic, mut rejected, mut right_lang) = (0, 0, 0, 0, 0);
    let mut misses = Vec::new();
    for q in &set.questions {
        let answer = kb.answer(&q.q, None).expect("answer");
        if answer.question_lang == q.lang {
            right_lang += 1;
        } else {
            misses.push(format!("LANG {:?} for {:?}", answer.question_lang, q.q));
        }
        let got = answer.article.as_ref().map(|a| a.id.clone());
        match &q.id {
            Some(want) => {
                on_topic += 1;
                if got.as_deref() == Some(want.as_str()) {
                    top1 += 1;
                } else {
                    misses.push(format!(
                        "MISS {:?}: want {want}, got {got:?} ({:.2}; alternatives {:?})",
                        q.q,
                        answer.confidence,
                        answer
                            .alternatives
                            .iter()
                            .map(|a| (&a.id, a.confidence))
                            .collect::<Vec<_>>()
                    ));
                }
            }
            None => {
                off_topic += 1;
                if got.is_none() {
                    rejected += 1;
                } else {
                    misses.push(format!(
                        "ANSWERED off-topic {:?} with {got:?} ({:.2})",
                        q.q, answer.confidence
                    ));
                }
            }
        }
    }
    let top1_rate = top1 as f32 / on_topic as f32;
    let rejection_rate = rejected as f32 / off_topic as f32;
    let lang_rate = right_lang as f32 / set.questions.len() as f32;
    eprintln!(
        "top-1 {top1}/{on_topic}, off-topic rejected {rejected}/{off_topic}, language {right_lang}/{}",
        set.questions.len()
    );
    for miss in &misses {
        eprintln!("  {miss}");
    }
    assert!(top1_rate >= 0.9, "top-1 {top1_rate:.2} < 0.9");
    assert!(
        rejection_rate >= 0.9,
        "off-topic rejection {rejection_rate:.2} < 0.9"
    );
    assert!(lang_rate >= 0.95, "language {lang_rate:.2} < 0.95");
}

#[test]
#[ignore = "prints the confidence of every dev question, for calibrating"]
fn print_confidences() {
    let kb = KnowledgeBase::embedded().expect("corpus indexes");
    for q in dev_set().questions {
        let a = kb.answer(&q.q, None).expect("answer");
        let best = a
            .article
            .as_ref()
            .map(|f| f.id.clone())
            .or(a.alternatives.first().map(|s| s.id.clone()));
        let ok = best == q.id;
        eprintln!(
            "{:.2} {} {:<10} {:?} -> {:?}",
            a.confidence,
            if ok { "ok " } else { "BAD" },
            q.kind,
            q.q,
            best
        );
    }
}
