-- bid_evidence_purge: delete at most limit bid_evidence rows older than
-- the cut-off, the oldest first, keeping every row of a project with an
-- open risk case. SKIP LOCKED: rows locked elsewhere wait for the next run.
-- Parameters, in order: the cut-off time, the limit.
DELETE FROM bid_evidence WHERE id IN (
    SELECT e.id FROM bid_evidence e WHERE e.at < ? AND NOT EXISTS (
        SELECT 1 FROM risk_cases c JOIN risk_flags f ON f.id = c.flag_id WHERE c.status = 'open' AND f.project_id = e.project_id)
    ORDER BY e.at LIMIT ? FOR UPDATE SKIP LOCKED)
