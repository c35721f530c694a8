-- +goose Up
-- An agency's search document, built once per transaction at its commit.
--
-- An agency document costs about a millisecond to build and index
-- (search_agency_doc: bigrams, synonyms, its GIN indexes). The triggers of
-- 00041 rebuilt it on every row that feeds it, on the spot: a
-- registration (the account, its profile, its service items) built it
-- once per row, five times with three items, and saving a profile that
-- replaces N items about 2N times. Now those triggers only queue the
-- agency in agency_search_queued, once per transaction (the primary key
-- drops the repeats), and a deferred constraint trigger on the queue
-- builds the document at commit from what the transaction leaves, and
-- takes the agency off the queue. Readers see the document when they
-- see the rows, as before: both become visible at the commit. A second
-- transaction that queues the same agency meanwhile waits for the first
-- one's commit, then queues and builds it again. The changes to project
-- documents (an account renamed, a catalogue item renamed) are unchanged.

CREATE TABLE agency_search_queued (
    agency_id bigint PRIMARY KEY
);

-- +goose StatementBegin
CREATE FUNCTION search_agency_at_commit_trg() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM agency_search_queued WHERE agency_id = NEW.agency_id;
    PERFORM search_refresh_agencies(NEW.agency_id, NEW.agency_id, true);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE CONSTRAINT TRIGGER search_agency_at_commit AFTER INSERT ON agency_search_queued
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION search_agency_at_commit_trg();

-- As in 00041, but queueing the agency instead of building its document.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_agency_rows_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE aid bigint;
BEGIN
    IF TG_TABLE_NAME = 'agency_profiles' THEN
        aid := CASE WHEN TG_OP = 'DELETE' THEN OLD.account_id ELSE NEW.account_id END;
    ELSE
        aid := CASE WHEN TG_OP = 'DELETE' THEN OLD.agency_id ELSE NEW.agency_id END;
    END IF;
    INSERT INTO agency_search_queued (agency_id) VALUES (aid) ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_accounts_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE pid bigint;
BEGIN
    IF NEW.role = 'agency' OR (TG_OP = 'UPDATE' AND OLD.role = 'agency') THEN
        INSERT INTO agency_search_queued (agency_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.name IS DISTINCT FROM OLD.name THEN
        -- owner and awarded-agency names are part of project documents
        FOR pid IN SELECT id FROM projects WHERE owner_id = NEW.id OR awarded_agency_id = NEW.id LOOP
            PERFORM search_refresh_projects(pid, pid, true);
        END LOOP;
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_accounts_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE pid bigint;
BEGIN
    IF NEW.role = 'agency' OR (TG_OP = 'UPDATE' AND OLD.role = 'agency') THEN
        PERFORM search_refresh_agencies(NEW.id, NEW.id, true);
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.name IS DISTINCT FROM OLD.name THEN
        FOR pid IN SELECT id FROM projects WHERE owner_id = NEW.id OR awarded_agency_id = NEW.id LOOP
            PERFORM search_refresh_projects(pid, pid, true);
        END LOOP;
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION search_agency_rows_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE aid bigint;
BEGIN
    IF TG_TABLE_NAME = 'agency_profiles' THEN
        aid := CASE WHEN TG_OP = 'DELETE' THEN OLD.account_id ELSE NEW.account_id END;
    ELSE
        aid := CASE WHEN TG_OP = 'DELETE' THEN OLD.agency_id ELSE NEW.agency_id END;
    END IF;
    PERFORM search_refresh_agencies(aid, aid, true);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
DROP TRIGGER search_agency_at_commit ON agency_search_queued;
DROP FUNCTION search_agency_at_commit_trg;
DROP TABLE agency_search_queued;
