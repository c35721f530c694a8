package storage

import (
	"context"
	"database/sql"

	"gorm.io/gorm"

	"marketplace/domain"
)

// A request transaction (InRequestTx) wraps everything one HTTP request does,
// so that its answer can be stored in the same commit as its action
// (idempotent retries, domain.Marketplace.Idempotent). The code that runs
// inside it is the ordinary code: the use cases call InTx, which becomes a
// savepoint of the request transaction (an error still undoes exactly what
// that InTx did), and the reads they make outside InTx go through the pool,
// which sends a query whose context carries a request transaction to that
// transaction, so the request reads what it wrote.

type requestTxKey struct{}

// requestTx returns the request transaction ctx carries, if any.
func requestTx(ctx context.Context) *gorm.DB {
	tx, _ := ctx.Value(requestTxKey{}).(*gorm.DB)
	return tx
}

// InRequestTx implements domain.Store: fn runs with a context that carries
// one transaction, committed when fn returns nil and rolled back otherwise.
func (s *DB) InRequestTx(ctx context.Context, fn func(ctx context.Context, s domain.Store) error) error {
	if requestTx(ctx) != nil {
		return fn(ctx, s)
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(context.WithValue(ctx, requestTxKey{}, tx), s.with(tx))
	})
}

// pool is the connection pool behind the root DB: a query whose context
// carries a request transaction runs in it, any other on the pool.
type pool struct{ db *sql.DB }

func (p pool) conn(ctx context.Context) gorm.ConnPool {
	if tx := requestTx(ctx); tx != nil {
		return tx.Statement.ConnPool
	}
	return p.db
}

func (p pool) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return p.conn(ctx).PrepareContext(ctx, query)
}

func (p pool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.conn(ctx).ExecContext(ctx, query, args...)
}

func (p pool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return p.conn(ctx).QueryContext(ctx, query, args...)
}

func (p pool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return p.conn(ctx).QueryRowContext(ctx, query, args...)
}

// BeginTx starts a transaction of its own; InTx never gets here inside a
// request transaction (it takes a savepoint instead).
func (p pool) BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error) {
	return p.db.BeginTx(ctx, opts)
}

// GetDBConn lets gorm's DB() find the *sql.DB (pool settings, Close, health).
func (p pool) GetDBConn() (*sql.DB, error) { return p.db, nil }
