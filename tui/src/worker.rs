//! Slow work (SQLite, search, files) off the UI thread: the app sends a
//! [`Job`], the worker answers with a [`Done`] message.

use desk::address_book::{AddressBook, Comparison};
use desk::clock::Timestamp;
use desk::invitations::advice::Advice;
use desk::invitations::policy::{InvitePolicy, PolicyConfig, Verdict};
use desk::records::{GroupId, InvitationId, Member, MemberId, TicketId};
use desk::referrals::BonusProgress;
use desk::store::community::{GroupMember, MyGroup};
use desk::store::{AuditEntry, Ticket, TicketMessage, TicketRefusal, UnansweredQuestion};
use desk::store::{Event, NewEvent};
use desk::store::{FlaggedInvitation, NewsItem};
use desk::store::{InviterQueue, MailState, QuestionCluster, Reviewed, TicketStats};
use desk::{Draft, GroupInvitation, Route, SendOutcome, Store, clock};
use knowledge::corpus::Corpus;
use knowledge::{Answer, KnowledgeBase, KnowledgeError};
use locales::{Lang, Localizer};
use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};

/// A request for slow work.
#[derive(Debug, Clone)]
pub enum Job {
    /// Everyone who moderates a group, for the picker.
    Moderators,
    /// The moderator's groups.
    Groups(MemberId),
    /// A page of a group's members.
    Members {
        /// The group.
        group: GroupId,
        /// First row.
        offset: usize,
    },
    /// A group's news feed.
    News(GroupId),
    /// People the composer may offer, for a search text.
    Invitees {
        /// The inviter.
        me: MemberId,
        /// The route: the group page offers direct contacts only.
        route: Route,
        /// What was typed.
        query: String,
    },
    /// The live verdict and the prefilled subject for a draft.
    Check {
        /// Which edit this answers; older answers are dropped.
        seq: u64,
        /// The draft.
        draft: Draft,
    },
    /// Send a draft.
    Send(Draft),
    /// The invitations I sent.
    Sent(MemberId),
    /// The review queue and the audit log.
    Review(MemberId),
    /// Approve or reject flagged invitations.
    Decide {
        /// The invitations.
        ids: Vec<InvitationId>,
        /// The moderator.
        by: MemberId,
        /// Approve (else reject).
        approve: bool,
        /// The note for the audit log.
        note: String,
    },
    /// Upcoming events.
    Events,
    /// Create (no id) or edit an event.
    SaveEvent {
        /// The event to edit, or a new one.
        id: Option<desk::records::EventId>,
        /// The ambassador.
        by: MemberId,
        /// The fields.
        event: NewEvent,
    },
    /// Tickets and unanswered questions.
    Tickets,
    /// One ticket's messages.
    TicketMessages(TicketId),
    /// Assign, reply or close.
    TicketAction {
        /// The ticket.
        id: TicketId,
        /// The moderator.
        by: MemberId,
        /// What to do.
        action: TicketAction,
    },
    /// Link a cluster of unanswered questions to an article, with the
    /// phrasing the moderator settled on.
    Link {
        /// The questions' rows.
        questions: Vec<i64>,
        /// The phrasing for the FAQ file (personal details edited out).
        phrasing: String,
        /// The article id.
        article: String,
        /// The moderator.
        by: MemberId,
    },
    /// Search the FAQ in both languages.
    Faq {
        /// Which keystroke this answers.
        seq: u64,
        /// What was typed.
        query: String,
    },
    /// A member's bonus progress.
    Bonus(MemberId),
    /// Members by name or e-mail.
    FindMembers(String),
    /// The engine's best article for an unanswered phrasing, in its language.
    Candidate(String, Lang),
    /// Whether another process wrote to the database (the bot, the mail
    /// courier, a script), for the screen with this id.
    DataVersion(&'static str),
    /// Ticket figures over 7 and 30 days.
    TicketStats,
    /// Compare an address book file with the network; nothing is kept.
    Compare {
        /// Whose contacts.
        me: MemberId,
        /// The CSV or vCard file.
        path: PathBuf,
        /// The console's language, for what is wrong with the file.
        lang: Lang,
    },
}

/// What can be done to a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketAction {
    /// Take it.
    Assign,
    /// Answer it.
    Reply(String),
    /// Close it.
    Close,
    /// Open it again after it was closed.
    Reopen,
}

/// A FAQ hit for the console: which article, in which language, how sure.
#[derive(Debug, Clone, PartialEq)]
pub struct FaqHit {
    /// The article id.
    pub id: String,
    /// The language of this version.
    pub lang: Lang,
    /// Its title.
    pub title: String,
    /// The engine's confidence.
    pub confidence: f32,
}

/// The answer to a [`Job`].
#[derive(Debug)]
pub enum Done {
    /// The picker's list.
    Moderators(Vec<Member>),
    /// My groups.
    Groups(Vec<MyGroup>),
    /// A page of members.
    Members {
        /// The group.
        group: GroupId,
        /// The first row's position.
        offset: usize,
        /// The rows.
        rows: Vec<GroupMember>,
    },
    /// A news feed.
    News(GroupId, Vec<NewsItem>),
    /// Composer candidates, for the query they answer.
    Invitees(String, Vec<Member>),
    /// The live verdict.
    Checked {
        /// The edit it answers.
        seq: u64,
        /// The verdict.
        verdict: Verdict,
        /// Advice that does not block sending.
        advice: Vec<Advice>,
        /// The subject the invitee would get when left blank.
        default_subject: String,
    },
    /// The outcome of sending.
    Sent(SendOutcome),
    /// My invitations.
    SentList(Vec<GroupInvitation>, HashMap<InvitationId, MailState>),
    /// The review queue, the latest audit entries, and the queue by inviter.
    Review(Vec<FlaggedInvitation>, Vec<AuditEntry>, Vec<InviterQueue>),
    /// A batch decided: each item on its own, so one refusal stops nothing else.
    Decided {
        /// Approved (else rejected).
        approved: bool,
        /// What became of each, in the order asked.
        reviewed: Vec<Reviewed>,
    },
    /// Upcoming events.
    Events(Vec<Event>),
    /// An event was saved.
    EventSaved,
    /// Tickets, the unanswered questions, and those not linked yet in clusters.
    Tickets(Vec<Ticket>, Vec<UnansweredQuestion>, Vec<QuestionCluster>),
    /// One ticket's conversation.
    TicketMessages(TicketId, Vec<TicketMessage>),
    /// A ticket changed, by the action that changed it: only that action's
    /// guard on the screen is done waiting.
    TicketChanged(TicketId, TicketAction),
    /// A reply, closing or reopening was refused; nothing changed. The
    /// action says whose answer this is, as for a change.
    TicketRefused(TicketAction, TicketRefusal),
    /// A cluster was linked.
    Linked {
        /// The article.
        article: String,
        /// How many questions.
        count: usize,
    },
    /// The best article for a phrasing, if the engine has one.
    Candidate(String, Option<FaqHit>),
    /// The database's change counter, for the screen that asked.
    DataVersion(&'static str, i64),
    /// Ticket figures, 7 days then 30.
    TicketStats(Vec<TicketStats>),
    /// The article to link to does not exist.
    NoSuchArticle(String),
    /// The moderator's phrasing cannot be linked as it stands.
    PhrasingRefused(knowledge::corpus::PhrasingError),
    /// FAQ hits in both languages.
    Faq(u64, Vec<FaqHit>),
    /// Bonus figures.
    Bonus(Member, BonusProgress),
    /// Members found.
    FoundMembers(String, Vec<Member>),
    /// The address book sorted.
    Compared(PathBuf, Comparison),
    /// A job failed; the app words why for the status line, and the job
    /// says whose answer will not come, so only that screen stops waiting.
    Failed(Job, Failure),
}

/// Why a job failed. A failure of the database is worded when it reaches
/// the app, in the console's language of that moment, and names the file
/// once.
#[derive(Debug)]
pub enum Failure {
    /// Already worded (a file that is not an address book).
    Said(String),
    /// The FAQ engine failed: worded in the console's language, its
    /// library's own English marked as such.
    Knowledge(knowledge::KnowledgeError),
    /// The FAQ file could not take a linked phrasing: its problems, each
    /// said as `file:line: message` in the console's language.
    Faq(Vec<knowledge::Diagnostic>),
    /// The desk refused or the database failed.
    Desk {
        /// What went wrong.
        error: desk::DeskError,
        /// The console's database, which an SQLite failure after opening
        /// does not name itself.
        database: PathBuf,
    },
}

impl Failure {
    /// The text for the status line, in `lang`.
    pub fn words(&self, l: &Localizer, lang: Lang) -> String {
        match self {
            Failure::Said(text) => text.clone(),
            Failure::Knowledge(error) => error.in_lang(l, lang),
            Failure::Faq(problems) => problems
                .iter()
                .map(|p| p.in_lang(l, lang))
                .collect::<Vec<_>>()
                .join("; "),
            Failure::Desk { error, database } => error.in_language(l, lang, Some(database)),
        }
    }
}

impl From<String> for Failure {
    fn from(text: String) -> Failure {
        Failure::Said(text)
    }
}

impl From<knowledge::KnowledgeError> for Failure {
    fn from(error: knowledge::KnowledgeError) -> Failure {
        Failure::Knowledge(error)
    }
}

/// The console's view of the FAQ: the corpus plus the phrasings linked in the database.
pub struct Knowledge {
    corpus: Corpus,
    kb: KnowledgeBase,
}

impl Knowledge {
    /// Builds the index over `corpus` alone.
    pub fn from_corpus(corpus: Corpus) -> Result<Knowledge, KnowledgeError> {
        let kb = KnowledgeBase::from_corpus(&corpus)?;
        Ok(Knowledge { corpus, kb })
    }

    /// Builds the index over `corpus` with the database's linked phrasings added.
    pub fn new(mut corpus: Corpus, store: &Store) -> Result<Knowledge, Failure> {
        let linked = store.linked_questions().map_err(|error| Failure::Desk {
            error,
            database: store.path().to_path_buf(),
        })?;
        for q in linked {
            if let Some(article) = &q.linked_article {
                corpus.add_phrasing(article, q.lang, &q.question);
            }
        }
        let kb = KnowledgeBase::from_corpus(&corpus)?;
        Ok(Knowledge { corpus, kb })
    }

    /// The article in one language.
    pub fn article(&self, id: &str, lang: Lang) -> Option<&knowledge::corpus::Article> {
        self.corpus.get(id, lang)
    }

    /// Hits in both languages, best first.
    pub fn search(&self, query: &str) -> Result<Vec<FaqHit>, KnowledgeError> {
        let mut hits = Vec::new();
        if query.trim().is_empty() {
            return Ok(hits);
        }
        for lang in [Lang::En, Lang::De] {
            hits.extend(self.hits_in(query, lang)?);
        }
        hits.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
        hits.dedup_by(|a, b| a.id == b.id && a.lang == b.lang);
        Ok(hits)
    }

    /// The best article for a question asked in `lang`: its answer, or the
    /// first alternative when it declines. Searching both languages would let
    /// the other one win on noise when neither is confident.
    pub fn candidate(&self, question: &str, lang: Lang) -> Result<Option<FaqHit>, KnowledgeError> {
        Ok(self.hits_in(question, lang)?.into_iter().next())
    }

    /// The answer and the alternatives for `query` answered in `lang`, in the
    /// engine's order; an alternative only in the other language is shown
    /// in that one.
    fn hits_in(&self, query: &str, lang: Lang) -> Result<Vec<FaqHit>, KnowledgeError> {
        let mut hits = Vec::new();
        let answer: Answer = self.kb.answer(query, Some(lang))?;
        if let Some(found) = &answer.article {
            hits.push(FaqHit {
                id: found.id.clone(),
                lang: answer.lang,
                title: found.title.clone(),
                confidence: answer.confidence,
            });
        }
        for alt in &answer.alternatives {
            let alt_lang = if self.corpus.get(&alt.id, lang).is_some() {
                lang
            } else {
                lang.other()
            };
            hits.push(FaqHit {
                id: alt.id.clone(),
                lang: alt_lang,
                title: alt.title.clone(),
                confidence: alt.confidence,
            });
        }
        Ok(hits)
    }
}

/// Drops every search-as-you-type job that a newer one of its kind
/// replaces: only the newest request of each kind is answered.
pub fn coalesce(queue: &mut VecDeque<Job>) {
    // The change counter is asked for per screen: each keeps its own.
    fn kind(job: &Job) -> Option<(u8, &'static str)> {
        match job {
            Job::Faq { .. } => Some((0, "")),
            Job::FindMembers(_) => Some((1, "")),
            Job::Invitees { .. } => Some((2, "")),
            Job::Check { .. } => Some((3, "")),
            Job::DataVersion(screen) => Some((4, screen)),
            _ => None,
        }
    }
    let mut seen = Vec::new();
    let mut keep = vec![true; queue.len()];
    for (i, job) in queue.iter().enumerate().rev() {
        if let Some(k) = kind(job) {
            if seen.contains(&k) {
                keep[i] = false;
            }
            seen.push(k);
        }
    }
    let mut flags = keep.into_iter();
    queue.retain(|_| flags.next().unwrap_or(true));
}

/// Page size for member lists: a screen is at most a few dozen rows.
pub const PAGE: usize = 200;

/// Owns the store and the FAQ; performs jobs one at a time.
pub struct Worker {
    store: Store,
    knowledge: Arc<Knowledge>,
    corpus: Corpus,
    policy: InvitePolicy,
    l: Arc<Localizer>,
    now: Option<Timestamp>,
    faq_dir: Option<PathBuf>,
}

impl Worker {
    /// A worker over an open store; `now` pins the clock (tests and snapshots).
    pub fn new(
        store: Store,
        corpus: Corpus,
        l: Arc<Localizer>,
        now: Option<Timestamp>,
    ) -> Result<Worker, Failure> {
        let knowledge = Arc::new(Knowledge::new(corpus.clone(), &store)?);
        Ok(Worker {
            store,
            knowledge,
            corpus,
            policy: InvitePolicy::new(PolicyConfig::default()),
            l,
            now,
            faq_dir: None,
        })
    }

    /// Links also write the phrasing into the corpus files below `dir`
    /// (`--faq-dir`); without it they live in the database only.
    pub fn with_faq_dir(mut self, dir: Option<PathBuf>) -> Worker {
        self.faq_dir = dir;
        self
    }

    /// The FAQ, shared with the view for side-by-side articles.
    pub fn knowledge(&self) -> Arc<Knowledge> {
        Arc::clone(&self.knowledge)
    }

    /// The store, for tests that look at what was written.
    pub fn store(&self) -> &Store {
        &self.store
    }

    fn now(&self) -> Timestamp {
        self.now.unwrap_or_else(clock::now)
    }

    /// Does one job; every failure becomes [`Done::Failed`], naming the job.
    pub fn perform(&mut self, job: Job) -> Done {
        let asked = job.clone();
        self.try_perform(job)
            .unwrap_or_else(|why| Done::Failed(asked, why))
    }

    fn try_perform(&mut self, job: Job) -> Result<Done, Failure> {
        let database = self.store.path().to_path_buf();
        let e = |error: desk::DeskError| Failure::Desk {
            error,
            database: database.clone(),
        };
        Ok(match job {
            Job::Moderators => Done::Moderators(self.store.moderators().map_err(e)?),
            Job::Groups(me) => Done::Groups(self.store.groups_of(me).map_err(e)?),
            Job::Members { group, offset } => Done::Members {
                group,
                offset,
                rows: self.store.group_members(group, offset, PAGE).map_err(e)?,
            },
            Job::News(group) => Done::News(group, self.store.group_news(group, 50).map_err(e)?),
            Job::Invitees { me, route, query } => {
                let q = query.trim();
                let found = match route {
                    // Indexed, folded prefix search over my direct contacts only.
                    Route::Group => self.store.search_contacts(me, q, 50).map_err(e)?,
                    Route::Profile if q.is_empty() => Vec::new(),
                    Route::Profile => self
                        .store
                        .search_members(q, 50)
                        .map_err(e)?
                        .into_iter()
                        .filter(|m| m.id != me)
                        .collect(),
                };
                Done::Invitees(query, found)
            }
            Job::Check { seq, mut draft } => {
                draft.at = self.now();
                let default_subject = self
                    .store
                    .default_subject(&self.l, &draft)
                    .unwrap_or_default();
                Done::Checked {
                    seq,
                    verdict: self
                        .store
                        .check_invitation(&self.policy, &draft)
                        .map_err(e)?,
                    advice: self
                        .store
                        .invitation_advice(&self.policy, &draft)
                        .map_err(e)?,
                    default_subject,
                }
            }
            Job::Send(mut draft) => {
                draft.at = self.now();
                Done::Sent(
                    self.store
                        .send_invitation(&self.policy, &self.l, &draft, draft.at)
                        .map_err(e)?,
                )
            }
            Job::Sent(me) => {
                let sent = self.store.invitations_sent_by(me, 200).map_err(e)?;
                let ids: Vec<InvitationId> = sent.iter().map(|i| i.id).collect();
                let mails = self.store.invitation_mails(&ids).map_err(e)?;
                Done::SentList(sent, mails)
            }
            Job::Review(me) => Done::Review(
                self.store
                    .flagged_invitations(Some(me), 0, 500)
                    .map_err(e)?,
                self.store.audit_log(0, 200).map_err(e)?,
                self.store
                    .review_queue(&self.policy, Some(me), 500)
                    .map_err(e)?,
            ),
            Job::Decide {
                ids,
                by,
                approve,
                note,
            } => {
                let at = self.now();
                let decision = if approve {
                    desk::store::Decision::Approve
                } else {
                    desk::store::Decision::Reject
                };
                let items: Vec<_> = ids.iter().map(|id| (*id, decision)).collect();
                let reviewed = self
                    .store
                    .review_invitations(&self.policy, &self.l, &items, by, &note, at)
                    .map_err(e)?;
                Done::Decided {
                    approved: approve,
                    reviewed,
                }
            }
            Job::Events => Done::Events(
                self.store
                    .events(desk::store::events_kept_from(self.now()), 0, 500)
                    .map_err(e)?,
            ),
            Job::SaveEvent { id, by, event } => {
                let at = self.now();
                match id {
                    Some(id) => self.store.update_event(by, id, &event, at).map_err(e)?,
                    None => {
                        self.store.create_event(by, &event, at).map_err(e)?;
                    }
                }
                Done::EventSaved
            }
            Job::Tickets => Done::Tickets(
                self.store.tickets(0, 500).map_err(e)?,
                self.store.unanswered_questions(0, 500).map_err(e)?,
                self.store.unanswered_clusters(500).map_err(e)?,
            ),
            Job::TicketMessages(id) => {
                // Reading the conversation is seeing the member's new messages.
                self.store.mark_ticket_seen(id).map_err(e)?;
                Done::TicketMessages(id, self.store.ticket_messages(id).map_err(e)?)
            }
            Job::TicketAction { id, by, action } => {
                let at = self.now();
                let done = match &action {
                    TicketAction::Assign => self.store.assign_ticket(id, by, at),
                    TicketAction::Reply(text) => self.store.reply_to_ticket(id, by, text, at),
                    TicketAction::Close => self.store.close_ticket(id, by, at),
                    TicketAction::Reopen => self.store.reopen_ticket(id, by, at).map(|_| ()),
                };
                match done {
                    Ok(()) => Done::TicketChanged(id, action),
                    // Said in the moderator's language by the screen, which has the words.
                    Err(desk::DeskError::Ticket(refusal)) => Done::TicketRefused(action, refusal),
                    Err(other) => return Err(e(other)),
                }
            }
            Job::Link {
                questions,
                phrasing,
                article,
                by,
            } => {
                if !self.corpus.articles.iter().any(|a| a.id == article) {
                    return Ok(Done::NoSuchArticle(article));
                }
                // The file, the database and the index all get the phrasing
                // as it is linked: a pasted line break or zero-width space
                // would otherwise stay in the database and the index only.
                let phrasing = match knowledge::corpus::tidy_phrasing(&phrasing) {
                    Ok(tidy) => tidy,
                    Err(why) => return Ok(Done::PhrasingRefused(why)),
                };
                let Some(first) = questions.first() else {
                    return Ok(Done::Linked { article, count: 0 });
                };
                if let Some(dir) = &self.faq_dir {
                    let q = self.store.unanswered_question(*first).map_err(e)?;
                    let lang = if self.corpus.get(&article, q.lang).is_some() {
                        q.lang
                    } else {
                        q.lang.other()
                    };
                    // Only the edited phrasing reaches the file, never the
                    // members' own words.
                    knowledge::corpus::add_phrasing_to_file(dir, &article, lang, &phrasing)
                        .map_err(Failure::Faq)?;
                }
                let at = self.now();
                // One transaction; the edited phrasing replaces the leading
                // question's text, so the index learns the edited words.
                self.store
                    .link_unanswered_cluster(&questions, &article, Some(&phrasing), by, at)
                    .map_err(e)?;
                // The next search already knows the new phrasing.
                self.knowledge = Arc::new(Knowledge::new(self.corpus.clone(), &self.store)?);
                Done::Linked {
                    article,
                    count: questions.len(),
                }
            }
            Job::Faq { seq, query } => Done::Faq(seq, self.knowledge.search(&query)?),
            Job::Bonus(member) => Done::Bonus(
                self.store.member(member).map_err(e)?,
                self.store.bonus_progress(member, self.now()).map_err(e)?,
            ),
            Job::FindMembers(q) => {
                let found = if q.trim().is_empty() {
                    Vec::new()
                } else {
                    self.store.search_members(q.trim(), 20).map_err(e)?
                };
                Done::FoundMembers(q, found)
            }
            Job::DataVersion(screen) => {
                Done::DataVersion(screen, self.store.data_version().map_err(e)?)
            }
            Job::TicketStats => {
                let now = self.now();
                Done::TicketStats(vec![
                    self.store.ticket_stats(now, 7).map_err(e)?,
                    self.store.ticket_stats(now, 30).map_err(e)?,
                ])
            }
            Job::Candidate(question, lang) => {
                let best = self.knowledge.candidate(&question, lang)?;
                Done::Candidate(question, best)
            }
            Job::Compare { me, path, lang } => {
                let book = AddressBook::read_file(&path)
                    .map_err(|err| err.in_file(&path, &self.l, lang))?;
                Done::Compared(path, self.store.compare_address_book(me, &book).map_err(e)?)
            }
        })
    }

    /// Runs on its own thread until the app hangs up.
    pub fn spawn(mut self, jobs: Receiver<Job>, done: Sender<Done>) -> std::thread::JoinHandle<()> {
        std::thread::spawn(move || {
            let mut queue: VecDeque<Job> = VecDeque::new();
            loop {
                if queue.is_empty() {
                    match jobs.recv() {
                        Ok(job) => queue.push_back(job),
                        Err(_) => return,
                    }
                }
                // Everything that arrived while the last job ran: typing
                // fast must not queue a search per key in front of SQLite.
                queue.extend(jobs.try_iter());
                coalesce(&mut queue);
                let Some(job) = queue.pop_front() else {
                    continue;
                };
                if done.send(self.perform(job)).is_err() {
                    return;
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_newest_search_of_each_kind_is_kept_and_other_jobs_stay_in_order() {
        let faq = |seq: u64| Job::Faq {
            seq,
            query: format!("q{seq}"),
        };
        let mut queue: VecDeque<Job> = VecDeque::from(vec![
            faq(1),
            Job::FindMembers("m".into()),
            Job::Tickets,
            faq(2),
            Job::FindMembers("mu".into()),
            Job::Events,
            faq(3),
        ]);
        coalesce(&mut queue);
        let left: Vec<String> = queue.iter().map(|j| format!("{j:?}")).collect();
        assert_eq!(left.len(), 4, "{left:?}");
        assert!(left[0].starts_with("Tickets"), "{left:?}");
        assert!(left[1].contains("\"mu\""), "{left:?}");
        assert!(left[2].starts_with("Events"), "{left:?}");
        assert!(left[3].contains("seq: 3"), "{left:?}");
    }

    #[test]
    fn each_screen_keeps_its_own_change_counter_request() {
        let mut queue: VecDeque<Job> = VecDeque::from(vec![
            Job::DataVersion("invite"),
            Job::DataVersion("tickets"),
            Job::DataVersion("invite"),
        ]);
        coalesce(&mut queue);
        let left: Vec<String> = queue.iter().map(|j| format!("{j:?}")).collect();
        assert_eq!(
            left,
            ["DataVersion(\"tickets\")", "DataVersion(\"invite\")"]
        );
    }
}
