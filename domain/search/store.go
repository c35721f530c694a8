package search

import (
	"context"
	"time"

	"marketplace/domain/kernel"
	"marketplace/domain/opendata"
)

// Engine is the search port: the engine that answers queries (the
// PostgreSQL engine by default, Meilisearch for large deployments).
type Engine interface {
	// Search answers a validated query (see Parse).
	Search(ctx context.Context, q *Query) (*Result, error)
	// SearchEngineName names the engine answering Search ("postgres", "meilisearch").
	SearchEngineName() string
	// ReindexSearch rebuilds every search document from the source tables
	// (and the external engine's indexes), reporting progress.
	ReindexSearch(ctx context.Context, progress ReindexProgress) error
}

// Outbox is the transactional outbox that keeps an external engine in
// sync, as the sync_search job sees it in its transaction.
type Outbox interface {
	// ClaimOutbox locks up to limit due, undelivered rows of topic
	// (FOR UPDATE SKIP LOCKED), oldest first.
	ClaimOutbox(ctx context.Context, topic string, now time.Time, limit int) ([]*OutboxEntry, error)
	// CompleteOutbox marks rows delivered.
	CompleteOutbox(ctx context.Context, ids []int64, now time.Time) error
	// RetryOutbox records a failed delivery: attempts, last_error and
	// next_attempt_at as set on e.
	RetryOutbox(ctx context.Context, e *OutboxEntry) error
	// PruneOutbox deletes rows of topic delivered before t.
	PruneOutbox(ctx context.Context, topic string, before time.Time) (int, error)

	// SyncSearchDocs pushes the current documents named by the entries to
	// the external engine (deletes those that are gone). It is idempotent:
	// it always sends the latest version, so a replayed entry is harmless.
	// The PostgreSQL engine has nothing to push (its documents are updated
	// by triggers in the writing transaction). It returns how many
	// documents it sent.
	SyncSearchDocs(ctx context.Context, entries []*OutboxEntry) (int, error)
}

// Store is what the search use cases read outside a transaction: the
// engine and the saved searches.
type Store interface {
	Engine
	SavedStore
}

// SavedTx is the saved-search use cases' view of a transaction: their
// store, the clock, the audit log and the catalogue (another context).
type SavedTx interface {
	SavedStore
	kernel.Auditor
	// ItemExists reports whether the catalogue has a service item code
	// (abolished ones included: a search may follow an old item).
	ItemExists(ctx context.Context, code string) (bool, error)
}

// MatchTx is the saved-search matching job's view of its transaction: the
// outbox topic it drains and the matches it records.
type MatchTx interface {
	SavedStore
	PruneOutbox(ctx context.Context, topic string, before time.Time) (int, error)
	ClaimOutboxMessages(ctx context.Context, topic string, now time.Time, limit int) ([]*opendata.OutboxMessage, error)
	CompleteOutbox(ctx context.Context, ids []int64, now time.Time) error
}

// OutboxEntry is one row of the transactional outbox; the outbox belongs
// to domain/opendata, which drains its own topics.
type OutboxEntry = opendata.OutboxEntry

// ReindexProgress is told how far a reindex has come: stage names the
// index ("projects", "agencies"), done of total rows.
type ReindexProgress func(stage string, done, total int)
