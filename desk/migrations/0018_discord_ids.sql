-- Discord user ids are now stored as Discord writes them, without leading
-- zeros, and 0 is no id: an older import kept "00123" as written, and the
-- bot, which looks members up by the id Discord sends ("123"), never found
-- them. A padded id becomes the plain one, except where another member has
-- that id already or would get it too ("0123" and "00123"): two members are
-- never merged behind anyone's back, and whose the account is, is for the
-- team to say. Those keep their ids as they are, as before the upgrade, with
-- a 'discord-id-kept' entry in the audit log. An id of zeros only links no
-- account (Discord has no user 0; it stood for "none"): the link is removed,
-- with a 'discord-id-removed' entry that keeps the id. No row can make this
-- fail, so the upgrade never stops half-way.
CREATE TEMP TABLE discord_ids_0018 AS
SELECT id, stored, plain,
       plain = '' AS removed,
       plain != '' AND (count(*) OVER (PARTITION BY plain) > 1
                        OR EXISTS (SELECT 1 FROM members WHERE discord_id = plain)) AS kept
FROM (SELECT id, discord_id AS stored, ltrim(discord_id, '0') AS plain
      FROM members
      WHERE discord_id GLOB '0*' AND discord_id NOT GLOB '*[^0-9]*');

INSERT INTO audit_log (at, action, target, note)
SELECT CAST(strftime('%s', 'now') AS INTEGER),
       CASE WHEN removed THEN 'discord-id-removed' ELSE 'discord-id-kept' END,
       'member:' || id, stored
FROM discord_ids_0018
WHERE removed OR kept
ORDER BY id;

UPDATE members
SET discord_id = (SELECT nullif(plain, '') FROM discord_ids_0018 d WHERE d.id = members.id)
WHERE id IN (SELECT id FROM discord_ids_0018 WHERE NOT kept);

DROP TABLE discord_ids_0018;
