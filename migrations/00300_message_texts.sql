-- +goose Up
-- Texts the platform writes (sanction reasons, risk flag summaries) are kept
-- as a message id and params beside the English, so that pages render them
-- in the reader's language: {"code": "...", "params": {...}, "terms": {...}}.
ALTER TABLE credit_events ADD COLUMN reason_text jsonb;
ALTER TABLE risk_flags ADD COLUMN summary_text jsonb;
ALTER TABLE violations ADD COLUMN reason_text jsonb;

UPDATE violations SET reason_text = jsonb_build_object('code', 'violation.recorded_by',
        'params', jsonb_build_object('Name', substring(reason FROM '^Violation recorded by (.*)\.$')))
    WHERE reason ~ '^Violation recorded by .*\.$';

-- Backfill the sentences the platform wrote before, recognised by their
-- exact English. credit_events is append-only; the guard is lifted for this
-- one statement only, which adds the id of a reason and changes no fact.
ALTER TABLE credit_events DISABLE TRIGGER credit_events_no_update;
UPDATE credit_events SET reason_text = CASE
    WHEN reason = 'Suspension period ended.' THEN '{"code": "sanction.period_ended"}'::jsonb
    WHEN reason = 'Appeal upheld: the event that caused the sanction was voided.' THEN '{"code": "sanction.appeal_voided"}'::jsonb
    WHEN reason = 'Suspended for 12 months: three upheld violations within 12 months.'
        THEN '{"code": "sanction.suspended_violations", "params": {"Months": 12}}'::jsonb
    WHEN reason = 'Suspended for 6 months: credit grade fell to D.'
        THEN '{"code": "sanction.suspended_grade_d", "params": {"Months": 6}}'::jsonb
    WHEN reason ~ '^Blacklisted for 3 years: (false_materials|collusion) \(联合惩戒\)\.$'
        THEN jsonb_build_object('code', 'sanction.blacklisted.' || (regexp_match(reason, ': ([a-z_]+) '))[1], 'params', '{"Years": 3}'::jsonb)
    WHEN kind = 'void' AND reason LIKE 'Appeal upheld: %'
        THEN jsonb_build_object('code', 'credit.appeal_upheld', 'params', jsonb_build_object('Reason', substr(reason, 16)))
    WHEN source = 'department' AND reason ~ '^Violation recorded by .*\.$'
        THEN jsonb_build_object('code', 'violation.recorded_by', 'params', jsonb_build_object('Name', substring(reason FROM '^Violation recorded by (.*)\.$')))
END
WHERE source IN ('system', 'scheduler', 'admin', 'department');
ALTER TABLE credit_events ENABLE TRIGGER credit_events_no_update;

-- Risk flags: the next recomputation rewrites the text of a flag it finds
-- again; these recognise the summaries already written.
UPDATE risk_flags SET summary_text = CASE
    WHEN indicator = 'shared_client' AND summary ~ '^(\d+) agencies bid on project (\d+) from the same client'
        THEN (SELECT jsonb_build_object('code', 'risk.summary.shared_client', 'params', jsonb_build_object('Agencies', m[1]::int, 'Project', m[2]::bigint))
              FROM regexp_match(summary, '^(\d+) agencies bid on project (\d+)') m)
    WHEN indicator = 'identical_documents' AND summary ~ '^(\d+) agencies submitted the identical proposal document on project (\d+)\.$'
        THEN (SELECT jsonb_build_object('code', 'risk.summary.identical_documents', 'params', jsonb_build_object('Agencies', m[1]::int, 'Project', m[2]::bigint))
              FROM regexp_match(summary, '^(\d+) agencies submitted the identical proposal document on project (\d+)') m)
    WHEN indicator = 'similar_proposals' AND summary ~ '^Two agencies'' proposals on project (\d+) are (\d+)% alike'
        THEN (SELECT jsonb_build_object('code', 'risk.summary.similar_proposals', 'params', jsonb_build_object('Project', m[1]::bigint, 'Percent', m[2]))
              FROM regexp_match(summary, 'project (\d+) are (\d+)%') m)
    WHEN indicator = 'price_progression' AND summary ~ '^(\d+) prices on project (\d+) step by the same (difference|ratio)\.$'
        THEN (SELECT jsonb_build_object('code', 'risk.summary.price_progression.' || m[3], 'params', jsonb_build_object('Prices', m[1]::int, 'Project', m[2]::bigint))
              FROM regexp_match(summary, '^(\d+) prices on project (\d+) step by the same (difference|ratio)') m)
    WHEN indicator = 'shared_identity' AND summary ~ '^Two agencies bidding on project (\d+) share their '
        THEN (SELECT jsonb_build_object('code', 'risk.summary.shared_identity', 'params', jsonb_build_object('Project', m[1]::bigint),
                  'terms', jsonb_build_object('Fields', (SELECT jsonb_agg('risk.field.' || f) FROM jsonb_array_elements_text(evidence->'shared') f)))
              FROM regexp_match(summary, 'project (\d+)') m)
    WHEN indicator = 'bid_rotation' AND summary ~ '^(\d+) agencies bid together on (\d+) projects and took turns winning \((\d+) winners, (\d+) of'
        THEN (SELECT jsonb_build_object('code', 'risk.summary.bid_rotation', 'params', jsonb_build_object('Agencies', m[1]::int, 'Projects', m[2]::int, 'Winners', m[3]::int, 'GroupWins', m[4]::int))
              FROM regexp_match(summary, '^(\d+) agencies bid together on (\d+) projects and took turns winning \((\d+) winners, (\d+) of') m)
    WHEN indicator = 'lowest_yields' AND summary ~ '^Agency (\d+), the lowest bidder, dropped out (\d+) times and agency (\d+) won'
        THEN (SELECT jsonb_build_object('code', 'risk.summary.lowest_yields', 'params', jsonb_build_object('Lowest', m[1]::bigint, 'Times', m[2]::int, 'Winner', m[3]::bigint))
              FROM regexp_match(summary, '^Agency (\d+), the lowest bidder, dropped out (\d+) times and agency (\d+)') m)
    WHEN indicator = 'owner_concentration' AND summary ~ '^Agency (\d+) won (\d+) of owner (\d+)''s (\d+) competitive projects it bid on; fair competition explains ([0-9.]+)\.$'
        THEN (SELECT jsonb_build_object('code', 'risk.summary.owner_concentration', 'params', jsonb_build_object('Agency', m[1]::bigint, 'Won', m[2]::int, 'Owner', m[3]::bigint, 'BidOn', m[4]::int, 'Expected', m[5]))
              FROM regexp_match(summary, '^Agency (\d+) won (\d+) of owner (\d+)''s (\d+) competitive projects it bid on; fair competition explains ([0-9.]+)\.$') m)
    WHEN indicator = 'single_bid_near_ceiling' AND summary ~ '^Agency (\d+) won (\d+) of department (\d+)''s projects as the only valid bidder at (\d+)%'
        THEN (SELECT jsonb_build_object('code', 'risk.summary.single_bid_near_ceiling', 'params', jsonb_build_object('Agency', m[1]::bigint, 'Won', m[2]::int, 'Owner', m[3]::bigint, 'Percent', m[4]))
              FROM regexp_match(summary, '^Agency (\d+) won (\d+) of department (\d+)''s projects as the only valid bidder at (\d+)%') m)
END;

-- +goose Down
ALTER TABLE violations DROP COLUMN reason_text;
ALTER TABLE risk_flags DROP COLUMN summary_text;
ALTER TABLE credit_events DROP COLUMN reason_text;
