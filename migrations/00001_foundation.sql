-- +goose Up
-- Accounts of every role. USCC and e-mail are unique: one legal person, one
-- account (a second account for the same USCC cannot bid beside the first).
CREATE TABLE accounts (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    role                 text NOT NULL CHECK (role IN ('enterprise', 'agency', 'department', 'admin')),
    name                 text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
    uscc                 text CHECK (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
    legal_representative text NOT NULL DEFAULT '',
    contact_phone        text NOT NULL DEFAULT '',
    email                text NOT NULL CHECK (email = lower(email) AND position('@' IN email) > 1),
    region               text NOT NULL DEFAULT '',
    level                text NOT NULL DEFAULT '',
    status               text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'blacklisted', 'exited')),
    password_hash        text NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (role IN ('department', 'admin') OR uscc IS NOT NULL)
);
CREATE UNIQUE INDEX accounts_uscc_key ON accounts (uscc);
CREATE UNIQUE INDEX accounts_email_key ON accounts (email);
CREATE INDEX accounts_role_idx ON accounts (role, status);

-- Sessions: only the SHA-256 of the bearer token is kept.
CREATE TABLE sessions (
    token_hash text PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES accounts (id),
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX sessions_account_idx ON sessions (account_id);

-- Login attempts, counted for rate limiting across replicas.
CREATE TABLE login_attempts (
    id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL,
    ip    text NOT NULL,
    ok    boolean NOT NULL,
    at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX login_attempts_email_idx ON login_attempts (email, at) WHERE NOT ok;
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, at) WHERE NOT ok;

-- The public catalogue of intermediary service items (中介服务事项清单).
CREATE TABLE catalogue_items (
    code            text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$'),
    name            text NOT NULL,
    department      text NOT NULL,
    legal_basis     text NOT NULL,
    qualification   text CHECK (qualification IS NULL OR qualification <> ''),
    time_limit_days integer NOT NULL CHECK (time_limit_days BETWEEN 1 AND 3650),
    workflow        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(workflow) = 'array'),
    conditions      text NOT NULL DEFAULT '',
    fee_standard    text NOT NULL DEFAULT '',
    fee_type        text NOT NULL CHECK (fee_type IN ('government_guided', 'market')),
    status          text NOT NULL DEFAULT 'retained' CHECK (status IN ('retained', 'abolished')),
    source          text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at      timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- The audit log (电子监察). Rows are inserted by the transaction that makes
-- the change; the sealer later fills seq, prev_hash and hash once. Summary is
-- text, not jsonb, so that the hashed bytes are exactly the stored bytes.
CREATE TABLE audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL,
    actor_id     bigint NOT NULL DEFAULT 0,
    actor_role   text NOT NULL,
    action       text NOT NULL,
    subject_type text NOT NULL,
    subject_id   text NOT NULL,
    summary      text NOT NULL,
    seq          bigint UNIQUE,
    prev_hash    text,
    hash         text,
    CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (prev_hash IS NULL))
);
CREATE INDEX audit_log_unsealed_idx ON audit_log (id) WHERE seq IS NULL;
CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id);

-- +goose StatementBegin
-- Append-only: no DELETE, and UPDATE only to seal a row once.
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'audit_log is append-only';
    END IF;
    IF OLD.seq IS NOT NULL
       OR NEW.id <> OLD.id OR NEW.at <> OLD.at OR NEW.actor_id <> OLD.actor_id
       OR NEW.actor_role <> OLD.actor_role OR NEW.action <> OLD.action
       OR NEW.subject_type <> OLD.subject_type OR NEW.subject_id <> OLD.subject_id
       OR NEW.summary <> OLD.summary THEN
        RAISE EXCEPTION 'audit_log rows are immutable once written';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();

-- One row per run of a scheduled job.
CREATE TABLE job_runs (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job        text NOT NULL,
    replica    text NOT NULL DEFAULT '',
    started_at timestamptz NOT NULL,
    ended_at   timestamptz,
    rows       integer NOT NULL DEFAULT 0,
    error      text NOT NULL DEFAULT ''
);
CREATE INDEX job_runs_job_idx ON job_runs (job, started_at DESC);

-- +goose Down
DROP TABLE job_runs, audit_log, catalogue_items, login_attempts, sessions, accounts;
DROP FUNCTION audit_log_guard;
