//! `helpdesk console` and the default job: the moderator console, on a
//! demo database when no command is given.

use crate::Outcome;
use crate::cli::ConsoleArgs;
use crate::community::{ProgressLine, load_corpus};
use desk::Store;
use desk::demo::{self, DemoOptions};
use desk::invitations::policy::Breach;
use locales::{Lang, Localizer};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

/// The console on `demo.db` in the data directory, seeded on first start.
pub fn demo(l: &Arc<Localizer>, lang: Lang, faq_dir: Option<&Path>) -> anyhow::Result<Outcome> {
    let path = Store::default_path()?.with_file_name("demo.db");
    let mut store = Store::open(&path)?;
    store.set_os_user(crate::peer::os_user().as_deref());
    if store.member_count()? == 0 {
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
    let outcome = open(l, lang, faq_dir, store, None);
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

/// `helpdesk console [--db] [--as] [--lang]`.
pub fn run(
    l: &Arc<Localizer>,
    faq_dir: Option<&Path>,
    args: ConsoleArgs,
) -> anyhow::Result<Outcome> {
    let lang = args.db.ui_lang();
    let store = args.db.open()?;
    open(l, lang, faq_dir, store, args.as_member.as_deref())
}

fn open(
    l: &Arc<Localizer>,
    lang: Lang,
    faq_dir: Option<&Path>,
    store: Store,
    as_member: Option<&str>,
) -> anyhow::Result<Outcome> {
    if !std::io::stdout().is_terminal() {
        anyhow::bail!(l.text(lang, "console-not-a-terminal"));
    }
    let me = match as_member {
        Some(email) => Some(store.member_by_email(email)?.ok_or_else(|| {
            anyhow::anyhow!(
                Breach::UnknownMember {
                    email: email.to_string()
                }
                .message(l, lang)
            )
        })?),
        None => None,
    };
    let demo = store.is_demo()?;
    let l = Arc::clone(l);
    let worker = tui::Worker::new(store, load_corpus(faq_dir)?, Arc::clone(&l), None)
        .map_err(anyhow::Error::msg)?
        .with_faq_dir(faq_dir.map(Path::to_path_buf));
    let app = tui::App::new(l, lang, demo, me, worker.knowledge());
    tui::terminal::run(app, worker)?;
    Ok(Outcome::Done)
}
