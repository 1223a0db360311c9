//! Slow work (SQLite, search, files) off the UI thread: the app sends a
//! [`Job`], the worker answers with a [`Done`] message.

use desk::address_book::{AddressBook, Comparison};
use desk::clock::Timestamp;
use desk::invitations::policy::{InvitePolicy, PolicyConfig, Verdict};
use desk::records::{GroupId, InvitationId, Member, MemberId, TicketId};
use desk::referrals::BonusProgress;
use desk::store::community::{GroupMember, MyGroup};
use desk::store::{AuditEntry, Ticket, TicketMessage, UnansweredQuestion};
use desk::store::{Event, NewEvent};
use desk::store::{FlaggedInvitation, NewsItem};
use desk::{Draft, GroupInvitation, Route, SendOutcome, Store, clock};
use knowledge::corpus::Corpus;
use knowledge::{Answer, KnowledgeBase};
use locales::{Lang, Localizer};
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
    /// Link an unanswered question to an article as an extra phrasing.
    Link {
        /// The question's row.
        question: i64,
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
    /// Compare an address book file with the network; nothing is kept.
    Compare {
        /// Whose contacts.
        me: MemberId,
        /// The CSV or vCard file.
        path: PathBuf,
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
        /// The subject the invitee would get when left blank.
        default_subject: String,
    },
    /// The outcome of sending.
    Sent(SendOutcome),
    /// My invitations.
    SentList(Vec<GroupInvitation>),
    /// The review queue and the latest audit entries.
    Review(Vec<FlaggedInvitation>, Vec<AuditEntry>),
    /// Invitations decided: how many, approved or not, and how many inviters got suspended.
    Decided {
        /// How many.
        count: usize,
        /// Approved (else rejected).
        approved: bool,
    },
    /// Upcoming events.
    Events(Vec<Event>),
    /// An event was saved.
    EventSaved,
    /// Tickets and the unanswered questions.
    Tickets(Vec<Ticket>, Vec<UnansweredQuestion>),
    /// One ticket's conversation.
    TicketMessages(TicketId, Vec<TicketMessage>),
    /// A ticket changed.
    TicketChanged(TicketId),
    /// A question was linked.
    Linked(String),
    /// The article to link to does not exist.
    NoSuchArticle(String),
    /// FAQ hits in both languages.
    Faq(u64, Vec<FaqHit>),
    /// Bonus figures.
    Bonus(Member, BonusProgress),
    /// Members found.
    FoundMembers(Vec<Member>),
    /// The address book sorted.
    Compared(PathBuf, Comparison),
    /// The job failed; the text is for the status line.
    Failed(String),
}

/// The console's view of the FAQ: the corpus plus the phrasings linked in the database.
pub struct Knowledge {
    corpus: Corpus,
    kb: KnowledgeBase,
}

impl Knowledge {
    /// Builds the index over `corpus` with the database's linked phrasings added.
    pub fn new(mut corpus: Corpus, store: &Store) -> Result<Knowledge, String> {
        for q in store.linked_questions().map_err(|e| e.to_string())? {
            if let Some(article) = &q.linked_article {
                corpus.add_phrasing(article, q.lang, &q.question);
            }
        }
        let kb = KnowledgeBase::from_corpus(&corpus).map_err(|e| e.to_string())?;
        Ok(Knowledge { corpus, kb })
    }

    /// The article in one language.
    pub fn article(&self, id: &str, lang: Lang) -> Option<&knowledge::corpus::Article> {
        self.corpus.get(id, lang)
    }

    /// Hits in both languages, best first.
    pub fn search(&self, query: &str) -> Result<Vec<FaqHit>, String> {
        let mut hits = Vec::new();
        if query.trim().is_empty() {
            return Ok(hits);
        }
        for lang in [Lang::En, Lang::De] {
            let answer: Answer = self
                .kb
                .answer(query, Some(lang))
                .map_err(|e| e.to_string())?;
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
        }
        hits.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
        hits.dedup_by(|a, b| a.id == b.id && a.lang == b.lang);
        Ok(hits)
    }
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
    ) -> Result<Worker, String> {
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

    /// Does one job; every failure becomes [`Done::Failed`].
    pub fn perform(&mut self, job: Job) -> Done {
        self.try_perform(job).unwrap_or_else(Done::Failed)
    }

    fn try_perform(&mut self, job: Job) -> Result<Done, String> {
        let e = |e: desk::DeskError| e.to_string();
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
                let q = query.trim().to_lowercase();
                let found = match route {
                    Route::Group => self
                        .store
                        .contacts_of(me)
                        .map_err(e)?
                        .into_iter()
                        .filter(|m| {
                            q.is_empty()
                                || m.name.to_lowercase().contains(&q)
                                || m.email.contains(&q)
                        })
                        .take(50)
                        .collect(),
                    Route::Profile if q.is_empty() => Vec::new(),
                    Route::Profile => self
                        .store
                        .search_members(&q, 50)
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
                    default_subject,
                }
            }
            Job::Send(mut draft) => {
                draft.at = self.now();
                Done::Sent(
                    self.store
                        .send_invitation(&self.policy, &self.l, &draft)
                        .map_err(e)?,
                )
            }
            Job::Sent(me) => Done::SentList(self.store.invitations_sent_by(me, 200).map_err(e)?),
            Job::Review(me) => Done::Review(
                self.store
                    .flagged_invitations(Some(me), 0, 500)
                    .map_err(e)?,
                self.store.audit_log(0, 200).map_err(e)?,
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
                    count: reviewed.iter().filter(|r| r.outcome.applied()).count(),
                    approved: approve,
                }
            }
            Job::Events => {
                // Events from the start of today, so today's are still listed.
                let now = self.now();
                let today = now.replace_time(time::Time::MIDNIGHT);
                Done::Events(self.store.events(today, 0, 500).map_err(e)?)
            }
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
            ),
            Job::TicketMessages(id) => {
                Done::TicketMessages(id, self.store.ticket_messages(id).map_err(e)?)
            }
            Job::TicketAction { id, by, action } => {
                let at = self.now();
                match action {
                    TicketAction::Assign => self.store.assign_ticket(id, by, at),
                    TicketAction::Reply(text) => self.store.reply_to_ticket(id, by, &text, at),
                    TicketAction::Close => self.store.close_ticket(id, by, at),
                }
                .map_err(e)?;
                Done::TicketChanged(id)
            }
            Job::Link {
                question,
                article,
                by,
            } => {
                if !self.corpus.articles.iter().any(|a| a.id == article) {
                    return Ok(Done::NoSuchArticle(article));
                }
                if let Some(dir) = &self.faq_dir {
                    let q = self.store.unanswered_question(question).map_err(e)?;
                    let lang = if self.corpus.get(&article, q.lang).is_some() {
                        q.lang
                    } else {
                        q.lang.other()
                    };
                    knowledge::corpus::add_phrasing_to_file(dir, &article, lang, &q.question)
                        .map_err(|problems| {
                            problems
                                .iter()
                                .map(|p| p.to_string())
                                .collect::<Vec<_>>()
                                .join("; ")
                        })?;
                }
                self.store
                    .link_unanswered(question, &article, by, self.now())
                    .map_err(e)?;
                // The next search already knows the new phrasing.
                self.knowledge = Arc::new(Knowledge::new(self.corpus.clone(), &self.store)?);
                Done::Linked(article)
            }
            Job::Faq { seq, query } => Done::Faq(seq, self.knowledge.search(&query)?),
            Job::Bonus(member) => Done::Bonus(
                self.store.member(member).map_err(e)?,
                self.store.bonus_progress(member, self.now()).map_err(e)?,
            ),
            Job::FindMembers(q) => Done::FoundMembers(if q.trim().is_empty() {
                Vec::new()
            } else {
                self.store.search_members(q.trim(), 20).map_err(e)?
            }),
            Job::Compare { me, path } => {
                let book = AddressBook::read_file(&path).map_err(|err| err.in_file(&path))?;
                Done::Compared(path, self.store.compare_address_book(me, &book).map_err(e)?)
            }
        })
    }

    /// Performs `jobs` here and now, and the jobs their answers lead to, until
    /// the app is settled: the worker thread's loop without the thread, for
    /// tests and benches.
    pub fn settle(&mut self, app: &mut crate::app::App, mut jobs: Vec<Job>) {
        while !jobs.is_empty() {
            let mut next = Vec::new();
            for job in jobs {
                let done = self.perform(job);
                next.extend(app.update(crate::app::Msg::Done(done)));
            }
            jobs = next;
        }
    }

    /// Runs on its own thread until the app hangs up.
    pub fn spawn(mut self, jobs: Receiver<Job>, done: Sender<Done>) -> std::thread::JoinHandle<()> {
        std::thread::spawn(move || {
            while let Ok(job) = jobs.recv() {
                if done.send(self.perform(job)).is_err() {
                    return;
                }
            }
        })
    }
}
