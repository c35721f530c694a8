-- bid_document_remove: delete a sealed bid's document and, in the same
-- statement, record the bid_evidence row of the removal.
-- Parameters, in order: the evidence (project, agency, account, action,
-- client ip, user agent, fingerprint, document sha256, at), then the
-- document's id.
WITH e AS (INSERT INTO bid_evidence (project_id, agency_id, account_id, action, client_ip, user_agent,
    fingerprint, doc_sha256, minhash, text_runes, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 0, ?))
DELETE FROM bid_documents WHERE id = ?
