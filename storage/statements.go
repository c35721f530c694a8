package storage

import (
	"context"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// statementCounter counts the SQL statements sent on a pool, BEGIN and
// COMMIT included, at the driver, so that no path (GORM, database/sql,
// raw SQL) escapes it. Tests use it to keep pages at a bounded number of
// statements whatever the data size (docs/performance.md).
type statementCounter struct{ n atomic.Int64 }

// TraceQueryStart implements pgx.QueryTracer.
func (c *statementCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}

// TraceQueryEnd implements pgx.QueryTracer.
func (c *statementCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// Statements returns how many SQL statements this pool has sent since Open.
func (s *DB) Statements() int64 { return s.statements.n.Load() }
