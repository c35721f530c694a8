-- +goose Up
-- The purchaser's contact for questions on a notice (采购人联系方式), set
-- per project by its owner; empty strings publish nothing. The limits are
-- domain.MaxProjectContactNameRunes and domain.MaxEmailBytes; the phone's
-- shape is checked by the domain.
ALTER TABLE projects
    ADD COLUMN contact_name text NOT NULL DEFAULT '' CHECK (char_length(contact_name) <= 50),
    ADD COLUMN contact_phone text NOT NULL DEFAULT '' CHECK (char_length(contact_phone) <= 30),
    ADD COLUMN contact_email text NOT NULL DEFAULT '' CHECK (octet_length(contact_email) <= 254);

-- +goose Down
ALTER TABLE projects DROP COLUMN contact_name, DROP COLUMN contact_phone, DROP COLUMN contact_email;
