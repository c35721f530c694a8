-- +goose Up
-- The electronic contract (电子合同): the Chinese PDF rendered when the
-- second party signs, kept content-addressed in files, and the platform's
-- Ed25519 signature of its SHA-256. The columns are written in the same
-- update that sets the contract hash, so the contracts_immutable trigger
-- protects them from then on.
ALTER TABLE contracts
    ADD COLUMN document_sha256    text REFERENCES files (sha256),
    ADD COLUMN document_signature text NOT NULL DEFAULT '',
    ADD COLUMN signing_public_key text NOT NULL DEFAULT '';
ALTER TABLE contracts ADD CONSTRAINT contracts_document_signed
    CHECK ((document_sha256 IS NULL) = (document_signature = '') AND (document_signature = '') = (signing_public_key = ''));

-- Contract templates per catalogue item; item_code '' is the default used
-- for items without one. Administrators edit them; a contract copies the
-- rendered text when it is signed, so later edits never change it.
CREATE TABLE contract_templates (
    item_code    text PRIMARY KEY,
    deliverables text NOT NULL CHECK (length(deliverables) BETWEEN 1 AND 2000),
    terms        text NOT NULL CHECK (length(terms) BETWEEN 1 AND 20000),
    updated_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_by   bigint REFERENCES accounts (id)
);

-- +goose Down
DROP TABLE contract_templates;
ALTER TABLE contracts DROP CONSTRAINT contracts_document_signed;
ALTER TABLE contracts DROP COLUMN signing_public_key, DROP COLUMN document_signature, DROP COLUMN document_sha256;
