package domain

import (
	"time"

	"marketplace/domain/market"
)

// The owner's evaluation after acceptance, its checks and its default
// live in domain/market, with the evaluations' use cases
// (market.PostAward, market/lifecycle_service.go).

// Evaluations (market).
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
