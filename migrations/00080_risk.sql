-- +goose Up
-- Supervision intelligence (issue 10): evidence captured at bid time, risk
-- flags computed from it and from the award history, and the cases a
-- department opens from a flag. Nothing here is public: the API serves these
-- tables to departments and admins only (docs/risk.md).

-- One row per bid action (submit, revise, withdraw), written in the bid's
-- own transaction. client_ip and user_agent are personal data: the purge job
-- deletes rows older than the retention period (docs/risk.md).
CREATE TABLE bid_evidence (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id  bigint NOT NULL REFERENCES projects (id),
    agency_id   bigint NOT NULL REFERENCES accounts (id),
    account_id  bigint NOT NULL REFERENCES accounts (id),
    action      text NOT NULL CHECK (action IN ('submit', 'revise', 'withdraw')),
    client_ip   text NOT NULL DEFAULT '' CHECK (length(client_ip) <= 64),
    user_agent  text NOT NULL DEFAULT '' CHECK (length(user_agent) <= 512),
    fingerprint text NOT NULL DEFAULT '' CHECK (fingerprint ~ '^([0-9a-f]{32})?$'),
    doc_sha256  text NOT NULL DEFAULT '' CHECK (doc_sha256 ~ '^([0-9a-f]{64})?$'),
    -- MinHash sketch of the proposal text: 64 hashes, 8 hex digits each
    minhash     text NOT NULL DEFAULT '' CHECK (length(minhash) IN (0, 512) AND minhash ~ '^[0-9a-f]*$'),
    text_runes  integer NOT NULL DEFAULT 0 CHECK (text_runes >= 0),
    at          timestamptz NOT NULL
);
CREATE INDEX bid_evidence_project_idx ON bid_evidence (project_id, agency_id, at);
CREATE INDEX bid_evidence_at_idx ON bid_evidence (at);

-- A risk flag: one indicator firing on one set of facts. key identifies the
-- facts (project, agencies…) so that recomputation updates, never duplicates.
-- evidence never holds an IP address or a user agent.
CREATE TABLE risk_flags (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    indicator   text NOT NULL CHECK (indicator IN ('shared_client', 'identical_documents', 'similar_proposals',
                    'price_progression', 'shared_identity', 'bid_rotation', 'lowest_yields',
                    'owner_concentration', 'single_bid_near_ceiling')),
    severity    integer NOT NULL CHECK (severity BETWEEN 1 AND 100),
    project_id  bigint REFERENCES projects (id),
    owner_id    bigint REFERENCES accounts (id),
    agency_ids  bigint[] NOT NULL CHECK (cardinality(agency_ids) >= 1),
    region      text NOT NULL DEFAULT '',
    key         text NOT NULL UNIQUE CHECK (key <> ''),
    summary     text NOT NULL CHECK (summary <> ''),
    evidence    jsonb NOT NULL DEFAULT '{}',
    source      text NOT NULL CHECK (source IN ('close', 'history')),
    detected_at timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX risk_flags_severity_idx ON risk_flags (severity DESC, detected_at DESC, id DESC);
CREATE INDEX risk_flags_project_idx ON risk_flags (project_id);
CREATE INDEX risk_flags_owner_idx ON risk_flags (owner_id);
CREATE INDEX risk_flags_agencies_idx ON risk_flags USING gin (agency_ids);

-- Projects already analysed by risk_on_close.
CREATE TABLE risk_scans (
    project_id bigint PRIMARY KEY REFERENCES projects (id),
    scanned_at timestamptz NOT NULL,
    flags      integer NOT NULL CHECK (flags >= 0)
);

-- Marks of the jobs (last history run).
CREATE TABLE risk_marks (
    name text PRIMARY KEY,
    at   timestamptz NOT NULL
);

-- A case a department (or admin) opens from a flag. At most one open case
-- per flag; a closed case is final.
CREATE TABLE risk_cases (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    flag_id      bigint NOT NULL REFERENCES risk_flags (id),
    opened_by    bigint NOT NULL REFERENCES accounts (id),
    status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'unfounded', 'converted')),
    conclusion   text NOT NULL DEFAULT '',
    violation_id bigint REFERENCES violations (id),
    opened_at    timestamptz NOT NULL,
    closed_by    bigint REFERENCES accounts (id),
    closed_at    timestamptz,
    CHECK ((status = 'open') = (closed_at IS NULL)),
    CHECK ((status = 'converted') = (violation_id IS NOT NULL)),
    CHECK (status = 'open' OR conclusion <> '')
);
CREATE UNIQUE INDEX risk_cases_one_open ON risk_cases (flag_id) WHERE status = 'open';

CREATE TABLE risk_case_notes (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id   bigint NOT NULL REFERENCES risk_cases (id),
    author_id bigint NOT NULL REFERENCES accounts (id),
    body      text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    at        timestamptz NOT NULL
);
CREATE INDEX risk_case_notes_case_idx ON risk_case_notes (case_id, id);

-- +goose Down
DROP TABLE risk_case_notes, risk_cases, risk_marks, risk_scans, risk_flags, bid_evidence;
