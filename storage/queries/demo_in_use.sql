-- demo_in_use: whether the database holds anything but what migrations put
-- there (an account, a project, an audit row, a job run or a job's
-- health), in one round trip. SQL because it asks five tables at once and
-- each EXISTS stops at its first row.
SELECT EXISTS (SELECT 1 FROM accounts) OR EXISTS (SELECT 1 FROM projects)
    OR EXISTS (SELECT 1 FROM audit_log) OR EXISTS (SELECT 1 FROM job_runs)
    OR EXISTS (SELECT 1 FROM job_health)
