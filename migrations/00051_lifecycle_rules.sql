-- +goose Up
-- A contract signed by both parties is immutable (SPEC §3): the database
-- refuses any change or deletion once its hash is set, whatever the caller.
-- +goose StatementBegin
CREATE FUNCTION contracts_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.hash <> '' THEN
        RAISE EXCEPTION 'contract of project % is signed and immutable', OLD.project_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'contracts_immutable';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER contracts_immutable BEFORE UPDATE OR DELETE ON contracts
    FOR EACH ROW EXECUTE FUNCTION contracts_immutable();

-- The hash is set exactly when both have signed.
ALTER TABLE contracts ADD CONSTRAINT contracts_hash_when_signed
    CHECK ((hash <> '') = (owner_signed_at IS NOT NULL AND agency_signed_at IS NOT NULL));

-- One evaluation per project already (UNIQUE); the reply comes once, after it.
ALTER TABLE evaluations ADD CONSTRAINT evaluations_reply_time CHECK ((reply IS NULL) = (replied_at IS NULL));

-- Objections are listed per project in order.
CREATE INDEX objections_project_created_idx ON objections (project_id, created_at, id);

-- +goose Down
DROP INDEX objections_project_created_idx;
ALTER TABLE evaluations DROP CONSTRAINT evaluations_reply_time;
ALTER TABLE contracts DROP CONSTRAINT contracts_hash_when_signed;
DROP TRIGGER contracts_immutable ON contracts;
DROP FUNCTION contracts_immutable();
