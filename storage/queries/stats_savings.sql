-- stats_savings: saving versus ceiling over the projects with a ceiling
-- and a result that stood (publicity over, whatever came after): their
-- number, the sums of ceilings and awarded prices, and the average saving
-- in percent. SQL because it aggregates a computed ratio.
SELECT count(*) AS awarded, COALESCE(sum(p.ceiling_fen), 0) AS ceiling_fen,
    COALESCE(sum(c.price_fen), 0) AS awarded_fen,
    avg((p.ceiling_fen - c.price_fen)::float8 / p.ceiling_fen * 100) AS avg_saving
FROM projects p JOIN project_candidates c ON c.project_id = p.id AND c.status = 'selected'
WHERE p.status IN ('awarded', 'contracted', 'delivered', 'accepted', 'completed') AND p.ceiling_fen IS NOT NULL
