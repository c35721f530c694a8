package domain

import (
	"context"
	"time"
)

// award ends a publicity that ran out with no objection pending: the project
// is awarded and the contract is drawn up for both parties to sign within
// the signing period.
func (m *Marketplace) award(ctx context.Context, s Store, p *Project, l *Lifecycle, now time.Time) error {
	cs, err := s.FindCandidates(ctx, p.ID)
	if err != nil {
		return err
	}
	c := selectedCandidate(cs)
	if c == nil {
		return Errorf(EINTERNAL, "no_selected_candidate", "Project %d is in publicity without a selected candidate.", p.ID)
	}
	days := p.ServiceDays
	if b, err := s.FindBid(ctx, p.ID, c.AgencyID); err == nil {
		days = b.ServiceDays
	} else if ErrorCode(err) != ENOTFOUND {
		return err
	}
	k := &Contract{ProjectID: p.ID, OwnerID: p.OwnerID, AgencyID: c.AgencyID, Price: c.Price, ServiceDays: days, StartDate: ShanghaiDate(now)}
	if err := s.SaveContract(ctx, k); err != nil {
		return err
	}
	due := m.Deadline(m.Periods.Signing, now)
	if err := fireProject(ctx, s, p, EventAward, SystemActor); err != nil {
		return err
	}
	l.PublicityEndsAt, l.PublicityRemaining, l.SigningDueAt = nil, nil, &due
	if err := s.SaveLifecycle(ctx, l); err != nil {
		return err
	}
	return s.AppendAudit(ctx, NewAudit(SystemActor, "project.awarded", "project", projectSubject(p.ID),
		map[string]any{"agency_id": c.AgencyID, "price": c.Price, "service_days": days, "signing_due_at": due}))
}

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
// (market/contracts_service.go), with the missed signing period; the
// award that draws the contract up stays here.

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
