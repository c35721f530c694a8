package domain

import "context"

type staleReadsKey struct{}

// AllowStaleReads marks ctx as serving a read that may be a few seconds
// behind the primary: public pages and lists, search, statistics and open
// data. Storage may then answer it from a streaming replica. Everything a
// decision rests on (eligibility, deadlines, awards, credit) and every write
// runs without the mark, on the primary, and so does every read inside a
// transaction.
func AllowStaleReads(ctx context.Context) context.Context {
	return context.WithValue(ctx, staleReadsKey{}, true)
}

// StaleReadsAllowed reports whether AllowStaleReads marked ctx.
func StaleReadsAllowed(ctx context.Context) bool {
	ok, _ := ctx.Value(staleReadsKey{}).(bool)
	return ok
}
