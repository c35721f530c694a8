-- +goose Up
-- The risk indicators of the questions (00240) and of the market monitor
-- (00270) were added by two migrations that each rewrote the whole list;
-- the later one dropped the earlier one's. The check now names them all
-- (TestRiskIndicatorsAllStorable holds it to domain.RiskIndicators).
ALTER TABLE risk_flags DROP CONSTRAINT risk_flags_indicator_check;
ALTER TABLE risk_flags ADD CONSTRAINT risk_flags_indicator_check CHECK (indicator IN ('shared_client',
    'identical_documents', 'similar_proposals', 'price_progression', 'shared_identity', 'bid_rotation',
    'lowest_yields', 'owner_concentration', 'single_bid_near_ceiling', 'unanswered_questions', 'stage_pair_affiliated',
    'market_concentration', 'persistent_low_price'));

-- +goose Down
DELETE FROM risk_flags WHERE indicator IN ('unanswered_questions', 'stage_pair_affiliated');
ALTER TABLE risk_flags DROP CONSTRAINT risk_flags_indicator_check;
ALTER TABLE risk_flags ADD CONSTRAINT risk_flags_indicator_check CHECK (indicator IN ('shared_client', 'identical_documents',
    'similar_proposals', 'price_progression', 'shared_identity', 'bid_rotation', 'lowest_yields', 'owner_concentration',
    'single_bid_near_ceiling', 'market_concentration', 'persistent_low_price'));
