package domain

import (
	"context"
	"time"

	"marketplace/domain/agency"
	"marketplace/domain/credit"
	"marketplace/domain/market"
)

// The use cases after bidding closes that have moved into domain/market
// (market.PostAward, market/lifecycle_service.go): the lifecycle's core,
// the award, objections and complaints, the explanations of abnormally
// low prices, the contract's signing and refusal, the overdue service, the deliveries, the departments' payments
// and the evaluations, the published result and the selection.
// Marketplace.PostAward builds it from the Marketplace's current fields on
// each call; the jobs run its AdvanceDue (and SelectResult) over each project
// due.

// PostAward builds the use cases after bidding closes from the
// Marketplace's current fields.
func (m *Marketplace) PostAward() *market.PostAward {
	return &market.PostAward{Store: m.Store, InTx: txOf(m.Store, m.lifecycleTx), Files: m.Files, Deadline: m.Deadline,
		Publicity: m.Periods.Publicity, Signing: m.Periods.Signing, Evaluation: m.Periods.Evaluation,
		ObjectionAnswer: m.Periods.ObjectionAnswer, Complaint: m.Periods.Complaint, LowPriceDue: m.lowPriceDue, Log: m.Log}
}

// lifecycleTx is a lifecycle use case's view of a transaction: the
// close's (a late request closes bidding first), the credit events written
// through credit, and the contract's PDF.
type lifecycleTx struct {
	closeTx
	m *Marketplace
}

func (m *Marketplace) lifecycleTx(s Store) market.LifecycleTx { return lifecycleTx{closeTx{s}, m} }

// RecordCreditEvent records ev with credit.RecordEvent, with the points of
// its kind (of its rating, for an evaluation), and returns them.
func (t lifecycleTx) RecordCreditEvent(ctx context.Context, ev market.CreditEvent) (int, error) {
	points := kindPoints(ev.Kind)
	if r := ev.Rating; r != nil {
		points = credit.EvaluationPoints(r.Quality, r.Timeliness, r.Attitude, r.Fee)
	}
	pid := ev.ProjectID
	return points, credit.RecordEvent(ctx, t.Store, &credit.Event{AgencyID: ev.AgencyID, Kind: ev.Kind, Points: points, Source: ev.Source,
		Actor: ev.Actor, Reason: ev.Reason, ProjectID: &pid})
}

// AgencyCreditScores maps each agency to its credit score, in one read
// (FindAgencyCredits); an agency missing is ErrAgencyNotFound.
func (t lifecycleTx) AgencyCreditScores(ctx context.Context, ids []int64) (map[int64]int, error) {
	credits, err := t.FindAgencyCredits(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]int, len(credits))
	for _, id := range ids {
		cr, ok := credits[id]
		if !ok {
			return nil, agency.ErrNotFound
		}
		out[id] = cr.CreditScore
	}
	return out, nil
}

// RenderContract makes, stages and signs the contract's PDF
// (renderContract, contract_document.go).
func (t lifecycleTx) RenderContract(ctx context.Context, p *market.Project, k *market.Contract) (market.StagedDocument, error) {
	return t.m.renderContract(ctx, t.Store, p, k)
}

// WriteInbox writes the notice to each account of to, in-app only.
func (t lifecycleTx) WriteInbox(ctx context.Context, n market.AgencyNotice, to []int64) error {
	_, err := t.CreateNotifications(ctx, notificationOf(n), to)
	return err
}

// SigningKeyID names the key of a base64 public key.
func (lifecycleTx) SigningKeyID(publicKey string) string { return SigningKeyID(publicKey) }

// lockLifecycle locks the project row and reads its stage state, first
// applying any time-driven transition already due
// (market.PostAward.LockLifecycle).
func (m *Marketplace) lockLifecycle(ctx context.Context, s Store, id int64) (*market.Project, *market.Lifecycle, time.Time, error) {
	return m.PostAward().LockLifecycle(ctx, m.lifecycleTx(s), id)
}

// settle commits, in a transaction of its own, any time-driven transition
// already due on the project (market.PostAward.Settle).
func (m *Marketplace) settle(ctx context.Context, id int64) {
	m.PostAward().Settle(ctx, id)
}

// startPublicity makes c the selected candidate and opens a full publicity
// period for it (market.PostAward.StartPublicity).
func (m *Marketplace) startPublicity(ctx context.Context, s Store, p *market.Project, l *market.Lifecycle, c *market.ProjectCandidate, ev market.Event,
	actor Actor, now time.Time) error {
	return m.PostAward().StartPublicity(ctx, m.lifecycleTx(s), p, l, c, ev, actor, now)
}

// dropCandidate takes the selected candidate out and promotes the next
// waiting one, or fails the project (market.PostAward.DropCandidate).
func (m *Marketplace) dropCandidate(ctx context.Context, s Store, actor Actor, p *market.Project, l *market.Lifecycle, status, reason string, now time.Time) error {
	return m.PostAward().DropCandidate(ctx, m.lifecycleTx(s), actor, p, l, status, reason, now)
}

// advanceDue applies the time-driven transitions due on a locked project
// (market.PostAward.AdvanceDue); the jobs call it.
func (m *Marketplace) advanceDue(ctx context.Context, s Store, p *market.Project, l *market.Lifecycle, now time.Time) error {
	return m.PostAward().AdvanceDue(ctx, m.lifecycleTx(s), p, l, now)
}

// EndPublicityBatch awards the next batch of projects whose publicity ran
// out (job end_publicity; dueBatch). Paused publicity (an objection
// pending) has no end time and is not due.
func (m *Marketplace) EndPublicityBatch(ctx context.Context, s Store, now time.Time) (int, bool, error) {
	return m.dueBatch(ctx, s, DuePublicity, now, func(p *market.Project, l *market.Lifecycle) error { return m.advanceDue(ctx, s, p, l, now) })
}

// ExpireSigningBatch handles the next batch of awards whose signing period
// passed (job expire_signing; dueBatch).
func (m *Marketplace) ExpireSigningBatch(ctx context.Context, s Store, now time.Time) (int, bool, error) {
	return m.dueBatch(ctx, s, DueSigning, now, func(p *market.Project, l *market.Lifecycle) error { return m.advanceDue(ctx, s, p, l, now) })
}

// FlagOverdueBatch flags the next batch of contracted projects past their
// service deadline (job flag_overdue; dueBatch).
func (m *Marketplace) FlagOverdueBatch(ctx context.Context, s Store, now time.Time) (int, bool, error) {
	return m.dueBatch(ctx, s, DueService, now, func(p *market.Project, l *market.Lifecycle) error { return m.advanceDue(ctx, s, p, l, now) })
}

// DefaultEvaluationsBatch records the default rating for the next batch
// of accepted projects whose evaluation window ended (job
// default_evaluations; dueBatch).
func (m *Marketplace) DefaultEvaluationsBatch(ctx context.Context, s Store, now time.Time) (int, bool, error) {
	return m.dueBatch(ctx, s, DueEvaluation, now, func(p *market.Project, l *market.Lifecycle) error { return m.advanceDue(ctx, s, p, l, now) })
}

// DeclineContract is the awarded agency refusing the contract; it returns
// the project's public view.
func (m *Marketplace) DeclineContract(ctx context.Context, actor Actor, projectID int64, reason string) (*market.Project, error) {
	p, err := m.PostAward().DeclineContract(ctx, actor, projectID, reason)
	if err != nil {
		return nil, err
	}
	return m.publicView(p), nil
}
