package domain

import (
	"context"
	"time"
)

// The evaluations' use cases are market.PostAward's
// (market/lifecycle_service.go); these forwarders build it from the
// Marketplace's current fields (postAward, lifecycle.go).

// Evaluate records the owner's rating after acceptance, within the window;
// it is a credit event for the agency and completes the project.
func (m *Marketplace) Evaluate(ctx context.Context, actor Actor, projectID int64, in EvaluationInput) (*Evaluation, error) {
	return m.postAward().Evaluate(ctx, actor, projectID, in)
}

// DefaultEvaluationsJob records the default rating for every accepted
// project whose evaluation window ended.
func (m *Marketplace) DefaultEvaluationsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.eachDue(ctx, s, DueEvaluation, now, func(p *Project, l *Lifecycle) error { return m.advanceDue(ctx, s, p, l, now) })
}

// ReplyToEvaluation is the agency's one public reply.
func (m *Marketplace) ReplyToEvaluation(ctx context.Context, actor Actor, projectID int64, reply string) (*Evaluation, error) {
	return m.postAward().ReplyToEvaluation(ctx, actor, projectID, reply)
}

// FindAgencyEvaluations is the public list of an agency's evaluations with
// its replies (shown on the agency profile).
func (m *Marketplace) FindAgencyEvaluations(ctx context.Context, agencyID int64, pg Page) (List[*Evaluation], error) {
	return m.postAward().AgencyEvaluations(ctx, agencyID, pg)
}
