## Datumsangaben

date-long = { $day }. { $month ->
        [january] Januar
        [february] Februar
        [march] März
        [april] April
        [may] Mai
        [june] Juni
        [july] Juli
        [august] August
        [september] September
        [october] Oktober
        [november] November
       *[december] Dezember
    } { $year }

## Die Regeln für Gruppeneinladungen, wie der Einladende sie liest

rule-unknown-member = Es gibt kein Mitglied mit der Adresse { $email }.
rule-unknown-group = Es gibt keine Gruppe namens „{ $group }“.
rule-inviter-suspended = Sie können keine Gruppeneinladungen mehr verschicken, weil Moderatoren mehrere Ihrer Einladungen abgelehnt haben.
rule-inviter-not-in-group = Sie können nur in Gruppen einladen, denen Sie selbst angehören.
rule-already-member = Diese Person ist bereits Mitglied der Gruppe.
rule-invitations-off = Diese Person hat Gruppeneinladungen abgeschaltet.
rule-invited-within-6-months = Sie haben diese Person am { $previous } eingeladen. Ab dem { $next } können Sie sie wieder einladen.
rule-text-empty = Bitte schreiben Sie einen persönlichen Text.
rule-text-too-long = Der Text hat { $chars } Zeichen; erlaubt sind höchstens { $max }.
rule-subject-too-long = Der Betreff hat { $chars } Zeichen; erlaubt sind höchstens { $max }.
rule-not-a-direct-contact = Von der Gruppenseite aus können Sie nur Ihre direkten Kontakte einladen. Nutzen Sie stattdessen den Button „Mehr“ im Profil der Person.

## Warum eine Einladung einem Moderator vorgelegt wird

flag-near-duplicate = Fast derselbe Text ging kürzlich an { $recipients } andere Personen.
flag-spam-marker = Der Text enthält Formulierungen, die für Spam oder Strukturvertrieb typisch sind: { $phrases }.

## Die Einladung, wie der Eingeladene sie erhält

invitation-default-subject = { $inviter } lädt Sie in die Gruppe „{ $group }“ ein
mail-group-invitation =
    Hallo { $invitee },

    { $inviter } lädt Sie in die Gruppe „{ $group }“ ein und schreibt:

    { $text }

    Sie können der Gruppe auf ihrer Seite beitreten oder diese Nachricht einfach ignorieren.
    Wenn Sie gar keine Gruppeneinladungen möchten, schalten Sie sie in Ihren Benachrichtigungseinstellungen ab.
news-group-invitation = { $inviter } hat { $invitee } in die Gruppe eingeladen.
news-group-invitation-failed = { $inviter } hat { $invitee } in die Gruppe eingeladen, aber die E-Mail ließ sich nicht zustellen.
news-group-invitation-unconfirmed = { $inviter } hat { $invitee } in die Gruppe eingeladen; ob die E-Mail angekommen ist, ist nicht bekannt (der Mailserver hat sie vielleicht angenommen, bevor das Senden abbrach).

## Wo die E-Mail einer Einladung steht (Statuszeile und Listen der Konsole)

mail-state-queued = wartet auf den E-Mail-Versand
mail-state-retrying = wartet auf den E-Mail-Versand; der letzte Versuch scheiterte, ein neuer folgt ({ $reason })
mail-state-sent = versendet
mail-state-failed = E-Mail nicht zugestellt: { $reason }
mail-state-opted-out = nicht versendet: Die eingeladene Person hat Gruppeneinladungen abgeschaltet, bevor die E-Mail hinausging
mail-problem-refused = Der Mailserver hat sie endgültig abgelehnt ({ $code }); seine Antwort: { $words }
mail-problem-deferred = Der Mailserver bat, es später erneut zu versuchen ({ $code }); seine Antwort: { $words }
mail-problem-login = Der Mailserver hat unsere Anmeldung abgelehnt ({ $code }): Benutzer in [smtp] url und SMTP_PASSWORD prüfen; seine Antwort: { $words }
mail-problem-session = Der Mailserver verweigert die Verbindung selbst, nicht diese E-Mail; seine Antwort: { $words }
mail-problem-timeout = Der Mailserver hat nicht innerhalb von { $seconds } s geantwortet
mail-problem-tls = Die verschlüsselte Verbindung (TLS) zum Mailserver kam nicht zustande; die TLS-Bibliothek meldet (auf Englisch): { $words }
mail-problem-unreachable = Der Mailserver war nicht erreichbar, von der Mail wurde also nichts gesendet; das Netzwerk meldet (auf Englisch): { $words }
mail-problem-connection = Die Verbindung zum Mailserver scheiterte; das Netzwerk meldet (auf Englisch): { $words }
mail-problem-handover = Die Übergabe der E-Mail ging schief; die Mail-Bibliothek meldet (auf Englisch): { $words }
mail-problem-maildir = Die E-Mail konnte nicht ins Maildir geschrieben werden; das System meldet (auf Englisch): { $words }
mail-problem-unwritable = Die E-Mail konnte nicht geschrieben werden; die Mail-Bibliothek meldet (auf Englisch): { $words }
mail-problem-out-of-tries = alle { $tries } Versuche sind aufgebraucht
mail-problem-unchecked = Die letzte Prüfung vor dem Versand scheiterte; die Datenbank meldet (auf Englisch): { $words }
mail-problem-unreadable = Der Eintrag der E-Mail im Postausgang ist nicht lesbar, daher wurde sie ungesendet beiseitegelegt; die Datenbank meldet (auf Englisch): { $words }
mail-problem-uncounted = Der Versuch ließ sich nicht zählen, daher wurde die E-Mail ungesendet beiseitegelegt (sonst könnte sie immer wieder hinausgehen); die Datenbank meldet (auf Englisch): { $words }
mail-problem-unreleased = Die E-Mail ließ sich nicht in die Warteschlange zurücklegen, daher wurde sie ungesendet beiseitegelegt (sonst würde jede Rückgabe scheitern); die Datenbank meldet (auf Englisch): { $words }
mail-problem-other = { $words }

## Betriebssystem-Konten mit Moderatoren verknüpfen

link-bad-os-user = „{ $value }“ ist kein Name eines Betriebssystem-Kontos: Er darf nicht leer und nicht länger als 64 Zeichen sein und weder Leerzeichen noch Steuerzeichen, „:“ oder „/“ enthalten.
link-unknown-email = Es gibt kein Mitglied mit der Adresse { $value }.
link-not-a-moderator = { $value } ist kein Moderator: Diese Person moderiert keine Gruppe, daher kann ihr Konto nicht verknüpft werden.
link-not-linked = Das Betriebssystem-Konto „{ $value }“ ist mit keinem Moderator verknüpft.

## Antworten auf Tickets, das Schließen und das Wiederöffnen

ticket-reply-not-a-moderator = { $email } ist kein Moderator: Diese Person moderiert keine Gruppe und kann daher keine Antwort unterschreiben. Es wurde nichts gesendet.
ticket-reply-closed = Ticket #{ $ticket } ist geschlossen, daher wurde nichts gesendet. Öffnen Sie es zuerst wieder und antworten Sie dann: in der Konsole auf der Seite „Tickets“ mit der Taste o oder mit helpdesk tickets reopen { $ticket }{ $db } --as IHRE-ADRESSE.
ticket-reopen-not-a-moderator = { $email } ist kein Moderator: Diese Person moderiert keine Gruppe und kann daher kein Ticket wieder öffnen. Es wurde nichts geändert.
ticket-reopen-open = Ticket #{ $ticket } ist bereits offen; es gibt nichts wieder zu öffnen.
ticket-close-not-a-moderator = { $email } ist kein Moderator: Diese Person moderiert keine Gruppe und kann daher kein Ticket schließen. Es wurde nichts geändert.
ticket-close-closed = Ticket #{ $ticket } ist bereits geschlossen; es wurde nichts geändert und das Mitglied nicht noch einmal benachrichtigt.
ticket-assign-not-a-moderator = { $email } ist kein Moderator: Diese Person moderiert keine Gruppe und kann daher kein Ticket übernehmen. Es wurde nichts geändert.

## Zeiten in der Zeitzone des Moderators

time-unknown-zone = Es gibt keine Zeitzone namens „{ $zone }“. Verwenden Sie einen Namen wie Europe/Berlin.
time-unreadable = „{ $value }“ ist kein Datum mit Uhrzeit. Schreiben Sie es als 2026-11-22 19:00.
time-skipped = { $wall } gibt es in { $zone } nicht: Die Uhren springen über diese Stunde vor. Meinten Sie { $after }?
time-repeated = Diese Uhrzeit gibt es zweimal, weil die Uhren zurückgestellt werden; genommen wurde { $chosen } (die erste). Für die zweite, { $other }, schreiben Sie { $other_offset }.

## Zurückgehaltene Einladungen prüfen

review-approved = Freigegeben und zugestellt.
review-rejected = Abgelehnt; sie wird nicht zugestellt.
review-rejected-suspended = Abgelehnt; der einladenden Person wurden zu viele Einladungen abgelehnt, sie ist jetzt gesperrt.
review-rules-broken = Nicht freigegeben, weil die Einladung die Regeln nicht mehr erfüllt: { $rules } Sie bleibt zurückgehalten; lehnen Sie sie stattdessen ab.
review-already-reviewed = Schon entschieden: Diese Einladung { $status ->
        [approved] wurde freigegeben
        [opted-out] wurde freigegeben und dann zurückgezogen: Die eingeladene Person hat Gruppeneinladungen abgeschaltet, bevor die E-Mail hinausging
        [sent] wurde ohne Prüfung zugestellt
       *[rejected] wurde abgelehnt
    }.
review-invitee-opted-out = Nicht entschieden: Die eingeladene Person hat Gruppeneinladungen abgeschaltet, während die Einladung zurückgehalten war; damit ist sie zurückgezogen. Sie wird nicht zugestellt und zählt gegen niemanden.
review-not-your-group = Nicht entschieden: Sie moderieren die Gruppe dieser Einladung nicht.
review-own-invitation = Nicht freigegeben: Diese Einladung haben Sie selbst geschickt; freigeben kann sie jemand anderes aus der Moderation der Gruppe. Zurückziehen können Sie sie, indem Sie sie ablehnen.
review-not-found = Nicht entschieden: Diese Einladung gibt es nicht.

## Hinweise zu einer Gruppeneinladung (blockieren das Senden nie)

advice-not-personal = Schreiben Sie persönlich: Sprechen Sie die Person mit Namen an, oder gehen Sie auf das ein, was sie in ihrem Profil sucht oder bietet.
advice-same-text = Fast denselben Text haben Sie schon { $recipients ->
        [one] einer anderen Person
       *[other] { $recipients } anderen Personen
    } geschickt. Eine persönliche Einladung ist für genau diese Person geschrieben.

## A moderator's reply to a ticket, by e-mail (for members without Discord)

mail-ticket-team = Unser Support-Team
mail-ticket-reply-subject = Ihr Support-Ticket #{ $ticket }
mail-ticket-reply =
    Hallo { $name },

    { $moderator } hat auf Ihr Support-Ticket #{ $ticket } geantwortet:

    { $text }

    Wenn Sie noch Fragen haben, antworten Sie einfach auf diese Nachricht.

## Ein hochgeladenes Adressbuch, das sich nicht lesen lässt

address-book-unknown-charset = { $file }:{ $line }: Die vCard nennt den Zeichensatz „{ $label }“, den helpdesk nicht kennt. Exportieren Sie das Adressbuch noch einmal als UTF-8 (Unicode).
address-book-malformed-charset = { $file }:{ $line }: Dieser vCard-Wert ist kein gültiger „{ $label }“-Text, obwohl die Datei das angibt. Exportieren Sie das Adressbuch noch einmal als UTF-8 (Unicode).
address-book-not-found = { $file }: Diese Datei gibt es nicht.
address-book-no-permission = { $file }: helpdesk darf diese Datei nicht lesen (keine Berechtigung).
address-book-cannot-read = { $file }: Das Adressbuch lässt sich nicht lesen: { $reason }
address-book-too-large = { $file }: Das Adressbuch ist { $size } Bytes groß; angenommen werden höchstens { $max } Bytes. Exportieren Sie nur Ihre Kontakte oder teilen Sie die Datei auf.
address-book-not-text = { $file }:{ $line }: Das ist kein Text in einer bekannten Kodierung (UTF-8, UTF-16 oder Windows-1252). Exportieren Sie das Adressbuch noch einmal als UTF-8 (Unicode).
address-book-empty = { $file }: Das Adressbuch ist leer.
address-book-too-many-columns = { $file }:{ $line }: Die Kopfzeile hat mehr als { $max } Spalten; ein Kontakte-Export hat weit weniger.
address-book-more-fields-than-header = { $file }:{ $line }: Die Zeile hat mehr Felder als die Kopfzeile ({ $width }). Steht ein Komma ohne Anführungszeichen in einem Feld?
address-book-unclosed-quote = { $file }:{ $line }: Ein Anführungszeichen wird nicht geschlossen oder steht mitten in einem Feld ohne Anführungszeichen. Setzen Sie das ganze Feld in Anführungszeichen und verdoppeln Sie das innere.
address-book-field-too-long = { $file }:{ $line }: Ein Feld ist { $size } Bytes lang; angenommen werden höchstens { $max }.
address-book-text-after-quote = { $file }:{ $line }: Text nach einem schließenden Anführungszeichen. Ein Feld in Anführungszeichen muss am Trennzeichen oder am Zeilenende enden.
address-book-csv = { $file }:{ $line }: Die CSV-Datei lässt sich nicht lesen; der CSV-Leser meldet (auf Englisch): { $reason }
address-book-not-a-contacts-header = { $file }:{ $line }: Das ist keine Kopfzeile eines Kontakte-Exports von Google, Outlook oder Thunderbird. Erwartet wird eine Spalte „E-Mail 1 - Wert“ (Google), „E-Mail-Adresse“ (Outlook) oder „Primäre E-Mail-Adresse“ (Thunderbird), in englischen Exporten „E-mail 1 - Value“, „E-mail Address“ oder „Primary Email“.
address-book-too-many-addresses = { $file }:{ $line }: Mehr als { $max } Adressen. Teilen Sie das Adressbuch in kleinere Dateien auf.
address-book-vcard-no-colon = { $file }:{ $line }: Eine vCard-Zeile braucht die Form „NAME:Wert“.
address-book-vcard-begin-inside = { $file }:{ $line }: BEGIN innerhalb der vCard, die in Zeile { $start } beginnt. Fehlt ein END:VCARD?
address-book-vcard-outside = { $file }:{ $line }: Text außerhalb von BEGIN:VCARD … END:VCARD
address-book-vcard-version = { $file }:{ $line }: Die vCard-Version „{ $version }“ wird nicht unterstützt; verwenden Sie 2.1, 3.0 oder 4.0.
address-book-vcard-no-end = { $file }:{ $line }: Dieser vCard fehlt das END:VCARD.

## Eine Community-Datei für `helpdesk import`, die sich nicht übernehmen lässt (nach „Datei:Zeile: “)

import-unreadable = Die Datei lässt sich nicht lesen: { $reason }
import-not-utf8 = Das ist kein UTF-8-Text (TOML-Dateien sind UTF-8; speichern Sie die Datei so)
import-not-an-address = „{ $address }“ ist keine E-Mail-Adresse
import-no-name = Das Mitglied { $email } hat keinen Namen
import-name-control = Der Name des Mitglieds { $email } enthält ein Steuerzeichen (einen Zeilenumbruch, einen Tabulator oder ein Escape-Zeichen)
import-discord-taken = Der Discord-Benutzer { $discord } ist schon mit dem Mitglied { $holder } verknüpft
import-member-not-written = Das Mitglied { $email } ließ sich nicht schreiben: { $reason }
import-group-no-name = Eine Gruppe braucht einen Namen
import-group-name-control = Der Gruppenname „{ $name }“ enthält ein Steuerzeichen
import-no-member = Kein Mitglied hat die Adresse „{ $address }“
import-no-group = Keine Gruppe heißt „{ $group }“
import-ambassador-needs-kind = Ein Botschafter braucht ambassador = "regional" oder "xpert"
import-ambassador-without-role = ambassador = … gehört nur zu role = "ambassador"
import-own-contact = { $email } kann nicht der eigene Kontakt sein
import-no-lang = Das Mitglied { $email } ist neu und braucht lang = "en" oder "de"
import-discord-not-an-id = „{ $discord }“ ist keine Discord-Benutzer-ID (eine Zahl aus Ziffern, etwa 123456789012345678)
import-duplicate-member = Das Mitglied { $email } steht schon in Zeile { $first } dieser Datei
import-duplicate-group = Die Gruppe „{ $group }“ steht schon in Zeile { $first } dieser Datei
import-duplicate-membership = Die Mitgliedschaft von { $email } in der Gruppe „{ $group }“ steht schon in Zeile { $first } dieser Datei
import-duplicate-contact = Der Kontakt { $a } – { $b } steht schon in Zeile { $first } dieser Datei

# Ein Fehler der Datenbankdatei, mit ihrem Pfad.
error-no-database = Unter { $path } gibt es keine Datenbank, und dieser Befehl legt keine an. Prüfen Sie den Pfad oder legen Sie die Datenbank an: „helpdesk import { $db } COMMUNITY.toml“ lädt Ihre Community, „helpdesk demo { $db }“ legt eine mit erfundenen Mitgliedern an.
error-db-not-sqlite = { $path }: keine SQLite-Datenbank
error-db-damaged = { $path }: die Datenbank ist beschädigt
error-db-read-only = { $path }: die Datei ist schreibgeschützt, aber helpdesk muss in sie schreiben
error-db-cannot-open = { $path }: die Datei lässt sich nicht öffnen
error-db-disk-full = { $path }: der Datenträger ist voll
error-db-other = { $path }: die Datenbank meldet (auf Englisch): { $reason }
error-db-too-old = { $path }: Die Datenbank hat die Schemaversion { $found } und ist älter als dieses helpdesk ({ $known }). Führen Sie einmal „helpdesk tickets list { $db }“ aus, um sie zu aktualisieren.
error-db-too-new = { $path }: Die Datenbank hat die Schemaversion { $found }, die neuer ist, als dieses helpdesk kennt ({ $known }). Bitte aktualisieren Sie helpdesk.
error-db-locked = { $path }: ein anderes Programm arbeitet gerade mit der Datenbank (die Konsole, der Dienst oder ein anderer Befehl). Versuchen Sie es gleich noch einmal.
error-db-unfolded = { $path }: die Änderungen aus dem Write-Ahead-Log (der „-wal“-Datei) ließen sich nicht alle in die Datenbankdatei schreiben; die Datei allein wäre also unvollständig.

# Ein Datensatz, nach dem gefragt wurde und den es nicht gibt.
error-not-found = Nicht gefunden: { $kind } { $key }.
error-not-found-member = Es gibt kein Mitglied { $key }.
error-not-found-group = Es gibt keine Gruppe { $key }.
error-not-found-member-or-group = Ein Mitglied oder die Gruppe dieser Einladung fehlt (Mitglieder und Gruppe: { $key }).
error-not-found-invitation = Es gibt keine Einladung #{ $key }.
error-not-found-event = Es gibt kein Event #{ $key }.
error-not-found-ticket = Es gibt kein Ticket #{ $key }.
error-not-found-ticket-file = Es gibt keine Ticket-Datei #{ $key }.
error-not-found-ticket-of-member = Dieses Mitglied hat kein Ticket #{ $key }.
error-not-found-closed-ticket-of-member = Dieses Mitglied hat kein geschlossenes Ticket #{ $key }.
error-not-found-unanswered-question = Es gibt keine unbeantwortete Frage #{ $key }; vielleicht wurde sie inzwischen verknüpft oder entfernt.

# Eine Änderung, die die Regeln ablehnen.
error-demo-into-community = Die Datenbank hat schon { $members } Mitglieder; eine Demo wird nur in eine leere Datenbank eingespielt.
error-campaign-ends-first = Die Aktion „{ $name }“ endet, bevor sie beginnt.
error-not-an-ambassador = Mitglied { $member } ist kein Botschafter der Gruppe { $group }; offizielle Events verwalten nur Botschafter.
error-event-incomplete = Ein Event braucht einen Titel und einen Ort.
error-event-in-the-past = { $when } liegt in der Vergangenheit, daher würde das Event nie unter den kommenden erscheinen. Es wurde nichts gespeichert; prüfen Sie das Datum (das Jahr?).
error-empty-reply = Eine Antwort braucht Text.
error-rating = Eine Bewertung geht von 1 bis 5, nicht { $rating }.
error-mail-not-claimed = Die Mail { $mail } im Postausgang wird gerade nicht verschickt.
error-unknown-schema = Die Datenbank hat die Schemaversion { $found }, die kein helpdesk schreibt.
error-no-data-dir = Für die Standard-Datenbank wurde kein Home-Verzeichnis gefunden; geben Sie --db PFAD an.
error-randomness = Der Zufallszahlengenerator des Betriebssystems hat versagt: { $reason }

## Why a member's file could not be fetched (shown with the file)
file-failure-http = Discords Dateiserver antwortete mit HTTP { $status }
file-failure-timeout = keine Antwort innerhalb von { $seconds } s
file-failure-network = die Verbindung schlug fehl: { $reason }
file-failure-no-ticket = das Mitglied hatte beim Senden kein offenes Ticket
file-failure-not-direct = sie kam mit einer Erwähnung in einem Kanal, nicht in einer Direktnachricht
file-failure-fetching = noch nicht geholt: der Bot holt sie gerade oder beim nächsten Start
