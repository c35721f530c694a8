-- +goose Up
-- Outbound deliveries (outbox topics 'webhook' and 'email') are claimed with
-- a lease instead of a transaction held open across the network: the claim
-- sets locked_until in one short statement (FOR UPDATE SKIP LOCKED), the
-- sender works outside any transaction, and recording the attempt clears
-- it. A replica that dies mid-send leaves a lease that simply runs out.
ALTER TABLE outbox ADD COLUMN locked_until timestamptz;
-- The claim walks pending rows lane by lane (a webhook endpoint is a lane).
CREATE INDEX outbox_lane_idx ON outbox (topic, entity_id, next_attempt_at, id) WHERE done_at IS NULL;
-- Lanes with a lease running are skipped, so that one endpoint's limits
-- hold across replicas; leases are few and short-lived, so is this index.
CREATE INDEX outbox_leased_idx ON outbox (topic, entity_id) WHERE done_at IS NULL AND locked_until IS NOT NULL;

-- +goose Down
DROP INDEX outbox_leased_idx;
DROP INDEX outbox_lane_idx;
ALTER TABLE outbox DROP COLUMN locked_until;
