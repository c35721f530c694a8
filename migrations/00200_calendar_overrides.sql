-- +goose Up
-- Administrators' overrides of the working-day calendar (工作日历): a year
-- the built-in State Council data does not cover yet, or a local closure.
-- One row per date; setting a date again replaces its row, and every
-- change is in the audit chain (calendar.override_set).
CREATE TABLE calendar_overrides (
    day        date PRIMARY KEY CHECK (day BETWEEN DATE '1900-01-01' AND DATE '2200-12-31'),
    working    boolean NOT NULL,
    reason     text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
    created_by bigint NOT NULL REFERENCES accounts (id),
    created_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE calendar_overrides;
