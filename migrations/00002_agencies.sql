-- +goose Up
-- An agency's public profile beside its account. Nothing here is required
-- before bidding (zero threshold); staff_count is display only.
CREATE TABLE agency_profiles (
    account_id     bigint PRIMARY KEY REFERENCES accounts (id),
    description    text NOT NULL DEFAULT '',
    office_address text NOT NULL DEFAULT '',
    region         text NOT NULL DEFAULT '',
    contact_public boolean NOT NULL DEFAULT false,
    staff_count    integer CHECK (staff_count IS NULL OR staff_count >= 0),
    website        text NOT NULL DEFAULT '',
    exited_at      timestamptz,
    -- credit score and grade, kept current by the credit rules in the same
    -- transaction as each credit event (see the credit issue); 100/A to start
    credit_score   integer NOT NULL DEFAULT 100 CHECK (credit_score BETWEEN 0 AND 120),
    credit_grade   text NOT NULL DEFAULT 'A' CHECK (credit_grade IN ('A', 'B', 'C', 'D')),
    suspended_until timestamptz,
    updated_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Service items an agency offers. No cap per item or region (严禁限额管理).
CREATE INDEX agency_profiles_region_idx ON agency_profiles (region);
CREATE INDEX agency_profiles_credit_idx ON agency_profiles (credit_score DESC);

CREATE TABLE agency_items (
    agency_id bigint NOT NULL REFERENCES accounts (id),
    item_code text NOT NULL REFERENCES catalogue_items (code),
    PRIMARY KEY (agency_id, item_code)
);
CREATE INDEX agency_items_item_idx ON agency_items (item_code, agency_id);

-- Uploaded documents, stored content-addressed on disk; this row is the index.
CREATE TABLE files (
    sha256     text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size       bigint NOT NULL CHECK (size > 0 AND size <= 10485760),
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Qualifications per item. A qualification counts from valid_from to
-- valid_until inclusive, unless flagged false.
CREATE TABLE qualifications (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id   bigint NOT NULL REFERENCES accounts (id),
    item_code   text NOT NULL REFERENCES catalogue_items (code),
    number      text NOT NULL CHECK (length(number) BETWEEN 1 AND 100),
    issuer      text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 200),
    valid_from  date NOT NULL,
    valid_until date NOT NULL,
    file_sha256 text REFERENCES files (sha256),
    file_name   text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (valid_until >= valid_from)
);
CREATE INDEX qualifications_agency_idx ON qualifications (agency_id, item_code);

-- A department's or admin's finding that a qualification is false: a
-- recorded fact with evidence (it feeds credit), never a silent edit.
CREATE TABLE qualification_flags (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    qualification_id bigint NOT NULL REFERENCES qualifications (id),
    flagged_by       bigint NOT NULL REFERENCES accounts (id),
    evidence         text NOT NULL CHECK (length(evidence) > 0),
    created_at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX qualification_flags_q_idx ON qualification_flags (qualification_id);

-- Declared relationships with departments (脱钩): the conflict-of-interest
-- rule refuses an affiliated agency's bid on that department's projects.
CREATE TABLE affiliations (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agency_id     bigint NOT NULL REFERENCES accounts (id),
    department_id bigint NOT NULL REFERENCES accounts (id),
    relation      text NOT NULL CHECK (relation IN ('subordinate', 'former_staff', 'shareholding', 'other')),
    note          text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (agency_id, department_id, relation)
);
CREATE INDEX affiliations_department_idx ON affiliations (department_id, agency_id);

-- +goose Down
DROP TABLE affiliations, qualification_flags, qualifications, files, agency_items, agency_profiles;
