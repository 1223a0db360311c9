//! `helpdesk ask`: answers from the FAQ, for people (wrapped text) and for
//! scripts (`--json`, `--stdin`: one result line per input line).

use crate::Outcome;
use crate::cli::AskArgs;
use anyhow::Context as _;
use knowledge::{Answer, KnowledgeBase, markdown};
use locales::{Lang, Localizer};
use serde::Serialize;
use std::io::{BufRead, Write};
use std::path::Path;

const WRAP_COLUMNS: usize = 78;

/// The longest line `--stdin` takes as a question: far beyond any question
/// (the engine reads at most 200 words), and the most it holds in memory
/// for one line, however long the line really is.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// Reads one line (with its `\n`) into `line`, keeping at most `max` bytes
/// and skipping the rest of it. Returns the bytes read (0 at the end of the
/// input) and whether the line was longer than `max`.
fn read_bounded_line(
    input: &mut impl BufRead,
    line: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<(usize, bool)> {
    let mut read = 0;
    let mut cut = false;
    loop {
        let buffer = match input.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            return Ok((read, cut));
        }
        let (chunk, ends) = match buffer.iter().position(|b| *b == b'\n') {
            Some(newline) => (&buffer[..=newline], true),
            None => (buffer, false),
        };
        let room = max.saturating_sub(line.len());
        if chunk.len() > room {
            cut = true;
            line.extend_from_slice(&chunk[..room]);
        } else {
            line.extend_from_slice(chunk);
        }
        let used = chunk.len();
        input.consume(used);
        read += used;
        if ends {
            return Ok((read, cut));
        }
    }
}

/// Loads the FAQ (embedded, or `--faq-dir`).
pub fn knowledge_base(faq_dir: Option<&Path>) -> anyhow::Result<KnowledgeBase> {
    Ok(match faq_dir {
        Some(dir) => KnowledgeBase::load_dir(dir)?,
        None => KnowledgeBase::embedded()?,
    })
}

/// Runs `helpdesk ask`.
pub fn run(l: &Localizer, faq_dir: Option<&Path>, args: AskArgs) -> anyhow::Result<Outcome> {
    // What is said about the input (no question, a bad line) is in the
    // language asked for; without `--lang`, in the environment's.
    let lang = args.lang.unwrap_or_else(Lang::from_env);
    if !args.stdin && args.question.is_empty() {
        anyhow::bail!(l.text(lang, "ask-no-questions"));
    }
    // `ask ""` asks nothing, as `ask` alone does: a script that passed an
    // empty variable learns it from the exit code.
    if !args.stdin && args.question.iter().all(|word| word.trim().is_empty()) {
        anyhow::bail!(l.text(lang, "ask-empty-question"));
    }
    let kb = knowledge_base(faq_dir)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if !args.stdin {
        let question = args.question.join(" ");
        let answer = kb.answer(&question, args.lang)?;
        write_answer(&mut out, l, &args, &question, &answer, None)?;
        return Ok(Outcome::Done);
    }
    let mut outcome = Outcome::Done;
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        line.clear();
        let (read, cut) =
            read_bounded_line(&mut input, &mut line, MAX_LINE_BYTES + 2).map_err(|e| {
                anyhow::anyhow!(l.format(
                    lang,
                    "error-stdin-read",
                    &[("reason", locales::Said::io(&e).in_lang(l, lang).into())]
                ))
            })?;
        if read == 0 {
            break;
        }
        number += 1;
        let bytes = line.strip_suffix(b"\n").unwrap_or(&line);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        // A bad line still gets its result line, so output and input stay aligned.
        let (question, error) = match std::str::from_utf8(bytes) {
            _ if cut || bytes.len() > MAX_LINE_BYTES => {
                let message = l.format(
                    lang,
                    "error-stdin-too-long",
                    &[
                        ("line", number.into()),
                        ("max", l.number(lang, MAX_LINE_BYTES as u64).into()),
                    ],
                );
                eprintln!("{}: {message}", l.text(lang, "error-prefix"));
                outcome = Outcome::Problems;
                ("", Some(message))
            }
            Ok(question) => (question, None),
            Err(_) => {
                let message = l.format(lang, "error-stdin-not-utf8", &[("line", number.into())]);
                eprintln!("{}: {message}", l.text(lang, "error-prefix"));
                outcome = Outcome::Problems;
                ("", Some(message))
            }
        };
        let answer = kb.answer(question, args.lang)?;
        write_answer(&mut out, l, &args, question, &answer, error.as_deref())?;
        // Scripts read the answers as they come.
        out.flush().context("write to standard output")?;
    }
    Ok(outcome)
}

/// One line of `ask --json`, in the documented key order.
#[derive(Serialize)]
struct AskJson<'a> {
    answered: bool,
    id: Option<&'a str>,
    lang: Lang,
    title: Option<&'a str>,
    confidence: f64,
    answer: Option<&'a str>,
    alternatives: Vec<AlternativeJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

#[derive(Serialize)]
struct AlternativeJson<'a> {
    id: &'a str,
    title: &'a str,
    confidence: f64,
}

fn rounded(confidence: f32) -> f64 {
    (f64::from(confidence) * 1000.0).round() / 1000.0
}

fn write_answer(
    out: &mut impl Write,
    l: &Localizer,
    args: &AskArgs,
    question: &str,
    answer: &Answer,
    error: Option<&str>,
) -> anyhow::Result<()> {
    if args.json {
        let article = answer.article.as_ref();
        let line = AskJson {
            answered: answer.answered(),
            id: article.map(|a| a.id.as_str()),
            lang: answer.lang,
            title: article.map(|a| a.title.as_str()),
            confidence: rounded(answer.confidence),
            answer: article.map(|a| a.body.as_str()),
            alternatives: answer
                .alternatives
                .iter()
                .map(|s| AlternativeJson {
                    id: &s.id,
                    title: &s.title,
                    confidence: rounded(s.confidence),
                })
                .collect(),
            error,
        };
        let text = serde_json::to_string(&line).context("encode JSON")?;
        writeln!(out, "{text}").context("write to standard output")?;
        return Ok(());
    }
    let lang = answer.question_lang;
    if args.stdin {
        writeln!(out, "> {question}")?;
    }
    match &answer.article {
        _ if question.trim().is_empty() && error.is_none() => {
            // An empty line has no language of its own.
            let lang = args.lang.unwrap_or_else(Lang::from_env);
            writeln!(out, "{}", l.text(lang, "ask-empty-question"))?;
        }
        Some(article) => {
            writeln!(out, "{}", article.title)?;
            writeln!(
                out,
                "{}",
                "=".repeat(article.title.chars().count().min(WRAP_COLUMNS))
            )?;
            writeln!(
                out,
                "{}",
                markdown::wrap(&markdown::to_plain(&article.body), WRAP_COLUMNS)
            )?;
            writeln!(out)?;
            if answer.in_other_language() {
                writeln!(
                    out,
                    "{}",
                    l.format(
                        lang,
                        "ask-other-language",
                        &[("language", answer.lang.code().into())]
                    )
                )?;
            }
            let percent = (answer.confidence * 100.0).round() as i64;
            writeln!(
                out,
                "{}",
                l.format(lang, "ask-confidence", &[("percent", percent.into())])
            )?;
            if !answer.alternatives.is_empty() {
                writeln!(out, "{}", l.text(lang, "ask-see-also"))?;
            }
            for s in &answer.alternatives {
                writeln!(out, "  • {} ({})", s.title, s.id)?;
            }
            if !article.related.is_empty() {
                writeln!(
                    out,
                    "{} {}",
                    l.text(lang, "ask-related"),
                    article.related.join(", ")
                )?;
            }
        }
        None => {
            writeln!(out, "{}", l.text(lang, "ask-not-answered"))?;
            if !answer.alternatives.is_empty() {
                writeln!(out, "{}", l.text(lang, "ask-closest"))?;
            }
            for s in &answer.alternatives {
                writeln!(out, "  • {} ({})", s.title, s.id)?;
            }
        }
    }
    if args.stdin {
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bounded_line_keeps_at_most_its_limit_and_skips_the_rest() {
        let mut input = Vec::new();
        input.extend(std::iter::repeat_n(b'x', 1_000_000));
        input.extend_from_slice(b"\nnext\n");
        // A small buffer, so the long line arrives in many pieces.
        let mut reader = std::io::BufReader::with_capacity(64, input.as_slice());
        let mut line = Vec::new();
        assert_eq!(
            read_bounded_line(&mut reader, &mut line, 100).expect("read"),
            (1_000_001, true)
        );
        assert_eq!(line.len(), 100);
        line.clear();
        assert_eq!(
            read_bounded_line(&mut reader, &mut line, 100).expect("read"),
            (5, false)
        );
        assert_eq!(line, b"next\n");
        line.clear();
        assert_eq!(
            read_bounded_line(&mut reader, &mut line, 100).expect("read"),
            (0, false)
        );
    }
}
