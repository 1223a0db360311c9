-- Tickets between Discord and the console: who a ticket waits for, its
-- times, the rating, the staff-channel announcement, and the durable queue
-- of messages to the member.

ALTER TABLE tickets ADD COLUMN waiting_for TEXT NOT NULL DEFAULT 'team'
    CHECK (waiting_for IN ('team', 'member'));
ALTER TABLE tickets ADD COLUMN first_response_at INTEGER;
ALTER TABLE tickets ADD COLUMN closed_at INTEGER;
-- The member's last message (or the opening).
ALTER TABLE tickets ADD COLUMN last_member_at INTEGER;
-- When the ticket began waiting for the member; auto-close counts from here.
ALTER TABLE tickets ADD COLUMN waiting_since INTEGER;
ALTER TABLE tickets ADD COLUMN warned_at INTEGER;
ALTER TABLE tickets ADD COLUMN rating INTEGER CHECK (rating BETWEEN 1 AND 5);
ALTER TABLE tickets ADD COLUMN rating_comment TEXT;
-- The last ticket_messages id a moderator has seen.
ALTER TABLE tickets ADD COLUMN seen_upto INTEGER NOT NULL DEFAULT 0;
-- The staff channel's announcement (a Discord message id), once posted.
ALTER TABLE tickets ADD COLUMN staff_message TEXT;
-- Set when the announcement must be posted or edited.
-- Changes not yet shown in the staff channel (counted, so that a change made
-- while the bot posts is not lost).
ALTER TABLE tickets ADD COLUMN staff_dirty INTEGER NOT NULL DEFAULT 1;
UPDATE tickets SET last_member_at = created_at, staff_dirty = 0;
CREATE INDEX tickets_by_requester ON tickets (requester, status);

-- What the bot guessed before the handover, best first.
CREATE TABLE ticket_guesses (
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    rank       INTEGER NOT NULL,
    article_id TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    confidence REAL    NOT NULL,
    PRIMARY KEY (ticket_id, rank)
) WITHOUT ROWID;

-- Messages to the member on Discord, delivered by the running bot in order
-- per ticket. `nonce` lets Discord drop a resend of a message it already has.
CREATE TABLE ticket_deliveries (
    id           INTEGER PRIMARY KEY,
    ticket_id    INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CHECK (kind IN ('reply', 'warning', 'closed', 'reopened')),
    discord_user TEXT    NOT NULL,
    lang         TEXT    NOT NULL CHECK (lang IN ('en', 'de')),
    author       TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_attempt INTEGER NOT NULL,
    last_error   TEXT,
    created_at   INTEGER NOT NULL,
    sent_at      INTEGER,
    message_id   TEXT
);
CREATE INDEX deliveries_pending ON ticket_deliveries (status, ticket_id, id);
