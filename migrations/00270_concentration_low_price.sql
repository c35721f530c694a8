-- +goose Up
-- Market concentration monitor and abnormally low prices (docs/risk.md,
-- docs/credit.md): two new risk indicators, and a per-item threshold of
-- abnormally low prices (NULL: the platform default, 70 % of the median of
-- the valid bids or 50 % of the ceiling, whichever is higher).
ALTER TABLE risk_flags DROP CONSTRAINT risk_flags_indicator_check;
ALTER TABLE risk_flags ADD CONSTRAINT risk_flags_indicator_check CHECK (indicator IN ('shared_client', 'identical_documents',
    'similar_proposals', 'price_progression', 'shared_identity', 'bid_rotation', 'lowest_yields', 'owner_concentration',
    'single_bid_near_ceiling', 'market_concentration', 'persistent_low_price'));

-- Per-item override of the abnormally-low-price rule (admin); NULL keeps
-- the platform default of domain.DefaultLowPriceRule.
ALTER TABLE catalogue_items
    ADD COLUMN low_price_median_pct  integer CHECK (low_price_median_pct BETWEEN 1 AND 100),
    ADD COLUMN low_price_ceiling_pct integer CHECK (low_price_ceiling_pct BETWEEN 0 AND 100);

-- A sealed bid found abnormally low at the close, the agency's written
-- explanation and the owner's decision (published with the result).
CREATE TABLE low_price_bids (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id      bigint NOT NULL REFERENCES projects (id),
    bid_id          bigint NOT NULL UNIQUE REFERENCES bids (id),
    agency_id       bigint NOT NULL REFERENCES accounts (id),
    price_fen       bigint NOT NULL CHECK (price_fen > 0),
    threshold_fen   bigint NOT NULL CHECK (threshold_fen > 0),
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'explained', 'accepted', 'rejected', 'missing')),
    explanation     text NOT NULL DEFAULT '',
    explained_at    timestamptz,
    decision_reason text NOT NULL DEFAULT '',
    decided_at      timestamptz,
    due_at          timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX low_price_bids_project_idx ON low_price_bids (project_id);
CREATE INDEX low_price_bids_agency_idx ON low_price_bids (agency_id, status, decided_at);

-- +goose Down
DROP TABLE low_price_bids;
ALTER TABLE catalogue_items DROP COLUMN low_price_median_pct, DROP COLUMN low_price_ceiling_pct;
DELETE FROM risk_flags WHERE indicator IN ('market_concentration', 'persistent_low_price');
ALTER TABLE risk_flags DROP CONSTRAINT risk_flags_indicator_check;
ALTER TABLE risk_flags ADD CONSTRAINT risk_flags_indicator_check CHECK (indicator IN ('shared_client', 'identical_documents',
    'similar_proposals', 'price_progression', 'shared_identity', 'bid_rotation', 'lowest_yields', 'owner_concentration',
    'single_bid_near_ceiling'));
