-- investment_stage_pair_holdings: the checking pairs of projects on one
-- investment code (items of which one checks the other's work, as 结算审核
-- checks 预算编制) whose awards, both still standing, went to two
-- different agencies, with each agency's contact details for the
-- stage_pair_affiliated judgement. Each pair appears once (the second
-- project has the higher id). Kept as SQL: a self-join of projects, the
-- conflict pairs matched either way round, and both agencies' accounts.
-- Parameters: holding, the statuses in which an award stands
-- (domain.AwardHoldingStatuses); since, the later of the two closes must
-- be at or after it.
SELECT a.investment_project_code AS code, a.id AS project_a, b.id AS project_b,
    a.item_code AS item_a, b.item_code AS item_b, b.owner_id, b.region,
    x.id AS agency_a, y.id AS agency_b, x.name AS name_a, y.name AS name_b,
    x.legal_representative AS legal_a, y.legal_representative AS legal_b,
    x.contact_phone AS phone_a, y.contact_phone AS phone_b, x.email AS email_a, y.email AS email_b
FROM projects a
JOIN projects b ON b.investment_project_code = a.investment_project_code AND b.id > a.id
JOIN catalogue_item_conflicts c ON (c.item_a = a.item_code AND c.item_b = b.item_code)
    OR (c.item_a = b.item_code AND c.item_b = a.item_code)
JOIN accounts x ON x.id = a.awarded_agency_id
JOIN accounts y ON y.id = b.awarded_agency_id
WHERE a.investment_project_code <> '' AND x.id <> y.id AND a.status IN @holding AND b.status IN @holding
  AND greatest(a.closed_at, b.closed_at) >= @since
ORDER BY a.id, b.id
