//! The command line, with help texts taken from `locales`.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use locales::{FluentValue, Lang, Localizer};
use std::ffi::OsString;
use std::io::Write;
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
    /// Seed a demo community.
    Demo(DemoArgs),
    /// Load community data from a TOML file.
    Import(ImportArgs),
    /// Send (or check) a group invitation.
    Invite(InviteArgs),
    /// Try the support bot in the terminal.
    Chat(ChatArgs),
    /// Run the support bot on Discord.
    Bot(BotArgs),
    /// Run the service: Discord bot, mail delivery, health and metrics.
    Serve(ServeArgs),
    /// Open the moderator console.
    Console(ConsoleArgs),
    /// Support tickets: reply, close, reopen, list, figures, lifecycle.
    Tickets {
        /// What to do.
        #[command(subcommand)]
        command: TicketsCommand,
    },
    /// Work with uploaded address books.
    Contacts {
        /// What to do.
        #[command(subcommand)]
        command: ContactsCommand,
    },
    /// Link operating-system accounts to moderators.
    Moderators {
        /// What to do.
        #[command(subcommand)]
        command: ModeratorsCommand,
    },
}

impl Command {
    /// The `--db`/`--lang` pair of a command that works on the community
    /// database: its language is the one all of the run's messages are in,
    /// errors included, and its file is the one a database failure names.
    pub fn db_args(&self) -> Option<&DbArgs> {
        Some(match self {
            Command::Demo(args) => &args.db,
            Command::Import(args) => &args.db,
            Command::Invite(args) => &args.db,
            Command::Chat(args) => &args.db,
            Command::Bot(args) => &args.db,
            Command::Console(args) => &args.db,
            Command::Tickets { command } => match command {
                TicketsCommand::Reply(args) => &args.db,
                TicketsCommand::Close(args) | TicketsCommand::Reopen(args) => &args.db,
                TicketsCommand::List(args) => &args.db,
                TicketsCommand::Stats(args) => &args.db,
                TicketsCommand::Sweep(args) => &args.db,
                TicketsCommand::File(args) => &args.db,
            },
            Command::Contacts {
                command: ContactsCommand::Compare(args),
            } => &args.db,
            Command::Moderators { command } => match command {
                ModeratorsCommand::Link(args) => &args.db,
                ModeratorsCommand::Unlink(args) => &args.db,
                ModeratorsCommand::List(args) => &args.db,
            },
            Command::Ask(_) | Command::Faq { .. } | Command::Serve(_) => return None,
        })
    }
}

/// `helpdesk moderators ...`.
#[derive(Debug, Subcommand)]
pub enum ModeratorsCommand {
    /// Link an operating-system account to a moderator.
    Link(LinkArgs),
    /// Remove an account's link.
    Unlink(UnlinkArgs),
    /// List the links.
    List(ListArgs),
}

/// `helpdesk moderators link`.
#[derive(Debug, clap::Args)]
pub struct LinkArgs {
    /// Database and message language.
    #[command(flatten)]
    pub db: DbArgs,
    /// The operating-system account name.
    #[arg(long, value_name = "NAME")]
    pub os_user: String,
    /// The moderator's e-mail address.
    #[arg(value_name = "EMAIL")]
    pub email: String,
}

/// `helpdesk moderators unlink`.
#[derive(Debug, clap::Args)]
pub struct UnlinkArgs {
    /// Database and message language.
    #[command(flatten)]
    pub db: DbArgs,
    /// The operating-system account name.
    #[arg(long, value_name = "NAME")]
    pub os_user: String,
}

/// `helpdesk moderators list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Database and message language.
    #[command(flatten)]
    pub db: DbArgs,
    /// Print the links as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `--db` and `--lang`, shared by the commands that work on the community.
#[derive(Debug, clap::Args)]
pub struct DbArgs {
    /// The community database; default: the platform data directory.
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The language of the messages; default: the environment's.
    #[arg(long, value_name = "en|de", value_parser = language)]
    pub lang: Option<Lang>,
}

/// `helpdesk demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Database and message language.
    #[command(flatten)]
    pub db: DbArgs,
    /// How many members to create.
    #[arg(long, value_name = "N", default_value_t = 2000, value_parser = demo_members)]
    pub members: usize,
}

/// The smallest and largest `--members` of a demo, checked by clap before
/// any file is made. The seed makes at least 10 members whatever it is
/// asked. 1,000,000 is the largest community the benchmarks measure (about
/// 80 s, 106 MiB); the seed reserves memory for every member up front, so a
/// much larger number aborts the process on a failed allocation.
const DEMO_MEMBERS: std::ops::RangeInclusive<u64> = 10..=1_000_000;

/// Why one of our value parsers refused a value: a usage error words it
/// from the locales (`cli-why-*`); `Display` is the English for logs.
#[derive(Debug, thiserror::Error)]
enum ValueRefused {
    /// Not `en` or `de`.
    #[error("expected en or de")]
    NotALanguage,
    /// Not a number from 0 to 1.
    #[error("not a precision from 0 to 1")]
    NotAPrecision,
    /// Not a whole number.
    #[error("not a whole number")]
    NotANumber,
    /// A whole number outside `low..=high`.
    #[error("not from {low} to {high}")]
    OutOfRange {
        /// The least allowed.
        low: u64,
        /// The most allowed.
        high: u64,
    },
}

fn language(text: &str) -> Result<Lang, ValueRefused> {
    Lang::parse(text).ok_or(ValueRefused::NotALanguage)
}

/// A precision for `faq eval --at-precision`: a number from 0 to 1.
fn precision_between_0_and_1(text: &str) -> Result<f32, ValueRefused> {
    match text.parse::<f32>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(ValueRefused::NotAPrecision),
    }
}

/// A whole number in `range`, for a count option.
fn whole_number_in(
    text: &str,
    range: std::ops::RangeInclusive<u64>,
) -> Result<usize, ValueRefused> {
    let out_of_range = || ValueRefused::OutOfRange {
        low: *range.start(),
        high: *range.end(),
    };
    let n: u64 = text
        .trim()
        .parse()
        .map_err(|e: std::num::ParseIntError| match e.kind() {
            std::num::IntErrorKind::PosOverflow => out_of_range(),
            _ => ValueRefused::NotANumber,
        })?;
    if !range.contains(&n) {
        return Err(out_of_range());
    }
    usize::try_from(n).map_err(|_| out_of_range())
}

fn demo_members(text: &str) -> Result<usize, ValueRefused> {
    whole_number_in(text, DEMO_MEMBERS)
}

/// How many tickets `tickets list` shows at most.
const TICKET_LIMIT: std::ops::RangeInclusive<u64> = 1..=1_000_000;

fn ticket_limit(text: &str) -> Result<usize, ValueRefused> {
    whole_number_in(text, TICKET_LIMIT)
}

/// `helpdesk import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Database and message language.
    #[command(flatten)]
    pub db: DbArgs,
    /// The TOML file to load.
    #[arg(value_name = "FILE.toml")]
    pub file: PathBuf,
}

/// Where an invitation is written.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RouteArg {
    /// From the invitee's profile.
    Profile,
    /// From the group's page (direct contacts only).
    Group,
}

/// `helpdesk invite`.
#[derive(Debug, clap::Args)]
pub struct InviteArgs {
    /// Database and message language.
    #[command(flatten)]
    pub db: DbArgs,
    /// The inviter's e-mail address.
    #[arg(long, value_name = "EMAIL")]
    pub from: String,
    /// The invitee's e-mail address.
    #[arg(long, value_name = "EMAIL")]
    pub to: String,
    /// The group's name.
    #[arg(long, value_name = "NAME")]
    pub group: String,
    /// Profile or group page.
    #[arg(
        long,
        value_enum,
        default_value = "profile",
        hide_possible_values = true
    )]
    pub route: RouteArg,
    /// The subject; default: the standard subject in the invitee's language.
    #[arg(long, value_name = "S", default_value = "", hide_default_value = true)]
    pub subject: String,
    /// The personal text.
    #[arg(long, value_name = "TEXT")]
    pub text: String,
    /// When it is sent (RFC 3339); default: now.
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// Only check; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the verdict as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `helpdesk chat`.
#[derive(Debug, clap::Args)]
pub struct ChatArgs {
    /// Database and the language the "client" reports.
    #[command(flatten)]
    pub db: DbArgs,
    /// Chat as this member (their linked Discord account, for the bonus).
    #[arg(long = "as", value_name = "EMAIL")]
    pub as_member: Option<String>,
}

/// `helpdesk console`.
#[derive(Debug, clap::Args)]
pub struct ConsoleArgs {
    /// Database and the console's language.
    #[command(flatten)]
    pub db: DbArgs,
    /// Work as this moderator; without it, a picker lists them (demo databases only).
    #[arg(long = "as", value_name = "EMAIL")]
    pub as_member: Option<String>,
    /// A key file; default: `$XDG_CONFIG_HOME/helpdesk/keys.toml` when it exists.
    #[arg(long, value_name = "FILE")]
    pub keys: Option<PathBuf>,
    /// The time zone to show and read times in; default: `TZ`, else the system's.
    #[arg(long, value_name = "ZONE")]
    pub zone: Option<String>,
}

/// `helpdesk bot`.
#[derive(Debug, clap::Args)]
pub struct BotArgs {
    /// Database and the language of this command's own messages.
    #[command(flatten)]
    pub db: DbArgs,
    /// A TOML file with `token = "..."`, read when DISCORD_TOKEN is not set.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Gateway shards: `auto` or a number.
    #[arg(long, value_name = "auto|N", default_value = "1")]
    pub shards: String,
    /// Send Discord's REST calls to this base URL (a rate-limiting proxy).
    #[arg(long, value_name = "URL")]
    pub api_base: Option<String>,
    /// The team's channel id for ticket announcements (overrides the config file).
    #[arg(long, value_name = "ID")]
    pub staff_channel: Option<u64>,
    /// How log lines look.
    #[arg(long, value_name = "text|json", default_value = "text")]
    pub log_format: crate::serve::logs::LogFormat,
}

/// `helpdesk tickets ...`.
#[derive(Debug, Subcommand)]
pub enum TicketsCommand {
    /// Reply to a ticket; the member gets it on Discord or by e-mail.
    Reply(TicketReplyArgs),
    /// Close an open ticket; the member is told and asked for a rating.
    Close(TicketStateArgs),
    /// Reopen a closed ticket, so that it takes replies again.
    Reopen(TicketStateArgs),
    /// List tickets, open ones first.
    List(TicketListArgs),
    /// The team's figures over 7 and 30 days.
    Stats(TicketStatsArgs),
    /// Warn and close silent tickets as of a given instant.
    Sweep(TicketSweepArgs),
    /// Save a file a member sent to a ticket (its number is in the console).
    File(TicketFileArgs),
}

/// `helpdesk tickets file`.
#[derive(Debug, clap::Args)]
pub struct TicketFileArgs {
    /// Database and message language.
    #[command(flatten)]
    pub db: DbArgs,
    /// The file's number, as the console shows it.
    #[arg(value_name = "N")]
    pub file: i64,
    /// Where to save it; an existing file is not overwritten.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
}

/// `helpdesk tickets reply`.
#[derive(Debug, clap::Args)]
pub struct TicketReplyArgs {
    /// Database and message language.
    #[command(flatten)]
    pub db: DbArgs,
    /// The ticket number.
    #[arg(value_name = "N")]
    pub ticket: i64,
    /// The reply.
    #[arg(long, value_name = "TEXT")]
    pub text: String,
    /// Sign as this moderator; default: the support team.
    #[arg(long = "as", value_name = "EMAIL")]
    pub as_member: Option<String>,
}

/// `helpdesk tickets close` and `reopen`: a ticket and the moderator who acts.
#[derive(Debug, clap::Args)]
pub struct TicketStateArgs {
    /// Database and message language.
    #[command(flatten)]
    pub db: DbArgs,
    /// The ticket number.
    #[arg(value_name = "N")]
    pub ticket: i64,
    /// The moderator who acts (the audit log names them).
    #[arg(long = "as", value_name = "EMAIL")]
    pub as_member: String,
}

/// `helpdesk tickets list`.
#[derive(Debug, clap::Args)]
pub struct TicketListArgs {
    /// Database and message language.
    #[command(flatten)]
    pub db: DbArgs,
    /// One JSON object per line.
    #[arg(long)]
    pub json: bool,
    /// At most this many. Zero is refused, since a list that can only say
    /// "No tickets." hides the tickets there are; the top of the range only
    /// keeps clap's message readable (no one reads a million lines).
    #[arg(long, value_name = "N", default_value_t = 50,
          value_parser = ticket_limit)]
    pub limit: usize,
}

/// `helpdesk tickets stats`.
#[derive(Debug, clap::Args)]
pub struct TicketStatsArgs {
    /// Database and message language.
    #[command(flatten)]
    pub db: DbArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// The end of the periods (RFC 3339); default: now.
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
}

/// `helpdesk tickets sweep`.
#[derive(Debug, clap::Args)]
pub struct TicketSweepArgs {
    /// Database and message language.
    #[command(flatten)]
    pub db: DbArgs,
    /// Sweep as of this instant (RFC 3339); default: now.
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// The bot's config file, for the `[tickets]` times.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// `helpdesk serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The config file (`helpdesk.toml`).
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// How log lines look.
    #[arg(long, value_name = "text|json", default_value = "text")]
    pub log_format: crate::serve::logs::LogFormat,
}

/// `helpdesk contacts ...`.
#[derive(Debug, Subcommand)]
pub enum ContactsCommand {
    /// Compare an address book with the network.
    Compare(CompareArgs),
}

/// `helpdesk contacts compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Database and message language.
    #[command(flatten)]
    pub db: DbArgs,
    /// Whose contacts to compare with.
    #[arg(long = "as", value_name = "EMAIL")]
    pub as_member: String,
    /// A Google CSV, Outlook CSV or vCard file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `helpdesk ask`.
#[derive(Debug, clap::Args)]
pub struct AskArgs {
    /// The question's language, when the caller knows it.
    #[arg(long, value_name = "en|de", value_parser = language)]
    pub lang: Option<Lang>,
    /// One JSON object per question.
    #[arg(long)]
    pub json: bool,
    /// One question per line of standard input.
    #[arg(long, conflicts_with = "question")]
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
    /// Measure answering on labelled questions.
    Eval(EvalArgs),
    /// Fit the answering model on labelled tuning questions.
    Fit(FitArgs),
    /// Link labelled questions to their articles in `--faq-dir`.
    Link(FaqLinkArgs),
}

/// `helpdesk faq link`.
#[derive(Debug, clap::Args)]
pub struct FaqLinkArgs {
    /// The labelled questions; each in-scope one is linked to its first id.
    #[arg(value_name = "QUESTIONS.tsv")]
    pub questions: PathBuf,
}

/// `helpdesk faq fit`.
#[derive(Debug, clap::Args)]
pub struct FitArgs {
    /// The tuning questions; given more than once (one file a group of
    /// writers), each file is seen unlinked and judged by models fitted
    /// without it, and the threshold is set on that.
    #[arg(long, value_name = "QUESTIONS.tsv", required = true)]
    pub tuning: Vec<PathBuf>,
    /// Where to write the model; default: print it.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

/// `helpdesk faq eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// The labelled questions.
    #[arg(value_name = "QUESTIONS.tsv")]
    pub questions: PathBuf,
    /// Print the figures as JSON.
    #[arg(long)]
    pub json: bool,
    /// Compare each system's top-1 at this precision (0 to 1) instead of
    /// the engine's own.
    #[arg(long, value_name = "PRECISION", value_parser = precision_between_0_and_1)]
    pub at_precision: Option<f32>,
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
    let options = l.text(lang, "cli-heading-options");
    let arguments = l.text(lang, "cli-heading-arguments");
    let mut cmd = cmd
        .about(l.text(lang, &about_id))
        // clap's headings are English; the template and every argument's
        // heading put ours in their place.
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
            l.text(lang, "cli-heading-usage")
        ))
        .subcommand_help_heading(l.text(lang, "cli-heading-commands"))
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
            // Named as the user types it: `--as` is the field `as_member`,
            // and its messages are `cli-<path>-as`.
            let name = arg
                .get_long()
                .map_or_else(|| arg.get_id().as_str().replace('_', "-"), str::to_string);
            let id = format!("{prefix}-{name}");
            // The shared `--db`/`--lang` pair has one text for every command.
            let shared = format!("cli-{}", arg.get_id().as_str());
            let id = if l.has(lang, &id) || !matches!(arg.get_id().as_str(), "db" | "lang") {
                id
            } else {
                shared
            };
            let heading = if arg.is_positional() {
                &arguments
            } else {
                &options
            };
            let arg = arg.help_heading(heading.clone());
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
                .help_heading(options)
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

/// Parses the process arguments. A usage error exits here as clap's do
/// (code 2, on standard error), worded in the user's language
/// ([`usage_error`]); help and version are printed by clap.
pub fn parse(l: &Localizer, lang: Lang) -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    let parsed = command(l, lang)
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    match parsed {
        Ok(cli) => cli,
        Err(e) => match usage_error(l, lang_asked(&args).unwrap_or(lang), &e) {
            Some(words) => {
                // As clap does: a closed standard error still exits with 2.
                let _ = std::io::stderr().write_all(words.as_bytes());
                std::process::exit(e.exit_code())
            }
            None => e.exit(),
        },
    }
}

/// The language a command's `--lang` asks for, read from the words as
/// typed: a usage error comes before any matches, and main says the
/// errors of a command in its `--lang`, so clap's are said in it too.
fn lang_asked(args: &[OsString]) -> Option<Lang> {
    let mut words = args.iter().skip(1).map(|word| word.to_str());
    while let Some(word) = words.next() {
        match word {
            // What follows is the command's values, not options.
            Some("--") => return None,
            Some("--lang") => return words.next().flatten().and_then(Lang::parse),
            Some(word) => {
                if let Some(code) = word.strip_prefix("--lang=") {
                    return Lang::parse(code);
                }
            }
            None => {}
        }
    }
    None
}

/// Why a value was refused, in `lang`: our parsers' reasons and the
/// standard library's for a number; another parser's own words otherwise.
fn value_refused(l: &Localizer, lang: Lang, why: &(dyn std::error::Error + 'static)) -> String {
    use std::num::IntErrorKind;
    if let Some(refused) = why.downcast_ref::<ValueRefused>() {
        return match refused {
            ValueRefused::NotALanguage => l.text(lang, "cli-why-lang"),
            ValueRefused::NotAPrecision => l.text(lang, "cli-why-precision"),
            ValueRefused::NotANumber => l.text(lang, "cli-why-number"),
            ValueRefused::OutOfRange { low, high } => l.format(
                lang,
                "cli-why-range",
                &[("low", (*low).into()), ("high", (*high).into())],
            ),
        };
    }
    if let Some(number) = why.downcast_ref::<std::num::ParseIntError>() {
        return match number.kind() {
            IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => {
                l.text(lang, "cli-why-out-of-range")
            }
            _ => l.text(lang, "cli-why-number"),
        };
    }
    why.to_string()
}

/// Clap's usage error `e` in `lang`'s words, laid out as clap lays it out:
/// what is wrong, tips, the usage line, where to read more. `None` for
/// what clap prints itself: help, version, and the kinds this command
/// line seldom meets (`--x=` needed, a wrong number of values), which
/// keep clap's English.
fn usage_error(l: &Localizer, lang: Lang, e: &clap::Error) -> Option<String> {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(text)) => Some(text.clone()),
        _ => None,
    };
    let texts = |kind| match e.get(kind) {
        Some(ContextValue::String(text)) => vec![text.clone()],
        Some(ContextValue::Strings(texts)) => texts.clone(),
        _ => Vec::new(),
    };
    let say = |id: &str, args: &[(&str, &str)]| {
        let args: Vec<_> = args
            .iter()
            .map(|(name, value)| (*name, FluentValue::from(*value)))
            .collect();
        l.format(lang, id, &args)
    };
    let quoted = |texts: &[String]| {
        texts
            .iter()
            .map(|text| say("cli-quoted", &[("text", text)]))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = format!("{}: ", l.text(lang, "error-prefix"));
    match e.kind() {
        ErrorKind::UnknownArgument => {
            let arg = text(ContextKind::InvalidArg)?;
            out += &say("cli-error-unknown-argument", &[("arg", &arg)]);
        }
        ErrorKind::InvalidSubcommand => {
            let command = text(ContextKind::InvalidSubcommand)?;
            out += &say("cli-error-unknown-subcommand", &[("command", &command)]);
        }
        ErrorKind::MissingSubcommand => {
            let command = text(ContextKind::InvalidSubcommand)?;
            out += &say("cli-error-missing-subcommand", &[("command", &command)]);
            let valid = texts(ContextKind::ValidSubcommand);
            if !valid.is_empty() {
                out += "\n  ";
                out += &say("cli-error-subcommands", &[("list", &valid.join(", "))]);
            }
        }
        kind @ (ErrorKind::InvalidValue | ErrorKind::ValueValidation) => {
            let arg = text(ContextKind::InvalidArg)?;
            let value = text(ContextKind::InvalidValue)?;
            if kind == ErrorKind::InvalidValue && value.is_empty() {
                out += &say("cli-error-missing-value", &[("arg", &arg)]);
            } else {
                out += &say(
                    "cli-error-invalid-value",
                    &[("arg", &arg), ("value", &value)],
                );
            }
            if let Some(why) = std::error::Error::source(e) {
                out += ": ";
                out += &value_refused(l, lang, why);
            }
            let valid = texts(ContextKind::ValidValue);
            if !valid.is_empty() {
                out += "\n  ";
                out += &say("cli-error-possible-values", &[("list", &valid.join(", "))]);
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = texts(ContextKind::InvalidArg);
            if missing.is_empty() {
                return None;
            }
            out += &l.text(lang, "cli-error-missing-arguments");
            for arg in missing {
                out += &format!("\n  {arg}");
            }
        }
        ErrorKind::ArgumentConflict => {
            let arg = text(ContextKind::InvalidArg)?;
            let others = texts(ContextKind::PriorArg);
            out += &if others == [arg.clone()] {
                say("cli-error-used-twice", &[("arg", &arg)])
            } else if others.is_empty() {
                say("cli-error-conflict-unnamed", &[("arg", &arg)])
            } else {
                say(
                    "cli-error-conflict",
                    &[("arg", &arg), ("others", &quoted(&others))],
                )
            };
        }
        _ => return None,
    }
    let mut tips = Vec::new();
    if let Some(similar) = text(ContextKind::SuggestedArg) {
        tips.push(say("cli-error-similar-argument", &[("similar", &similar)]));
    }
    let similar = texts(ContextKind::SuggestedSubcommand);
    if !similar.is_empty() {
        let count = FluentValue::from(similar.len());
        let similar = FluentValue::from(quoted(&similar));
        let args = [("count", count), ("similar", similar)];
        tips.push(l.format(lang, "cli-error-similar-subcommand", &args));
    }
    if let Some(similar) = text(ContextKind::SuggestedValue) {
        tips.push(say("cli-error-similar-value", &[("similar", &similar)]));
    }
    if let Some(ContextValue::StyledStrs(suggested)) = e.get(ContextKind::Suggested) {
        for clap_words in suggested {
            let clap_words = clap_words.to_string();
            // Clap hands these over worded, so the two this command line
            // gets are known by their shape; another keeps clap's words.
            let parts: Vec<&str> = clap_words.split('\'').collect();
            tips.push(match parts.as_slice() {
                ["to pass ", arg, " as a value, use ", command, ""] => say(
                    "cli-error-as-value",
                    &[("arg", *arg), ("command", *command)],
                ),
                ["", command, " exists"] => say("cli-error-exists", &[("command", *command)]),
                _ => clap_words.clone(),
            });
        }
    }
    if !tips.is_empty() {
        out.push('\n');
    }
    for tip in tips {
        out += &format!("\n  {}: {tip}", l.text(lang, "cli-error-tip"));
    }
    if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let line = usage.strip_prefix("Usage:").unwrap_or(&usage);
        out += &format!("\n\n{}:{line}", l.text(lang, "cli-heading-usage"));
    }
    out += &format!("\n\n{}\n", l.text(lang, "cli-error-more"));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_asked_is_read_from_the_words_as_typed() {
        let asked = |words: &[&str]| {
            let words: Vec<OsString> = std::iter::once("helpdesk")
                .chain(words.iter().copied())
                .map(OsString::from)
                .collect();
            lang_asked(&words)
        };
        assert_eq!(asked(&["tickets", "list", "--lang", "de"]), Some(Lang::De));
        assert_eq!(asked(&["tickets", "list", "--lang=DE"]), Some(Lang::De));
        assert_eq!(asked(&["ask", "--lang", "en", "wie"]), Some(Lang::En));
        assert_eq!(asked(&["tickets", "list", "--lang"]), None);
        assert_eq!(asked(&["tickets", "list", "--lang", "fr"]), None);
        assert_eq!(asked(&["ask", "--", "--lang", "de"]), None);
        assert_eq!(asked(&["ask", "what does --lang de do"]), None);
    }

    fn help(lang: Lang, path: &[&str]) -> String {
        let l = Localizer::embedded().expect("locales");
        let mut cmd = command(&l, lang);
        for name in path {
            cmd = cmd.find_subcommand(name).cloned().expect("a subcommand");
        }
        cmd.render_help().to_string()
    }

    #[test]
    fn the_as_option_is_explained_in_the_users_language() {
        let reopen = help(Lang::De, &["tickets", "reopen"]);
        assert!(
            reopen.contains("Der Moderator, der es wieder öffnet"),
            "{reopen}"
        );
        let chat = help(Lang::De, &["chat"]);
        assert!(chat.contains("Als dieses Mitglied chatten"), "{chat}");
    }

    #[test]
    fn the_help_pages_headings_are_in_the_users_language() {
        let reply = help(Lang::De, &["tickets", "reply"]);
        for heading in ["Aufruf: ", "Optionen:", "Argumente:"] {
            assert!(reply.contains(heading), "{heading}: {reply}");
        }
        let top = help(Lang::De, &[]);
        assert!(top.contains("Befehle:"), "{top}");
        for english in ["Usage:", "Options:", "Arguments:", "Commands:"] {
            assert!(
                !reply.contains(english) && !top.contains(english),
                "{english}"
            );
        }
        let reply = help(Lang::En, &["tickets", "reply"]);
        for heading in ["Usage: ", "Options:", "Arguments:"] {
            assert!(reply.contains(heading), "{heading}: {reply}");
        }
    }
}
