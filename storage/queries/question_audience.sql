-- question_audience: the accounts told of a published answer, each once
-- and in id order: the agencies that bid on the project and everyone who
-- asked a question on it. A UNION of two tables, which GORM's builder does
-- not write.
-- Parameter: project, the project's id.
SELECT agency_id FROM bids WHERE project_id = @project
UNION
SELECT asker_id FROM questions WHERE project_id = @project
ORDER BY 1
