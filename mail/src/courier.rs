//! The courier: works off the outbox, one mail at a time, each exactly once.
//!
//! A mail is claimed in the store, handed to the transport, and the outcome is
//! recorded right after. On shutdown the courier takes no new mail, waits for
//! the one in the transport's hands and records it; claimed mails it never
//! started go back to the queue. A try counts only once the last check lets
//! a mail go, so a claimed mail that could not be handed back (the database
//! locked) loses no try: the next round or the next start hands it back.

use crate::MailError;
use crate::letter::{self, Sender};
use crate::transport::{Failure, Transport};
use desk::Store;
use desk::clock;
use desk::store::{LastCheck, MailProblem, QueuedMail};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::watch;

/// How long the outcome of a mail is tried to be recorded, while the courier
/// runs, before it gives up (and stops, so that a new start hands the mail back).
const RECORD_PATIENCE: Duration = Duration::from_secs(120);
/// What a stopping courier keeps of [`CourierOptions::stop_within`] for
/// itself beyond the bounded steps: task switches, the last log line.
const STOP_MARGIN: Duration = Duration::from_secs(5);
/// The first wait between two tries to record an outcome; it doubles.
const RECORD_FIRST_PAUSE: Duration = Duration::from_millis(250);
/// The longest wait between two tries to record an outcome.
const RECORD_LONGEST_PAUSE: Duration = Duration::from_secs(10);

/// How the latest hand-overs went, for serve's health report: a relay that
/// is down or a Maildir that cannot be written fails every mail, and
/// nothing else would show it before the mails run out of tries.
#[derive(Debug, Default)]
pub struct Handovers {
    failing: AtomicU32,
    last_problem: Mutex<Option<String>>,
}

impl Handovers {
    /// Tries in a row that failed for a reason that may pass (the
    /// transport's, not the mail's), since the last mail that went out.
    pub fn failing_in_a_row(&self) -> u32 {
        self.failing.load(Ordering::Relaxed)
    }

    /// The reason of the last of those tries.
    pub fn last_problem(&self) -> Option<String> {
        self.problem().clone()
    }

    fn went_out(&self) {
        self.failing.store(0, Ordering::Relaxed);
        *self.problem() = None;
    }

    fn failed(&self, problem: &MailProblem) {
        self.failing.fetch_add(1, Ordering::Relaxed);
        *self.problem() = Some(problem.to_string());
    }

    fn problem(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        self.last_problem
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// When to try a temporarily failed mail again, and when to give up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// The wait after the first failure; it doubles with each further one.
    pub first: Duration,
    /// The longest wait between two tries.
    pub longest: Duration,
    /// Tries in all before the mail counts as failed.
    pub attempts: u32,
}

impl Default for Retry {
    /// One minute, doubling up to an hour, for about a day (30 tries).
    fn default() -> Retry {
        Retry {
            first: Duration::from_secs(60),
            longest: Duration::from_secs(3600),
            attempts: 30,
        }
    }
}

impl Retry {
    /// The wait after the `tries`-th failed try (1-based).
    pub fn delay(&self, tries: u32) -> Duration {
        let doubled = self
            .first
            .saturating_mul(1u32 << tries.saturating_sub(1).min(20));
        doubled.min(self.longest)
    }
}

/// How the courier works.
#[derive(Debug, Clone, Copy)]
pub struct CourierOptions {
    /// Mails claimed at once.
    pub batch: usize,
    /// How often an empty outbox is looked at again.
    pub poll: Duration,
    /// Retries of temporary failures.
    pub retry: Retry,
    /// How long the outcome of a sent mail is tried to be recorded while the
    /// courier runs (the database may be locked by another process).
    pub record_patience: Duration,
    /// How long the caller waits for the courier after the stop signal
    /// (`helpdesk serve`'s drain), if it waits for a bounded time. Once
    /// stopping, the courier records the mail in hand only for as long as
    /// fits in it ([`Courier::longest_stop`]), so that it is never cut off
    /// while it still tries: it returns, recorded or not, and says which.
    pub stop_within: Option<Duration>,
}

impl Default for CourierOptions {
    fn default() -> CourierOptions {
        CourierOptions {
            batch: 32,
            poll: Duration::from_secs(1),
            retry: Retry::default(),
            record_patience: RECORD_PATIENCE,
            stop_within: None,
        }
    }
}

/// What one round of work did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    /// Mails that went out.
    pub sent: usize,
    /// Mails put back for a later try.
    pub deferred: usize,
    /// Mails refused for good.
    pub failed: usize,
    /// Invitation mails not sent because the invitee switched invitations off.
    pub opted_out: usize,
    /// Claimed mails handed back unsent: because the courier was stopping,
    /// or, at the round's start, those an earlier round could not hand back
    /// (the database locked).
    pub released: usize,
    /// Mails the transport had, whose outcome could not be written down
    /// ([`MailError::Unrecorded`]): left claimed, for the next start.
    pub unrecorded: usize,
}

/// A claimed mail whose last check met an I/O error, not yet judged its
/// row's or the file's ([`LastCheck::InDoubt`]).
struct Doubt {
    id: i64,
    problem: MailProblem,
    tries: u32,
    retry_at: clock::Timestamp,
}

/// What became of one mail in a round.
#[derive(Debug, Clone, Copy)]
enum Fate {
    Sent,
    Deferred,
    Failed,
    OptedOut,
    Unrecorded,
}

impl Round {
    /// Counts one mail's `fate`, here and in the delivery metrics of
    /// `channel` (the transport), which must agree.
    fn count(&mut self, fate: Fate, channel: &'static str) {
        let (count, outcome) = match fate {
            Fate::Sent => (&mut self.sent, "sent"),
            Fate::Deferred => (&mut self.deferred, "deferred"),
            Fate::Failed => (&mut self.failed, "failed"),
            Fate::OptedOut => (&mut self.opted_out, "opted-out"),
            Fate::Unrecorded => (&mut self.unrecorded, "unrecorded"),
        };
        *count += 1;
        metrics::counter!("helpdesk_deliveries_total", "channel" => channel, "outcome" => outcome)
            .increment(1);
    }

    fn add(&mut self, other: Round) {
        self.sent += other.sent;
        self.deferred += other.deferred;
        self.failed += other.failed;
        self.opted_out += other.opted_out;
        self.released += other.released;
        self.unrecorded += other.unrecorded;
    }

    /// The last line of a run, whichever way it ended.
    fn say_stopped(&self) {
        tracing::info!(
            sent = self.sent,
            deferred = self.deferred,
            failed = self.failed,
            opted_out = self.opted_out,
            released = self.released,
            unrecorded = self.unrecorded,
            "mail courier stopped"
        );
    }
}

/// Sends the outbox of one database through one transport.
pub struct Courier {
    store: Arc<Mutex<Store>>,
    transport: Transport,
    sender: Sender,
    options: CourierOptions,
    /// Claimed mails never handed over whose hand-back the database
    /// refused; the next round hands them back before it claims.
    unreleased: Mutex<Vec<i64>>,
    /// Claimed mails set aside unsent ([`LastCheck::SetAside`]) whose row
    /// refused even the write of that: no claim takes them, so each round
    /// writes it again before it claims, until it gets through.
    unrecorded: Mutex<Vec<(i64, MailProblem)>>,
    /// Runs on the store's thread right before each mail's last check, so
    /// that a test can hold the database's lock from exactly then.
    handovers: Arc<Handovers>,
    #[cfg(test)]
    asking: Option<Arc<dyn Fn() + Send + Sync>>,
}

impl Courier {
    /// A courier for `store`'s outbox. Only one may work a database at a time.
    pub fn new(
        store: Store,
        transport: Transport,
        sender: Sender,
        options: CourierOptions,
    ) -> Courier {
        Courier {
            store: Arc::new(Mutex::new(store)),
            transport,
            sender,
            options,
            unreleased: Mutex::new(Vec::new()),
            unrecorded: Mutex::new(Vec::new()),
            handovers: Arc::default(),
            #[cfg(test)]
            asking: None,
        }
    }

    /// How its hand-overs go, shared while it runs.
    pub fn handovers(&self) -> Arc<Handovers> {
        Arc::clone(&self.handovers)
    }

    /// The transport, for logs.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// How long a mail's outcome is tried to be recorded once the courier
    /// saw the stop signal. It may see it late by one hand-over (the stop
    /// comes while the transport has the mail), and its last try may wait
    /// for the database's lock once more: what is left of
    /// [`CourierOptions::stop_within`] after those two and a margin, never
    /// more than the patience while running. Without `stop_within`, that one.
    pub fn stopping_patience(&self) -> Duration {
        let Some(within) = self.options.stop_within else {
            return self.options.record_patience;
        };
        within
            .saturating_sub(self.transport.patience())
            .saturating_sub(desk::store::BUSY_TIMEOUT)
            .saturating_sub(STOP_MARGIN)
            .min(self.options.record_patience)
    }

    /// The longest a courier takes from the stop signal to its return when
    /// a mail is in the transport's hands: the hand-over, the recording once
    /// stopping, and the last try's wait for the lock.
    pub fn longest_stop(&self) -> Duration {
        self.transport.patience() + self.stopping_patience() + desk::store::BUSY_TIMEOUT
    }

    /// Runs until `stop` turns true, then finishes the mail in hand and returns
    /// what it did in all. Database errors during the run are logged and the
    /// outbox is tried again after the poll interval.
    pub async fn run(self, mut stop: watch::Receiver<bool>) -> Result<Round, MailError> {
        let requeued = self.with_store(|s| s.release_unfinished_mails()).await?;
        // A courier before us stopped without recording these or handing
        // them back.
        if requeued.handed_over > 0 {
            // Its last check let them go: they may have reached the server
            // (their unchanged Message-ID shows it) and keep that try.
            tracing::warn!(
                count = requeued.handed_over,
                "mails handed over by an earlier run, their outcome unrecorded, are queued again: they may go out twice"
            );
        }
        if requeued.never_handed_over > 0 {
            tracing::warn!(
                count = requeued.never_handed_over,
                "mails claimed by an earlier run and never handed over are queued again, with all their tries"
            );
        }
        tracing::info!(transport = %self.transport.describe(), "mail courier started");
        let mut total = Round::default();
        while !*stop.borrow() {
            // What a round did before it failed is counted too.
            let mut round = Round::default();
            let worked = match self.work(&mut round, Some(&stop)).await {
                Ok(()) => true,
                // The mail stays claimed, and only a new start may hand it
                // back: carrying on would leave it unsent until then. What
                // the run did, this round too, is said all the same.
                Err(e @ MailError::Unrecorded { .. }) => {
                    total.add(round);
                    total.say_stopped();
                    return Err(e);
                }
                Err(e) => {
                    // The database may be busy or briefly unreachable; the
                    // mails wait in it, so waiting a little is all there is to do.
                    tracing::error!(error = %e, "mail courier: the outbox cannot be worked");
                    false
                }
            };
            total.add(round);
            if !worked || round.sent + round.deferred + round.failed + round.opted_out == 0 {
                tokio::select! {
                    _ = tokio::time::sleep(self.options.poll) => {}
                    _ = stop.changed() => {}
                }
            }
        }
        total.say_stopped();
        Ok(total)
    }

    /// Claims the mails that are due and sends them; with `stop`, hands the
    /// rest back as soon as it turns true.
    pub async fn round(&self, stop: Option<&watch::Receiver<bool>>) -> Result<Round, MailError> {
        let mut round = Round::default();
        self.work(&mut round, stop).await?;
        Ok(round)
    }

    /// [`Courier::round`], counting into `round` as it goes, so that what
    /// it did before an error is not lost.
    async fn work(
        &self,
        round: &mut Round,
        stop: Option<&watch::Receiver<bool>>,
    ) -> Result<(), MailError> {
        // Left claimed by an earlier round, they would wait for the next
        // start: no claim takes a row in `sending`.
        let left = std::mem::take(&mut *self.unreleased());
        round.released += self.hand_back(left, round).await?;
        self.set_aside_again(round).await?;
        let batch = self.options.batch;
        let claimed = self
            .with_store(move |s| s.claim_mails(clock::now(), batch))
            .await?;
        for (id, problem) in claimed.set_aside {
            // Ended `failed` by the claim, so said once; the rest goes on.
            tracing::warn!(outbox = id, %problem, "mail set aside unsent: its outbox row cannot be read");
            round.count(Fate::Failed, self.transport.kind());
        }
        let due = claimed.mails;
        let stopping = || stop.is_some_and(|s| *s.borrow());
        let mut unstarted = Vec::new();
        // A mail whose check met an I/O error, judged by the next check: a
        // file that fails for that one too fails as a whole, and no try is
        // counted; one that answers it leaves the fault with the first row.
        let mut in_doubt: Option<Doubt> = None;
        let mut due = due.into_iter().peekable();
        while let Some(mail) = due.next_if(|_| !stopping()) {
            // Asked per mail, right before it goes: a batch is claimed at
            // once, and an opt-out may come while the mails before it travel.
            let id = mail.id;
            #[cfg(test)]
            let asking = self.asking.clone();
            // The answer may wait up to the busy timeout for the lock, so
            // the stop is looked at once it is held: a stop that came
            // meanwhile keeps this mail from the transport, or it would go
            // out after the caller stopped waiting, unrecorded.
            let signal = stop.cloned();
            // Every mail gets its first try, as a temporary failure's
            // give-up below grants it with no tries configured.
            let tries = self.options.retry.attempts.max(1);
            // Should the check itself fail, it counts a try as a failed
            // hand-over would, and the mail waits as long.
            let retry_at = clock::now() + self.options.retry.delay(mail.attempts + 1);
            let asked = self.with_store(move |s| {
                #[cfg(test)]
                if let Some(asking) = asking {
                    asking();
                }
                s.still_to_send(id, tries, retry_at, || signal.is_some_and(|s| *s.borrow()))
            });
            match asked.await {
                Ok(LastCheck::Stopping) => {
                    unstarted.extend(in_doubt.take().map(|doubt| doubt.id));
                    unstarted.push(id);
                    break;
                }
                Ok(LastCheck::InDoubt { problem }) => {
                    let Some(earlier) = in_doubt.take() else {
                        in_doubt = Some(Doubt {
                            id,
                            problem,
                            tries,
                            retry_at,
                        });
                        continue;
                    };
                    // Two rows one after the other: the file fails, not
                    // they. Neither was let go, nor the rest: back to the
                    // queue with no try counted, as for the lock.
                    let back = [earlier.id, id]
                        .into_iter()
                        .chain(due.map(|m| m.id))
                        .collect();
                    if let Err(again) = self.hand_back(back, round).await {
                        tracing::warn!(error = %again, "claimed mails wait for the next round or start");
                    }
                    let path = self
                        .store
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .path()
                        .to_path_buf();
                    return Err(MailError::FileFailing { path, problem });
                }
                Ok(LastCheck::Send) => {
                    if let Err(e) = self.deliver(mail, round, stop).await {
                        // The rest were not handed over: back to the queue.
                        let rest = in_doubt.take().map(|doubt| doubt.id);
                        let rest = rest.into_iter().chain(due.map(|m| m.id)).collect();
                        if let Err(again) = self.hand_back(rest, round).await {
                            tracing::warn!(error = %again, "claimed mails wait for the next round or start");
                        }
                        return Err(e);
                    }
                }
                Ok(
                    check @ (LastCheck::OutOfTries
                    | LastCheck::Unchecked { .. }
                    | LastCheck::SetAside { .. }
                    | LastCheck::OptedOut),
                ) => self.settle(id, tries, check, round),
                Err(e) => {
                    // The database was held by another connection, or
                    // failed as a whole: full, read-only, unreadable (a
                    // check failing for the row is `Unchecked`). Not the
                    // mail's fault, so no try is counted. Neither this mail nor the
                    // rest was handed over: back to the queue, or they
                    // would wait for the next start.
                    let back = in_doubt.take().map(|doubt| doubt.id).into_iter();
                    let back = back.chain([id]).chain(due.map(|m| m.id)).collect();
                    if let Err(again) = self.hand_back(back, round).await {
                        tracing::warn!(error = %again, "claimed mails wait for the next round or start");
                    }
                    return Err(e);
                }
            }
            // The file answered for this mail: the earlier I/O error was
            // its own row's.
            if let Some(doubt) = in_doubt.take()
                && let Err(e) = self.blame_the_row(doubt, round).await
            {
                let rest = due.map(|m| m.id).collect();
                if let Err(again) = self.hand_back(rest, round).await {
                    tracing::warn!(error = %again, "claimed mails wait for the next round or start");
                }
                return Err(e);
            }
        }
        if let Some(doubt) = in_doubt.take() {
            let doubted = doubt.id;
            if stopping() {
                unstarted.push(doubted);
            } else if let Err(e) = self.blame_the_row(doubt, round).await {
                // Not counted: it goes back with the rest.
                unstarted.push(doubted);
                unstarted.extend(due.map(|mail| mail.id));
                if let Err(again) = self.hand_back(unstarted, round).await {
                    tracing::warn!(error = %again, "claimed mails wait for the next round or start");
                }
                return Err(e);
            }
        }
        unstarted.extend(due.map(|mail| mail.id));
        round.released += self.hand_back(unstarted, round).await?;
        Ok(())
    }

    /// Counts the try of a mail whose check met an I/O error that was its
    /// row's alone ([`LastCheck::InDoubt`]), as the store does for any
    /// other failure of the row. A failure of the database is the caller's:
    /// the mail is still claimed, its try not counted.
    async fn blame_the_row(&self, doubt: Doubt, round: &mut Round) -> Result<(), MailError> {
        let Doubt {
            id,
            problem,
            tries,
            retry_at,
        } = doubt;
        let check = self
            .with_store(move |s| s.count_failed_check(id, problem, tries, retry_at))
            .await?;
        self.settle(id, tries, check, round);
        Ok(())
    }

    /// Logs and counts a mail that the last check kept from the transport
    /// for good or for now (any [`LastCheck`] but send, stop or doubt).
    fn settle(&self, id: i64, tries: u32, check: LastCheck, round: &mut Round) {
        match check {
            LastCheck::OutOfTries => {
                // Its tries went to the server and the courier stopped
                // before recording them (or fewer are allowed now):
                // letting it go again and again would never end.
                tracing::warn!(outbox = id, tries, "mail failed: all its tries are used up");
                round.count(Fate::Failed, self.transport.kind());
            }
            LastCheck::Unchecked { problem, given_up } => {
                // Not sent, and the rest of the batch goes on: handed
                // back, the oldest due mail would be claimed first again
                // and again, and hold up all mail behind it.
                let fate = if given_up {
                    tracing::warn!(outbox = id, %problem, "mail failed: its last check failed at its last try");
                    Fate::Failed
                } else {
                    tracing::warn!(outbox = id, %problem, "mail deferred: its last check failed");
                    Fate::Deferred
                };
                round.count(fate, self.transport.kind());
            }
            LastCheck::SetAside { problem, recorded } => {
                // Not sent: its tries cannot be counted, so it could go
                // out for ever. Not handed back either, or it would
                // come first at every claim and hold up the rest.
                if recorded {
                    tracing::warn!(outbox = id, %problem, "mail set aside unsent: its try cannot be counted");
                    round.count(Fate::Failed, self.transport.kind());
                } else {
                    // Left claimed, so no claim takes it; each round
                    // writes the set-aside again, and a new start
                    // queues it.
                    tracing::error!(outbox = id, %problem,
                        "mail set aside unsent and left claimed: neither its try nor its failure can be written; tried again each round");
                    self.unrecorded().push((id, problem));
                }
            }
            LastCheck::OptedOut => {
                tracing::info!(outbox = id, "invitation not sent: the invitee opted out");
                round.count(Fate::OptedOut, self.transport.kind());
            }
            // The round's own, never passed here.
            LastCheck::Send | LastCheck::Stopping | LastCheck::InDoubt { .. } => {}
        }
    }

    /// Writes again the set-aside of the mails whose row refused it
    /// ([`Courier::unrecorded`]), each counted as failed once it gets
    /// through. One the row still refuses waits for the next round; a
    /// failure of the database ends this round, and keeps them all.
    async fn set_aside_again(&self, round: &mut Round) -> Result<(), MailError> {
        let left = std::mem::take(&mut *self.unrecorded());
        let mut left = left.into_iter();
        while let Some((id, problem)) = left.next() {
            let asked = problem.clone();
            match self.with_store(move |s| s.set_aside_mail(id, &asked)).await {
                Ok(true) => {
                    tracing::warn!(outbox = id, %problem, "mail set aside unsent");
                    round.count(Fate::Failed, self.transport.kind());
                }
                Ok(false) => self.unrecorded().push((id, problem)),
                // No longer claimed (queued by hand, say): no longer ours.
                Err(MailError::Desk(desk::DeskError::Refused(desk::Refusal::MailNotClaimed(
                    _,
                )))) => {}
                Err(e) => {
                    let mut kept = self.unrecorded();
                    kept.push((id, problem));
                    kept.extend(left);
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    fn unrecorded(&self) -> std::sync::MutexGuard<'_, Vec<(i64, MailProblem)>> {
        self.unrecorded
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Puts claimed mails that were never handed over back in the queue,
    /// and says how many. If the database refuses, they are kept for the
    /// next round's try; a courier that stops first leaves them to the next
    /// start. Either way no try was counted for them. One whose row refuses
    /// is set aside unsent, counted as failed in `round`, so that the
    /// others go back.
    async fn hand_back(&self, ids: Vec<i64>, round: &mut Round) -> Result<usize, MailError> {
        if ids.is_empty() {
            return Ok(0);
        }
        let kept = ids.clone();
        let handed = self
            .with_store(move |s| s.release_unstarted_mails(&ids))
            .await;
        let released = match handed {
            Ok(released) => released,
            Err(e) => {
                self.unreleased().extend(kept);
                return Err(e);
            }
        };
        for (id, problem, recorded) in released.set_aside {
            if recorded {
                tracing::warn!(outbox = id, %problem, "mail set aside unsent: its row refuses to go back to the queue");
                round.count(Fate::Failed, self.transport.kind());
            } else {
                // As for a try that cannot be counted: left claimed, set
                // aside again each round, or queued by the next start.
                tracing::error!(outbox = id, %problem,
                    "mail set aside unsent and left claimed: its row refuses both the queue and its failure; tried again each round");
                self.unrecorded().push((id, problem));
            }
        }
        Ok(released.queued)
    }

    fn unreleased(&self) -> std::sync::MutexGuard<'_, Vec<i64>> {
        self.unreleased
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    async fn deliver(
        &self,
        mail: QueuedMail,
        round: &mut Round,
        stop: Option<&watch::Receiver<bool>>,
    ) -> Result<(), MailError> {
        let message_id = letter::message_id(&self.sender, &mail);
        let outcome = match letter::compose(&self.sender, &mail, SystemTime::now()) {
            Ok(message) => {
                let name = format!(
                    "{}.O{}.{}",
                    clock::to_unix(mail.created_at),
                    mail.id,
                    self.sender.domain()
                );
                self.transport.send(&message, &name).await
            }
            Err(e) => Err(Failure::Permanent(desk::store::MailProblem::Unwritable(
                e.to_string(),
            ))),
        };
        match &outcome {
            Ok(()) => self.handovers.went_out(),
            Err(Failure::Temporary(reason)) => self.handovers.failed(reason),
            // The server answered, about this mail alone.
            Err(Failure::Permanent(_)) => {}
        }
        let channel = self.transport.kind();
        let id = mail.id;
        let tries = mail.attempts + 1;
        let (recorded, fate) = match outcome {
            Ok(()) => {
                tracing::debug!(outbox = id, message_id, "mail sent");
                let sent = move |s: &mut Store| s.record_mail_sent(id, clock::now(), &message_id);
                (self.record(id, sent, stop).await, Fate::Sent)
            }
            Err(Failure::Temporary(reason)) if tries < self.options.retry.attempts => {
                let wait = self.options.retry.delay(tries);
                tracing::warn!(outbox = id, tries, retry_in_s = wait.as_secs(), %reason, "mail deferred");
                let at = clock::now() + wait;
                let code = reason.code();
                let deferred = move |s: &mut Store| s.record_mail_deferred(id, at, &code);
                (self.record(id, deferred, stop).await, Fate::Deferred)
            }
            Err(Failure::Temporary(reason) | Failure::Permanent(reason)) => {
                tracing::warn!(outbox = id, tries, %reason, "mail failed");
                let code = reason.code();
                let failed = move |s: &mut Store| s.record_mail_failed(id, &code);
                (self.record(id, failed, stop).await, Fate::Failed)
            }
        };
        match recorded {
            Ok(()) => round.count(fate, channel),
            // It left our hands all the same: counted apart, or the
            // round's last figures would not show it.
            Err(e @ MailError::Unrecorded { .. }) => {
                round.count(Fate::Unrecorded, channel);
                return Err(e);
            }
            Err(e) => return Err(e),
        }
        Ok(())
    }

    /// Records what became of mail `id`, trying again while the database
    /// refuses (another process holding the write lock longer than the busy
    /// timeout, say): the mail is out of our hands, and a row left in
    /// `sending` would go out a second time after the next start. Once
    /// `stop` turns true it tries only for [`Courier::stopping_patience`]
    /// from then, so that a bounded drain never cuts it off mid-try.
    async fn record(
        &self,
        id: i64,
        work: impl Fn(&mut Store) -> Result<(), desk::DeskError> + Send + Sync + 'static,
        stop: Option<&watch::Receiver<bool>>,
    ) -> Result<(), MailError> {
        let work = Arc::new(work);
        let started = Instant::now();
        let mut deadline = started + self.options.record_patience;
        let mut stopping = false;
        let mut pause = RECORD_FIRST_PAUSE;
        let mut stop = stop.cloned();
        // Once the stop is seen, the patience left is counted from then.
        let see_stop = |stopping: &mut bool, deadline: &mut Instant, stop: &Option<_>| {
            if !*stopping
                && stop
                    .as_ref()
                    .is_some_and(|s: &watch::Receiver<bool>| *s.borrow())
            {
                *stopping = true;
                *deadline = (*deadline).min(Instant::now() + self.stopping_patience());
            }
        };
        loop {
            // A stop that came while the transport had the mail is seen
            // before the first try: that try's wait for the lock is part of
            // the patience, not one more beyond it.
            see_stop(&mut stopping, &mut deadline, &stop);
            let work = Arc::clone(&work);
            let cause = match self.with_store(move |s| work(s)).await {
                Ok(()) => return Ok(()),
                // Someone else changed the row: trying again cannot help.
                Err(MailError::Desk(
                    e @ desk::DeskError::Refused(desk::Refusal::MailNotClaimed(_)),
                )) => return Err(MailError::Desk(e)),
                Err(MailError::Desk(cause)) => cause,
                Err(other) => return Err(other),
            };
            see_stop(&mut stopping, &mut deadline, &stop);
            if Instant::now() + pause > deadline {
                return Err(MailError::Unrecorded { id, cause });
            }
            tracing::warn!(outbox = id, error = %cause, retry_in_ms = pause.as_millis() as u64,
                "mail courier: the outcome of a mail cannot be recorded yet");
            metrics::counter!("helpdesk_mail_record_retries_total").increment(1);
            match stop.as_mut().filter(|_| !stopping) {
                // A stop during the pause shortens the patience at once.
                Some(signal) => {
                    let gone = tokio::select! {
                        _ = tokio::time::sleep(pause) => false,
                        changed = signal.changed() => changed.is_err(),
                    };
                    if gone {
                        // No stop can come any more; nothing to wake up for.
                        stop = None;
                    }
                }
                None => tokio::time::sleep(pause).await,
            }
            pause = (pause * 2).min(RECORD_LONGEST_PAUSE);
        }
    }

    /// Runs `work` on the store off the async threads (SQLite may wait for a lock).
    async fn with_store<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Store) -> Result<T, desk::DeskError> + Send + 'static,
    ) -> Result<T, MailError> {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || {
            let mut store = store.lock().unwrap_or_else(PoisonError::into_inner);
            // The log, or the error that stops serve, must say which file
            // failed; SQLite's words do not.
            work(&mut store).map_err(|e| e.in_file(store.path()))
        })
        .await
        .map_err(|e| MailError::Task(e.to_string()))?
        .map_err(MailError::Desk)
    }
}

#[cfg(test)]
mod tests;
