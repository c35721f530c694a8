-- +goose Up
-- The lifecycle after bidding closes (SPEC §3): ranked candidates, publicity,
-- objections and complaints, contract, delivery, acceptance, payment.

-- Deadlines of the current stage, all on the platform clock. Publicity is
-- paused while an objection is open: publicity_remaining keeps what is left.
ALTER TABLE projects
    ADD COLUMN publicity_ends_at   timestamptz,
    ADD COLUMN publicity_remaining interval,
    ADD COLUMN signing_due_at      timestamptz,
    ADD COLUMN service_due_at      timestamptz,
    ADD COLUMN overdue             boolean NOT NULL DEFAULT false,
    ADD COLUMN accepted_at         timestamptz,
    ADD COLUMN evaluation_due_at   timestamptz,
    ADD CONSTRAINT projects_publicity_paused CHECK (publicity_ends_at IS NULL OR publicity_remaining IS NULL);
CREATE INDEX projects_publicity_due_idx ON projects (publicity_ends_at) WHERE status = 'publicity';
CREATE INDEX projects_signing_due_idx ON projects (signing_due_at) WHERE status = 'awarded';
CREATE INDEX projects_service_due_idx ON projects (service_due_at) WHERE status = 'contracted' AND NOT overdue;
CREATE INDEX projects_evaluation_due_idx ON projects (evaluation_due_at) WHERE status = 'accepted';

-- The ranked candidates of a result. Exactly one is 'selected' while the
-- project is in publicity or later; the others wait their turn.
CREATE TABLE project_candidates (
    project_id bigint NOT NULL REFERENCES projects (id),
    rank       integer NOT NULL CHECK (rank >= 1),
    bid_id     bigint REFERENCES bids (id),
    agency_id  bigint NOT NULL REFERENCES accounts (id),
    price_fen  bigint NOT NULL CHECK (price_fen > 0),
    score      numeric(7, 2),
    status     text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'selected', 'disqualified', 'declined', 'lapsed')),
    reason     text NOT NULL DEFAULT '',
    PRIMARY KEY (project_id, rank),
    UNIQUE (project_id, agency_id)
);
CREATE UNIQUE INDEX project_candidates_one_selected ON project_candidates (project_id) WHERE status = 'selected';

-- Objections (异议) raised by bidders during publicity, and their escalation
-- to complaints (投诉) decided by an admin. The objector is never published.
CREATE TABLE objections (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id    bigint NOT NULL REFERENCES projects (id),
    objector_id   bigint NOT NULL REFERENCES accounts (id),
    candidate_id  bigint NOT NULL REFERENCES accounts (id),
    reason        text NOT NULL CHECK (length(reason) BETWEEN 1 AND 20000),
    status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'escalated', 'upheld', 'rejected')),
    answer        text NOT NULL DEFAULT '',
    answer_due_at timestamptz NOT NULL,
    answered_at   timestamptz,
    escalated_at  timestamptz,
    decision      text NOT NULL DEFAULT '',
    decided_by    bigint REFERENCES accounts (id),
    decided_at    timestamptz,
    created_at    timestamptz NOT NULL
);
CREATE INDEX objections_project_idx ON objections (project_id, status);
CREATE INDEX objections_due_idx ON objections (answer_due_at) WHERE status = 'open';

-- The contract: signed online by both parties, then immutable; its hash
-- goes into the audit chain.
CREATE TABLE contracts (
    project_id       bigint PRIMARY KEY REFERENCES projects (id),
    owner_id         bigint NOT NULL REFERENCES accounts (id),
    agency_id        bigint NOT NULL REFERENCES accounts (id),
    price_fen        bigint NOT NULL CHECK (price_fen > 0),
    service_days     integer NOT NULL CHECK (service_days > 0),
    start_date       date NOT NULL,
    owner_signed_at  timestamptz,
    agency_signed_at timestamptz,
    hash             text NOT NULL DEFAULT ''
);

-- Deliveries of the service result; the owner accepts or returns each.
CREATE TABLE deliveries (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id    bigint NOT NULL REFERENCES projects (id),
    agency_id     bigint NOT NULL REFERENCES accounts (id),
    note          text NOT NULL DEFAULT '',
    file_sha256   text REFERENCES files (sha256),
    status        text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'returned')),
    return_reason text NOT NULL DEFAULT '',
    delivered_at  timestamptz NOT NULL,
    decided_at    timestamptz
);
CREATE UNIQUE INDEX deliveries_one_open ON deliveries (project_id) WHERE status = 'submitted';

-- Payments by departments for budget-funded projects (spending report).
CREATE TABLE payments (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id    bigint NOT NULL REFERENCES projects (id),
    department_id bigint NOT NULL REFERENCES accounts (id),
    amount_fen    bigint NOT NULL CHECK (amount_fen > 0),
    paid_on       date NOT NULL,
    budget_code   text NOT NULL CHECK (budget_code <> ''),
    created_at    timestamptz NOT NULL
);
CREATE INDEX payments_department_idx ON payments (department_id, paid_on);

-- +goose Down
DROP TABLE payments, deliveries, contracts, objections, project_candidates;
ALTER TABLE projects DROP CONSTRAINT projects_publicity_paused, DROP COLUMN publicity_ends_at, DROP COLUMN publicity_remaining,
    DROP COLUMN signing_due_at, DROP COLUMN service_due_at, DROP COLUMN overdue, DROP COLUMN accepted_at, DROP COLUMN evaluation_due_at;
