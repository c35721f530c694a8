package market

import (
	"testing"

	"marketplace/domain/kernel"
)

func TestScoreMap(t *testing.T) {
	cands := []Candidate{{BidID: 1}, {BidID: 2}}
	for _, c := range []struct {
		name   string
		in     SelectionInput
		reason string
	}{
		{"ok", SelectionInput{Scores: []TechnicalScore{{1, 80}, {2, 0}}}, ""},
		{"picked agency", SelectionInput{AgencyID: 9}, "agency_id_not_allowed"},
		{"unknown bid", SelectionInput{Scores: []TechnicalScore{{3, 80}}}, "bid_not_valid"},
		{"twice", SelectionInput{Scores: []TechnicalScore{{1, 80}, {1, 70}}}, "score_duplicate"},
		{"range", SelectionInput{Scores: []TechnicalScore{{1, 101}}}, "technical_score_range"},
		{"missing", SelectionInput{Scores: []TechnicalScore{{1, 80}}}, "technical_score_missing"},
	} {
		m, err := ScoreMap(c.in, cands)
		if got := reason(err); got != c.reason {
			t.Errorf("%s: reason %q, want %q", c.name, got, c.reason)
		}
		if c.reason == "" && (m[1] != 80 || m[2] != 0 || len(m) != 2) {
			t.Errorf("%s: scores %v", c.name, m)
		}
	}
}

func TestSelectionRefusal(t *testing.T) {
	p := &Project{OwnerID: 5, OwnerRole: kernel.RoleEnterprise}
	if err := SelectionRefusal(kernel.Actor{ID: 5, Role: kernel.RoleEnterprise}, p); err != nil {
		t.Errorf("owner refused: %v", err)
	}
	if err := SelectionRefusal(kernel.Actor{ID: 6, Role: kernel.RoleDepartment}, p); err != ErrDesignationBanned {
		t.Errorf("department on an enterprise's project: %v", err)
	}
	if err := SelectionRefusal(kernel.Actor{ID: 6, Role: kernel.RoleEnterprise}, p); err != ErrSelectionRefused {
		t.Errorf("another enterprise: %v", err)
	}
}
