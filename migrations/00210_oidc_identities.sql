-- +goose Up
-- Single sign-on through the government identity platform (OpenID Connect).
--
-- account_identities links an account to a subject of an issuer: one
-- subject is one account, and an account has at most one subject per issuer.
CREATE TABLE account_identities (
    issuer     text   NOT NULL,
    subject    text   NOT NULL,
    account_id bigint NOT NULL REFERENCES accounts (id),
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (issuer, subject),
    UNIQUE (account_id, issuer)
);

-- oidc_logins holds, server-side, what a login started: the state (kept as
-- its hash), the nonce and the PKCE verifier. A callback consumes its row
-- once, so a replayed state finds nothing.
CREATE TABLE oidc_logins (
    state_hash text PRIMARY KEY,
    nonce      text NOT NULL,
    verifier   text NOT NULL,
    back       text NOT NULL DEFAULT '/',
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX oidc_logins_expires_at ON oidc_logins (expires_at);

-- oidc_pending_identities is a verified identity not yet linked to an
-- account: the user still has to confirm a password or choose a role.
CREATE TABLE oidc_pending_identities (
    token_hash text PRIMARY KEY,
    issuer     text NOT NULL,
    subject    text NOT NULL,
    uscc       text NOT NULL DEFAULT '',
    name       text NOT NULL DEFAULT '',
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

-- +goose Down
DROP TABLE oidc_pending_identities;
DROP TABLE oidc_logins;
DROP TABLE account_identities;
