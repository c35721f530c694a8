-- +goose Up
-- Saved searches and alerts (订阅). An account keeps up to 20 searches; each
-- is matched against every notice published or amended, from the outbox:
-- an AFTER INSERT trigger on audit_log queues topic 'saved_search' in the
-- publishing transaction, and the job match_saved_searches completes each
-- outbox row in the transaction that records its matches. A restart neither
-- misses a notice (the row stays pending until that commit) nor sends one
-- twice (the unique key below makes "once each" a database guarantee).

CREATE TABLE saved_searches (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id      bigint NOT NULL REFERENCES accounts (id),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    q               text NOT NULL DEFAULT '',
    -- the tsquery of q over the search documents (storage.TSQuery), frozen
    -- at save time so that matching is one statement for every search
    text_query      text NOT NULL DEFAULT '',
    item_codes      text[] NOT NULL DEFAULT '{}',
    region          text NOT NULL DEFAULT '',
    funding         text NOT NULL DEFAULT '' CHECK (funding IN ('', 'self', 'budget')),
    ceiling_min_fen bigint CHECK (ceiling_min_fen IS NULL OR ceiling_min_fen >= 0),
    ceiling_max_fen bigint CHECK (ceiling_max_fen IS NULL OR ceiling_max_fen >= 0),
    frequency       text NOT NULL DEFAULT 'immediate' CHECK (frequency IN ('immediate', 'daily')),
    -- the feed URL's secret: 128 random bits or more, hex
    feed_token      text NOT NULL UNIQUE CHECK (length(feed_token) >= 32),
    created_at      timestamptz NOT NULL,
    CHECK (ceiling_min_fen IS NULL OR ceiling_max_fen IS NULL OR ceiling_min_fen <= ceiling_max_fen)
);
CREATE INDEX saved_searches_account_idx ON saved_searches (account_id, id);

-- One row per (search, notice, kind): the alert, sent at once (digest
-- 'none') or collected into the next daily digest ('pending' → 'sent').
CREATE TABLE saved_search_matches (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    saved_search_id bigint NOT NULL REFERENCES saved_searches (id) ON DELETE CASCADE,
    account_id      bigint NOT NULL REFERENCES accounts (id),
    project_id      bigint NOT NULL REFERENCES projects (id),
    kind            text NOT NULL CHECK (kind IN ('published', 'amended')),
    matched_at      timestamptz NOT NULL,
    digest          text NOT NULL DEFAULT 'none' CHECK (digest IN ('none', 'pending', 'sent')),
    UNIQUE (saved_search_id, project_id, kind)
);
CREATE INDEX saved_search_matches_pending_idx ON saved_search_matches (account_id, matched_at) WHERE digest = 'pending';
CREATE INDEX saved_search_matches_feed_idx ON saved_search_matches (saved_search_id, matched_at DESC);

-- +goose StatementBegin
CREATE FUNCTION audit_log_to_saved_searches() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- a notice published, or amended (更正公告) where the product records one
    IF NEW.action IN ('project.published', 'project.amended') AND NEW.subject_id ~ '^[0-9]{1,18}$' THEN
        INSERT INTO outbox (topic, entity, entity_id, version, payload, created_at, next_attempt_at)
        VALUES ('saved_search', 'project', NEW.subject_id::bigint, NEW.id,
                jsonb_build_object('action', NEW.action), NEW.at, NEW.at);
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_saved_searches AFTER INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_to_saved_searches();

-- +goose Down
DROP TRIGGER audit_log_saved_searches ON audit_log;
DROP FUNCTION audit_log_to_saved_searches;
DROP TABLE saved_search_matches, saved_searches;
