package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"

	"marketplace/domain"
)

// A bid's transaction waits on PostgreSQL once per round trip, and on a
// loaded server that wait is most of a bid's time (docs/performance.md);
// an auction bid holds the auction's row lock, which the next bid waits
// for, from its first round trip to its last. InBidTx sends BEGIN in one
// pipeline with the transaction's first statements (the project lock and
// the bidder, LockProjectForBidder), and COMMIT in
// one pipeline with the statements the transaction deferred to its end
// (the bid's writes, RecordBid, and its receipt, SaveBidReceipt).
// Everything else in the transaction runs as in InTx, on the same
// connection.

// pipelineTx is the GORM connection pool of one bid transaction: a
// connection of its own on which BEGIN is not sent until a statement
// needs it. It is a gorm.TxCommitter so that GORM, dbresolver and InTx
// all see a transaction (nested InTx calls run in it; reads stay on the
// primary).
type pipelineTx struct {
	conn     *sql.Conn
	begun    bool
	deferred []deferredStatement
}

// deferredStatement is a statement sent with COMMIT; scan reads its row,
// or rows its rows.
type deferredStatement struct {
	sql  string
	args []any
	scan func(pgx.Row) error
	rows func(pgx.Rows) error
}

// errBidTxEnds is what Commit and Rollback answer: the transaction ends
// in InBidTx, which owns the connection.
var errBidTxEnds = errors.New("storage: a bid transaction ends in InBidTx")

// InBidTx implements domain.BidStore.
func (s *DB) InBidTx(ctx context.Context, fn func(domain.Store) error) (err error) {
	if _, ok := s.db.Statement.ConnPool.(gorm.TxCommitter); ok || requestTx(ctx) != nil {
		// Inside a transaction already: no BEGIN or COMMIT to save.
		return s.InTx(ctx, fn)
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return fmt.Errorf("storage: bid transaction: %w", err)
	}
	// Wait for a turn before taking a connection (bid_gate.go).
	if err := s.bids.enter(ctx); err != nil {
		return err
	}
	defer s.bids.leave()
	c, err := sqlDB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("storage: bid transaction: %w", outage(err))
	}
	t := &pipelineTx{conn: c}
	defer func() {
		// A panic, an error or a failed COMMIT leave the transaction
		// open: roll it back, or throw the connection away when even
		// that fails, so that the pool never lends a connection inside a
		// transaction.
		if p := recover(); p != nil {
			t.release(ctx, true)
			panic(p)
		}
		t.release(ctx, err != nil)
	}()
	tx := s.db.WithContext(ctx).Session(&gorm.Session{NewDB: true})
	tx.Statement.ConnPool = t
	if err = fn(s.with(tx)); err != nil {
		return err
	}
	return t.commit(ctx)
}

// pipelineOf returns the bid transaction s runs in, or nil.
func (s *DB) pipelineOf() *pipelineTx {
	t, _ := s.db.Statement.ConnPool.(*pipelineTx)
	return t
}

// begin sends BEGIN on its own: a statement other than the first one of a
// bid came first.
func (t *pipelineTx) begin(ctx context.Context) error {
	if t.begun {
		return nil
	}
	if _, err := t.conn.ExecContext(ctx, "BEGIN"); err != nil {
		return fmt.Errorf("storage: begin: %w", outage(err))
	}
	t.begun = true
	return nil
}

// queryFirst sends the statements queue queues in one pipeline, after
// BEGIN when the transaction has not begun. PostgreSQL runs them one after
// the other, each in a snapshot of its own, and skips the rest after an
// error; the first error is returned.
func (t *pipelineTx) queryFirst(ctx context.Context, queue func(*pgx.Batch)) error {
	return t.conn.Raw(func(dc any) error {
		b := &pgx.Batch{}
		if !t.begun {
			b.Queue("BEGIN")
		}
		queue(b)
		t.begun = true // sent: whatever the answer, the connection may be in a transaction
		return dc.(*stdlib.Conn).Conn().SendBatch(ctx, b).Close()
	})
}

// deferToCommit queues a write that nothing in the transaction reads
// back; it is sent with COMMIT, and its failure rolls everything back.
func (t *pipelineTx) deferToCommit(query string, args []any, scan func(pgx.Row) error) {
	t.deferred = append(t.deferred, deferredStatement{sql: query, args: args, scan: scan})
}

// deferReadToCommit queues a read sent with COMMIT, after the deferred
// writes: it sees them, under the transaction's locks.
func (t *pipelineTx) deferReadToCommit(query string, args []any, rows func(pgx.Rows) error) {
	t.deferred = append(t.deferred, deferredStatement{sql: query, args: args, rows: rows})
}

// commit sends the deferred writes and COMMIT in one pipeline. PostgreSQL
// skips the rest of a pipeline after an error, so a failed write leaves
// the transaction open and aborted, for release to roll back.
func (t *pipelineTx) commit(ctx context.Context) error {
	if !t.begun && len(t.deferred) == 0 {
		return nil // nothing was sent
	}
	return t.conn.Raw(func(dc any) error {
		b := &pgx.Batch{}
		if !t.begun {
			b.Queue("BEGIN")
		}
		for _, d := range t.deferred {
			q := b.Queue(d.sql, d.args...)
			if d.scan != nil {
				q.QueryRow(d.scan)
			} else if d.rows != nil {
				q.Query(d.rows)
			}
		}
		b.Queue("COMMIT")
		t.begun = true
		err := dc.(*stdlib.Conn).Conn().SendBatch(ctx, b).Close()
		t.deferred = nil
		var refused *domain.Error
		if errors.As(err, &refused) {
			return err // a deferred write's own answer (a bid past the deadline)
		} else if err != nil {
			return fmt.Errorf("storage: commit: %w", outage(err))
		}
		return nil
	})
}

// release returns the connection to the pool, outside any transaction.
func (t *pipelineTx) release(ctx context.Context, rollback bool) {
	defer t.conn.Close()
	_ = t.conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		if rollback && t.begun && !pc.IsClosed() {
			// Rolled back even if ctx is done (the request may be gone):
			// the connection goes back to the pool either way.
			if _, err := pc.Exec(context.WithoutCancel(ctx), "ROLLBACK"); err != nil {
				return driver.ErrBadConn
			}
		}
		if pc.IsClosed() || pc.PgConn().TxStatus() != 'I' {
			return driver.ErrBadConn // discarded, never lent inside a transaction
		}
		return nil
	})
}

// The gorm.ConnPool of the transaction: every statement after BEGIN.

func (t *pipelineTx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	if err := t.begin(ctx); err != nil {
		return nil, err
	}
	return t.conn.PrepareContext(ctx, query)
}

func (t *pipelineTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := t.begin(ctx); err != nil {
		return nil, err
	}
	return t.conn.ExecContext(ctx, query, args...)
}

func (t *pipelineTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := t.begin(ctx); err != nil {
		return nil, err
	}
	return t.conn.QueryContext(ctx, query, args...)
}

// QueryRowContext has no error to return before the row: when BEGIN
// fails, the statement is not sent outside the transaction but asked of a
// context that is already done, so that the row carries the failure.
func (t *pipelineTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if err := t.begin(ctx); err != nil {
		done, cancel := context.WithCancel(ctx)
		cancel()
		return t.conn.QueryRowContext(done, query, args...)
	}
	return t.conn.QueryRowContext(ctx, query, args...)
}

// Commit implements gorm.TxCommitter; InBidTx commits.
func (t *pipelineTx) Commit() error { return errBidTxEnds }

// Rollback implements gorm.TxCommitter; InBidTx rolls back.
func (t *pipelineTx) Rollback() error { return errBidTxEnds }
