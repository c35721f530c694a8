-- +goose Up
-- The complaint period (issue #18, SPEC §3 异议、投诉): once the owner answers
-- an objection, the objector has until complaint_due_at to escalate it to a
-- complaint. After that it closes by itself as 'answered_accepted' and, when
-- nothing else is pending, publicity resumes — one objection can never
-- freeze an award. The deadline is stored, not derived from the configured
-- period, so that changing MARKET_COMPLAINT_PERIOD never moves a running one.
ALTER TABLE objections ADD COLUMN complaint_due_at timestamptz;

-- Objections answered before this migration get the default period (72 h)
-- from their answer.
UPDATE objections SET complaint_due_at = answered_at + interval '72 hours' WHERE answered_at IS NOT NULL;

ALTER TABLE objections
    ADD CONSTRAINT objections_complaint_due CHECK ((answered_at IS NULL) = (complaint_due_at IS NULL)),
    DROP CONSTRAINT objections_status_check,
    ADD CONSTRAINT objections_status_check
        CHECK (status IN ('open', 'answered', 'answered_accepted', 'escalated', 'upheld', 'rejected'));

-- The close_answered_objections job looks for answered objections past due.
CREATE INDEX objections_complaint_due_idx ON objections (complaint_due_at) WHERE status = 'answered';

-- +goose Down
DROP INDEX objections_complaint_due_idx;
UPDATE objections SET status = 'answered' WHERE status = 'answered_accepted';
ALTER TABLE objections
    DROP CONSTRAINT objections_status_check,
    ADD CONSTRAINT objections_status_check CHECK (status IN ('open', 'answered', 'escalated', 'upheld', 'rejected')),
    DROP CONSTRAINT objections_complaint_due,
    DROP COLUMN complaint_due_at;
