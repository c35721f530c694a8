package storage

// SetSearchWindowSlack lets tests make a broad query's first window of
// newest documents tight (0), so the fixture exercises windows that hold
// the page and windows that must widen.
func (s *DB) SetSearchWindowSlack(n int) { s.search.windowSlack = n }
