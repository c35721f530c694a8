-- +goose Up
-- Every replica keeps the sessions it has looked up in memory
-- (storage/session_cache.go). A change that alters what a session lookup
-- answers is told to every replica on the channel market_sessions when its
-- transaction commits: the account's id, or '*' when every account's answer
-- may change (a new commitment text makes every agency and enterprise
-- pending). A replica drops the account's sessions from memory on it.
-- +goose StatementBegin
CREATE FUNCTION session_notify_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('market_sessions', OLD.account_id::text);
        RETURN OLD;
    END IF;
    PERFORM pg_notify('market_sessions', NEW.account_id::text);
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION session_notify_accounts_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('market_sessions', OLD.id::text);
        RETURN OLD;
    END IF;
    PERFORM pg_notify('market_sessions', NEW.id::text);
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION session_notify_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('market_sessions', '*');
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- A session revoked (logout) or removed.
CREATE TRIGGER sessions_notify AFTER UPDATE OR DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION session_notify_account();
-- The account's name, role, status (suspension, blacklisting, exit) or
-- password; other columns (contact details, credit) do not reach a session.
CREATE TRIGGER accounts_session_notify AFTER UPDATE ON accounts
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.role IS DISTINCT FROM NEW.role
        OR OLD.status IS DISTINCT FROM NEW.status OR OLD.password_hash IS DISTINCT FROM NEW.password_hash)
    EXECUTE FUNCTION session_notify_accounts_row();
CREATE TRIGGER accounts_session_notify_delete AFTER DELETE ON accounts
    FOR EACH ROW EXECUTE FUNCTION session_notify_accounts_row();
-- An accepted commitment ends the account's pending state.
CREATE TRIGGER commitment_acceptances_session_notify AFTER INSERT OR UPDATE OR DELETE ON commitment_acceptances
    FOR EACH ROW EXECUTE FUNCTION session_notify_account();
-- A new commitment text makes every account that has not accepted it pending.
CREATE TRIGGER commitment_texts_session_notify AFTER INSERT OR UPDATE OR DELETE ON commitment_texts
    FOR EACH STATEMENT EXECUTE FUNCTION session_notify_all();

-- +goose Down
DROP TRIGGER commitment_texts_session_notify ON commitment_texts;
DROP TRIGGER commitment_acceptances_session_notify ON commitment_acceptances;
DROP TRIGGER accounts_session_notify_delete ON accounts;
DROP TRIGGER accounts_session_notify ON accounts;
DROP TRIGGER sessions_notify ON sessions;
DROP FUNCTION session_notify_all, session_notify_accounts_row, session_notify_account;
