-- Six months run from when the invitee got the invitation: for a held one
-- that is its approval, which may come months after it was written. Rule 4
-- reads the approved ones by their delivery here. Only approvals write to
-- this index (a send is 'sent' or 'flagged'), so a send costs no page more.
CREATE INDEX group_invitations_approved ON group_invitations (inviter, invitee, delivered_at)
    WHERE status = 'approved';
