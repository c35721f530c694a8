-- +goose Up
-- Bidding (issue 4): anonymous bidder numbers for the public auction
-- history, indexes of the listing, and the deadline as a last line of
-- defence in the database itself.

-- "竞价人 N": N is stable per agency within one auction, given in order of
-- each agency's first bid.
ALTER TABLE auction_bids ADD COLUMN bidder_no integer NOT NULL DEFAULT 1 CHECK (bidder_no >= 1);
ALTER TABLE auction_bids ALTER COLUMN bidder_no DROP DEFAULT;
CREATE INDEX auction_bids_agency_idx ON auction_bids (project_id, agency_id);

-- The public listing sorts by deadline or by publication date.
CREATE INDEX projects_published_idx ON projects (published_at DESC, id DESC) WHERE status <> 'draft';
CREATE INDEX projects_region_idx ON projects (region, status);
CREATE INDEX projects_previous_round_idx ON projects (previous_round_id) WHERE previous_round_id IS NOT NULL;

-- Rules that hold for every row, whatever code writes it.
ALTER TABLE projects
    ADD CONSTRAINT projects_closes_after_bidding CHECK (closes_at >= bidding_closes_at),
    ADD CONSTRAINT projects_min_step_range CHECK (min_step_fen IS NULL
        OR (ceiling_fen IS NOT NULL AND min_step_fen * 200 >= ceiling_fen AND min_step_fen * 100 <= ceiling_fen * 3)),
    ADD CONSTRAINT projects_best_below_ceiling CHECK (best_fen IS NULL OR (ceiling_fen IS NOT NULL AND best_fen <= ceiling_fen)),
    ADD CONSTRAINT projects_cancel_reason CHECK (status <> 'cancelled' OR cancel_reason <> ''),
    ADD CONSTRAINT projects_weights_only_composite CHECK (method = 'composite'
        OR weight_price + weight_credit + weight_technical = 0);
ALTER TABLE bids
    ADD CONSTRAINT bids_price_below_max CHECK (price_fen <= 10000000000000000),
    ADD CONSTRAINT bids_invalid_reason CHECK ((status = 'invalid') = (invalid_reason <> ''));

-- +goose StatementBegin
-- A submitted bid must carry a submission time before the project's
-- effective close, on a project in bidding. The application checks this
-- against the platform clock under the project lock; the trigger makes a
-- late bid impossible even for code that forgets.
CREATE FUNCTION bids_deadline_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    p_status text;
    p_closes timestamptz;
BEGIN
    IF NEW.status = 'submitted' AND (TG_OP = 'INSERT' OR OLD.status <> 'submitted'
        OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at OR NEW.price_fen <> OLD.price_fen
        OR NEW.proposal <> OLD.proposal OR NEW.service_days <> OLD.service_days) THEN
        SELECT status, closes_at INTO p_status, p_closes FROM projects WHERE id = NEW.project_id;
        IF p_status IS DISTINCT FROM 'bidding' OR NEW.submitted_at >= p_closes THEN
            RAISE EXCEPTION 'bid on project % after its close', NEW.project_id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'bids_deadline';
        END IF;
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER bids_deadline BEFORE INSERT OR UPDATE ON bids
    FOR EACH ROW EXECUTE FUNCTION bids_deadline_guard();

-- +goose Down
DROP TRIGGER bids_deadline ON bids;
DROP FUNCTION bids_deadline_guard;
ALTER TABLE bids DROP CONSTRAINT bids_invalid_reason, DROP CONSTRAINT bids_price_below_max;
ALTER TABLE projects DROP CONSTRAINT projects_weights_only_composite, DROP CONSTRAINT projects_cancel_reason,
    DROP CONSTRAINT projects_best_below_ceiling, DROP CONSTRAINT projects_min_step_range,
    DROP CONSTRAINT projects_closes_after_bidding;
DROP INDEX projects_previous_round_idx, projects_region_idx, projects_published_idx, auction_bids_agency_idx;
ALTER TABLE auction_bids DROP COLUMN bidder_no;
