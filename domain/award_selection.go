package domain

import (
	"context"
	"errors"
)

// SelectionInput is the owner's part of a selection: technical scores per
// bid (composite) or the picked agency (direct).
type SelectionInput struct {
	Scores   []TechnicalScore `json:"scores"`
	AgencyID int64            `json:"agency_id"`
}

// TechnicalScore is the owner's technical score of one bid (0–100).
type TechnicalScore struct {
	BidID int64 `json:"bid_id"`
	Score int   `json:"score"`
}

// ErrSelectionRefused is the answer to a selection by anyone but the owner;
// a department acting on an enterprise's project gets its own reason (不得指定).
var (
	ErrSelectionRefused  = &Error{Code: EFORBIDDEN, Reason: "not_project_owner", Message: "Only the project's owner can enter its selection."}
	ErrDesignationBanned = &Error{Code: EFORBIDDEN, Reason: "designation_forbidden", Message: "A government department cannot select, recommend or designate an agency on an enterprise's project (不得指定); the attempt has been recorded."}
)

// Select records the owner's selection on an evaluating project: composite
// scores, or the enterprise's direct pick. Anyone else is refused, and the
// refusal is audited in a transaction of its own (the refused request
// changes nothing else).
//
// It asks no Authorize: every role that is not the owner is refused by
// selectionRefusal, and audited (a department designating an agency is what
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
		if refusal := selectionRefusal(actor, p); refusal != nil {
			return refusal
		}
		if p.Status != ProjectEvaluating {
			return ErrNotEvaluating
		}
		if held, err := lowPriceHeld(ctx, s, p, now); err != nil {
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
			scores, err := scoreMap(in, cands)
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

// selectionRefusal returns why actor may not select on p, or nil.
func selectionRefusal(actor Actor, p *Project) error {
	if actor.Role == RoleDepartment && p.OwnerRole == RoleEnterprise {
		return ErrDesignationBanned
	}
	if !p.IsOwner(actor) {
		return ErrSelectionRefused
	}
	return nil
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

// scoreMap checks that every valid bid has exactly one score 0–100.
func scoreMap(in SelectionInput, cands []Candidate) (map[int64]int, error) {
	if in.AgencyID != 0 {
		return nil, FieldError("agency_id", "agency_id_not_allowed", "A composite project takes technical scores, not a picked agency.")
	}
	valid := map[int64]bool{}
	for _, c := range cands {
		valid[c.BidID] = true
	}
	out := map[int64]int{}
	for _, sc := range in.Scores {
		if !valid[sc.BidID] {
			return nil, FieldError("scores", "bid_not_valid", "Bid %d is not a valid bid of this project.", sc.BidID)
		}
		if _, dup := out[sc.BidID]; dup {
			return nil, FieldError("scores", "score_duplicate", "Bid %d is scored twice.", sc.BidID)
		}
		if sc.Score < 0 || sc.Score > 100 {
			return nil, FieldError("scores", "technical_score_range", "Technical scores are 0 to 100 (bid %d has %d).", sc.BidID, sc.Score)
		}
		out[sc.BidID] = sc.Score
	}
	for _, c := range cands {
		if _, ok := out[c.BidID]; !ok {
			return nil, FieldError("scores", "technical_score_missing", "Bid %d has no technical score: every valid bid needs one.", c.BidID)
		}
	}
	return out, nil
}
