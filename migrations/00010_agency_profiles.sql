-- +goose Up
-- Agencies issue: what the profile, qualification and exit rules need beyond
-- 00002. A contact person's name for the public profile (shown only when the
-- agency opts in with contact_public, like phone and e-mail).
ALTER TABLE agency_profiles
    ADD COLUMN contact_name text NOT NULL DEFAULT '' CHECK (length(contact_name) <= 50),
    ADD CONSTRAINT agency_profiles_lengths CHECK (length(description) <= 4000 AND length(office_address) <= 200
        AND length(region) <= 100 AND length(website) <= 200),
    ADD CONSTRAINT agency_profiles_staff_max CHECK (staff_count IS NULL OR staff_count <= 1000000);

-- A qualification is found false once: a second flag would count the same
-- false material twice when the credit rules read the flags.
CREATE UNIQUE INDEX qualification_flags_once ON qualification_flags (qualification_id);

-- One certificate number per issuer and item per agency: re-uploading the
-- same certificate is a conflict, not a second qualification.
CREATE UNIQUE INDEX qualifications_number_key ON qualifications (agency_id, item_code, issuer, number);

-- The public directory sorts by name and filters by status and role.
CREATE INDEX accounts_agency_name_idx ON accounts (name, id) WHERE role = 'agency';

-- +goose Down
DROP INDEX accounts_agency_name_idx;
DROP INDEX qualifications_number_key;
DROP INDEX qualification_flags_once;
ALTER TABLE agency_profiles DROP CONSTRAINT agency_profiles_staff_max, DROP CONSTRAINT agency_profiles_lengths,
    DROP COLUMN contact_name;
