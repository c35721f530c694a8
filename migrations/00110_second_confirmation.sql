-- +goose Up
-- Avoid list reasons and second-department confirmation (issues #18, #14).
--
-- Each avoid entry (回避) now carries a reason from a fixed set; entries
-- made before this migration keep their free text under "other". The text
-- stays required for "other" and becomes an optional detail for the rest.
ALTER TABLE project_avoid ADD COLUMN reason_code text NOT NULL DEFAULT 'other'
    CHECK (reason_code IN ('affiliation', 'prior_involvement', 'kinship_shareholding', 'other'));
ALTER TABLE project_avoid ALTER COLUMN reason_code DROP DEFAULT;
ALTER TABLE project_avoid DROP CONSTRAINT project_avoid_reason_check;
ALTER TABLE project_avoid ADD CONSTRAINT project_avoid_reason_text
    CHECK (reason_code <> 'other' OR length(btrim(reason)) > 0);

-- One queue of acts a department may not complete alone (四眼原则): a
-- violation touching its own business, and the avoid list of its own
-- project. A second department or an admin confirms; never the requester.
-- A draft cancelled while its avoid list waits withdraws the request.
CREATE TABLE confirmations (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject      text NOT NULL CHECK (subject IN ('violation', 'avoid_list')),
    subject_id   bigint NOT NULL,
    requested_by bigint NOT NULL REFERENCES accounts (id),
    status       text NOT NULL CHECK (status IN ('pending', 'confirmed', 'withdrawn')),
    confirmed_by bigint REFERENCES accounts (id),
    confirmed_at timestamptz,
    created_at   timestamptz NOT NULL,
    UNIQUE (subject, subject_id),
    CHECK ((status = 'confirmed') = (confirmed_by IS NOT NULL AND confirmed_at IS NOT NULL)),
    CHECK (confirmed_by IS NULL OR confirmed_by <> requested_by)
);
CREATE INDEX confirmations_pending_idx ON confirmations (id DESC) WHERE status = 'pending';

-- Violations that waited for a second department before this migration.
INSERT INTO confirmations (subject, subject_id, requested_by, status, confirmed_by, confirmed_at, created_at)
SELECT 'violation', id, department_id, status, confirmed_by, confirmed_at, created_at
FROM violations WHERE status = 'pending' OR confirmed_by IS NOT NULL;

-- +goose Down
DROP TABLE confirmations;
ALTER TABLE project_avoid DROP CONSTRAINT project_avoid_reason_text;
ALTER TABLE project_avoid ADD CONSTRAINT project_avoid_reason_check CHECK (length(reason) > 0);
ALTER TABLE project_avoid DROP COLUMN reason_code;
