-- +goose Up
-- Signed checkpoints of the audit chain (issue #15, docs/reliability.md).
-- Each pins the chain's head (seq, hash) at a time, signed with the
-- platform's Ed25519 key. Copies saved outside the database are what
-- proves a cut or rewritten tail; this table is the published list.
CREATE TABLE audit_checkpoints (
    id        bigserial PRIMARY KEY,
    seq       bigint NOT NULL CHECK (seq > 0),
    hash      text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    at        timestamptz NOT NULL,
    key_id    text NOT NULL,
    signature text NOT NULL
);
CREATE INDEX audit_checkpoints_at ON audit_checkpoints (at DESC, id DESC);

-- Keys generated for development when AUDIT_SIGNING_KEY is not set (the
-- base64 seed). Production configures its key outside the database: a key
-- kept beside the data it signs proves nothing against whoever holds both.
CREATE TABLE signing_keys (
    name       text PRIMARY KEY,
    seed       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
