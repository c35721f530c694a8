-- audit_append_batch: insert many audit_log rows from parallel arrays, in
-- array order; each row's time is $1 (a test's injected clock) or, when
-- null, the database clock at its insert.
-- $1 at, $2 actor ids, $3 roles, $4 actions, $5 subject types,
-- $6 subject ids, $7 summaries.
INSERT INTO audit_log (at, actor_id, actor_role, action, subject_type, subject_id, summary)
SELECT COALESCE($1::timestamptz, clock_timestamp()), u.actor, u.role, u.action, u.stype, u.subject, u.summary
FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY
    AS u(actor, role, action, stype, subject, summary, n)
ORDER BY u.n
