## Problems in FAQ files (`faq check`, `faq link`, `faq eval`, `faq fit`,
## `--faq-dir`, the console's link), shown as `file:line: message`.

faq-not-utf8 = not valid UTF-8
faq-unreadable = cannot read: { $reason }
faq-lang-unreadable = cannot read the { $lang } articles: { $reason }
faq-not-a-folder = not a folder (expected a folder with en/ and de/ inside)
faq-no-folder = no such folder (expected a folder with en/ and de/ inside)
faq-no-articles = no articles: expected en/*.md and de/*.md inside
faq-bad-id = the id "{ $id }" (the file name) may only use a-z, 0-9 and "-"
faq-duplicate-id = duplicate id "{ $id }": { $first } has it too
faq-no-front-matter = expected front matter: the first line must be +++
faq-front-matter-not-closed = the front matter is not closed: add a line with +++
faq-front-matter = front matter: { $problem }
faq-empty-title = the title is empty
faq-no-body = the article has no body
faq-few-questions = list at least { $least } questions (other ways members ask this); found { $found }
faq-empty-question = a question is empty
faq-linked-refused = linked phrasing { $number }: { $why }
faq-linked-untidy = linked phrasing { $number } has line breaks, runs of spaces or invisible characters; write it as { $tidy }
faq-linked-twice = linked phrasing { $number } is listed twice: "{ $phrasing }"
faq-linked-not-list = `linked` is not a list
faq-no-tag = give at least one tag
faq-unknown-tag = unknown tag "{ $tag }" (topics: { $topics })
faq-related-itself = an article cannot be related to itself
faq-related-unknown = related id "{ $id }" is not an article
faq-missing-translation = missing translation: there is no { $lang }/{ $id }.md
faq-phrasing-empty = the phrasing is empty
faq-phrasing-no-words = the phrasing has no letter or digit
faq-phrasing-too-long = the phrasing is longer than { $most } characters
faq-phrasing-refused = { $why }: "{ $phrasing }"
faq-changed-since-check = the file changed after it was checked; run the link again
faq-read-only = the file is read-only; make it writable to link phrasings into it
faq-edit-too-wide = the edit would change more than the phrasings
faq-not-checked = the file was not among those checked
faq-partly-replaced = { $count } article files were already replaced; run the link again to finish
faq-unknown-ids = no article `{ $ids }` in the FAQ
faq-no-version = article `{ $id }` has no { $lang } version
faq-topic-bad-id = the topic id "{ $id }" may only use a-z, 0-9 and "-"
faq-topic-twice = the topic "{ $id }" is listed twice
faq-topic-no-name = the topic "{ $id }" has no { $lang } name
faq-no-topics = no topics: add [[topic]] tables with id, en and de
faq-synonyms = synonyms: { $problem }
faq-questions-bare-cr = a carriage return inside the line: the lines end in bare carriage returns; save the file with LF or CRLF line ends
faq-questions-columns = expected 3 tab-separated columns (accepted-ids, lang, question), found { $found }
faq-questions-lang = language must be `en` or `de`, not `{ $given }`
faq-questions-ids-empty = the accepted ids are empty: write `-` for a question the FAQ does not answer
faq-questions-ids-empty-one = the accepted ids `{ $ids }` have an empty one: a comma too many
faq-questions-ids-invalid = accepted ids must be `-` or article ids separated by commas, not `{ $ids }`
faq-questions-empty = the question is empty
faq-questions-too-long = the question has { $chars } characters; at most { $most } are read
faq-questions-not-utf8 = not UTF-8 text (save the file as UTF-8)
faq-questions-none = no questions: every line is empty or a comment
faq-corpus-problems = the FAQ corpus has problems:
faq-index-failed = the search index failed; the search library says: { $words }
faq-baseline-failed = the FTS5 baseline failed; SQLite says: { $words }

## What a TOML reader found wrong, in a config file or a FAQ file.

toml-unreadable = the TOML reader cannot take this as it stands; it says: { $reason }
toml-unknown-key = there is no key `{ $key }` here
toml-unknown-key-known = there is no key `{ $key }` here; the keys here are { $known }
toml-missing-key = `{ $key }` is missing
toml-wrong-type-number = a whole number belongs here, without quotes
toml-wrong-type-text = text in quotes belongs here
toml-wrong-type-list = a list in square brackets belongs here
toml-wrong-type-table = { $table } must be a table (a section with keys of its own), not a single value
