-- +goose Up
-- The projects whose closing-soon reminder has gone out (issue #14.2). The
-- reminder job counts its work in projects entering the reminder window,
-- which are public, instead of in notifications to bidders, whose number
-- would tell anyone reading the job records how many bids a project has
-- before it closes.
CREATE TABLE closing_reminders (
    project_id  bigint PRIMARY KEY REFERENCES projects (id),
    reminded_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE closing_reminders;
