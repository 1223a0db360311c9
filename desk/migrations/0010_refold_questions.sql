-- The unanswered log counted repeats by a key that was only lowercased, so
-- "Ｐａｓｓｗｏｒｔ vergessen" and "passwort vergessen" were two rows. The key
-- is now folded in Rust (locales::fold), so the migration's Rust side folds
-- the stored keys again and merges the rows that now share one, adding
-- their counts. Nothing changes in the schema.
SELECT 1;
