-- An invitation whose mail an opt-out kept from going out never reached its
-- invitee, yet before this version it stayed 'sent' (or 'approved') with a
-- delivered_at, so the group's news and the console called it delivered.
-- It is withdrawn now as an opt-out now withdraws it: 'opted-out', no
-- delivered_at, reviewed_at the upgrade unless an approval fills it. Only
-- where no mail of it is anything but 'opted-out': one that went out stays.
UPDATE group_invitations SET status = 'opted-out', delivered_at = NULL,
    reviewed_at = coalesce(reviewed_at, CAST(strftime('%s', 'now') AS INTEGER))
WHERE status IN ('sent', 'approved')
  AND id IN (SELECT invitation_id FROM outbox INDEXED BY outbox_due
             WHERE state = 'opted-out' AND invitation_id IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM outbox o INDEXED BY outbox_invitation
                  WHERE o.invitation_id = group_invitations.id AND o.state != 'opted-out');
