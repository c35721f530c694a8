package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
)

// EscalateObjectionsBatch escalates the next batch of objections left
// unanswered past their deadline (SPEC §3: "or gets no answer in time"),
// project by project under the project's lock, with the code requests run
// (market.PostAward's AdvanceDue); job escalate_objections, dueBatch.
func (m *Marketplace) EscalateObjectionsBatch(ctx context.Context, s Store, now time.Time) (int, bool, error) {
	return m.dueBatch(ctx, s, DueObjectionAnswer, now, func(p *market.Project, l *market.Lifecycle) error { return m.advanceDue(ctx, s, p, l, now) })
}

// CloseAnsweredObjectionsBatch closes the next batch of answered
// objections whose complaint period ended without an escalation, and
// resumes the publicity it paused when nothing else is pending (job
// close_answered_objections; dueBatch).
func (m *Marketplace) CloseAnsweredObjectionsBatch(ctx context.Context, s Store, now time.Time) (int, bool, error) {
	return m.dueBatch(ctx, s, DueComplaint, now, func(p *market.Project, l *market.Lifecycle) error { return m.advanceDue(ctx, s, p, l, now) })
}
