## The support bot

bot-empty = Hi! Ask me about signing in, syncing your contacts, inviting people or the referral bonus.
bot-rate-limited = You are asking faster than I can read. Please wait half a minute, then ask again.
bot-not-sure = I am not sure I understood. Do any of these help? If not, a person from our team will take over.
bot-off-topic = I only know about our network: signing in, contact sync, invitations, groups and the referral bonus. For anything else, a person from our team can help.
bot-other-language = This article only exists in { $language ->
        [de] German
       *[en] English
    }.
bot-read-more = Read the whole article: { $link }
bot-button-helpful = Helpful
bot-button-not-helpful = Not helpful
bot-button-human = Talk to a human
bot-thanks-helpful = Thanks, glad it helped!
bot-thanks-not-helpful = Thanks for telling us. Would you like a person from our team to help?
bot-ticket-subject = Question from the support bot
bot-ticket-opened = I have handed your question to our team: ticket #{ $ticket }. Someone will get back to you here.
bot-ticket-opened-mail = I have handed your question to our team: ticket #{ $ticket }. Their answer will come by e-mail.
bot-no-such-article = That article is no longer there. Please ask your question again.
bot-greeting = Hello! What can I help you with? Ask in a sentence, for example: How do I reset my password?
bot-you-are-welcome = You're welcome! If anything else comes up, just ask.
bot-not-helpful-alternatives = Sorry that did not help. Perhaps one of these fits better, or a person from our team can take over.
bot-not-helpful-no-context = Sorry! Tell me in one sentence what you are trying to do, or let a person from our team take over.
bot-bonus-title = Your referral bonus
bot-bonus-mine = { $credited ->
        [one] 1 credited registration
       *[other] { $credited } credited registrations
    }, { $needed } more for your next Premium month. Months earned so far: { $months }.
bot-bonus-unlinked = Every 7th person who registers through your invitation earns you a free Premium month; during campaigns every registration does. To see your own figures here, link your Discord account in your profile settings.
chat-welcome = Ask a question (Ctrl-D to quit). Type a number to press a button.
chat-handover-anonymous = Nobody could receive the team's answer in this chat, so no ticket was opened. To try the handover, chat as a member: helpdesk chat{ $db } --as EMAIL.
chat-see-also = See also:
chat-no-choice = { $count ->
        [1] There is no such button; type 1 for the one shown, or type a question.
       *[other] There is no such button; choose a number from 1 to { $count }, or type a question.
    }

## The Discord adapter's own words (slash commands are named in both languages)

discord-ask = ask
discord-ask-about = Ask a question about signing in, contact sync, invitations or the bonus
discord-ask-question = question
discord-ask-question-about = Your question, in your own words
discord-faq = faq
discord-faq-about = Browse the help articles by topic
discord-bonus = bonus
discord-bonus-about = See your referral bonus progress
discord-ticket = ticket
discord-ticket-about = Hand your question to a person from our team
discord-faq-pick-topic = Choose a topic
discord-faq-pick-article = Choose an article
discord-see-also = See also
discord-sorry = Sorry, something went wrong on our side. Please try again in a minute.

## Tickets: follow-ups, replies from the team, closing and rating

bot-ticket-appended = I have added this to your ticket #{ $ticket }; the team will answer here.
bot-ticket-appended-mail = I have added this to your ticket #{ $ticket }; the team's answer will come by e-mail.
bot-ticket-reopened = Your ticket #{ $ticket } is open again and your message is with the team.
bot-button-new-question = New question
bot-new-question = Go ahead: what would you like to know? Your ticket stays open for the team.
bot-rating-thanks = Thank you for your rating! If you like, write a short comment as your next message.
bot-rating-comment-thanks = Thank you, your comment has been passed on to the team.
discord-ticket-reply-title = Ticket #{ $ticket } · { $moderator } from our team replied
discord-ticket-team-reply-title = Ticket #{ $ticket } · our support team replied
discord-ticket-reply-continued = (continued: reply to ticket #{ $ticket })
discord-ticket-reply-footer = Write here to answer; your message goes to the same ticket.
discord-ticket-warning = Your ticket #{ $ticket } will close in { $days ->
        [one] one day
       *[other] { $days } days
    } unless you write again. Anything more we can do? Just reply here.
discord-ticket-closed = Your ticket #{ $ticket } is closed. How happy are you with the help you got? 1 star is poor, 5 stars is excellent.
discord-ticket-reopened = Your ticket #{ $ticket } is open again: one of our moderators has taken up your request once more and will write to you here.

## The staff channel's announcement (for the team)

discord-staff-title = Ticket #{ $ticket }: { $subject }
discord-staff-member = Member
discord-staff-language = Language
discord-staff-lang-en = English
discord-staff-lang-de = German
discord-staff-state = State
discord-staff-closed = Closed
discord-staff-waiting-member = Waiting for the member
discord-staff-waiting-team = Waiting for the team
discord-staff-guesses = The bot's best guesses
discord-staff-no-guesses = none
discord-staff-assignee = Assigned to
discord-staff-latest = Latest from the member ({ $messages ->
        [one] one message
       *[other] { $messages } messages
    } in all)
discord-staff-rating = Rating
discord-staff-undelivered = Not delivered
discord-undelivered-dms-closed = Discord delivers no DMs from the bot to this member (their DMs are closed, or they share no server with the bot any more). The reply goes out as soon as they write to the bot again.
discord-undelivered-pieces = { $sent ->
    [0] None of the { $total } parts of this reply surely arrived.
    [1] Of the { $total } parts of this reply, the first surely arrived.
   *[other] Of the { $total } parts of this reply, the first { $sent } surely arrived.
}
chat-busy = Another program is using the database right now, so this message was not taken. Please send it again in a moment.
