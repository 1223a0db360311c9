## Die Moderatorenkonsole

console-title = helpdesk · Moderatorenkonsole
console-title-short = helpdesk
console-demo = DEMODATEN
console-loading = lädt …
console-too-small = Das Terminal ist { $width }×{ $height } groß; die Konsole braucht mindestens 80×24. Bitte vergrößern Sie das Fenster.
console-quit-confirm = Sie haben einen nicht gesendeten Entwurf. Beenden und ihn verwerfen? (j = beenden, andere Taste = bleiben)
console-drop-confirm = Was Sie unten eingegeben haben, ist noch nicht gesendet. Verwerfen? (j = verwerfen, andere Taste = weiterschreiben)
console-picker-title = Wer sind Sie? Moderator wählen und Enter drücken
console-tab-groups = Gruppen
console-tab-invite = Einladen
console-tab-review = Prüfen
console-tab-events = Events
console-tab-tickets = Tickets
console-tab-faq = FAQ
console-tab-bonus = Bonus
console-role-member = Mitglied
console-role-moderator = Moderator
console-role-regional = Regionalbotschafter
console-role-xpert = Xpert-Botschafter
console-groups-title = Meine Gruppen (Enter öffnet, / filtert)
console-groups-filtered = Meine Gruppen mit „{ $filter }“
console-members-count = { $count ->
        [one] 1 Mitglied
       *[other] { $count } Mitglieder
    }
console-group-members = { $group }: { $count } Mitglieder
console-group-news = Neuigkeiten
console-invite-title = Neue Gruppeneinladung
console-invite-verdict = Regeln
console-invite-sent = Meine gesendeten Einladungen
console-field-route = Von
console-field-group = Gruppe
console-field-invitee = An
console-field-subject = Betreff
console-field-text = Text
console-route-group = der Gruppenseite (nur direkte Kontakte)
console-route-profile = einem Mitgliedsprofil (alle)
console-invite-no-groups = (Sie gehören keiner Gruppe an)
console-invite-no-candidates = Niemand passt; tippen Sie einen Teil des Namens oder der E-Mail.
console-invite-pick = Wählen Sie die Person (tippen, ←/→, Enter).
console-invite-passes = Die Einladung erfüllt alle Regeln.
console-invite-send = Senden
console-invite-cannot-send = Nicht gesendet: Die Einladung verstößt gegen eine Regel (siehe Liste rechts).
console-invite-delivered = Gesendet: Die E-Mail steht zum Versand bereit, die Gruppe sieht es in den Neuigkeiten.
console-invite-held = Zur Prüfung zurückgehalten: Ein Moderator sieht sie sich zuerst an.
console-invite-recorded = Als frühere Einladung erfasst: Sie ist rückdatiert, daher wurde keine E-Mail verschickt.
console-invite-refused = Abgelehnt: Die Einladung verstößt gegen eine Regel.
console-status-delivered = zugestellt
console-status-flagged = zur Prüfung
console-status-approved = freigegeben
console-status-rejected = abgelehnt
console-status-opted-out = zurückgezogen: Einladungen abgeschaltet
console-review-title = Zur Prüfung: { $count } ({ $marked } markiert)
console-review-empty = Nichts wartet auf Prüfung
console-review-detail = Warum sie zurückgehalten wurde, und der Text
console-review-similar = Fast gleiche Texte an andere (gemeinsame Wörter markiert):
console-review-approved = { $count ->
        [one] 1 Einladung freigegeben und zugestellt.
       *[other] { $count } Einladungen freigegeben und zugestellt.
    }
console-review-rejected = { $count ->
        [one] 1 Einladung abgelehnt.
       *[other] { $count } Einladungen abgelehnt.
    }
console-audit-title = Prüfprotokoll (A oder Esc: zurück zur Liste)
console-prompt-approve = Freigeben, Notiz fürs Protokoll:
console-prompt-reject = Ablehnen, Notiz fürs Protokoll:
console-prompt-reply = Antwort:
console-prompt-link = Artikel-ID für diese Frage:
console-prompt-address-book = CSV- oder vCard-Datei:
console-events-title = Kommende offizielle Events
console-events-side = Event
console-events-why-read-only = Nur Botschafter (regional oder Xpert) legen offizielle Events an und ändern sie, weil sie das Netzwerk vertreten. Sie sehen die Events hier, können sie aber nicht ändern.
console-events-read-only = Nur lesen: Offizielle Events legen nur Botschafter an und ändern nur sie.
console-events-may-edit = n: neues Event · e: ausgewähltes bearbeiten
console-event-not-yours = Sie können nur Events von Gruppen bearbeiten, in denen Sie Botschafter sind.
console-event-group = Gruppe
console-event-title = Titel
console-event-when = Datum, Zeit
console-event-place = Ort
console-event-focus = Region/Thema
console-event-form-hint = Datum wie 2026-12-31 18:30 (UTC) · ↑/↓ Felder · Enter im letzten speichert · Esc bricht ab
console-event-bad-date = „{ $given }“ ist kein Datum mit Uhrzeit wie 2026-12-31 18:30.
console-event-saved = Event gespeichert.
console-event-in-the-past = { $when } liegt in der Vergangenheit, daher würde das Event nie unter den kommenden erscheinen. Es wurde nichts gespeichert; prüfen Sie das Datum (das Jahr?).
console-tickets-title = Tickets
console-tickets-side = Verlauf
console-tickets-hint = { $open }: zeigen · { $assign }: mir zuweisen · { $reply }: antworten · { $close }: schließen · { $reopen }: wieder öffnen · { $unanswered }: unbeantwortete Fragen
console-ticket-open = offen
console-ticket-closed = erledigt
console-ticket-assigned = Ticket #{ $ticket } ist jetzt Ihres.
console-ticket-replied = Antwort auf Ticket #{ $ticket } gespeichert; es wartet auf das Mitglied.
console-ticket-closed-done = Ticket #{ $ticket } geschlossen.
console-ticket-reopened = Ticket #{ $ticket } ist wieder offen.
console-ticket-reply-pending = Die Antwort auf Ticket #{ $ticket } wird noch gespeichert; warten Sie darauf, bevor Sie eine weitere schreiben.
console-unanswered-title = Fragen, die der Bot nicht beantworten konnte (häufigste zuerst)
console-unanswered-hint = { $link } oder { $open }: die ganze Gruppe mit einem FAQ-Artikel verknüpfen, nachdem Sie die Formulierung bearbeitet haben (Namen und Persönliches entfernen). { $unanswered } oder { $back }: zurück zu den Tickets.
console-linked = { $count ->
    [one] Eine Frage mit { $article } verknüpft; die FAQ kennt die Formulierung jetzt.
   *[other] { $count } Fragen mit { $article } verknüpft; die FAQ kennt die Formulierung jetzt.
}
console-no-such-article = Es gibt keinen FAQ-Artikel „{ $id }“.
console-phrasing-refused = { $why }; nichts wurde verknüpft.
console-faq-search = FAQ durchsuchen (Deutsch und Englisch)
console-faq-results = Treffer (Enter: Englisch | Deutsch nebeneinander)
console-faq-missing = Diesen Artikel gibt es in dieser Sprache nicht.
console-bonus-search = Mitglied suchen (Name oder E-Mail), Enter zeigt seinen Bonus
console-bonus-title = Empfehlungsbonus
console-bonus-progress = { $credited } angerechnete Registrierungen · { $months } Premium-Monate verdient · noch { $needed } bis zum nächsten Monat
console-bonus-rule = Für jede 7. Person, die sich über eine Einladung registriert, gibt es einen kostenlosen Premium-Monat.
console-compare-title = Adressbuch
console-compare-hint = { $book }: eine CSV- oder vCard-Datei mit dem Netzwerk abgleichen (nichts daraus wird gespeichert) · { $search }: anderes Mitglied
console-compare-summary = { $file }: { $members } Mitglieder zum Vernetzen, { $contacts } schon Kontakte, { $invite } Personen zum Einladen
console-compare-nothing-kept = Nichts aus der Datei wurde gespeichert.
console-help-title = Tasten

## Die Tastenbelegung: was jede Aktion tut (Hilfe, Hinweiszeile und Befehlspalette)
console-action-quit = beenden
console-action-help = Tasten
console-action-palette = Befehlspalette
console-action-language = English/Deutsch
console-action-next-tab = nächste Ansicht
console-action-prev-tab = vorige Ansicht
console-action-tab = zu { $screen }
console-action-up = nach oben
console-action-down = nach unten
console-action-page-up = Seite hoch
console-action-page-down = Seite runter
console-action-first = erste Zeile
console-action-last = letzte Zeile
console-action-open = öffnen oder wählen
console-action-back = zurück oder Textfeld verlassen
console-action-left = vorige Auswahl
console-action-right = nächste Auswahl
console-action-search = suchen oder filtern
console-action-send = senden
console-action-mark = für Sammelentscheidung markieren
console-action-approve = freigeben
console-action-reject = ablehnen
console-action-audit = Prüfprotokoll
console-action-by-inviter = nach Einladenden gruppieren
console-action-new = neues Event
console-action-edit = bearbeiten
console-action-assign = mir zuweisen
console-action-reply = antworten
console-action-close = Ticket schließen
console-action-reopen = Ticket wieder öffnen
console-action-unanswered = unbeantwortete Fragen
console-action-link = mit Artikel verknüpfen
console-action-address-book = Adressbuch abgleichen
console-action-stats = Statistik
console-action-scroll-up = nach oben scrollen
console-action-scroll-down = nach unten scrollen
console-action-scroll-page-up = eine Seite nach oben scrollen
console-action-scroll-page-down = eine Seite nach unten scrollen
console-action-scroll-first = zum Anfang scrollen
console-action-scroll-last = zum Ende scrollen
console-hint-scroll = scrollen
console-palette-title = Befehle (tippen sucht, Enter führt aus, Esc schließt)
console-review-refused = { $count ->
    [one] eine abgelehnt (Einladung { $invitation }: { $reason })
   *[other] { $count } abgelehnt (zuerst Einladung { $invitation }: { $reason })
}
console-review-inviter-count = { $count ->
    [one] 1 zurückgehalten
   *[other] { $count } zurückgehalten
} · größte Gruppe { $largest }
console-review-inviter-hint = { $mark } markiert alle Einladungen dieser Person; { $approve } oder { $reject } entscheidet dann über alle auf einmal.
console-prompt-phrasing = Formulierung für die FAQ (Persönliches entfernen):
console-cluster-asked = { $count ->
    [one] 1 Mitglied hat das gefragt
   *[other] { $count } Mitglieder haben das gefragt
}
console-cluster-candidate = Bester Kandidat:
console-cluster-no-candidate = Die FAQ hat noch keinen passenden Artikel.
console-stats-title = Wie es dem Team geht
console-stats-days = Letzte { $days } Tage: { $opened } eröffnet · { $open } jetzt offen
console-stats-languages = Eröffnet auf Englisch { $en } · auf Deutsch { $de }
console-invitee-seeks = Ich suche:
console-invitee-offers = Ich biete:
console-stats-times = Median erste Antwort { $first } · Median bis zur Lösung { $resolved }
console-stats-ratings = Bewertungen: { $count } (Mittel { $mean })  { $stars }
console-ticket-waits-team = Team
console-ticket-waits-member = Mitglied
console-author-member = Mitglied
console-author-bot = Bot
console-author-moderator = Team
console-ticket-undelivered = Die letzte Antwort hat das Mitglied nicht erreicht: { $reason }
console-ticket-file-kept = 📎 #{ $file } { $name } ({ $kib } KB), aufbewahrt: helpdesk tickets file { $file }{ $db } --out PFAD
console-ticket-file-too-large = 📎 #{ $file } { $name } ({ $kib } KB) war zu groß zum Aufbewahren; nur der Link, der nach etwa einem Tag verfällt: { $url }
console-ticket-file-failed = 📎 #{ $file } { $name } ließ sich nicht abholen ({ $reason }); nur der Link, der nach etwa einem Tag verfällt: { $url }

console-demo-mail = Die in der Demo verschickten Einladungen liegen als E-Mails in { $path } (lesen mit: mutt -f { $path })

## Eine Tastendatei (`--keys`) mit Fehlern (nach „Datei:Zeile: “)

console-keys-unreadable = Die Tastendatei lässt sich nicht lesen: { $reason }
console-keys-not-utf8 = Das ist kein UTF-8-Text (speichern Sie die Tastendatei als UTF-8)
console-keys-no-screen = Eine Ansicht namens „{ $scope }“ gibt es nicht
console-keys-no-action = Eine Aktion namens „{ $action }“ gibt es nicht
console-keys-not-a-key = „{ $key }“ ist keine Taste
console-keys-bound-twice = Die Taste „{ $key }“ hätte in [{ $scope }] zwei Aufgaben: „{ $first }“ und „{ $second }“; geben Sie einer davon eine andere Taste
