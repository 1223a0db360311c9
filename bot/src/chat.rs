//! The terminal adapter: the same engine, one question per line, buttons as
//! numbered choices. The support team uses it to try answers offline.

use crate::engine::{ButtonAction, ChannelKind, Engine, EngineError, Incoming, Reply};
use locales::{Lang, Localizer};
use std::io::{BufRead, Write};

/// The user id the terminal speaks as.
pub const TERMINAL_USER: &str = "terminal";

/// Writes a reply as text, buttons numbered from 1.
pub fn render(out: &mut dyn Write, l: &Localizer, reply: &Reply) -> std::io::Result<()> {
    if let Some(title) = &reply.title {
        writeln!(out, "== {title} ==")?;
    }
    writeln!(out, "{}", reply.text)?;
    if !reply.see_also.is_empty() {
        writeln!(
            out,
            "{} {}",
            l.text(reply.lang, "chat-see-also"),
            reply.see_also.join(" · ")
        )?;
    }
    for (i, button) in reply.buttons.iter().enumerate() {
        writeln!(out, "  [{}] {}", i + 1, button.label)?;
    }
    Ok(())
}

/// Where the REPL's lines come from: a plain reader, or a line editor with
/// history when a person types at a terminal.
pub trait Prompt {
    /// Shows the prompt and returns the next line, or `None` at the end.
    fn line(&mut self, out: &mut dyn Write) -> std::io::Result<Option<String>>;
}

/// Lines from any reader (a pipe, a file, a test).
pub struct Reader<R: BufRead>(pub R);

impl<R: BufRead> Prompt for Reader<R> {
    fn line(&mut self, out: &mut dyn Write) -> std::io::Result<Option<String>> {
        write!(out, "> ")?;
        out.flush()?;
        // Bytes that are not UTF-8 (a Latin-1 file piped in) become U+FFFD,
        // as a chat client shows them, instead of ending the session.
        let mut line = Vec::new();
        Ok((self.0.read_until(b'\n', &mut line)? > 0)
            .then(|| String::from_utf8_lossy(&line).into_owned()))
    }
}

/// Runs the REPL until the end of input; blank lines are skipped, so a
/// piped script goes on past them. `locale` plays the role of the client's
/// locale; `user` the member's linked Discord id, or `member:<id>` for a
/// member without one (see [`crate::MEMBER_USER_PREFIX`]), or
/// `None` for nobody in particular, who cannot hand over to the team.
pub fn run(
    engine: &mut Engine,
    input: &mut dyn Prompt,
    out: &mut dyn Write,
    lang: Option<Lang>,
    user: Option<&str>,
) -> Result<(), ChatError> {
    let l = engine.localizer();
    let user = user.unwrap_or(TERMINAL_USER).to_string();
    let locale = lang.map(|l| l.code().to_string());
    let home = lang.unwrap_or_else(|| engine.fallback_lang());
    writeln!(out, "{}", l.text(home, "chat-welcome"))?;
    let mut buttons: Vec<ButtonAction> = Vec::new();
    // The buttons' language: a wrong number is answered in it.
    let mut shown = home;
    loop {
        let Some(line) = input.line(out)? else {
            return Ok(());
        };
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        // A number presses a button only while buttons are shown; otherwise
        // "2" or "-1" is whatever the member meant by it, a question.
        let choice = if buttons.is_empty() {
            None
        } else {
            text.parse::<i64>().ok()
        };
        let answered = match choice.map(|n| {
            usize::try_from(n)
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| buttons.get(i))
        }) {
            Some(Some(action)) => engine
                .press(&user, locale.as_deref(), &action.clone())
                .map(Some),
            Some(None) => {
                writeln!(
                    out,
                    "{}",
                    l.format(shown, "chat-no-choice", &[("count", buttons.len().into())])
                )?;
                continue;
            }
            None => engine.handle(&Incoming {
                user: user.clone(),
                text: text.to_string(),
                locale: locale.clone(),
                channel: ChannelKind::Direct,
                from_bot: false,
                attachments: Vec::new(),
            }),
        };
        let reply = match answered {
            // Another program holding the database passes: the member is
            // told that this line was not taken and may send it again,
            // instead of the chat ending and the request going with it.
            Err(EngineError::Desk(e)) if held_by_another_program(&e) => {
                writeln!(out, "{}", l.text(shown, "chat-busy"))?;
                continue;
            }
            other => other?,
        };
        if let Some(reply) = reply {
            render(out, &l, &reply)?;
            shown = lang.unwrap_or(reply.lang);
            buttons = reply.buttons.into_iter().map(|b| b.action).collect();
        }
    }
}

/// Whether another connection holds the database, named by its file or not.
fn held_by_another_program(e: &desk::DeskError) -> bool {
    e.is_locked()
        || matches!(
            e,
            desk::DeskError::Unusable {
                problem: desk::FileProblem::Locked,
                ..
            }
        )
}

/// A REPL failure.
#[derive(Debug, thiserror::Error)]
pub enum ChatError {
    /// The terminal went away.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The engine failed.
    #[error(transparent)]
    Engine(#[from] EngineError),
}
