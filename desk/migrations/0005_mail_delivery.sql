-- Mail delivery: the outbox becomes a queue that `helpdesk serve` works off.
-- state: queued (waiting, maybe for a retry), sending (handed to a transport
-- and not yet recorded), sent, failed (refused for good; last_error says why).
ALTER TABLE outbox ADD COLUMN state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'sending', 'sent', 'failed'));
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN sent_at INTEGER;
ALTER TABLE outbox ADD COLUMN message_id TEXT;
ALTER TABLE outbox ADD COLUMN last_error TEXT;

-- The courier walks this in order; the state equality keeps the plan fixed.
CREATE INDEX outbox_due ON outbox (state, next_attempt_at, id);
-- The console looks up the mail of an invitation.
CREATE INDEX outbox_invitation ON outbox (invitation_id);
