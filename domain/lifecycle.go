package domain

import (
	"marketplace/domain/credit"
)

// The lifecycle's stage state, the ranked candidates and their statuses,
// the evaluation and the lifecycle's errors live in domain/market, with
// the lifecycle's core (market.PostAward's LockLifecycle and AdvanceDue),
// the lifecycle view and the use cases after the award
// (market/lifecycle_service.go; Marketplace.PostAward in lifecycle_usecases.go).
// So do the published result, its rows and its rewriting after a
// candidate dropped out.

// kindPoints is the fixed points of a credit event kind (domain/credit.go).
func kindPoints(kind string) int {
	p, _ := credit.Points(kind, 0)
	return p
}
