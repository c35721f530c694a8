-- risk_flag_save: a risk flag inserted, or updated when its key is already
-- flagged (a recomputation may find a higher severity or more evidence),
-- in one statement. Returns the flag's id, and whether it is new: xmax is
-- 0 on a row this statement inserted, which only PostgreSQL tells.
-- Named parameters: indicator, severity, project, owner, agencies (a
-- bigint array literal), region, key, summary, evidence (JSON text),
-- source, now (detected_at and updated_at), summary_text (JSON).
INSERT INTO risk_flags (indicator, severity, project_id, owner_id, agency_ids, region, key, summary,
    evidence, source, detected_at, updated_at, summary_text)
VALUES (@indicator, @severity, @project, @owner, CAST(@agencies AS bigint[]), @region, @key, @summary,
    CAST(@evidence AS jsonb), @source, @now, @now, CAST(@summary_text AS jsonb))
ON CONFLICT (key) DO UPDATE SET severity = EXCLUDED.severity, agency_ids = EXCLUDED.agency_ids, summary = EXCLUDED.summary,
    summary_text = EXCLUDED.summary_text, evidence = EXCLUDED.evidence, updated_at = EXCLUDED.updated_at
RETURNING id, (xmax = 0) AS inserted
