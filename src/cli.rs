//! The command line, with help texts taken from `locales`.

use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use locales::{Lang, Localizer};
use std::path::PathBuf;

/// The whole command line.
#[derive(Debug, Parser)]
#[command(name = "helpdesk", version)]
pub struct Cli {
    /// Where the FAQ comes from, when not the built-in corpus.
    #[arg(long, global = true, value_name = "DIR")]
    pub faq_dir: Option<PathBuf>,
    /// What to do; nothing prints the help.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer questions from the FAQ.
    Ask(AskArgs),
    /// Work on the FAQ corpus.
    Faq {
        /// What to do with it.
        #[command(subcommand)]
        command: FaqCommand,
    },
}

/// `helpdesk ask`.
#[derive(Debug, clap::Args)]
pub struct AskArgs {
    /// The question's language, when the caller knows it.
    #[arg(long, value_name = "en|de")]
    pub lang: Option<Lang>,
    /// One JSON object per question.
    #[arg(long)]
    pub json: bool,
    /// One question per line of standard input.
    #[arg(long)]
    pub stdin: bool,
    /// The question, as words.
    #[arg(value_name = "QUESTION")]
    pub question: Vec<String>,
}

/// `helpdesk faq ...`.
#[derive(Debug, Subcommand)]
pub enum FaqCommand {
    /// Check a corpus.
    Check(CheckArgs),
}

/// `helpdesk faq check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The corpus to check; default: `--faq-dir`, else the built-in corpus.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Sets every about and help text from the message `cli-<path>-<arg>`.
fn localize(cmd: clap::Command, prefix: &str, l: &Localizer, lang: Lang) -> clap::Command {
    let about_id = if prefix == "cli" {
        "cli-about".to_string()
    } else {
        format!("{prefix}-about")
    };
    let mut cmd = cmd
        .about(l.text(lang, &about_id))
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(l.text(lang, "cli-help")),
        )
        .mut_args(|arg| {
            let id = format!("{prefix}-{}", arg.get_id().as_str().replace('_', "-"));
            if l.has(lang, &id) {
                arg.help(l.text(lang, &id))
            } else {
                arg
            }
        });
    if prefix == "cli" {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(l.text(lang, "cli-version")),
        );
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_prefix = format!("{prefix}-{name}");
        cmd = cmd.mut_subcommand(&name, |sub| localize(sub, &sub_prefix, l, lang));
    }
    cmd
}

fn command(l: &Localizer, lang: Lang) -> clap::Command {
    localize(Cli::command(), "cli", l, lang)
}

/// Parses the process arguments; usage errors exit here, as clap does.
pub fn parse(l: &Localizer, lang: Lang) -> Cli {
    let matches = command(l, lang).get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// Prints the top-level help.
pub fn print_help(l: &Localizer, lang: Lang) {
    // Printing help only fails when stdout is closed; nothing useful is left to do then.
    let _ = command(l, lang).print_help();
}
