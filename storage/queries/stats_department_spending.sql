-- stats_department_spending: what each department paid per calendar year
-- and in how many payments, by year then department name. SQL because it
-- groups by the year of a date.
SELECT pay.department_id, a.name AS department,
    EXTRACT(YEAR FROM pay.paid_on)::int AS year, sum(pay.amount_fen) AS amount, count(*) AS payments
FROM payments pay JOIN accounts a ON a.id = pay.department_id
GROUP BY pay.department_id, a.name, year ORDER BY year, a.name
