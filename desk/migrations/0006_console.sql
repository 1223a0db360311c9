-- The console, second version: who runs it, search keys, the review queue.

-- Operating-system accounts linked to moderators, the way psql maps peers:
-- the console knows its moderator from the account that runs it.
CREATE TABLE moderator_accounts (
    os_user   TEXT    PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    linked_at INTEGER NOT NULL
);
CREATE INDEX moderator_accounts_by_member ON moderator_accounts (member_id);

-- Which operating-system account did it, beside which member.
ALTER TABLE audit_log ADD COLUMN os_user TEXT;

-- Folded search keys (locales::fold::search_key): one per name part onward
-- ("anna maria muller", "maria muller", "muller") and one for the e-mail
-- address, so a prefix range on `key` finds "MÜLLER" and "muller" alike.
-- Filled from Rust after this script (Store::migrate) and kept by upsert_member.
CREATE TABLE member_search_keys (
    key       TEXT    NOT NULL,
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    PRIMARY KEY (key, member_id)
) WITHOUT ROWID;
CREATE INDEX member_search_keys_by_member ON member_search_keys (member_id, key);
