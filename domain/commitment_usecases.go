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

// commitments builds the commitments' use cases from the current store.
func (m *Marketplace) commitments() *commitment.Book {
	return &commitment.Book{Store: m.Store, InTx: txOf(m.Store, func(s Store) commitment.Tx { return s })}
}

// ListCommitments returns every published version (public), optionally of
// one kind.
func (m *Marketplace) ListCommitments(ctx context.Context, kind string) (*CommitmentTexts, error) {
	return m.commitments().List(ctx, kind)
}

// PublishCommitment publishes a new version of a commitment text (admins).
func (m *Marketplace) PublishCommitment(ctx context.Context, actor Actor, kind, text string) (*CommitmentText, error) {
	return m.commitments().Publish(ctx, actor, kind, text)
}

// AcceptRegistrationCommitment records, in the open transaction s, that
// the account accepted the registration version in force
// (commitment.AcceptRegistration).
func (m *Marketplace) AcceptRegistrationCommitment(ctx context.Context, s Store, accountID int64, version int) (*CommitmentAcceptance, error) {
	return commitment.AcceptRegistration(ctx, s, accountID, version)
}

// AcceptCommitment is an existing account accepting the registration text
// in force, by its id.
func (m *Marketplace) AcceptCommitment(ctx context.Context, actor Actor, textID int64) (*CommitmentAcceptance, error) {
	return m.commitments().Accept(ctx, actor, textID)
}

// PendingRegistrationCommitment returns the registration text in force when
// the actor has not accepted it, else nil.
func (m *Marketplace) PendingRegistrationCommitment(ctx context.Context, actor Actor) (*CommitmentText, error) {
	return m.commitments().Pending(ctx, actor)
}

// SignedCommitment returns the account's latest registration acceptance.
func (m *Marketplace) SignedCommitment(ctx context.Context, accountID int64) (*CommitmentAcceptance, error) {
	return m.commitments().Signed(ctx, accountID)
}
