package domain

import (
	"context"
	"time"
)

// directPick checks the enterprise's pick for a direct project: the agency
// must have made a valid offer and still be eligible now. It becomes the only
// candidate; it accepts by signing the contract, or declines.
func (m *Marketplace) directPick(ctx context.Context, s Store, p *Project, in SelectionInput, cands []Candidate, now time.Time) ([]RankedCandidate, error) {
	if len(in.Scores) > 0 {
		return nil, FieldError("scores", "scores_not_allowed", "A direct project takes the picked agency_id, not scores.")
	}
	if in.AgencyID <= 0 {
		return nil, FieldError("agency_id", "agency_id_required", "Name the agency you pick (agency_id).")
	}
	var pick *Candidate
	for i := range cands {
		if cands[i].AgencyID == in.AgencyID {
			pick = &cands[i]
		}
	}
	if pick == nil {
		return nil, FieldError("agency_id", "agency_not_offered", "Agency %d made no valid offer on this project.", in.AgencyID)
	}
	f, err := s.FindAgencyFacts(ctx, in.AgencyID, p, now)
	if err != nil {
		return nil, err
	}
	if err := EligibilityError(p, f, now); err != nil {
		e, _ := AsError(err)
		return nil, &Error{Code: ECONFLICT, Reason: e.Reason, Field: "agency_id", Message: "The agency is no longer eligible: " + e.Message}
	}
	return []RankedCandidate{{Candidate: *pick, Rank: 1}}, nil
}
