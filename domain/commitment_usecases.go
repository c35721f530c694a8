package domain

import (
	"context"

	"marketplace/domain/commitment"
)

// Credit commitments (信用承诺) live in domain/commitment. These aliases
// keep the names api/, web/, storage/ and the use cases here write.
type (
	CommitmentText       = commitment.Text
	CommitmentTexts      = commitment.Texts
	CommitmentAcceptance = commitment.Acceptance
	CommitmentVersion    = commitment.Version
	// CommitmentStore persists commitment texts and acceptances.
	CommitmentStore = commitment.Store
)

// Commitment kinds and the text's limit.
const (
	CommitmentRegistration = commitment.Registration
	CommitmentBidding      = commitment.Bidding
	CommitmentTextMax      = commitment.TextMax
)

// Commitment errors (commitment.ErrNotFound, ErrRequired, ErrPending).
var (
	ErrCommitmentNotFound = commitment.ErrNotFound
	ErrCommitmentRequired = commitment.ErrRequired
	ErrCommitmentPending  = commitment.ErrPending
)

// CommitmentDigest is the hex SHA-256 of a commitment text, as published.
func CommitmentDigest(text string) string { return commitment.Digest(text) }

// Commitments builds the commitments' use cases from the current store.
func (m *Marketplace) Commitments() *commitment.Book {
	return &commitment.Book{Store: m.Store, InTx: txOf(m.Store, func(s Store) commitment.Tx { return s })}
}

// AcceptRegistrationCommitment records, in the open transaction s, that
// the account accepted the registration version in force
// (commitment.AcceptRegistration).
func (m *Marketplace) AcceptRegistrationCommitment(ctx context.Context, s Store, accountID int64, version int) (*CommitmentAcceptance, error) {
	return commitment.AcceptRegistration(ctx, s, accountID, version)
}
