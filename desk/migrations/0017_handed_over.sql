-- Whether a mail in 'sending' was let go by the courier's last check (and so
-- may have reached the server) or only claimed: the next start tells the two
-- apart when it queues them again, instead of one count for both. Cleared at
-- each claim; it says something only while the row is 'sending'.
ALTER TABLE outbox ADD COLUMN handed_over INTEGER NOT NULL DEFAULT 0
    CHECK (handed_over IN (0, 1));
-- A mail an older version left 'sending' with a try counted may have been let
-- go: which one is not known, so it is counted as possibly sent, never as
-- surely not.
UPDATE outbox SET handed_over = 1 WHERE state = 'sending' AND attempts > 0;
-- Whether some try of the mail may have reached the server although no
-- success was recorded: let go and its outcome never recorded (the next start
-- sets it from handed_over), or ended with no answer, a broken connection or
-- a Maildir not synced. Never cleared, unlike handed_over: a mail that fails
-- for good counts as undelivered (rule 4, the group's news) only without it.
ALTER TABLE outbox ADD COLUMN maybe_accepted INTEGER NOT NULL DEFAULT 0
    CHECK (maybe_accepted IN (0, 1));
-- An older row kept only the reason of its last try: one with more than one
-- try, or whose one try left no reason or one that does not rule out that the
-- server took it, may have been accepted.
UPDATE outbox SET maybe_accepted = 1
WHERE attempts > 1
   OR (attempts = 1 AND (last_error IS NULL
       OR substr(last_error, 1, instr(last_error || ' ', ' ') - 1)
          NOT IN ('refused', 'deferred', 'login', 'session', 'unwritable', 'check')));
