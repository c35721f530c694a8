package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
)

// Objection errors of the use cases (market).
var (
	ErrObjectionNotFound      = market.ErrObjectionNotFound
	ErrNotBidder              = market.ErrNotBidder
	ErrObjectionAlreadyRaised = market.ErrObjectionAlreadyRaised
)

// RaiseObjection is a bidder challenging the result during publicity; it
// pauses publicity (market.PostAward.RaiseObjection).
func (m *Marketplace) RaiseObjection(ctx context.Context, actor Actor, projectID int64, reason string) (*Objection, error) {
	return m.postAward().RaiseObjection(ctx, actor, projectID, reason)
}

// AnswerObjection is the owner's answer, due within the answer period
// (market.PostAward.AnswerObjection).
func (m *Marketplace) AnswerObjection(ctx context.Context, actor Actor, id int64, answer string) (*Objection, error) {
	return m.postAward().AnswerObjection(ctx, actor, id, answer)
}

// EscalateObjection is the objector turning the objection into a complaint
// (market.PostAward.EscalateObjection).
func (m *Marketplace) EscalateObjection(ctx context.Context, actor Actor, id int64) (*Objection, error) {
	return m.postAward().EscalateObjection(ctx, actor, id)
}

// DecideObjection is an admin's decision on a complaint
// (market.PostAward.DecideObjection).
func (m *Marketplace) DecideObjection(ctx context.Context, actor Actor, id int64, upheld bool, reason string) (*Objection, error) {
	return m.postAward().DecideObjection(ctx, actor, id, upheld, reason)
}

// EscalateObjectionsJob escalates every objection left unanswered past its
// deadline (SPEC §3: "or gets no answer in time"), project by project under
// the project's lock, with the code requests run (market.PostAward's
// AdvanceDue).
func (m *Marketplace) EscalateObjectionsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.eachDue(ctx, s, DueObjectionAnswer, now, func(p *Project, l *Lifecycle) error { return m.advanceDue(ctx, s, p, l, now) })
}

// CloseAnsweredObjectionsJob closes every answered objection whose
// complaint period ended without an escalation, and resumes the publicity
// it paused when nothing else is pending.
func (m *Marketplace) CloseAnsweredObjectionsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.eachDue(ctx, s, DueComplaint, now, func(p *Project, l *Lifecycle) error { return m.advanceDue(ctx, s, p, l, now) })
}

// FindObjections lists a project's objections (public: no objector).
func (m *Marketplace) FindObjections(ctx context.Context, projectID int64, pg Page) (List[*Objection], error) {
	return m.postAward().Objections(ctx, projectID, pg)
}

// FindObjection returns one objection (public: no objector).
func (m *Marketplace) FindObjection(ctx context.Context, id int64) (*Objection, error) {
	return m.postAward().Objection(ctx, id)
}

// ListComplaints lists escalated objections awaiting an admin's decision.
func (m *Marketplace) ListComplaints(ctx context.Context, actor Actor, p Page) (List[*Objection], error) {
	return m.postAward().Complaints(ctx, actor, p)
}
