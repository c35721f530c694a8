-- +goose Up
-- Credit commitments (信用承诺 / 告知承诺) and credit repair (信用修复).

-- Versioned commitment texts: one series for registration (entry), one for
-- bidding. A version is never edited: a new text is a new version, public
-- from published_at. sha256 is the hex digest of the text as published, so
-- an acceptance names exactly what was accepted.
CREATE TABLE commitment_texts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('registration', 'bidding')),
    version      integer NOT NULL CHECK (version > 0),
    text         text NOT NULL CHECK (length(btrim(text)) > 0),
    sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    published_by bigint NOT NULL DEFAULT 0,
    published_at timestamptz NOT NULL,
    UNIQUE (kind, version)
);

-- An account's acceptance of a registration commitment version.
CREATE TABLE commitment_acceptances (
    account_id  bigint NOT NULL REFERENCES accounts (id),
    text_id     bigint NOT NULL REFERENCES commitment_texts (id),
    accepted_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, text_id)
);

-- The bidding commitment each bid was made under.
ALTER TABLE bids
    ADD COLUMN commitment_version integer,
    ADD COLUMN commitment_sha256  text CHECK (commitment_sha256 ~ '^[0-9a-f]{64}$');
ALTER TABLE auction_bids
    ADD COLUMN commitment_version integer,
    ADD COLUMN commitment_sha256  text CHECK (commitment_sha256 ~ '^[0-9a-f]{64}$');

-- A bid records the bidding commitment in force at the instant it is
-- written, inside the bid's own statement: the bid path keeps its round
-- trips (docs/performance.md), and no clock or cache can disagree with the
-- table. A withdrawal (status only) keeps the version the bid was made under.
-- +goose StatementBegin
CREATE FUNCTION bid_commitment_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT t.version, t.sha256 INTO NEW.commitment_version, NEW.commitment_sha256
    FROM commitment_texts t WHERE t.kind = 'bidding' ORDER BY t.version DESC LIMIT 1;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER bids_commitment_stamp BEFORE INSERT OR UPDATE OF price_fen, proposal, service_days, submitted_at ON bids
    FOR EACH ROW EXECUTE FUNCTION bid_commitment_stamp();
CREATE TRIGGER auction_bids_commitment_stamp BEFORE INSERT ON auction_bids
    FOR EACH ROW EXECUTE FUNCTION bid_commitment_stamp();

-- Default texts (Chinese), so that a fresh platform asks for something.
INSERT INTO commitment_texts (kind, version, text, sha256, published_at)
SELECT kind, 1, body, encode(sha256(convert_to(body, 'UTF8')), 'hex'), clock_timestamp()
FROM (VALUES
    ('registration', '本单位郑重承诺：所提交的注册信息、资质证明及其他材料真实、准确、完整、有效；遵守国家法律法规和平台交易规则，诚信经营；如有虚假承诺，自愿接受扣减信用分、暂停交易资格等失信惩戒，并依法承担相应责任。'),
    ('bidding', '本单位郑重承诺：本次报价所附材料真实有效；不与其他中介机构围标、串标，不以任何方式排挤其他竞争者；与项目业主及其工作人员不存在利益关联；如有虚假承诺，自愿接受扣减信用分、暂停交易资格等失信惩戒，并依法承担相应责任。')
) AS t (kind, body);

-- A confirmed false commitment is a violation of its own kind.
ALTER TABLE violations DROP CONSTRAINT violations_kind_check;
ALTER TABLE violations ADD CONSTRAINT violations_kind_check
    CHECK (kind IN ('violation', 'false_materials', 'collusion', 'false_commitment'));
ALTER TABLE credit_events DROP CONSTRAINT credit_events_kind_check;
ALTER TABLE credit_events ADD CONSTRAINT credit_events_kind_check
    CHECK (kind IN ('evaluation', 'late_delivery', 'signing_refused', 'objection_upheld',
        'violation', 'false_materials', 'collusion', 'inspection_failed', 'false_commitment',
        'suspended', 'blacklisted', 'reinstated', 'void'));

-- Credit repair applications. credit_events stays append-only: a granted
-- repair keeps the event and records here the points it counts from then
-- on (effective_points), the one figure both the incremental score and the
-- full recompute read. At most one repair per event is open or granted.
CREATE TABLE credit_repairs (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id         bigint NOT NULL REFERENCES credit_events (id),
    agency_id        bigint NOT NULL REFERENCES accounts (id),
    evidence         text NOT NULL CHECK (length(btrim(evidence)) > 0),
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'granted', 'rejected')),
    effective_points integer,
    decision_reason  text NOT NULL DEFAULT '',
    decided_by       bigint REFERENCES accounts (id),
    decided_at       timestamptz,
    created_at       timestamptz NOT NULL,
    CHECK ((status = 'granted') = (effective_points IS NOT NULL)),
    CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX credit_repairs_open_key ON credit_repairs (event_id) WHERE status IN ('pending', 'granted');
CREATE INDEX credit_repairs_status_idx ON credit_repairs (status, created_at);

-- +goose Down
DROP TABLE credit_repairs;
ALTER TABLE credit_events DROP CONSTRAINT credit_events_kind_check;
ALTER TABLE credit_events ADD CONSTRAINT credit_events_kind_check
    CHECK (kind IN ('evaluation', 'late_delivery', 'signing_refused', 'objection_upheld',
        'violation', 'false_materials', 'collusion', 'inspection_failed',
        'suspended', 'blacklisted', 'reinstated', 'void'));
ALTER TABLE violations DROP CONSTRAINT violations_kind_check;
ALTER TABLE violations ADD CONSTRAINT violations_kind_check
    CHECK (kind IN ('violation', 'false_materials', 'collusion'));
DROP TRIGGER auction_bids_commitment_stamp ON auction_bids;
DROP TRIGGER bids_commitment_stamp ON bids;
DROP FUNCTION bid_commitment_stamp;
ALTER TABLE auction_bids DROP COLUMN commitment_sha256, DROP COLUMN commitment_version;
ALTER TABLE bids DROP COLUMN commitment_sha256, DROP COLUMN commitment_version;
DROP TABLE commitment_acceptances, commitment_texts;
