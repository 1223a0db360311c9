//! `helpdesk tickets`: reply to a ticket from a script, close or reopen one, list
//! tickets, the team's figures, the lifecycle sweep at a chosen instant, and
//! saving a file a member sent.

use crate::Outcome;
use crate::cli::{
    TicketFileArgs, TicketListArgs, TicketReplyArgs, TicketStateArgs, TicketStatsArgs,
    TicketSweepArgs,
};
use desk::store::{FileState, LangCount, TicketStats, TicketStatus, TicketTimes, WaitingFor};
use desk::{DeskError, TicketId, clock};
use locales::{FluentValue, Lang, Localizer};
use serde_json::json;
use std::io::Write;

/// `--at`, else now; a bad instant is named.
fn instant(l: &Localizer, lang: Lang, at: Option<&str>) -> anyhow::Result<clock::Timestamp> {
    match at {
        None => Ok(clock::now()),
        Some(text) => clock::parse_rfc3339(text).ok_or_else(|| {
            anyhow::anyhow!(l.format(lang, "tickets-bad-at", &[("given", text.into())]))
        }),
    }
}

/// A duration for people: `45 min`, `5 h 10 min`, `3 d 4 h`.
fn span(seconds: i64) -> String {
    let minutes = seconds.max(0) / 60;
    let (days, hours, minutes) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{minutes} min"),
        (0, h) => format!("{h} h {minutes} min"),
        (d, h) => format!("{d} d {h} h"),
    }
}

/// `helpdesk tickets reply N --text ...`.
pub fn reply(l: &Localizer, args: TicketReplyArgs) -> anyhow::Result<Outcome> {
    let lang = args.db.ui_lang();
    let mut store = args.db.open()?;
    let id = TicketId(args.ticket);
    let unknown =
        || anyhow::anyhow!(l.format(lang, "tickets-unknown", &[("ticket", args.ticket.into())]));
    match store.ticket(id) {
        Err(DeskError::NotFound { .. }) => return Err(unknown()),
        other => other?,
    };
    let moderator = match &args.as_member {
        Some(email) => Some(
            store
                .member_by_email(email)?
                .ok_or_else(|| {
                    anyhow::anyhow!(l.format(
                        lang,
                        "tickets-unknown-moderator",
                        &[("email", email.as_str().into())]
                    ))
                })?
                .id,
        ),
        None => None,
    };
    let before = store.ticket_deliveries(id)?.len();
    store
        .reply_to_ticket_as(id, moderator, &args.text, clock::now())
        .map_err(|e| match e {
            DeskError::Ticket(refusal) => {
                anyhow::anyhow!(refusal.message_for(l, lang, &args.db.as_flag()))
            }
            other => other.into(),
        })?;
    let deliveries = store.ticket_deliveries(id)?;
    let route = match deliveries.last() {
        Some((_, status)) if deliveries.len() > before && status == "failed" => "none",
        Some(_) if deliveries.len() > before => "discord",
        _ => "mail",
    };
    println!(
        "{}",
        l.format(
            lang,
            "tickets-replied",
            &[("ticket", args.ticket.into()), ("route", route.into())]
        )
    );
    Ok(Outcome::Done)
}

/// `helpdesk tickets close N --as EMAIL`: as the console's close, so the
/// member hears of it the same way (on Discord; without it, not at all).
pub fn close(l: &Localizer, args: TicketStateArgs) -> anyhow::Result<Outcome> {
    let lang = args.db.ui_lang();
    let mut store = args.db.open()?;
    let id = TicketId(args.ticket);
    let moderator = moderator(l, lang, &store, &args.as_member)?;
    let before = store.ticket_deliveries(id)?.len();
    store
        .close_ticket(id, moderator, clock::now())
        .map_err(|e| refusal(l, lang, args.ticket, e))?;
    let told = store.ticket_deliveries(id)?.len() > before;
    println!(
        "{}",
        l.format(
            lang,
            "tickets-closed",
            &[
                ("ticket", args.ticket.into()),
                ("route", if told { "discord" } else { "none" }.into())
            ]
        )
    );
    Ok(Outcome::Done)
}

/// `helpdesk tickets reopen N --as EMAIL`: as the console's reopen, so the
/// member hears of it the same way (on Discord; without it, not at all).
pub fn reopen(l: &Localizer, args: TicketStateArgs) -> anyhow::Result<Outcome> {
    let lang = args.db.ui_lang();
    let mut store = args.db.open()?;
    let id = TicketId(args.ticket);
    let moderator = moderator(l, lang, &store, &args.as_member)?;
    let told = store
        .reopen_ticket(id, moderator, clock::now())
        .map_err(|e| refusal(l, lang, args.ticket, e))?;
    println!(
        "{}",
        l.format(
            lang,
            "tickets-reopened",
            &[
                ("ticket", args.ticket.into()),
                ("route", if told { "discord" } else { "none" }.into())
            ]
        )
    );
    Ok(Outcome::Done)
}

/// The member `--as` names; an unknown address is named.
fn moderator(
    l: &Localizer,
    lang: Lang,
    store: &desk::Store,
    email: &str,
) -> anyhow::Result<desk::MemberId> {
    Ok(store
        .member_by_email(email)?
        .ok_or_else(|| {
            anyhow::anyhow!(l.format(
                lang,
                "tickets-unknown-moderator",
                &[("email", email.into())]
            ))
        })?
        .id)
}

/// A refused change to ticket `ticket`, in the user's words.
fn refusal(l: &Localizer, lang: Lang, ticket: i64, e: DeskError) -> anyhow::Error {
    match e {
        DeskError::NotFound { kind: "ticket", .. } => {
            anyhow::anyhow!(l.format(lang, "tickets-unknown", &[("ticket", ticket.into())]))
        }
        DeskError::Ticket(refusal) => anyhow::anyhow!(refusal.message(l, lang)),
        other => other.into(),
    }
}

/// `helpdesk tickets list`.
pub fn list(l: &Localizer, args: TicketListArgs) -> anyhow::Result<Outcome> {
    let lang = args.db.ui_lang();
    let store = args.db.open()?;
    let tickets = store.tickets(0, args.limit)?;
    let now = clock::now();
    let mut out = std::io::stdout().lock();
    if tickets.is_empty() && !args.json {
        writeln!(out, "{}", l.text(lang, "tickets-none"))?;
    }
    for t in tickets {
        let state = match (t.status, t.waiting_for) {
            (TicketStatus::Closed, _) => "closed",
            (TicketStatus::Open, WaitingFor::Team) => "team",
            (TicketStatus::Open, WaitingFor::Member) => "member",
        };
        let age = clock::to_unix(now) - clock::to_unix(t.created_at);
        if args.json {
            let line = json!({
                "ticket": t.id.0,
                "state": if state == "closed" { "closed" } else { "open" },
                "waiting_for": (state != "closed").then_some(state),
                "lang": t.lang.code(),
                "requester": t.requester,
                "subject": t.subject,
                "assignee": t.assignee,
                "age_seconds": age,
                "unread": t.unread,
                "delivery_failure": t.delivery_failure,
                "rating": t.rating,
            });
            writeln!(out, "{line}")?;
            continue;
        }
        let failure = t
            .delivery_failure
            .as_deref()
            .map(|reason| l.format(lang, "tickets-undelivered", &[("reason", reason.into())]))
            .unwrap_or_default();
        let assignee = t
            .assignee
            .clone()
            .unwrap_or_else(|| l.text(lang, "tickets-unassigned"));
        writeln!(
            out,
            "{}",
            l.format(
                lang,
                "tickets-row",
                &[
                    ("ticket", t.id.0.into()),
                    (
                        "state",
                        l.text(lang, &format!("tickets-state-{state}")).into()
                    ),
                    ("lang", t.lang.code().into()),
                    ("age", span(age).into()),
                    ("assignee", assignee.into()),
                    ("subject", t.subject.as_str().into()),
                    ("unread", FluentValue::from(t.unread)),
                    ("failure", failure.into()),
                ]
            )
        )?;
    }
    Ok(Outcome::Done)
}

fn figures_json(c: &LangCount) -> serde_json::Value {
    json!({
        "opened": c.opened,
        "median_first_response_seconds": c.median_first_response,
        "median_resolution_seconds": c.median_resolution,
    })
}

fn stats_json(s: &TicketStats) -> serde_json::Value {
    json!({
        "days": s.days,
        "all": figures_json(&s.all),
        "by_language": {"en": figures_json(&s.en), "de": figures_json(&s.de)},
        "ratings": {"1": s.ratings[0], "2": s.ratings[1], "3": s.ratings[2], "4": s.ratings[3], "5": s.ratings[4]},
        "mean_rating": s.mean_rating,
    })
}

/// `helpdesk tickets stats`.
pub fn stats(l: &Localizer, args: TicketStatsArgs) -> anyhow::Result<Outcome> {
    let lang = args.db.ui_lang();
    let at = instant(l, lang, args.at.as_deref())?;
    let store = args.db.open()?;
    let periods = [store.ticket_stats(at, 7)?, store.ticket_stats(at, 30)?];
    let mut out = std::io::stdout().lock();
    if args.json {
        let value = json!({
            "at": clock::rfc3339(at),
            "open_now": periods[0].open_now,
            "periods": periods.iter().map(stats_json).collect::<Vec<_>>(),
        });
        writeln!(out, "{value}")?;
        return Ok(Outcome::Done);
    }
    let none = l.text(lang, "tickets-none-yet");
    let shown = |v: Option<i64>| v.map(span).unwrap_or_else(|| none.clone());
    for s in &periods {
        writeln!(
            out,
            "{}",
            l.format(lang, "tickets-stats-period", &[("days", s.days.into())])
        )?;
        for (label, c) in [("all", &s.all), ("en", &s.en), ("de", &s.de)] {
            writeln!(
                out,
                "  {}",
                l.format(
                    lang,
                    "tickets-stats-line",
                    &[
                        (
                            "label",
                            l.text(lang, &format!("tickets-stats-{label}")).into()
                        ),
                        ("opened", c.opened.into()),
                        ("first", shown(c.median_first_response).into()),
                        ("resolution", shown(c.median_resolution).into()),
                    ]
                )
            )?;
        }
        let ratings = (1..=5)
            .map(|n| format!("{n}★ {}", s.ratings[n - 1]))
            .collect::<Vec<_>>()
            .join(", ");
        let mean = s
            .mean_rating
            .map(|m| format!("{m:.1}"))
            .unwrap_or_else(|| none.clone());
        writeln!(
            out,
            "  {}",
            l.format(
                lang,
                "tickets-stats-ratings",
                &[("ratings", ratings.into()), ("mean", mean.into())]
            )
        )?;
    }
    writeln!(
        out,
        "{}",
        l.format(
            lang,
            "tickets-stats-open",
            &[("open", periods[0].open_now.into())]
        )
    )?;
    Ok(Outcome::Done)
}

/// `helpdesk tickets sweep [--at RFC3339]`.
pub fn sweep(l: &Localizer, mut args: TicketSweepArgs) -> anyhow::Result<Outcome> {
    let lang = args.db.ui_lang();
    let at = instant(l, lang, args.at.as_deref())?;
    // A sweep from the future would close tickets on a day that has not
    // come and stamp them so, spoiling the figures for good.
    if at > clock::now() {
        anyhow::bail!(l.format(
            lang,
            "tickets-future-at",
            &[("given", args.at.as_deref().unwrap_or_default().into())]
        ));
    }
    let times = match &args.config {
        Some(path) => {
            let config = bot::discord::BotConfig::read(path)
                .map_err(|e| crate::community::said_by_the_bot(l, lang, e))?;
            // The file's database, as `serve` reads it; `--db` wins.
            if args.db.db.is_none() {
                args.db.db = config.db;
            }
            config.tickets
        }
        None => TicketTimes::default(),
    };
    let db = args.db.path()?;
    let outcome = args
        .db
        .open()?
        .sweep_tickets(at, &times)
        .map_err(|e| e.in_file(&db))?;
    println!(
        "{}",
        l.format(
            lang,
            "tickets-swept",
            &[
                ("warned", outcome.warned.len().into()),
                ("closed", outcome.closed.len().into()),
            ]
        )
    );
    Ok(Outcome::Done)
}

/// `helpdesk tickets file N --out PATH`: the member's file as the bot kept
/// it, long after Discord's link expired. A file the bot could not keep is
/// refused with why, and its link, which may still work.
pub fn file(l: &Localizer, args: TicketFileArgs) -> anyhow::Result<Outcome> {
    let lang = args.db.ui_lang();
    let store = args.db.open()?;
    let (file, bytes) = store.ticket_file(args.file)?;
    let name = || ("name", FluentValue::from(locales::one_line(&file.filename)));
    let link = || ("url", FluentValue::from(file.url.as_str()));
    let bytes = match (&file.state, bytes) {
        (FileState::Kept, Some(bytes)) => bytes,
        (FileState::Failed(why), _) => {
            anyhow::bail!(l.format(
                lang,
                "tickets-file-failed",
                &[name(), ("reason", why.message(l, lang).into()), link()]
            ))
        }
        _ => anyhow::bail!(l.format(
            lang,
            "tickets-file-too-large",
            &[name(), ("size", FluentValue::from(file.size)), link()]
        )),
    };
    let path = args.out.display().to_string();
    // A member's file never replaces one of the moderator's.
    let mut out = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&args.out)
    {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            anyhow::bail!(l.format(lang, "tickets-file-exists", &[("path", path.into())]))
        }
        Err(e) => anyhow::bail!(saving_failed(l, lang, &path, &e)),
    };
    if let Err(e) = out.write_all(&bytes).and_then(|()| out.sync_all()) {
        // A cut-off file would pass for the member's, and the next try
        // would refuse to replace it: nothing stays (a full disk, say).
        drop(out);
        let _ = std::fs::remove_file(&args.out);
        anyhow::bail!(saving_failed(l, lang, &path, &e));
    }
    writeln!(
        std::io::stdout().lock(),
        "{}",
        l.format(
            lang,
            "tickets-file-saved",
            &[
                name(),
                ("size", FluentValue::from(bytes.len())),
                ("path", path.into())
            ]
        )
    )?;
    Ok(Outcome::Done)
}

/// Why the member's file could not be saved at `path`, in the user's words.
fn saving_failed(l: &Localizer, lang: Lang, path: &str, e: &std::io::Error) -> String {
    l.format(
        lang,
        "tickets-file-not-saved",
        &[
            ("path", path.into()),
            ("reason", locales::Said::io(e).in_lang(l, lang).into()),
        ],
    )
}
