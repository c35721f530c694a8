-- +goose Up
-- Catalogue corrections (issue #22 §8).
--
-- A fee the applicant does not pay gets a type of its own: calling it
-- 市场调节价 beside 「申请人不付费」 contradicted itself.
ALTER TABLE catalogue_items DROP CONSTRAINT catalogue_items_fee_type_check;
ALTER TABLE catalogue_items ADD CONSTRAINT catalogue_items_fee_type_check
    CHECK (fee_type IN ('government_guided', 'market', 'not_charged'));
UPDATE catalogue_items SET fee_type = 'not_charged'
 WHERE fee_standard ~ '(不付费|不收费|不向申请人收取|不再付费)';

-- 国家安全生产监督管理总局 was merged into 应急管理部 in the 2018 reform.
UPDATE catalogue_items SET department = '应急管理部' WHERE department = '国家安全监管总局';

-- CZ-n3 地震安全性评价 and CZ-n1 雷电灾害风险评估 repeat NAT-11 and NAT-13
-- by name. Agencies offering the repeat offer the kept item instead; the
-- repeat goes unless a project or a qualification already refers to it.
INSERT INTO agency_items (agency_id, item_code)
SELECT agency_id, CASE item_code WHEN 'CZ-n3' THEN 'NAT-11' ELSE 'NAT-13' END
  FROM agency_items WHERE item_code IN ('CZ-n3', 'CZ-n1')
ON CONFLICT DO NOTHING;
DELETE FROM agency_items WHERE item_code IN ('CZ-n3', 'CZ-n1');
DELETE FROM catalogue_items c WHERE c.code IN ('CZ-n3', 'CZ-n1')
   AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.item_code = c.code)
   AND NOT EXISTS (SELECT 1 FROM qualifications q WHERE q.item_code = c.code);

-- +goose Down
-- Data corrections are not undone.
SELECT 1;
