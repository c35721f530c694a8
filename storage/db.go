// Package storage implements domain.Store on PostgreSQL with GORM. The schema
// comes only from the versioned files in migrations/, applied with goose.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"marketplace/domain"
	"marketplace/domain/searchtext"
	"marketplace/migrations"
)

// DB is the PostgreSQL store. The zero value is not usable; call Open.
type DB struct {
	db         *gorm.DB
	clock      *Clock
	search     *searchEngines // shared by every transaction's DB (storage/search.go)
	statements *statementCounter
	replicas   *replicas     // nil: every read on the primary (replica.go)
	sessions   *sessionCache // off until ListenSessions (session_cache.go)
	bids       *bidGate      // bid transactions admitted at once (bid_gate.go)
}

// poolSize is the most connections the main pool opens to the primary
// (and each replica's pool to its replica).
const poolSize = 40

// Clock lets tests move time. With no function set, Now is the database's
// clock_timestamp(), the one clock every replica shares.
type Clock struct {
	mu  sync.RWMutex
	now func() time.Time
}

// Set makes Now return f() (nil restores the database clock).
func (c *Clock) Set(f func() time.Time) {
	c.mu.Lock()
	c.now = f
	c.mu.Unlock()
}

func (c *Clock) get() func() time.Time {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.now
}

// Open connects to PostgreSQL at dsn.
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("storage: open: %w", err)
	}
	counter := &statementCounter{}
	cfg.Tracer = counter
	g, err := gorm.Open(outageDialector{postgres.New(postgres.Config{DSN: dsn, Conn: stdlib.OpenDB(*cfg)}).(*postgres.Dialector)}, &gorm.Config{
		TranslateError:         true,
		SkipDefaultTransaction: true,
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		return nil, fmt.Errorf("storage: open: %w", err)
	}
	if err := registerOutageCallback(g); err != nil {
		return nil, fmt.Errorf("storage: open: %w", err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("storage: open: %w", err)
	}
	// Queries of a request transaction find it through their context (request_tx.go).
	g.ConnPool = pool{db: sqlDB}
	g.Statement.ConnPool = g.ConnPool
	sqlDB.SetMaxOpenConns(poolSize)
	sqlDB.SetMaxIdleConns(poolSize)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("storage: ping: %w", err)
	}
	return &DB{db: g, clock: &Clock{}, search: &searchEngines{windowSlack: 100, pool: openSearchPool(cfg)}, statements: counter, sessions: newSessionCache(),
		bids: newBidGate(DefaultBidTransactions)}, nil
}

// Close closes the connection pool.
func (s *DB) Close() error {
	if s.replicas != nil {
		s.replicas.close()
	}
	s.search.pool.Close()
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping checks that both pools reach PostgreSQL: the main one and the
// searches' (search_pool.go), whose connections start with a setting a
// pooler in between could refuse.
func (s *DB) Ping(ctx context.Context) error {
	if err := s.SQL().PingContext(ctx); err != nil {
		return err
	}
	return s.search.pool.PingContext(ctx)
}

// Clock returns the clock tests can move.
func (s *DB) Clock() *Clock { return s.clock }

// SQL returns the underlying pool (health checks, metrics).
func (s *DB) SQL() *sql.DB {
	sqlDB, _ := s.db.DB()
	return sqlDB
}

func (s *DB) with(tx *gorm.DB) *DB {
	return &DB{db: tx, clock: s.clock, search: s.search, statements: s.statements, replicas: s.replicas, sessions: s.sessions, bids: s.bids}
}

// InTx runs fn in one transaction. Nested calls reuse the open transaction.
func (s *DB) InTx(ctx context.Context, fn func(domain.Store) error) error {
	if _, ok := s.db.Statement.ConnPool.(gorm.TxCommitter); ok {
		return fn(s)
	}
	if rtx := requestTx(ctx); rtx != nil {
		// A savepoint of the request transaction (request_tx.go).
		return rtx.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return fn(s.with(tx)) })
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return fn(s.with(tx)) })
}

// Now implements domain.Store.
func (s *DB) Now(ctx context.Context) (time.Time, error) {
	if f := s.clock.get(); f != nil {
		return f().UTC().Truncate(time.Microsecond), nil
	}
	var now time.Time
	if err := s.db.WithContext(ctx).Raw("SELECT clock_timestamp()").Scan(&now).Error; err != nil {
		return time.Time{}, fmt.Errorf("storage: read clock: %w", err)
	}
	return now.UTC(), nil
}

// TryLock implements domain.Store with pg_try_advisory_xact_lock: the lock
// is released when the surrounding transaction ends.
func (s *DB) TryLock(ctx context.Context, key string) (bool, error) {
	var ok bool
	err := s.db.WithContext(ctx).Raw("SELECT pg_try_advisory_xact_lock(?)", advisoryKey(key)).Scan(&ok).Error
	if err != nil {
		return false, fmt.Errorf("storage: advisory lock %s: %w", key, err)
	}
	return ok, nil
}

// advisoryKey maps a lock name to PostgreSQL's 64-bit advisory lock key.
func advisoryKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return int64(h.Sum64())
}

// Migrate applies pending migrations under goose's Postgres session lock, so
// that replicas starting together do not race.
func (s *DB) Migrate(ctx context.Context, log *slog.Logger) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("storage: migrate: %w", err)
	}
	for _, r := range results {
		if log != nil {
			log.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
		}
	}
	// The synonym rules of the search index are generated from the domain's
	// table, not written in a migration: see search_synonyms.go.
	return s.syncSearchSynonyms(ctx, searchtext.Synonyms, log)
}

// PendingMigrations reports whether the schema is behind the binary.
func (s *DB) PendingMigrations(ctx context.Context) (bool, error) {
	p, err := s.provider()
	if err != nil {
		return false, err
	}
	return p.HasPending(ctx)
}

func (s *DB) provider() (*goose.Provider, error) {
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300)) // retry every second for five minutes
	if err != nil {
		return nil, fmt.Errorf("storage: migration locker: %w", err)
	}
	// Out-of-order migrations stay off (goose's default): a database that
	// lacks a file numbered below its newest is refused with the missing
	// versions named, so that every database went through one sequence of
	// schemas. A new migration takes a number above every landed one.
	p, err := goose.NewProvider(goose.DialectPostgres, s.SQL(), migrations.FS, goose.WithSessionLocker(locker))
	if err != nil {
		return nil, fmt.Errorf("storage: migration provider: %w", err)
	}
	return p, nil
}

// formatError turns database errors into domain errors where a caller can
// act on them; notFound and conflict are the errors to use for this table.
func formatError(err error, notFound, conflict *domain.Error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound) && notFound != nil:
		return notFound
	case errors.Is(err, gorm.ErrDuplicatedKey) && conflict != nil:
		return conflict
	}
	return err
}

// constraintName returns the violated constraint of a PostgreSQL error.
func constraintName(err error) string {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.ConstraintName
	}
	return ""
}
