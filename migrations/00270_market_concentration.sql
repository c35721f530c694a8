-- +goose Up
-- Market concentration monitor and abnormally low prices (docs/risk.md,
-- docs/credit.md): two new risk indicators, and a per-item threshold of
-- abnormally low prices (NULL: the platform default, 70 % of the median of
-- the valid bids or 50 % of the ceiling, whichever is higher).
ALTER TABLE risk_flags DROP CONSTRAINT risk_flags_indicator_check;
ALTER TABLE risk_flags ADD CONSTRAINT risk_flags_indicator_check CHECK (indicator IN ('shared_client', 'identical_documents',
    'similar_proposals', 'price_progression', 'shared_identity', 'bid_rotation', 'lowest_yields', 'owner_concentration',
    'single_bid_near_ceiling', 'market_concentration', 'persistent_low_price'));

-- +goose Down
DELETE FROM risk_flags WHERE indicator IN ('market_concentration', 'persistent_low_price');
ALTER TABLE risk_flags DROP CONSTRAINT risk_flags_indicator_check;
ALTER TABLE risk_flags ADD CONSTRAINT risk_flags_indicator_check CHECK (indicator IN ('shared_client', 'identical_documents',
    'similar_proposals', 'price_progression', 'shared_identity', 'bid_rotation', 'lowest_yields', 'owner_concentration',
    'single_bid_near_ceiling'));
