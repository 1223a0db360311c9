-- A notice to the member that no longer applies (the ticket was reopened,
-- or the member wrote) is marked 'withdrawn' instead of being deleted: its
-- row, and so its id and its Discord nonce `hd-<id>`, is never handed to
-- another message. AUTOINCREMENT keeps that true past deleted rows too.
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt.

CREATE TABLE ticket_deliveries_0009 (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id    INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CHECK (kind IN ('reply', 'warning', 'closed', 'reopened')),
    discord_user TEXT    NOT NULL,
    lang         TEXT    NOT NULL CHECK (lang IN ('en', 'de')),
    author       TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'sent', 'failed', 'withdrawn')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_attempt INTEGER NOT NULL,
    last_error   TEXT,
    created_at   INTEGER NOT NULL,
    sent_at      INTEGER,
    message_id   TEXT
);
INSERT INTO ticket_deliveries_0009 (id, ticket_id, kind, discord_user, lang, author, body,
    status, attempts, next_attempt, last_error, created_at, sent_at, message_id)
SELECT id, ticket_id, kind, discord_user, lang, author, body,
    status, attempts, next_attempt, last_error, created_at, sent_at, message_id
FROM ticket_deliveries;
DROP TABLE ticket_deliveries;
ALTER TABLE ticket_deliveries_0009 RENAME TO ticket_deliveries;
CREATE INDEX deliveries_pending ON ticket_deliveries (status, ticket_id, id);
