package domain

import (
	"time"

	"marketplace/domain/market"
)

// The lifecycle's stage state, the ranked candidates and their statuses,
// the evaluation and the lifecycle's errors live in domain/market, with
// the lifecycle's core (market.PostAward's LockLifecycle and AdvanceDue),
// the lifecycle view and the use cases after the award
// (market/lifecycle_service.go; Marketplace.PostAward in lifecycle_usecases.go).
// So do the published result, its rows and its rewriting after a
// candidate dropped out.

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

// The published result (projects.result) and its rows (market).
type (
	Result      = market.Result
	ResultEntry = market.ResultEntry
)

// Lifecycle errors (market).
var (
	ErrNotEvaluating = market.ErrNotEvaluating
	ErrNotAwarded    = market.ErrNotAwarded
	ErrNotPublicity  = market.ErrNotPublicity
)

// kindPoints is the fixed points of a credit event kind (domain/credit.go).
func kindPoints(kind string) int {
	p, _ := CreditPoints(kind, 0)
	return p
}
