package domain

import (
	"context"
	"time"
)

// CommitmentStore persists credit commitment texts and acceptances.
type CommitmentStore interface {
	// FindCommitmentTexts returns every version, newest first, optionally
	// of one kind.
	FindCommitmentTexts(ctx context.Context, kind string) ([]*CommitmentText, error)
	// FindCommitmentText returns one version (ErrCommitmentNotFound).
	FindCommitmentText(ctx context.Context, id int64) (*CommitmentText, error)
	// CurrentCommitment returns the version of kind in force, or nil.
	CurrentCommitment(ctx context.Context, kind string) (*CommitmentText, error)
	// InsertCommitmentText stores t as the next version of its kind,
	// filling in ID and Version; a conflict when another was published at
	// the same moment.
	InsertCommitmentText(ctx context.Context, t *CommitmentText, by int64) error
	// AcceptCommitment records the acceptance (once; again returns the first).
	AcceptCommitment(ctx context.Context, accountID int64, t *CommitmentText, at time.Time) (*CommitmentAcceptance, error)
	// PendingRegistrationCommitment returns the registration text in force
	// when the account has not accepted it, else nil.
	PendingRegistrationCommitment(ctx context.Context, accountID int64) (*CommitmentText, error)
	// LatestCommitmentAcceptance returns the account's latest registration
	// acceptance, or nil.
	LatestCommitmentAcceptance(ctx context.Context, accountID int64) (*CommitmentAcceptance, error)
}
