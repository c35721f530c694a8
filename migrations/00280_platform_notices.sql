-- +goose Up
-- 通知公告: the platform's own notices (maintenance, rule changes, holiday
-- arrangements), published by admins and read by everyone.
CREATE TABLE platform_notices (
    id           bigserial PRIMARY KEY,
    title        text        NOT NULL CHECK (char_length(title) BETWEEN 2 AND 200),
    body         text        NOT NULL CHECK (body <> ''),
    published_at timestamptz NOT NULL,
    published_by bigint      NOT NULL REFERENCES accounts (id)
);
CREATE INDEX platform_notices_published ON platform_notices (published_at DESC, id DESC);

-- +goose Down
DROP TABLE platform_notices;
