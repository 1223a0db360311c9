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

## A moderator's reply to a ticket, by e-mail (for members without Discord)

mail-ticket-team = Our support team
mail-ticket-reply-subject = Your support ticket #{ $ticket }
mail-ticket-reply =
    Hello { $name },

    { $moderator } answered your support ticket #{ $ticket }:

    { $text }

    Simply reply to this message if you have further questions.
