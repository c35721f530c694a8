-- stats_award_timing: over the projects whose result stood (publicity
-- over, whatever came after), how many, how many without an objection,
-- and the median hours from publication to the first award in the audit
-- log. SQL for FILTER, the lateral read of the audit log and
-- percentile_cont.
SELECT count(*) AS awarded,
    count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM objections o WHERE o.project_id = p.id)) AS without_objects,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM aw.at - p.published_at) / 3600) AS median_hours
FROM projects p LEFT JOIN LATERAL (
    SELECT min(a.at) AS at FROM audit_log a
    WHERE a.subject_type = 'project' AND a.subject_id = p.id::text AND a.action = 'project.awarded'
) aw ON true
WHERE p.status IN ('awarded', 'contracted', 'delivered', 'accepted', 'completed')
