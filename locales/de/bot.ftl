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
bot-no-such-article = Diesen Artikel gibt es nicht mehr. Bitte stellen Sie Ihre Frage noch einmal.
bot-bonus-title = Ihr Empfehlungsbonus
bot-bonus-mine = { $credited ->
        [one] 1 gutgeschriebene Registrierung
       *[other] { $credited } gutgeschriebene Registrierungen
    }, noch { $needed } bis zu Ihrem nächsten Premium-Monat. Bisher verdiente Monate: { $months }.
bot-bonus-unlinked = Für jede 7. Person, die sich über Ihre Einladung registriert, erhalten Sie einen kostenlosen Premium-Monat; während Aktionen zählt jede Registrierung. Um hier Ihre eigenen Zahlen zu sehen, verknüpfen Sie Ihr Discord-Konto in Ihren Profileinstellungen.
chat-welcome = Stellen Sie eine Frage (leere Zeile oder Strg-D beendet). Tippen Sie eine Zahl, um einen Button zu drücken.
chat-see-also = Siehe auch:
chat-no-choice = Diesen Button gibt es nicht; wählen Sie eine Zahl von 1 bis { $count } oder stellen Sie eine Frage.
