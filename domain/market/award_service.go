package market

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"marketplace/domain/kernel"
)

// AwardStore is what publishing a result reads and writes besides the
// stage state and the candidates.
type AwardStore interface {
	// FindBids lists the project's bids.
	FindBids(ctx context.Context, projectID int64) ([]*Bid, error)
	// AgencyCreditScores maps each agency to its current credit score, in
	// one read whatever their number; an agency it cannot find is an error.
	AgencyCreditScores(ctx context.Context, agencyIDs []int64) (map[int64]int, error)
	// FindAgencyFacts reads what eligibility needs to know about the agency
	// on p at now.
	FindAgencyFacts(ctx context.Context, agencyID int64, p *Project, now time.Time) (*AgencyFacts, error)
	// SaveResult writes the published result (projects.result).
	SaveResult(ctx context.Context, projectID int64, r *Result) error
}

// AutoSelected reports whether the platform ranks the method's bids alone,
// without the owner (composite waits for technical scores, direct for the
// enterprise's pick).
func AutoSelected(method string) bool {
	return method == MethodLowestPrice || method == MethodRandomDraw || method == MethodReverseAuction
}

// SelectResult publishes the ranked result of an evaluating project whose
// method the platform ranks alone (lowest price, random draw, reverse
// auction), once no abnormally low price waits for its decision; the
// selection job runs it on each due project, locked. Any other project is
// left as it is, so a second run changes nothing.
func (pa *PostAward) SelectResult(ctx context.Context, s LifecycleTx, p *Project, l *Lifecycle, now time.Time) error {
	if p.Status != ProjectEvaluating || !AutoSelected(p.Method) {
		return nil
	}
	if held, err := LowPriceHeld(ctx, s, p, now); err != nil || held {
		return err
	}
	cands, names, err := validCandidates(ctx, s, p)
	if err != nil {
		return err
	}
	ranked, d, err := rankFor(p, cands, nil)
	if err != nil {
		return err
	}
	return pa.publishRanking(ctx, s, kernel.SystemActor, p, l, ranked, names, d, now)
}

// Select records the owner's selection on an evaluating project: composite
// scores, or the enterprise's direct pick. Anyone else is refused, and the
// refusal is audited in a transaction of its own (the refused request
// changes nothing else). It returns the project as stored.
//
// It asks no Authorize: every role that is not the owner is refused by
// SelectionRefusal, and audited (a department designating an agency is
// what 不得指定 forbids, whatever its route).
func (pa *PostAward) Select(ctx context.Context, actor kernel.Actor, projectID int64, in SelectionInput) (*Project, error) {
	if len(in.Scores) > MaxTechnicalScoreInputs {
		return nil, kernel.FieldError("scores", "scores_too_many", "At most %d technical scores.", MaxTechnicalScoreInputs)
	}
	pa.Settle(ctx, projectID)
	var out *Project
	err := pa.InTx(ctx, func(s LifecycleTx) error {
		p, l, now, err := pa.LockLifecycle(ctx, s, projectID)
		if err != nil {
			return err
		}
		if refusal := SelectionRefusal(actor, p); refusal != nil {
			return refusal
		}
		if p.Status != ProjectEvaluating {
			return ErrNotEvaluating
		}
		if held, err := LowPriceHeld(ctx, s, p, now); err != nil {
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
			scores, err := ScoreMap(in, cands)
			if err != nil {
				return err
			}
			if ranked, _, err = rankFor(p, cands, scores); err != nil {
				return err
			}
		case MethodDirect:
			if ranked, err = directPick(ctx, s, p, in, cands, now); err != nil {
				return err
			}
		default:
			return kernel.Errorf(kernel.ECONFLICT, "selection_automatic", "The %s method is ranked by the platform; there is nothing to enter.", p.Method)
		}
		if err := pa.publishRanking(ctx, s, actor, p, l, ranked, names, nil, now); err != nil {
			return err
		}
		out, err = s.FindProjectByID(ctx, projectID, NoLock)
		return err
	})
	var e *kernel.Error
	if errors.As(err, &e) && (e == ErrSelectionRefused || e == ErrDesignationBanned) {
		pa.auditRefusal(ctx, actor, projectID, e.Reason, in)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// auditRefusal records a refused selection attempt in a transaction of its
// own. The refusal reaches the client whatever happens here; a client that
// hangs up does not cancel the audit; and an audit that fails anyway is
// logged at error level with the request id, so that the attempt (a
// department designating an agency is what 不得指定 forbids) can still be
// traced and recorded by hand.
func (pa *PostAward) auditRefusal(ctx context.Context, actor kernel.Actor, projectID int64, reason string, in SelectionInput) {
	actx := context.WithoutCancel(ctx)
	err := pa.InTx(actx, func(s LifecycleTx) error {
		return s.AppendAudit(actx, kernel.NewAudit(actor, "selection.refused", "project", ProjectSubject(projectID),
			map[string]any{"reason": reason, "actor_role": actor.Role, "agency_id": in.AgencyID, "scores": len(in.Scores)}))
	})
	if err != nil {
		log := pa.Log
		if log == nil {
			log = slog.Default()
		}
		log.ErrorContext(ctx, "refused selection not audited", "err", err, "request_id", kernel.RequestID(ctx),
			"project_id", projectID, "actor_id", actor.ID, "actor_role", actor.Role, "reason", reason, "agency_id", in.AgencyID)
	}
}

// validCandidates returns the valid bids of a project as selection
// candidates, with each agency's current credit score, and their names.
func validCandidates(ctx context.Context, s LifecycleTx, p *Project) ([]Candidate, map[int64]string, error) {
	bids, err := s.FindBids(ctx, p.ID)
	if err != nil {
		return nil, nil, err
	}
	var valid []*Bid
	var ids []int64
	for _, b := range bids {
		if b.Status == BidValid {
			valid, ids = append(valid, b), append(ids, b.AgencyID)
		}
	}
	// One read for every candidate's score: the statements of an award do
	// not grow with its bids.
	credit, err := s.AgencyCreditScores(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	var out []Candidate
	names := map[int64]string{}
	for _, b := range valid {
		out = append(out, Candidate{BidID: b.ID, AgencyID: b.AgencyID, Price: b.Price, CreditScore: credit[b.AgencyID], SubmittedAt: b.SubmittedAt})
		names[b.AgencyID] = b.AgencyName
	}
	return out, names, nil
}

// rankFor ranks the candidates by the project's method. scores are the
// owner's technical scores (composite only).
func rankFor(p *Project, cands []Candidate, scores map[int64]int) ([]RankedCandidate, *Draw, error) {
	switch p.Method {
	case MethodLowestPrice, MethodReverseAuction:
		return RankLowestPrice(cands), nil, nil
	case MethodRandomDraw:
		// The closing time in the seed is the project's public deadline
		// (closes_at), so anyone can rebuild the input from the project.
		r, d := RankRandomDraw(p.ID, p.ClosesAt, cands)
		return r, &d, nil
	case MethodComposite:
		for i := range cands {
			if v, ok := scores[cands[i].BidID]; ok {
				cands[i].Technical = &v
			}
		}
		r, err := RankComposite(*p.Weights, cands)
		return r, nil, err
	}
	return nil, nil, ErrNotEvaluating
}

// directPick checks the enterprise's pick for a direct project: the agency
// must have made a valid offer and still be eligible now. It becomes the
// only candidate; it accepts by signing the contract, or declines.
func directPick(ctx context.Context, s LifecycleTx, p *Project, in SelectionInput, cands []Candidate, now time.Time) ([]RankedCandidate, error) {
	if len(in.Scores) > 0 {
		return nil, kernel.FieldError("scores", "scores_not_allowed", "A direct project takes the picked agency_id, not scores.")
	}
	if in.AgencyID <= 0 {
		return nil, kernel.FieldError("agency_id", "agency_id_required", "Name the agency you pick (agency_id).")
	}
	var pick *Candidate
	for i := range cands {
		if cands[i].AgencyID == in.AgencyID {
			pick = &cands[i]
		}
	}
	if pick == nil {
		return nil, kernel.FieldError("agency_id", "agency_not_offered", "Agency %d made no valid offer on this project.", in.AgencyID)
	}
	f, err := s.FindAgencyFacts(ctx, in.AgencyID, p, now)
	if err != nil {
		return nil, err
	}
	if err := EligibilityError(p, f, now); err != nil {
		e, _ := kernel.AsError(err)
		return nil, &kernel.Error{Code: kernel.ECONFLICT, Reason: e.Reason, Field: "agency_id", Message: "The agency is no longer eligible: " + e.Message}
	}
	return []RankedCandidate{{Candidate: *pick, Rank: 1}}, nil
}

// publishRanking writes the candidates and the public result and opens
// publicity for the first; the caller holds the project row.
func (pa *PostAward) publishRanking(ctx context.Context, s LifecycleTx, actor kernel.Actor, p *Project, l *Lifecycle, ranked []RankedCandidate,
	names map[int64]string, d *Draw, now time.Time) error {
	if len(ranked) == 0 {
		if err := Fire(ctx, s, p, EventSelectNone, actor); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "project.failed", "project", ProjectSubject(p.ID), map[string]any{"reason": "no valid bid"}))
	}
	r := &Result{Method: p.Method, Weights: p.Weights, PublishedAt: now}
	cs := make([]*ProjectCandidate, len(ranked))
	for i, rc := range ranked {
		bid := rc.BidID
		c := &ProjectCandidate{ProjectID: p.ID, Rank: rc.Rank, AgencyID: rc.AgencyID, AgencyName: names[rc.AgencyID],
			Price: rc.Price, Score: rc.Score, Status: CandidateWaiting}
		if bid != 0 {
			c.BidID = &bid
		}
		cs[i] = c
		e := ResultEntry{Rank: rc.Rank, BidID: c.BidID, AgencyID: rc.AgencyID, AgencyName: c.AgencyName, Price: rc.Price,
			Score: rc.Score, PriceScore: rc.PriceScore, TechnicalScore: rc.Technical, Status: CandidateWaiting}
		if p.Method == MethodComposite || p.Method == MethodLowestPrice {
			credit := rc.CreditScore
			e.CreditScore = &credit
		}
		if i == 0 {
			e.Status = CandidateSelected
			r.AgencyID, r.AgencyName, r.Price = rc.AgencyID, c.AgencyName, rc.Price
		}
		r.Ranking = append(r.Ranking, e)
	}
	if d != nil {
		r.Draw, r.Seed = d, d.Seed
	}
	lows, err := s.FindLowPriceBids(ctx, p.ID, false)
	if err != nil {
		return err
	}
	r.LowPrices = lows
	if err := s.CreateCandidates(ctx, cs); err != nil {
		return err
	}
	if err := s.SaveResult(ctx, p.ID, r); err != nil {
		return err
	}
	if err := pa.StartPublicity(ctx, s, p, l, cs[0], EventSelect, actor, now); err != nil {
		return err
	}
	return s.AppendAudit(ctx, kernel.NewAudit(actor, "project.result_published", "project", ProjectSubject(p.ID),
		map[string]any{"method": p.Method, "agency_id": r.AgencyID, "price": r.Price, "candidates": len(cs),
			"seed": r.Seed, "publicity_ends_at": l.PublicityEndsAt}))
}

// refreshResult rewrites the statuses and the selected agency in the
// published result after a candidate dropped out.
func refreshResult(ctx context.Context, s LifecycleTx, p *Project, cs []*ProjectCandidate) error {
	r, err := ParseResult(p.Result)
	if err != nil || r == nil {
		return err
	}
	byRank := map[int]*ProjectCandidate{}
	for _, c := range cs {
		byRank[c.Rank] = c
	}
	r.AgencyID, r.AgencyName, r.Price = 0, "", 0
	for i := range r.Ranking {
		if c := byRank[r.Ranking[i].Rank]; c != nil {
			r.Ranking[i].Status = c.Status
			if c.Status == CandidateSelected {
				r.AgencyID, r.AgencyName, r.Price = c.AgencyID, c.AgencyName, c.Price
			}
		}
	}
	return s.SaveResult(ctx, p.ID, r)
}
