package domain

import (
	"context"
	"errors"

	"marketplace/domain/market"
)

// The selection's input, its refusals and the score check live in
// domain/market; the use case stays here.

// The owner's part of a selection (market).
type (
	SelectionInput = market.SelectionInput
	TechnicalScore = market.TechnicalScore
)

// Refusals of a selection (market).
var (
	ErrSelectionRefused  = market.ErrSelectionRefused
	ErrDesignationBanned = market.ErrDesignationBanned
)

// Select records the owner's selection on an evaluating project: composite
// scores, or the enterprise's direct pick. Anyone else is refused, and the
// refusal is audited in a transaction of its own (the refused request
// changes nothing else).
//
// It asks no Authorize: every role that is not the owner is refused by
// market.SelectionRefusal, and audited (a department designating an agency is what
// 不得指定 forbids, whatever its route).
func (m *Marketplace) Select(ctx context.Context, actor Actor, projectID int64, in SelectionInput) (*Project, error) {
	if len(in.Scores) > MaxTechnicalScoreInputs {
		return nil, FieldError("scores", "scores_too_many", "At most %d technical scores.", MaxTechnicalScoreInputs)
	}
	m.settle(ctx, projectID)
	var out *Project
	err := m.Store.InTx(ctx, func(s Store) error {
		p, l, now, err := m.lockLifecycle(ctx, s, projectID)
		if err != nil {
			return err
		}
		if refusal := market.SelectionRefusal(actor, p); refusal != nil {
			return refusal
		}
		if p.Status != ProjectEvaluating {
			return ErrNotEvaluating
		}
		if held, err := market.LowPriceHeld(ctx, s, p, now); err != nil {
			return err
		} else if held {
			return ErrLowPriceUndecided
		}
		cands, names, err := validCandidates(ctx, s, p)
		if err != nil {
			return err
		}
		var ranked []RankedCandidate
		switch p.Method {
		case MethodComposite:
			scores, err := market.ScoreMap(in, cands)
			if err != nil {
				return err
			}
			if ranked, _, err = rankFor(p, cands, scores); err != nil {
				return err
			}
		case MethodDirect:
			if ranked, err = m.directPick(ctx, s, p, in, cands, now); err != nil {
				return err
			}
		default:
			return Errorf(ECONFLICT, "selection_automatic", "The %s method is ranked by the platform; there is nothing to enter.", p.Method)
		}
		if err := m.publishRanking(ctx, s, actor, p, l, ranked, names, nil, now); err != nil {
			return err
		}
		out, err = s.FindProjectByID(ctx, projectID, NoLock)
		return err
	})
	var e *Error
	if errors.As(err, &e) && (e == ErrSelectionRefused || e == ErrDesignationBanned) {
		m.auditRefusal(ctx, actor, projectID, e.Reason, in)
	}
	if err != nil {
		return nil, err
	}
	return m.publicView(out), nil
}

// auditRefusal records a refused selection attempt in a transaction of its
// own. The refusal reaches the client whatever happens here; a client that
// hangs up does not cancel the audit; and an audit that fails anyway is
// logged at error level with the request id, so that the attempt (a
// department designating an agency is what 不得指定 forbids) can still be
// traced and recorded by hand.
func (m *Marketplace) auditRefusal(ctx context.Context, actor Actor, projectID int64, reason string, in SelectionInput) {
	actx := context.WithoutCancel(ctx)
	err := m.Store.InTx(actx, func(s Store) error {
		return s.AppendAudit(actx, NewAudit(actor, "selection.refused", "project", projectSubject(projectID),
			map[string]any{"reason": reason, "actor_role": actor.Role, "agency_id": in.AgencyID, "scores": len(in.Scores)}))
	})
	if err != nil {
		m.logger().ErrorContext(ctx, "refused selection not audited", "err", err, "request_id", RequestID(ctx),
			"project_id", projectID, "actor_id", actor.ID, "actor_role", actor.Role, "reason", reason, "agency_id", in.AgencyID)
	}
}
