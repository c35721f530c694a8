package commitment

import (
	"context"
	"time"

	"marketplace/domain/kernel"
)

// Store persists credit commitment texts and acceptances.
type Store interface {
	// FindCommitmentTexts returns every version, newest first, optionally
	// of one kind.
	FindCommitmentTexts(ctx context.Context, kind string) ([]*Text, error)
	// FindCommitmentText returns one version (ErrNotFound).
	FindCommitmentText(ctx context.Context, id int64) (*Text, error)
	// CurrentCommitment returns the version of kind in force, or nil.
	CurrentCommitment(ctx context.Context, kind string) (*Text, error)
	// InsertCommitmentText stores t as the next version of its kind,
	// filling in ID and Version; a conflict when another was published at
	// the same moment.
	InsertCommitmentText(ctx context.Context, t *Text, by int64) error
	// AcceptCommitment records the acceptance (once; again returns the first).
	AcceptCommitment(ctx context.Context, accountID int64, t *Text, at time.Time) (*Acceptance, error)
	// PendingRegistrationCommitment returns the registration text in force
	// when the account has not accepted it, else nil.
	PendingRegistrationCommitment(ctx context.Context, accountID int64) (*Text, error)
	// LatestCommitmentAcceptance returns the account's latest registration
	// acceptance, or nil.
	LatestCommitmentAcceptance(ctx context.Context, accountID int64) (*Acceptance, error)
}

// Tx is a commitment's transaction: the store, the clock and the audit log.
type Tx interface {
	Store
	kernel.Auditor
}
