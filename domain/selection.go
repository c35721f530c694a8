package domain

import "time"

// The selection rules (weights, the lowest-price and composite rankings)
// live in domain/market. The random draw stays here: its stream is the
// one random inspections use (credit's DrawStream), which market may not
// import.

// RankRandomDraw ranks by a verifiable draw over the valid bids.
func RankRandomDraw(projectID int64, closedAt time.Time, cands []Candidate) ([]RankedCandidate, Draw) {
	ids := make([]int64, len(cands))
	byID := make(map[int64]Candidate, len(cands))
	for i, c := range cands {
		ids[i] = c.BidID
		byID[c.BidID] = c
	}
	d := NewDraw(DrawInput(projectID, closedAt, ids), ids)
	out := make([]RankedCandidate, len(d.Order))
	for i, id := range d.Order {
		out[i] = RankedCandidate{Candidate: byID[id], Rank: i + 1}
	}
	return out, d
}
