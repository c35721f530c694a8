package domain_test

import (
	"testing"

	"marketplace/domain"
	"marketplace/domain/market"
)

func TestAvoidAllowance(t *testing.T) {
	for _, tc := range []struct{ field, want int }{
		{0, 3}, {4, 3}, {39, 3}, {40, 4}, {45, 4}, {100, 10}, {10000, 1000},
	} {
		if got := market.AvoidAllowance(tc.field); got != tc.want {
			t.Errorf("AvoidAllowance(%d) = %d, want %d", tc.field, got, tc.want)
		}
	}
}

func TestNewProject_AvoidReasons(t *testing.T) {
	tests := []struct {
		name   string
		entry  market.Avoid
		code   string // stored reason_code, or "" when refused
		reason string // error reason when refused
	}{
		{"code without text", market.Avoid{AgencyID: 9, ReasonCode: market.AvoidKinshipShareholding}, market.AvoidKinshipShareholding, ""},
		{"text without code reads as other", market.Avoid{AgencyID: 9, Reason: "股东关联"}, market.AvoidOther, ""},
		{"other needs text", market.Avoid{AgencyID: 9, ReasonCode: market.AvoidOther, Reason: " "}, "", "avoid_reason_required"},
		{"unknown code", market.Avoid{AgencyID: 9, ReasonCode: "rival"}, "", "avoid_reason_unknown"},
		{"no agency", market.Avoid{ReasonCode: market.AvoidAffiliation}, "", "avoid_agency"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := validInput()
			in.Avoid = []market.Avoid{tc.entry}
			p, err := market.NewProject(enterprise, in)
			if tc.code == "" {
				if e, ok := domain.AsError(err); !ok || e.Reason != tc.reason {
					t.Fatalf("err = %v, want %s", err, tc.reason)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got, want := p.Avoid[0].ReasonCode, tc.code; got != want {
				t.Errorf("reason_code = %q, want %q", got, want)
			}
		})
	}
}

func TestDepartmentTies(t *testing.T) {
	for _, tc := range []struct {
		ties domain.DepartmentTies
		want bool
	}{
		{domain.DepartmentTies{}, false},
		{domain.DepartmentTies{OwnProject: true}, true},
		{domain.DepartmentTies{HoldsProject: true}, true},
		{domain.DepartmentTies{CouldCompete: true}, true},
	} {
		if got := tc.ties.NeedsSecondDepartment(); got != tc.want {
			t.Errorf("%+v: %v, want %v", tc.ties, got, tc.want)
		}
	}
}

func TestProject_CheckAvoidShareAndField(t *testing.T) {
	avoid := func(n int) []market.Avoid {
		out := make([]market.Avoid, n)
		for i := range out {
			out[i] = market.Avoid{AgencyID: int64(i + 1), ReasonCode: market.AvoidAffiliation}
		}
		return out
	}
	tests := []struct {
		name    string
		entries int
		minBids int
		field   market.Field
		reason  string
	}{
		{"three of four, one left", 3, 2, market.Field{Open: 4, Eligible: 1}, "field_too_narrow"},
		{"four of five", 4, 1, market.Field{Open: 5, Eligible: 1}, "avoid_too_many"},
		{"four of forty", 4, 3, market.Field{Open: 40, Eligible: 36}, ""},
		{"five of forty", 5, 3, market.Field{Open: 40, Eligible: 35}, "avoid_too_many"},
		{"no list, a qualification one agency holds", 0, 2, market.Field{Open: 1, Eligible: 1}, "field_too_narrow"},
		{"exactly min_bids", 0, 2, market.Field{Open: 2, Eligible: 2}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := &market.Project{Avoid: avoid(tc.entries), MinBids: tc.minBids}
			err := p.CheckAvoidShare(tc.field)
			if err == nil {
				err = p.CheckFieldWide(tc.field)
			}
			got := ""
			if e, ok := domain.AsError(err); ok {
				got = e.Reason
			}
			if got != tc.reason {
				t.Errorf("reason = %q, want %q", got, tc.reason)
			}
		})
	}
}
