-- names_find: the titles of some projects and the names of some accounts,
-- in one statement (UNION ALL), for a page that shows both; kind tells
-- them apart ('p' a project, 'a' an account).
-- Named parameters: projects, accounts (id lists).
SELECT 'p' AS kind, id, title AS name FROM projects WHERE id IN @projects
UNION ALL
SELECT 'a', id, name FROM accounts WHERE id IN @accounts
