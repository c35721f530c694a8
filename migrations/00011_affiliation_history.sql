-- +goose Up
-- A withdrawn affiliation is ended, not deleted: the conflict-of-interest
-- rule keeps counting it for a cooling-off period (domain.AffiliationCoolingOff),
-- so that an agency cannot drop its tie to a department the day before it
-- bids on that department's project.
ALTER TABLE affiliations ADD COLUMN ended_at timestamptz;
ALTER TABLE affiliations DROP CONSTRAINT affiliations_agency_id_department_id_relation_key;
CREATE UNIQUE INDEX affiliations_current_key ON affiliations (agency_id, department_id, relation) WHERE ended_at IS NULL;

-- +goose Down
DROP INDEX affiliations_current_key;
DELETE FROM affiliations WHERE ended_at IS NOT NULL;
ALTER TABLE affiliations DROP COLUMN ended_at, ADD UNIQUE (agency_id, department_id, relation);
