package domain

import (
	"context"
	"time"
)

// ReliabilityStore persists what keeps the platform trustworthy under
// failure: the scheduler's health and the closing-soon reminders (the
// idempotency keys of retried requests live in IdempotencyStore, idempotency.go).
type ReliabilityStore interface {
	// MarkClosingReminders marks every project in bidding whose close falls
	// in (from, to] and is not marked yet, and returns how many it marked.
	MarkClosingReminders(ctx context.Context, from, to, now time.Time) (int, error)
}
