-- commitment_text_insert: a new version of a commitment text, numbered the
-- next of its kind within the INSERT (INSERT ... SELECT over the kind's
-- rows), so that two publishers at once collide on the unique (kind,
-- version) instead of both taking one number.
-- Named parameters: kind, text, sha256, by (the publisher), at.
INSERT INTO commitment_texts (kind, version, text, sha256, published_by, published_at)
SELECT @kind, coalesce(max(version), 0) + 1, @text, @sha256, @by, @at FROM commitment_texts WHERE kind = @kind
RETURNING id, version
