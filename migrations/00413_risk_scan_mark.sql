-- +goose Up
-- risk_on_close reads only the projects closed since its mark (docs/risk.md).
--
-- It used to look for unanalysed projects among every closed project on
-- every tick: a sequential scan of projects (53 ms at 100,000, growing
-- with the years of history), and the whole backlog in one transaction.
-- The job now takes batches, oldest close first, from its mark (the
-- newest close analysed, in risk_marks) less an hour; this partial index
-- holds the closed projects in that order. A project's closed_at is
-- written once, at its close.
CREATE INDEX projects_closed_idx ON projects (closed_at, id) WHERE closed_at IS NOT NULL;

-- The mark of a database that already has closed projects: the oldest
-- close not yet analysed or, when every close is analysed, the newest.
INSERT INTO risk_marks (name, at)
SELECT 'risk_on_close', m.at FROM (
    SELECT COALESCE(
        (SELECT min(p.closed_at) FROM projects p
         WHERE p.closed_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM risk_scans r WHERE r.project_id = p.id)),
        (SELECT max(closed_at) FROM projects)) AS at) m
WHERE m.at IS NOT NULL
ON CONFLICT (name) DO NOTHING;

-- +goose Down
DELETE FROM risk_marks WHERE name = 'risk_on_close';
DROP INDEX projects_closed_idx;
