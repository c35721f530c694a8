package domain

import (
	"context"
	"encoding/json"
	"time"

	"marketplace/domain/market"
)

// ParseResult decodes a published result (nil when there is none).
func ParseResult(raw json.RawMessage) (*Result, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var r Result
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, Errorf(EINTERNAL, "result_corrupt", "The stored result cannot be read: %v", err)
	}
	return &r, nil
}

// AutoSelected reports whether the platform ranks the method's bids alone,
// without the owner (composite waits for technical scores, direct for the
// enterprise's pick).
func AutoSelected(method string) bool {
	return method == MethodLowestPrice || method == MethodRandomDraw || method == MethodReverseAuction
}

// validCandidates returns the valid bids of a project as selection
// candidates, with each agency's current credit score, and their names.
func validCandidates(ctx context.Context, s Store, p *Project) ([]Candidate, map[int64]string, error) {
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
	credit, err := s.FindAgencyCredits(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	var out []Candidate
	names := map[int64]string{}
	for _, b := range valid {
		cr, ok := credit[b.AgencyID]
		if !ok {
			return nil, nil, ErrAgencyNotFound
		}
		out = append(out, Candidate{BidID: b.ID, AgencyID: b.AgencyID, Price: b.Price, CreditScore: cr.CreditScore, SubmittedAt: b.SubmittedAt})
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
				v := v
				cands[i].Technical = &v
			}
		}
		r, err := RankComposite(*p.Weights, cands)
		return r, nil, err
	}
	return nil, nil, ErrNotEvaluating
}

// publishRanking writes the candidates and the public result and opens
// publicity for the first; the caller holds the project row.
func (m *Marketplace) publishRanking(ctx context.Context, s Store, actor Actor, p *Project, l *Lifecycle, ranked []RankedCandidate,
	names map[int64]string, d *Draw, now time.Time) error {
	if len(ranked) == 0 {
		if err := fireProject(ctx, s, p, EventSelectNone, actor); err != nil {
			return err
		}
		return s.AppendAudit(ctx, NewAudit(actor, "project.failed", "project", projectSubject(p.ID), map[string]any{"reason": "no valid bid"}))
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
	if err := m.startPublicity(ctx, s, p, l, cs[0], EventSelect, actor, now); err != nil {
		return err
	}
	return s.AppendAudit(ctx, NewAudit(actor, "project.result_published", "project", projectSubject(p.ID),
		map[string]any{"method": p.Method, "agency_id": r.AgencyID, "price": r.Price, "candidates": len(cs),
			"seed": r.Seed, "publicity_ends_at": l.PublicityEndsAt}))
}

// SelectResultsJob publishes the ranked result of every evaluating project
// whose method the platform ranks alone (lowest price, random draw, reverse
// auction). Rows are locked FOR UPDATE SKIP LOCKED; a project already
// published is no longer evaluating, so a second run changes nothing.
func (m *Marketplace) SelectResultsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.eachDue(ctx, s, DueSelection, now, func(p *Project, l *Lifecycle) error {
		if p.Status != ProjectEvaluating || !AutoSelected(p.Method) {
			return nil
		}
		if held, err := market.LowPriceHeld(ctx, s, p, now); err != nil || held {
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
		return m.publishRanking(ctx, s, SystemActor, p, l, ranked, names, d, now)
	})
}

// LifecycleBatchSize is how many projects a lifecycle job takes per batch.
const LifecycleBatchSize = 100

// eachDue runs fn on every project due for stage, batch by batch, each
// project locked and its stage state read.
func (m *Marketplace) eachDue(ctx context.Context, s Store, stage string, now time.Time, fn func(*Project, *Lifecycle) error) (int, error) {
	total := 0
	for {
		ids, err := s.FindProjectsDue(ctx, stage, now, LifecycleBatchSize)
		if err != nil {
			return total, err
		}
		for _, id := range ids {
			p, err := s.FindProjectByID(ctx, id, LockUpdate)
			if err != nil {
				return total, err
			}
			l, err := s.FindLifecycle(ctx, id)
			if err != nil {
				return total, err
			}
			if err := fn(p, l); err != nil {
				return total, err
			}
		}
		total += len(ids)
		if len(ids) < LifecycleBatchSize {
			return total, nil
		}
	}
}
