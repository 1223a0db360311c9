## The command line: help texts

cli-about = A bilingual help desk for the community: FAQ answers, moderation and support.
cli-lang = Language of the messages (en or de); defaults to the environment's language
cli-faq-dir = Load the FAQ from this folder instead of the built-in one
cli-ask-about = Answer questions from the FAQ, in the language of the question
cli-ask-lang = Language of the question (en or de); detected when left out
cli-ask-json = Print one JSON object per question
cli-ask-stdin = Read one question per line from standard input
cli-ask-question = The question
cli-faq-about = Work on the FAQ corpus
cli-faq-check-about = Check the FAQ corpus and report every problem as file:line
cli-faq-check-dir = The corpus folder to check (default: the built-in corpus)
cli-help = Print help
cli-version = Print version

## helpdesk ask

ask-confidence = Confidence: { $percent } %
ask-see-also = See also:
ask-related = Related articles:
ask-not-answered = Sorry, the FAQ has no answer to that question.
ask-closest = These articles come closest:
ask-other-language = This article only exists in { $language ->
        [de] German
       *[en] English
    }.
ask-empty-question = Please type a question, for example: How do I reset my password?
ask-no-questions = No question given. Type one after "ask", or use --stdin.

## helpdesk faq check

faq-check-clean = { $articles } articles checked: no problems found.
faq-check-problems = { $problems ->
        [one] One problem found.
       *[other] { $problems } problems found.
    }

## Errors

error-prefix = error
error-stdin-not-utf8 = line { $line } of standard input is not valid UTF-8
error-stdin-read = could not read standard input: { $reason }
