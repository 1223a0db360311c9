-- A delivery Discord refused because it cannot reach the member (DMs
-- closed, no server shared) is sent again once the member writes; one that
-- failed for any other reason (timeouts, server errors) may have arrived and
-- is not. Rows failed before this column existed count as the latter.
ALTER TABLE ticket_deliveries ADD COLUMN unreachable INTEGER NOT NULL DEFAULT 0;
