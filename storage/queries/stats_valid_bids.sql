-- stats_valid_bids: the projects whose bidding closed (never a draft) and
-- their average number of valid bids. Only closed projects, so that no
-- sealed bid is ever counted. SQL because it averages a count per project.
SELECT count(*) AS closed, avg(v) AS avg_valid FROM (
    SELECT (SELECT count(*) FROM bids b WHERE b.project_id = p.id AND b.status = 'valid') AS v
    FROM projects p WHERE p.closed_at IS NOT NULL AND p.status <> 'draft'
) x
