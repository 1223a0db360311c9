//! The commands that work on the community database: `demo`, `import`,
//! `invite` and `contacts compare`.

use crate::Outcome;
use crate::cli::{
    BotArgs, ChatArgs, CompareArgs, DbArgs, DemoArgs, ImportArgs, InviteArgs, RouteArg,
};
use anyhow::Context as _;
use desk::address_book::AddressBook;
use desk::demo::{self, DemoOptions, Progress};
use desk::invitations::policy::{Breach, InvitePolicy};
use desk::{Dating, Draft, Route, SendOutcome, Store, clock};
use locales::{FluentValue, Lang, Localizer};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

impl DbArgs {
    /// The message language: `--lang`, else the environment's.
    pub fn ui_lang(&self) -> Lang {
        self.lang.unwrap_or_else(Lang::from_env)
    }

    /// `--db`, else the platform's default database.
    pub fn path(&self) -> anyhow::Result<PathBuf> {
        Ok(match &self.db {
            Some(path) => path.clone(),
            None => Store::default_path()?,
        })
    }

    /// Opens (and migrates if needed) the database, which must exist,
    /// naming the operating-system account that runs us for the audit log.
    /// A command that only reads or changes a community would otherwise
    /// turn a mistyped `--db` into a new, empty file and answer "no tickets".
    pub fn open(&self) -> anyhow::Result<Store> {
        self.named(Store::open_existing(&self.path()?)?)
    }

    /// Opens the database, creating it if there is none: for `import`,
    /// which fills it, and for `bot` and `chat` (without `--as`), which run
    /// the support bot on a community that may not have a record yet.
    pub fn open_or_create(&self) -> anyhow::Result<Store> {
        self.named(Store::open(&self.path()?)?)
    }

    /// ` --db PATH` when the user gave `--db` (as [`locales::db_flag`]
    /// writes it), else nothing: what a suggested command must carry to
    /// work on the same database as the one the user ran.
    pub fn as_flag(&self) -> String {
        self.db
            .as_ref()
            .map(|path| format!(" {}", locales::db_flag(path)))
            .unwrap_or_default()
    }

    fn named(&self, mut store: Store) -> anyhow::Result<Store> {
        store.set_os_user(crate::peer::os_user().as_deref());
        Ok(store)
    }
}

/// Draws progress on one terminal line, or one line per finished stage when
/// standard error is not a terminal (CI logs stay readable).
pub struct ProgressLine<'a> {
    l: &'a Localizer,
    lang: Lang,
    tty: bool,
}

impl<'a> ProgressLine<'a> {
    /// Progress for `lang`, on standard error.
    pub fn new(l: &'a Localizer, lang: Lang) -> ProgressLine<'a> {
        ProgressLine {
            l,
            lang,
            tty: std::io::stderr().is_terminal(),
        }
    }

    /// Shows one step.
    pub fn show(&mut self, p: Progress) {
        let finished = p.done >= p.total;
        if !self.tty && !finished {
            return;
        }
        let line = self.l.format(
            self.lang,
            "demo-progress",
            &[
                ("stage", self.l.text(self.lang, p.stage.message_id()).into()),
                ("done", self.l.number(self.lang, p.done).into()),
                ("total", self.l.number(self.lang, p.total).into()),
            ],
        );
        let mut err = std::io::stderr().lock();
        // Progress is decoration; a closed stderr must not stop the seeding.
        let _ = if self.tty {
            write!(err, "\r\x1b[2K{line}{}", if finished { "\n" } else { "" })
        } else {
            writeln!(err, "{line}")
        };
        let _ = err.flush();
    }
}

/// `helpdesk demo`.
pub fn demo(l: &Localizer, args: DemoArgs) -> anyhow::Result<Outcome> {
    let lang = args.db.ui_lang();
    let path = args.db.path()?;
    let mut store = Store::open(&path)?;
    let existing = store.member_count()?;
    if existing > 0 {
        anyhow::bail!(l.format(
            lang,
            "demo-not-empty",
            &[
                ("path", path.display().to_string().into()),
                ("members", l.number(lang, existing).into())
            ]
        ));
    }
    let options = DemoOptions {
        members: args.members,
        ..DemoOptions::default()
    };
    let mut progress = ProgressLine::new(l, lang);
    let summary = demo::seed(&mut store, l, &options, &mut |p| progress.show(p))?;
    println!(
        "{}",
        l.format(
            lang,
            "demo-done",
            &[
                ("path", path.display().to_string().into()),
                ("members", l.number(lang, summary.members).into()),
                ("referred", l.number(lang, summary.referred).into()),
                ("groups", l.number(lang, summary.groups).into()),
                ("contacts", l.number(lang, summary.contacts).into()),
                ("invitations", l.number(lang, summary.invitations).into()),
                ("flagged", l.number(lang, summary.flagged).into()),
            ]
        )
    );
    Ok(Outcome::Done)
}

/// `helpdesk import`.
pub fn import(l: &Localizer, args: ImportArgs) -> anyhow::Result<Outcome> {
    let lang = args.db.ui_lang();
    let say = |e: desk::import::ImportError| anyhow::anyhow!(e.in_lang(l, lang));
    // The file first: a missing or broken one must not leave a new, empty
    // database at a mistyped `--db`.
    let plan = desk::import::read_file(&args.file).map_err(say)?;
    let path = args.db.path()?;
    let summary = match new_database_place(&path) {
        Some(place) => import_into_new_database(l, lang, &args.db, &plan, &place, &path)?,
        None => plan.write_to(&mut args.db.open_or_create()?).map_err(say)?,
    };
    println!(
        "{}",
        l.format(
            lang,
            "import-done",
            &[
                ("members", summary.members.into()),
                ("groups", summary.groups.into()),
                ("memberships", summary.memberships.into()),
                ("contacts", summary.contacts.into()),
            ]
        )
    );
    Ok(Outcome::Done)
}

/// Where a new database for `--db` `path` is made: `path`, or, when a link
/// is there that leads to nothing yet, the place it leads to, where SQLite
/// (and so `demo`, `bot` and `serve`) would make it too; `None` when a file
/// is there, which is the user's database. The link itself is never
/// replaced.
fn new_database_place(path: &Path) -> Option<PathBuf> {
    let mut place = path.to_path_buf();
    // As many links in a row as Linux follows (MAXSYMLINKS); more is a loop,
    // which the opening names.
    for _ in 0..40 {
        match std::fs::read_link(&place) {
            // A relative link leads from the folder it is in.
            Ok(target) => place = place.parent().unwrap_or(Path::new("")).join(target),
            Err(_) => return std::fs::symlink_metadata(&place).is_err().then_some(place),
        }
    }
    None
}

/// Imports into a database made for it at `place` (`--db`, or where the
/// link at `--db` leads), where there is none yet. It is written under a
/// name of this process's own beside `place` and takes `place` only once
/// the import succeeded, and only if nothing appeared there meanwhile: a
/// refused import leaves no database behind, and a database another
/// process made at `place` in the meantime (another import, the bot) is
/// never replaced or removed. Its errors name `--db`, `path`.
fn import_into_new_database(
    l: &Localizer,
    lang: Lang,
    db: &DbArgs,
    plan: &desk::import::ImportPlan,
    place: &Path,
    path: &Path,
) -> anyhow::Result<desk::import::ImportSummary> {
    // The process id alone repeats across containers on one volume.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut staged = place.as_os_str().to_owned();
    staged.push(format!(".import-{}-{nanos}", std::process::id()));
    let staged = PathBuf::from(staged);
    let written = match Store::open(&staged) {
        Ok(store) => {
            let mut store = db.named(store)?;
            // The file alone is put in place, so the log must be in it.
            let written = plan
                .write_to(&mut store)
                .and_then(|summary| Ok(store.fold_log().map(|()| summary)?));
            drop(store);
            written
        }
        Err(e) => Err(e.into()),
    };
    let summary = match written {
        Ok(summary) => summary,
        Err(e) => {
            remove_database_files(&staged);
            // The staged file is gone: the user knows the database by `--db`.
            let said = e
                .in_lang(l, lang)
                .replace(&staged.display().to_string(), &path.display().to_string());
            return Err(anyhow::anyhow!(said));
        }
    };
    let placed = put_in_place(&staged, place, |staged, place| {
        std::fs::hard_link(staged, place)
    });
    remove_database_files(&staged);
    match placed {
        Ok(()) => Ok(summary),
        Err(e) => Err(anyhow::anyhow!(l.format(
            lang,
            "import-not-placed",
            &[
                ("path", path.display().to_string().into()),
                ("reason", locales::Said::io(&e).in_lang(l, lang).into()),
            ]
        ))),
    }
}

/// Puts the `staged` database at `place` with `link`, a hard link, which
/// never replaces what is there, unlike a rename. Where the file system has
/// no hard links (FAT, many network shares), a rename after one more look
/// is the best there is: it could only replace a database made in that
/// instant. `link` is a parameter so that a test can be that file system.
fn put_in_place(
    staged: &Path,
    place: &Path,
    link: impl FnOnce(&Path, &Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    match link(staged, place) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            if std::fs::symlink_metadata(place).is_ok() {
                Err(e)
            } else {
                std::fs::rename(staged, place)
            }
        }
        linked => linked,
    }
}

/// Removes a database file this process made, with SQLite's write-ahead
/// log and shared memory beside it. Best effort: what went wrong before is
/// what the user needs to read.
fn remove_database_files(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// One reason in `invite --json`.
#[derive(Serialize)]
struct ReasonJson {
    rule: &'static str,
    message: String,
}

/// `invite --json`, in the documented key order.
#[derive(Serialize)]
struct InviteJson {
    outcome: &'static str,
    reasons: Vec<ReasonJson>,
    next_allowed: Option<String>,
    advice: Vec<AdviceJson>,
    /// With `--dry-run`, `outcome` is what would happen: nothing was written.
    dry_run: bool,
}

/// One piece of advice in `invite --json`: never a reason to refuse.
#[derive(Serialize)]
struct AdviceJson {
    id: &'static str,
    message: String,
}

/// `helpdesk invite`.
pub fn invite(l: &Localizer, args: InviteArgs) -> anyhow::Result<Outcome> {
    let lang = args.db.ui_lang();
    let now = clock::now();
    let at = match &args.at {
        Some(text) => clock::parse_rfc3339(text).ok_or_else(|| {
            anyhow::anyhow!(l.format(lang, "invite-bad-time", &[("value", text.as_str().into())]))
        })?,
        None => now,
    };
    // An invitation from the future would be mailed now and then block the
    // invitee until six months after a date that has not come.
    if at > now {
        anyhow::bail!(l.format(
            lang,
            "invite-future-time",
            &[("value", args.at.as_deref().unwrap_or_default().into())]
        ));
    }
    let mut store = args.db.open()?;
    let mut unknown = Vec::new();
    let from = store.member_by_email(&args.from)?;
    let to = store.member_by_email(&args.to)?;
    let group = store.group_by_name(&args.group)?;
    for (email, found) in [(&args.from, from.is_some()), (&args.to, to.is_some())] {
        if !found {
            unknown.push(Breach::UnknownMember {
                email: email.clone(),
            });
        }
    }
    if group.is_none() {
        unknown.push(Breach::UnknownGroup {
            name: args.group.clone(),
        });
    }
    let policy = InvitePolicy::default();
    let mut advice = Vec::new();
    let outcome = match (from, to, group) {
        (Some(from), Some(to), Some(group)) => {
            let draft = Draft {
                inviter: from.id,
                invitee: to.id,
                group: group.id,
                route: match args.route {
                    RouteArg::Profile => Route::Profile,
                    RouteArg::Group => Route::Group,
                },
                subject: args.subject.clone(),
                text: args.text.clone(),
                at,
            };
            let dating = Dating::of(draft.at, now);
            // Advice helps someone writing an invitation; history is
            // written already.
            if dating == Dating::Now {
                advice = store.invitation_advice(&policy, &draft)?;
            }
            if args.dry_run {
                let verdict = store.check_invitation(&policy, &draft)?;
                SendOutcome::of(verdict, dating, desk::records::InvitationId(0))
            } else {
                store.send_invitation(&policy, l, &draft, now)?
            }
        }
        _ => SendOutcome::Refused(unknown),
    };
    // Dates in the reasons are days on the caller's calendar (`TZ`, else the
    // system's zone), like the console's; `next_allowed` stays an instant.
    let zone = clock::Zone::for_moderator(None).unwrap_or_else(|_| clock::Zone::utc());
    let reasons: Vec<ReasonJson> = match &outcome {
        SendOutcome::Refused(breaches) => breaches
            .iter()
            .map(|b| ReasonJson {
                rule: b.rule().id(),
                message: b.message_in(l, lang, &zone),
            })
            .collect(),
        SendOutcome::Held(_, flags) => flags
            .iter()
            .map(|f| ReasonJson {
                rule: f.id(),
                message: f.message(l, lang),
            })
            .collect(),
        SendOutcome::Sent(_) | SendOutcome::Recorded(_) => Vec::new(),
    };
    let next_allowed = match &outcome {
        SendOutcome::Refused(breaches) => breaches.iter().find_map(Breach::next_allowed),
        _ => None,
    };
    let advice: Vec<AdviceJson> = advice
        .iter()
        .map(|a| AdviceJson {
            id: a.id(),
            message: a.message(l, lang),
        })
        .collect();
    if args.json {
        let json = InviteJson {
            outcome: outcome.id(),
            reasons,
            next_allowed: next_allowed.map(clock::rfc3339),
            advice,
            dry_run: args.dry_run,
        };
        println!("{}", serde_json::to_string(&json)?);
    } else {
        let headline = match (&outcome, args.dry_run) {
            (SendOutcome::Sent(id), false) => l.format(lang, "invite-sent", &[("id", id.0.into())]),
            (SendOutcome::Held(id, _), false) => {
                l.format(lang, "invite-held", &[("id", id.0.into())])
            }
            (SendOutcome::Recorded(id), false) => l.format(
                lang,
                "invite-recorded",
                &[("id", id.0.into()), ("at", clock::rfc3339(at).into())],
            ),
            (SendOutcome::Sent(_), true) => l.text(lang, "invite-would-send"),
            (SendOutcome::Held(..), true) => l.text(lang, "invite-would-hold"),
            (SendOutcome::Recorded(_), true) => l.format(
                lang,
                "invite-would-record",
                &[("at", clock::rfc3339(at).into())],
            ),
            (SendOutcome::Refused(_), _) => l.text(lang, "invite-refused"),
        };
        println!("{headline}");
        for reason in reasons {
            println!("  - {}", reason.message);
        }
        for hint in advice {
            println!(
                "  {} {}",
                l.text(lang, "invite-advice-prefix"),
                hint.message
            );
        }
    }
    Ok(match outcome {
        SendOutcome::Refused(_) => Outcome::Problems,
        _ => Outcome::Done,
    })
}

/// One person in `contacts compare --json`.
#[derive(Serialize)]
struct PersonJson<'a> {
    name: &'a str,
    email: &'a str,
}

/// One person to invite in `contacts compare --json`.
#[derive(Serialize)]
struct InvitableJson<'a> {
    name: &'a str,
    email: &'a str,
    also: &'a [String],
}

/// `contacts compare --json`.
#[derive(Serialize)]
struct CompareJson<'a> {
    members_not_contacts: Vec<PersonJson<'a>>,
    contacts: Vec<PersonJson<'a>>,
    to_invite: Vec<InvitableJson<'a>>,
    skipped: usize,
}

fn people(list: &[desk::address_book::FoundMember]) -> Vec<PersonJson<'_>> {
    list.iter()
        .map(|f| PersonJson {
            name: &f.name,
            email: &f.email,
        })
        .collect()
}

/// One person in `contacts compare`'s lists: name, address, and a note
/// after it (their other addresses), empty when there is none.
type Listed<'a> = (&'a str, &'a str, String);

/// `helpdesk contacts compare`: reads the database only, so nothing of the
/// address book can be written to it.
pub fn compare(l: &Localizer, args: CompareArgs) -> anyhow::Result<Outcome> {
    let lang = args.db.ui_lang();
    let path = args.db.path()?;
    let store = Store::open_read_only(&path)?;
    let me = store.member_by_email(&args.as_member)?.ok_or_else(|| {
        anyhow::anyhow!(
            Breach::UnknownMember {
                email: args.as_member.clone()
            }
            .message(l, lang)
        )
    })?;
    let book = AddressBook::read_file(&args.file)
        .map_err(|e| anyhow::anyhow!(e.in_file(&args.file, l, lang)))?;
    let result = store.compare_address_book(me.id, &book)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let json = CompareJson {
            members_not_contacts: people(&result.members_not_contacts),
            contacts: people(&result.contacts),
            to_invite: result
                .to_invite
                .iter()
                .map(|i| InvitableJson {
                    name: &i.name,
                    email: &i.email,
                    also: &i.also,
                })
                .collect(),
            skipped: result.skipped,
        };
        writeln!(out, "{}", serde_json::to_string(&json)?).context("write to standard output")?;
        return Ok(Outcome::Done);
    }
    let sections: [(&str, Vec<Listed>); 3] = [
        (
            "compare-members-not-contacts",
            result
                .members_not_contacts
                .iter()
                .map(|f| (f.name.as_str(), f.email.as_str(), String::new()))
                .collect(),
        ),
        (
            "compare-contacts",
            result
                .contacts
                .iter()
                .map(|f| (f.name.as_str(), f.email.as_str(), String::new()))
                .collect(),
        ),
        (
            "compare-to-invite",
            result
                .to_invite
                .iter()
                .map(|i| (i.name.as_str(), i.email.as_str(), i.also_note(l, lang)))
                .collect(),
        ),
    ];
    for (id, people) in sections {
        let count: FluentValue = people.len().into();
        writeln!(out, "{}", l.format(lang, id, &[("count", count)]))
            .context("write to standard output")?;
        for (name, email, also) in people {
            if name.is_empty() {
                writeln!(out, "  {email}{also}")?;
            } else {
                writeln!(out, "  {name} <{email}>{also}")?;
            }
        }
    }
    if result.skipped > 0 {
        writeln!(
            out,
            "{}",
            l.format(lang, "compare-skipped", &[("count", result.skipped.into())])
        )?;
    }
    writeln!(out, "{}", l.text(lang, "compare-nothing-kept"))?;
    Ok(Outcome::Done)
}

/// `helpdesk chat`: the support bot's engine in the terminal.
pub fn chat(l: &Localizer, faq_dir: Option<&Path>, args: ChatArgs) -> anyhow::Result<Outcome> {
    let lang = args.db.ui_lang();
    // The FAQ first: a broken `--faq-dir` must not leave a new, empty
    // database behind.
    let corpus = load_corpus(faq_dir)?;
    // Anyone may try the bot on a new database, as on a new Discord
    // server; chatting as a member needs the community that has them.
    let store = match args.as_member {
        Some(_) => args.db.open()?,
        None => args.db.open_or_create()?,
    };
    let user = match &args.as_member {
        Some(email) => {
            let member = store.member_by_email(email)?.ok_or_else(|| {
                anyhow::anyhow!(
                    Breach::UnknownMember {
                        email: email.clone()
                    }
                    .message(l, lang)
                )
            })?;
            Some(
                member
                    .discord_id
                    .unwrap_or_else(|| desk::store::member_requester(member.id)),
            )
        }
        None => None,
    };
    let config = bot::EngineConfig {
        chat_db_flag: args.db.as_flag(),
        fallback_lang: lang,
        ..bot::EngineConfig::default()
    };
    let mut engine = bot::Engine::new(corpus, store, config)?;
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    // A person at a terminal gets history on ↑/↓; pipes are read as they are.
    let mut input: Box<dyn bot::chat::Prompt> = if stdin.is_terminal() {
        Box::new(EditedLines(tui::line_editor::LineEditor::default()))
    } else {
        Box::new(bot::chat::Reader(stdin.lock()))
    };
    bot::chat::run(
        &mut engine,
        input.as_mut(),
        &mut out,
        args.db.lang,
        user.as_deref(),
    )?;
    Ok(Outcome::Done)
}

/// The terminal's line editor as the chat's source of lines.
struct EditedLines(tui::line_editor::LineEditor);

impl bot::chat::Prompt for EditedLines {
    fn line(&mut self, out: &mut dyn Write) -> std::io::Result<Option<String>> {
        self.0.read("> ", out)
    }
}

/// The FAQ from `--faq-dir`, or the built-in one.
pub fn load_corpus(
    faq_dir: Option<&Path>,
) -> Result<knowledge::corpus::Corpus, knowledge::KnowledgeError> {
    match faq_dir {
        Some(dir) => knowledge::corpus::Corpus::load_dir(dir),
        None => knowledge::corpus::Corpus::embedded(),
    }
    .map_err(knowledge::KnowledgeError::Corpus)
}

/// `helpdesk bot`: the support bot on Discord until Ctrl-C or SIGTERM.
pub fn bot(l: &Localizer, faq_dir: Option<&Path>, args: BotArgs) -> anyhow::Result<Outcome> {
    use bot::discord::{BotOptions, DiscordError, Shards, Token};
    let lang = args.db.ui_lang();
    let say = |e: DiscordError| said_by_the_bot(l, lang, e);
    crate::serve::logs::init(args.log_format);
    let shards: Shards = args.shards.parse().map_err(say)?;
    let config = match &args.config {
        Some(path) => bot::discord::BotConfig::read(path).map_err(say)?,
        None => bot::discord::BotConfig::default(),
    };
    let token =
        Token::from_env_or_file(std::env::var("DISCORD_TOKEN").ok(), args.config.as_deref())
            .map_err(say)?;
    // Everything else before the database, which this may create.
    let corpus = load_corpus(faq_dir)?;
    let store = args.db.open_or_create()?;
    let engine = bot::Engine::new(
        corpus,
        store,
        bot::EngineConfig {
            tickets: config.tickets,
            ..bot::EngineConfig::default()
        },
    )?;
    let mut options = BotOptions::new(token);
    options.api_base = args.api_base;
    options.shards = shards;
    options.staff_channel = args.staff_channel.or(config.staff_channel);
    if let Some(lang) = config.staff_lang {
        options.relay.staff_lang = lang;
    }
    options.tickets = config.tickets;
    // For scripts and tests that need a retry to come round quickly.
    if let Some(ms) = std::env::var("HELPDESK_RELAY_BACKOFF_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        options.relay.backoff = std::time::Duration::from_millis(ms);
    }
    bot::discord::serve(engine, options).map_err(say)?;
    Ok(Outcome::Done)
}

/// A failure of the bot's setup in `lang`: the common mistakes and the bot
/// config file's problems (unreadable, or a value at its line) in the
/// user's words, the rest in serenity's. Every command that reads the bot
/// config (`bot`, `tickets sweep`) says its problems through this.
pub fn said_by_the_bot(l: &Localizer, lang: Lang, e: bot::discord::DiscordError) -> anyhow::Error {
    use bot::discord::DiscordError;
    match &e {
        DiscordError::NoToken => anyhow::anyhow!(l.text(lang, "bot-error-no-token")),
        DiscordError::TokenRejected => {
            anyhow::anyhow!(l.text(lang, "bot-error-token-rejected"))
        }
        DiscordError::Shards(given) => anyhow::anyhow!(l.format(
            lang,
            "bot-error-shards",
            &[("given", FluentValue::from(given.as_str()))]
        )),
        DiscordError::MalformedToken => {
            anyhow::anyhow!(l.text(lang, "bot-error-token-malformed"))
        }
        DiscordError::ConfigRead { path, cause } => anyhow::anyhow!(l.format(
            lang,
            "bot-error-config-unreadable",
            &[
                ("path", path.display().to_string().into()),
                ("reason", locales::Said::io(cause).in_lang(l, lang).into()),
            ]
        )),
        DiscordError::ConfigSyntax {
            path,
            line,
            message,
        } => anyhow::anyhow!("{}:{line}: {}", path.display(), message.in_lang(l, lang)),
        _ => e.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_path_that_begins_with_a_dash_is_joined_to_its_flag() {
        let flag = |db: &str| {
            DbArgs {
                db: Some(PathBuf::from(db)),
                lang: None,
            }
            .as_flag()
        };
        assert_eq!(flag("-x.db"), " --db=-x.db");
        assert_eq!(flag("-a b.db"), " --db='-a b.db'");
        assert_eq!(flag("x.db"), " --db x.db");
    }

    /// A hard link refused as FAT refuses it (EPERM).
    fn no_hard_links(_: &Path, _: &Path) -> std::io::Result<()> {
        Err(std::io::Error::from_raw_os_error(libc::EPERM))
    }

    #[test]
    fn without_hard_links_the_staged_database_is_renamed_into_place() {
        let dir = tempfile::tempdir().expect("dir");
        let staged = dir.path().join("new.db.import-1-2");
        let place = dir.path().join("new.db");
        std::fs::write(&staged, "the imported community").expect("staged");
        put_in_place(&staged, &place, no_hard_links).expect("renamed");
        assert_eq!(
            std::fs::read_to_string(&place).expect("in place"),
            "the imported community"
        );
        assert!(!staged.exists(), "renamed, not copied");
    }

    #[test]
    fn without_hard_links_a_database_that_appeared_meanwhile_is_kept() {
        let dir = tempfile::tempdir().expect("dir");
        let staged = dir.path().join("new.db.import-1-2");
        let place = dir.path().join("new.db");
        std::fs::write(&staged, "the imported community").expect("staged");
        std::fs::write(&place, "the bot's new database").expect("appeared");
        let refused = put_in_place(&staged, &place, no_hard_links).expect_err("not replaced");
        assert_eq!(refused.raw_os_error(), Some(libc::EPERM), "{refused}");
        assert_eq!(
            std::fs::read_to_string(&place).expect("kept"),
            "the bot's new database"
        );
    }
}
