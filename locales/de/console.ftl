## Die Moderatorenkonsole

console-title = helpdesk · Moderatorenkonsole
console-demo = DEMODATEN
console-hint = Tab: nächste Ansicht · ?: Tasten · F2: English · q: beenden
console-loading = lädt …
console-too-small = Das Terminal ist { $width }×{ $height } groß; die Konsole braucht mindestens 80×24. Bitte vergrößern Sie das Fenster.
console-quit-confirm = Sie haben einen nicht gesendeten Entwurf. Beenden und ihn verwerfen? (j = beenden, andere Taste = bleiben)
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
console-invite-refused = Abgelehnt: Die Einladung verstößt gegen eine Regel.
console-status-delivered = zugestellt
console-status-flagged = zur Prüfung
console-status-approved = freigegeben
console-status-rejected = abgelehnt
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
console-tickets-title = Tickets
console-tickets-side = Verlauf
console-tickets-hint = Enter: zeigen · m: mir zuweisen · r: antworten · c: schließen · u: unbeantwortete Fragen
console-ticket-open = offen
console-ticket-closed = erledigt
console-ticket-changed = Ticket #{ $ticket } aktualisiert.
console-unanswered-title = Fragen, die der Bot nicht beantworten konnte (häufigste zuerst)
console-unanswered-hint = l oder Enter: die Frage mit einem FAQ-Artikel verknüpfen, damit die nächste Suche sie findet. u oder Esc: zurück zu den Tickets.
console-linked = Mit { $article } verknüpft; die FAQ kennt diese Formulierung jetzt.
console-no-such-article = Es gibt keinen FAQ-Artikel „{ $id }“.
console-faq-search = FAQ durchsuchen (Deutsch und Englisch)
console-faq-results = Treffer (Enter: Englisch | Deutsch nebeneinander)
console-faq-missing = Diesen Artikel gibt es in dieser Sprache nicht.
console-bonus-search = Mitglied suchen (Name oder E-Mail), Enter zeigt seinen Bonus
console-bonus-title = Empfehlungsbonus
console-bonus-progress = { $credited } angerechnete Registrierungen · { $months } Premium-Monate verdient · noch { $needed } bis zum nächsten Monat
console-bonus-rule = Für jede 7. Person, die sich über eine Einladung registriert, gibt es einen kostenlosen Premium-Monat.
console-compare-title = Adressbuch
console-compare-hint = o: eine CSV- oder vCard-Datei mit dem Netzwerk abgleichen (nichts daraus wird gespeichert) · /: anderes Mitglied
console-compare-summary = { $file }: { $members } Mitglieder zum Vernetzen, { $contacts } schon Kontakte, { $invite } Personen zum Einladen
console-compare-nothing-kept = Nichts aus der Datei wurde gespeichert.
console-help-title = Tasten
console-help-global = Tab / Umschalt-Tab oder 1–7: Ansichten · ↑↓ oder j/k: bewegen · Bild↑/Bild↓ · Enter: öffnen · Esc: zurück · F2 oder L: English/Deutsch · ? oder F1: diese Hilfe · q oder Strg-C: beenden
console-help-picker = ↑/↓ Moderator wählen · Enter: als diese Person starten
console-help-groups = Enter oder →: Gruppe öffnen (Mitglieder und Neuigkeiten) · Esc oder ←: zurück · /: nach Namen filtern
console-help-invite = ↑/↓: Felder · ←/→: Weg, Gruppe oder markierte Person wechseln · tippen zum Suchen oder Schreiben · Enter auf Senden oder Strg-S: senden (nur wenn alle Regeln erfüllt sind)
console-help-review = Leertaste: für Sammelaktion markieren · a: freigeben · r: ablehnen (mit Notiz) · A: Prüfprotokoll
console-help-events = n: neues Event · e oder Enter: bearbeiten (nur Botschafter) · im Formular ↑/↓ Felder, ←/→ Gruppe, Enter weiter/speichern, Esc abbrechen
console-help-tickets = Enter: zeigen · m: mir zuweisen · r: antworten · c: schließen · u: unbeantwortete Fragen, dann l: mit Artikel verknüpfen
console-help-faq = Tippen sucht in beiden Sprachen · ↑/↓ wählen · Enter: Englisch | Deutsch nebeneinander · Esc: leeren oder zurück
console-help-bonus = Namen tippen, Enter: dessen Bonus (Enter ohne Auswahl: Ihrer) · o: Adressbuch abgleichen · / oder Esc: neu suchen
console-demo-mail = Die in der Demo verschickten Einladungen liegen als E-Mails in { $path } (lesen mit: mutt -f { $path })
