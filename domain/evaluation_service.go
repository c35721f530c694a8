package domain

import (
	"context"
	"strings"
	"time"

	"marketplace/domain/credit"
)

// ErrNotAccepted answers an evaluation outside the evaluation window.
var ErrNotAccepted = &Error{Code: ECONFLICT, Reason: "project_not_accepted", Message: "The project is not awaiting evaluation (it was evaluated already, or is not accepted yet)."}

// EvaluationInput is the owner's rating.
type EvaluationInput struct {
	Quality    int    `json:"quality"`
	Timeliness int    `json:"timeliness"`
	Attitude   int    `json:"attitude"`
	Fee        int    `json:"fee"`
	Comment    string `json:"comment"`
}

// Evaluate records the owner's rating after acceptance, within the window;
// it is a credit event for the agency and completes the project.
func (m *Marketplace) Evaluate(ctx context.Context, actor Actor, projectID int64, in EvaluationInput) (*Evaluation, error) {
	if err := Authorize(actor, ActEvaluate); err != nil {
		return nil, err
	}
	m.settle(ctx, projectID)
	e := &Evaluation{ProjectID: projectID, Quality: in.Quality, Timeliness: in.Timeliness, Attitude: in.Attitude, Fee: in.Fee,
		Comment: strings.TrimSpace(in.Comment)}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	err := m.Store.InTx(ctx, func(s Store) error {
		p, l, now, err := m.lockLifecycle(ctx, s, projectID)
		if err != nil {
			return err
		}
		if !p.IsOwner(actor) {
			return Errorf(EFORBIDDEN, "not_project_owner", "Only the project's owner evaluates the agency.")
		}
		if p.Status != ProjectAccepted {
			return ErrNotAccepted
		}
		e.AgencyID, e.CreatedAt = *l.AwardedAgencyID, now
		return m.completeWith(ctx, s, actor, p, l, e)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// recordDefaultEvaluation records the default rating (all 5, marked
// default) when the window ends unrated.
func (m *Marketplace) recordDefaultEvaluation(ctx context.Context, s Store, p *Project, l *Lifecycle, now time.Time) error {
	return m.completeWith(ctx, s, SystemActor, p, l, DefaultEvaluation(p.ID, *l.AwardedAgencyID, now))
}

// completeWith writes the evaluation and its credit event and completes the
// project.
func (m *Marketplace) completeWith(ctx context.Context, s Store, actor Actor, p *Project, l *Lifecycle, e *Evaluation) error {
	if err := s.CreateEvaluation(ctx, e, p.OwnerID); err != nil {
		return err
	}
	pid := p.ID
	points := EvaluationPoints(e.Quality, e.Timeliness, e.Attitude, e.Fee)
	if err := credit.RecordEvent(ctx, s, &CreditEvent{AgencyID: e.AgencyID, Kind: CreditEvaluation, Points: points, Source: SourceEvaluation,
		Actor: actor, Reason: evaluationReason(e), ProjectID: &pid}); err != nil {
		return err
	}
	if err := fireProject(ctx, s, p, EventEvaluate, actor); err != nil {
		return err
	}
	l.EvaluationDueAt = nil
	if err := s.SaveLifecycle(ctx, l); err != nil {
		return err
	}
	return s.AppendAudit(ctx, NewAudit(actor, "project.evaluated", "project", projectSubject(p.ID),
		map[string]any{"evaluation_id": e.ID, "quality": e.Quality, "timeliness": e.Timeliness, "attitude": e.Attitude, "fee": e.Fee,
			"default": e.IsDefault, "points": points}))
}

func evaluationReason(e *Evaluation) string {
	if e.IsDefault {
		return "Default rating: the evaluation window ended unrated."
	}
	return "Owner's evaluation after acceptance."
}

// DefaultEvaluationsJob records the default rating for every accepted
// project whose evaluation window ended.
func (m *Marketplace) DefaultEvaluationsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.eachDue(ctx, s, DueEvaluation, now, func(p *Project, l *Lifecycle) error { return m.advanceDue(ctx, s, p, l, now) })
}

// ReplyToEvaluation is the agency's one public reply.
func (m *Marketplace) ReplyToEvaluation(ctx context.Context, actor Actor, projectID int64, reply string) (*Evaluation, error) {
	if err := Authorize(actor, ActReplyEvaluation); err != nil {
		return nil, err
	}
	m.settle(ctx, projectID)
	reply, err := ValidateText("reply", reply, MaxEvaluationTextRunes)
	if err != nil {
		return nil, err
	}
	var out *Evaluation
	err = m.Store.InTx(ctx, func(s Store) error {
		if _, _, _, err := m.lockLifecycle(ctx, s, projectID); err != nil {
			return err
		}
		e, err := s.FindEvaluation(ctx, projectID, true)
		if err != nil {
			return err
		}
		if e.AgencyID != actor.ID {
			return Errorf(EFORBIDDEN, "not_evaluated_agency", "Only the evaluated agency can reply.")
		}
		if e.Reply != nil {
			return Errorf(ECONFLICT, "already_replied", "The agency has already replied to this evaluation.")
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		e.Reply, e.RepliedAt = &reply, &now
		if err := s.SaveEvaluationReply(ctx, e); err != nil {
			return err
		}
		out = e
		return s.AppendAudit(ctx, NewAudit(actor, "evaluation.replied", "project", projectSubject(projectID), map[string]any{"evaluation_id": e.ID}))
	})
	return out, err
}

// FindAgencyEvaluations is the public list of an agency's evaluations with
// its replies (shown on the agency profile).
func (m *Marketplace) FindAgencyEvaluations(ctx context.Context, agencyID int64, pg Page) (List[*Evaluation], error) {
	if err := pg.Normalize(); err != nil {
		return List[*Evaluation]{}, err
	}
	es, n, err := m.Store.FindAgencyEvaluations(ctx, agencyID, pg)
	if err != nil {
		return List[*Evaluation]{}, err
	}
	return NewList(es, n, pg), nil
}
