-- The community: members, contacts, groups and roles.
CREATE TABLE members (
    id                INTEGER PRIMARY KEY,
    email             TEXT    NOT NULL UNIQUE,
    name              TEXT    NOT NULL,
    lang              TEXT    NOT NULL CHECK (lang IN ('en', 'de')),
    premium           INTEGER NOT NULL DEFAULT 0 CHECK (premium IN (0, 1)),
    group_invitations INTEGER NOT NULL DEFAULT 1 CHECK (group_invitations IN (0, 1)),
    discord_id        TEXT UNIQUE,
    seeks             TEXT    NOT NULL DEFAULT '',
    offers            TEXT    NOT NULL DEFAULT '',
    invite_token      TEXT    NOT NULL UNIQUE,
    suspended_at      INTEGER,
    created_at        INTEGER NOT NULL
);
CREATE INDEX members_name ON members (name COLLATE NOCASE);

-- Direct contacts are symmetric: one row per pair, smaller id first.
CREATE TABLE contacts (
    a     INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    b     INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    since INTEGER NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) WITHOUT ROWID;
CREATE INDEX contacts_by_b ON contacts (b, a);

CREATE TABLE groups (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    kind        TEXT NOT NULL CHECK (kind IN ('regional', 'industry'))
);

CREATE TABLE memberships (
    group_id        INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    member_id       INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    role            TEXT    NOT NULL CHECK (role IN ('member', 'moderator', 'ambassador')),
    ambassador_kind TEXT CHECK (ambassador_kind IN ('regional', 'xpert')),
    joined_at       INTEGER NOT NULL,
    PRIMARY KEY (group_id, member_id),
    CHECK ((role = 'ambassador') = (ambassador_kind IS NOT NULL))
) WITHOUT ROWID;
CREATE INDEX memberships_by_member ON memberships (member_id, group_id);

-- Group invitations, their mail and the group's news feed.
CREATE TABLE group_invitations (
    id           INTEGER PRIMARY KEY,
    inviter      INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    invitee      INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    group_id     INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    subject      TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    route        TEXT    NOT NULL CHECK (route IN ('profile', 'group')),
    status       TEXT    NOT NULL CHECK (status IN ('sent', 'flagged', 'approved', 'rejected')),
    flags        TEXT    NOT NULL DEFAULT '[]',
    -- Hashed word shingles of body, for the mass-mail rule (see mass_mail.rs).
    fingerprint  BLOB    NOT NULL DEFAULT x'',
    sent_at      INTEGER NOT NULL,
    reviewed_by  INTEGER REFERENCES members (id),
    reviewed_at  INTEGER,
    review_note  TEXT
);
-- Serves rule 4 (inviter and invitee) and the mass-mail rule (inviter, newest first).
CREATE INDEX group_invitations_by_inviter ON group_invitations (inviter, sent_at DESC);
CREATE INDEX group_invitations_flagged ON group_invitations (sent_at) WHERE status = 'flagged';

CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    to_member     INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    to_email      TEXT    NOT NULL,
    lang          TEXT    NOT NULL,
    subject       TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    invitation_id INTEGER REFERENCES group_invitations (id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL
);

CREATE TABLE group_news (
    id            INTEGER PRIMARY KEY,
    group_id      INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL,
    actor         INTEGER REFERENCES members (id) ON DELETE SET NULL,
    subject       INTEGER REFERENCES members (id) ON DELETE SET NULL,
    invitation_id INTEGER REFERENCES group_invitations (id) ON DELETE CASCADE,
    at            INTEGER NOT NULL
);
CREATE INDEX group_news_by_group ON group_news (group_id, at);

-- Referrals and the Premium bonus.
CREATE TABLE referral_invitations (
    id       INTEGER PRIMARY KEY,
    referrer INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    email    TEXT    NOT NULL,
    sent_at  INTEGER NOT NULL
);
CREATE INDEX referral_invitations_by_email ON referral_invitations (email, sent_at);

CREATE TABLE campaigns (
    id        INTEGER PRIMARY KEY,
    name      TEXT    NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at   INTEGER NOT NULL,
    CHECK (starts_at < ends_at)
);

CREATE TABLE registrations (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL UNIQUE REFERENCES members (id) ON DELETE CASCADE,
    referrer    INTEGER REFERENCES members (id) ON DELETE SET NULL,
    via         TEXT    NOT NULL CHECK (via IN ('email', 'link', 'none')),
    credited    INTEGER NOT NULL CHECK (credited IN (0, 1)),
    campaign_id INTEGER REFERENCES campaigns (id),
    at          INTEGER NOT NULL
);
CREATE INDEX registrations_by_referrer ON registrations (referrer, credited);

CREATE TABLE premium_credits (
    id              INTEGER PRIMARY KEY,
    member_id       INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    months          INTEGER NOT NULL CHECK (months > 0),
    registration_id INTEGER REFERENCES registrations (id) ON DELETE CASCADE,
    at              INTEGER NOT NULL
);
CREATE INDEX premium_credits_by_member ON premium_credits (member_id);

-- Ambassador events.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    group_id   INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    created_by INTEGER NOT NULL REFERENCES members (id),
    title      TEXT    NOT NULL,
    starts_at  INTEGER NOT NULL,
    place      TEXT    NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('regional', 'xpert')),
    focus      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX events_by_start ON events (starts_at);

-- Support: tickets, the questions the bot could not answer, feedback.
CREATE TABLE tickets (
    id         INTEGER PRIMARY KEY,
    source     TEXT    NOT NULL CHECK (source IN ('bot', 'console')),
    member_id  INTEGER REFERENCES members (id) ON DELETE SET NULL,
    requester  TEXT    NOT NULL,
    lang       TEXT    NOT NULL CHECK (lang IN ('en', 'de')),
    subject    TEXT    NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('open', 'closed')),
    assignee   INTEGER REFERENCES members (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX tickets_by_status ON tickets (status, updated_at);

CREATE TABLE ticket_messages (
    id        INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    author    TEXT    NOT NULL CHECK (author IN ('member', 'bot', 'moderator')),
    body      TEXT    NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX ticket_messages_by_ticket ON ticket_messages (ticket_id, at);

CREATE TABLE unanswered_questions (
    id             INTEGER PRIMARY KEY,
    question       TEXT    NOT NULL,
    normalized     TEXT    NOT NULL,
    lang           TEXT    NOT NULL CHECK (lang IN ('en', 'de')),
    count          INTEGER NOT NULL DEFAULT 1,
    first_asked    INTEGER NOT NULL,
    last_asked     INTEGER NOT NULL,
    linked_article TEXT,
    UNIQUE (normalized, lang)
);
CREATE INDEX unanswered_by_count ON unanswered_questions (count DESC, last_asked DESC);

CREATE TABLE article_feedback (
    article_id  TEXT    NOT NULL,
    lang        TEXT    NOT NULL CHECK (lang IN ('en', 'de')),
    helpful     INTEGER NOT NULL DEFAULT 0,
    not_helpful INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, lang)
) WITHOUT ROWID;

-- Every moderator action, for the record.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    moderator INTEGER REFERENCES members (id) ON DELETE SET NULL,
    action    TEXT    NOT NULL,
    target    TEXT    NOT NULL,
    note      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_time ON audit_log (at);
