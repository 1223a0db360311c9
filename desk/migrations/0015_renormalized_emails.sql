-- E-mail addresses are now normalised without invisible characters and
-- without a domain's root dot (`example.org.`). Addresses are normalised in
-- Rust, so the migration's Rust side rewrites the stored ones that the
-- change can move. A member whose new address another member already has
-- keeps the old one: two accounts are never merged behind anyone's back.
-- Nothing changes in the schema.
SELECT 1;
