package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
)

// The lifecycle's stage state, the ranked candidates and their statuses,
// the evaluation and the lifecycle's errors live in domain/market, with
// the lifecycle's core (market.PostAward's LockLifecycle and AdvanceDue),
// the lifecycle view and the use cases after the award
// (market/lifecycle_service.go; the forwarders are lifecycle_usecases.go).
// The published result stays here (it carries the random draw), and so
// does refreshResult, which rewrites it after a candidate dropped out.

// Candidate statuses (market).
const (
	CandidateWaiting      = market.CandidateWaiting
	CandidateSelected     = market.CandidateSelected
	CandidateDisqualified = market.CandidateDisqualified
	CandidateDeclined     = market.CandidateDeclined
	CandidateLapsed       = market.CandidateLapsed
)

// The stage state and the ranked candidates (market).
type (
	Lifecycle        = market.Lifecycle
	ProjectCandidate = market.ProjectCandidate
	LifecycleView    = market.LifecycleView
)

// The owner's evaluation and its default (market).
type (
	Evaluation      = market.Evaluation
	EvaluationInput = market.EvaluationInput
)

// DefaultRating is recorded on every dimension when the owner lets the
// evaluation window pass (market).
const DefaultRating = market.DefaultRating

// ErrNotAccepted answers an evaluation outside the evaluation window (market).
var ErrNotAccepted = market.ErrNotAccepted

// DefaultEvaluation is the rating recorded when the window ends unrated (market).
func DefaultEvaluation(projectID, agencyID int64, now time.Time) *Evaluation {
	return market.DefaultEvaluation(projectID, agencyID, now)
}

// ResultEntry is one row of the published ranking.
type ResultEntry struct {
	Rank           int    `json:"rank"`
	BidID          *int64 `json:"bid_id"`
	AgencyID       int64  `json:"agency_id"`
	AgencyName     string `json:"agency_name"`
	Price          Money  `json:"price"`
	CreditScore    *int   `json:"credit_score,omitempty"`
	TechnicalScore *int   `json:"technical_score,omitempty"`
	// PriceScore is the price part of a composite score (lowest valid
	// price ÷ this price × 100), published so that the sum can be redone.
	PriceScore *float64 `json:"price_score,omitempty"`
	Score      *float64 `json:"score,omitempty"`
	Status     string   `json:"status"`
}

// Result is the public result of a project (projects.result): everything
// needed to check the award — method, ranking, scores or the draw.
type Result struct {
	Method     string        `json:"method"`
	AgencyID   int64         `json:"agency_id"`
	AgencyName string        `json:"agency_name"`
	Price      Money         `json:"price"`
	Ranking    []ResultEntry `json:"ranking"`
	Weights    *Weights      `json:"weights,omitempty"`
	Seed       string        `json:"seed,omitempty"`
	Draw       *Draw         `json:"draw,omitempty"`
	// LowPrices are the abnormally low bids with their explanations and
	// the owner's decisions (docs/credit.md).
	LowPrices   []*LowPriceBid `json:"low_prices,omitempty"`
	PublishedAt time.Time      `json:"published_at"`
}

// Lifecycle errors (market).
var (
	ErrNotEvaluating = market.ErrNotEvaluating
	ErrNotAwarded    = market.ErrNotAwarded
	ErrNotPublicity  = market.ErrNotPublicity
)

// refreshResult rewrites the statuses and the selected agency in the
// published result after a candidate dropped out.
func refreshResult(ctx context.Context, s Store, p *Project, cs []*ProjectCandidate) error {
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

// kindPoints is the fixed points of a credit event kind (domain/credit.go).
func kindPoints(kind string) int {
	p, _ := CreditPoints(kind, 0)
	return p
}
