-- +goose Up
-- Questions and clarifications (答疑澄清), investment project codes
-- (投资项目代码) and the catalogue's pairs of items that check each other.

-- A question an agency asks on a project in bidding, and the owner's
-- answer. asker_id is read by admins only: every other reader gets the
-- question without it.
CREATE TABLE questions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id  bigint NOT NULL REFERENCES projects (id),
    asker_id    bigint NOT NULL REFERENCES accounts (id),
    question    text NOT NULL CHECK (length(question) BETWEEN 1 AND 2000),
    asked_at    timestamptz NOT NULL,
    answer      text,
    answered_at timestamptz,
    answerer_id bigint REFERENCES accounts (id),
    CHECK ((answer IS NULL) = (answered_at IS NULL))
);
CREATE INDEX questions_project_idx ON questions (project_id, asked_at, id);
CREATE INDEX questions_unanswered_idx ON questions (project_id) WHERE answer IS NULL;

-- The code of the investment project a purchase serves, as issued by the
-- national online approval and supervision platform: year-region-industry-
-- type-serial. '' when the project names none.
ALTER TABLE projects ADD COLUMN investment_project_code text NOT NULL DEFAULT ''
    CHECK (investment_project_code = '' OR investment_project_code ~ '^[0-9]{4}-[0-9]{6}-[0-9]{2}-[0-9]{2}-[0-9]{6}$');
CREATE INDEX projects_investment_code_idx ON projects (investment_project_code) WHERE investment_project_code <> '';

-- Items serving the approval of an investment project: a department's
-- purchase of one must name the investment project's code. The seed marks
-- the items whose approval is the investment project's own (可研 for 政府投资
-- 项目审批, 节能报告 for 节能审查).
ALTER TABLE catalogue_items ADD COLUMN approval_related boolean NOT NULL DEFAULT false;
UPDATE catalogue_items SET approval_related = true WHERE code IN ('YC2022-02', 'YC2022-04');

-- Pairs of items that check each other on one investment project: the
-- agency that holds one may not bid for the other. Stored once per pair,
-- item_a < item_b.
CREATE TABLE catalogue_item_conflicts (
    item_a text NOT NULL REFERENCES catalogue_items (code),
    item_b text NOT NULL REFERENCES catalogue_items (code),
    reason text NOT NULL CHECK (reason <> ''),
    PRIMARY KEY (item_a, item_b),
    CHECK (item_a < item_b)
);
CREATE INDEX catalogue_item_conflicts_b_idx ON catalogue_item_conflicts (item_b);
-- The catalogue has no item named 预算编制 or 结算审核: the nearest are
-- 初步设计及概算编制 and 工程造价咨询 (which covers 结算审核); the 环评
-- report and its technical review are NAT-01 and CZ-n2.
INSERT INTO catalogue_item_conflicts (item_a, item_b, reason)
SELECT a, b, r FROM (VALUES
    ('NAT-17', 'YC2022-03', '概算编制与造价咨询(结算审核)相互校核'),
    ('CZ-n2', 'NAT-01', '环评报告编制与环评技术评估相互校核')) v (a, b, r)
 WHERE EXISTS (SELECT 1 FROM catalogue_items WHERE code = a) AND EXISTS (SELECT 1 FROM catalogue_items WHERE code = b);

-- Two risk indicators: questions left unanswered at the close (a project
-- flag, with no agency), and both items of a checking pair held on one
-- investment project by affiliated agencies.
ALTER TABLE risk_flags DROP CONSTRAINT risk_flags_indicator_check;
ALTER TABLE risk_flags ADD CONSTRAINT risk_flags_indicator_check CHECK (indicator IN ('shared_client',
    'identical_documents', 'similar_proposals', 'price_progression', 'shared_identity', 'bid_rotation',
    'lowest_yields', 'owner_concentration', 'single_bid_near_ceiling', 'unanswered_questions', 'stage_pair_affiliated'));
ALTER TABLE risk_flags DROP CONSTRAINT risk_flags_agency_ids_check;
ALTER TABLE risk_flags ADD CONSTRAINT risk_flags_agency_ids_check
    CHECK (cardinality(agency_ids) >= 1 OR indicator = 'unanswered_questions');
