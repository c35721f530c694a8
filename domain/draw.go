package domain

import (
	"time"

	"marketplace/domain/market"
)

// The verifiable random draw, its published input and algorithm, and the
// check of a published draw live in domain/market.

// DrawAlgorithm is published with every draw (market).
const DrawAlgorithm = market.DrawAlgorithm

// Draw is a verifiable random draw (market).
type Draw = market.Draw

// DrawInput is the published input of a project's draw (market).
func DrawInput(projectID int64, closedAt time.Time, bidIDs []int64) string {
	return market.DrawInput(projectID, closedAt, bidIDs)
}

// NewDraw computes the draw of ids from input (market).
func NewDraw(input string, ids []int64) Draw { return market.NewDraw(input, ids) }

// VerifyDraw recomputes a published draw and reports whether it matches (market).
func VerifyDraw(d Draw) error { return market.VerifyDraw(d) }

// VerifyPublishedDraw recomputes a random draw from a project as the
// public API returns it (market).
func VerifyPublishedDraw(projectJSON []byte) (*Draw, error) {
	return market.VerifyPublishedDraw(projectJSON)
}

// RankRandomDraw ranks by a verifiable draw over the valid bids (market).
func RankRandomDraw(projectID int64, closedAt time.Time, cands []Candidate) ([]RankedCandidate, Draw) {
	return market.RankRandomDraw(projectID, closedAt, cands)
}
