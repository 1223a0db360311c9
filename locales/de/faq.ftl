## Probleme in FAQ-Dateien (`faq check`, `faq link`, `faq eval`, `faq fit`,
## `--faq-dir`, das Verknüpfen in der Konsole), gezeigt als `Datei:Zeile: Meldung`.

faq-not-utf8 = kein gültiges UTF-8
faq-unreadable = kann nicht gelesen werden: { $reason }
faq-lang-unreadable = Die Artikel in { $lang } können nicht gelesen werden: { $reason }
faq-not-a-folder = kein Ordner (erwartet wird ein Ordner mit en/ und de/ darin)
faq-no-folder = Diesen Ordner gibt es nicht (erwartet wird ein Ordner mit en/ und de/ darin)
faq-no-articles = keine Artikel: erwartet werden en/*.md und de/*.md darin
faq-bad-id = Die ID „{ $id }“ (der Dateiname) darf nur a-z, 0-9 und „-“ enthalten
faq-duplicate-id = doppelte ID „{ $id }“: { $first } hat sie auch
faq-no-front-matter = Front Matter fehlt: Die erste Zeile muss +++ sein
faq-front-matter-not-closed = Das Front Matter ist nicht geschlossen: eine Zeile mit +++ ergänzen
faq-front-matter = Front Matter: { $problem }
faq-empty-title = Der Titel ist leer
faq-no-body = Der Artikel hat keinen Text
faq-few-questions = Mindestens { $least } Fragen angeben (andere Arten, wie Mitglieder danach fragen); gefunden: { $found }
faq-empty-question = Eine Frage ist leer
faq-linked-refused = verknüpfte Formulierung { $number }: { $why }
faq-linked-untidy = Verknüpfte Formulierung { $number } enthält Zeilenumbrüche, mehrere Leerzeichen hintereinander oder unsichtbare Zeichen; schreiben Sie sie als { $tidy }
faq-linked-twice = Verknüpfte Formulierung { $number } steht doppelt da: „{ $phrasing }“
faq-linked-not-list = `linked` ist keine Liste
faq-no-tag = Mindestens ein Tag angeben
faq-unknown-tag = unbekanntes Tag „{ $tag }“ (Themen: { $topics })
faq-related-itself = Ein Artikel kann nicht mit sich selbst verwandt sein
faq-related-unknown = Die verwandte ID „{ $id }“ ist kein Artikel
faq-missing-translation = Übersetzung fehlt: Es gibt kein { $lang }/{ $id }.md
faq-phrasing-empty = Die Formulierung ist leer
faq-phrasing-no-words = Die Formulierung enthält keinen Buchstaben und keine Ziffer
faq-phrasing-too-long = Die Formulierung ist länger als { $most } Zeichen
faq-phrasing-refused = { $why }: „{ $phrasing }“
faq-changed-since-check = Die Datei hat sich nach der Prüfung geändert; das Verknüpfen erneut starten
faq-read-only = Die Datei ist schreibgeschützt; machen Sie sie beschreibbar, um Formulierungen hineinzuschreiben
faq-edit-too-wide = Die Änderung würde mehr als die Formulierungen ändern
faq-not-checked = Die Datei war nicht unter den geprüften
faq-partly-replaced = { $count } Artikeldateien wurden schon ersetzt; das Verknüpfen erneut starten, um den Rest zu erledigen
faq-unknown-ids = Einen Artikel `{ $ids }` gibt es in der FAQ nicht
faq-no-version = Den Artikel `{ $id }` gibt es nicht auf { $lang }
faq-topic-bad-id = Die Themen-ID „{ $id }“ darf nur a-z, 0-9 und „-“ enthalten
faq-topic-twice = Das Thema „{ $id }“ steht doppelt da
faq-topic-no-name = Das Thema „{ $id }“ hat keinen Namen auf { $lang }
faq-no-topics = keine Themen: [[topic]]-Tabellen mit id, en und de ergänzen
faq-synonyms = Synonyme: { $problem }
faq-questions-bare-cr = ein Wagenrücklauf mitten in der Zeile: Die Zeilen enden mit bloßen Wagenrückläufen; speichern Sie die Datei mit LF- oder CRLF-Zeilenenden
faq-questions-columns = Erwartet werden 3 durch Tabulatoren getrennte Spalten (akzeptierte IDs, Sprache, Frage), gefunden: { $found }
faq-questions-lang = Die Sprache muss `en` oder `de` sein, nicht `{ $given }`
faq-questions-ids-empty = Die akzeptierten IDs sind leer: `-` schreiben für eine Frage, die die FAQ nicht beantwortet
faq-questions-ids-empty-one = Unter den akzeptierten IDs `{ $ids }` ist eine leer: ein Komma zu viel
faq-questions-ids-invalid = Akzeptierte IDs müssen `-` oder durch Kommas getrennte Artikel-IDs sein, nicht `{ $ids }`
faq-questions-empty = Die Frage ist leer
faq-questions-too-long = Die Frage hat { $chars } Zeichen; gelesen werden höchstens { $most }
faq-questions-not-utf8 = kein UTF-8-Text (speichern Sie die Datei als UTF-8)
faq-questions-none = keine Fragen: Jede Zeile ist leer oder ein Kommentar
faq-corpus-problems = Die FAQ hat Probleme:
faq-index-failed = Der Suchindex hat versagt; die Suchbibliothek meldet (auf Englisch): { $words }
faq-baseline-failed = Die FTS5-Vergleichssuche hat versagt; SQLite meldet (auf Englisch): { $words }

## Was ein TOML-Leser bemängelt, in einer Konfigurationsdatei oder einer FAQ-Datei.

toml-unreadable = So kann der TOML-Leser das nicht übernehmen; der TOML-Leser meldet (auf Englisch): { $reason }
toml-unknown-key = Einen Schlüssel `{ $key }` gibt es hier nicht
toml-unknown-key-known = Einen Schlüssel `{ $key }` gibt es hier nicht; die Schlüssel hier sind { $known }
toml-missing-key = `{ $key }` fehlt
toml-wrong-type-number = Hier gehört eine ganze Zahl hin, ohne Anführungszeichen
toml-wrong-type-text = Hier gehört Text in Anführungszeichen hin
toml-wrong-type-list = Hier gehört eine Liste in eckigen Klammern hin
toml-wrong-type-table = { $table } muss eine Tabelle sein (ein Abschnitt mit eigenen Schlüsseln), kein einzelner Wert
