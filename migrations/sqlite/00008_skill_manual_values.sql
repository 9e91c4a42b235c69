-- The daily insights job derives a skill's brightness and its first and
-- last used dates; a value the owner sets is kept until the owner clears
-- it. These flags say which values are the owner's. Dates were only ever
-- set by the owner before this migration, so a date present is manual; a
-- brightness cannot be told apart from a computed one and stays automatic.

-- +goose Up
ALTER TABLE skills ADD COLUMN brightness_manual INTEGER NOT NULL DEFAULT 0 CHECK (brightness_manual IN (0, 1));
ALTER TABLE skills ADD COLUMN first_used_manual INTEGER NOT NULL DEFAULT 0 CHECK (first_used_manual IN (0, 1));
ALTER TABLE skills ADD COLUMN last_used_manual INTEGER NOT NULL DEFAULT 0 CHECK (last_used_manual IN (0, 1));
UPDATE skills SET first_used_manual = (first_used_date IS NOT NULL), last_used_manual = (last_used_date IS NOT NULL);

-- +goose Down
ALTER TABLE skills DROP COLUMN last_used_manual;
ALTER TABLE skills DROP COLUMN first_used_manual;
ALTER TABLE skills DROP COLUMN brightness_manual;
