//! `helpdesk serve`: the one long-running process. It runs each part that is
//! configured: the Discord bot, the mail courier, and `/healthz` and
//! `/metrics` on HTTP, until SIGTERM or Ctrl-C.

pub mod config;
pub mod http;
pub mod logs;

use crate::Outcome;
use crate::cli::ServeArgs;
use anyhow::Context;
use bot::discord::{BotOptions, GatewayStatus};
use config::{Config, Secrets};
use desk::Store;
use locales::{FluentValue, Lang, Localizer};
use mail::{Courier, CourierOptions, Sender, Smtp, Transport};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// The buckets of the answer-confidence histogram (the threshold is 0.35).
const CONFIDENCE_BUCKETS: &[f64] = &[0.1, 0.2, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

/// How long the parts get to finish what they hold after the stop signal.
const DRAIN: Duration = Duration::from_secs(60);

/// How often the ticket lifecycle is checked when Discord does not run.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// How serve's courier works: its retries from the configuration, and once
/// stopped it finishes within the drain, so that the drain never cuts it off
/// while it still tries to record a mail that went out.
fn courier_options(retry: mail::Retry) -> CourierOptions {
    CourierOptions {
        retry,
        stop_within: Some(DRAIN),
        ..CourierOptions::default()
    }
}

/// `helpdesk serve --config FILE`.
pub fn run(
    l: &Localizer,
    lang: Lang,
    faq_dir: Option<&std::path::Path>,
    args: ServeArgs,
) -> anyhow::Result<Outcome> {
    logs::init(args.log_format);
    let mut config = Config::read(&args.config, &Secrets::from_env())
        .map_err(|e| anyhow::anyhow!(e.in_lang(l, lang)))?;
    if config.faq_dir.is_none() {
        config.faq_dir = faq_dir.map(std::path::Path::to_path_buf);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(serve(config, (l, lang)))?;
    Ok(Outcome::Done)
}

/// Waits for a part's task and forgets it, so that it is awaited only once;
/// a part that does not run never completes.
async fn finish<T>(
    task: &mut Option<tokio::task::JoinHandle<T>>,
) -> Option<Result<T, tokio::task::JoinError>> {
    match task {
        Some(handle) => {
            let done = handle.await;
            *task = None;
            Some(done)
        }
        None => std::future::pending().await,
    }
}

/// Completes on SIGHUP; never where there is no such signal.
async fn hangup() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut hangup) = signal(SignalKind::hangup()) {
            hangup.recv().await;
            return;
        }
    }
    std::future::pending::<()>().await;
}

/// Completes when `stop` turns true.
async fn stopped(mut stop: watch::Receiver<bool>) {
    let _ = stop.wait_for(|&s| s).await;
}

/// The words of start-up failures, and their language.
type Words<'a> = (&'a Localizer, Lang);

/// A start-up failure at `line` of the config (its default when `None`),
/// in the user's language: `id` for a written key, `id-default` otherwise.
fn at_key(
    config: &Config,
    (l, lang): Words<'_>,
    id: &str,
    line: Option<usize>,
    args: &[(&str, String)],
) -> anyhow::Error {
    let id = match line {
        Some(_) => id.to_string(),
        None => format!("{id}-default"),
    };
    let mut all = vec![("place", FluentValue::from(config.place(line)))];
    all.extend(args.iter().map(|(k, v)| (*k, FluentValue::from(v.clone()))));
    anyhow::anyhow!(l.format(lang, &id, &all))
}

/// A mail setting's problem in the user's language; the rest of the mail
/// part's errors keep their (English) words.
fn mail_words(e: &mail::MailError, (l, lang): Words<'_>) -> String {
    match e {
        mail::MailError::Setting { problem, .. } => problem.message(l, lang),
        other => other.to_string(),
    }
}

/// The lock file beside the database that only one serve may hold.
fn lock_path(db: &std::path::Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".serve-lock");
    std::path::PathBuf::from(name)
}

/// Whether a serve holds `db`'s lock now. Asked before anything that a
/// running serve would take or change (its port, its database's schema),
/// without making the lock file, so that a refused start leaves none.
fn served_already(db: &std::path::Path) -> bool {
    std::fs::File::open(lock_path(db))
        .is_ok_and(|file| matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock)))
}

/// Takes the lock file beside the database that only one serve may hold;
/// the system lets go of it when the process ends, however it ends.
fn serving_lock(db: &std::path::Path, (l, lang): Words<'_>) -> anyhow::Result<std::fs::File> {
    let path = lock_path(db);
    let refused = |id: &str, reason: String| {
        anyhow::anyhow!(l.format(
            lang,
            id,
            &[
                ("db", FluentValue::from(db.display().to_string())),
                ("lock", FluentValue::from(path.display().to_string())),
                ("reason", FluentValue::from(reason)),
            ],
        ))
    };
    let io = |e: &std::io::Error| locales::Said::io(e).in_lang(l, lang);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| refused("serve-error-lock", io(&e)))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => {
            Err(refused("serve-error-running", String::new()))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(refused("serve-error-lock", io(&e))),
    }
}

async fn serve(config: Config, words: Words<'_>) -> anyhow::Result<()> {
    let metrics = PrometheusBuilder::new()
        .set_buckets_for_metric(
            Matcher::Full("helpdesk_answer_confidence".into()),
            CONFIDENCE_BUCKETS,
        )?
        .install_recorder()
        .context("cannot set up the metrics")?;

    let (stop_tx, stop) = watch::channel(false);
    let stop_tx = Arc::new(stop_tx);
    let on_signal = Arc::clone(&stop_tx);
    tokio::spawn(async move {
        tokio::select! {
            _ = bot::discord::shutdown_signal() => {}
            // There is no reload, and SIGHUP's default would end serve in the
            // middle of a send (a terminal closing under it, say): it stops
            // cleanly, as on SIGTERM.
            _ = hangup() => {}
        }
        tracing::info!("stop signal: finishing what is in hand");
        let _ = on_signal.send(true);
    });

    // The FAQ is read and checked whichever parts run, so that a bad
    // `faq_dir` stops serve at its line now, not the day a token is added.
    let corpus =
        crate::community::load_corpus(config.faq_dir.as_deref()).map_err(|e| {
            match config.faq_dir_line {
                Some(line) => anyhow::Error::new(e).context(config.place(Some(line))),
                None => anyhow::Error::new(e),
            }
        })?;

    // A second serve of this database: said so, before its port (the same
    // config's) or a migration of the schema under the running one.
    // (Let go meanwhile, the start goes on and takes it below.)
    if served_already(&config.db) {
        serving_lock(&config.db, words)?;
    }

    // Health and metrics.
    let listener = http::listen(config.listen).map_err(|e| {
        at_key(
            &config,
            words,
            "serve-error-listen",
            config.listen_line,
            &[
                ("address", config.listen.to_string()),
                ("reason", locales::Said::io(&e).in_lang(words.0, words.1)),
            ],
        )
    })?;

    // Mail: the sender's words first; a Maildir is made here, so after
    // every check that can refuse the configuration but the database's.
    let sender = Sender::new(&config.mail.from, config.mail.unsubscribe.as_deref())
        .map_err(|e| anyhow::anyhow!("{}: {}", config.place(None), mail_words(&e, words)))?;
    let transport = match &config.mail.smtp {
        Some(smtp) => Transport::Smtp(
            Smtp::from_url_trusting(&smtp.url, smtp.password.as_deref(), smtp.roots.as_ref())
                .map_err(|e| {
                    anyhow::anyhow!(
                        "{}: {}",
                        config.place(Some(smtp.line)),
                        mail_words(&e, words)
                    )
                })?,
        ),
        None => Transport::maildir(&config.mail.maildir).map_err(|e| {
            let reason = match &e {
                mail::MailError::Maildir { cause, .. } => {
                    locales::Said::io(cause).in_lang(words.0, words.1)
                }
                other => other.to_string(),
            };
            at_key(
                &config,
                words,
                "serve-error-maildir",
                config.mail.maildir_line,
                &[
                    ("path", config.mail.maildir.display().to_string()),
                    ("reason", reason),
                ],
            )
        })?,
    };
    let transport_shown = transport.describe();

    // The database last: it may create the file, and a configuration refused
    // above must leave none behind. Opening once up front migrates it and
    // fails early on a bad path, named at its line of the config.
    let db = config.db.clone();
    let open = move || Store::open(&db);
    let courier_store = tokio::task::spawn_blocking(open.clone())
        .await?
        .with_context(|| format!("{}:{}", config.path.display(), config.db_line))?;
    // One serve per database, held for its life: a second would take the
    // first one's mails in hand for leftovers of a crash and send them again.
    let _serving = serving_lock(&config.db, words)?;
    let courier = Courier::new(
        courier_store,
        transport,
        sender,
        courier_options(config.mail.retry),
    );

    // Discord.
    let gateway = config
        .discord
        .as_ref()
        .map(|_| Arc::new(GatewayStatus::default()));
    let discord_part = match (&config.discord, &gateway) {
        (Some(discord), Some(status)) => {
            let store = tokio::task::spawn_blocking(open.clone()).await??;
            let engine = bot::Engine::new(
                corpus,
                store,
                bot::EngineConfig {
                    tickets: config.tickets,
                    ..bot::EngineConfig::default()
                },
            )?;
            // run_watched starts the ticket relay and the lifecycle timer too.
            let mut options = BotOptions::new(discord.token.clone());
            options.api_base = discord.api_base.clone();
            options.shards = discord.shards;
            options.staff_channel = discord.staff_channel;
            options.relay.staff_lang = discord.staff_lang;
            options.tickets = config.tickets;
            Some((engine, options, Arc::clone(status)))
        }
        _ => {
            tracing::info!("no Discord token: the Discord part does not run");
            None
        }
    };

    // Everything that can fail on a bad setting has; now the parts start.
    let handovers = courier.handovers();
    let mut courier_task = Some(tokio::spawn(courier.run(stop.clone())));
    // Without Discord the lifecycle timer runs on its own: warnings and
    // closings still happen, and replies by mail still go out via the courier.
    let mut lifecycle_task = match &discord_part {
        Some(_) => None,
        None => Some(tokio::spawn(bot::tickets::run_owned(
            config.db.clone(),
            config.tickets,
            SWEEP_EVERY,
            stop.clone(),
        ))),
    };
    let mut discord_task = discord_part.map(|(engine, options, status)| {
        tokio::spawn(bot::discord::run_watched(
            engine,
            options,
            status,
            stopped(stop.clone()),
        ))
    });
    let watched = http::Watched::new(
        config.db.clone(),
        gateway,
        transport_shown,
        handovers,
        metrics,
    );
    let http_task = tokio::spawn(http::serve(listener, watched, stop.clone()));
    tracing::info!(
        listen = %config.listen,
        db = %config.db.display(),
        discord = config.discord.is_some(),
        // Plain values, each its own field: a reader and a log collector
        // see numbers, not Rust's debug output. No staff channel, no field.
        staff_channel = config.discord.as_ref().and_then(|d| d.staff_channel),
        close_after_days = config.tickets.close_after_days,
        warn_before_days = config.tickets.warn_before_days,
        reopen_within_days = config.tickets.reopen_within_days,
        "helpdesk serve is running"
    );

    // Run until the stop signal, or until a part gives up.
    let mut failure: Option<(&str, anyhow::Error)> = None;
    tokio::select! {
        biased;
        _ = stopped(stop.clone()) => {}
        done = finish(&mut courier_task) => {
            // A part that ended because of the stop signal has not failed.
            failure = match done {
                Some(Ok(Ok(_))) | None if *stop.borrow() => None,
                Some(Ok(Ok(_))) | None => Some(anyhow::anyhow!("the mail courier stopped")),
                Some(Ok(Err(e))) => Some(anyhow::Error::new(e).context("the mail courier stopped")),
                Some(Err(e)) => Some(anyhow::anyhow!("the mail courier stopped: {e}")),
            }
            .map(|e| ("mail courier", e));
        }
        done = finish(&mut discord_task) => {
            failure = match done {
                Some(Ok(Ok(()))) | None if *stop.borrow() => None,
                Some(Ok(Ok(()))) | None => Some(anyhow::anyhow!("the Discord bot stopped")),
                Some(Ok(Err(e))) => Some(anyhow::Error::new(e)),
                Some(Err(e)) => Some(anyhow::anyhow!("the Discord bot stopped: {e}")),
            }
            .map(|e| ("Discord bot", e));
        }
    }
    // The reason is said once, as the last line (`error: ...`, from main)
    // when every part has stopped; here only which part gave up.
    if let Some((part, _)) = &failure {
        tracing::error!(part, "a part failed; stopping everything");
    }
    // Whatever ended it, every part now stops taking work and finishes.
    let _ = stop_tx.send(true);
    let drained = tokio::time::timeout(DRAIN, async {
        let _ = http_task.await;
        if let Some(task) = courier_task.take()
            && let Ok(Err(e)) = task.await
        {
            tracing::error!(error = %e, "mail courier");
        }
        if let Some(task) = lifecycle_task.take() {
            let _ = task.await;
        }
        if let Some(task) = discord_task.take()
            && let Ok(Err(e)) = task.await
        {
            tracing::error!(error = %e, "discord");
        }
    });
    if drained.await.is_err() {
        tracing::warn!("some parts did not finish within {} s", DRAIN.as_secs());
    }
    tracing::info!("helpdesk serve stopped");
    match failure {
        Some((_, e)) => Err(e),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::{DRAIN, courier_options};

    // lettre's connection pool lives on the runtime.
    #[tokio::test]
    async fn a_stopped_courier_returns_within_the_drain_even_with_a_mail_in_hand() {
        let dir = tempfile::tempdir().expect("dir");
        let store = desk::Store::open(&dir.path().join("desk.db")).expect("store");
        let smtp = mail::Smtp::from_url("smtp://127.0.0.1:25", None).expect("smtp");
        let courier = mail::Courier::new(
            store,
            mail::Transport::Smtp(smtp),
            mail::Sender::new("help@example.org", None).expect("sender"),
            courier_options(mail::Retry::default()),
        );
        // A stop while the relay has the mail: the hand-over, the recording
        // and its last wait for the lock all end before serve stops waiting,
        // so the courier returns (the mail recorded, or the reason logged)
        // instead of being dropped mid-try with the mail left `sending`.
        assert!(
            courier.longest_stop() < DRAIN,
            "a stopping courier may take {:?}, the drain is {:?}",
            courier.longest_stop(),
            DRAIN
        );
        assert!(
            courier.stopping_patience() >= std::time::Duration::from_secs(10),
            "a few tries to record are left: {:?}",
            courier.stopping_patience()
        );
    }

    #[test]
    fn systemd_waits_longer_than_serve_gives_its_parts() {
        let unit = include_str!("../../contrib/helpdesk.service");
        let stop_after: u64 = unit
            .lines()
            .find_map(|l| l.strip_prefix("TimeoutStopSec="))
            .and_then(|s| s.trim().parse().ok())
            .expect("TimeoutStopSec in seconds");
        // Otherwise systemd kills serve while it still records the mail in
        // hand, and that mail goes out again after the restart.
        assert!(
            stop_after > DRAIN.as_secs(),
            "TimeoutStopSec={stop_after} is not more than serve's {} s",
            DRAIN.as_secs()
        );
    }
}
