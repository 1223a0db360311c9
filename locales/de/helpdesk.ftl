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
cli-heading-usage = Aufruf
cli-heading-options = Optionen
cli-heading-arguments = Argumente
cli-heading-commands = Befehle

## Die Befehlszeile: Aufruffehler (clap findet sie; diese Worte sagen sie)

cli-error-unknown-argument = unerwartetes Argument „{ $arg }“
cli-error-unknown-subcommand = unbekannter Unterbefehl „{ $command }“
cli-error-missing-subcommand = „{ $command }“ braucht einen Unterbefehl, es wurde aber keiner angegeben
cli-error-subcommands = Unterbefehle: { $list }
cli-error-missing-value = „{ $arg }“ braucht einen Wert, es wurde aber keiner angegeben
cli-error-invalid-value = ungültiger Wert „{ $value }“ für „{ $arg }“
cli-error-possible-values = mögliche Werte: { $list }
cli-why-lang = erwartet wird en oder de
cli-why-precision = erwartet wird eine Präzision von 0 bis 1, etwa 0.97
cli-why-number = erwartet wird eine ganze Zahl
cli-why-out-of-range = die Zahl liegt außerhalb des möglichen Bereichs
cli-why-range = erwartet wird eine ganze Zahl von { $low } bis { $high }
cli-error-missing-arguments = diese nötigen Argumente fehlen:
cli-error-used-twice = das Argument „{ $arg }“ darf nur einmal angegeben werden
cli-error-conflict = das Argument „{ $arg }“ lässt sich nicht zusammen mit { $others } verwenden
cli-error-conflict-unnamed = das Argument „{ $arg }“ lässt sich nicht zusammen mit einem der anderen angegebenen Argumente verwenden
cli-error-tip = Tipp
cli-error-similar-argument = ein ähnliches Argument gibt es: „{ $similar }“
cli-error-similar-subcommand = { $count ->
        [one] einen ähnlichen Unterbefehl gibt es
       *[other] ähnliche Unterbefehle gibt es
    }: { $similar }
cli-error-similar-value = einen ähnlichen Wert gibt es: „{ $similar }“
cli-error-as-value = um „{ $arg }“ als Wert zu übergeben, schreiben Sie „{ $command }“
cli-error-exists = „{ $command }“ gibt es
cli-error-more = Mehr dazu mit „--help“.
cli-quoted = „{ $text }“

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
faq-check-thin = { $path }: nur { $phrasings } Fragestellungen (eigene und verknüpfte): Einen Artikel mit so wenigen beantwortet die Suche selten von sich aus. Verknüpfen Sie Fragen von Mitgliedern mit ihm (Konsole: l, oder helpdesk faq link).
faq-check-problems = { $problems ->
        [one] Ein Problem gefunden.
       *[other] { $problems } Probleme gefunden.
    }

## Fehler

error-prefix = Fehler
error-stdin-not-utf8 = Zeile { $line } der Standardeingabe ist kein gültiges UTF-8
error-stdin-read = Die Standardeingabe konnte nicht gelesen werden: { $reason }
error-stdin-too-long = Zeile { $line } der Standardeingabe ist länger als { $max } Bytes und wurde nicht beantwortet; bitte eine Frage pro Zeile

## Die Community-Befehle: Hilfetexte

cli-db = Die Community-Datenbank (Standard: helpdesk.db im Datenverzeichnis der Plattform)
cli-demo-about = Eine Demo-Community (Mitglieder, Gruppen, Einladungen, Tickets) in einer neuen Datenbank anlegen
cli-demo-members = Wie viele Mitglieder angelegt werden; die Demo fügt 34 hinzu, die über Empfehlungslinks beigetreten sind
cli-import-about = Mitglieder, Gruppen, Mitgliedschaften und Kontakte aus einer TOML-Datei laden (alles oder nichts)
cli-import-file = Die zu ladende TOML-Datei
cli-invite-about = Eine Gruppeneinladung verschicken oder mit --dry-run prüfen; jede verletzte Regel wird genannt
cli-invite-from = Die E-Mail-Adresse des Einladenden
cli-invite-to = Die E-Mail-Adresse der eingeladenen Person
cli-invite-group = Der Name der Gruppe
cli-invite-route = Wo die Einladung geschrieben wird: profile (jeder) oder group (nur direkte Kontakte)
cli-invite-subject = Der Betreff (Standard: der übliche Betreff in der Sprache der eingeladenen Person)
cli-invite-text = Der persönliche Text (höchstens 500 Zeichen)
cli-invite-at = Versandzeitpunkt im Format RFC 3339 (Standard: jetzt); liegt er mehr als 5 Minuten zurück, wird die Einladung nur als frühere Einladung erfasst und keine E-Mail verschickt
cli-invite-dry-run = Die Einladung nur prüfen, nichts schreiben
cli-invite-json = Das Ergebnis als ein JSON-Objekt ausgeben
cli-contacts-about = Mit hochgeladenen Adressbüchern arbeiten
cli-contacts-compare-about = Ein Adressbuch (Google-CSV, Outlook-CSV, vCard) mit dem Netzwerk abgleichen; nichts davon wird gespeichert
cli-contacts-compare-as = Das Mitglied, mit dessen Kontakten abgeglichen wird (E-Mail-Adresse)
cli-contacts-compare-file = Die Adressbuch-Datei
cli-contacts-compare-json = Das Ergebnis als ein JSON-Objekt ausgeben

## helpdesk demo

demo-stage-members = Mitglieder
demo-stage-groups = Gruppen und Rollen
demo-stage-contacts = Kontakte
demo-stage-invitations = Gruppeneinladungen
demo-stage-support = Empfehlungen, Events und Tickets
demo-progress = { $stage }: { $done } von { $total }
demo-done = Demo-Community in { $path } bereit: { $members } Mitglieder (davon { $referred } über einen Empfehlungslink beigetreten), { $groups } Gruppen, { $contacts } Kontakte, { $invitations } Gruppeneinladungen ({ $flagged } warten auf Prüfung).
demo-not-empty = { $path } enthält bereits { $members } Mitglieder. Wählen Sie eine andere --db oder löschen Sie die Datei, um neu zu beginnen.

## helpdesk import

import-done = Importiert: { $members ->
        [one] 1 Mitglied
       *[other] { $members } Mitglieder
    }, { $groups ->
        [one] 1 Gruppe
       *[other] { $groups } Gruppen
    }, { $memberships ->
        [one] 1 Mitgliedschaft
       *[other] { $memberships } Mitgliedschaften
    } und { $contacts ->
        [one] 1 Kontakt
       *[other] { $contacts } Kontakte
    }.
import-not-placed = { $path }: Der Import war vollständig, ließ sich aber nicht an seinen Platz legen ({ $reason }); nichts wurde importiert. Hat ein anderes Programm dort inzwischen eine Datenbank angelegt, starten Sie den Import erneut.

## helpdesk invite

invite-sent = Verschickt: Einladung #{ $id } wartet auf den E-Mail-Versand (durch helpdesk serve) und steht in den Gruppen-News.
invite-held = Zur Prüfung zurückgehalten: Einladung #{ $id } wartet auf einen Moderator, weil:
invite-recorded = Als frühere Einladung erfasst, nicht verschickt: Einladung #{ $id } ist auf { $at } datiert, also in der Vergangenheit, daher geht keine E-Mail hinaus. Sie zählt für die Sechs-Monats-Regel und steht mit diesem Datum in den Gruppen-News.
invite-would-send = Prüfung bestanden: Diese Einladung würde verschickt.
invite-would-hold = Prüfung bestanden, aber diese Einladung würde zur Prüfung zurückgehalten, weil:
invite-would-record = Prüfung bestanden: Diese Einladung ist auf { $at } datiert, also in der Vergangenheit; sie würde als frühere Einladung erfasst und keine E-Mail verschickt.
invite-refused = Nicht verschickt:
invite-bad-time = „{ $value }“ ist keine Zeitangabe im Format RFC 3339, etwa 2026-11-22T10:00:00Z.
invite-future-time = „{ $value }“ liegt in der Zukunft: `--at` hält fest, wann eine Einladung verschickt wurde, und kann daher nur jetzt oder früher sein.
invite-advice-prefix = Hinweis (hält das Senden nicht auf):

## helpdesk contacts compare

compare-members-not-contacts = Mitglieder, mit denen Sie noch nicht vernetzt sind ({ $count }):
compare-contacts = Bereits Ihre Kontakte ({ $count }):
compare-to-invite = Noch keine Mitglieder – laden Sie sie ein ({ $count }):
# The other addresses of one person to invite, after the first.
compare-also = (auch { $emails })
compare-skipped = { $count } Einträge wurden übersprungen, weil sie keine E-Mail-Adressen sind.
compare-nothing-kept = Nichts aus dem Adressbuch wurde gespeichert.
cli-bot-about = Den Support-Bot auf Discord betreiben (Token aus DISCORD_TOKEN oder --config)
cli-bot-config = Eine TOML-Datei mit token = "...", gelesen, wenn DISCORD_TOKEN nicht gesetzt ist
cli-bot-shards = Gateway-Shards: auto oder eine Zahl (Discord verlangt Sharding ab 2.500 Servern)
cli-bot-api-base = Die REST-Aufrufe an Discord an diese Basis-URL schicken, für einen Proxy mit Ratenbegrenzung
bot-error-no-token = Kein Discord-Token: Setzen Sie DISCORD_TOKEN oder geben Sie mit --config eine Datei an, die token = "..." enthält.
bot-error-token-rejected = Discord hat das Token abgelehnt. Kopieren Sie das Bot-Token (nicht das Client Secret) von der Bot-Seite im Developer Portal.
bot-error-shards = --shards muss auto oder eine Zahl ab 1 sein, nicht „{ $given }“.
bot-error-token-malformed = Das Discord-Token ist leer oder enthält Leerzeichen: Kopieren Sie das Bot-Token erneut von der Bot-Seite im Developer Portal.
bot-error-config-unreadable = Die Bot-Konfiguration { $path } kann nicht gelesen werden: { $reason }
bot-config-ticket-days = [tickets] close_after_days muss mindestens 1 und größer als warn_before_days sein
bot-config-staff-lang = [discord] staff_lang muss `"en"` oder `"de"` sein, nicht „{ $value }“
cli-console-about = Die Moderatorenkonsole öffnen (ohne Befehl: die Konsole auf einer Demodatenbank)
cli-console-as = Als dieser Moderator arbeiten (E-Mail), nur auf Demodatenbanken; ohne Angabe aus einer Liste wählen
cli-console-keys = Eine Tastendatei (TOML); Vorgabe: $XDG_CONFIG_HOME/helpdesk/keys.toml, wenn es sie gibt
cli-console-zone = Die Zeitzone zum Anzeigen und Eingeben von Zeiten (z. B. Europe/Berlin); Vorgabe: TZ, sonst die des Systems
console-as-demo-only = --as gibt es nur auf Demodatenbanken. Auf dieser Datenbank erkennt die Konsole Sie an Ihrem Betriebssystem-Konto.
console-no-os-user = Das Betriebssystem kennt keinen Kontonamen für den Benutzer, der die Konsole startet; daher weiß die Konsole nicht, welcher Moderator Sie sind.
console-unknown-os-user = Das Betriebssystem-Konto „{ $os_user }“ ist mit keinem Moderator verknüpft. Ein Moderator verknüpft es mit: helpdesk moderators link{ $db } --os-user { $os_user } E-MAIL
console-demo-creating = Die Demodatenbank { $path } wird angelegt (nur beim ersten Start) …
console-demo-incomplete = { $path } enthält { $members } Mitglieder, aber keine vollständige Demo (ein früherer Start wurde abgebrochen). Löschen Sie die Datei; beim nächsten Start wird die Demo neu angelegt.
console-not-a-terminal = Die Konsole braucht ein Terminal; in Skripten bitte die anderen Befehle verwenden.
cli-chat-about = Den Support-Bot im Terminal ausprobieren: eine Frage pro Zeile, Buttons als Zahlen
cli-chat-as = Als dieses Mitglied chatten: mit seinen Bonuszahlen, und eine Übergabe legt ein Ticket für das Mitglied an (ohne diese Angabe kein Ticket)
faq-eval-summary = { $questions ->
    [one] 1 Frage
   *[other] { $questions } Fragen
}
faq-eval-system = System
faq-eval-precision = Präzision
faq-eval-rejection = abgelehnt
faq-eval-language = Sprache
faq-eval-answered = beantwortet
faq-eval-at-precision = Top-1 bei Präzision ≥ { $precision }
faq-eval-per-article = Je Artikel (richtig/Fragen, +fälschlich gegeben):
faq-eval-confusions = Verwechselt (Anzahl, erwartet -> gegeben):
faq-eval-calibration = Kalibrierung (Konfidenzbereich, Fragen, mittlere Konfidenz, Trefferquote):
faq-eval-thresholds = Schwellen (Schwelle, Präzision, Abdeckung, abgelehnt):
cli-faq-eval-about = Die Engine, eine FTS5-Suche und eine Zeichen-N-Gramm-Suche an beschrifteten Fragen messen
cli-faq-eval-questions = Die Fragendatei: je Zeile akzeptierte-IDs<TAB>Sprache<TAB>Frage (- = nicht in den FAQ)
cli-faq-eval-json = Die Zahlen als JSON ausgeben
cli-faq-fit-about = Das Antwortmodell an beschrifteten Abstimmungsfragen anpassen und schreiben
cli-faq-fit-tuning = Die Abstimmungsfragen (akzeptierte-IDs<TAB>Sprache<TAB>Frage)
cli-faq-fit-out = Wohin das Modell geschrieben wird (Standard: ausgeben)
faq-fit-too-few = { $path }: zum Anpassen braucht es mindestens { $folds } Fragen, die die FAQ beantwortet, und { $folds }, die sie nicht beantwortet (je eine in jeder Teilmenge der Kreuzvalidierung); gefunden { $in_scope } und { $out_of_scope }
faq-fit-written = Modell nach { $path } geschrieben: Schwelle { $threshold }, kreuzvalidierte Präzision { $precision }, Top-1 { $top1 }.
faq-fit-out-is-folder = { $path }: ist ein Ordner; --out nimmt die Datei, in die das Modell geschrieben wird, etwa { $path }/ranker.toml
faq-fit-out-no-folder = { $path }: den Ordner { $folder } gibt es nicht; legen Sie ihn an oder schreiben Sie das Modell woandershin
faq-fit-out-read-only = { $path }: die Datei ist schreibgeschützt; machen Sie sie beschreibbar oder schreiben Sie das Modell woandershin
faq-fit-out-is-tuning = { $path }: ist eine --tuning-Datei; das Modell würde dort ihre Fragen überschreiben
faq-fit-tuning-twice = { $path }: zweimal als --tuning angegeben; geben Sie jede Datei einmal an (jede ist eine Gruppe von Schreibenden)
cli-faq-link-about = Beschriftete Fragen in --faq-dir mit ihren Artikeln verknüpfen, wie ein Moderator die Frage eines Mitglieds verknüpft (jede beantwortbare Frage mit ihrer ersten ID, in ihrer Sprache)
cli-faq-link-questions = Die Fragendatei: je Zeile akzeptierte-IDs<TAB>Sprache<TAB>Frage (- = nicht in den FAQ, übersprungen)
faq-link-needs-dir = faq link schreibt in einen FAQ-Ordner: diesen mit --faq-dir ORDNER angeben
faq-link-done = { $linked ->
    [one] 1 neue Formulierung
   *[other] { $linked } neue Formulierungen
} in { $files ->
    [one] 1 Artikeldatei
   *[other] { $files } Artikeldateien
} im Ordner { $dir } verknüpft ({ $known } schon vorhanden oder doppelt, { $skipped } nicht beantwortbare übersprungen).
cli-bot-log-format = Form der Protokollzeilen: text, oder json für ein JSON-Objekt pro Zeile
cli-serve-about = Den Dienst betreiben: Discord-Bot, E-Mail-Versand sowie /healthz und /metrics über HTTP, bis SIGTERM oder Strg-C
cli-serve-config = Die Konfigurationsdatei (siehe contrib/helpdesk.toml)
cli-serve-log-format = Form der Protokollzeilen: text, oder json für ein JSON-Objekt pro Zeile
serve-error-config-unreadable = Die Konfiguration { $path } kann nicht gelesen werden: { $reason }
config-token-malformed = { $from ->
    [env] DISCORD_TOKEN
   *[other] `token`
} ist kein Discord-Token: Es ist leer oder enthält Leerzeichen
config-shards = `shards` muss `"auto"` oder eine Zahl ab 1 sein, nicht `{ $value }`
config-reason = { $reason }
config-empty = `{ $key }` ist leer
config-db-missing = `db` fehlt: der Pfad der Community-Datenbank
config-discord-no-token = [discord] hat kein Token: DISCORD_TOKEN oder `token = "..."` setzen
config-staff-channel = `staff_channel` muss eine Kanal-ID sein (eine Zahl oder Ziffern in Anführungszeichen)
config-staff-lang = `staff_lang` muss `"en"` oder `"de"` sein, nicht „{ $value }“
config-api-base = `api_base` muss eine http://- oder https://-URL sein, nicht `{ $value }`
config-smtp-url = `url` muss mit smtp:// (unverschlüsselt, oder mit ?tls=required für STARTTLS) oder smtps:// (TLS) beginnen
config-ca-file-unused = `ca_file` ist gesetzt, aber [smtp] hat keine `url`, für die es gelten könnte
config-smtp-no-from = [smtp] hat eine url, aber keine `from`-Adresse
config-at-least = `{ $key }` muss mindestens { $least } sein, nicht { $value }
config-retry-order = `longest_retry_seconds` ({ $longest }) darf nicht kürzer sein als `first_retry_seconds` ({ $first })
config-attempts = `attempts` muss 1 oder mehr sein, nicht { $value }
config-listen = `listen` muss eine Adresse mit Port sein, etwa { $default }, nicht `{ $value }`
config-days = `{ $key }` muss eine Zahl von Tagen ab { $least } sein, nicht { $value }
config-warn-before = `warn_before_days` muss kleiner sein als `close_after_days`
mail-setting-address-parts = `{ $given }` ist keine E-Mail-Adresse: Der Teil vor oder nach dem @ fehlt
mail-setting-address-bracket = `{ $given }` ist keine E-Mail-Adresse: Eine spitze Klammer < > ist nicht geschlossen
mail-setting-address-user = `{ $given }` ist keine E-Mail-Adresse: Der Teil vor dem @ ist ungültig
mail-setting-address-domain = `{ $given }` ist keine E-Mail-Adresse: Die Domain nach dem @ ist ungültig
mail-setting-address-input = `{ $given }` ist keine E-Mail-Adresse: Sie enthält Zeichen, die keine Adresse haben kann
mail-setting-unsubscribe = `{ $given }` ist weder eine https://-Seite noch eine mailto:-Adresse
mail-setting-not-a-url = Das ist keine URL (der URL-Leser meldet auf Englisch: { $words })
mail-setting-scheme = `{ $shown }` muss mit smtp:// oder smtps:// beginnen
mail-setting-tls-mode = `tls={ $given }` ist keine TLS-Art: tls=required (STARTTLS) oder smtps:// verwenden
mail-setting-url = Die Mail-Bibliothek kann `{ $shown }` nicht verwenden; sie meldet (auf Englisch): { $words }
mail-setting-no-password = `{ $shown }` nennt einen Benutzer, aber kein Passwort: SMTP_PASSWORD setzen
mail-setting-ca-missing = { $path } gibt es nicht
mail-setting-ca-forbidden = { $path } darf von diesem Benutzer nicht gelesen werden
mail-setting-ca-unreadable = { $path } kann nicht gelesen werden; das System meldet (auf Englisch): { $words }
mail-setting-ca-not-pem = { $path }: Zertifikat { $number } ist kein PEM; der PEM-Leser meldet (auf Englisch): { $words }
mail-setting-ca-untrusted = { $path }: Zertifikat { $number } kann nicht als vertrauenswürdig gelten; die TLS-Bibliothek meldet (auf Englisch): { $words }
mail-setting-ca-empty = { $path } enthält kein Zertifikat (erwartet werden PEM-Blöcke -----BEGIN CERTIFICATE-----)
mail-setting-ca-tls = { $path }: Die TLS-Einstellungen lassen sich nicht bilden; die TLS-Bibliothek meldet (auf Englisch): { $words }
mail-setting-ca-without-tls = { $path } ist gesetzt, aber `{ $shown }` verwendet kein TLS: ?tls=required ergänzen oder smtps:// verwenden
serve-error-listen = { $place }: Auf { $address } kann nicht gelauscht werden: { $reason }
serve-error-listen-default = { $place }: Auf { $address } kann nicht gelauscht werden (die Voreinstellung; eine andere Adresse mit [http] listen setzen): { $reason }
serve-error-maildir = { $place }: Das Maildir { $path } kann nicht angelegt werden: { $reason }
serve-error-maildir-default = { $place }: Das Maildir { $path } kann nicht angelegt werden (die Voreinstellung neben der Datenbank; ein anderes mit [mail] maildir setzen): { $reason }
serve-error-running = { $db } wird schon von einem anderen „helpdesk serve“ bedient (es hält { $lock }): erst jenes beenden oder diesem eine eigene Datenbank geben; zwei würden die Mails des anderen noch einmal senden
serve-error-lock = die Sperre { $lock }, die ein zweites „helpdesk serve“ von { $db } fernhält, kann nicht genommen werden: { $reason }
io-missing = Eine solche Datei oder einen solchen Ordner gibt es nicht
io-forbidden = Dieser Benutzer darf sie nicht verwenden
io-address-in-use = Die Adresse ist schon belegt
io-address-not-here = Diese Adresse gibt es auf diesem Rechner nicht
io-exists = Etwas dieses Namens gibt es dort schon
io-not-a-folder = Ein Teil des Pfads ist eine Datei, kein Ordner
io-is-a-folder = Das ist ein Ordner, keine Datei
io-other = Das System meldet (auf Englisch): { $words }

## helpdesk moderators

cli-moderators-about = Betriebssystem-Konten mit Moderatoren verknüpfen: Die Konsole erkennt ihren Moderator am Konto, unter dem sie läuft
cli-moderators-link-about = Ein Betriebssystem-Konto mit einem Moderator verknüpfen (ersetzt eine frühere Verknüpfung des Kontos)
cli-moderators-link-os-user = Der Name des Betriebssystem-Kontos, wie `id -un` ihn ausgibt
cli-moderators-link-email = Die E-Mail-Adresse des Moderators
cli-moderators-unlink-about = Die Verknüpfung eines Betriebssystem-Kontos aufheben
cli-moderators-unlink-os-user = Der Name des Betriebssystem-Kontos
cli-moderators-list-about = Die verknüpften Betriebssystem-Konten auflisten
cli-moderators-list-json = Die Verknüpfungen als JSON ausgeben
moderators-linked = Das Konto { $os_user } arbeitet jetzt als { $name } <{ $email }>.
moderators-unlinked = Das Konto { $os_user } arbeitet nicht mehr als { $name }.
moderators-none = Noch ist kein Betriebssystem-Konto verknüpft. Verknüpfen mit: helpdesk moderators link --os-user NAME E-MAIL
moderators-list-row = { $os_user } → { $name } <{ $email }>
moderators-list-row-no-longer = { $os_user } → { $name } <{ $email }> (moderiert keine Gruppe mehr; die Verknüpfung berechtigt zu nichts)

cli-bot-staff-channel = Die Kanal-ID des Teams für Ticket-Meldungen (sonst [discord] staff_channel in der Konfiguration)

## helpdesk tickets

cli-tickets-about = Support-Tickets: antworten, schließen, wieder öffnen, auflisten, Kennzahlen und Ablauf
cli-tickets-reply-about = Auf ein Ticket antworten; das Mitglied erhält die Antwort auf Discord oder, ohne Discord, per E-Mail
cli-tickets-reply-ticket = Die Ticketnummer
cli-tickets-reply-text = Die Antwort
cli-tickets-reply-as = Als dieser Moderator unterschreiben (Standard: das Support-Team)
cli-tickets-close-about = Ein offenes Ticket schließen; das Mitglied erfährt es auf Discord und wird um eine Bewertung gebeten
cli-tickets-close-ticket = Die Ticketnummer
cli-tickets-close-as = Der Moderator, der es schließt (das Protokoll nennt ihn)
cli-tickets-reopen-about = Ein geschlossenes Ticket wieder öffnen, damit das Team wieder darauf antworten kann
cli-tickets-reopen-ticket = Die Ticketnummer
cli-tickets-reopen-as = Der Moderator, der es wieder öffnet (das Protokoll nennt ihn)
cli-tickets-list-about = Tickets auflisten, offene zuerst
cli-tickets-list-json = Ein JSON-Objekt pro Zeile
cli-tickets-list-limit = Höchstens so viele Tickets
cli-tickets-stats-about = Die Kennzahlen des Teams über die letzten 7 und 30 Tage
cli-tickets-stats-json = Als JSON ausgeben
cli-tickets-stats-at = Das Ende beider Zeiträume (RFC 3339); Standard: jetzt
cli-tickets-sweep-about = Mitglieder stiller Tickets erinnern und Tickets schließen, deren Frist abgelaufen ist
cli-tickets-sweep-at = Zu diesem Zeitpunkt prüfen (RFC 3339); Standard: jetzt
cli-tickets-sweep-config = Die Konfigurationsdatei des Bots, für die Zeiten unter [tickets]
cli-tickets-file-about = Eine Datei speichern, die ein Mitglied an ein Ticket geschickt hat (die Konsole zeigt ihre Nummer)
cli-tickets-file-file = Die Nummer der Datei, wie die Konsole sie zeigt
cli-tickets-file-out = Wohin sie gespeichert wird; eine vorhandene Datei wird nicht überschrieben
tickets-unknown = In dieser Datenbank gibt es kein Ticket #{ $ticket }.
tickets-unknown-moderator = Kein Mitglied mit der Adresse { $email }.
tickets-bad-at = --at muss ein Zeitpunkt nach RFC 3339 sein, etwa 2026-11-22T10:00:00Z, nicht „{ $given }“.
tickets-future-at = „{ $given }“ liegt in der Zukunft: ein Durchlauf schließt Tickets zu seinem Zeitpunkt und kann daher nur jetzt oder früher sein.
tickets-replied = Antwort zu Ticket #{ $ticket } hinzugefügt; { $route ->
        [discord] sie geht an das Mitglied auf Discord, sobald der Bot läuft.
        [mail] sie liegt für das Mitglied im E-Mail-Postausgang.
       *[none] das Mitglied hat weder ein Discord-Konto noch eine E-Mail-Adresse, sie kann also nicht zugestellt werden.
    }
tickets-none = Keine Tickets.
tickets-closed = Ticket #{ $ticket } ist geschlossen; { $route ->
        [discord] das Mitglied erfährt es auf Discord und wird um eine Bewertung gebeten, sobald der Bot läuft.
       *[none] das Mitglied hat kein Discord-Konto, daher geht keine Nachricht hinaus (wie beim Schließen in der Konsole).
    }
tickets-reopened = Ticket #{ $ticket } ist wieder offen und wartet auf die Antwort des Teams; { $route ->
        [discord] das Mitglied erfährt es auf Discord, sobald der Bot läuft.
       *[none] das Mitglied hat kein Discord-Konto, daher geht keine Nachricht hinaus; Ihre nächste Antwort erreicht es per E-Mail.
    }
tickets-row = #{ $ticket } { $state } · { $lang } · { $age } · { $assignee } · { $subject }{ $unread ->
        [0] {""}
       *[other] {" "}· { $unread } ungelesen
    }{ $failure }
tickets-state-closed = geschlossen
tickets-state-team = wartet auf das Team
tickets-state-member = wartet auf das Mitglied
tickets-unassigned = niemandem zugewiesen
tickets-undelivered = {" "}· NICHT ZUGESTELLT: { $reason }
tickets-stats-period = Letzte { $days } Tage
tickets-stats-line = { $label }: { $opened } eröffnet, erste Antwort { $first }, gelöst in { $resolution }
tickets-stats-all = Alle
tickets-stats-en = Englisch
tickets-stats-de = Deutsch
tickets-stats-ratings = Bewertungen: { $ratings } (Mittel { $mean })
tickets-stats-open = Jetzt offen: { $open }
tickets-none-yet = k. A.
tickets-swept = { $warned } erinnert, { $closed } geschlossen.
tickets-file-saved = „{ $name }“ ({ $size } Bytes) gespeichert unter { $path }.
tickets-file-too-large = „{ $name }“ ({ $size } Bytes) war zu groß zum Aufbewahren; nur ihr Link ist geblieben, den Discord nach etwa einem Tag verfallen lässt: { $url }
tickets-file-failed = „{ $name }“ ließ sich nicht abholen, als das Mitglied sie schickte ({ $reason }); nur ihr Link ist geblieben, den Discord nach etwa einem Tag verfallen lässt: { $url }
tickets-file-exists = { $path } gibt es schon; nichts wurde geschrieben.
tickets-file-not-saved = { $path }: { $reason }; nichts wurde gespeichert.
