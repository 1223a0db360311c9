## The command line: help texts

cli-about = A bilingual help desk for the community: FAQ answers, moderation and support.
cli-lang = Language of the messages (en or de); defaults to the environment's language
cli-faq-dir = Load the FAQ from this folder instead of the built-in one
cli-ask-about = Answer questions from the FAQ, in the language of the question
cli-ask-lang = Language of the question (en or de); detected when left out
cli-ask-json = Print one JSON object per question
cli-ask-stdin = Read one question per line from standard input
cli-ask-question = The question
cli-faq-about = Work on the FAQ corpus
cli-faq-check-about = Check the FAQ corpus and report every problem as file:line
cli-faq-check-dir = The corpus folder to check (default: the built-in corpus)
cli-help = Print help
cli-version = Print version
cli-heading-usage = Usage
cli-heading-options = Options
cli-heading-arguments = Arguments
cli-heading-commands = Commands

## The command line: usage errors (clap finds them; these words say them)

cli-error-unknown-argument = unexpected argument "{ $arg }" found
cli-error-unknown-subcommand = unrecognized subcommand "{ $command }"
cli-error-missing-subcommand = "{ $command }" requires a subcommand, but none was given
cli-error-subcommands = subcommands: { $list }
cli-error-missing-value = a value is required for "{ $arg }", but none was given
cli-error-invalid-value = invalid value "{ $value }" for "{ $arg }"
cli-error-possible-values = possible values: { $list }
cli-why-lang = expected en or de
cli-why-precision = expected a precision from 0 to 1, such as 0.97
cli-why-number = expected a whole number
cli-why-out-of-range = the number is out of range
cli-why-range = expected a whole number from { $low } to { $high }
cli-error-missing-arguments = the following required arguments were not given:
cli-error-used-twice = the argument "{ $arg }" cannot be given more than once
cli-error-conflict = the argument "{ $arg }" cannot be used with { $others }
cli-error-conflict-unnamed = the argument "{ $arg }" cannot be used with one or more of the other arguments given
cli-error-tip = tip
cli-error-similar-argument = a similar argument exists: "{ $similar }"
cli-error-similar-subcommand = { $count ->
        [one] a similar subcommand exists
       *[other] some similar subcommands exist
    }: { $similar }
cli-error-similar-value = a similar value exists: "{ $similar }"
cli-error-as-value = to pass "{ $arg }" as a value, use "{ $command }"
cli-error-exists = "{ $command }" exists
cli-error-more = For more information, try "--help".
cli-quoted = "{ $text }"

## helpdesk ask

ask-confidence = Confidence: { $percent } %
ask-see-also = See also:
ask-related = Related articles:
ask-not-answered = Sorry, the FAQ has no answer to that question.
ask-closest = These articles come closest:
ask-other-language = This article only exists in { $language ->
        [de] German
       *[en] English
    }.
ask-empty-question = Please type a question, for example: How do I reset my password?
ask-no-questions = No question given. Type one after "ask", or use --stdin.

## helpdesk faq check

faq-check-clean = { $articles } articles checked: no problems found.
faq-check-thin = { $path }: only { $phrasings } ways of asking (questions and linked ones): the engine seldom answers an article with so few by itself. Link members' questions to it (console: l, or helpdesk faq link).
faq-check-problems = { $problems ->
        [one] One problem found.
       *[other] { $problems } problems found.
    }

## Errors

error-prefix = error
error-stdin-not-utf8 = line { $line } of standard input is not valid UTF-8
error-stdin-read = could not read standard input: { $reason }
error-stdin-too-long = line { $line } of standard input is longer than { $max } bytes and was not answered; one question per line

## The community commands: help texts

cli-db = The community database (default: helpdesk.db in the platform data directory)
cli-demo-about = Seed a demo community (members, groups, invitations, tickets) into a new database
cli-demo-members = How many members to create; the demo adds 34 who joined through referral links
cli-import-about = Load members, groups, memberships and contacts from a TOML file (all or nothing)
cli-import-file = The TOML file to load
cli-invite-about = Send a group invitation, or check it with --dry-run; every broken rule is named
cli-invite-from = The inviter's e-mail address
cli-invite-to = The invitee's e-mail address
cli-invite-group = The group's name
cli-invite-route = Where the invitation is written: profile (anyone) or group (direct contacts only)
cli-invite-subject = The subject (default: the standard subject in the invitee's language)
cli-invite-text = The personal text (at most 500 characters)
cli-invite-at = When it is sent, as RFC 3339 (default: now); more than 5 minutes ago records history and sends no e-mail
cli-invite-dry-run = Only check the invitation; write nothing
cli-invite-json = Print the verdict as one JSON object
cli-contacts-about = Work with uploaded address books
cli-contacts-compare-about = Compare an address book (Google CSV, Outlook CSV, vCard) with the network; nothing of it is stored
cli-contacts-compare-as = The member whose contacts to compare with (e-mail address)
cli-contacts-compare-file = The address book file
cli-contacts-compare-json = Print the result as one JSON object

## helpdesk demo

demo-stage-members = Members
demo-stage-groups = Groups and roles
demo-stage-contacts = Contacts
demo-stage-invitations = Group invitations
demo-stage-support = Referrals, events and tickets
demo-progress = { $stage }: { $done } of { $total }
demo-done = Demo community ready in { $path }: { $members } members ({ $referred } of them joined through a referral link), { $groups } groups, { $contacts } contacts, { $invitations } group invitations ({ $flagged } waiting for review).
demo-not-empty = { $path } already holds { $members } members. Choose another --db, or delete the file to start afresh.

## helpdesk import

import-done = Imported { $members ->
        [one] 1 member
       *[other] { $members } members
    }, { $groups ->
        [one] 1 group
       *[other] { $groups } groups
    }, { $memberships ->
        [one] 1 membership
       *[other] { $memberships } memberships
    } and { $contacts ->
        [one] 1 contact
       *[other] { $contacts } contacts
    }.
import-not-placed = { $path }: the import was complete but could not be put in place ({ $reason }); nothing was imported. If another program made a database there meanwhile, run the import again.

## helpdesk invite

invite-sent = Sent: invitation #{ $id } is queued for e-mail (helpdesk serve sends it) and posted in the group news.
invite-held = Held for review: invitation #{ $id } waits for a moderator, because:
invite-recorded = Recorded as history, not sent: invitation #{ $id } is dated { $at }, in the past, so no e-mail was queued. It counts for the six-month rule and is listed in the group news at that date.
invite-would-send = Check passed: this invitation would be sent.
invite-would-hold = Check passed, but this invitation would be held for review, because:
invite-would-record = Check passed: this invitation is dated { $at }, in the past, so it would be recorded as history and no e-mail would be sent.
invite-refused = Not sent:
invite-bad-time = "{ $value }" is not a time in RFC 3339 form, such as 2026-11-22T10:00:00Z.
invite-future-time = "{ $value }" lies in the future: `--at` records when an invitation was sent, so it can only be now or earlier.
invite-advice-prefix = Advice (does not stop sending):

## helpdesk contacts compare

compare-members-not-contacts = Members you are not connected with yet ({ $count }):
compare-contacts = Already your contacts ({ $count }):
compare-to-invite = Not members yet, invite them ({ $count }):
# The other addresses of one person to invite, after the first.
compare-also = (also { $emails })
compare-skipped = { $count } entries were skipped because they are not e-mail addresses.
compare-nothing-kept = Nothing from the address book was stored.
cli-bot-about = Run the support bot on Discord (token from DISCORD_TOKEN or --config)
cli-bot-config = A TOML file with token = "...", read when DISCORD_TOKEN is not set
cli-bot-shards = Gateway shards: auto, or a number (Discord requires sharding from 2,500 servers)
cli-bot-api-base = Send Discord's REST calls to this base URL, for a rate-limiting proxy
bot-error-no-token = No Discord token: set DISCORD_TOKEN, or give --config with a file containing token = "...".
bot-error-token-rejected = Discord rejected the token. Copy the bot token (not the client secret) from the Developer Portal's Bot page.
bot-error-shards = --shards must be auto or a number from 1 up, not "{ $given }".
bot-error-token-malformed = The Discord token is empty or contains spaces: copy the bot token from the Developer Portal's Bot page again.
bot-error-config-unreadable = cannot read the bot config { $path }: { $reason }
bot-config-ticket-days = [tickets] close_after_days must be at least 1 and more than warn_before_days
bot-config-staff-lang = [discord] staff_lang must be `"en"` or `"de"`, not "{ $value }"
cli-console-about = Open the moderator console (without a command: the console on a demo database)
cli-console-as = Work as this moderator (e-mail), on a demo database only; without it, choose from a list
cli-console-keys = A key file (TOML); default: $XDG_CONFIG_HOME/helpdesk/keys.toml when it exists
cli-console-zone = The time zone for showing and typing times (e.g. Europe/Berlin); default: TZ, else the system's
console-as-demo-only = --as works on demo databases only. On this database the console knows you from your operating-system account.
console-no-os-user = The operating system has no account name for the user running the console, so the console cannot tell which moderator you are.
console-unknown-os-user = The operating-system account "{ $os_user }" is not linked to a moderator. A moderator links it with: helpdesk moderators link{ $db } --os-user { $os_user } EMAIL
console-demo-creating = Creating the demo database { $path } (first start only)…
console-demo-incomplete = { $path } holds { $members } members but no complete demo (an earlier start was interrupted). Delete the file, and the next start makes the demo again.
console-not-a-terminal = The console needs a terminal; use the other commands in scripts.
cli-chat-about = Try the support bot in the terminal: one question per line, buttons as numbers
cli-chat-as = Chat as this member: their bonus figures, and a handover opens a ticket for them (without it, no ticket)
faq-eval-summary = { $questions ->
    [one] 1 question
   *[other] { $questions } questions
}
faq-eval-system = system
faq-eval-precision = precision
faq-eval-rejection = rejection
faq-eval-language = language
faq-eval-answered = answered
faq-eval-at-precision = top-1 at precision ≥ { $precision }
faq-eval-per-article = Per article (right/questions, +wrongly given):
faq-eval-confusions = Confused (count, expected -> given):
faq-eval-calibration = Calibration (confidence bin, questions, mean confidence, accuracy):
faq-eval-thresholds = Thresholds (threshold, precision, coverage, rejection):
cli-faq-eval-about = Measure the engine, an FTS5 baseline and a character n-gram baseline on labelled questions
cli-faq-eval-questions = The questions file: accepted-ids<TAB>lang<TAB>question per line (- = not in the FAQ)
cli-faq-eval-json = Print the figures as JSON
cli-faq-fit-about = Fit the answering model on labelled tuning questions and write it
cli-faq-fit-tuning = The tuning questions (accepted-ids<TAB>lang<TAB>question)
cli-faq-fit-out = Where to write the model (default: print it)
faq-fit-too-few = { $path }: fitting needs at least { $folds } questions in scope and { $folds } out of scope (one of each in every fold of the cross-validation); found { $in_scope } and { $out_of_scope }
faq-fit-written = Model written to { $path }: threshold { $threshold }, cross-validated precision { $precision }, top-1 { $top1 }.
faq-fit-out-is-folder = { $path }: is a folder; --out takes the file to write the model into, like { $path }/ranker.toml
faq-fit-out-no-folder = { $path }: the folder { $folder } does not exist; create it, or write the model elsewhere
faq-fit-out-read-only = { $path }: the file is read-only; make it writable, or write the model elsewhere
faq-fit-out-is-tuning = { $path }: is a --tuning file; writing the model there would replace its questions
faq-fit-tuning-twice = { $path }: given twice as --tuning; give each file once (each is one group of writers)
cli-faq-link-about = Link labelled questions to their articles in --faq-dir, as a moderator links a member's question (each in-scope question to its first id, in its language)
cli-faq-link-questions = The questions file: accepted-ids<TAB>lang<TAB>question per line (- = not in the FAQ, skipped)
faq-link-needs-dir = faq link writes into a FAQ folder: give it with --faq-dir DIR
faq-link-done = { $linked ->
    [one] Linked 1 new phrasing
   *[other] Linked { $linked } new phrasings
} in { $files ->
    [one] 1 article file
   *[other] { $files } article files
} of { $dir } ({ $known } already there or asked twice, { $skipped } out of scope skipped).
cli-bot-log-format = How log lines look: text, or json for one JSON object per line
cli-serve-about = Run the service: the Discord bot, mail delivery, and /healthz and /metrics over HTTP, until SIGTERM or Ctrl-C
cli-serve-config = The config file (see contrib/helpdesk.toml)
cli-serve-log-format = How log lines look: text, or json for one JSON object per line
serve-error-config-unreadable = cannot read the config { $path }: { $reason }
config-token-malformed = { $from ->
    [env] DISCORD_TOKEN
   *[other] `token`
} is no Discord token: it is empty or contains spaces
config-shards = `shards` must be `"auto"` or a number from 1 up, not `{ $value }`
config-reason = { $reason }
config-empty = `{ $key }` is empty
config-db-missing = `db` is missing: the path of the community database
config-discord-no-token = [discord] has no token: set DISCORD_TOKEN or `token = "..."`
config-staff-channel = `staff_channel` must be a channel id (a number, or digits in quotes)
config-staff-lang = `staff_lang` must be `"en"` or `"de"`, not "{ $value }"
config-api-base = `api_base` must be an http:// or https:// URL, not `{ $value }`
config-smtp-url = `url` must start with smtp:// (plain, or with ?tls=required for STARTTLS) or smtps:// (TLS)
config-ca-file-unused = `ca_file` is set but [smtp] has no `url` to use it for
config-smtp-no-from = [smtp] has a url but no `from` address
config-at-least = `{ $key }` must be at least { $least }, not { $value }
config-retry-order = `longest_retry_seconds` ({ $longest }) must not be shorter than `first_retry_seconds` ({ $first })
config-attempts = `attempts` must be 1 or more, not { $value }
config-listen = `listen` must be an address with a port, such as { $default }, not `{ $value }`
config-days = `{ $key }` must be a number of days from { $least }, not { $value }
config-warn-before = `warn_before_days` must be less than `close_after_days`
mail-setting-address-parts = `{ $given }` is no e-mail address: the part before or after the @ is missing
mail-setting-address-bracket = `{ $given }` is no e-mail address: an angle bracket < > is not closed
mail-setting-address-user = `{ $given }` is no e-mail address: the part before the @ is not valid
mail-setting-address-domain = `{ $given }` is no e-mail address: the domain after the @ is not valid
mail-setting-address-input = `{ $given }` is no e-mail address: it holds characters no address can have
mail-setting-unsubscribe = `{ $given }` is neither an https:// page nor a mailto: address
mail-setting-not-a-url = this is not a URL (the URL reader says: { $words })
mail-setting-scheme = `{ $shown }` must start with smtp:// or smtps://
mail-setting-tls-mode = `tls={ $given }` is no TLS mode: use tls=required (STARTTLS) or smtps://
mail-setting-url = the mail library cannot use `{ $shown }`; it says: { $words }
mail-setting-no-password = `{ $shown }` names a user but no password: set SMTP_PASSWORD
mail-setting-ca-missing = { $path } does not exist
mail-setting-ca-forbidden = { $path } may not be read by this user
mail-setting-ca-unreadable = { $path } cannot be read; the system says: { $words }
mail-setting-ca-not-pem = { $path }: certificate { $number } is not PEM; the PEM reader says: { $words }
mail-setting-ca-untrusted = { $path }: certificate { $number } cannot be trusted; the TLS library says: { $words }
mail-setting-ca-empty = { $path } holds no certificate (expected PEM blocks -----BEGIN CERTIFICATE-----)
mail-setting-ca-tls = { $path }: the TLS settings cannot be made; the TLS library says: { $words }
mail-setting-ca-without-tls = { $path } is set, but `{ $shown }` does not use TLS: add ?tls=required or use smtps://
serve-error-listen = { $place }: cannot listen on { $address }: { $reason }
serve-error-listen-default = { $place }: cannot listen on { $address } (the default; set another with [http] listen): { $reason }
serve-error-maildir = { $place }: cannot make the Maildir { $path }: { $reason }
serve-error-maildir-default = { $place }: cannot make the Maildir { $path } (the default, next to the database; set another with [mail] maildir): { $reason }
serve-error-running = { $db } is served already by another `helpdesk serve` (it holds { $lock }): stop that one first, or give this one its own database; two would send each other's mails again
serve-error-lock = cannot take the lock { $lock } that keeps a second `helpdesk serve` off { $db }: { $reason }
io-missing = there is no such file or folder
io-forbidden = this user may not use it
io-address-in-use = the address is in use already
io-address-not-here = this machine has no such address
io-exists = something of that name is there already
io-not-a-folder = a part of the path is a file, not a folder
io-is-a-folder = it is a folder, not a file
io-other = the system says: { $words }

## helpdesk moderators

cli-moderators-about = Link operating-system accounts to moderators: the console knows its moderator from the account that runs it
cli-moderators-link-about = Link an operating-system account to a moderator (replaces the account's earlier link)
cli-moderators-link-os-user = The operating-system account name, as `id -un` prints it
cli-moderators-link-email = The moderator's e-mail address
cli-moderators-unlink-about = Remove an operating-system account's link
cli-moderators-unlink-os-user = The operating-system account name
cli-moderators-list-about = List the linked operating-system accounts
cli-moderators-list-json = Print the links as JSON
moderators-linked = The account { $os_user } now works as { $name } <{ $email }>.
moderators-unlinked = The account { $os_user } no longer works as { $name }.
moderators-none = No operating-system account is linked yet. Link one with: helpdesk moderators link --os-user NAME EMAIL
moderators-list-row = { $os_user } → { $name } <{ $email }>
moderators-list-row-no-longer = { $os_user } → { $name } <{ $email }> (moderates no group any more; the link grants nothing)

cli-bot-staff-channel = The team's channel id for ticket announcements (else [discord] staff_channel in the config)

## helpdesk tickets

cli-tickets-about = Support tickets: reply, close, reopen, list, figures and the lifecycle
cli-tickets-reply-about = Reply to a ticket; the member gets it on Discord, or by e-mail without Discord
cli-tickets-reply-ticket = The ticket number
cli-tickets-reply-text = The reply
cli-tickets-reply-as = Sign as this moderator (default: the support team)
cli-tickets-close-about = Close an open ticket; the member is told on Discord and asked for a rating
cli-tickets-close-ticket = The ticket number
cli-tickets-close-as = The moderator who closes it (the audit log names them)
cli-tickets-reopen-about = Reopen a closed ticket, so that the team can reply to it again
cli-tickets-reopen-ticket = The ticket number
cli-tickets-reopen-as = The moderator who reopens it (the audit log names them)
cli-tickets-list-about = List tickets, open ones first
cli-tickets-list-json = One JSON object per line
cli-tickets-list-limit = At most this many tickets
cli-tickets-stats-about = The team's figures over the last 7 and 30 days
cli-tickets-stats-json = Print JSON
cli-tickets-stats-at = The end of both periods (RFC 3339); default: now
cli-tickets-sweep-about = Warn members of silent tickets and close those whose warning ran out
cli-tickets-sweep-at = Sweep as of this instant (RFC 3339); default: now
cli-tickets-sweep-config = The bot's config file, for the [tickets] times
cli-tickets-file-about = Save a file a member sent to a ticket (the console shows its number)
cli-tickets-file-file = The file's number, as the console shows it
cli-tickets-file-out = Where to save it; an existing file is not overwritten
tickets-unknown = There is no ticket #{ $ticket } in this database.
tickets-unknown-moderator = No member with the address { $email }.
tickets-bad-at = --at must be an RFC 3339 instant such as 2026-11-22T10:00:00Z, not "{ $given }".
tickets-future-at = "{ $given }" lies in the future: a sweep closes tickets as of its instant, so it can only be now or earlier.
tickets-replied = Reply added to ticket #{ $ticket }; { $route ->
        [discord] it goes to the member on Discord as soon as the bot runs.
        [mail] it is in the e-mail outbox for the member.
       *[none] the member has no Discord account and no e-mail address, so it cannot be delivered.
    }
tickets-none = No tickets.
tickets-closed = Ticket #{ $ticket } is closed; { $route ->
        [discord] the member is told on Discord and asked for a rating as soon as the bot runs.
       *[none] the member has no Discord account, so no notice goes out (as when the console closes it).
    }
tickets-reopened = Ticket #{ $ticket } is open again and waits for the team's reply; { $route ->
        [discord] the member is told on Discord as soon as the bot runs.
       *[none] the member has no Discord account, so no notice goes out; your next reply reaches them by e-mail.
    }
tickets-row = #{ $ticket } { $state } · { $lang } · { $age } · { $assignee } · { $subject }{ $unread ->
        [0] {""}
       *[other] {" "}· { $unread } unread
    }{ $failure }
tickets-state-closed = closed
tickets-state-team = waits for the team
tickets-state-member = waits for the member
tickets-unassigned = unassigned
tickets-undelivered = {" "}· NOT DELIVERED: { $reason }
tickets-stats-period = Last { $days } days
tickets-stats-line = { $label }: { $opened } opened, first response { $first }, resolved in { $resolution }
tickets-stats-all = All
tickets-stats-en = English
tickets-stats-de = German
tickets-stats-ratings = Ratings: { $ratings } (mean { $mean })
tickets-stats-open = Open now: { $open }
tickets-none-yet = n/a
tickets-swept = { $warned } warned, { $closed } closed.
tickets-file-saved = Saved "{ $name }" ({ $size } bytes) to { $path }.
tickets-file-too-large = "{ $name }" ({ $size } bytes) was too large to keep; only its link is left, which Discord lets expire after about a day: { $url }
tickets-file-failed = "{ $name }" could not be fetched when the member sent it ({ $reason }); only its link is left, which Discord lets expire after about a day: { $url }
tickets-file-exists = { $path } exists already; nothing was written.
tickets-file-not-saved = { $path }: { $reason }; nothing was saved.
