-- A member who switches group invitations off withdraws what still waits
-- for them: a held invitation becomes 'opted-out' (no moderator's verdict,
-- so no strike against the sender), and an invitation mail the courier has
-- not yet handed over ends in the outbox state 'opted-out' instead of going
-- out. SQLite cannot change a CHECK constraint in place, so both tables are
-- rebuilt; the outbox refers to the invitations, so this runs with foreign
-- keys off (see `Store::migrate`), and their check runs before the commit.

CREATE TABLE group_invitations_0013 (
    id           INTEGER PRIMARY KEY,
    inviter      INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    invitee      INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    group_id     INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    subject      TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    route        TEXT    NOT NULL CHECK (route IN ('profile', 'group')),
    status       TEXT    NOT NULL
                 CHECK (status IN ('sent', 'flagged', 'approved', 'rejected', 'opted-out')),
    flags        TEXT    NOT NULL DEFAULT '[]',
    -- Hashed word shingles of body, for the mass-mail rule (see mass_mail.rs).
    fingerprint  BLOB    NOT NULL DEFAULT x'',
    sent_at      INTEGER NOT NULL,
    reviewed_by  INTEGER REFERENCES members (id),
    reviewed_at  INTEGER,
    review_note  TEXT,
    delivered_at INTEGER
);
INSERT INTO group_invitations_0013 (id, inviter, invitee, group_id, subject, body, route,
    status, flags, fingerprint, sent_at, reviewed_by, reviewed_at, review_note, delivered_at)
SELECT id, inviter, invitee, group_id, subject, body, route,
    status, flags, fingerprint, sent_at, reviewed_by, reviewed_at, review_note, delivered_at
FROM group_invitations;
DROP TABLE group_invitations;
ALTER TABLE group_invitations_0013 RENAME TO group_invitations;
CREATE INDEX group_invitations_by_inviter ON group_invitations (inviter, sent_at DESC, invitee);
CREATE INDEX group_invitations_flagged ON group_invitations (sent_at) WHERE status = 'flagged';
CREATE INDEX group_invitations_news ON group_invitations (group_id, delivered_at)
    WHERE delivered_at IS NOT NULL;
CREATE INDEX group_invitations_approved ON group_invitations (inviter, invitee, delivered_at)
    WHERE status = 'approved';

-- Invitations held for someone who switched invitations off before this
-- version were left held, to be rejected with a strike against the sender:
-- they are withdrawn as an opt-out now withdraws them (when: the upgrade).
UPDATE group_invitations SET status = 'opted-out',
    reviewed_at = CAST(strftime('%s', 'now') AS INTEGER)
WHERE status = 'flagged'
  AND invitee IN (SELECT id FROM members WHERE group_invitations = 0);

-- state: queued (waiting, maybe for a retry), sending (handed to a transport
-- and not yet recorded), sent, failed (refused for good; last_error says
-- why), opted-out (an invitation whose invitee switched invitations off
-- before it went out; never sent).
CREATE TABLE outbox_0013 (
    id              INTEGER PRIMARY KEY,
    to_member       INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    to_email        TEXT    NOT NULL,
    lang            TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    invitation_id   INTEGER REFERENCES group_invitations (id) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'opted-out')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    sent_at         INTEGER,
    message_id      TEXT,
    last_error      TEXT
);
INSERT INTO outbox_0013 (id, to_member, to_email, lang, subject, body, invitation_id,
    created_at, state, attempts, next_attempt_at, sent_at, message_id, last_error)
SELECT id, to_member, to_email, lang, subject, body, invitation_id,
    created_at, state, attempts, next_attempt_at, sent_at, message_id, last_error
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_0013 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at, id);
CREATE INDEX outbox_invitation ON outbox (invitation_id);
