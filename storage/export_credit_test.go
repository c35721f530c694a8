package storage

// CreditSumsSQL is the read the full recompute cannot avoid: every
// agency's active points summed from its events (recomputeSQL's inner
// aggregate), counted instead of written. BenchmarkCreditRecompute reports
// the recompute as a multiple of it, measured in the same run.
const CreditSumsSQL = `SELECT count(*), sum(points) FROM (
	SELECT e.agency_id, sum(` + effectivePointsOverAll + `)::int AS points
	FROM credit_events e
	WHERE e.points <> 0 AND (e.expires_at IS NULL OR e.expires_at > $1) AND ` + unvoided + `
	GROUP BY e.agency_id) t`

// EffectivePoints is effectivePoints, the rule's definition, for tests
// that hold the full recompute's form of it (effectivePointsOverAll) to it;
// Unvoided is the anti-join every score computation shares.
const (
	EffectivePoints = effectivePoints
	Unvoided        = unvoided
)
