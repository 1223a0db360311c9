use super::*;

#[path = "../../tests/support/queue.rs"]
mod queue;
#[path = "../../tests/support/smtp_server.rs"]
mod smtp_server;

/// A courier whose caller waits `stop_within` after the stop signal,
/// handing mail to an SMTP relay with lettre's patience of 30 s.
fn courier(stop_within: Option<Duration>) -> Courier {
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(&dir.path().join("desk.db")).expect("store");
    let smtp = crate::Smtp::from_url("smtp://127.0.0.1:25", None).expect("smtp");
    let sender = Sender::new("help@example.org", None).expect("sender");
    Courier::new(
        store,
        Transport::Smtp(smtp),
        sender,
        CourierOptions {
            stop_within,
            ..CourierOptions::default()
        },
    )
}

#[tokio::test]
async fn a_stopping_courier_fits_its_last_recording_inside_the_callers_wait() {
    for seconds in [50, 60, 75, 300] {
        let within = Duration::from_secs(seconds);
        let courier = courier(Some(within));
        assert!(
            courier.longest_stop() < within,
            "{seconds} s: stopping takes up to {:?}",
            courier.longest_stop()
        );
        assert!(courier.stopping_patience() <= RECORD_PATIENCE);
    }
    // The hand-over and one wait for the lock: the rest of a minute is
    // for recording, a few tries at the longest pause.
    assert_eq!(
        courier(Some(Duration::from_secs(60))).stopping_patience(),
        Duration::from_secs(15)
    );
    // Without a bounded wait, a stop does not cut the patience short.
    assert_eq!(courier(None).stopping_patience(), RECORD_PATIENCE);
}

#[test]
fn the_wait_doubles_up_to_the_longest() {
    let retry = Retry {
        first: Duration::from_secs(60),
        longest: Duration::from_secs(600),
        attempts: 5,
    };
    assert_eq!(retry.delay(1), Duration::from_secs(60));
    assert_eq!(retry.delay(2), Duration::from_secs(120));
    assert_eq!(retry.delay(4), Duration::from_secs(480));
    assert_eq!(retry.delay(5), Duration::from_secs(600));
    assert_eq!(retry.delay(40), Duration::from_secs(600));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_while_the_last_check_waits_for_the_lock_keeps_the_mail_for_the_next_start() {
    let server = smtp_server::SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("desk.db");
    queue::queue_invitations(&db, 1);
    let store = Store::open(&db).expect("store");
    let courier_on = |store| {
        let smtp = crate::Smtp::from_url(&server.url(), None).expect("smtp");
        let sender = Sender::new("help@example.org", None).expect("sender");
        Courier::new(
            store,
            Transport::Smtp(smtp),
            sender,
            CourierOptions::default(),
        )
    };
    let mut courier = courier_on(Store::open(&db).expect("courier's store"));
    // The courier says when it is about to ask, and asks once the
    // console below holds the write lock: so its check waits for it.
    let (asking, asked) = std::sync::mpsc::channel();
    let (go, gone) = std::sync::mpsc::channel::<()>();
    let gone = Mutex::new(gone);
    courier.asking = Some(Arc::new(move || {
        let _ = asking.send(());
        let waiting = gone.lock().unwrap_or_else(PoisonError::into_inner);
        // Bounded, so that a failing test ends anyway.
        let _ = waiting.recv_timeout(Duration::from_secs(60));
    }));
    let (stop, stopped) = watch::channel(false);
    let round = tokio::spawn(async move { courier.round(Some(&stopped)).await });
    asked
        .recv_timeout(Duration::from_secs(30))
        .expect("the courier claims the mail and comes to its last check");
    let console = rusqlite::Connection::open(&db).expect("console");
    console
        .execute_batch("BEGIN IMMEDIATE")
        .expect("the console's write lock");
    let waits_before = desk::store::busy_retries();
    go.send(()).expect("go on");
    // Stopped while the check waits for the lock (the lock alone keeps
    // it waiting; this only makes sure that it began to).
    let mut polls = 0;
    while desk::store::busy_retries() == waits_before {
        polls += 1;
        assert!(polls < 3_000, "the courier never waited for the lock");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    stop.send(true).expect("stop");
    console
        .execute_batch("COMMIT")
        .expect("the console lets go");

    let round = tokio::time::timeout(Duration::from_secs(60), round)
        .await
        .expect("the stopped courier returns")
        .expect("round task")
        .expect("round");
    assert_eq!(
        round,
        Round {
            released: 1,
            ..Round::default()
        }
    );
    assert!(server.received().is_empty(), "nothing reached the server");
    let mails = store
        .mail_states_for(desk::records::MemberId(2))
        .expect("states");
    assert_eq!(
        mails,
        [desk::store::MailState::Queued {
            attempts: 0,
            last_error: None
        }],
        "queued again, with all its tries"
    );

    // The next start sends it, once.
    let next = courier_on(Store::open(&db).expect("next courier's store"));
    assert_eq!(
        next.round(None).await.expect("next round"),
        Round {
            sent: 1,
            ..Round::default()
        }
    );
    assert_eq!(next.round(None).await.expect("again"), Round::default());
    assert_eq!(server.received().len(), 1);
}

/// How long the courier of [`a_round_locked_out`] waits for a lock: any
/// wait the lock outlasts shows the same, and the busy timeout would keep
/// each test ten seconds a wait.
const SHORT_PATIENCE: Duration = Duration::from_millis(500);

/// A courier on `db` that sends to `server` and, right before each mail's
/// last check, says so on the first channel and waits for the second. It
/// waits `patience` for another connection's lock.
fn courier_asking(
    db: &std::path::Path,
    server: &smtp_server::SmtpServer,
    patience: Duration,
) -> (
    Courier,
    std::sync::mpsc::Receiver<()>,
    std::sync::mpsc::Sender<()>,
) {
    let smtp = crate::Smtp::from_url(&server.url(), None).expect("smtp");
    let sender = Sender::new("help@example.org", None).expect("sender");
    let mut store = Store::open(db).expect("courier's store");
    store.set_busy_timeout(patience).expect("patience");
    let mut courier = Courier::new(
        store,
        Transport::Smtp(smtp),
        sender,
        CourierOptions::default(),
    );
    let (asking, asked) = std::sync::mpsc::channel();
    let (go, gone) = std::sync::mpsc::channel::<()>();
    let gone = Mutex::new(gone);
    courier.asking = Some(Arc::new(move || {
        let _ = asking.send(());
        let waiting = gone.lock().unwrap_or_else(PoisonError::into_inner);
        // Bounded, so that a failing test ends anyway.
        let _ = waiting.recv_timeout(Duration::from_secs(60));
    }));
    (courier, asked, go)
}

/// Claims the one queued mail of `db` and comes to its last check while
/// another connection holds the write lock, which it keeps until the round
/// has failed: the check and the hand-back both time out on the lock. With
/// `stop`, the courier is told to stop meanwhile. Returns the courier and
/// the round's error.
async fn a_round_locked_out(
    db: &std::path::Path,
    server: &smtp_server::SmtpServer,
    stop: bool,
) -> (Courier, MailError) {
    let (courier, asked, go) = courier_asking(db, server, SHORT_PATIENCE);
    let (stopping, stopped) = watch::channel(false);
    let round = tokio::spawn(async move {
        let round = courier.round(Some(&stopped)).await;
        (round, courier)
    });
    asked
        .recv_timeout(Duration::from_secs(30))
        .expect("the courier claims the mail and comes to its last check");
    let console = rusqlite::Connection::open(db).expect("console");
    console
        .execute_batch("BEGIN IMMEDIATE")
        .expect("the console's write lock");
    if stop {
        stopping.send(true).expect("stop");
    }
    go.send(()).expect("go on");
    // Two waits for the lock of SHORT_PATIENCE each; the guard only ends a
    // hang.
    let (round, courier) = tokio::time::timeout(Duration::from_secs(90), round)
        .await
        .expect("the courier gives up on the lock")
        .expect("round task");
    let error = match round {
        Err(e @ MailError::Desk(_)) => e,
        other => panic!("the lock must fail the round: {other:?}"),
    };
    console
        .execute_batch("COMMIT")
        .expect("the console lets go");
    (courier, error)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_courier_whose_hand_back_the_lock_refused_leaves_the_mail_all_its_tries() {
    let server = smtp_server::SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("desk.db");
    queue::queue_invitations(&db, 1);
    let mut store = Store::open(&db).expect("store");
    let (_courier, error) = a_round_locked_out(&db, &server, true).await;
    assert!(error.to_string().contains("desk.db"), "{error}");
    let mails = |store: &Store| {
        store
            .mail_states_for(desk::records::MemberId(2))
            .expect("states")
    };
    assert_eq!(
        mails(&store),
        [desk::store::MailState::Sending],
        "the hand-back was refused too"
    );

    // The next start queues it again: it never reached the server, so it
    // has all its tries.
    assert_eq!(
        store.release_unfinished_mails().expect("released"),
        desk::store::Requeued {
            handed_over: 0,
            never_handed_over: 1
        }
    );
    assert_eq!(
        mails(&store),
        [desk::store::MailState::Queued {
            attempts: 0,
            last_error: None
        }]
    );
    let mut next = courier_asking(&db, &server, desk::store::BUSY_TIMEOUT).0;
    next.asking = None;
    assert_eq!(
        next.round(None).await.expect("next round"),
        Round {
            sent: 1,
            ..Round::default()
        }
    );
    assert_eq!(server.received().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_courier_hands_back_what_the_lock_kept_claimed_at_its_next_round() {
    let server = smtp_server::SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("desk.db");
    queue::queue_invitations(&db, 1);
    let (mut courier, _) = a_round_locked_out(&db, &server, false).await;
    courier.asking = None;
    // Without a new start: the mail does not wait in `sending` for one. The
    // hand-back is counted, then the mail is claimed again and goes.
    assert_eq!(
        courier.round(None).await.expect("next round"),
        Round {
            sent: 1,
            released: 1,
            ..Round::default()
        }
    );
    assert_eq!(server.received().len(), 1);
    let console = rusqlite::Connection::open(&db).expect("console");
    let tries: i64 = console
        .query_row("SELECT attempts FROM outbox", [], |row| row.get(0))
        .expect("tries");
    assert_eq!(tries, 1, "one try, the one that went out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_whose_last_check_keeps_failing_holds_up_no_other_and_fails_after_its_tries() {
    let server = smtp_server::SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("desk.db");
    queue::queue_invitations(&db, 3);
    // The oldest mail's invitee switched invitations off, and its
    // invitation cannot be withdrawn: the check's write fails for that
    // mail alone, and not for a lock.
    let console = rusqlite::Connection::open(&db).expect("console");
    let (bad, bad_to): (i64, String) = console
        .query_row(
            "SELECT id, to_email FROM outbox ORDER BY next_attempt_at, id LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .expect("the oldest mail");
    console
        .execute_batch(&format!(
            "UPDATE members SET group_invitations = 0 \
             WHERE id = (SELECT to_member FROM outbox WHERE id = {bad});
             CREATE TRIGGER stuck BEFORE UPDATE ON group_invitations \
             WHEN OLD.id = (SELECT invitation_id FROM outbox WHERE id = {bad}) \
             BEGIN SELECT RAISE(ABORT, 'the invitation is stuck'); END;"
        ))
        .expect("a mail whose check fails");
    let smtp = crate::Smtp::from_url(&server.url(), None).expect("smtp");
    let sender = Sender::new("help@example.org", None).expect("sender");
    let courier = Courier::new(
        Store::open(&db).expect("courier's store"),
        Transport::Smtp(smtp),
        sender,
        CourierOptions {
            // No wait between tries, so that each round tries it again.
            retry: Retry {
                first: Duration::ZERO,
                longest: Duration::ZERO,
                attempts: 3,
            },
            ..CourierOptions::default()
        },
    );
    let round = || async {
        tokio::time::timeout(Duration::from_secs(60), courier.round(None))
            .await
            .expect("a round ends")
            .expect("a round does its work")
    };
    let stored = || {
        console
            .query_row(
                "SELECT state, attempts, last_error FROM outbox WHERE id = ?1",
                [bad],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, u32>(1)?,
                        row.get::<_, Option<String>>(2)?,
                    ))
                },
            )
            .expect("the bad mail")
    };

    // The others go out in the same round; the bad one waits, a try used.
    assert_eq!(
        round().await,
        Round {
            sent: 2,
            deferred: 1,
            ..Round::default()
        }
    );
    let received = server.received();
    assert_eq!(received.len(), 2);
    assert!(received.iter().all(|r| !r.to.contains(&bad_to)), "{bad_to}");
    let (state, attempts, reason) = stored();
    assert_eq!((state.as_str(), attempts), ("queued", 1));
    assert!(
        matches!(
            reason.as_deref().map(desk::store::MailProblem::parse),
            Some(desk::store::MailProblem::Unchecked(words)) if words.contains("the invitation is stuck")
        ),
        "{reason:?}"
    );

    assert_eq!(
        round().await,
        Round {
            deferred: 1,
            ..Round::default()
        }
    );
    // Its last try: given up, with the reason the console says.
    assert_eq!(
        round().await,
        Round {
            failed: 1,
            ..Round::default()
        }
    );
    assert_eq!(round().await, Round::default(), "nothing is left to try");
    let (state, attempts, reason) = stored();
    assert_eq!((state.as_str(), attempts), ("failed", 3));
    let failed = desk::store::MailState::Failed {
        reason: reason.unwrap_or_default(),
    };
    let l = locales::Localizer::embedded().expect("locales");
    let problem = failed.problem().expect("a reason");
    assert!(
        problem
            .message(&l, locales::Lang::En)
            .starts_with("the last check before sending it failed; the database says: "),
        "{problem:?}"
    );
    assert!(
        problem
            .message(&l, locales::Lang::De)
            .contains("Prüfung vor dem Versand scheiterte"),
        "{problem:?}"
    );
    assert_eq!(server.received().len(), 2, "nothing went out twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poisoned_row_is_set_aside_once_and_the_other_mails_go_out() {
    let server = smtp_server::SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("desk.db");
    queue::queue_invitations(&db, 4);
    // The two oldest mails, spoiled behind the desk's back: one whose
    // subject is bytes, which no claim can read, and one whose tries cannot
    // be written, so that its try cannot be counted.
    let console = rusqlite::Connection::open(&db).expect("console");
    let oldest: Vec<i64> = console
        .prepare("SELECT id FROM outbox ORDER BY next_attempt_at, id LIMIT 2")
        .expect("statement")
        .query_map([], |row| row.get(0))
        .expect("the oldest mails")
        .collect::<Result<_, _>>()
        .expect("ids");
    let (unreadable, uncounted) = (oldest[0], oldest[1]);
    console
        .execute_batch(&format!(
            "UPDATE outbox SET subject = x'c328' WHERE id = {unreadable};
             CREATE TRIGGER stuck BEFORE UPDATE OF attempts ON outbox WHEN OLD.id = {uncounted} \
             BEGIN SELECT RAISE(ABORT, 'the tries are stuck'); END;"
        ))
        .expect("two poisoned rows");
    let (mut courier, _, _) = courier_asking(&db, &server, desk::store::BUSY_TIMEOUT);
    courier.asking = None;
    let round = || async {
        tokio::time::timeout(Duration::from_secs(60), courier.round(None))
            .await
            .expect("a round ends")
    };
    // Before, each round failed on them: nothing at all went out.
    assert_eq!(
        round().await.expect("a round does its work"),
        Round {
            sent: 2,
            failed: 2,
            ..Round::default()
        }
    );
    assert_eq!(
        round().await.expect("the next round"),
        Round::default(),
        "set aside once, not tried or said again"
    );
    assert_eq!(server.received().len(), 2);
    let stored = |id: i64| {
        console
            .query_row(
                "SELECT state, attempts, last_error FROM outbox WHERE id = ?1",
                [id],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, Option<String>>(2)?
                            .map(|r| desk::store::MailProblem::parse(&r)),
                    ))
                },
            )
            .expect("a poisoned mail")
    };
    let (state, tries, problem) = stored(unreadable);
    assert_eq!((state.as_str(), tries), ("failed", 0));
    assert!(
        matches!(&problem, Some(desk::store::MailProblem::Unreadable(words)) if words.contains("subject")),
        "{problem:?}"
    );
    let (state, tries, problem) = stored(uncounted);
    assert_eq!((state.as_str(), tries), ("failed", 0));
    assert!(
        matches!(&problem, Some(desk::store::MailProblem::Uncounted(words)) if words.contains("the tries are stuck")),
        "{problem:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_whose_row_refused_its_set_aside_is_set_aside_at_a_later_round() {
    let server = smtp_server::SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("desk.db");
    queue::queue_invitations(&db, 2);
    // The oldest mail's row takes no write once claimed, behind the desk's
    // back: neither its try nor its set-aside can be written.
    let console = rusqlite::Connection::open(&db).expect("console");
    let stuck: i64 = console
        .query_row(
            "SELECT id FROM outbox ORDER BY next_attempt_at, id LIMIT 1",
            [],
            |row| row.get(0),
        )
        .expect("the oldest mail");
    console
        .execute_batch(&format!(
            "CREATE TRIGGER stuck BEFORE UPDATE ON outbox \
             WHEN OLD.id = {stuck} AND OLD.state = 'sending' \
             BEGIN SELECT RAISE(ABORT, 'the row is stuck'); END;"
        ))
        .expect("a row stuck once claimed");
    let (mut courier, _, _) = courier_asking(&db, &server, desk::store::BUSY_TIMEOUT);
    courier.asking = None;
    let round = || async {
        tokio::time::timeout(Duration::from_secs(60), courier.round(None))
            .await
            .expect("a round ends")
            .expect("a round does its work")
    };
    let state = || {
        console
            .query_row(
                "SELECT state, attempts, last_error FROM outbox WHERE id = ?1",
                [stuck],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, Option<String>>(2)?,
                    ))
                },
            )
            .expect("the stuck mail")
    };
    // The other mail goes out; the stuck one is not sent, and stays claimed.
    assert_eq!(
        round().await,
        Round {
            sent: 1,
            ..Round::default()
        }
    );
    assert_eq!(state(), ("sending".to_string(), 0, None));
    // While the row refuses, each round tries again, and nothing else stops.
    assert_eq!(round().await, Round::default());
    console
        .execute_batch("DROP TRIGGER stuck")
        .expect("the row mended");
    // Before, no round took it up again: it stayed claimed, unsent and
    // unrecorded, until serve was started again.
    assert_eq!(
        round().await,
        Round {
            failed: 1,
            ..Round::default()
        }
    );
    let (state, tries, reason) = state();
    assert_eq!((state.as_str(), tries), ("failed", 0));
    let reason = reason.map(|r| desk::store::MailProblem::parse(&r));
    assert!(
        matches!(&reason, Some(desk::store::MailProblem::Uncounted(words)) if words.contains("the row is stuck")),
        "{reason:?}"
    );
    assert_eq!(round().await, Round::default(), "said once");
    assert_eq!(server.received().len(), 1, "the stuck mail never went out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_that_fails_after_sending_keeps_its_counts_in_the_runs_total() {
    let server = smtp_server::SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("desk.db");
    queue::queue_invitations(&db, 2);
    let (mut courier, _, _) = courier_asking(&db, &server, SHORT_PATIENCE);
    // The first mail goes; right before the second's last check the
    // console takes the write lock, so that check and the hand-back fail
    // the round after it sent one mail.
    let (asking, asked) = std::sync::mpsc::channel();
    let (go, gone) = std::sync::mpsc::channel::<()>();
    let gone = Mutex::new(gone);
    let asks = std::sync::atomic::AtomicUsize::new(0);
    courier.asking = Some(Arc::new(move || {
        if asks.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 1 {
            let _ = asking.send(());
            let waiting = gone.lock().unwrap_or_else(PoisonError::into_inner);
            let _ = waiting.recv_timeout(Duration::from_secs(60));
        }
    }));
    let (stop, stopped) = watch::channel(false);
    let run = tokio::spawn(courier.run(stopped));
    asked
        .recv_timeout(Duration::from_secs(30))
        .expect("the courier comes to the second mail's last check");
    let console = rusqlite::Connection::open(&db).expect("console");
    console
        .execute_batch("BEGIN IMMEDIATE")
        .expect("the console's write lock");
    go.send(()).expect("go on");
    // The check and the hand-back wait SHORT_PATIENCE each and give up;
    // then the console lets go and a later round sends the second mail.
    tokio::time::sleep(SHORT_PATIENCE * 3).await;
    console
        .execute_batch("COMMIT")
        .expect("the console lets go");
    assert_eq!(server.wait_for(2, Duration::from_secs(30)), 2);
    stop.send(true).expect("stop");
    let total = tokio::time::timeout(Duration::from_secs(60), run)
        .await
        .expect("the courier stops")
        .expect("run task")
        .expect("run");
    // Before, the failed round counted as nothing: one mail sent in all.
    // (How many hand-backs it took depends on when the lock went.)
    assert_eq!(
        Round {
            released: 0,
            ..total
        },
        Round {
            sent: 2,
            ..Round::default()
        }
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_whose_row_refuses_its_hand_back_holds_up_no_round() {
    let server = smtp_server::SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("desk.db");
    queue::queue_invitations(&db, 3);
    // The newest mail, once claimed, refuses to go back to the queue,
    // behind the desk's back.
    let console = rusqlite::Connection::open(&db).expect("console");
    let stuck: i64 = console
        .query_row(
            "SELECT id FROM outbox ORDER BY next_attempt_at DESC, id DESC LIMIT 1",
            [],
            |row| row.get(0),
        )
        .expect("the newest mail");
    console
        .execute_batch(&format!(
            "CREATE TRIGGER stuck BEFORE UPDATE OF state ON outbox \
             WHEN OLD.id = {stuck} AND OLD.state = 'sending' AND NEW.state = 'queued' \
             BEGIN SELECT RAISE(ABORT, 'the row is stuck'); END;"
        ))
        .expect("a row that refuses its hand-back");
    let (mut courier, _, _) = courier_asking(&db, &server, desk::store::BUSY_TIMEOUT);
    courier.asking = None;
    // A round told to stop before its first mail hands the batch back.
    let (_stop, stopped) = watch::channel(true);
    let round = |stop: Option<watch::Receiver<bool>>| {
        let courier = &courier;
        async move {
            tokio::time::timeout(Duration::from_secs(60), courier.round(stop.as_ref()))
                .await
                .expect("a round ends")
        }
    };
    // Before, that hand-back failed, and so did every later round at its
    // start, handing the three back again: no mail went out any more.
    assert_eq!(
        round(Some(stopped)).await.expect("the stopped round"),
        Round {
            released: 2,
            failed: 1,
            ..Round::default()
        }
    );
    assert_eq!(
        round(None).await.expect("the next round"),
        Round {
            sent: 2,
            ..Round::default()
        }
    );
    assert_eq!(round(None).await.expect("again"), Round::default());
    assert_eq!(server.received().len(), 2);
    let (state, tries, reason): (String, i64, Option<String>) = console
        .query_row(
            "SELECT state, attempts, last_error FROM outbox WHERE id = ?1",
            [stuck],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .expect("the stuck mail");
    assert_eq!((state.as_str(), tries), ("failed", 0));
    let reason = reason.map(|r| desk::store::MailProblem::parse(&r));
    assert!(
        matches!(&reason, Some(desk::store::MailProblem::Unreleased(words)) if words.contains("the row is stuck")),
        "{reason:?}"
    );
}

/// The database file of the connections that hold `paths` open in this
/// process, as if its network mount were lost: their descriptors are
/// pointed at a directory, so that every read and write of them fails,
/// which SQLite reports as an I/O error (SQLITE_IOERR), until
/// [`LostMount::regain`] points them back.
struct LostMount {
    saved: Vec<(i32, std::os::fd::OwnedFd)>,
}

impl LostMount {
    fn lose(paths: &[std::path::PathBuf]) -> LostMount {
        use std::os::fd::{AsRawFd, FromRawFd};
        let nowhere = std::fs::File::open(std::env::temp_dir()).expect("a directory");
        let mut saved = Vec::new();
        for entry in std::fs::read_dir("/proc/self/fd").expect("own descriptors") {
            let entry = entry.expect("descriptor");
            let Ok(target) = std::fs::read_link(entry.path()) else {
                continue;
            };
            if !paths.contains(&target) {
                continue;
            }
            let fd: i32 = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse().ok())
                .expect("a number");
            // SAFETY: dup and dup2 on descriptors this process holds; the
            // copy is owned here and given back by `regain`.
            let copy = unsafe { libc::dup(fd) };
            assert!(copy >= 0, "dup {fd}");
            assert!(
                unsafe { libc::dup2(nowhere.as_raw_fd(), fd) } == fd,
                "dup2 {fd}"
            );
            saved.push((fd, unsafe { std::os::fd::OwnedFd::from_raw_fd(copy) }));
        }
        assert!(!saved.is_empty(), "the database is open: {paths:?}");
        LostMount { saved }
    }

    fn regain(self) {
        use std::os::fd::AsRawFd;
        for (fd, copy) in self.saved {
            // SAFETY: puts the file back under the number SQLite holds.
            assert!(
                unsafe { libc::dup2(copy.as_raw_fd(), fd) } == fd,
                "dup2 back {fd}"
            );
        }
    }
}

/// The database and its write-ahead log, as the kernel names them.
fn files_of(db: &std::path::Path) -> Vec<std::path::PathBuf> {
    let db = db.canonicalize().expect("the database");
    let mut wal = db.clone().into_os_string();
    wal.push("-wal");
    vec![db, wal.into()]
}

/// A courier on `db` (with no other connection open) whose file is lost
/// right before the check of the `from`-th mail of its rounds (from 0),
/// and found again right before the `to`-th one's, if it comes.
fn courier_losing_its_file(
    db: &std::path::Path,
    server: &smtp_server::SmtpServer,
    from: usize,
    to: usize,
) -> (Courier, Arc<Mutex<Option<LostMount>>>) {
    let (mut courier, _, _) = courier_asking(db, server, desk::store::BUSY_TIMEOUT);
    let lost = Arc::new(Mutex::new(None));
    let files = files_of(db);
    let asks = std::sync::atomic::AtomicUsize::new(0);
    let held = Arc::clone(&lost);
    courier.asking = Some(Arc::new(move || {
        let ask = asks.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let mut lost = held.lock().unwrap_or_else(PoisonError::into_inner);
        if ask == from {
            *lost = Some(LostMount::lose(&files));
        } else if ask == to
            && let Some(mount) = lost.take()
        {
            mount.regain();
        }
    }));
    (courier, lost)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn io_errors_on_one_mail_after_another_are_the_files_and_cost_no_try() {
    let server = smtp_server::SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("desk.db");
    queue::queue_invitations(&db, 3);
    // The file is lost right after the claim, before the first check.
    let (courier, lost) = courier_losing_its_file(&db, &server, 0, usize::MAX);
    let failed = tokio::time::timeout(Duration::from_secs(60), courier.round(None))
        .await
        .expect("a round ends");
    // Before, each mail's I/O error was taken as its row's: each was set
    // aside, and failed for good once the file was back.
    assert!(
        matches!(
            &failed,
            Err(MailError::FileFailing { problem: desk::store::MailProblem::Unchecked(words), .. })
                if words.contains("I/O")
        ),
        "{failed:?}"
    );
    assert!(failed.expect_err("failed").to_string().contains("desk.db"));
    lost.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
        .expect("lost")
        .regain();
    // The mount is back: the next round hands them back and sends them.
    let round = tokio::time::timeout(Duration::from_secs(60), courier.round(None))
        .await
        .expect("a round ends")
        .expect("the next round");
    assert_eq!(
        Round {
            released: 0,
            ..round
        },
        Round {
            sent: 3,
            ..Round::default()
        },
        "{round:?}"
    );
    assert_eq!(server.received().len(), 3);
    let console = rusqlite::Connection::open(&db).expect("console");
    let tries: Vec<(String, i64)> = console
        .prepare("SELECT state, attempts FROM outbox ORDER BY id")
        .expect("statement")
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("tries");
    assert_eq!(
        tries,
        vec![("sent".to_string(), 1); 3],
        "the one try that went"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_io_error_on_one_mail_alone_is_its_rows() {
    let server = smtp_server::SmtpServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("desk.db");
    queue::queue_invitations(&db, 2);
    // Lost for the first mail's check alone: the second's finds it again.
    let (courier, _lost) = courier_losing_its_file(&db, &server, 0, 1);
    let round = tokio::time::timeout(Duration::from_secs(60), courier.round(None))
        .await
        .expect("a round ends")
        .expect("the round does its work");
    assert_eq!(
        round,
        Round {
            sent: 1,
            deferred: 1,
            ..Round::default()
        }
    );
    let console = rusqlite::Connection::open(&db).expect("console");
    let (state, tries, reason): (String, i64, Option<String>) = console
        .query_row(
            "SELECT state, attempts, last_error FROM outbox ORDER BY id LIMIT 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .expect("the first mail");
    assert_eq!((state.as_str(), tries), ("queued", 1));
    let reason = reason.map(|r| desk::store::MailProblem::parse(&r));
    assert!(
        matches!(&reason, Some(desk::store::MailProblem::Unchecked(words)) if words.contains("I/O")),
        "{reason:?}"
    );
    assert_eq!(server.received().len(), 1);
}
