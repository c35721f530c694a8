-- +goose Up
-- Notice documents (招标文件/附件) and amendments (更正公告).
--
-- A notice's documents may be Word, Excel or ZIP files as well as PDF and
-- images, and up to 20 MB each: the files index widens to admit them.
ALTER TABLE files DROP CONSTRAINT files_media_type_check;
ALTER TABLE files ADD CONSTRAINT files_media_type_check CHECK (media_type IN (
    'application/pdf', 'image/jpeg', 'image/png', 'application/zip',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'));
ALTER TABLE files DROP CONSTRAINT files_size_check;
ALTER TABLE files ADD CONSTRAINT files_size_check CHECK (size > 0 AND size <= 20971520);

-- An amendment is a published notice of what changed on a project in
-- bidding and why. changes holds [{field, before, after}] as published.
CREATE TABLE project_amendments (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id       bigint NOT NULL REFERENCES projects (id),
    rationale        text NOT NULL CHECK (char_length(rationale) BETWEEN 2 AND 2000),
    changes          jsonb NOT NULL,
    -- closes_at before and after: an amendment may move the close only later.
    closes_before    timestamptz NOT NULL,
    closes_after     timestamptz NOT NULL CHECK (closes_after >= closes_before),
    published_at     timestamptz NOT NULL
);
CREATE INDEX project_amendments_project ON project_amendments (project_id, published_at);
CREATE INDEX project_amendments_published ON project_amendments (published_at DESC, id DESC);

-- A notice document. Added to a draft (public once the draft is
-- published), or uploaded to a published project as pending: it stays
-- private until an amendment publishes it (amendment_id). superseded_by
-- names the amendment that replaced it. Published documents are never
-- deleted: the domain deletes only a draft's or a pending one.
CREATE TABLE project_documents (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id    bigint NOT NULL REFERENCES projects (id),
    title         text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    file_name     text NOT NULL DEFAULT '',
    sha256        text NOT NULL REFERENCES files (sha256),
    pending       boolean NOT NULL DEFAULT false,
    amendment_id  bigint REFERENCES project_amendments (id),
    superseded_by bigint REFERENCES project_amendments (id),
    created_at    timestamptz NOT NULL
);
CREATE INDEX project_documents_project ON project_documents (project_id, id);

-- A sealed bid placed before a material amendment waits for the agency to
-- confirm or revise it; unconfirmed at the close, it is invalid.
ALTER TABLE bids ADD COLUMN needs_confirmation boolean NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE bids DROP COLUMN needs_confirmation;
DROP TABLE project_documents;
DROP TABLE project_amendments;
ALTER TABLE files DROP CONSTRAINT files_size_check;
ALTER TABLE files ADD CONSTRAINT files_size_check CHECK (size > 0 AND size <= 10485760);
ALTER TABLE files DROP CONSTRAINT files_media_type_check;
ALTER TABLE files ADD CONSTRAINT files_media_type_check CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png'));
