-- notice_interested_agencies: the agencies told of an amendment, each once
-- and in id order: those that bid on the project and those that asked a
-- question on it (答疑), since both relied on the notice as it was. A UNION
-- of two tables, which GORM's builder does not write.
-- Parameter: project, the project's id.
SELECT agency_id FROM bids WHERE project_id = @project
UNION
SELECT q.asker_id FROM questions q JOIN accounts a ON a.id = q.asker_id AND a.role = 'agency'
WHERE q.project_id = @project
ORDER BY 1
