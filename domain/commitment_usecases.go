package domain

import (
	"context"

	"marketplace/domain/commitment"
)

// Commitments builds the commitments' use cases from the current store.
func (m *Marketplace) Commitments() *commitment.Book {
	return &commitment.Book{Store: m.Store, InTx: txOf(m.Store, func(s Store) commitment.Tx { return s })}
}

// AcceptRegistrationCommitment records, in the open transaction s, that
// the account accepted the registration version in force
// (commitment.AcceptRegistration).
func (m *Marketplace) AcceptRegistrationCommitment(ctx context.Context, s Store, accountID int64, version int) (*commitment.Acceptance, error) {
	return commitment.AcceptRegistration(ctx, s, accountID, version)
}
