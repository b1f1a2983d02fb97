-- 0004_unicode_names: architecture names unique under Unicode case folding.
-- The name column's COLLATE NOCASE folds ASCII letters only ('Ünet' and 'ünet' were two
-- architectures). name_key holds the name case-folded by catalog (Swift's Unicode case folding);
-- it is filled for existing rows by the migration step in CatalogDatabase+Migrations.swift and on
-- every insert. NULL only where two old names fold alike (the later one keeps a NULL key and is
-- still found by its exact name).
ALTER TABLE architectures ADD COLUMN name_key TEXT;
CREATE UNIQUE INDEX architectures_name_key ON architectures (name_key);
