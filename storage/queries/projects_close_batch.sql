-- projects_close_batch: close a batch of projects in one UPDATE, each from
-- the status it is expected to have (a project whose status moved on is not
-- updated: the caller compares the row count). search.defer_close is turned
-- on for the rest of the transaction before any row is updated (the
-- subquery joined in FROM), so that the search documents are rebuilt by the
-- refresh_project_search job rather than here.
-- $1 project ids, $2 from statuses, $3 to statuses, $4 closed_at.
UPDATE projects p SET status = u.to_status, closed_at = $4, updated_at = clock_timestamp()
FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, from_status, to_status),
    (SELECT set_config('search.defer_close', 'on', true)) AS deferred
WHERE p.id = u.id AND p.status = u.from_status
