package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
)

// EscalateObjectionsJob escalates every objection left unanswered past its
// deadline (SPEC §3: "or gets no answer in time"), project by project under
// the project's lock, with the code requests run (market.PostAward's
// AdvanceDue).
func (m *Marketplace) EscalateObjectionsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.eachDue(ctx, s, DueObjectionAnswer, now, func(p *market.Project, l *market.Lifecycle) error { return m.advanceDue(ctx, s, p, l, now) })
}

// CloseAnsweredObjectionsJob closes every answered objection whose
// complaint period ended without an escalation, and resumes the publicity
// it paused when nothing else is pending.
func (m *Marketplace) CloseAnsweredObjectionsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.eachDue(ctx, s, DueComplaint, now, func(p *market.Project, l *market.Lifecycle) error { return m.advanceDue(ctx, s, p, l, now) })
}
