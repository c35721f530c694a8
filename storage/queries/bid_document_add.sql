-- bid_document_add: record a sealed bid's document and, in the same
-- statement, the bid_evidence row of the upload (the deadline trigger on
-- bid_documents aborts both together). Returns the document's id.
-- Parameters, in order: the evidence (project, agency, account, action,
-- client ip, user agent, fingerprint, document sha256, at), then the
-- document (project, agency, sha256, media type, size, file name,
-- uploaded_at).
WITH e AS (INSERT INTO bid_evidence (project_id, agency_id, account_id, action, client_ip, user_agent,
    fingerprint, doc_sha256, minhash, text_runes, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 0, ?))
INSERT INTO bid_documents (project_id, agency_id, sha256, media_type, size, file_name, uploaded_at)
VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
