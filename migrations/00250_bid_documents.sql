-- +goose Up
-- Sealed bid documents (响应文件): files an agency attaches to its sealed
-- bid, and the receipt commitment that lets the agency check its bid
-- against the audit chain (docs/bidding.md). Nothing here is readable
-- before the close except by the agency that uploaded it.

-- Bid documents may be Office files and archives, and up to 20 MB
-- (domain.DocumentRules); qualification documents keep their own, narrower
-- check in the domain.
ALTER TABLE files DROP CONSTRAINT files_media_type_check;
ALTER TABLE files ADD CONSTRAINT files_media_type_check CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/zip'));
ALTER TABLE files DROP CONSTRAINT files_size_check;
ALTER TABLE files ADD CONSTRAINT files_size_check CHECK (size > 0 AND size <= 20971520);

-- One row per document attached to an agency's bid; the file itself is in
-- files (content-addressed). A bid must exist first (the foreign key).
CREATE TABLE bid_documents (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id  bigint NOT NULL,
    agency_id   bigint NOT NULL,
    sha256      text NOT NULL REFERENCES files (sha256),
    media_type  text NOT NULL,
    size        bigint NOT NULL CHECK (size > 0),
    file_name   text NOT NULL DEFAULT '' CHECK (length(file_name) <= 255),
    uploaded_at timestamptz NOT NULL,
    FOREIGN KEY (project_id, agency_id) REFERENCES bids (project_id, agency_id),
    UNIQUE (project_id, agency_id, sha256)
);
CREATE INDEX bid_documents_project_idx ON bid_documents (project_id, agency_id, id);

-- +goose StatementBegin
-- A document is attached only while its project is in bidding and before
-- its effective close: the last line of defence behind the domain's check
-- under the project lock (the constraint name is the bids' own, so storage
-- reports it as the same deadline).
CREATE FUNCTION bid_documents_deadline_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    p_status text;
    p_closes timestamptz;
BEGIN
    SELECT status, closes_at INTO p_status, p_closes FROM projects WHERE id = NEW.project_id;
    IF p_status IS DISTINCT FROM 'bidding' OR NEW.uploaded_at >= p_closes THEN
        RAISE EXCEPTION 'bid document on project % after its close', NEW.project_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'bids_deadline';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER bid_documents_deadline BEFORE INSERT ON bid_documents
    FOR EACH ROW EXECUTE FUNCTION bid_documents_deadline_guard();

-- The receipt commitment of an agency's bid: SHA-256 over a random nonce
-- and the bid's receipt fields (price, time, document hashes). The digest is
-- written to the audit log (bid_receipt.sealed) at every change; the nonce stays
-- here and is shown to the agency only, so the digest reveals nothing.
CREATE TABLE bid_receipts (
    project_id bigint NOT NULL,
    agency_id  bigint NOT NULL,
    nonce      text NOT NULL CHECK (nonce ~ '^[0-9a-f]{32}$'),
    digest     text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
    audit_id   bigint NOT NULL,
    at         timestamptz NOT NULL,
    PRIMARY KEY (project_id, agency_id),
    FOREIGN KEY (project_id, agency_id) REFERENCES bids (project_id, agency_id)
);

-- Each document upload and removal is bid evidence, its SHA-256 in doc_sha256.
ALTER TABLE bid_evidence DROP CONSTRAINT bid_evidence_action_check;
ALTER TABLE bid_evidence ADD CONSTRAINT bid_evidence_action_check
    CHECK (action IN ('submit', 'revise', 'withdraw', 'document_add', 'document_remove'));

-- +goose Down
ALTER TABLE bid_evidence DROP CONSTRAINT bid_evidence_action_check;
DELETE FROM bid_evidence WHERE action IN ('document_add', 'document_remove');
ALTER TABLE bid_evidence ADD CONSTRAINT bid_evidence_action_check CHECK (action IN ('submit', 'revise', 'withdraw'));
DROP TABLE bid_receipts;
DROP TRIGGER bid_documents_deadline ON bid_documents;
DROP FUNCTION bid_documents_deadline_guard;
DROP TABLE bid_documents;
ALTER TABLE files DROP CONSTRAINT files_size_check;
ALTER TABLE files ADD CONSTRAINT files_size_check CHECK (size > 0 AND size <= 10485760);
ALTER TABLE files DROP CONSTRAINT files_media_type_check;
ALTER TABLE files ADD CONSTRAINT files_media_type_check CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png'));
