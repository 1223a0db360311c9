//! `helpdesk`: the one binary. Parses the command line and hands each
//! subcommand to the library crates; errors become messages and exit codes here.

mod ask;
mod cli;
mod community;
mod console;
mod faq;
mod moderators;
mod peer;
mod serve;
mod tickets;

use cli::{Command, ContactsCommand, FaqCommand, ModeratorsCommand, TicketsCommand};
use desk::DeskError;
use locales::{Lang, Localizer};
use std::path::Path;
use std::process::ExitCode;

/// What a subcommand reports back: success, a refusal the user should fix, or a failure.
pub(crate) enum Outcome {
    /// Everything worked.
    Done,
    /// The input was processed, but some of it was bad (exit 1).
    Problems,
}

/// A command whose output goes into `| head` ends when the reader has
/// enough, as `cat` does, instead of panicking in `println!`. Rust ignores
/// SIGPIPE so that a closed socket is an error to handle: the service, the
/// bot and the console keep that, since they hold sockets and a terminal.
fn end_quietly_on_a_closed_pipe() {
    // SAFETY: called once at start, before any thread exists; it only
    // restores the signal's default action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    // Shared: the console hands it to its worker thread.
    let localizer = match Localizer::embedded() {
        Ok(localizer) => std::sync::Arc::new(localizer),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let ui_lang = Lang::from_env();
    let cli = cli::parse(&localizer, ui_lang);
    // A command's `--lang` holds for its errors too, and a failure of its
    // database names the file even when it comes long after the opening.
    let db_args = cli.command.as_ref().and_then(cli::Command::db_args);
    let error_lang = match &cli.command {
        Some(Command::Ask(args)) => args.lang.unwrap_or(ui_lang),
        _ => db_args.map_or(ui_lang, cli::DbArgs::ui_lang),
    };
    let database = db_args.and_then(|db| db.path().ok());
    if !matches!(
        cli.command,
        None | Some(Command::Console(_) | Command::Bot(_) | Command::Serve(_))
    ) {
        end_quietly_on_a_closed_pipe();
    }
    let result = match cli.command {
        None => console::demo(&localizer, ui_lang, cli.faq_dir.as_deref()),
        Some(Command::Console(args)) => console::run(&localizer, cli.faq_dir.as_deref(), args),
        Some(Command::Ask(args)) => ask::run(&localizer, cli.faq_dir.as_deref(), args),
        Some(Command::Faq {
            command: FaqCommand::Check(args),
        }) => faq::check(&localizer, ui_lang, cli.faq_dir.as_deref(), args),
        Some(Command::Faq {
            command: FaqCommand::Eval(args),
        }) => faq::eval(&localizer, ui_lang, cli.faq_dir.as_deref(), args),
        Some(Command::Faq {
            command: FaqCommand::Fit(args),
        }) => faq::fit(&localizer, ui_lang, cli.faq_dir.as_deref(), args),
        Some(Command::Faq {
            command: FaqCommand::Link(args),
        }) => faq::link(&localizer, ui_lang, cli.faq_dir.as_deref(), args),
        Some(Command::Demo(args)) => community::demo(&localizer, args),
        Some(Command::Import(args)) => community::import(&localizer, args),
        Some(Command::Invite(args)) => community::invite(&localizer, args),
        Some(Command::Chat(args)) => community::chat(&localizer, cli.faq_dir.as_deref(), args),
        Some(Command::Bot(args)) => community::bot(&localizer, cli.faq_dir.as_deref(), args),
        Some(Command::Tickets { command }) => match command {
            TicketsCommand::Reply(args) => tickets::reply(&localizer, args),
            TicketsCommand::Close(args) => tickets::close(&localizer, args),
            TicketsCommand::Reopen(args) => tickets::reopen(&localizer, args),
            TicketsCommand::List(args) => tickets::list(&localizer, args),
            TicketsCommand::Stats(args) => tickets::stats(&localizer, args),
            TicketsCommand::Sweep(args) => tickets::sweep(&localizer, args),
            TicketsCommand::File(args) => tickets::file(&localizer, args),
        },
        Some(Command::Serve(args)) => serve::run(&localizer, ui_lang, cli.faq_dir.as_deref(), args),
        Some(Command::Contacts {
            command: ContactsCommand::Compare(args),
        }) => community::compare(&localizer, args),
        Some(Command::Moderators { command }) => match command {
            ModeratorsCommand::Link(args) => moderators::link(&localizer, args),
            ModeratorsCommand::Unlink(args) => moderators::unlink(&localizer, args),
            ModeratorsCommand::List(args) => moderators::list(&localizer, args),
        },
    };
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(e) => {
            eprintln!(
                "{}: {}",
                localizer.text(error_lang, "error-prefix"),
                explain(&localizer, error_lang, database.as_deref(), &e)
            );
            ExitCode::from(1)
        }
    }
}

/// What `{:#}` prints (each cause after the one it explains), with the
/// desk's errors in the user's language (`DeskError::in_language`: the
/// database file's failures, a missing record, a refusal) and so the FAQ
/// folder's problems (`KnowledgeError::in_lang`), also when the bot's
/// engine passes either on. `database` is the command's file: an SQLite
/// failure met after opening carries no path of its own, and the command
/// has only the one database.
fn explain(l: &Localizer, lang: Lang, database: Option<&Path>, e: &anyhow::Error) -> String {
    e.chain()
        .map(|layer| {
            // The engine wraps the store's and the FAQ's errors
            // transparently, so neither is a layer of the chain of its own:
            // look through it, or `chat`, `bot` and `serve` say them in English.
            // The chat wraps the engine's in turn.
            let layer: &(dyn std::error::Error + 'static) =
                match layer.downcast_ref::<bot::chat::ChatError>() {
                    Some(bot::chat::ChatError::Engine(engine)) => engine,
                    _ => layer,
                };
            let layer: &(dyn std::error::Error + 'static) =
                match layer.downcast_ref::<bot::EngineError>() {
                    Some(bot::EngineError::Knowledge(faq)) => faq,
                    Some(bot::EngineError::Desk(desk)) => desk,
                    _ => layer,
                };
            if let Some(desk) = layer.downcast_ref::<DeskError>() {
                desk.in_language(l, lang, database)
            } else if let Some(faq) = layer.downcast_ref::<knowledge::KnowledgeError>() {
                faq.in_lang(l, lang)
            } else {
                layer.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_engines_failures_are_said_in_the_users_language() {
        let l = Localizer::embedded().expect("locales");
        let db = Path::new("/srv/desk.db");
        // What `chat`, `bot` and `serve` get when the engine, starting, reads
        // the linked questions from a damaged page of the database.
        let damaged = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
            None,
        );
        let desk = bot::EngineError::Desk(DeskError::Sqlite(damaged).in_file(db));
        let said = explain(&l, Lang::De, Some(db), &anyhow::Error::from(desk));
        assert_eq!(said, "/srv/desk.db: die Datenbank ist beschädigt");
        // So too when the terminal chat passes the engine's on.
        let damaged = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
            None,
        );
        let chat = bot::chat::ChatError::Engine(bot::EngineError::Desk(
            DeskError::Sqlite(damaged).in_file(db),
        ));
        let said = explain(&l, Lang::De, Some(db), &anyhow::Error::from(chat));
        assert_eq!(said, "/srv/desk.db: die Datenbank ist beschädigt");
        // The FAQ's problems, as the engine passes them on.
        let problem = knowledge::Diagnostic::new("de/a.md", 3, locales::Said::of("faq-no-body"));
        let faq = bot::EngineError::Knowledge(knowledge::KnowledgeError::Corpus(vec![problem]));
        let said = explain(&l, Lang::De, Some(db), &anyhow::Error::from(faq));
        assert!(said.starts_with("Die FAQ hat Probleme:"), "{said}");
        assert!(!said.contains("the article"), "{said}");
    }
}
