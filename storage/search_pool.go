package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"

	"marketplace/domain"
)

// A search's statements run on connections of their own whose sessions
// start with plan_cache_mode = force_generic_plan, so that PostgreSQL
// plans a statement text once per connection instead of at every call. A
// search sends two to six statements with a tsquery parameter; by default
// PostgreSQL plans them again for each call (the generic plan looks
// costlier than one made for the values), about 0.5 ms a statement at a
// million projects, most of it estimating the tsquery against the
// document index's statistics. The generic plans use the same indexes
// whatever the values: the sample's modulus, the limits, the page and the
// sort are written into each statement's text, and only the tsquery and
// a window's position are parameters (TestSearch_GenericPlansUseTheIndexes).
// (A text that carries a query's own values, such as its common bigrams'
// LIKE list or a later page, is still planned at its first use on each
// connection.) The setting is a startup parameter of the connection, so a
// search costs no statement for it; a pooler in between must pass it on
// (PgBouncer: track_extra_parameters, docs/scaling.md), and Ping fails
// when it refuses it. Measured in docs/search.md. Every other statement
// keeps plans made for its values.
var searchSessionParams = map[string]string{"plan_cache_mode": "force_generic_plan"}

// searchPoolSize bounds each search pool: searches are short reads, and
// the connections count against PostgreSQL's max_connections beside the
// main pool's.
const searchPoolSize = 10

// openSearchPool opens a pool to the server of cfg for searches only.
func openSearchPool(cfg *pgx.ConnConfig) *sql.DB {
	c := cfg.Copy()
	for k, v := range searchSessionParams {
		c.RuntimeParams[k] = v
	}
	db := stdlib.OpenDB(*c)
	db.SetMaxOpenConns(searchPoolSize)
	db.SetMaxIdleConns(searchPoolSize)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return db
}

// pinnedSetting marks a statement whose pool was chosen before it ran (a
// search's): the replica routing leaves it there (replica.go).
const pinnedSetting = "marketplace:pinned_pool"

// onSearchPool is s with its statements on a search pool, chosen as
// pin chooses for other reads (replica.go): a healthy replica's when the
// request allows stale reads, the primary's otherwise. Inside a
// transaction (a request's, or InTx) a search runs there, as it is, so
// that it sees the transaction's own writes.
func (s *DB) onSearchPool(ctx context.Context) *DB {
	if _, ok := s.db.Statement.ConnPool.(gorm.TxCommitter); ok || requestTx(ctx) != nil {
		return s
	}
	var p gorm.ConnPool = s.search.pool
	if r := s.replicas; r != nil && domain.StaleReadsAllowed(ctx) {
		if rp := r.pick(); rp != nil {
			r.routed.Inc()
			p = rp.search
		} else {
			r.fallback.Inc()
		}
	}
	db := s.db.Session(&gorm.Session{Context: ctx})
	db.Statement.ConnPool = p
	db.Statement.Settings.Store(pinnedSetting, struct{}{})
	return s.with(db)
}
