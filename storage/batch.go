package storage

// insertBatch is the most rows one INSERT carries when a use case writes a
// list (avoid list, candidates, inspection targets): one statement for the
// usual few rows, and a bound on the parameters of a rare long list
// (PostgreSQL allows 65,535 per statement).
const insertBatch = 500
