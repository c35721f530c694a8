package opendata

import (
	"encoding/json"
	"time"
)

// Outbox topics of the open-data mechanism (see migrations/00060_opendata.sql).
const (
	EventsTopic  = "events"
	WebhookTopic = "webhook"
	EmailTopic   = "email"
)

// Outbox draining parameters shared by every topic's drain (search and
// saved searches included): delivered rows are kept a day, failed ones are
// retried after a doubling wait.
const (
	OutboxRetention      = 24 * time.Hour
	outboxMaxBackoff     = time.Hour
	outboxInitialBackoff = 2 * time.Second
)

// OutboxBackoff is the wait before delivery attempt n+1 after n failures:
// 2 s doubling, at most an hour.
func OutboxBackoff(attempts int) time.Duration {
	d := outboxInitialBackoff
	for i := 1; i < attempts && d < outboxMaxBackoff; i++ {
		d *= 2
	}
	return min(d, outboxMaxBackoff)
}

// OutboxEntry is one row of the transactional outbox (migrations/00040_outbox.sql).
type OutboxEntry struct {
	ID            int64
	Topic         string
	Entity        string
	EntityID      int64
	Version       int64
	CreatedAt     time.Time
	Attempts      int
	NextAttemptAt time.Time
	LastError     string
	DoneAt        *time.Time
}

// OutboxMessage is an outbox row with its payload.
type OutboxMessage struct {
	OutboxEntry
	Payload json.RawMessage
	Dead    bool
}

// LeaseQuery selects the rows LeaseOutbox claims: due rows of Topic
// (next_attempt_at ≤ Now, no lease running at Now), oldest first, at most
// Limit, at most PerEntity of one entity (0: no such cap), none of the
// entities in Exclude; leased until Until.
type LeaseQuery struct {
	Topic      string
	Now, Until time.Time
	Limit      int
	PerEntity  int
	Exclude    []int64
}

// OutboxOutcome is what SettleOutbox writes to one leased row: Release
// only ends the lease; otherwise Attempts and LastError are stored and the
// row is done (Dead: dead-lettered) or due again at NextAttemptAt.
type OutboxOutcome struct {
	ID            int64
	Attempts      int
	LastError     string
	NextAttemptAt time.Time
	Done, Dead    bool
	Release       bool
}
