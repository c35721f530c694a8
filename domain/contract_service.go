package domain

import (
	"context"
	"time"
)

// EndPublicityJob awards every project whose publicity ran out. Paused
// publicity (an objection pending) has no end time and is not due.
func (m *Marketplace) EndPublicityJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.eachDue(ctx, s, DuePublicity, now, func(p *Project, l *Lifecycle) error { return m.advanceDue(ctx, s, p, l, now) })
}

// ExpireSigningJob handles every award whose signing period passed.
func (m *Marketplace) ExpireSigningJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.eachDue(ctx, s, DueSigning, now, func(p *Project, l *Lifecycle) error { return m.advanceDue(ctx, s, p, l, now) })
}

// The contract's signing and refusal are market.PostAward's
// (market/contracts_service.go), with the award that draws the contract
// up and the missed signing period (market/lifecycle_service.go).

// SignContract records the signature of the owner or the awarded agency.
func (m *Marketplace) SignContract(ctx context.Context, actor Actor, projectID int64) (*Contract, error) {
	return m.postAward().SignContract(ctx, actor, projectID)
}

// DeclineContract is the awarded agency refusing the contract; it returns
// the project's public view.
func (m *Marketplace) DeclineContract(ctx context.Context, actor Actor, projectID int64, reason string) (*Project, error) {
	p, err := m.postAward().DeclineContract(ctx, actor, projectID, reason)
	if err != nil {
		return nil, err
	}
	return m.publicView(p), nil
}

// FindContract returns a project's contract (public: its terms are the
// published result's).
func (m *Marketplace) FindContract(ctx context.Context, projectID int64) (*Contract, error) {
	return m.postAward().Contract(ctx, projectID)
}
