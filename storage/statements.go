package storage

import (
	"context"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// statementCounter counts the SQL statements sent on a pool, BEGIN and
// COMMIT included, at the driver, so that no path (GORM, database/sql,
// raw SQL) escapes it. Tests use it to keep pages at a bounded number of
// statements whatever the data size (docs/performance.md). It also counts
// round trips: a pipeline of statements (a pgx batch) is one.
type statementCounter struct{ statements, roundTrips atomic.Int64 }

// TraceQueryStart implements pgx.QueryTracer.
func (c *statementCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.statements.Add(1)
	c.roundTrips.Add(1)
	return ctx
}

// TraceQueryEnd implements pgx.QueryTracer.
func (c *statementCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// TraceBatchStart implements pgx.BatchTracer.
func (c *statementCounter) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	c.roundTrips.Add(1)
	return ctx
}

// TraceBatchQuery implements pgx.BatchTracer.
func (c *statementCounter) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {
	c.statements.Add(1)
}

// TraceBatchEnd implements pgx.BatchTracer.
func (c *statementCounter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// Statements returns how many SQL statements this pool has sent since Open.
func (s *DB) Statements() int64 { return s.statements.statements.Load() }

// RoundTrips returns how many times this pool has waited on PostgreSQL
// since Open: once per statement, once per pipeline.
func (s *DB) RoundTrips() int64 { return s.statements.roundTrips.Load() }
