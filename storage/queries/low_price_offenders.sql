-- low_price_offenders: the agencies whose abnormally low prices were
-- rejected (or left unexplained) at least min times since a moment, each
-- with the projects concerned, in id order and joined by commas, and the
-- region where most of them were. It needs PostgreSQL's array_agg with an
-- ORDER BY and the ordered-set aggregate mode().
-- Parameters: since, the earliest decision counted; min, the fewest
-- rejections that make an offender.
SELECT l.agency_id, count(*) AS rejections,
    array_to_string(array_agg(l.project_id ORDER BY l.project_id), ',') AS project_ids,
    mode() WITHIN GROUP (ORDER BY p.region) AS region
FROM low_price_bids l JOIN projects p ON p.id = l.project_id
WHERE l.status IN ('rejected', 'missing') AND l.decided_at >= @since
GROUP BY l.agency_id HAVING count(*) >= @min
ORDER BY l.agency_id
