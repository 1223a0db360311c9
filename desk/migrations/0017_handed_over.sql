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
