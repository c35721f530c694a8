-- closing_reminders_mark: marks, in one statement, every project in
-- bidding whose close falls in (from, to] as reminded at now; a project
-- already marked is skipped, so a re-run marks nothing. INSERT ... SELECT
-- with ON CONFLICT: SQL, not the builder.
-- Parameters: now, from, to (timestamptz).
INSERT INTO closing_reminders (project_id, reminded_at)
SELECT id, @now FROM projects
WHERE status = 'bidding' AND closes_at > @from AND closes_at <= @to
ON CONFLICT (project_id) DO NOTHING
