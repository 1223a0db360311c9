//! Unanswered questions in clusters: ten ways of asking one thing are one
//! row, "asked 12 times", with every phrasing, and one link teaches the FAQ
//! all of them.

use super::support::{UnansweredQuestion, fold_question};
use super::{Store, audit};
use crate::DeskError;
use crate::clock::Timestamp;
use crate::invitations::mass_mail::{clusters, question_fingerprint};
use crate::records::MemberId;
use locales::Lang;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;

/// How similar two questions' telling words must be to count as one
/// question (Jaccard over `mass_mail::question_fingerprint`).
pub const QUESTION_SIMILARITY: f64 = 0.5;

/// Similar unanswered questions, as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionCluster {
    /// Their language; clusters never mix languages.
    pub lang: Lang,
    /// How often any of the phrasings was asked, together.
    pub asked: u64,
    /// When one of them was asked last.
    pub last_asked: Timestamp,
    /// The phrasings, most asked first; the first is the leader.
    pub phrasings: Vec<UnansweredQuestion>,
}

impl QuestionCluster {
    /// The most asked phrasing, to show and to edit before linking.
    pub fn leader(&self) -> &UnansweredQuestion {
        &self.phrasings[0]
    }

    /// The row ids of every phrasing, for [`Store::link_unanswered_cluster`].
    pub fn ids(&self) -> Vec<i64> {
        self.phrasings.iter().map(|q| q.id).collect()
    }
}

/// Groups similar questions (same language, telling words at least
/// [`QUESTION_SIMILARITY`] alike), most asked cluster first. Pure: works on
/// any rows, however they were read.
pub fn cluster_questions(mut rows: Vec<UnansweredQuestion>) -> Vec<QuestionCluster> {
    // Most asked first, so each cluster is led by its most asked phrasing.
    rows.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(b.last_asked.cmp(&a.last_asked))
            .then(a.id.cmp(&b.id))
    });
    let mut out = Vec::new();
    for lang in [Lang::En, Lang::De] {
        let mut slots: Vec<Option<UnansweredQuestion>> = rows
            .iter()
            .filter(|q| q.lang == lang)
            .cloned()
            .map(Some)
            .collect();
        let prints: Vec<Vec<u64>> = slots
            .iter()
            .flatten()
            .map(|q| question_fingerprint(&q.question))
            .collect();
        for group in clusters(&prints, QUESTION_SIMILARITY) {
            let phrasings: Vec<UnansweredQuestion> =
                group.into_iter().filter_map(|i| slots[i].take()).collect();
            let Some(last_asked) = phrasings.iter().map(|q| q.last_asked).max() else {
                continue;
            };
            out.push(QuestionCluster {
                lang,
                asked: phrasings.iter().map(|q| q.count).sum(),
                last_asked,
                phrasings,
            });
        }
    }
    out.sort_by(|a, b| b.asked.cmp(&a.asked).then(b.last_asked.cmp(&a.last_asked)));
    out
}

impl Store {
    /// The questions nobody linked yet, in clusters, most asked first. Reads
    /// the `limit` most asked unlinked questions.
    pub fn unanswered_clusters(&self, limit: usize) -> Result<Vec<QuestionCluster>, DeskError> {
        self.in_its_file(|| {
            let rows = self.unanswered_where(
                "linked_article IS NULL ORDER BY count DESC, last_asked DESC, id LIMIT ?1",
                params![limit as i64],
            )?;
            Ok(cluster_questions(rows))
        })
    }

    /// Links every phrasing of a cluster to `article` in one transaction.
    /// When the moderator edited the leading phrasing, `phrasing` replaces
    /// the text of `ids[0]` (the original is kept in the audit note), so
    /// the FAQ learns the edited words. Unknown ids are an error and nothing
    /// is linked.
    pub fn link_unanswered_cluster(
        &mut self,
        ids: &[i64],
        article: &str,
        phrasing: Option<&str>,
        moderator: MemberId,
        at: Timestamp,
    ) -> Result<(), DeskError> {
        self.in_its_file_mut(|store| {
            let tx = store.write()?;
            for (i, &id) in ids.iter().enumerate() {
                let original: Option<String> = tx
                    .prepare_cached("SELECT question FROM unanswered_questions WHERE id = ?1")?
                    .query_row([id], |row| row.get(0))
                    .optional()?;
                let Some(original) = original else {
                    return Err(DeskError::not_found("unanswered question", id));
                };
                let edited = phrasing
                    .map(str::trim)
                    .filter(|p| i == 0 && !p.is_empty() && *p != original);
                tx.prepare_cached(
                    "UPDATE unanswered_questions SET linked_article = ?2, \
                 question = coalesce(?3, question) WHERE id = ?1",
                )?
                .execute(params![id, article, edited])?;
                let note = match edited {
                    Some(edited) => format!("{article}; \"{original}\" edited to \"{edited}\""),
                    None => article.to_string(),
                };
                audit(
                    &tx,
                    Some(moderator),
                    "question-linked",
                    &format!("question:{id}"),
                    &note,
                    at,
                )?;
            }
            tx.commit()?;
            Ok(())
        })
    }
}

/// One row of the unanswered log as migration 0010 finds it.
struct Logged {
    id: i64,
    key: String,
    count: i64,
    first_asked: i64,
    last_asked: i64,
    linked_article: Option<String>,
}

/// Folds again the repeat keys of the unanswered log (before 0010 they were
/// only lowercased) and merges the rows of one language that now share a
/// key into one, adding their counts: the earliest row linked to an
/// article, else the earliest row, keeps its text and link. A row linked
/// to another article than that one keeps its own row, so no phrasing the
/// FAQ learned is lost. The stored key is refolded, not the text, because
/// linking may have edited the text.
pub(super) fn refold_unanswered(conn: &Connection) -> Result<(), DeskError> {
    let mut groups: BTreeMap<(String, String), Vec<Logged>> = BTreeMap::new();
    let mut rows = conn.prepare(
        "SELECT id, normalized, lang, count, first_asked, last_asked, linked_article \
         FROM unanswered_questions ORDER BY id",
    )?;
    let found = rows.query_map([], |row| {
        Ok((
            row.get::<_, String>(2)?,
            Logged {
                id: row.get(0)?,
                key: row.get(1)?,
                count: row.get(3)?,
                first_asked: row.get(4)?,
                last_asked: row.get(5)?,
                linked_article: row.get(6)?,
            },
        ))
    })?;
    for row in found {
        let (lang, logged) = row?;
        groups
            .entry((fold_question(&logged.key), lang))
            .or_default()
            .push(logged);
    }
    let mut absorbed = Vec::new();
    let mut merged = Vec::new();
    let mut kept_apart = Vec::new();
    for ((key, _), rows) in groups {
        // A linked row whose key is already the new one must survive: were
        // it kept apart, its key would collide with the survivor's.
        let survivor = rows
            .iter()
            .filter(|r| r.linked_article.is_some())
            .min_by_key(|r| (r.key != key, r.id))
            .unwrap_or(&rows[0]);
        let joining: Vec<&Logged> = rows
            .iter()
            .filter(|r| {
                r.id != survivor.id
                    && (r.linked_article.is_none() || r.linked_article == survivor.linked_article)
            })
            .collect();
        kept_apart.extend(
            rows.iter()
                .filter(|r| r.id != survivor.id && !joining.iter().any(|j| j.id == r.id))
                .map(|r| (r.id, format!("KEPT {} {key}", r.id))),
        );
        if joining.is_empty() && survivor.key == key {
            continue;
        }
        let all = || std::iter::once(survivor).chain(joining.iter().copied());
        absorbed.extend(joining.iter().map(|r| r.id));
        merged.push((
            survivor.id,
            key,
            all().map(|r| r.count).sum::<i64>(),
            all()
                .map(|r| r.first_asked)
                .min()
                .unwrap_or(survivor.first_asked),
            all()
                .map(|r| r.last_asked)
                .max()
                .unwrap_or(survivor.last_asked),
        ));
    }
    let mut delete = conn.prepare("DELETE FROM unanswered_questions WHERE id = ?1")?;
    for id in absorbed {
        delete.execute([id])?;
    }
    // Keys are unique per language and one row's new key can be another's
    // old one, so every moved row first takes a key that folding never
    // makes (it has capitals).
    let mut park =
        conn.prepare("UPDATE unanswered_questions SET normalized = 'REFOLD ' || id WHERE id = ?1")?;
    for id in merged
        .iter()
        .map(|m| m.0)
        .chain(kept_apart.iter().map(|k| k.0))
    {
        park.execute([id])?;
    }
    let mut keep = conn.prepare("UPDATE unanswered_questions SET normalized = ?2 WHERE id = ?1")?;
    for (id, key) in &kept_apart {
        keep.execute(params![id, key])?;
    }
    let mut settle = conn.prepare(
        "UPDATE unanswered_questions SET normalized = ?2, count = ?3, first_asked = ?4, \
         last_asked = ?5 WHERE id = ?1",
    )?;
    for (id, key, count, first_asked, last_asked) in merged {
        settle.execute(params![id, key, count, first_asked, last_asked])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::community::NewMember;
    use crate::store::tests::temp_store;
    use time::macros::datetime;

    const AT: Timestamp = datetime!(2026-11-22 10:00 UTC);

    fn ask(store: &mut Store, question: &str, lang: Lang, times: usize) {
        for _ in 0..times {
            store.record_unanswered(question, lang, AT).expect("record");
        }
    }

    #[test]
    fn full_width_invisible_and_umlaut_spellings_count_as_one_question() {
        let (_dir, mut store) = temp_store();
        for question in [
            "Ｐａｓｓｗｏｒｔ vergessen",
            "passwort vergessen？",
            "Pass\u{200b}wort  vergessen",
            "Wie ändere ich mein Passwort",
            "wie aendere ich mein passwort?",
        ] {
            store
                .record_unanswered(question, Lang::De, AT)
                .expect("record");
        }
        let counts: Vec<(String, u64)> = store
            .unanswered_questions(0, 10)
            .expect("list")
            .into_iter()
            .map(|q| (q.question, q.count))
            .collect();
        assert_eq!(
            counts,
            [
                ("Ｐａｓｓｗｏｒｔ vergessen".to_string(), 3),
                ("Wie ändere ich mein Passwort".to_string(), 2),
            ]
        );
    }

    #[test]
    fn rephrasings_gather_into_one_cluster_with_their_counts() {
        let (_dir, mut store) = temp_store();
        ask(&mut store, "How do I delete my account?", Lang::En, 5);
        ask(&mut store, "delete account how", Lang::En, 4);
        ask(&mut store, "How can I delete my whole account", Lang::En, 3);
        ask(&mut store, "How do I change my password?", Lang::En, 2);
        ask(&mut store, "Wie kann ich mein Konto löschen?", Lang::De, 1);
        ask(&mut store, "Konto loeschen", Lang::De, 1);
        let clusters = store.unanswered_clusters(100).expect("clusters");
        let shape: Vec<(u64, Vec<&str>)> = clusters
            .iter()
            .map(|c| {
                (
                    c.asked,
                    c.phrasings.iter().map(|q| q.question.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                (
                    12,
                    vec![
                        "How do I delete my account?",
                        "delete account how",
                        "How can I delete my whole account"
                    ]
                ),
                (2, vec!["How do I change my password?"]),
                (
                    2,
                    vec!["Wie kann ich mein Konto löschen?", "Konto loeschen"]
                ),
            ]
        );
        assert_eq!(clusters[2].lang, Lang::De);
        assert_eq!(clusters[0].leader().count, 5);
    }

    #[test]
    fn one_link_teaches_every_phrasing_and_keeps_the_edit() {
        let (_dir, mut store) = temp_store();
        ask(&mut store, "delete acount how", Lang::En, 3);
        ask(&mut store, "How do I delete my acount?", Lang::En, 1);
        ask(&mut store, "Where is the imprint?", Lang::En, 1);
        let moderator = store
            .upsert_member(&NewMember::new("mod@example.org", "Mod", Lang::En))
            .expect("moderator");
        let cluster = store.unanswered_clusters(100).expect("clusters").remove(0);
        store
            .link_unanswered_cluster(
                &cluster.ids(),
                "delete-account",
                Some("How do I delete my account?"),
                moderator,
                AT,
            )
            .expect("link");
        let mut linked: Vec<String> = store
            .linked_questions()
            .expect("linked")
            .into_iter()
            .map(|q| q.question)
            .collect();
        linked.sort();
        assert_eq!(
            linked,
            ["How do I delete my account?", "How do I delete my acount?"]
        );
        let left = store.unanswered_clusters(100).expect("clusters");
        assert_eq!(left.len(), 1, "only the imprint is left");
        let log = store.audit_log(0, 5).expect("audit");
        assert!(
            log.iter()
                .any(|e| e.note.contains("\"delete acount how\" edited to"))
        );

        assert!(
            store
                .link_unanswered_cluster(
                    &[left[0].leader().id, 9_999],
                    "imprint",
                    None,
                    moderator,
                    AT
                )
                .is_err()
        );
        assert_eq!(
            store.unanswered_clusters(100).expect("clusters").len(),
            1,
            "all or nothing"
        );
    }
}
