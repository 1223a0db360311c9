-- Folding (locales::fold) now reads full-width letters as ASCII and skips
-- invisible characters such as the zero-width space. Member search keys and
-- invitation fingerprints are folded in Rust, so the migration's Rust side
-- refolds the rows that the change can touch: those with a character
-- outside printable ASCII. Nothing changes in the schema.
SELECT 1;
