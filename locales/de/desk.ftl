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

## A moderator's reply to a ticket, by e-mail (for members without Discord)

mail-ticket-team = Unser Support-Team
mail-ticket-reply-subject = Ihr Support-Ticket #{ $ticket }
mail-ticket-reply =
    Hallo { $name },

    { $moderator } hat auf Ihr Support-Ticket #{ $ticket } geantwortet:

    { $text }

    Wenn Sie noch Fragen haben, antworten Sie einfach auf diese Nachricht.
