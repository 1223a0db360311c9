## Dates

date-long = { $month ->
        [january] January
        [february] February
        [march] March
        [april] April
        [may] May
        [june] June
        [july] July
        [august] August
        [september] September
        [october] October
        [november] November
       *[december] December
    } { $day }, { $year }

## The group-invitation rules, as the inviter reads them

rule-unknown-member = There is no member with the address { $email }.
rule-unknown-group = There is no group called "{ $group }".
rule-inviter-suspended = You can no longer send group invitations, because moderators rejected several of your invitations.
rule-inviter-not-in-group = You can only invite people into groups you belong to.
rule-already-member = This person is already a member of the group.
rule-invitations-off = This person has switched group invitations off.
rule-invited-within-6-months = You invited this person on { $previous }. You can invite them again from { $next }.
rule-text-empty = Please write a personal text.
rule-text-too-long = The text has { $chars } characters; at most { $max } are allowed.
rule-subject-too-long = The subject has { $chars } characters; at most { $max } are allowed.
rule-not-a-direct-contact = From the group page you can only invite your direct contacts. Use the "More" button on the person's profile instead.

## Why an invitation is held for a moderator

flag-near-duplicate = Nearly the same text went to { $recipients } other people recently.
flag-spam-marker = The text contains phrases typical of spam or network marketing: { $phrases }.

## The invitation as the invitee receives it

invitation-default-subject = { $inviter } invites you to the group "{ $group }"
mail-group-invitation =
    Hello { $invitee },

    { $inviter } invites you to join the group "{ $group }" and writes:

    { $text }

    You can join the group from its page, or simply ignore this message.
    If you do not want group invitations at all, switch them off in your notification settings.
news-group-invitation = { $inviter } invited { $invitee } to the group.
news-group-invitation-failed = { $inviter } invited { $invitee } to the group, but the e-mail could not be delivered.
news-group-invitation-unconfirmed = { $inviter } invited { $invitee } to the group; whether the e-mail arrived is not known (the mail server may have taken it before the sending broke off).

## Where an invitation's e-mail stands (the console's status line and lists)

mail-state-queued = queued for e-mail
mail-state-retrying = queued for e-mail; the last try failed and another follows ({ $reason })
mail-state-sent = sent
mail-state-failed = e-mail failed: { $reason }
mail-state-opted-out = not sent: the invitee switched group invitations off before it went out
mail-problem-refused = the mail server refused it for good ({ $code }); its reply: { $words }
mail-problem-deferred = the mail server asked to try again later ({ $code }); its reply: { $words }
mail-problem-login = the mail server refused our login ({ $code }): check the user in [smtp] url and SMTP_PASSWORD; its reply: { $words }
mail-problem-session = the mail server refuses the connection itself, not this mail; its reply: { $words }
mail-problem-timeout = the mail server did not answer within { $seconds } s
mail-problem-tls = the encrypted connection (TLS) to the mail server failed; the TLS library says: { $words }
mail-problem-unreachable = the mail server could not be reached, so nothing of the mail was sent; the network says: { $words }
mail-problem-connection = the connection to the mail server failed; the network says: { $words }
mail-problem-handover = handing the mail over went wrong; the mail library says: { $words }
mail-problem-maildir = the mail could not be written to the Maildir; the system says: { $words }
mail-problem-unwritable = the mail could not be written; the mail library says: { $words }
mail-problem-out-of-tries = all { $tries } tries are used up
mail-problem-unchecked = the last check before sending it failed; the database says: { $words }
mail-problem-unreadable = the mail's row in the outbox cannot be read, so it was set aside unsent; the database says: { $words }
mail-problem-uncounted = the try could not be counted, so the mail was set aside unsent (else it could go out again and again); the database says: { $words }
mail-problem-unreleased = the mail could not be put back in the queue, so it was set aside unsent (else every hand-back would fail); the database says: { $words }
mail-problem-other = { $words }

## Linking operating-system accounts to moderators

link-bad-os-user = "{ $value }" is not an operating-system account name: it must not be empty, be longer than 64 characters or contain spaces, control characters, ":" or "/".
link-unknown-email = There is no member with the address { $value }.
link-not-a-moderator = { $value } is no moderator: they moderate no group, so their account cannot be linked.
link-not-linked = The operating-system account "{ $value }" is not linked to a moderator.

## Replies to tickets, closing and reopening them

ticket-reply-not-a-moderator = { $email } is no moderator: they moderate no group, so they cannot sign a reply. Nothing was sent.
ticket-reply-closed = Ticket #{ $ticket } is closed, so nothing was sent. Reopen it first, then reply: press o on the console's Tickets screen, or run helpdesk tickets reopen { $ticket }{ $db } --as YOUR-ADDRESS.
ticket-reopen-not-a-moderator = { $email } is no moderator: they moderate no group, so they cannot reopen a ticket. Nothing was changed.
ticket-reopen-open = Ticket #{ $ticket } is already open, so there is nothing to reopen.
ticket-close-not-a-moderator = { $email } is no moderator: they moderate no group, so they cannot close a ticket. Nothing was changed.
ticket-close-closed = Ticket #{ $ticket } is already closed; nothing was changed and the member was not told again.
ticket-assign-not-a-moderator = { $email } is no moderator: they moderate no group, so they cannot take a ticket. Nothing was changed.

## Times in the moderator's zone

time-unknown-zone = There is no time zone called "{ $zone }". Use a name such as Europe/Berlin.
time-unreadable = "{ $value }" is not a date and time. Write it as 2026-11-22 19:00.
time-skipped = { $wall } does not exist in { $zone }: the clocks jump forward over that hour. Did you mean { $after }?
time-repeated = That time happens twice because the clocks go back; { $chosen } (the first) was taken. For the second, { $other }, write { $other_offset }.

## Reviewing held invitations

review-approved = Approved and delivered.
review-rejected = Rejected; it will not be delivered.
review-rejected-suspended = Rejected; the inviter has had too many invitations rejected and is now suspended.
review-rules-broken = Not approved, because the invitation no longer passes the rules: { $rules } It stays held; reject it instead.
review-already-reviewed = Already decided: this invitation { $status ->
        [approved] was approved
        [opted-out] was approved, then withdrawn: the invitee switched group invitations off before its e-mail went out
        [sent] was delivered without review
       *[rejected] was rejected
    }.
review-invitee-opted-out = Not decided: the invitee switched group invitations off while it was held, so it was withdrawn. It will not be delivered and counts against no one.
review-not-your-group = Not decided: you do not moderate this invitation's group.
review-own-invitation = Not approved: you sent this invitation yourself; another moderator of the group approves it. You can withdraw it by rejecting it.
review-not-found = Not decided: there is no such invitation.

## Advice on a group invitation (never blocks sending)

advice-not-personal = Make it personal: greet the person by name or write about what they seek or offer in their profile.
advice-same-text = You sent nearly the same text to { $recipients ->
        [one] one other person
       *[other] { $recipients } other people
    }. A personal invitation is written for this person.

## A moderator's reply to a ticket, by e-mail (for members without Discord)

mail-ticket-team = Our support team
mail-ticket-reply-subject = Your support ticket #{ $ticket }
mail-ticket-reply =
    Hello { $name },

    { $moderator } answered your support ticket #{ $ticket }:

    { $text }

    Simply reply to this message if you have further questions.

## An uploaded address book that cannot be read

address-book-unknown-charset = { $file }:{ $line }: the vCard names the character set "{ $label }", which helpdesk does not know. Export the address book again as UTF-8 (Unicode).
address-book-malformed-charset = { $file }:{ $line }: this vCard value is not valid "{ $label }" text, although the file says it is. Export the address book again as UTF-8 (Unicode).
address-book-not-found = { $file }: there is no such file
address-book-no-permission = { $file }: helpdesk may not read this file (permission denied)
address-book-cannot-read = { $file }: cannot read the address book: { $reason }
address-book-too-large = { $file }: the address book is { $size } bytes; at most { $max } bytes are accepted (export only your contacts, or split the file)
address-book-not-text = { $file }:{ $line }: not text in a known encoding (UTF-8, UTF-16 or Windows-1252); export the address book again as UTF-8 (Unicode)
address-book-empty = { $file }: the address book is empty
address-book-too-many-columns = { $file }:{ $line }: the header has more than { $max } columns; a contacts export has far fewer
address-book-more-fields-than-header = { $file }:{ $line }: more fields than the { $width } of the header; is a comma missing its quotes?
address-book-unclosed-quote = { $file }:{ $line }: a quote that is never closed, or a quote inside an unquoted field; put the whole field in quotes and double the inner quote
address-book-field-too-long = { $file }:{ $line }: a field of { $size } bytes; at most { $max } are accepted
address-book-text-after-quote = { $file }:{ $line }: text after a closing quote; a quoted field must end at a delimiter or the end of the line
address-book-csv = { $file }:{ $line }: the CSV cannot be read; the CSV reader says: { $reason }
address-book-not-a-contacts-header = { $file }:{ $line }: not a Google, Outlook or Thunderbird contacts header: expected a column "E-mail 1 - Value" (Google), "E-mail Address" or "E-Mail-Adresse" (Outlook) or "Primary Email" (Thunderbird)
address-book-too-many-addresses = { $file }:{ $line }: more than { $max } addresses; split the address book into smaller files
address-book-vcard-no-colon = { $file }:{ $line }: a vCard line needs a "NAME:value" form
address-book-vcard-begin-inside = { $file }:{ $line }: BEGIN inside the vCard that starts on line { $start }; is an END:VCARD missing?
address-book-vcard-outside = { $file }:{ $line }: text outside BEGIN:VCARD ... END:VCARD
address-book-vcard-version = { $file }:{ $line }: vCard version "{ $version }" is not supported; use 2.1, 3.0 or 4.0
address-book-vcard-no-end = { $file }:{ $line }: this vCard has no END:VCARD

## A community file for `helpdesk import` that cannot be taken (after "file:line: ")

import-unreadable = cannot read it: { $reason }
import-not-utf8 = not UTF-8 text (TOML files are UTF-8; save it so)
import-not-an-address = "{ $address }" is not an e-mail address
import-no-name = member { $email } has no name
import-name-control = the name of member { $email } has a control character (a line break, tab or escape)
import-discord-taken = Discord user { $discord } is already linked to member { $holder }
import-member-not-written = member { $email } could not be written: { $reason }
import-group-no-name = a group needs a name
import-group-name-control = the group name "{ $name }" has a control character
import-no-member = no member with the address "{ $address }"
import-no-group = no group called "{ $group }"
import-ambassador-needs-kind = an ambassador needs ambassador = "regional" or "xpert"
import-ambassador-without-role = ambassador = ... only goes with role = "ambassador"
import-own-contact = { $email } cannot be their own contact
import-no-lang = member { $email } is new and needs lang = "en" or "de"
import-discord-not-an-id = "{ $discord }" is not a Discord user id (a number of digits, such as 123456789012345678)
import-duplicate-member = member { $email } is already in this file, at line { $first }
import-duplicate-group = group "{ $group }" is already in this file, at line { $first }
import-duplicate-membership = the membership of { $email } in group "{ $group }" is already in this file, at line { $first }
import-duplicate-contact = the contact { $a } – { $b } is already in this file, at line { $first }

# A failure of the database file, named by its path.
error-no-database = There is no database at { $path }, and this command does not create one. Check the path, or create the database: "helpdesk import { $db } COMMUNITY.toml" loads your community, "helpdesk demo { $db }" makes one with made-up members.
error-db-not-sqlite = { $path }: not a SQLite database
error-db-damaged = { $path }: the database is damaged
error-db-read-only = { $path }: the file is read-only, and helpdesk needs to write to it
error-db-cannot-open = { $path }: the file cannot be opened
error-db-disk-full = { $path }: the disk is full
error-db-other = { $path }: the database says: { $reason }
error-db-too-old = { $path }: the database has schema version { $found }, older than this helpdesk's ({ $known }). Run "helpdesk tickets list { $db }" once to upgrade it.
error-db-too-new = { $path }: the database has schema version { $found }, newer than this helpdesk knows ({ $known }). Update helpdesk.
error-db-locked = { $path }: another program is using the database right now (the console, the service or another command). Try again in a moment.
error-db-unfolded = { $path }: the changes in its write-ahead log (the "-wal" file) could not all be written into the database file, so the file alone would lack some of them.

# A record that was asked for and is not there.
error-not-found = Not found: { $kind } { $key }.
error-not-found-member = There is no member { $key }.
error-not-found-group = There is no group { $key }.
error-not-found-member-or-group = A member or the group of this invitation is missing (members and group: { $key }).
error-not-found-invitation = There is no invitation #{ $key }.
error-not-found-event = There is no event #{ $key }.
error-not-found-ticket = There is no ticket #{ $key }.
error-not-found-ticket-file = There is no ticket file #{ $key }.
error-not-found-ticket-of-member = This member has no ticket #{ $key }.
error-not-found-closed-ticket-of-member = This member has no closed ticket #{ $key }.
error-not-found-unanswered-question = There is no unanswered question #{ $key }; perhaps it was linked or removed meanwhile.

# A change the rules refuse.
error-demo-into-community = The database already has { $members } members; a demo is only seeded into an empty one.
error-campaign-ends-first = The campaign "{ $name }" ends before it starts.
error-not-an-ambassador = Member { $member } is not an ambassador of group { $group }; only ambassadors manage official events.
error-event-incomplete = An event needs a title and a place.
error-event-in-the-past = { $when } has already passed, so the event would never show among the upcoming ones. Nothing was saved; check the date (the year?).
error-empty-reply = A reply needs some text.
error-rating = A rating is 1 to 5, not { $rating }.
error-mail-not-claimed = Outbox mail { $mail } is not being sent.
error-unknown-schema = The database has schema version { $found }, which no helpdesk writes.
error-no-data-dir = No home directory was found for the default database; pass --db PATH.
error-randomness = The operating system's random number generator failed: { $reason }

## Why a member's file could not be fetched (shown with the file)
file-failure-http = Discord's file server answered HTTP { $status }
file-failure-timeout = no answer within { $seconds } s
file-failure-network = the connection failed: { $reason }
file-failure-no-ticket = the member had no open ticket when they sent it
file-failure-not-direct = it came with a mention in a channel, not in a direct message
file-failure-fetching = not fetched yet: the bot is fetching it, or fetches it when it next starts
