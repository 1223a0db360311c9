## The moderator console

console-title = helpdesk · moderator console
console-title-short = helpdesk
console-demo = DEMO DATA
console-loading = loading…
console-too-small = The terminal is { $width }×{ $height }; the console needs at least 80×24. Please make the window larger.
console-quit-confirm = You have an unsent draft. Quit and lose it? (y = quit, any other key = stay)
console-drop-confirm = What you typed on the bottom line is not sent yet. Throw it away? (y = throw away, any other key = keep writing)
console-picker-title = Who are you? Choose a moderator and press Enter
console-tab-groups = Groups
console-tab-invite = Invite
console-tab-review = Review
console-tab-events = Events
console-tab-tickets = Tickets
console-tab-faq = FAQ
console-tab-bonus = Bonus
console-role-member = member
console-role-moderator = moderator
console-role-regional = regional ambassador
console-role-xpert = Xpert ambassador
console-groups-title = My groups (Enter opens, / filters)
console-groups-filtered = My groups matching "{ $filter }"
console-members-count = { $count ->
        [one] 1 member
       *[other] { $count } members
    }
console-group-members = { $group }: { $count } members
console-group-news = News
console-invite-title = New group invitation
console-invite-verdict = Rules
console-invite-sent = Invitations I sent
console-field-route = From
console-field-group = Group
console-field-invitee = To
console-field-subject = Subject
console-field-text = Text
console-route-group = the group page (direct contacts only)
console-route-profile = a member's profile (anyone)
console-invite-no-groups = (you belong to no group)
console-invite-no-candidates = Nobody matches; type part of a name or e-mail.
console-invite-pick = Choose the person to invite (type, ←/→, Enter).
console-invite-passes = The invitation follows every rule.
console-invite-send = Send
console-invite-cannot-send = Not sent: the invitation breaks a rule (see the list on the right).
console-invite-delivered = Sent: queued for e-mail and posted in the group's news.
console-invite-held = Held for review: a moderator will look at it first.
console-invite-recorded = Recorded as history: it was dated in the past, so no e-mail was sent.
console-invite-refused = Refused: the invitation breaks a rule.
console-status-delivered = delivered
console-status-flagged = held for review
console-status-approved = approved
console-status-rejected = rejected
console-status-opted-out = withdrawn: the invitee switched invitations off
console-review-title = Held for review: { $count } ({ $marked } marked)
console-review-empty = Nothing is waiting for review
console-review-detail = Why it was held, and the text
console-review-similar = Nearly the same texts sent to others (shared words marked):
console-review-approved = { $count ->
        [one] 1 invitation approved and delivered.
       *[other] { $count } invitations approved and delivered.
    }
console-review-rejected = { $count ->
        [one] 1 invitation rejected.
       *[other] { $count } invitations rejected.
    }
console-audit-title = Audit log (A or Esc: back to the queue)
console-prompt-approve = Approve, note for the log:
console-prompt-reject = Reject, note for the log:
console-prompt-reply = Reply:
console-prompt-link = Article id for this question:
console-prompt-address-book = CSV or vCard file:
console-events-title = Upcoming official events
console-events-side = Event
console-events-why-read-only = Only ambassadors (regional or Xpert) create and edit official events, because they represent the network. You see the events here, but cannot change them.
console-events-read-only = Read-only: only ambassadors create and edit official events.
console-events-may-edit = n: new event · e: edit the selected one
console-event-not-yours = You can only edit events of groups where you are an ambassador.
console-event-group = Group
console-event-title = Title
console-event-when = Date, time
console-event-place = Place
console-event-focus = Region/topic
console-event-form-hint = Date as 2026-12-31 18:30 (UTC) · ↑/↓ fields · Enter on the last saves · Esc cancels
console-event-bad-date = "{ $given }" is not a date and time like 2026-12-31 18:30.
console-event-saved = Event saved.
console-event-in-the-past = { $when } has already passed, so the event would never show among the upcoming ones. Nothing was saved; check the date (the year?).
console-tickets-title = Tickets
console-tickets-side = Conversation
console-tickets-hint = { $open }: show · { $assign }: assign to me · { $reply }: reply · { $close }: close · { $reopen }: reopen · { $unanswered }: unanswered questions
console-ticket-open = open
console-ticket-closed = closed
console-ticket-assigned = Ticket #{ $ticket } is now yours.
console-ticket-replied = Reply to ticket #{ $ticket } saved; it waits for the member.
console-ticket-closed-done = Ticket #{ $ticket } closed.
console-ticket-reopened = Ticket #{ $ticket } is open again.
console-ticket-reply-pending = The reply to ticket #{ $ticket } is still being stored; wait for it before writing another.
console-unanswered-title = Questions the bot could not answer (most asked first)
console-unanswered-hint = { $link } or { $open }: link the whole cluster to an FAQ article, after editing the phrasing (remove names and anything personal). { $unanswered } or { $back }: back to the tickets.
console-linked = { $count ->
    [one] Linked one question to { $article }; the FAQ now knows the phrasing.
   *[other] Linked { $count } questions to { $article }; the FAQ now knows the phrasing.
}
console-no-such-article = There is no FAQ article "{ $id }".
console-phrasing-refused = { $why }; nothing was linked.
console-faq-search = Search the FAQ (English and German)
console-faq-results = Results (Enter: English | German side by side)
console-faq-missing = This article has no version in this language.
console-bonus-search = Find a member (name or e-mail), Enter shows their bonus
console-bonus-title = Referral bonus
console-bonus-progress = { $credited } credited registrations · { $months } Premium months earned · { $needed } more for the next month
console-bonus-rule = Every 7th person who registers through an invitation earns a free Premium month.
console-compare-title = Address book
console-compare-hint = { $book }: compare a CSV or vCard file with the network (nothing from it is kept) · { $search }: another member
console-compare-summary = { $file }: { $members } members to connect with, { $contacts } contacts already, { $invite } people to invite
console-compare-nothing-kept = Nothing from the file was stored.
console-help-title = Keys

## The keymap: what each action does (help, hint line and command palette)
console-action-quit = quit
console-action-help = keys
console-action-palette = command palette
console-action-language = Deutsch/English
console-action-next-tab = next screen
console-action-prev-tab = previous screen
console-action-tab = go to { $screen }
console-action-up = up
console-action-down = down
console-action-page-up = page up
console-action-page-down = page down
console-action-first = first row
console-action-last = last row
console-action-open = open or choose
console-action-back = back, or leave the text field
console-action-left = previous choice
console-action-right = next choice
console-action-search = search or filter
console-action-send = send
console-action-mark = mark for a bulk decision
console-action-approve = approve
console-action-reject = reject
console-action-audit = audit log
console-action-by-inviter = group by inviter
console-action-new = new event
console-action-edit = edit
console-action-assign = assign to me
console-action-reply = reply
console-action-close = close the ticket
console-action-reopen = reopen the ticket
console-action-unanswered = unanswered questions
console-action-link = link to an article
console-action-address-book = compare an address book
console-action-stats = statistics
console-action-scroll-up = scroll up
console-action-scroll-down = scroll down
console-action-scroll-page-up = scroll a page up
console-action-scroll-page-down = scroll a page down
console-action-scroll-first = scroll to the start
console-action-scroll-last = scroll to the end
console-hint-scroll = scroll
console-palette-title = Commands (type to search, Enter runs, Esc closes)
console-review-refused = { $count ->
    [one] one refused (invitation { $invitation }: { $reason })
   *[other] { $count } refused (first: invitation { $invitation }: { $reason })
}
console-review-inviter-count = { $count ->
    [one] 1 held
   *[other] { $count } held
} · largest cluster { $largest }
console-review-inviter-hint = { $mark } marks all of this inviter's invitations; { $approve } or { $reject } then decides them in one go.
console-prompt-phrasing = Phrasing for the FAQ (remove anything personal):
console-cluster-asked = { $count ->
    [one] 1 member asked this
   *[other] { $count } members asked this
}
console-cluster-candidate = Best candidate:
console-cluster-no-candidate = The FAQ has no candidate article yet.
console-stats-title = How the team is doing
console-stats-days = Last { $days } days: { $opened } opened · { $open } open now
console-stats-languages = Opened in English { $en } · in German { $de }
console-invitee-seeks = I seek:
console-invitee-offers = I offer:
console-stats-times = Median first response { $first } · median resolution { $resolved }
console-stats-ratings = Ratings: { $count } (mean { $mean })  { $stars }
console-ticket-waits-team = team
console-ticket-waits-member = member
console-author-member = Member
console-author-bot = Bot
console-author-moderator = Team
console-ticket-undelivered = The last reply did not reach the member: { $reason }
console-ticket-file-kept = 📎 #{ $file } { $name } ({ $kib } KB), kept: helpdesk tickets file { $file }{ $db } --out PATH
console-ticket-file-too-large = 📎 #{ $file } { $name } ({ $kib } KB) was too large to keep; only the link, which expires after about a day: { $url }
console-ticket-file-failed = 📎 #{ $file } { $name } could not be fetched ({ $reason }); only the link, which expires after about a day: { $url }

console-demo-mail = The invitations sent in the demo are e-mails in { $path } (read them with: mutt -f { $path })

## A key file (`--keys`) with mistakes (after "file:line: ")

console-keys-unreadable = cannot read the key file: { $reason }
console-keys-not-utf8 = not UTF-8 text (save the key file as UTF-8)
console-keys-no-screen = no screen is called "{ $scope }"
console-keys-no-action = no action is called "{ $action }"
console-keys-not-a-key = "{ $key }" is not a key
console-keys-bound-twice = the key "{ $key }" would do two things in [{ $scope }]: "{ $first }" and "{ $second }"; give one of them another key
