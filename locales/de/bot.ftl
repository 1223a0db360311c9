## Der Support-Bot

bot-empty = Hallo! Fragen Sie mich zur Anmeldung, zum Kontaktabgleich, zu Einladungen oder zum Empfehlungsbonus.
bot-rate-limited = Sie fragen schneller, als ich lesen kann. Bitte warten Sie eine halbe Minute und fragen Sie dann erneut.
bot-not-sure = Ich bin nicht sicher, ob ich Sie richtig verstanden habe. Hilft einer dieser Artikel? Sonst übernimmt jemand aus unserem Team.
bot-off-topic = Ich kenne mich nur mit unserem Netzwerk aus: Anmeldung, Kontaktabgleich, Einladungen, Gruppen und Empfehlungsbonus. Bei allem anderen hilft Ihnen jemand aus unserem Team.
bot-other-language = Diesen Artikel gibt es nur auf { $language ->
        [de] Deutsch
       *[en] Englisch
    }.
bot-read-more = Den ganzen Artikel lesen: { $link }
bot-button-helpful = Hilfreich
bot-button-not-helpful = Nicht hilfreich
bot-button-human = Mit einem Menschen sprechen
bot-thanks-helpful = Danke, schön, dass es geholfen hat!
bot-thanks-not-helpful = Danke für die Rückmeldung. Möchten Sie, dass jemand aus unserem Team hilft?
bot-ticket-subject = Frage aus dem Support-Bot
bot-ticket-opened = Ich habe Ihre Frage an unser Team übergeben: Ticket #{ $ticket }. Wir melden uns hier bei Ihnen.
bot-ticket-opened-mail = Ich habe Ihre Frage an unser Team übergeben: Ticket #{ $ticket }. Die Antwort kommt per E-Mail.
bot-no-such-article = Diesen Artikel gibt es nicht mehr. Bitte stellen Sie Ihre Frage noch einmal.
bot-greeting = Hallo! Wobei kann ich helfen? Fragen Sie einfach in einem Satz, zum Beispiel: Wie setze ich mein Passwort zurück?
bot-you-are-welcome = Gern geschehen! Wenn noch etwas ist, fragen Sie einfach.
bot-not-helpful-alternatives = Schade, dass das nicht geholfen hat. Vielleicht passt einer dieser Artikel besser, oder jemand aus unserem Team übernimmt.
bot-not-helpful-no-context = Das tut mir leid. Beschreiben Sie in einem Satz, was Sie vorhaben, oder lassen Sie jemanden aus unserem Team übernehmen.
bot-bonus-title = Ihr Empfehlungsbonus
bot-bonus-mine = { $credited ->
        [one] 1 gutgeschriebene Registrierung
       *[other] { $credited } gutgeschriebene Registrierungen
    }, noch { $needed } bis zu Ihrem nächsten Premium-Monat. Bisher verdiente Monate: { $months }.
bot-bonus-unlinked = Für jede 7. Person, die sich über Ihre Einladung registriert, erhalten Sie einen kostenlosen Premium-Monat; während Aktionen zählt jede Registrierung. Um hier Ihre eigenen Zahlen zu sehen, verknüpfen Sie Ihr Discord-Konto in Ihren Profileinstellungen.
chat-welcome = Stellen Sie eine Frage (Strg-D beendet). Tippen Sie eine Zahl, um einen Button zu drücken.
chat-handover-anonymous = In diesem Chat könnte niemand die Antwort des Teams empfangen, daher wurde kein Ticket angelegt. Um die Übergabe auszuprobieren, chatten Sie als Mitglied: helpdesk chat{ $db } --as E-MAIL.
chat-see-also = Siehe auch:
chat-no-choice = { $count ->
        [1] Diesen Button gibt es nicht; tippen Sie 1 für den einen angezeigten oder stellen Sie eine Frage.
       *[other] Diesen Button gibt es nicht; wählen Sie eine Zahl von 1 bis { $count } oder stellen Sie eine Frage.
    }

## Die eigenen Worte des Discord-Adapters (Slash-Befehle heißen in beiden Sprachen)

discord-ask = frage
discord-ask-about = Stellen Sie eine Frage zu Anmeldung, Kontaktabgleich, Einladungen oder Bonus
discord-ask-question = frage
discord-ask-question-about = Ihre Frage, in Ihren eigenen Worten
discord-faq = hilfe
discord-faq-about = Die Hilfeartikel nach Thema durchsehen
discord-bonus = bonus
discord-bonus-about = Ihren Stand beim Empfehlungsbonus ansehen
discord-ticket = ticket
discord-ticket-about = Ihre Frage an eine Person aus unserem Team übergeben
discord-faq-pick-topic = Thema wählen
discord-faq-pick-article = Artikel wählen
discord-see-also = Siehe auch
discord-sorry = Entschuldigung, bei uns ist etwas schiefgegangen. Bitte versuchen Sie es in einer Minute noch einmal.

## Tickets: follow-ups, replies from the team, closing and rating

bot-ticket-appended = Ich habe das zu Ihrem Ticket #{ $ticket } hinzugefügt; das Team antwortet Ihnen hier.
bot-ticket-appended-mail = Ich habe das zu Ihrem Ticket #{ $ticket } hinzugefügt; die Antwort des Teams kommt per E-Mail.
bot-ticket-reopened = Ihr Ticket #{ $ticket } ist wieder offen, und Ihre Nachricht liegt beim Team.
bot-button-new-question = Neue Frage
bot-new-question = Nur zu: Was möchten Sie wissen? Ihr Ticket bleibt für das Team offen.
bot-rating-thanks = Vielen Dank für Ihre Bewertung! Wenn Sie möchten, schreiben Sie als nächste Nachricht einen kurzen Kommentar.
bot-rating-comment-thanks = Danke, Ihr Kommentar ist an das Team weitergegeben.
discord-ticket-reply-title = Ticket #{ $ticket } · { $moderator } aus unserem Team hat geantwortet
discord-ticket-team-reply-title = Ticket #{ $ticket } · unser Support-Team hat geantwortet
discord-ticket-reply-continued = (Fortsetzung: Antwort auf Ticket #{ $ticket })
discord-ticket-reply-footer = Antworten Sie einfach hier; Ihre Nachricht landet im selben Ticket.
discord-ticket-warning = Ihr Ticket #{ $ticket } wird { $days ->
        [one] morgen
       *[other] in { $days } Tagen
    } geschlossen, wenn Sie sich nicht mehr melden. Können wir noch etwas für Sie tun? Antworten Sie einfach hier.
discord-ticket-closed = Ihr Ticket #{ $ticket } ist geschlossen. Wie zufrieden sind Sie mit unserer Hilfe? 1 Stern heißt schlecht, 5 Sterne hervorragend.
discord-ticket-reopened = Ihr Ticket #{ $ticket } ist wieder offen: Jemand aus unserem Moderationsteam kümmert sich erneut um Ihr Anliegen und meldet sich hier bei Ihnen.

## The staff channel's announcement (for the team)

discord-staff-title = Ticket #{ $ticket }: { $subject }
discord-staff-member = Mitglied
discord-staff-language = Sprache
discord-staff-lang-en = Englisch
discord-staff-lang-de = Deutsch
discord-staff-state = Stand
discord-staff-closed = Geschlossen
discord-staff-waiting-member = Wartet auf das Mitglied
discord-staff-waiting-team = Wartet auf das Team
discord-staff-guesses = Die besten Vermutungen des Bots
discord-staff-no-guesses = keine
discord-staff-assignee = Zuständig
discord-staff-latest = Zuletzt vom Mitglied ({ $messages ->
        [one] eine Nachricht
       *[other] { $messages } Nachrichten
    } insgesamt)
discord-staff-rating = Bewertung
discord-staff-undelivered = Nicht zugestellt
discord-undelivered-dms-closed = Discord stellt diesem Mitglied keine Direktnachrichten vom Bot zu (seine DMs sind geschlossen, oder es teilt keinen Server mehr mit dem Bot). Die Antwort geht raus, sobald es dem Bot wieder schreibt.
discord-undelivered-pieces = { $sent ->
    [0] Von den { $total } Teilen dieser Antwort kam keiner sicher an.
    [1] Von den { $total } Teilen dieser Antwort kam der erste sicher an.
   *[other] Von den { $total } Teilen dieser Antwort kamen die ersten { $sent } sicher an.
}
chat-busy = Ein anderes Programm verwendet gerade die Datenbank, daher wurde diese Nachricht nicht angenommen. Bitte senden Sie sie gleich noch einmal.
