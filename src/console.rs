//! `helpdesk console` and the default job: the moderator console, on a
//! demo database when no command is given. On a real database the
//! moderator is the one linked to the operating-system account running us
//! (`helpdesk moderators link`), the way `psql` peer authentication works;
//! the picker and `--as` are for demo databases only.

use crate::Outcome;
use crate::cli::ConsoleArgs;
use crate::community::{ProgressLine, load_corpus};
use desk::clock::local::Zone;
use desk::demo::{self, DemoOptions};
use desk::invitations::policy::Breach;
use desk::{Member, Store};
use locales::{Lang, Localizer};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The console on `demo.db` in the data directory, seeded on first start.
pub fn demo(l: &Arc<Localizer>, lang: Lang, faq_dir: Option<&Path>) -> anyhow::Result<Outcome> {
    let path = Store::default_path()?.with_file_name("demo.db");
    let mut store = Store::open(&path)?;
    store.set_os_user(crate::peer::os_user().as_deref());
    // The mark is written in the same transaction as the demo itself, so it
    // says whether a complete demo is there; members without it are left
    // from an interrupted seed by an older helpdesk.
    if !store.is_demo()? {
        let members = store.member_count()?;
        if members > 0 {
            anyhow::bail!(l.format(
                lang,
                "console-demo-incomplete",
                &[
                    ("path", path.display().to_string().into()),
                    ("members", l.number(lang, members).into())
                ]
            ));
        }
        eprintln!(
            "{}",
            l.format(
                lang,
                "console-demo-creating",
                &[("path", path.display().to_string().into())]
            )
        );
        let mut progress = ProgressLine::new(l, lang);
        demo::seed(&mut store, l, &DemoOptions::default(), &mut |p| {
            progress.show(p)
        })?;
    }
    // The demo really delivers: what is sent from the console becomes a file
    // in a Maildir next to the database, readable with any mail client.
    let maildir = path.with_file_name("demo-Maildir");
    let courier = DemoCourier::start(&path, &maildir)?;
    let options = Options {
        keys: None,
        zone: None,
        db_flag: None,
    };
    let outcome = open(l, lang, faq_dir, store, None, &options);
    courier.stop();
    if outcome.is_ok() {
        eprintln!(
            "{}",
            l.format(
                lang,
                "console-demo-mail",
                &[("path", maildir.display().to_string().into())]
            )
        );
    }
    outcome
}

/// The demo's mail courier on its own thread, delivering into a Maildir.
struct DemoCourier {
    stop: tokio::sync::watch::Sender<bool>,
    thread: std::thread::JoinHandle<()>,
}

impl DemoCourier {
    fn start(db: &Path, maildir: &Path) -> anyhow::Result<DemoCourier> {
        let courier = mail::Courier::new(
            Store::open(db)?,
            mail::Transport::maildir(maildir)?,
            mail::Sender::new("Helpdesk Demo <helpdesk@example.org>", None)?,
            mail::CourierOptions::default(),
        );
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let thread = std::thread::spawn(move || {
            // Its errors have no screen to go to while the console draws; the
            // mails stay queued and the next start sends them.
            let _ = runtime.block_on(courier.run(stopped));
        });
        Ok(DemoCourier { stop, thread })
    }

    /// Finishes the mail in hand and ends the thread.
    fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.thread.join();
    }
}

/// `helpdesk console [--db] [--as] [--lang] [--keys] [--zone]`.
pub fn run(
    l: &Arc<Localizer>,
    faq_dir: Option<&Path>,
    args: ConsoleArgs,
) -> anyhow::Result<Outcome> {
    let lang = args.db.ui_lang();
    let store = args.db.open()?;
    let options = Options {
        keys: args.keys.clone(),
        zone: args.zone.clone(),
        db_flag: args.db.db.clone(),
    };
    open(l, lang, faq_dir, store, args.as_member.as_deref(), &options)
}

/// What the console is opened with besides the database.
struct Options {
    keys: Option<PathBuf>,
    zone: Option<String>,
    /// The `--db` given, for naming it in the command a refusal suggests.
    db_flag: Option<PathBuf>,
}

/// Who works in the console: on a demo database whoever `--as` names (or
/// the picker), on any other the moderator linked to our OS account.
fn identify(
    l: &Localizer,
    lang: Lang,
    store: &Store,
    as_member: Option<&str>,
    options: &Options,
) -> anyhow::Result<Option<Member>> {
    if store.is_demo()? {
        return Ok(match as_member {
            Some(email) => Some(store.member_by_email(email)?.ok_or_else(|| {
                anyhow::anyhow!(
                    Breach::UnknownMember {
                        email: email.to_string()
                    }
                    .message(l, lang)
                )
            })?),
            None => None,
        });
    }
    if as_member.is_some() {
        anyhow::bail!(l.text(lang, "console-as-demo-only"));
    }
    let Some(os_user) = store.os_user().map(str::to_string) else {
        anyhow::bail!(l.text(lang, "console-no-os-user"));
    };
    match store.moderator_for_os_user(&os_user)? {
        Some(me) => Ok(Some(me)),
        None => {
            let db = options
                .db_flag
                .as_ref()
                .map(|p| format!(" {}", locales::db_flag(p)))
                .unwrap_or_default();
            anyhow::bail!(l.format(
                lang,
                "console-unknown-os-user",
                &[("os_user", os_user.into()), ("db", db.into())]
            ))
        }
    }
}

/// `--keys`, else `$XDG_CONFIG_HOME/helpdesk/keys.toml` (or
/// `~/.config/helpdesk/keys.toml`) when it exists, else the defaults; a
/// key file's mistakes are said in the console's language.
fn keymap(l: &Localizer, lang: Lang, given: Option<&Path>) -> anyhow::Result<tui::Keymap> {
    let read =
        |path: &Path| tui::Keymap::with_file(path).map_err(|e| anyhow::anyhow!(e.in_lang(l, lang)));
    if let Some(path) = given {
        return read(path);
    }
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")));
    match config.map(|c| c.join("helpdesk").join("keys.toml")) {
        Some(path) if path.is_file() => read(&path),
        _ => Ok(tui::Keymap::default()),
    }
}

fn open(
    l: &Arc<Localizer>,
    lang: Lang,
    faq_dir: Option<&Path>,
    store: Store,
    as_member: Option<&str>,
    options: &Options,
) -> anyhow::Result<Outcome> {
    // Who you are is settled before anything is drawn, so a refusal is a
    // plain message, in scripts too.
    let me = identify(l, lang, &store, as_member, options)?;
    let keys = keymap(l, lang, options.keys.as_deref())?;
    let zone = Zone::for_moderator(options.zone.as_deref())
        .map_err(|e| anyhow::anyhow!(e.message(l, lang)))?;
    if !std::io::stdout().is_terminal() {
        anyhow::bail!(l.text(lang, "console-not-a-terminal"));
    }
    let demo = store.is_demo()?;
    let database = store.path().to_path_buf();
    let l = Arc::clone(l);
    let worker = tui::Worker::new(store, load_corpus(faq_dir)?, Arc::clone(&l), None)
        .map_err(|failure| anyhow::anyhow!(failure.words(&l, lang)))?
        .with_faq_dir(faq_dir.map(Path::to_path_buf));
    let app = tui::App::new(l, lang, demo, me, worker.knowledge())
        .with_keymap(keys)
        .with_zone(zone)
        .with_database(&database);
    tui::terminal::run(app, worker)?;
    Ok(Outcome::Done)
}
