-- +goose Up
-- Projects (service needs) and their lifecycle (SPEC §3). Amounts are fen.
CREATE TABLE projects (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id          bigint NOT NULL REFERENCES accounts (id),
    title             text NOT NULL CHECK (length(title) BETWEEN 2 AND 200),
    description       text NOT NULL DEFAULT '',
    item_code         text NOT NULL REFERENCES catalogue_items (code),
    region            text NOT NULL DEFAULT '',
    funding           text NOT NULL CHECK (funding IN ('self', 'budget')),
    budget_code       text NOT NULL DEFAULT '',
    ceiling_fen       bigint CHECK (ceiling_fen IS NULL OR ceiling_fen > 0),
    method            text NOT NULL CHECK (method IN ('direct', 'lowest_price', 'composite', 'random_draw', 'reverse_auction')),
    bidding_closes_at timestamptz NOT NULL,
    -- for reverse auctions: the close after anti-sniping extensions
    closes_at         timestamptz NOT NULL,
    extensions        integer NOT NULL DEFAULT 0 CHECK (extensions >= 0),
    service_days      integer NOT NULL CHECK (service_days > 0),
    min_bids          integer NOT NULL CHECK (min_bids >= 1),
    weight_price      integer NOT NULL DEFAULT 0 CHECK (weight_price BETWEEN 0 AND 100),
    weight_credit     integer NOT NULL DEFAULT 0 CHECK (weight_credit BETWEEN 0 AND 100),
    weight_technical  integer NOT NULL DEFAULT 0 CHECK (weight_technical BETWEEN 0 AND 100),
    min_step_fen      bigint CHECK (min_step_fen IS NULL OR min_step_fen > 0),
    -- reverse auction public state: current best price and number of bids
    best_fen          bigint,
    auction_bids      integer NOT NULL DEFAULT 0,
    status            text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'bidding', 'evaluating', 'failed', 'publicity',
                          'awarded', 'contracted', 'delivered', 'accepted', 'completed', 'cancelled')),
    cancel_reason     text NOT NULL DEFAULT '',
    previous_round_id bigint REFERENCES projects (id),
    published_at      timestamptz,
    closed_at         timestamptz,
    result            jsonb,
    -- the selected agency once a result exists (publicity onwards)
    awarded_agency_id bigint REFERENCES accounts (id),
    created_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (funding = 'self' OR (budget_code <> '' AND method <> 'direct')),
    CHECK (method <> 'composite' OR weight_price + weight_credit + weight_technical = 100),
    CHECK (method <> 'reverse_auction' OR (ceiling_fen IS NOT NULL AND min_step_fen IS NOT NULL))
);
CREATE INDEX projects_status_closes_idx ON projects (status, closes_at);
CREATE INDEX projects_owner_idx ON projects (owner_id, created_at DESC);
CREATE INDEX projects_item_idx ON projects (item_code, status);
CREATE INDEX projects_awarded_idx ON projects (awarded_agency_id, status);

-- Agencies the owner asks to stand aside (回避), each with a public reason.
CREATE TABLE project_avoid (
    project_id bigint NOT NULL REFERENCES projects (id),
    agency_id  bigint NOT NULL REFERENCES accounts (id),
    reason     text NOT NULL CHECK (length(reason) > 0),
    PRIMARY KEY (project_id, agency_id)
);

-- Sealed bids: one live bid per agency per project. submitted_at is the
-- platform clock read inside the bid's transaction.
CREATE TABLE bids (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id   bigint NOT NULL REFERENCES projects (id),
    agency_id    bigint NOT NULL REFERENCES accounts (id),
    price_fen    bigint NOT NULL CHECK (price_fen > 0),
    proposal     text NOT NULL DEFAULT '',
    service_days integer NOT NULL CHECK (service_days > 0),
    status       text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'withdrawn', 'valid', 'invalid')),
    invalid_reason text NOT NULL DEFAULT '',
    submitted_at timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    UNIQUE (project_id, agency_id)
);

-- Every accepted reverse-auction bid, in order: the public price history.
CREATE TABLE auction_bids (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects (id),
    agency_id  bigint NOT NULL REFERENCES accounts (id),
    price_fen  bigint NOT NULL CHECK (price_fen > 0),
    at         timestamptz NOT NULL,
    seq        integer NOT NULL,
    UNIQUE (project_id, seq)
);

-- Online evaluation (网上评价) of an agency by the owner after acceptance;
-- is_default marks the rating recorded when the window ended unrated.
CREATE TABLE evaluations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id  bigint NOT NULL UNIQUE REFERENCES projects (id),
    agency_id   bigint NOT NULL REFERENCES accounts (id),
    owner_id    bigint NOT NULL REFERENCES accounts (id),
    quality     smallint NOT NULL CHECK (quality BETWEEN 1 AND 5),
    timeliness  smallint NOT NULL CHECK (timeliness BETWEEN 1 AND 5),
    attitude    smallint NOT NULL CHECK (attitude BETWEEN 1 AND 5),
    fee         smallint NOT NULL CHECK (fee BETWEEN 1 AND 5),
    comment     text NOT NULL DEFAULT '',
    is_default  boolean NOT NULL DEFAULT false,
    reply       text,
    replied_at  timestamptz,
    created_at  timestamptz NOT NULL
);
CREATE INDEX evaluations_agency_idx ON evaluations (agency_id, created_at DESC);

-- +goose Down
DROP TABLE evaluations;
DROP TABLE auction_bids, bids, project_avoid, projects;
