-- A reply longer than one DM goes out in pieces. Each piece Discord
-- accepted is counted on its delivery as it is accepted, so a reply sent
-- again later (Discord could not reach the member, who then wrote) starts
-- at the first piece not delivered: Discord remembers a nonce for minutes,
-- not until the member writes again. For a delivery given up after a piece
-- went unanswered, the count says which pieces surely arrived.
ALTER TABLE ticket_deliveries ADD COLUMN pieces_sent INTEGER NOT NULL DEFAULT 0;

-- A file a member sent with a message to their ticket. Discord's links to
-- files expire after about a day, so the bot keeps the file itself (up to
-- a size): 'kept' has its bytes, 'too-large' and 'failed' (with why) only
-- the link. The size is what Discord said the file has.
CREATE TABLE ticket_files (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id   INTEGER NOT NULL REFERENCES ticket_messages (id) ON DELETE CASCADE,
    filename     TEXT    NOT NULL,
    content_type TEXT,
    size         INTEGER NOT NULL,
    url          TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('kept', 'too-large', 'failed')),
    problem      TEXT,
    content      BLOB,
    CHECK ((state = 'kept') = (content IS NOT NULL))
);
CREATE INDEX ticket_files_by_message ON ticket_files (message_id);
