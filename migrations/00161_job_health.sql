-- +goose Up
-- One row per job: its health for operators (issue #15.6). Idle runs are
-- no longer written to job_runs; their news (the job still succeeds) is
-- kept here, refreshed at most every few seconds. failing_since is the
-- first failure after the last success, NULL while the job succeeds.
CREATE TABLE job_health (
    job              text PRIMARY KEY,
    last_success_at  timestamptz,
    last_progress_at timestamptz,
    last_failure_at  timestamptz,
    last_error       text NOT NULL DEFAULT '',
    failing_since    timestamptz
);

-- The admin's filter "failed runs".
CREATE INDEX job_runs_failed_idx ON job_runs (started_at DESC) WHERE error <> '';

-- +goose Down
DROP INDEX job_runs_failed_idx;
DROP TABLE job_health;
