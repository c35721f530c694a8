-- stats_agencies_by_region: the agencies in business (not exited) per
-- region, the profile's region before the account's, '未填写' when
-- neither is set; most first. SQL because it groups by a computed value.
SELECT r AS key, r AS label, count(*) AS count FROM (
    SELECT COALESCE(NULLIF(ap.region, ''), NULLIF(a.region, ''), '未填写') AS r FROM accounts a
    LEFT JOIN agency_profiles ap ON ap.account_id = a.id
    WHERE a.role = 'agency' AND a.status <> 'exited'
) x
GROUP BY r ORDER BY count DESC, r
