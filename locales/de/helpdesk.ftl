## Die Kommandozeile: Hilfetexte

cli-about = Ein zweisprachiger Helpdesk für die Community: Antworten aus den FAQ, Moderation und Support.
cli-lang = Sprache der Meldungen (en oder de); ohne Angabe die Sprache der Umgebung
cli-faq-dir = Die FAQ aus diesem Ordner laden statt der eingebauten
cli-ask-about = Fragen aus den FAQ beantworten, in der Sprache der Frage
cli-ask-lang = Sprache der Frage (en oder de); ohne Angabe wird sie erkannt
cli-ask-json = Je Frage ein JSON-Objekt ausgeben
cli-ask-stdin = Je Zeile eine Frage von der Standardeingabe lesen
cli-ask-question = Die Frage
cli-faq-about = Mit dem FAQ-Korpus arbeiten
cli-faq-check-about = Den FAQ-Korpus prüfen und jedes Problem als Datei:Zeile melden
cli-faq-check-dir = Der zu prüfende Korpus-Ordner (Standard: der eingebaute Korpus)
cli-help = Hilfe anzeigen
cli-version = Version anzeigen

## helpdesk ask

ask-confidence = Sicherheit: { $percent } %
ask-see-also = Siehe auch:
ask-related = Verwandte Artikel:
ask-not-answered = Leider haben die FAQ auf diese Frage keine Antwort.
ask-closest = Diese Artikel kommen der Frage am nächsten:
ask-other-language = Diesen Artikel gibt es nur auf { $language ->
        [de] Deutsch
       *[en] Englisch
    }.
ask-empty-question = Bitte geben Sie eine Frage ein, zum Beispiel: Wie setze ich mein Passwort zurück?
ask-no-questions = Keine Frage angegeben. Schreiben Sie sie hinter „ask“ oder nutzen Sie --stdin.

## helpdesk faq check

faq-check-clean = { $articles } Artikel geprüft: keine Probleme gefunden.
faq-check-problems = { $problems ->
        [one] Ein Problem gefunden.
       *[other] { $problems } Probleme gefunden.
    }

## Fehler

error-prefix = Fehler
error-stdin-not-utf8 = Zeile { $line } der Standardeingabe ist kein gültiges UTF-8
error-stdin-read = Die Standardeingabe konnte nicht gelesen werden: { $reason }
