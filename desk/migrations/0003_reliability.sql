-- Rule 4 asks whether this inviter invited this person within a year around
-- now: one index probe instead of a scan of everything the inviter sent.
CREATE INDEX group_invitations_by_pair ON group_invitations (inviter, invitee, sent_at);
