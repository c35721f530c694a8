-- agency_open_engagements: what keeps an agency from exiting, in project
-- order: its submitted bids on projects still bidding, and the projects
-- awarded to it that are not yet completed (an award until the contract,
-- a contract after). Two sources, one list: UNION ALL.
-- Named parameter: id (the agency).
SELECT p.id AS project_id, 'bid' AS kind, p.status FROM bids b JOIN projects p ON p.id = b.project_id
 WHERE b.agency_id = @id AND b.status = 'submitted' AND p.status = 'bidding'
UNION ALL
SELECT id, CASE WHEN status IN ('publicity', 'awarded') THEN 'award' ELSE 'contract' END, status FROM projects
 WHERE awarded_agency_id = @id AND status IN ('publicity', 'awarded', 'contracted', 'delivered', 'accepted')
ORDER BY project_id
